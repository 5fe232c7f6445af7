/**
 * `npm run bench -- --guides N [--runs R] [--starlight DIR] [--keep]`: builds a throwaway copy of
 * the site with N synthetic guides added and prints the wall time of each phase and the peak
 * memory. With `--starlight DIR` (a folder outside the repository where `@astrojs/starlight` is
 * installed), also builds the same N guides with Starlight's defaults in the same run, alternating
 * the two, and prints the ratio of the whole-build times. Figures are medians over R runs.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureBuild, phasesOf } from './measure.mjs';
import { glossaryTerms, writePlainsecGuides, writeStarlightGuides } from './synthetic-guides.mjs';

/** Top-level entries of the repository that a build neither needs nor should see. */
const notCopied = new Set(['node_modules', 'dist', '.astro', '.git', 'coverage', 'test-results', 'playwright-report', '.lighthouse']);
/** Caches Astro and Vite keep under node_modules; each copy gets its own, so every build starts cold. */
const caches = new Set(['.astro', '.vite', '.cache']);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
const megabytes = (bytes) => Math.round(bytes / 1024 / 1024);

/** A copy of the site in a temp folder, sharing the installed packages but not their caches. */
function copySite(repoRoot) {
  const copy = mkdtempSync(join(tmpdir(), 'plainsec-bench-'));
  for (const entry of readdirSync(repoRoot)) {
    if (notCopied.has(entry)) continue;
    cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
  }
  mkdirSync(join(copy, 'node_modules'));
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (!caches.has(entry)) symlinkSync(join(repoRoot, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
  return copy;
}

/** A Starlight project with its defaults and the same guides, inside the folder where Starlight is installed. */
function starlightSite(starlightDir, count, terms) {
  const site = mkdtempSync(join(starlightDir, 'site-'));
  writeFileSync(join(site, 'package.json'), 
    // Listing the packages lets Astro see that Starlight ships .astro files and bundle it.
    JSON.stringify({ name: 'starlight-bench-site', private: true, type: 'module', dependencies: { '@astrojs/starlight': '*', astro: '*' } }),
  );
  writeFileSync(
    join(site, 'astro.config.mjs'),
    "import { defineConfig } from 'astro/config';\nimport starlight from '@astrojs/starlight';\n\nexport default defineConfig({ integrations: [starlight({ title: 'Bench' })] });\n",
  );
  mkdirSync(join(site, 'src'), { recursive: true });
  writeFileSync(
    join(site, 'src', 'content.config.ts'),
    "import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\n\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n",
  );
  writeStarlightGuides(join(site, 'src', 'content', 'docs', 'guides'), count, terms);
  return site;
}

/** Removes what a build leaves behind, so the next build starts from the same cold state. */
function clean(site) {
  for (const leftover of ['dist', '.astro', join('node_modules', '.astro'), join('node_modules', '.vite')]) {
    rmSync(join(site, leftover), { recursive: true, force: true });
  }
}

function countHtml(folder) {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true }).filter((name) => String(name).endsWith('.html')).length;
}

async function buildOnce(name, site) {
  clean(site);
  const run = await measureBuild(site);
  if (run.status !== 0) {
    process.stderr.write(run.lines.map((line) => line.text).join('\n') + '\n');
    throw new Error(`${name} build failed (exit ${run.status})`);
  }
  const { phases, afterRenderMs } = phasesOf(run);
  return { wallMs: run.wallMs, peakRss: run.peakRss, phases, afterRenderMs, pages: countHtml(join(site, 'dist')) };
}

/** Medians of every figure across runs, phases matched by name and position. */
function summarise(runs) {
  const first = runs[0];
  return {
    pages: first.pages,
    wallMs: median(runs.map((run) => run.wallMs)),
    peakRss: median(runs.map((run) => run.peakRss)),
    afterRenderMs: median(runs.map((run) => run.afterRenderMs ?? Number.NaN)),
    renderMs: median(runs.map((run) => run.phases.find((phase) => phase.phase === 'Astro render')?.ms ?? Number.NaN)),
    phases: first.phases.map((phase, index) => ({
      phase: phase.phase,
      wall_s: phase.ms === undefined ? '' : seconds(median(runs.map((run) => run.phases[index]?.ms ?? Number.NaN))),
      ...(phase.ownMs !== undefined ? { reported_s: seconds(median(runs.map((run) => run.phases[index]?.ownMs ?? Number.NaN))) } : {}),
    })),
  };
}

export async function runScaleBench({ repoRoot, guides, runs = 1, starlight, keep = false }) {
  const terms = glossaryTerms(join(repoRoot, 'content', 'glossary'));
  const plainsecSite = copySite(repoRoot);
  writePlainsecGuides(plainsecSite, guides, terms);
  const starlightDir = starlight === undefined ? undefined : resolve(starlight);
  if (starlightDir !== undefined && !existsSync(join(starlightDir, 'node_modules', '@astrojs', 'starlight'))) {
    throw new Error(`${starlightDir} has no node_modules/@astrojs/starlight: run "npm install @astrojs/starlight astro" there first.`);
  }
  const starlightProject = starlightDir === undefined ? undefined : starlightSite(starlightDir, guides, terms);
  console.log(`Building with ${guides} synthetic guides, ${runs} run(s)${starlightProject ? ', alternating with Starlight' : ''}.`);
  const results = { plainsec: [], starlight: [] };
  try {
    for (let run = 1; run <= runs; run += 1) {
      const plainsec = await buildOnce('Plainsec', plainsecSite);
      results.plainsec.push(plainsec);
      console.log(`  run ${run}: Plainsec ${seconds(plainsec.wallMs)} s, ${megabytes(plainsec.peakRss)} MB`);
      if (starlightProject !== undefined) {
        const other = await buildOnce('Starlight', starlightProject);
        results.starlight.push(other);
        console.log(`  run ${run}: Starlight ${seconds(other.wallMs)} s, ${megabytes(other.peakRss)} MB`);
      }
    }
  } finally {
    if (!keep) {
      rmSync(plainsecSite, { recursive: true, force: true });
      if (starlightProject !== undefined) rmSync(starlightProject, { recursive: true, force: true });
    } else console.log(`Kept ${plainsecSite}${starlightProject ? ` and ${starlightProject}` : ''}`);
  }
  const ours = summarise(results.plainsec);
  console.log(`\nPlainsec, ${ours.pages} pages (median of ${runs}; "reported" is the step's own figure):`);
  console.table(ours.phases);
  const rows = [
    { figure: 'whole build, wall (s)', Plainsec: seconds(ours.wallMs) },
    { figure: 'Astro render (s)', Plainsec: seconds(ours.renderMs) },
    { figure: 'everything after render (s)', Plainsec: seconds(ours.afterRenderMs) },
    { figure: 'peak memory, whole process tree (MB)', Plainsec: megabytes(ours.peakRss) },
    { figure: 'HTML pages', Plainsec: ours.pages },
  ];
  if (results.starlight.length > 0) {
    const theirs = summarise(results.starlight);
    console.log(`\nStarlight, ${theirs.pages} pages (median of ${runs}):`);
    console.table(theirs.phases);
    Object.assign(rows[0], { Starlight: seconds(theirs.wallMs) });
    Object.assign(rows[1], { Starlight: seconds(theirs.renderMs) });
    Object.assign(rows[2], { Starlight: seconds(theirs.afterRenderMs) });
    Object.assign(rows[3], { Starlight: megabytes(theirs.peakRss) });
    Object.assign(rows[4], { Starlight: theirs.pages });
    rows.push({ figure: 'whole build, Plainsec ÷ Starlight', Plainsec: (ours.wallMs / theirs.wallMs).toFixed(2) });
  }
  console.log('');
  console.table(rows);
  return { guides, pages: ours.pages, wallMs: ours.wallMs, renderMs: ours.renderMs, afterRenderMs: ours.afterRenderMs, peakRss: ours.peakRss };
}

/** One line per guide count, to see how time and peak memory grow with the number of pages. */
export function printGrowth(summaries) {
  if (summaries.length < 2) return;
  console.log('\nGrowth with the number of pages (Plainsec):');
  console.table(
    summaries.map((summary) => ({
      guides: summary.guides,
      pages: summary.pages,
      whole_build_s: seconds(summary.wallMs),
      render_s: seconds(summary.renderMs),
      after_render_s: seconds(summary.afterRenderMs),
      peak_MB: megabytes(summary.peakRss),
    })),
  );
}
