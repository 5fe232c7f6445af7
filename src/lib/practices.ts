/** The three practices every guide, checklist item and quiz question belongs to. */
export const practiceIds = ['start-somewhere', 'trust-but-verify', 'everyone-owns-security'] as const;
export type PracticeId = (typeof practiceIds)[number];

export const practices: Record<PracticeId, { name: string; summary: string }> = {
  'start-somewhere': {
    name: 'Start somewhere',
    summary:
      'See who did what and when, patch every night, find the known holes in what you run, and set up your first alert.',
  },
  'trust-but-verify': {
    name: 'Trust but verify',
    summary:
      'Send alerts to chat, announce changes so expected alerts can be ignored, notice work at odd hours, and check who has access.',
  },
  'everyone-owns-security': {
    name: 'Everyone owns security',
    summary: 'Habits that make security part of everyday work on a small team with no security staff.',
  },
};

/**
 * How much work a guide or a checklist item is, in words a planner understands. Not a
 * self-assessment question's effort (1 to 3): that is `questionEffortWords` in
 * src/lib/assessment/next-steps.ts.
 */
export const effortLevels = ['an-hour-or-less', 'half-a-day', 'a-few-days'] as const;
export type EffortLevel = (typeof effortLevels)[number];
export const effortLevelWords: Record<EffortLevel, string> = {
  'an-hour-or-less': 'An hour or less',
  'half-a-day': 'Half a day',
  'a-few-days': 'A few days',
};
