/**
 * Runs one `astro build` and measures it from outside: wall time, when each log line arrived
 * (so steps that log once at their end can be timed), and the peak memory of the whole process
 * tree (Node, its worker threads and the Pagefind binary), sampled from /proc.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Resident memory of a process and all its descendants, in bytes (Linux /proc; 0 elsewhere). */
function treeRss(rootPid) {
  let stats;
  try {
    stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map((pid) => {
        try {
          // Fields after the command name, which may itself contain spaces and brackets.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return { pid: Number(pid), parent: Number(fields[1]), rssPages: Number(fields[21]) };
        } catch {
          return undefined;
        }
      })
      .filter((stat) => stat !== undefined);
  } catch {
    return 0;
  }
  const children = new Map();
  for (const stat of stats) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  let pages = 0;
  const queue = stats.filter((stat) => stat.pid === rootPid);
  while (queue.length > 0) {
    const stat = queue.pop();
    pages += stat.rssPages;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return pages * 4096;
}

/** The `astro` command-line entry of the Astro installed for a project folder. */
function astroEntry(projectRoot) {
  const require = createRequire(join(projectRoot, 'package.json'));
  return join(require.resolve('astro/package.json'), '..', 'bin', 'astro.mjs');
}

/**
 * Builds the site in `cwd` with the current Node and resolves with
 * `{ status, wallMs, peakRss, lines: [{ atMs, text }] }`.
 */
export function measureBuild(cwd, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [astroEntry(cwd), 'build'], {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    let peakRss = 0;
    const sample = () => {
      peakRss = Math.max(peakRss, treeRss(child.pid));
    };
    const sampler = setInterval(sample, 50);
    const collect = (stream) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const atMs = performance.now() - started;
        const parts = (pending + chunk).split('\n');
        pending = parts.pop() ?? '';
        for (const text of parts) lines.push({ atMs, text });
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    child.on('close', (status) => {
      clearInterval(sampler);
      resolve({ status, wallMs: performance.now() - started, peakRss, lines });
    });
  });
}

/**
 * Splits a build log into phases. Before render: content sync and bundling, up to
 * "generating static routes". Render: Astro's own figure for generating the pages. After
 * render: each integration that logs once at the end of its work is timed from the previous
 * such line; the rest (process exit, worker shutdown) is "other".
 */
export function phasesOf(run) {
  const plain = run.lines.map((line) => ({ ...line, text: line.text.replace(/\u001b\[[0-9;]*m/g, '') }));
  const renderStart = plain.find((line) => /generating static routes/.test(line.text));
  const renderIndex = plain.findIndex((line, index) => index > plain.indexOf(renderStart) && /✓ Completed in [\d.]+m?s\./.test(line.text));
  const phases = [];
  if (renderStart === undefined || renderIndex === -1) return { phases, afterRenderMs: undefined };
  const renderLine = plain[renderIndex];
  const [, amount, unit] = /✓ Completed in ([\d.]+)(m?s)\./.exec(renderLine.text);
  phases.push({ phase: 'before render (content, bundling)', ms: renderStart.atMs });
  phases.push({ phase: 'Astro render', ms: Number(amount) * (unit === 's' ? 1000 : 1) });
  let previous = renderLine.atMs;
  for (const line of plain.slice(renderIndex + 1)) {
    const step = /\[([\w@/:.-]+)\]/.exec(line.text)?.[1];
    if (step === undefined || step === 'build' || step === 'WARN') continue;
    const own = /in (\d+) ?ms/.exec(line.text);
    const last = phases.at(-1);
    if (last?.phase === step) {
      // A step that logs several lines is timed up to its last one.
      last.ms += line.atMs - previous;
      if (own) last.ownMs = Number(own[1]);
      previous = line.atMs;
      continue;
    }
    phases.push({ phase: step, ms: line.atMs - previous, ...(own ? { ownMs: Number(own[1]) } : {}) });
    previous = line.atMs;
  }
  phases.push({ phase: 'other (exit)', ms: run.wallMs - previous });
  return { phases, afterRenderMs: run.wallMs - renderLine.atMs };
}
