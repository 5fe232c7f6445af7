import { reasons, skipWhenMissing } from '../support/skips.ts';
import { describe, expect, it } from 'vitest';
import { HtmlValidate } from 'html-validate';
import { readFileSync } from 'node:fs';
import { hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

// The recommended rules, with three changes in .htmlvalidate.json, all to what the HTML standard
// itself allows: `valid-id` is relaxed because guides number their steps ("### 1. Draw the system")
// so heading ids start with a digit; `void-style` is off because Preact writes `<input/>` and Astro
// writes `<meta>`, and both spellings of a void element are valid HTML.
const validator = new HtmlValidate(JSON.parse(readFileSync('.htmlvalidate.json', 'utf8')));

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('the built HTML', () => {
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
