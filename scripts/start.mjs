#!/usr/bin/env node
/**
 * `npm start`: build the site, index it for search, and serve it at http://localhost:4321
 * (or the port in PORT). If the port is taken, say by what and how to free it, in one line,
 * before spending time on a build.
 *
 * The server runs inside this process through Astro's JavaScript API, so it never trips over
 * another preview's lock file (an earlier `npm start` in another terminal, say) and Ctrl-C ends it.
 */
import { spawnSync } from 'node:child_process';
import { preview } from 'astro';
import { whoHolds } from './lib/processes.mjs';

const port = Number(process.env.PORT ?? 4321);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a number from 1 to 65535 (it is "${process.env.PORT}"). Try: PORT=4322 npm start`);
  process.exit(2);
}

const pidOf = (holder) => {
  const pid = /^pid (\d+):/.exec(holder)?.[1];
  return pid ? ` with \`kill ${pid}\`` : '';
};
const holder = await whoHolds(port);
if (holder) {
  console.error(
    `Port ${port} is already in use (${holder}). Stop it${pidOf(holder)}, or serve on another port: PORT=${port + 1} npm start`,
  );
  process.exit(1);
}

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const build = spawnSync('npx', ['astro', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// strictPort: if the port was taken during the build, fail rather than serve somewhere unexpected.
const server = await preview({ server: { port }, vite: { preview: { strictPort: true } } });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await server.stop();
    process.exit(0);
  });
}
await server.closed();
