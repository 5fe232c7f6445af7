/** One person's answers kept in the browser: nothing written on opening, other tabs, backups with their time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileOf } from './support/team-fixtures.ts';
import { fakeStorage } from '../../support/fake-storage.ts';

const key = 'plainsec:assessment:v1';


async function freshStore(initial: Record<string, string> = {}) {
  const storage = fakeStorage(initial);
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const module = await import('../../../src/stores/assessment.ts');
  module.startAssessment();
  return { storage, ...module };
}

const me = { id: 'me', name: 'Me', answers: { q1: 1 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'bo', name: 'Bo', answers: { q1: 0, q2: 0 }, answeredAt: '2026-11-02T10:00:00Z' } as const;
const stored = (file = fileOf(me), step = 2) => JSON.stringify({ version: 1, step, file });

describe('the assessment store', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('writes nothing when it only reads a fresh browser', async () => {
    const s = await freshStore();
    expect(s.$assessmentReady.get()).toBe(true);
    expect(s.answeredCount(s.$assessment.get())).toBe(0);
    expect([...s.storage.items.keys()]).toEqual([]);
  });

  it('starts each change from the answers as stored now, so an answer given in another tab is kept', async () => {
    const s = await freshStore({ [key]: stored() });
    // Another tab answers q2; this tab has not heard of it yet and answers q3.
    const other = JSON.parse(stored());
    other.file.respondents[0].answers.q2 = 0.5;
    s.storage.items.set(key, JSON.stringify(other));
    s.answer('q3', 0.25);
    expect(JSON.parse(s.storage.items.get(key)!).file.respondents[0].answers).toEqual({ q1: 1, q2: 0.5, q3: 0.25 });
  });

  it('keeps a timed backup before a load, reads it after a reload, and Undo brings the answers back', async () => {
    const s = await freshStore({ [key]: stored() });
    expect(s.replaceWith(fileOf(bo), 99, 'Loaded bob.json.')).toBe(true);
    const again = await freshStore(Object.fromEntries(s.storage.items));
    expect(again.$assessment.get().file.respondents[0]!.id).toBe('bo');
    expect(again.$undo.get()).toMatchObject({ what: 'Loaded bob.json.', takenAt: '2026-11-25T10:00:00.000Z' });
    expect(again.undoReplace()).toBe(true);
    expect(again.$assessment.get().file.respondents[0]!.id).toBe('me');
    // Undo swaps: the answers it took away are the backup now, one more Undo away.
    expect(again.$undo.get()).toMatchObject({ what: 'Undo put back your earlier answers.' });
    expect(again.undoReplace()).toBe(true);
    expect(again.$assessment.get().file.respondents[0]!.id).toBe('bo');
  });

  it('undoes with a backup kept before backups had a time', async () => {
    const s = await freshStore({ [key]: stored(fileOf(bo)), [`${key}:backup`]: stored() });
    expect(s.$undo.get()).toEqual({ text: stored() });
    s.undoReplace();
    expect(s.$assessment.get().file.respondents[0]!.id).toBe('me');
  });

  it('replaces nothing and says to save a file when the backup cannot be kept', async () => {
    const s = await freshStore({ [key]: stored() });
    s.storage.full = true;
    expect(s.replaceWith(fileOf(bo), 99, 'Loaded bob.json.')).toBe(false);
    expect(s.startAgain()).toBe(false);
    expect(s.$assessment.get().file.respondents[0]!.id).toBe('me');
    expect(s.$assessmentProblem.get()).toMatch(/nothing was replaced\. Use "Save as a file"/);
  });

  it('"Keep the new ones" forgets the backup', async () => {
    const s = await freshStore({ [key]: stored() });
    s.startAgain();
    expect(s.$undo.get()?.what).toBe('You started again.');
    s.keepNewAnswers();
    expect(s.$undo.get()).toBeUndefined();
    expect(s.storage.items.has(`${key}:backup`)).toBe(false);
  });

  it('a save keeps the change in the answers as stored now and hands back the file as kept', async () => {
    const s = await freshStore({ [key]: stored() });
    // Another tab renamed the person since this tab read the answers.
    s.storage.items.set(key, stored(fileOf({ ...me, name: 'Me, renamed' })));
    const kept = s.keepFile((file) => ({ ...file, team: 'Platform' }));
    expect(kept.respondents[0]!.name).toBe('Me, renamed');
    expect(JSON.parse(s.storage.items.get(key)!).file).toEqual(kept);
  });

  it('hands the team page the answers stored in this browser, or the problem reading them', async () => {
    const s = await freshStore({ [key]: stored() });
    expect(s.storedOwnAnswers().state?.file.respondents[0]!.id).toBe('me');
    s.storage.items.set(key, '{"version":1,');
    expect(s.storedOwnAnswers()).toEqual({ problem: expect.stringMatching(/not valid JSON/) });
    s.storage.items.delete(key);
    expect(s.storedOwnAnswers()).toEqual({});
  });
});
