/**
 * Bundles the MDX entries that import nothing of their own into one server chunk.
 *
 * Astro loads each content entry with its own dynamic import, so by default the server bundle has
 * a chunk per guide. At a thousand guides, writing, loading and tracking those chunks is about a
 * third of the build. A guide that imports nothing but Astro's runtime has no styles or scripts
 * to carry, so it can share a chunk with the others like it; the built pages are the same byte for
 * byte. A guide that imports a component (a diagram with its own styles, an image) keeps its own
 * chunk, because Astro finds an entry's styles through the chunk it is in.
 *
 * The choice is made from what each compiled module imports (Rolldown's `moduleParsed`), not from
 * its source text, so markdown that compiles to an import (an image, say) is never grouped.
 *
 * Also drops one warning Astro causes and cannot act on: every MDX entry's style wrapper starts
 * with Astro's `"use astro:head-inject"` marker, which Rolldown reports once per file
 * (MODULE_LEVEL_DIRECTIVE). At a thousand guides that is a megabyte of log that hides real warnings.
 */
import type { AstroIntegration } from 'astro';
import type { UserConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The query Astro adds to a content entry's style wrapper, which imports the entry itself. */
const styleWrapperQuery = '?astroPropagatedAssets';

/** Astro's own runtime, wherever Astro is installed. */
const astroRuntime = /\/node_modules\/astro\/dist\//;

/** Normalises a module id for comparison: forward slashes, so Windows paths match too. */
const slashed = (id: string) => id.split(path.sep).join('/');

/**
 * Remembers what each MDX module under a content folder imports, and answers whether a module
 * belongs in the shared chunk: a text-only MDX entry, or the style wrapper of one.
 */
export class TextOnlyMdx {
  readonly #contentRoot: string;
  /** Compiled MDX modules under the content folder, by id: whether they import only Astro's runtime. */
  readonly #textOnly = new Map<string, boolean>();

  /** @param contentRoot the folder the content collections are read from */
  constructor(contentRoot: string) {
    this.#contentRoot = slashed(contentRoot).replace(/\/?$/, '/');
  }

  /** Records a parsed module; only MDX files under the content folder are kept. */
  record(id: string, importedIds: readonly string[], dynamicallyImportedIds: readonly string[]): void {
    const file = slashed(id);
    if (!file.startsWith(this.#contentRoot) || !file.endsWith('.mdx')) return;
    // Every compiled MDX module imports Astro's JSX runtime and server runtime, which have no styles.
    const onlyRuntime = importedIds.every((imported) => astroRuntime.test(slashed(imported)));
    this.#textOnly.set(file, onlyRuntime && dynamicallyImportedIds.length === 0);
  }

  /** Whether a module goes in the shared chunk. Unknown modules never do. */
  includes(id: string): boolean {
    const file = slashed(id);
    const entry = file.endsWith(styleWrapperQuery) ? file.slice(0, -styleWrapperQuery.length) : file;
    return this.#textOnly.get(entry) === true;
  }

  /** How many text-only MDX entries were recorded, for the build log. */
  get count(): number {
    return [...this.#textOnly.values()].filter(Boolean).length;
  }
}

/** Whether a bundler log is Rolldown's report of Astro's own head-inject marker. */
export function isAstroHeadInjectWarning(log: { code?: string; message: string }): boolean {
  return log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use astro:head-inject"');
}

type OnLog = NonNullable<NonNullable<NonNullable<UserConfig['build']>['rolldownOptions']>['onLog']>;

/** Passes every bundler log on except Astro's head-inject warnings. */
const withoutHeadInjectWarnings: OnLog = (level, log, handler) => {
  if (!isAstroHeadInjectWarning(log)) handler(level, log);
};

export default function textOnlyMdxChunk(): AstroIntegration {
  let textOnly: TextOnlyMdx | undefined;
  return {
    name: 'plainsec:text-only-mdx-chunk',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return;
        const recorded = new TextOnlyMdx(fileURLToPath(new URL('content/', config.root)));
        textOnly = recorded;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'plainsec:text-only-mdx-record',
                moduleParsed: (info) => recorded.record(info.id, info.importedIds, info.dynamicallyImportedIds),
              },
            ],
            build: {
              rolldownOptions: { onLog: withoutHeadInjectWarnings },
            },
            environments: {
              prerender: {
                build: {
                  rolldownOptions: {
                    output: {
                      codeSplitting: {
                        // Rolldown asks only after every module is parsed, so the record is complete.
                        groups: [{ name: 'text-only-mdx', test: (id: string) => recorded.includes(id) }],
                      },
                    },
                  },
                },
              },
            },
          },
        });
      },
      'astro:build:done': ({ logger }) => {
        if (textOnly !== undefined) logger.info(`Bundled ${textOnly.count} MDX entries that import nothing of their own into one server chunk`);
      },
    },
  };
}
