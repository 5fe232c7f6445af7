/**
 * Which parser reads a fenced block, from the word after the opening fence. One table, so the
 * real-content test and the report agree on what "a YAML block" or "a shell block" is.
 */
export type Parser = 'json' | 'json5' | 'yaml' | 'shell' | 'hcl';

const byLang: Record<string, Parser> = {
  json: 'json',
  json5: 'json5',
  yaml: 'yaml',
  yml: 'yaml',
  bash: 'shell',
  sh: 'shell',
  shell: 'shell',
  console: 'shell',
  hcl: 'hcl',
  terraform: 'hcl',
  tf: 'hcl',
};

/** The parser for a fence's language, or undefined for languages no check reads (text, ini, …). */
export function parserFor(lang: string): Parser | undefined {
  return byLang[lang.toLowerCase()];
}

/** A problem with one block: the 1-based line inside the block when known, and what is wrong. */
export interface BlockProblem {
  line?: number;
  message: string;
}
