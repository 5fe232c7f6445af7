// @ts-check
import { createHash } from 'node:crypto';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { runHighlighterWithAstro } from '@astrojs/prism/dist/highlighter';
import cliFile from './src/integrations/cli-file.ts';
import finishPages from './src/integrations/finish-pages.ts';
import textOnlyMdxChunk from './src/integrations/text-only-mdx-chunk.ts';
import { themeInitScript } from './src/scripts/theme-init.mjs';

// Prism's Markdown grammar colours a front matter block as YAML only if YAML was loaded before it,
// and Astro's highlighter loads each language when a code block first needs it, in whatever order
// the build meets them. Highlighting a YAML snippet here, with that same highlighter, loads YAML
// first, so every build colours Markdown examples the same way.
await runHighlighterWithAstro('yaml', '');

/** @param {string} text @returns {`sha256-${string}`} */
const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

export default defineConfig({
  site: 'https://plainsec.dev',
  output: 'static',
  trailingSlash: 'always',
  build: {
    // Four pages render at a time: while some wait for a module to load or a file to be written,
    // another renders. Pages still reach the search index in the order they start rendering (see
    // finish-pages-middleware.ts), not the order they finish.
    concurrency: 4,
  },
  markdown: {
    // Prism marks tokens with classes; Shiki would add inline style attributes that a strict CSP blocks.
    syntaxHighlight: 'prism',
  },
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        // Pagefind runs its search in a worker built from a blob.
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: {
        // Pagefind compiles WebAssembly; nothing else needs more than 'self'.
        resources: ["'self'", "'wasm-unsafe-eval'"],
        hashes: [sha256(themeInitScript)],
      },
    },
  },
  // Pages are finished as they render: guide pages link their glossary terms (`LinkedProse.astro`),
  // then every page has the island style moved into <head> and goes to the search index.
  integrations: [
    mdx(),
    // Only .tsx files hold JSX. By default the Preact integration runs Babel over every .ts file as
    // well, which costs a third of the bundling time and changes nothing in what it outputs.
    preact({ include: [/\.tsx$/] }),
    sitemap({ filter: (page) => !page.endsWith('/404/') && !page.endsWith('/quiz/') }),
    finishPages({ searchIndex: true }),
    textOnlyMdxChunk(),
    cliFile(),
  ],
  vite: {
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        output: {
          // Chunks are cut by which pages share a module, so a new page that shares a few modules in
          // a new mix splits the others' chunks into many small files: each one a request and a few
          // hundred bytes the budgets count (tests/e2e/budgets.spec.ts). These groups always travel together.
          codeSplitting: {
            groups: [
              // Every island renders with Preact and its hooks, and keeps or reads state through these two stores' helpers.
              { name: 'preact', test: /node_modules[\\/](preact|nanostores)[\\/]|src[\\/]stores[\\/]browser-storage\.ts$/, priority: 2 },
              // What the self-assessment and the team view read first: the stored answers and the result file's reader.
              { name: 'assessment-store', test: /src[\\/](lib[\\/]assessment[\\/](result-file|stored|answers)\.ts|islands[\\/]ReadingState\.tsx)$/, priority: 1 },
            ],
          },
        },
      },
    },
  },
});
