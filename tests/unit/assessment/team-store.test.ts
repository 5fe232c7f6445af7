/** The team kept in the browser: reading, saving, Undo (also after a reload), other tabs, and a browser that cannot store. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileOf } from './support/team-fixtures.ts';
import { fakeStorage } from '../../support/fake-storage.ts';

const ana = { id: 'a', name: 'Ana', answers: { q1: 1 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'b', answers: { q1: 0 }, answeredAt: '2026-11-02T10:00:00Z' } as const;


async function freshStore(initial: Record<string, string> = {}) {
  const storage = fakeStorage(initial);
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const module = await import('../../../src/stores/team.ts');
  module.startTeam();
  return { storage, ...module };
}

describe('the team store', () => {
  // The backup says when it was taken: a fixed moment, never the machine's clock.
  beforeEach(() => {
    vi.unstubAllGlobals();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

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
    expect(s.removeFromTeam('a', 'Ana')).toBe(true);
    expect(s.$team.get().file.respondents.map((r) => r.id)).toEqual(['b']);
    expect(s.$undo.get()).toMatchObject({ what: 'Ana was removed.', takenAt: '2026-11-25T10:00:00.000Z' });
    s.undoTeamChange();
    expect(s.$team.get().file.respondents.map((r) => r.id)).toEqual(['a', 'b']);
    // Undo swaps: the team it took away is the backup now.
    expect(s.$undo.get()).toMatchObject({ what: 'Undo put back the earlier team.' });
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

  it('reads the backup after a reload with its time, and an older backup without one still undoes', async () => {
    const s = await freshStore();
    s.setTeamFile(fileOf(ana, bo));
    s.startNewTeam();
    const again = await freshStore(Object.fromEntries(s.storage.items));
    expect(again.$undo.get()).toMatchObject({ what: 'A new team was started.', takenAt: '2026-11-25T10:00:00.000Z' });
    expect(again.undoTeamChange()).toBe(true);
    expect(again.$team.get().file.respondents.map((r) => r.id)).toEqual(['a', 'b']);
    again.keepTeamChange();
    expect(again.storage.items.has('plainsec:team:v1:backup')).toBe(false);

    const old = JSON.stringify({ version: 1, file: fileOf(bo) });
    const older = await freshStore({ 'plainsec:team:v1': JSON.stringify({ version: 1, file: fileOf() }), 'plainsec:team:v1:backup': old });
    expect(older.$undo.get()).toEqual({ text: old });
    older.undoTeamChange();
    expect(older.$team.get().file.respondents.map((r) => r.id)).toEqual(['b']);
  });

  it('changes nothing and says to save a file when the backup cannot be kept', async () => {
    const s = await freshStore();
    s.setTeamFile(fileOf(ana, bo));
    s.storage.full = true;
    expect(s.removeFromTeam('a', 'Ana')).toBe(false);
    expect(s.startNewTeam()).toBe(false);
    expect(s.$team.get().file.respondents.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.$teamProblem.get()).toMatch(/could not keep a backup .* nothing was changed\. Use "Save the team as a file" first/);
  });

  it('starts each change from the team as stored now, so a person another tab added is kept', async () => {
    const s = await freshStore();
    s.setTeamFile(fileOf(ana));
    // Another tab adds Bo; this tab has not heard of it yet and names the team.
    s.storage.items.set('plainsec:team:v1', JSON.stringify({ version: 1, file: fileOf(ana, bo) }));
    s.nameTeam('Platform');
    expect(JSON.parse(s.storage.items.get('plainsec:team:v1')!).file.respondents.map((r: { id: string }) => r.id)).toEqual(['a', 'b']);
    expect(s.$team.get().file.team).toBe('Platform');
  });

  it('keeps a save in the team as stored now and hands back the file as kept', async () => {
    const s = await freshStore({ 'plainsec:team:v1': JSON.stringify({ version: 1, file: fileOf(ana) }) });
    // Another tab added Bo since this tab read the team.
    s.storage.items.set('plainsec:team:v1', JSON.stringify({ version: 1, file: fileOf(ana, bo) }));
    const kept = s.keepTeamFile((file) => ({ ...file, team: 'Platform' }));
    expect(kept.respondents.map((r) => r.id)).toEqual(['a', 'b']);
    expect(JSON.parse(s.storage.items.get('plainsec:team:v1')!).file).toEqual(kept);
  });
});
