/** Runs the plainsec command in this process, as a person would type it, and collects what it prints. */
import { run } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/args.ts';

export async function plainsec(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  const code = await run(argv, io);
  return { code, out, err };
}
