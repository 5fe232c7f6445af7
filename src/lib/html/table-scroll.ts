/**
 * A rehype step for Markdown tables: each table goes inside a labelled, focusable region that
 * scrolls sideways on its own when the table is wider than the screen.
 *
 * Why a scroll region rather than rows turned into labelled blocks: guide tables are short
 * comparisons (alert, urgency, why; one tool per row) that read best across, and a region keeps the
 * table's own semantics with no CSS that changes how a screen reader sees it. The region needs a
 * name and a tab stop so a keyboard user can scroll it and a screen reader says what it holds.
 * The name is the table's caption, else the text of the heading before it, else "Table".
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

type Node = Root | RootContent | ElementContent;

const isElement = (node: Node): node is Element => node.type === 'element';
const isHeading = (node: Element) => /^h[1-6]$/.test(node.tagName);

function textOf(node: Node): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as Node[]).map(textOf).join('');
  return '';
}

/** The heading's words without a step number ("1. Sort your alerts" reads "Sort your alerts"). */
const headingLabel = (heading: Element) =>
  textOf(heading)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\d+\.\s+/, '');

function captionOf(table: Element): string | undefined {
  const caption = table.children.find((c): c is Element => isElement(c) && c.tagName === 'caption');
  const text = caption ? textOf(caption).replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

export function wrapTables(tree: Root): void {
  let lastHeading: string | undefined;
  const visit = (parent: Root | Element) => {
    parent.children.forEach((child, i) => {
      if (!isElement(child)) return;
      if (isHeading(child)) {
        lastHeading = headingLabel(child) || lastHeading;
        return;
      }
      if (child.tagName === 'table') {
        const alreadyWrapped = isElement(parent) && String(parent.properties?.className ?? '').includes('table-scroll');
        if (alreadyWrapped) return;
        const wrapper: Element = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-scroll'], role: 'region', ariaLabel: captionOf(child) ?? lastHeading ?? 'Table', tabIndex: 0 },
          children: [child],
        };
        (parent.children as ElementContent[])[i] = wrapper;
        return;
      }
      visit(child);
    });
  };
  visit(tree);
}

/** The rehype plugin: `markdown.rehypePlugins` in astro.config.mjs. */
export default function rehypeTableScroll() {
  return (tree: Root) => wrapTables(tree);
}
