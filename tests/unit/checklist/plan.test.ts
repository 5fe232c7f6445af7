import { describe, expect, it } from 'vitest';
import { suggestedDueDate } from '../../../src/lib/checklist/plan.ts';

describe('the due date suggested for checklist items planned from the self-assessment', () => {
  it('is two weeks out for this sprint, 90 days for this quarter and 180 days for later', () => {
    expect(suggestedDueDate('this-sprint', '2026-12-05')).toBe('2026-12-19');
    expect(suggestedDueDate('this-quarter', '2026-12-05')).toBe('2027-03-05');
    expect(suggestedDueDate('later', '2026-12-05')).toBe('2027-06-03');
  });
});
