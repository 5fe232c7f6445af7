#!/usr/bin/env node
/**
 * `npm run bench`: figures to compare changes by — build time, search-index time, page count,
 * a size table of the built site (gzipped, as it travels), and the rule engine's timings.
 * `npm run bench -- --guides N` instead builds a throwaway copy of the site with N synthetic
 * guides and times each phase (see scripts/bench/scale.mjs for its options).
 * `npm run bench -- --events N[,N…] [--runs R] [--rules-only]` instead times `plainsec rules test --events` on N
 * made-up CloudTrail records with the starter rules, with and without every tool's export, and
 * reports peak memory (see scripts/bench/rules-batch.mjs).
 * `npm run bench -- --hunt GB [--runs R] [--keep DIR]` instead times `plainsec rules hunt` with every
 * template over about GB gigabytes of made-up CloudTrail log files (.json.gz), written into a
 * temporary folder (or DIR, kept and reused), and reports peak memory (see scripts/bench/hunt.mjs).
 * Timings on a shared machine are noisy: compare runs on the same machine, as ratios.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

// --keep names a folder for --hunt, and is a plain switch for --guides: the hunt reads its own options.
if (process.argv.includes('--hunt')) {
  const { values: hunt } = parseArgs({ options: { hunt: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'string' } } });
  const gb = Number(hunt.hunt);
  const runs = Number(hunt.runs ?? '1');
  if (!(gb > 0) || !Number.isInteger(runs) || runs < 1) {
    console.error('Usage: npm run bench -- --hunt GB [--runs R] [--keep DIR]   (GB of .json.gz logs, like 2)');
    process.exit(2);
  }
  const { runHuntBench } = await import('./bench/hunt.mjs');
  await runHuntBench({ repoRoot: process.cwd(), gb, runs, keep: hunt.keep });
  process.exit(0);
}

const { values: options } = parseArgs({
  options: {
    guides: { type: 'string' },
    terms: { type: 'string' },
    events: { type: 'string' },
    'rules-only': { type: 'boolean', default: false },
    runs: { type: 'string' },
    starlight: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (options.guides !== undefined) {
  // One count, or several separated by commas to see how time and memory grow: --guides 250,500,1000
  const counts = options.guides.split(',').map(Number);
  const runs = Number(options.runs ?? '1');
  if (counts.some((count) => !Number.isInteger(count) || count < 0) || !Number.isInteger(runs) || runs < 1) {
    console.error('Usage: npm run bench -- --guides N[,N…] [--runs R] [--starlight DIR] [--keep]');
    process.exit(2);
  }
  const { printGrowth, runScaleBench } = await import('./bench/scale.mjs');
  const summaries = [];
  for (const guides of counts) {
    summaries.push(await runScaleBench({ repoRoot: process.cwd(), guides, runs, starlight: options.starlight, keep: options.keep }));
  }
  printGrowth(summaries);
  process.exit(0);
}
if (options.events !== undefined) {
  // Each run, with the rules alone and with every tool, is repeated (median of 3 by default).
  const counts = options.events.split(',').map(Number);
  const runs = Number(options.runs ?? '3');
  if (counts.some((count) => !Number.isInteger(count) || count < 1) || !Number.isInteger(runs) || runs < 1) {
    console.error('Usage: npm run bench -- --events N[,N…] [--runs R] [--rules-only]');
    process.exit(2);
  }
  const { runRulesBatchBench } = await import('./bench/rules-batch.mjs');
  await runRulesBatchBench({ counts, runs, rulesOnly: options['rules-only'] });
  process.exit(0);
}
if (options.terms !== undefined) {
  // Glossary linking time per page with today's glossary and one grown to N terms; needs dist/.
  const terms = spawnSync(process.execPath, ['scripts/bench-terms.ts', options.terms], { env, stdio: 'inherit' });
  process.exit(terms.status ?? 1);
}

const started = Date.now();
const build = spawnSync('npx', ['astro', 'build'], { env, encoding: 'utf8' });
const buildSeconds = (Date.now() - started) / 1000;
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(1);
}
const indexMs = /Indexed (\d+) pages for search in (\d+) ms/.exec(build.stdout);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}
const all = files('dist');
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);
const html = all.filter((f) => f.endsWith('.html'));
const group = (name, test) => {
  const list = all.filter(test);
  return { what: name, files: list.length, raw_kB: kb(list.reduce((n, f) => n + statSync(f).size, 0)), gzip_kB: kb(list.reduce((n, f) => n + gz(f), 0)) };
};

console.log(`Build (including search index): ${buildSeconds.toFixed(1)} s`);
console.log(`Search index: ${indexMs ? `${indexMs[2]} ms for ${indexMs[1]} pages` : 'not reported'}`);
console.log(`Pages: ${html.length}`);
console.table([
  group('HTML pages', (f) => f.endsWith('.html') && !f.includes('/pagefind/')),
  group('CSS', (f) => f.endsWith('.css') && !f.includes('/pagefind/')),
  group('Our JavaScript', (f) => f.endsWith('.js') && !f.includes('/pagefind/')),
  group('Search index and code (loaded on demand)', (f) => f.includes('/pagefind/')),
  group('Everything', () => true),
]);
const heaviest = html
  .filter((f) => !f.includes('/pagefind/'))
  .map((f) => ({ page: '/' + relative('dist', f).replace(/index\.html$/, ''), html_gzip_kB: kb(gz(f)) }))
  .sort((a, b) => Number(b.html_gzip_kB) - Number(a.html_gzip_kB))
  .slice(0, 5);
console.log('Heaviest pages (HTML, gzip):');
console.table(heaviest);

if (existsSync('scripts/bench-rules.ts')) {
  console.log('Rule engine:');
  const rules = spawnSync('npx', ['tsx', 'scripts/bench-rules.ts'], { env, stdio: 'inherit' });
  if (rules.status !== 0) process.exit(rules.status ?? 1);
}
