import { describe, expect, it } from 'vitest';
import { answerChoices } from '../../src/lib/assessment/answers.ts';

describe('answer choices', () => {
  it('offer "I don\'t know" and "doesn\'t apply" on every scale', () => {
    for (const scale of ['coverage', 'frequency', 'scope'] as const) {
      const values = answerChoices(scale).map((c) => c.value);
      expect(values).toEqual([0, 0.25, 0.5, 1, 'NA', 'DK']);
    }
  });
  it('speak of how often for a frequency question', () => {
    expect(answerChoices('frequency')[3]!.label).toBe('Always');
  });
});
