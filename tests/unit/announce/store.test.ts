import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inputToJson } from '../../../src/lib/announce/share.ts';
import { alertListJson } from '../../../src/lib/announce/alert-list.ts';
import { catalogue, sampleInput } from './support.ts';

/** A storage the store reads at import time, and that `keepAside` writes to, as a browser's localStorage would be. */
function fakeStorage(initial: Record<string, string>) {
  const data: Record<string, string> = { ...initial };
  return {
    data,
    getItem: (k: string) => data[k] ?? null,
    setItem: (k: string, v: string) => void (data[k] = v),
    removeItem: (k: string) => void delete data[k],
  };
}

async function loadStore(saved: Record<string, string>) {
  vi.resetModules();
  const storage = fakeStorage(saved);
  vi.stubGlobal('localStorage', storage);
  const store = await import('../../../src/stores/announce.ts');
  const backups = await import('../../../src/stores/announce-backups.ts');
  return { store, backups, storage };
}

describe('the last announcement, kept in the browser', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('comes back as it was saved', async () => {
    const { store } = await loadStore({ 'plainsec:announce:v1': inputToJson(sampleInput()) });
    expect(store.$lastAnnouncement.get()).toEqual(sampleInput());
    expect(store.$announceProblem.get()).toBeUndefined();
  });

  it('when unreadable, is not thrown at the page: the problem is said and the saved text kept aside', async () => {
    const { store, storage } = await loadStore({ 'plainsec:announce:v1': '{"v":1,"what":' });
    expect(store.$lastAnnouncement.get()).toBeUndefined();
    expect(store.$announceProblem.get()).toMatch(/could not be loaded.*plainsec:announce:v1:unreadable/);
    expect(storage.data['plainsec:announce:v1:unreadable']).toBe('{"v":1,"what":');
  });

  it('saves a new announcement, and says so plainly when the browser cannot', async () => {
    const { store, storage } = await loadStore({});
    expect(await store.keepAnnouncement(sampleInput())).toBe(true);
    expect(storage.data['plainsec:announce:v1']).toBe(inputToJson(sampleInput()));
    // Full for the announcement itself: its backup fits, then is taken back, as nothing was replaced.
    const keep = storage.setItem;
    storage.setItem = (k: string, v: string) => {
      if (k === 'plainsec:announce:v1') throw new DOMException('full', 'QuotaExceededError');
      keep(k, v);
    };
    expect(await store.keepAnnouncement(sampleInput({ what: 'another' }))).toBe(false);
    expect(store.$announceProblem.get()).toMatch(/could not keep this announcement/);
    expect(store.$lastAnnouncement.get()).toEqual(sampleInput());
    expect(storage.data['plainsec:announce:v1']).toBe(inputToJson(sampleInput()));
    expect(storage.data['plainsec:announce:v1:backup']).toBeUndefined();
  });

  it('keeps the user’s own rules, and a file that cannot be read leaves the loaded ones as they were', async () => {
    const { store } = await loadStore({});
    expect(await store.loadOwnAlerts(alertListJson([catalogue[2]!]), 'a.json')).toBeUndefined();
    expect(store.$ownAlerts.get().map((a) => a.id)).toEqual(['iam-user-created']);
    expect(await store.loadOwnAlerts('not json', 'b.json')).toMatch(/not an alerts file/);
    expect(store.$ownAlerts.get().map((a) => a.id)).toEqual(['iam-user-created']);
  });

  it('when saved own rules are unreadable, starts without them, says so, and keeps the text aside', async () => {
    const { store, storage } = await loadStore({ 'plainsec:announce-rules:v1': '{"plainsecAlerts":1' });
    expect(store.$ownAlerts.get()).toEqual([]);
    expect(store.$announceProblem.get()).toMatch(/own rules could not be loaded again/);
    expect(storage.data['plainsec:announce-rules:v1:unreadable']).toBe('{"plainsecAlerts":1');
  });

  describe('a replace keeps a way back', () => {
    beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z'), toFake: ['Date'] }));
    afterEach(() => vi.useRealTimers());

    it('keeps the rules loaded before as a backup with its time, and Undo puts them back', async () => {
      const first = alertListJson([catalogue[2]!]);
      const { store, backups, storage } = await loadStore({ 'plainsec:announce-rules:v1': first });
      expect(await store.loadOwnAlerts(alertListJson([catalogue[0]!]), 'b.json')).toBeUndefined();
      expect(JSON.parse(storage.data['plainsec:announce-rules:v1:backup']!)).toEqual({ backup: 1, takenAt: '2026-11-25T10:00:00.000Z', what: 'Loaded your rules from b.json.', text: first });
      expect(backups.$undo.get().ownAlerts?.what).toBe('Loaded your rules from b.json.');
      expect(backups.undoOwnAlerts()).toBe(true);
      expect(store.$ownAlerts.get().map((a) => a.id)).toEqual(['iam-user-created']);
      expect(storage.data['plainsec:announce-rules:v1:backup']).toBeUndefined();
      expect(backups.$undo.get().ownAlerts).toBeUndefined();
    });

    it('loads nothing when the backup cannot be kept', async () => {
      const first = alertListJson([catalogue[2]!]);
      const { store, storage } = await loadStore({ 'plainsec:announce-rules:v1': first });
      storage.setItem = () => {
        throw new DOMException('full', 'QuotaExceededError');
      };
      expect(await store.loadOwnAlerts(alertListJson([catalogue[0]!]), 'b.json')).toMatch(/could not keep a backup.*Nothing was changed/);
      expect(storage.data['plainsec:announce-rules:v1']).toBe(first);
      expect(store.$ownAlerts.get().map((a) => a.id)).toEqual(['iam-user-created']);
    });

    it('keeps the last announcement as a backup when a different one is written, and Undo brings it back', async () => {
      const { store, backups, storage } = await loadStore({ 'plainsec:announce:v1': inputToJson(sampleInput({ what: 'Rotate the deploy keys' })) });
      expect(await store.keepAnnouncement(sampleInput({ what: 'Upgrade the database' }))).toBe(true);
      expect(backups.$undo.get().announcement?.what).toBe('Wrote a new announcement in place of “Rotate the deploy keys”.');
      // Writing the same announcement again replaces nothing, so the backup stays the one from before.
      expect(await store.keepAnnouncement(sampleInput({ what: 'Upgrade the database' }))).toBe(true);
      expect(backups.$undo.get().announcement?.what).toBe('Wrote a new announcement in place of “Rotate the deploy keys”.');
      expect(backups.undoAnnouncement()?.what).toBe('Rotate the deploy keys');
      expect(storage.data['plainsec:announce:v1']).toBe(inputToJson(sampleInput({ what: 'Rotate the deploy keys' })));
      expect(storage.data['plainsec:announce:v1:backup']).toBeUndefined();
    });
  });
});
