/**
 * Markdown tables (the guides) go inside a labelled, focusable region that scrolls sideways on
 * its own when the table is wider than the screen. The tools' own tables are written inside such
 * a region already and are left alone.
 *
 * Why a scroll region rather than rows turned into labelled blocks: guide tables are short
 * comparisons (alert, urgency, why; one tool per row) that read best across, and a region keeps the
 * table's own semantics with no CSS that changes how a screen reader sees it. The region needs a
 * name and a tab stop so a keyboard user can scroll it and a screen reader says what it holds.
 * The name is the table's caption, else the words of the heading before it, else "Table".
 *
 * This runs on the finished page (finish-pages-middleware.ts): Astro's Markdown processor takes
 * no rehype plugins, and only the whole page knows which heading comes before a table.
 */

const alreadyWrapped = /<section class="table-scroll"[^>]*>\s*$/;
const heading = /<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g;

/** Text of an HTML fragment: tags dropped, the few entities Astro writes turned back, spaces joined. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The last heading's words before this point, without a step number ("1. Sort your alerts" reads "Sort your alerts"). */
function lastHeadingBefore(html: string, end: number): string | undefined {
  let found: string | undefined;
  for (const m of html.slice(0, end).matchAll(heading)) found = textOf(m[1]!).replace(/^\d+\.\s+/, '') || found;
  return found;
}

/** The page with every table that is not yet in a scroll region put in one. */
export function wrapTables(html: string): string {
  if (!html.includes('<table')) return html;
  const tables = /<table\b[\s\S]*?<\/table>/g;
  let out = '';
  let last = 0;
  for (const m of html.matchAll(tables)) {
    const start = m.index!;
    if (alreadyWrapped.test(html.slice(Math.max(0, start - 300), start))) continue;
    const caption = /^<table\b[^>]*>\s*<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(m[0]);
    const label = (caption && textOf(caption[1]!)) || lastHeadingBefore(html, start) || 'Table';
    out += `${html.slice(last, start)}<section class="table-scroll" aria-label="${attribute(label)}" tabindex="0">${m[0]}</section>`;
    last = start + m[0].length;
  }
  return out + html.slice(last);
}
