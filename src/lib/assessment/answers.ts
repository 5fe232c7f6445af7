/**
 * The answer scale of the self-assessment. The wording changes with what a question measures
 * (how much of it, how often, how widely), the values do not.
 */
export type Scale = 'coverage' | 'frequency' | 'scope';

export interface AnswerChoice {
  value: 0 | 0.25 | 0.5 | 1 | 'NA' | 'DK';
  label: string;
}

const numericLabels: Record<Scale, [string, string, string, string]> = {
  coverage: ['Not yet', 'Some of it', 'Most of it', 'All of it'],
  frequency: ['Not yet', 'Sometimes', 'Mostly', 'Always'],
  scope: ['Not yet', 'For some systems', 'For most systems', 'For every system'],
};

/** The choices a respondent sees for a question on this scale, in order. */
export function answerChoices(scale: Scale): AnswerChoice[] {
  const [none, some, most, all] = numericLabels[scale];
  return [
    { value: 0, label: none },
    { value: 0.25, label: some },
    { value: 0.5, label: most },
    { value: 1, label: all },
    { value: 'NA', label: "Doesn't apply to us" },
    { value: 'DK', label: "I don't know" },
  ];
}
