/**
 * Writes the `plainsec` command as one file beside the site: `dist/plainsec.mjs` and its checksum
 * `dist/plainsec.mjs.sha256` (in the form `sha256sum -c` reads), so a team can download it from the
 * site it already trusts and run it with `node plainsec.mjs …` on Node 20 or later, with no package
 * to install. There is no `plainsec` package in the npm registry: telling people to run
 * `npx plainsec` outside this repository would run whatever someone publishes under that name.
 *
 * esbuild bundles the command and its libraries (YAML, zod/mini, the rule exporters) into one ES
 * module. The site's question files are built in (builtin-questions.ts), since the file must not
 * need the repository's content folder to score a team's results.
 */
import type { AstroIntegration } from 'astro';
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const cliFileName = 'plainsec.mjs';

/** The oldest Node the file runs on: the LTS most CI machines still have. */
const nodeTarget = 'node20';

/** Replaces builtin-questions.ts with the text of every question file in content/quiz/. */
function builtInQuestions(questionsDir: string): Plugin {
  return {
    name: 'plainsec-builtin-questions',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]builtin-questions\.ts$/ }, async () => {
        const names = (await readdir(questionsDir)).filter((n) => n.endsWith('.yaml')).sort();
        const files = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(questionsDir, n), 'utf8')] as const)));
        return { contents: `export const builtinQuestionFiles = ${JSON.stringify(files)};`, loader: 'js' };
      });
    },
  };
}

/** Builds the command into `outDir`; returns the file's path, its size and its SHA-256 (hex). */
export async function writeCliFile(outDir: string): Promise<{ file: string; bytes: number; sha256: string }> {
  const file = path.join(outDir, cliFileName);
  const result = await build({
    entryPoints: [path.join(root, 'src/cli/single-file.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: nodeTarget,
    write: false,
    outfile: file,
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [builtInQuestions(path.join(root, 'content/quiz'))],
    // DuckDB, which only `rules hunt` loads (when it runs), is a native module and cannot be put in
    // one file: the file imports it from where it runs, and says what to install if it is absent.
    external: ['@duckdb/node-api'],
    // Some bundled libraries are CommonJS and call require() for Node's own modules.
    banner: {
      js: [
        '#!/usr/bin/env node',
        `// plainsec: alert rules and the team self-assessment in plain words. One file; run it with \`node ${cliFileName} --help\`.`,
        "import { createRequire as __plainsecCreateRequire } from 'node:module';",
        'const require = __plainsecCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  const bytes = result.outputFiles[0]!.contents;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(file, bytes, { mode: 0o755 });
  await writeFile(`${file}.sha256`, `${sha256}  ${cliFileName}\n`);
  return { file, bytes: bytes.length, sha256 };
}

export default function cliFile(): AstroIntegration {
  return {
    name: 'plainsec:cli-file',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { bytes } = await writeCliFile(fileURLToPath(dir));
        logger.info(`Wrote ${cliFileName} (${Math.round(bytes / 1024)} KB) and its checksum`);
      },
    },
  };
}
