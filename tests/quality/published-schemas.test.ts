/** The JSON Schemas the site publishes are the ones the code generates, and editors can use them. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { assessmentJsonSchema } from '../../src/lib/assessment/result-file-schema.ts';
import { workedExampleFiles } from '../../src/lib/assessment/worked-example.ts';
import { dist, hasBuild } from './built-site.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('/schemas/assessment.schema.json', () => {
  const file = path.join(dist, 'schemas', 'assessment.schema.json');

  it('is published and is the schema generated from the result-file model', () => {
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(assessmentJsonSchema());
  });

  it('accepts the files the self-assessment saves and refuses a wrong answer value', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
    for (const saved of workedExampleFiles()) expect(validate(saved)).toBe(true);
    expect(validate({ formatVersion: 1, respondents: [{ id: 'a', answers: { q: 'maybe' }, answeredAt: '2026-11-01' }] })).toBe(false);
  });
});
