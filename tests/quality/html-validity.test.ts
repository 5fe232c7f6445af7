import { describe, expect, it } from 'vitest';
import { HtmlValidate } from 'html-validate';
import { readFileSync } from 'node:fs';
import { hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

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
