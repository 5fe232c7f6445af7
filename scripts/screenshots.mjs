#!/usr/bin/env node
/**
 * `npm run screenshots`: pictures of every tool page in each state the browser tests reach
 * (tests/e2e/tool-states.ts), at 390 and 1280 px, light and dark, in screenshots/ with an
 * index.html that shows them side by side, so a person can look over all of them in a minute.
 *
 * Builds the site only if dist/ is missing. Playwright's runner (scripts/screenshots.config.ts)
 * starts `astro preview` on a free loopback port and stops it, and the browser, when done, so
 * nothing outlives the script. Not part of `npm test`: it checks nothing, it is for eyes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const folder = path.resolve('screenshots');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

/** A port nothing listens on now, on the loopback address only. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

if (!existsSync('dist/index.html')) {
  console.log('No built site in dist/: building it first.');
  if (run('npx', ['astro', 'build']) !== 0) process.exit(1);
}

rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
const port = await freePort();
const status = run('npx', ['playwright', 'test', '--config', 'scripts/screenshots.config.ts'], { PLAINSEC_PORT: String(port), PLAINSEC_SHOTS_DIR: folder });

const shots = readdirSync(folder)
  .filter((f) => /^shots-.*\.json$/.test(f))
  .flatMap((f) => JSON.parse(readFileSync(path.join(folder, f), 'utf8')));
// One row per state, in the order tool-states.ts lists them: phone light, phone dark, laptop light, laptop dark.
const states = [...new Map(shots.map((s) => [s.state, s.path])).entries()];
const order = (s) => (s.width < 600 ? 0 : 2) + (s.theme === 'dark' ? 1 : 0);
const rows = states
  .map(([state, where]) => {
    const figures = shots
      .filter((s) => s.state === state)
      .sort((a, b) => order(a) - order(b))
      .map(
        (s) => `<figure><a href="${escape(s.file)}"><img src="${escape(s.file)}" alt="" loading="lazy" width="${s.width}"></a><figcaption>${s.width} px, ${s.theme}</figcaption></figure>`,
      )
      .join('\n');
    return `<section><h2>${escape(state)} <code>${escape(where)}</code></h2><div class="row">${figures}</div></section>`;
  })
  .join('\n');
writeFileSync(
  path.join(folder, 'index.html'),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Plainsec: every tool state</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem; }
h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
.row { display: grid; grid-template-columns: 1fr 1fr 2fr 2fr; gap: .75rem; align-items: start; }
figure { margin: 0; }
img { width: 100%; height: auto; max-height: 70vh; object-fit: cover; object-position: top; border: 1px solid #999; }
</style></head><body>
<h1>Every tool state: ${states.length} states, ${shots.length} pictures</h1>
<p>Each row: phone (390 px) light and dark, then laptop (1280 px) light and dark. Select a picture to see all of it.</p>
${rows}
</body></html>
`,
);
console.log(`Screenshots: ${shots.length} pictures of ${states.length} states in ${folder}/ (open index.html)`);
process.exit(status);
