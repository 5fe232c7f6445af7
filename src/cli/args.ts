/**
 * What every `plainsec` command shares: where it writes, its exit codes, and reading its options.
 */
import { parseArgs } from 'node:util';

/** Where the command writes. Tests and other callers can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The command's one reading of the clock; tests give a fixed moment. Leave out for the real clock. */
  now?(): Date;
}

/** "Now" for a command: from its Io when given, else the machine's clock. */
export function nowFor(io: Io): Date {
  return io.now ? io.now() : new Date();
}

/**
 * Exit codes of every command: 0 done; 1 the command's check came out "no" (test-pattern found no
 * match, rules test had an example fail or a tool disagree, assess score was below --min-level);
 * 2 bad input or usage.
 */
export const exitCodes = { ok: 0, checkFailed: 1, badInput: 2 } as const;

type Parsed =
  | { ok: true; values: Record<string, string | string[] | boolean | undefined>; positionals: string[] }
  | { ok: false; error: string };

/** The options and file names given, or node's own message on what is wrong with them. */
export function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { ok: true, values: values as Record<string, string | string[] | boolean | undefined>, positionals };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * Says what is wrong with how a command was called, and how to get its help; returns exit code 2.
 * `command` is the command as typed after `plainsec`: "rules export", "assess score", "test-pattern".
 */
export function usageError(io: Io, command: string, message: string): number {
  io.err(`plainsec ${command}: ${message}\nRun "plainsec ${command} --help" for how to use it.`);
  return exitCodes.badInput;
}
