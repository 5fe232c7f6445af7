import { describe, expect, it } from 'vitest';
import { cadences } from '../../../../src/lib/content/cadences.ts';
import { agrees, cadenceWords, findCadenceMismatches } from '../../../../src/lib/content/snippets/cadence-words.ts';

const days = (text: string) => cadenceWords(text).map((w) => w.days);

describe('one cadence per topic', () => {
  it('knows the agreed paces', () => {
    expect(cadences['access review'].days).toBe(90);
    expect(cadences['restore test'].days).toBe(30);
    expect(cadences['self-assessment'].days).toBe(90);
  });

  it('reads cadence words as days', () => {
    expect(days('daily, weekly, monthly, quarterly, yearly')).toEqual([1, 7, 30, 90, 365]);
    expect(days('once a month, each quarter, every week, twice a year')).toEqual([30, 90, 7, 182.5]);
    expect(days('every 90 days, every three months, every 2 weeks, every few months')).toEqual([90, 90, 14, undefined]);
    expect(agrees({ text: 'every 13 weeks', days: 91, index: 0 }, 90)).toBe(true);
    expect(agrees({ text: 'every few months', days: undefined, index: 0 }, 90)).toBe(false);
  });

  it('flags a sentence that gives the access review another pace, and passes the agreed one', () => {
    const blocks = [
      { line: 5, text: 'Review who has access once a month. Restore a backup every month.' },
      { line: 9, text: 'Check [who has access](/guides/trust-but-verify/reviewing-who-has-access/) every quarter.' },
      { line: 11, text: 'Run a restore drill twice a year.' },
    ];
    expect(findCadenceMismatches(blocks, cadences)).toEqual([
      expect.objectContaining({ line: 5, topic: 'access review', said: 'once a month', sentence: 'Review who has access once a month.' }),
    ]);
  });

  it('reads every sentence of a topic\'s own guide as about that topic, except quick routines', () => {
    const blocks = [{ line: 3, text: 'A monthly hour is enough. Patched nightly?' }];
    expect(findCadenceMismatches(blocks, cadences, 'trust-but-verify/reviewing-who-has-access').map((f) => f.said)).toEqual(['monthly']);
    expect(findCadenceMismatches(blocks, cadences, 'start-somewhere/least-privilege')).toEqual([]);
  });

  it('flags a vague pace near a topic with a set one', () => {
    expect(findCadenceMismatches([{ line: 1, text: 'Look at who has access every few months.' }], cadences)[0]?.message).toMatch(/every 90 days/);
  });
});
