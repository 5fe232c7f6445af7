/**
 * Reading guide prose out of built HTML: parsing, the text a reader reads, and the places where
 * glossary links may go. Pure: takes and returns strings and parsed trees, never touches files.
 */
import { parse, HTMLElement, NodeType, TextNode, type Node } from 'node-html-parser';

/** Parses a whole page or fragment, keeping comments and the raw text of `pre`, `script` and `style`. */
export function parseHtml(html: string): HTMLElement {
  return parse(html, {
    comment: true,
    blockTextElements: { script: true, noscript: true, style: true, pre: true, textarea: true },
  });
}

/** Elements that start a new block of text, so their text is a separate sentence for readability. */
const blockTags = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'section', 'summary', 'td', 'th', 'tr', 'ul',
]);

/** Elements whose text is not prose a reader reads as sentences: code, tables, pictures and tooltips. */
const notProseTags = new Set([
  'pre', 'code', 'kbd', 'samp', 'table', 'figure', 'svg', 'math', 'script', 'style', 'noscript', 'template', 'textarea',
]);

/** Elements where a glossary link must never be added: links, code, headings, pictures, controls. */
const noLinkTags = new Set([
  'a', 'code', 'pre', 'kbd', 'samp', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'svg', 'math', 'script', 'style', 'noscript',
  'template', 'textarea', 'button', 'label', 'select', 'option', 'summary', 'title',
]);

/** Whether an element is a glossary tooltip added next to a term link. */
function isTermTip(element: HTMLElement): boolean {
  return element.classList.contains('term-tip');
}

/** The glossary slug a link points to (`/glossary/#<slug>`), or undefined for other links. */
export function glossarySlugOf(element: HTMLElement): string | undefined {
  if (element.rawTagName?.toLowerCase() !== 'a') return undefined;
  const match = /^(?:\/glossary\/?)#([a-z0-9-]+)$/.exec(element.getAttribute('href') ?? '');
  return match?.[1];
}

function tagOf(node: Node): string {
  return (node.rawTagName ?? '').toLowerCase();
}

/** The prose containers of a page: every element with `data-prose`. */
export function proseRoots(root: HTMLElement): HTMLElement[] {
  return root.querySelectorAll('[data-prose]');
}

/**
 * The readable prose of an element as plain text, one block per paragraph (blank line between):
 * code, tables, figures, keyboard keys and glossary tooltips are left out.
 */
export function proseText(element: HTMLElement): string {
  const parts: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      parts.push((node as TextNode).text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = tagOf(element);
    if (notProseTags.has(tag) || isTermTip(element) || element.hasAttribute('hidden')) return;
    const block = blockTags.has(tag);
    if (block) parts.push('\n\n');
    for (const child of element.childNodes) visit(child);
    if (block) parts.push('\n\n');
  };
  for (const child of element.childNodes) visit(child);
  return parts
    .join('')
    .split(/\n\s*\n/)
    .map((blockText) => blockText.replace(/\s+/g, ' ').trim())
    .filter((blockText) => blockText !== '')
    .join('\n\n');
}

/** One step through the places where glossary terms count: plain text, or an existing glossary link. */
export type LinkableEvent =
  | { kind: 'text'; node: TextNode; text: string }
  | { kind: 'term-link'; element: HTMLElement; slug: string; text: string };

/**
 * Walks an element in document order, yielding the text nodes where a glossary link may be added
 * and the glossary links already there. Text inside links, code, headings, pictures, controls and
 * tooltips is skipped.
 */
export function linkableEvents(element: HTMLElement): LinkableEvent[] {
  const events: LinkableEvent[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const textNode = node as TextNode;
      events.push({ kind: 'text', node: textNode, text: textNode.text });
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const child = node as HTMLElement;
    const slug = glossarySlugOf(child);
    if (slug !== undefined) {
      events.push({ kind: 'term-link', element: child, slug, text: child.text });
      return;
    }
    if (noLinkTags.has(tagOf(child)) || isTermTip(child) || child.hasAttribute('data-no-glossary')) return;
    for (const grandchild of child.childNodes) visit(grandchild);
  };
  for (const child of element.childNodes) visit(child);
  return events;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Replaces a node by the nodes parsed from an HTML fragment, keeping parent links correct. */
export function replaceWithHtml(node: Node, html: string): void {
  const parent = node.parentNode;
  if (parent === null) return;
  const fragment = parseHtml(html);
  const replacements = [...fragment.childNodes];
  for (const replacement of replacements) replacement.parentNode = parent;
  const index = parent.childNodes.indexOf(node);
  if (index === -1) return;
  parent.childNodes.splice(index, 1, ...replacements);
  node.parentNode = null;
}

export { HTMLElement };
