/**
 * The rule builder loads actions.ts and the rule's sentence (src/lib/rules/words/rule.ts) before the person starts editing, so they
 * must stay light: no zod, no YAML, and not the table of documented field types from fields.ts.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

describe('the code the rule builder loads first', () => {
  for (const entry of ['src/lib/rules/actions.ts', 'src/lib/rules/words/rule.ts']) {
    it(`keeps ${entry} free of zod, YAML and the documented-types table, and small`, async () => {
      const code = await bundle(entry);
      expect(code).not.toMatch(/ZodError|zod/);
      expect(code).not.toMatch(/YAMLParseError|yaml/i);
      // Every page in the documented-types table is an API reference page.
      expect(code).not.toContain('APIReference/API_');
      // 16 KB: each action's line of what to check first (3.4 KB gz) is needed as soon as an action is
      // ticked, and the sentence names fields and values in plain words (about 2 KB gz); the page's own
      // budget (tests/e2e/budgets.spec.ts) holds everything loaded before editing to 40 KB gz.
      // 16.25 KB since rules name their source: the catalogue takes a cluster's actions when they
      // load (about 0.2 KB gz of dispatch), and the actions themselves stay out (checked below).
      expect(gzipSync(code, { level: 9 }).length).toBeLessThan(16_250);
      // The cluster's actions and field names load only when someone picks the cluster.
      expect(code).not.toContain('pods/exec');
      expect(code).not.toContain('requestObject.spec');
    });
  }
});
