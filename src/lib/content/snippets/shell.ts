/**
 * Shell blocks must pass `bash -n` (a syntax check that runs nothing). This module stays pure: it
 * turns a block into the script bash should read and turns bash's complaint into a problem; the
 * one line that starts bash lives in tests/support/bash-syntax.ts, outside src/lib, because
 * starting a process is not something the site's library code may do.
 */
import type { BlockProblem } from './languages.ts';

/**
 * The script in a block. A `console` block is a transcript: only lines starting with a `$ `
 * prompt are commands (with any `\`-continued lines after them); the rest is output and is not
 * shell. Other shell blocks are scripts as written.
 */
export function scriptOf(body: string, lang: string): string {
  if (lang !== 'console') return body;
  const out: string[] = [];
  let continuing = false;
  for (const line of body.split('\n')) {
    if (continuing) out.push(line);
    else if (/^\s*[$#] /.test(line)) out.push(line.replace(/^\s*[$#] /, ''));
    else {
      out.push(''); // keep line numbers
      continue;
    }
    continuing = /\\\s*$/.test(line);
  }
  return out.join('\n');
}

/** Reads `bash -n` error output (`bash: line 3: syntax error …`) into problems with lines. */
export function problemsFromBashOutput(stderr: string): BlockProblem[] {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    // bash repeats the offending line after the error (`bash: line 3: \`fi'`); the error says enough.
    .filter((l) => !/^[^:]*: line \d+: `/.test(l))
    .map((l) => {
      const m = /line (\d+): (.*)$/.exec(l);
      return m ? { line: Number(m[1]), message: `bash -n: ${m[2]}` } : { message: `bash -n: ${l.replace(/^[^:]*: /, '')}` };
    });
}

/** A function that runs `bash -n` on a script and returns what it printed on stderr ('' when fine). */
export type BashSyntaxCheck = (script: string) => string;

/** The shell problems in a block, using the given `bash -n` runner. */
export function checkShellBlock(body: string, lang: string, bashN: BashSyntaxCheck): BlockProblem[] {
  return problemsFromBashOutput(bashN(scriptOf(body, lang)));
}
