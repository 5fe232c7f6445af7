/** Shared test data for the announce tests: a small catalogue and a checked announcement. */
import { checkAnnouncement, emptyInput, type AlertChoice, type Announcement, type AnnouncementInput } from '../../../src/lib/announce/announcement.ts';

export const catalogue: AlertChoice[] = [
  { id: 'cloudtrail-stopped', title: 'CloudTrail logging was switched off', urgency: 'wake-me-up', urgencyWords: 'Wake me up', falcoName: 'CloudTrail logging was switched off', from: 'Starter pack' },
  { id: 'security-group-opened', title: 'A firewall rule was opened to the world', urgency: 'look-today', urgencyWords: 'Look today', falcoName: 'A firewall rule was opened to the world', from: 'Starter pack' },
  { id: 'iam-user-created', title: 'A new IAM user (with "quotes") was created', urgency: 'fyi', urgencyWords: 'Just so you know', from: 'Identity and access' },
];

/** A valid announcement for the first two alerts, 2 hours from 14:00 London time on 1 December 2026. */
export function sampleInput(overrides: Partial<AnnouncementInput> = {}): AnnouncementInput {
  return {
    ...emptyInput(new Date('2026-12-01T10:00:00Z'), 'Europe/London'),
    what: 'Upgrade the payments database',
    who: 'Ana Pérez',
    startDate: '2026-12-01',
    startTime: '14:00',
    endDate: '2026-12-01',
    endTime: '16:00',
    alerts: ['cloudtrail-stopped', 'security-group-opened'],
    ...overrides,
  };
}

export function sampleAnnouncement(overrides: Partial<AnnouncementInput> = {}): Announcement {
  const checked = checkAnnouncement(sampleInput(overrides), catalogue);
  if (!checked.ok) throw new Error(`sample announcement is invalid: ${JSON.stringify(checked.errors)}`);
  return checked.announcement;
}

/** Text a user might type that a shell, a template or a file format would read as code. */
export const hostileTexts = [
  `it's "quoted"`,
  '$(touch /tmp/plainsec-pwned)',
  '`touch /tmp/plainsec-pwned`',
  'line one\nline two; rm -rf ~',
  'back\\slash and \\n not a newline',
  'ünïcødé 日本語 🚀 ‮reversed',
  "'; echo 'broken",
  '--comment=sneaky *',
  '${HOME} & | > < #',
];
