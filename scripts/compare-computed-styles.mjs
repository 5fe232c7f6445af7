#!/usr/bin/env node
/**
 * Proves a CSS change looks the same: serves two built sites (say, dist/ before and after moving
 * styles around), opens every page of each in Chromium, in light and dark colour scheme, at a
 * desktop and a phone width (and once printed, once with JavaScript off), waits for the islands to
 * hydrate, and compares the computed style of every element (a fixed list of properties, plus
 * ::before/::after) between the two.
 *
 *   node scripts/compare-computed-styles.mjs <before-dist> <after-dist> [--only /path/,/path/]
 *
 * Prints the pages × states compared and each difference (page, state, element, property,
 * before → after); exits 1 if there is any. The two sites' HTML must be the same apart from how
 * CSS is loaded, since elements are matched by their position in the document.
 */
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' } } });
if (positionals.length !== 2) {
  console.error('Usage: node scripts/compare-computed-styles.mjs <before-dist> <after-dist> [--only /a/,/b/]');
  process.exit(2);
}
const [beforeDir, afterDir] = positionals;

const properties = [
  'display', 'position', 'top', 'right', 'bottom', 'left', 'z-index', 'float', 'box-sizing',
  'width', 'height', 'min-width', 'min-height', 'max-width', 'max-height',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
  'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
  'border-top-left-radius', 'border-bottom-right-radius', 'outline-style', 'outline-width', 'outline-color', 'outline-offset',
  'color', 'background-color', 'background-image', 'opacity', 'visibility', 'accent-color', 'fill', 'stroke', 'stroke-width',
  'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-transform',
  'text-align', 'text-decoration-line', 'text-decoration-style', 'text-decoration-thickness', 'text-underline-offset',
  'white-space', 'overflow-wrap', 'vertical-align', 'list-style-type', 'cursor',
  'overflow-x', 'overflow-y', 'clip-path',
  'flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'order', 'align-items', 'align-self', 'justify-content',
  'row-gap', 'column-gap', 'grid-template-columns', 'counter-reset', 'break-inside', 'color-scheme',
];
const states = [
  { scheme: 'light', width: 1280, height: 900 },
  { scheme: 'dark', width: 1280, height: 900 },
  { scheme: 'light', width: 390, height: 844 },
  { scheme: 'dark', width: 390, height: 844 },
  // Print rules and `scripting: none` rules live in the component sheets too.
  { scheme: 'light', width: 1280, height: 900, media: 'print' },
  { scheme: 'light', width: 1280, height: 900, javaScript: false },
];

const types = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };
/** A static server for one built site on 127.0.0.1, `/x/` served from `x/index.html`. */
function serve(root) {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const pages = values.only
  ? values.only.split(',')
  : files(afterDir)
      .filter((f) => f.endsWith('.html') && !f.includes('/pagefind/'))
      // A page that only sends the reader on (the quiz's meta refresh) would be read mid-navigation.
      .filter((f) => !readFileSync(f, 'utf8').includes('http-equiv="refresh"'))
      .map((f) => '/' + relative(afterDir, f).replace(/index\.html$/, ''))
      .sort();

/** Runs in the page: every element's computed style, in document order. */
function dump(props) {
  const out = [];
  const pathOf = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + `:${[...(e.parentElement?.children ?? [])].indexOf(e) + 1}`);
    }
    return parts.join(' > ');
  };
  for (const el of [document.documentElement, ...document.body.querySelectorAll('*')]) {
    const style = getComputedStyle(el);
    const values = props.map((p) => style.getPropertyValue(p));
    for (const pseudo of ['::before', '::after']) {
      const ps = getComputedStyle(el, pseudo);
      values.push(ps.getPropertyValue('content'), ps.getPropertyValue('display'), ps.getPropertyValue('background-color'), ps.getPropertyValue('width'));
    }
    out.push([pathOf(el), values]);
  }
  return out;
}

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const [before, after] = await Promise.all([serve(beforeDir), serve(afterDir)]);
const origin = (server) => `http://127.0.0.1:${server.address().port}`;
const labels = [...properties, ...['::before', '::after'].flatMap((p) => ['content', 'display', 'background-color', 'width'].map((q) => `${p} ${q}`))];

/** One tab per site and state, reused page after page (both sites see the same sequence, so anything a page stores is the same for both). */
async function tab(state) {
  const context = await browser.newContext({
    viewport: { width: state.width, height: state.height },
    colorScheme: state.scheme,
    javaScriptEnabled: state.javaScript ?? true,
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  if (state.media) await page.emulateMedia({ media: state.media });
  return page;
}
async function snapshot(page, url, javaScript) {
  await page.goto(url, { waitUntil: 'load' });
  if (javaScript) {
    // Islands drop their `ssr` attribute once hydrated; then let effects run and paint.
    await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 15_000 }).catch(() => {});
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))));
  }
  return page.evaluate(dump, properties);
}

let compared = 0;
const differences = [];
for (const state of states) {
  const [tabA, tabB] = await Promise.all([tab(state), tab(state)]);
  const label = [state.scheme, `${state.width}px`, state.media, state.javaScript === false ? 'no JavaScript' : undefined].filter(Boolean).join(' ');
  for (const path of pages) {
    const javaScript = state.javaScript ?? true;
    const [a, b] = await Promise.all([snapshot(tabA, origin(before) + path, javaScript), snapshot(tabB, origin(after) + path, javaScript)]);
    compared++;
    if (a.length !== b.length) {
      differences.push(`${path} [${label}]: ${a.length} elements before, ${b.length} after`);
      continue;
    }
    for (let i = 0; i < a.length; i++) {
      const [pathA, va] = a[i];
      const [, vb] = b[i];
      for (let j = 0; j < va.length; j++) {
        if (va[j] !== vb[j]) differences.push(`${path} [${label}] ${pathA}: ${labels[j]} ${va[j]} → ${vb[j]}`);
      }
    }
  }
  await Promise.all([tabA.context().close(), tabB.context().close()]);
  console.error(`${label}: ${pages.length} pages compared`);
}
await browser.close();
before.close();
after.close();
console.log(`Compared ${pages.length} pages × ${states.length} states = ${compared} page states, ${properties.length + 8} properties per element.`);
console.log(`Differences: ${differences.length}`);
for (const d of differences.slice(0, 200)) console.log('  ' + d);
process.exit(differences.length ? 1 : 0);
