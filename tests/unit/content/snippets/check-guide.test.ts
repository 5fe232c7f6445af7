import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGuide } from '../../../../src/lib/content/snippets/check-guide.ts';
import { bashN } from '../../../support/bash-syntax.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const file = 'content/guides/trust-but-verify/reviewing-who-has-access.mdx';

describe('all snippet checks over one guide', () => {
  it('find every planted problem, each with its line, in one pass', async () => {
    const report = await checkGuide(file, fixture('planted.mdx'), { bashN });
    const found = report.findings.map((f) => `${f.check}:${f.line}`);
    expect(found).toEqual(expect.arrayContaining([
      'pins:15', // image: foo:latest
      'iam-policy:19', // "Effect": "Alow"
      'parses:26', // trailing comma in JSON
      'parses:30', // YAML never closed
      'parses:36', // bash if without fi (found at the end of the block)
      'parses:40', // HCL with no value
      'kubernetes:45', // policyTypo in a NetworkPolicy
      'claims:8', // "Most break-ins…" with no source
      'cadence:2', // the access review "once a month"
    ]));
    expect(report.findings.find((f) => f.check === 'kubernetes')?.why).toMatch(/unknown field \/spec\/policyTypo/);
    expect(report.skipped).toEqual([{ file, line: 53, reason: expect.stringMatching(/ExternalSecret/) }]);
    expect(report.blocks).toEqual({ yaml: 3, json: 2, bash: 1, hcl: 1 });
  });

  it('find nothing in a guide that follows every rule', async () => {
    const report = await checkGuide(file, fixture('good.mdx'), { bashN });
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ skipped: [], manifests: 1, policies: 1 });
  });
});
