/** The team kept in the browser: reading, saving, Undo, and a browser that cannot store. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileOf } from './support/team-fixtures.ts';

const ana = { id: 'a', name: 'Ana', answers: { q1: 1 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'b', answers: { q1: 0 }, answeredAt: '2026-11-02T10:00:00Z' } as const;

/** A localStorage stand-in; `full` makes every write throw as a full browser storage does. */
function fakeStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  const store = {
    full: false,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (store.full) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
    items,
  };
  return store;
}

async function freshStore(initial: Record<string, string> = {}) {
  const storage = fakeStorage(initial);
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const module = await import('../../../src/stores/team.ts');
  module.startTeam();
  return { storage, ...module };
}

describe('the team store', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('starts empty, keeps what is set, and reads it back after a reload', async () => {
    const first = await freshStore();
    expect(first.$team.get().file.respondents).toEqual([]);
    first.setTeamFile(fileOf(ana, bo));
    first.nameTeam('  Platform  ');
    const again = await freshStore(Object.fromEntries(first.storage.items));
    expect(again.$team.get().file).toEqual({ ...fileOf(ana, bo), team: 'Platform' });
    expect(again.$teamProblem.get()).toBeUndefined();
  });

  it('keeps unreadable text aside under its own key and says so', async () => {
    const { storage, $team, $teamProblem } = await freshStore({ 'plainsec:team:v1': '{"version":1,"file":' });
    expect($team.get().file.respondents).toEqual([]);
    expect($teamProblem.get()).toMatch(/could not be read .* kept in your browser under "plainsec:team:v1:unreadable"/);
    expect(storage.items.get('plainsec:team:v1:unreadable')).toBe('{"version":1,"file":');
  });

  it('brings a removed person back with Undo, and a whole team after "Start a new team"', async () => {
    const s = await freshStore();
    s.setTeamFile(fileOf(ana, bo));
    s.removeFromTeam(fileOf(bo), 'Ana');
    expect(s.$teamUndo.get()?.what).toBe('Ana was removed.');
    s.undoTeamChange();
    expect(s.$team.get().file.respondents.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.$teamUndo.get()).toBeUndefined();
    s.startNewTeam();
    expect(s.$team.get().file.respondents).toEqual([]);
    s.undoTeamChange();
    expect(s.$team.get().file.respondents.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('keeps the team on the page and says to save it as a file when the browser cannot store', async () => {
    const s = await freshStore();
    s.storage.full = true;
    s.setTeamFile(fileOf(ana));
    expect(s.$team.get().file.respondents).toHaveLength(1);
    expect(s.$teamProblem.get()).toMatch(/not keeping the team .* "Save the team as a file"/);
    s.storage.full = false;
    s.setTeamFile(fileOf(ana, bo));
    expect(s.$teamProblem.get()).toBeUndefined();
  });
});
