import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countDone,
  decodeProgress,
  emptyProgress,
  encodeProgress,
  setDone,
} from '../../../src/lib/assessment/checklist-progress.ts';

const today = new Date('2026-11-26T10:00:00Z');

describe('saved checklist progress', () => {
  it('starts with nothing done when nothing is saved', () => {
    expect(decodeProgress(null)).toEqual({ progress: emptyProgress });
  });

  it('comes back exactly as it was saved', () => {
    const saved = setDone(setDone(emptyProgress, 'ss-a', true, today), 'tbv-b', true, today);
    expect(decodeProgress(encodeProgress(saved))).toEqual({ progress: saved });
  });

  it('says in plain words when the saved text is not JSON, and starts empty', () => {
    const result = decodeProgress('{not json');
    expect(result.progress).toEqual(emptyProgress);
    expect(result.problem).toMatch(/could not be read/);
  });

  it('refuses a version it does not know rather than guessing', () => {
    expect(decodeProgress('{"version":2,"done":{}}').problem).toMatch(/version/);
  });

  it('keeps the readable items and reports the ones it had to leave out', () => {
    const result = decodeProgress('{"version":1,"done":{"ss-a":"2026-11-01","ss-b":42}}');
    expect(result.progress.done).toEqual({ 'ss-a': '2026-11-01' });
    expect(result.problem).toMatch(/1 saved item/);
  });

  it('never throws, whatever is in storage', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const result = decodeProgress(raw);
        expect(result.progress.version).toBe(1);
      }),
    );
  });

  it('unticking an item removes it', () => {
    const once = setDone(emptyProgress, 'ss-a', true, today);
    expect(setDone(once, 'ss-a', false, today)).toEqual(emptyProgress);
  });

  it('counts done items among the ones on the page only', () => {
    const progress = setDone(setDone(emptyProgress, 'ss-a', true, today), 'gone', true, today);
    expect(countDone(progress, ['ss-a', 'ss-b'])).toEqual({ done: 1, total: 2 });
  });
});
