import { describe, expect, it } from 'vitest';
import { HtmlValidate } from 'html-validate';
import { readFileSync } from 'node:fs';
import { hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

// The recommended rules, with one change in .htmlvalidate.json: `valid-id` is relaxed to what the
// HTML standard allows, because guides number their steps ("### 1. Draw the system") and the
// heading ids then start with a digit, which HTML permits.
const validator = new HtmlValidate(JSON.parse(readFileSync('.htmlvalidate.json', 'utf8')));

describe.skipIf(!hasBuild)('the built HTML', () => {
  for (const file of htmlFiles()) {
    it(`${urlPathOf(file)} is valid HTML`, async () => {
      const report = await validator.validateString(readFileSync(file, 'utf8'), file);
      const messages = report.results.flatMap((r) =>
        r.messages.filter((m) => m.severity === 2).map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
      );
      expect(messages).toEqual([]);
    });
  }
});
