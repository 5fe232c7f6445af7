import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeChecklist, emptyState, encodeState, ownersInUse, setDone, updateItem } from '../../../src/lib/checklist/stored.ts';
import { mergeRecords, planItems } from '../../../src/lib/checklist/plan.ts';

describe('the v1 → v2 migration of saved checklist progress', () => {
  it('keeps every tick and its day, whether saved as a day or as a date and time', () => {
    const v1 = JSON.stringify({
      version: 1,
      done: { 'ss-owner-named': '2026-11-01', 'tbv-alerts-reach-chat': '2026-10-15T09:30:00.000Z', 'gone-item': '2025-01-02' },
    });
    expect(decodeChecklist(v1)).toEqual({
      state: {
        version: 2,
        items: { 'ss-owner-named': { done: '2026-11-01' }, 'tbv-alerts-reach-chat': { done: '2026-10-15' }, 'gone-item': { done: '2025-01-02' } },
      },
    });
  });

  it('keeps the readable ticks and says how many it had to leave out', () => {
    const result = decodeChecklist('{"version":1,"done":{"a":"2026-11-01","b":42,"c":"yesterday"}}');
    expect(result.state.items).toEqual({ a: { done: '2026-11-01' } });
    expect(result.problem).toMatch(/^2 saved tick/);
  });

  it('keeps every tick of any v1 progress, as a property', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.tuple(day, fc.boolean())), (ticks) => {
        const done = Object.fromEntries(Object.entries(ticks).map(([id, [d, withTime]]) => [id, withTime ? d.toISOString() : d.toISOString().slice(0, 10)]));
        const { state, problem } = decodeChecklist(JSON.stringify({ version: 1, done }));
        expect(problem).toBeUndefined();
        expect(Object.keys(state.items).sort()).toEqual(Object.keys(done).sort());
        for (const [id, when] of Object.entries(done)) expect(state.items[id]!.done).toBe(when.slice(0, 10));
      }),
    );
  });
});

describe('saved checklist records (v2)', () => {
  it('start empty when nothing is saved', () => {
    expect(decodeChecklist(null)).toEqual({ state: emptyState });
  });

  it('come back exactly as they were saved', () => {
    let state = setDone(emptyState, 'a', true, '2026-11-30');
    state = updateItem(state, 'a', { owner: 'Ana', notes: 'Checked the console.\nAll fine.' });
    state = updateItem(state, 'b', { due: '2026-12-14', owner: 'Bo' });
    state = { ...state, me: 'Ana' };
    expect(decodeChecklist(encodeState(state))).toEqual({ state });
  });

  it('say in plain words when the saved text is not JSON, and start empty', () => {
    const result = decodeChecklist('{not json');
    expect(result.state).toEqual(emptyState);
    expect(result.problem).toMatch(/could not be read/);
  });

  it('refuse a version they do not know rather than guessing', () => {
    expect(decodeChecklist('{"version":3,"items":{}}').problem).toMatch(/version/);
  });

  it('leave out details that cannot be read, and count them', () => {
    const result = decodeChecklist(JSON.stringify({ version: 2, items: { a: { done: '2026-02-31', owner: 'Ana', colour: 'red' } } }));
    expect(result.state.items).toEqual({ a: { owner: 'Ana' } });
    expect(result.problem).toMatch(/^2 saved detail/);
  });

  it('never throw, whatever is in storage', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        expect(decodeChecklist(raw).state.version).toBe(2);
      }),
    );
  });
});

describe('changing records', () => {
  it('unticking an item with nothing else recorded removes it', () => {
    expect(setDone(setDone(emptyState, 'a', true, '2026-11-30'), 'a', false, '2026-11-30')).toEqual(emptyState);
  });

  it('unticking keeps the owner and due date', () => {
    const state = setDone(updateItem(setDone(emptyState, 'a', true, '2026-11-30'), 'a', { owner: 'Ana', due: '2026-12-01' }), 'a', false, '2026-11-30');
    expect(state.items.a).toEqual({ owner: 'Ana', due: '2026-12-01' });
  });

  it('trims owners but keeps notes as typed', () => {
    const state = updateItem(emptyState, 'a', { owner: '  Ana ', notes: ' two spaces first' });
    expect(state.items.a).toEqual({ owner: 'Ana', notes: ' two spaces first' });
  });

  it('planning sets owner and due date on items not done, and leaves done ones as they are', () => {
    const start = updateItem(setDone(emptyState, 'done-one', true, '2026-11-01'), 'done-one', { owner: 'Cy' });
    const { state, planned, alreadyDone } = planItems(start, ['a', 'done-one', 'a', 'b'], 'Ana', '2026-12-14');
    expect(planned).toEqual(['a', 'b']);
    expect(alreadyDone).toEqual(['done-one']);
    expect(state.items).toEqual({ 'done-one': { done: '2026-11-01', owner: 'Cy' }, a: { owner: 'Ana', due: '2026-12-14' }, b: { owner: 'Ana', due: '2026-12-14' } });
  });

  it('planning with no owner keeps the owner already there', () => {
    const start = updateItem(emptyState, 'a', { owner: 'Bo' });
    expect(planItems(start, ['a'], ' ', '2026-12-14').state.items.a).toEqual({ owner: 'Bo', due: '2026-12-14' });
  });

  it('planning fills only empty owners and due dates, and lists the values it would have changed', () => {
    const start = updateItem(emptyState, 'a', { owner: 'Dave', due: '2026-12-31' });
    const { state, planned, conflicts } = planItems(updateItem(start, 'b', { owner: 'Bob' }), ['a', 'b', 'c'], 'Bob', '2026-12-19');
    expect(state.items.a).toEqual({ owner: 'Dave', due: '2026-12-31' });
    expect(state.items.b).toEqual({ owner: 'Bob', due: '2026-12-19' });
    expect(state.items.c).toEqual({ owner: 'Bob', due: '2026-12-19' });
    expect(planned).toEqual(['b', 'c']);
    expect(conflicts).toEqual([
      { id: 'a', field: 'owner', current: 'Dave', proposed: 'Bob' },
      { id: 'a', field: 'due', current: '2026-12-31', proposed: '2026-12-19' },
    ]);
  });

  it('planning changes values already set only when told to overwrite', () => {
    const start = updateItem(emptyState, 'a', { owner: 'Dave', due: '2026-12-31', notes: 'kept' });
    const { state, planned } = planItems(start, ['a'], 'Bob', '2026-12-19', { overwrite: true });
    expect(state.items.a).toEqual({ owner: 'Bob', due: '2026-12-19', notes: 'kept' });
    expect(planned).toEqual(['a']);
  });

  it('adding a loaded checklist brings in new items and empty fields, and keeps values set here', () => {
    const mine = { a: { owner: 'Dave', done: '2026-11-01' }, b: { notes: 'line "one"\nline two' } };
    const theirs = { a: { owner: 'Ana', due: '2026-12-01' }, b: { notes: 'line "one"\nline two' }, c: { done: '2026-10-10' } };
    const outcome = mergeRecords(mine, theirs);
    expect(outcome.items).toEqual({ a: { owner: 'Dave', done: '2026-11-01', due: '2026-12-01' }, b: { notes: 'line "one"\nline two' }, c: { done: '2026-10-10' } });
    expect(outcome).toMatchObject({ added: ['c'], filled: ['a'], differing: ['a'] });
    expect(mine.a).toEqual({ owner: 'Dave', done: '2026-11-01' });
  });

  it('suggests owners already in use, most used first', () => {
    let state = updateItem(emptyState, 'a', { owner: 'Bo' });
    state = updateItem(state, 'b', { owner: 'Ana' });
    state = updateItem(state, 'c', { owner: 'Ana' });
    expect(ownersInUse(state)).toEqual(['Ana', 'Bo']);
  });
});
