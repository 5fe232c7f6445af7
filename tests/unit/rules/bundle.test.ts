import { describe, expect, it } from 'vitest';
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
  it('is byte for byte the same each time for the same files', () => {
    expect(Buffer.from(zipFiles(files)).equals(Buffer.from(zipFiles(files)))).toBe(true);
  });
  it('refuses a path that would escape the folder it is unzipped into', () => {
    expect(() => zipFiles([{ path: '../etc/passwd', content: '' }])).toThrow(/inside the zip/);
    expect(() => zipFiles([{ path: '/abs', content: '' }])).toThrow(/relative/);
  });
});
