// @ts-check
import { createHash } from 'node:crypto';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import postBuild from './src/integrations/post-build.ts';
import { themeInitScript } from './src/scripts/theme-init.mjs';

/** @param {string} text @returns {`sha256-${string}`} */
const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

export default defineConfig({
  site: 'https://plainsec.dev',
  output: 'static',
  trailingSlash: 'always',
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
  // The post-build pass (style hoist, glossary links) comes last: it rewrites the pages Astro
  // wrote and hands each final page to the search index.
  integrations: [mdx(), preact(), sitemap({ filter: (page) => !page.endsWith('/404/') && !page.endsWith('/quiz/') }), postBuild({ searchIndex: true })],
  vite: {
    build: { assetsInlineLimit: 0 },
  },
});
