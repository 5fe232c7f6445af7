/**
 * YAML blocks must parse, every document of them (Kubernetes files often hold several, split by
 * `---`). A key written twice in one mapping is an error, not a quiet "last one wins": in a
 * manifest or workflow that usually means one of the two settings is silently dropped.
 */
import { parseAllDocuments } from 'yaml';
import type { BlockProblem } from './languages.ts';

/** One YAML document with the 1-based line (inside the block) where it starts. */
export interface YamlDocument {
  value: unknown;
  line: number;
}

/** Parses every document of a YAML block; returns them, or every problem found. */
export function parseYamlBlock(body: string): { documents: YamlDocument[]; problems: BlockProblem[] } {
  const docs = parseAllDocuments(body, { uniqueKeys: true, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems: BlockProblem[] = list.flatMap((doc) =>
    doc.errors.map((error) => ({
      line: error.linePos?.[0].line,
      message: `not valid YAML: ${error.message.split('\n')[0]}`,
    })),
  );
  const documents = problems.length
    ? []
    : list
        .map((doc) => ({
          value: doc.toJS({ maxAliasCount: 100 }) as unknown,
          line: body.slice(0, doc.contents?.range[0] ?? doc.range[0]).split('\n').length,
        }))
        .filter((doc) => doc.value !== null && doc.value !== undefined);
  return { documents, problems };
}
