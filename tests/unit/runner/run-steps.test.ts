/**
 * The `npm test` runner leaves nothing behind: a server a step forgets is named and stopped, and
 * the run fails; an interrupt stops the step that is running; a port already taken is named
 * before anything starts. Each case runs the real runner in a child process with small stand-in
 * steps (a server that listens on a loopback port).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenersOn, processesMarked } from '../../../scripts/lib/processes.mjs';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const node = process.execPath;
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Step = { name: string; command: string; args: string[] };

function startRunner(steps: Step[], ports: number[]) {
  const child = spawn(node, [path.join(fixtures, 'run.mjs'), JSON.stringify({ steps, ports })], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
  return { child, done, output: () => output };
}

const leaveAServer = (port: number, exitCode = 0): Step => ({
  name: 'a step that forgets its server',
  command: node,
  args: [path.join(fixtures, 'leave-a-server.mjs'), String(port), String(exitCode)],
});

describe('the npm test runner', () => {
  it('fails a passing run that leaves a server behind, names its port and command line, and stops it', async () => {
    const port = await freePort();
    const { code, output } = await startRunner([leaveAServer(port)], [port]).done;
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`port ${port}, pid \\d+: .*server\\.mjs ${port}`));
    expect(output).toMatch(/Tests: 0 passed, 1 failed, 0 skipped\n$/);
    expect(await answers(port)).toBe(false);
  });

  it('still stops what a failing step left behind', async () => {
    const port = await freePort();
    const { code, output } = await startRunner([leaveAServer(port, 3)], [port]).done;
    expect(code).toBe(1);
    expect(output).toContain('failed (exit 3)');
    expect(output).toContain('Still running after the tests');
    expect(await answers(port)).toBe(false);
  });

  it('finds a forgotten process by its inherited mark even when it listens on no port the runner watches', async () => {
    const port = await freePort();
    const { code, output } = await startRunner([leaveAServer(port)], []).done;
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`pid \\d+: .*server\\.mjs ${port}`));
    expect(await answers(port)).toBe(false);
  });

  it('passes a run whose steps stop what they start', async () => {
    const port = await freePort();
    const tidy: Step = {
      name: 'a tidy step',
      command: node,
      args: ['-e', `const s=require('net').createServer().listen(${port},'127.0.0.1',()=>s.close())`],
    };
    const { code, output } = await startRunner([tidy], [port]).done;
    expect(output).not.toContain('Still running');
    expect(code).toBe(0);
  });

  it('stops the running step and everything it started on Ctrl-C', async () => {
    const port = await freePort();
    const serve: Step = { name: 'a long step', command: node, args: [path.join(fixtures, 'server.mjs'), String(port)] };
    const run = startRunner([serve], [port]);
    await until(() => answers(port));
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    expect(await answers(port)).toBe(false);
  });

  it('says what holds a port the tests need before starting anything', async () => {
    const port = await freePort();
    const holder = spawn(node, [path.join(fixtures, 'server.mjs'), String(port)], { stdio: 'ignore' });
    started.push(holder);
    await until(() => answers(port));
    const { code, output } = await startRunner([leaveAServer(port)], [port]).done;
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`Port ${port} is already in use \\(pid ${holder.pid}: .*server\\.mjs ${port}\\)`));
    expect(output).not.toContain('a step that forgets its server');
    expect(await answers(port)).toBe(true); // someone else's server is left alone
  });
});

describe('finding processes', () => {
  it('names the process that listens on a port', async () => {
    const port = await freePort();
    const server = spawn(node, [path.join(fixtures, 'server.mjs'), String(port)], { stdio: 'ignore' });
    started.push(server);
    await until(() => answers(port));
    expect(listenersOn(port)).toEqual([{ pid: server.pid, command: expect.stringContaining(`server.mjs ${port}`) }]);
  });

  it('finds every process that carries a mark in its environment, and only those', async () => {
    const port = await freePort();
    const mark = `mark-${port}`;
    const server = spawn(node, [path.join(fixtures, 'server.mjs'), String(port)], {
      stdio: 'ignore',
      env: { ...process.env, PLAINSEC_TEST_RUN: mark },
    });
    started.push(server);
    await until(() => answers(port));
    expect(processesMarked('PLAINSEC_TEST_RUN', mark).map((p) => p.pid)).toEqual([server.pid]);
    expect(processesMarked('PLAINSEC_TEST_RUN', 'another-run')).toEqual([]);
  });
});
