import { describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackup } from '../../../src/lib/storage/backup.ts';
import { backupNotice, takenWhen } from '../../../src/lib/storage/backup-words.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe('backups kept before a replace', () => {
  it('read back with their text, time and reason, text with quotes and new lines intact', () => {
    const text = '{"version":2,"items":{"a":{"notes":"line \\"one\\"\\nline two"}}}';
    const stored = encodeBackup({ text, takenAt: '2026-11-25T09:58:00.000Z', what: 'Loaded "bob.json".' });
    expect(decodeBackup(stored)).toEqual({ text, takenAt: '2026-11-25T09:58:00.000Z', what: 'Loaded "bob.json".' });
  });

  it('from before backups had a time still read, as their own text', () => {
    const old = '{"version":1,"step":3}';
    expect(decodeBackup(old)).toEqual({ text: old });
    expect(decodeBackup('not json at all')).toEqual({ text: 'not json at all' });
    expect(decodeBackup(null)).toBeUndefined();
    expect(decodeBackup('')).toBeUndefined();
  });

  it('drop a time that is not a date rather than show a wrong one', () => {
    expect(decodeBackup(JSON.stringify({ backup: 1, text: 't', takenAt: 'yesterday' }))).toEqual({ text: 't' });
  });

  it('say when they were taken in the reader’s time zone: today, yesterday, or the date', () => {
    expect(takenWhen('2026-11-25T09:58:00Z', now, 'Europe/London')).toBe('today at 09:58');
    expect(takenWhen('2026-11-24T18:40:00Z', now, 'Europe/London')).toBe('yesterday at 18:40');
    expect(takenWhen('2026-11-03T18:40:00Z', now, 'Europe/London')).toBe('on 3 November 2026 at 18:40');
    // Just after midnight in New York is still the day before there.
    expect(takenWhen('2026-11-25T04:30:00Z', now, 'America/New_York')).toBe('yesterday at 23:30');
    expect(takenWhen(undefined, now)).toBe('earlier');
  });

  it('make one plain sentence beside Undo', () => {
    expect(backupNotice({ text: 't', takenAt: '2026-11-25T09:58:00Z', what: 'Loaded "bob.json".' }, { subject: 'Your earlier answers', plural: true }, now, 'Europe/London')).toBe(
      'Loaded "bob.json". Your earlier answers were kept as a backup today at 09:58.',
    );
    expect(backupNotice({ text: 't' }, { subject: 'Your earlier checklist' }, now)).toBe('Your earlier checklist is kept as a backup.');
  });
});
