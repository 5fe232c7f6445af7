/**
 * JSON blocks must parse as written: readers paste them into consoles and `--cli-input-json`
 * files, which accept no comments, trailing commas or `...`. JSON5 is accepted only when the
 * fence says `json5`, so a block is never judged by a looser parser than the tool that reads it.
 */
import JSON5 from 'json5';
import type { BlockProblem } from './languages.ts';

/** Line (1-based) of a character offset in text. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function json5Line(body: string): number | undefined {
  try {
    JSON5.parse(body);
    return undefined;
  } catch (error) {
    const m = /at (\d+):\d+/.exec(error instanceof Error ? error.message : '');
    return m ? Number(m[1]) : undefined;
  }
}

/** Parses a JSON (or JSON5) block; returns the value, or the problem with its line. */
export function parseJsonBlock(body: string, json5 = false): { value: unknown } | { problem: BlockProblem } {
  try {
    return { value: json5 ? JSON5.parse(body) : JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 says "... at position 42 (line 3 column 5)"; JSON5 says "... at 3:5".
    const lineCol = /line (\d+) column \d+/.exec(message) ?? /at (\d+):\d+/.exec(message);
    const position = /position (\d+)/.exec(message);
    let line = lineCol ? Number(lineCol[1]) : position ? lineAt(body, Number(position[1])) : undefined;
    // Some V8 messages give no position ("Unexpected token '.', ..."); JSON5 locates most of those.
    if (line === undefined && !json5) line = json5Line(body);
    return { problem: { line, message: `not valid ${json5 ? 'JSON5' : 'JSON'}: ${message}` } };
  }
}
