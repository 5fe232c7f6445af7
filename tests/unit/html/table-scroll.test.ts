import { describe, expect, it } from 'vitest';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { wrapTables } from '../../../src/lib/html/table-scroll.ts';

const el = (tagName: string, children: Root['children'] = [], properties: Element['properties'] = {}): Element => ({
  type: 'element',
  tagName,
  properties,
  children: children as Element['children'],
});
const text = (value: string) => ({ type: 'text' as const, value });
const table = (...before: Element[]) => el('table', [...before, el('tbody', [el('tr', [el('td', [text('1')])])])]);

function wrapped(...children: Element[]): string {
  const tree: Root = { type: 'root', children };
  wrapTables(tree);
  return toHtml(tree);
}

describe('Markdown tables in a scroll region', () => {
  it('puts a table in a focusable region named after the heading before it, without the step number', () => {
    expect(wrapped(el('h3', [text('1. Sort your alerts')]), el('p', [text('Some words.')]), table())).toContain(
      '<div class="table-scroll" role="region" aria-label="Sort your alerts" tabindex="0"><table>',
    );
  });

  it('names the region after the table caption when there is one', () => {
    expect(wrapped(el('h2', [text('Steps')]), table(el('caption', [text('Who hears about it')])))).toContain('aria-label="Who hears about it"');
  });

  it('names each of two tables after its own heading, also inside other elements', () => {
    const html = wrapped(el('h2', [text('First')]), table(), el('section', [el('h2', [text('Second')]), table()]));
    expect(html).toContain('aria-label="First"');
    expect(html).toContain('aria-label="Second"');
  });

  it('calls a table with no heading before it "Table", and leaves a table already in a region alone', () => {
    expect(wrapped(table())).toContain('aria-label="Table"');
    expect(wrapped(el('div', [table()], { className: ['table-scroll'] })).match(/table-scroll/g)).toHaveLength(1);
  });
});
