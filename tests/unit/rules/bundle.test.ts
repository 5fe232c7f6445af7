import { describe, expect, it, vi } from 'vitest';
import { unzipFiles, zipFiles } from '../../../src/lib/rules/bundle.ts';

const files = [
  { path: 'sigma/a_rule_name.yml', content: 'title: "x: y"\n' },
  { path: 'eventbridge/main.tf.json', content: '{"resource":{}}' },
];

describe('a zip of exported files', () => {
  it('holds every file with its path and content', () => {
    expect(unzipFiles(zipFiles(files)).sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [...files].sort((a, b) => a.path.localeCompare(b.path)),
    );
  });
  it('reads no clock: the zip made on two different days is byte for byte the same, so bundles compare across versions', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
      const first = Buffer.from(zipFiles(files));
      vi.setSystemTime(new Date('2031-07-15T18:30:00Z'));
      expect(Buffer.from(zipFiles(files)).equals(first)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
  it('refuses a path that would escape the folder it is unzipped into', () => {
    expect(() => zipFiles([{ path: '../etc/passwd', content: '' }])).toThrow(/inside the zip/);
    expect(() => zipFiles([{ path: '/abs', content: '' }])).toThrow(/relative/);
  });
});
