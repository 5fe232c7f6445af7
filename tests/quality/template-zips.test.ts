/**
 * Each template's page offers its files as one zip (/rules/<id>/exports.zip): every tool's file the
 * template can be written for, and the searches over months of logs, as the builder's zip has them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipFiles } from '../../src/lib/rules/bundle.ts';
import { dist, hasBuild } from './built-site.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

const zipOf = (id: string): Map<string, string> => new Map(unzipFiles(readFileSync(path.join(dist, 'rules', id, 'exports.zip'))).map((f) => [f.path, f.content]));

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('the zip on each template’s page', () => {
  it('holds the Athena table, and the template’s Athena and CloudTrail Lake searches', () => {
    const files = zipOf('server-outside-autoscaling');
    for (const name of ['athena/create-table.sql', 'athena/server-outside-autoscaling.sql', 'athena/server-outside-autoscaling.per-day.sql', 'cloudtrail-lake/server-outside-autoscaling.sql', 'cloudtrail-lake/server-outside-autoscaling.per-day.sql'])
      expect(files.has(name), name).toBe(true);
    expect(files.get('athena/server-outside-autoscaling.sql')).toContain("'server-outside-autoscaling' AS rule_id");
    expect([...files.keys()].some((f) => f.startsWith('sigma/'))).toBe(true);
  });

  it('leaves out a search the engine cannot say: Lake cannot tell a list from text in the security group rule, Athena can', () => {
    const files = zipOf('security-group-open-to-internet');
    expect(files.has('athena/security-group-open-to-internet.sql')).toBe(true);
    expect([...files.keys()].filter((f) => f.startsWith('cloudtrail-lake/'))).toEqual([]);
  });

  it('has no search for a cluster’s rule, which reads no CloudTrail record', () => {
    const files = zipOf('pod-exec-or-attach');
    expect([...files.keys()].filter((f) => f.startsWith('athena/') || f.startsWith('cloudtrail-lake/'))).toEqual([]);
    expect([...files.keys()].some((f) => f.startsWith('falco/'))).toBe(true);
  });

  it('is there for every template page', () => {
    const pages = readdirSync(path.join(dist, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(dist, 'rules', d.name, 'rule.yaml')));
    expect(pages.length).toBeGreaterThan(100);
    for (const page of pages) expect(existsSync(path.join(dist, 'rules', page.name, 'exports.zip')), page.name).toBe(true);
  });
});
