/**
 * Which processes hold a TCP port, and which processes a test run left behind.
 *
 * `npm test` and `npm start` use these to say in plain words what is in the way, and to prove
 * that nothing `npm test` started is still running when it ends. Linux keeps both answers in
 * /proc: listening sockets in /proc/net/tcp{,6} (by socket inode), the owner of an inode among
 * /proc/<pid>/fd, and a process's environment in /proc/<pid>/environ. Where /proc is missing
 * (macOS), the port answer falls back to "something answers on it" without naming it.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';

const LISTEN = '0A';

/** Socket inodes listening on a port, read from /proc/net/tcp and tcp6. */
function listeningInodes(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN) continue;
      const localPort = parseInt(cols[1].split(':').pop(), 16);
      if (localPort === port) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function numericDirs(dir) {
  try {
    return readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

/** The command line of a process, as one readable line, or undefined if it is gone. */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/** The processes that own a listening socket on this port: [{ pid, command }]. */
export function listenersOn(port) {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const found = [];
  for (const pid of numericDirs('/proc')) {
    const fds = numericDirs(`/proc/${pid}/fd`);
    for (const fd of fds) {
      let target;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match && inodes.has(match[1])) {
        found.push({ pid: Number(pid), command: commandLine(pid) ?? '(unknown)' });
        break;
      }
    }
  }
  return found;
}

/** True when something accepts connections on 127.0.0.1 or ::1 at this port. */
function portAnswers(port, timeoutMs = 500) {
  const tryHost = (host) =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (answer) => {
        socket.destroy();
        resolve(answer);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  return Promise.all([tryHost('127.0.0.1'), tryHost('::1')]).then(([v4, v6]) => v4 || v6);
}

/** One plain line about who holds a port, or undefined when it is free. */
export async function whoHolds(port) {
  const holders = listenersOn(port);
  if (holders.length > 0) return holders.map((h) => `pid ${h.pid}: ${h.command}`).join('; ');
  if (!existsSync('/proc/net/tcp') && (await portAnswers(port))) return 'a process this system does not name';
  return undefined;
}

/**
 * Processes whose environment carries `name=value`: everything a test run started (children
 * inherit the environment, even when they are detached or re-parented), except this process.
 */
export function processesMarked(name, value) {
  const needle = `${name}=${value}`;
  const found = [];
  for (const pid of numericDirs('/proc')) {
    if (Number(pid) === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (environ.split('\0').includes(needle)) found.push({ pid: Number(pid), command: commandLine(pid) ?? '(gone)' });
  }
  return found;
}

/** Sends a signal to a process (or, with a negative pid, its group), ignoring ones already gone. */
export function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
