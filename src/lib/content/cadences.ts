/**
 * How often each recurring task is done: one value per topic, read from here by the checks that
 * compare guides, checklist items and self-assessment questions (tests/unit/content/snippets).
 * Change a cadence here first; the content check then lists every place that still says the old one.
 *
 * The values:
 * - access review: every 90 days (agreed for the whole site);
 * - restore test: every 30 days, the value most of the content already used (the guide, the
 *   checklist item and the question all say "every month");
 * - self-assessment, the quarterly re-check of the checklist as a team: every 90 days.
 */

export interface Cadence {
  /** How many days apart the task is done. */
  days: number;
  /** The words a guide may use for this cadence (any other cadence word near the topic is wrong). */
  words: readonly string[];
  /** Checklist item ids (content/checklist/<id>.yaml) whose `cadenceDays` is this task's. */
  checklist: readonly string[];
  /** Self-assessment question ids (content/quiz/<id>.yaml) whose `cadenceDays` is this task's. */
  quiz: readonly string[];
  /** Guides (practice/slug) about this task: every cadence word in them is about it. */
  guides: readonly string[];
  /** A sentence elsewhere speaks of this task when it matches this… */
  mentions: RegExp;
  /** …and not this (a nearby task with its own pace, e.g. the yearly restore drill). */
  unless?: RegExp;
}

export const cadences = {
  'access review': {
    days: 90,
    words: ['every 90 days', 'every three months', 'quarterly', 'each quarter', 'every quarter', 'once a quarter'],
    checklist: ['tbv-monthly-access-review', 'tbv-unused-keys-removed', 'tbv-outside-collaborators-checked'],
    quiz: ['tbv-access-review'],
    guides: ['trust-but-verify/reviewing-who-has-access'],
    mentions: /access review|review(?:ing)? (?:of )?(?:who has )?access|who has access|who can (?:get in|reach)/i,
  },
  'restore test': {
    days: 30,
    words: ['every 30 days', 'every month', 'monthly', 'each month', 'once a month'],
    checklist: ['ss-backups-restore-tested-monthly'],
    quiz: ['ss-backups-restored'],
    guides: [],
    mentions: /\brestor(?:e|es|ed|ing)\b/i,
    unless: /\bdrill/i,
  },
  'self-assessment': {
    days: 90,
    words: ['every 90 days', 'every three months', 'quarterly', 'each quarter', 'every quarter', 'once a quarter'],
    checklist: ['eos-quarterly-self-assessment', 'eos-three-things-each-quarter'],
    quiz: ['eos-self-assessment', 'eos-three-things-done'],
    guides: ['everyone-owns-security/quarterly-self-assessment'],
    mentions: /self-assessment/i,
  },
} as const satisfies Record<string, Cadence>;

export type CadenceTopic = keyof typeof cadences;
