/** A few checklist items for the tests, shaped like the ones the page gets from content/checklist. */
import type { ChecklistItem } from '../../../src/lib/checklist/model.ts';

export const origin = 'https://plainsec.dev';

export const items: ChecklistItem[] = [
  {
    id: 'ss-owner-named',
    practice: 'start-somewhere',
    level: 1,
    order: 1,
    title: 'One person owns the team\'s security list, with a named backup',
    why: 'Someone has to keep the list moving.',
    howToCheck: 'Ask who owns it.',
    doneWhen: 'The board names the owner and a backup.',
    effort: 'an-hour-or-less',
    cadenceDays: 90,
    guide: { href: '/guides/start-somewhere/first-week/', title: 'Your first week' },
  },
  {
    id: 'ss-first-week-plan',
    practice: 'start-somewhere',
    level: 1,
    order: 2,
    title: 'The first month of security work is on the team board, with due dates',
    why: 'Work that is not on the board does not happen.',
    howToCheck: 'Open the board.',
    doneWhen: 'The board shows this month\'s security tasks.',
    effort: 'an-hour-or-less',
    guide: { href: '/guides/start-somewhere/first-week/', title: 'Your first week' },
  },
  {
    id: 'ss-scan-in-ci',
    practice: 'start-somewhere',
    level: 2,
    order: 1,
    title: 'Every build scans code and images for known holes, and stops on serious ones',
    why: 'Holes are cheaper to fix before they ship.',
    howToCheck: 'Break a build on purpose.',
    doneWhen: 'A build with a serious hole fails.',
    effort: 'half-a-day',
    cadenceDays: 90,
  },
  {
    id: 'tbv-monthly-access-review',
    practice: 'trust-but-verify',
    level: 2,
    order: 6,
    title: 'Who has access to AWS, GitHub or GitLab, and Kubernetes is reviewed every month',
    why: 'Access piles up.',
    howToCheck: 'Read last month\'s review.',
    doneWhen: 'This month\'s review is written down.',
    effort: 'an-hour-or-less',
    cadenceDays: 30,
    guide: { href: '/guides/trust-but-verify/access-reviews/', title: 'Access reviews' },
  },
];
