/**
 * Reading glossary entries from the text of `content/glossary/<slug>.md` files.
 * Pure: the caller reads the files; this parses and validates their frontmatter.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { glossaryProblems, type GlossaryTerm } from './first-use.ts';

/** The frontmatter fields a glossary file has (the same rules as the site's content schema). */
const frontmatterSchema = z.strictObject({
  term: z.string().min(1).max(60),
  definition: z.string().min(10).max(160),
  aliases: z.array(z.string().min(1)).default([]),
  sayInstead: z.string().optional(),
  relatedGuides: z.array(z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)?$/)).default([]),
  autoLink: z.boolean().default(true),
});

/** One glossary entry as read from its file. */
export interface GlossaryEntry extends GlossaryTerm {
  definition: string;
  aliases: string[];
  sayInstead?: string;
  relatedGuides: string[];
  autoLink: boolean;
  /** The Markdown body: the longer plain explanation. */
  body: string;
}

/** Either the parsed value or plain-words reasons it could not be read. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Parses one glossary file. `slug` is the file name without `.md`. Returns the entry, or errors
 * naming the file and field and saying what to write.
 */
export function parseGlossaryFile(slug: string, source: string): ParseResult<GlossaryEntry> {
  const where = `content/glossary/${slug}.md`;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    return { ok: false, errors: [`${where}: the file name must be lower-case words joined by hyphens, e.g. access-key.md.`] };
  }
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) {
    return { ok: false, errors: [`${where}: the file must start with frontmatter between two lines of "---".`] };
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    return { ok: false, errors: [`${where}: the frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]}).`] };
  }
  const parsed = frontmatterSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (issue) => `${where}: ${issue.path.join('.') || 'frontmatter'}: ${issue.message}. See another glossary file for the expected fields.`,
      ),
    };
  }
  const { sayInstead, ...fields } = parsed.data;
  const entry: GlossaryEntry = { slug, ...fields, body: (match[2] ?? '').trim() };
  if (sayInstead !== undefined) entry.sayInstead = sayInstead;
  return { ok: true, value: entry };
}

/** Glossary order: by term. Where two entries claim a spelling, the first in this order wins. */
export function byTerm(a: { term: string }, b: { term: string }): number {
  return a.term.localeCompare(b.term, 'en');
}

/**
 * Parses every glossary file. `files` maps slug to file text. Returns all entries sorted by term,
 * or every error found (including a spelling claimed by two entries).
 */
export function parseGlossary(files: ReadonlyMap<string, string>): ParseResult<GlossaryEntry[]> {
  const entries: GlossaryEntry[] = [];
  const errors: string[] = [];
  for (const [slug, source] of files) {
    const result = parseGlossaryFile(slug, source);
    if (result.ok) entries.push(result.value);
    else errors.push(...result.errors);
  }
  errors.push(...glossaryProblems(entries));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: entries.sort(byTerm) };
}
