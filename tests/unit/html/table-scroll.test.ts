import { describe, expect, it } from 'vitest';
import { wrapTables } from '../../../src/lib/html/table-scroll.ts';

const table = (caption = '') => `<table>${caption}<thead><tr><th>Alert</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`;

describe('Markdown tables in a scroll region', () => {
  it('puts a table in a focusable region named after the heading before it, without the step number', () => {
    const html = `<h3 id="a">1. Sort your <a href="/g/">alerts</a></h3>\n<p>Some words.</p>\n${table()}`;
    expect(wrapTables(html)).toBe(
      `<h3 id="a">1. Sort your <a href="/g/">alerts</a></h3>\n<p>Some words.</p>\n<section class="table-scroll" aria-label="Sort your alerts" tabindex="0">${table()}</section>`,
    );
  });

  it('names the region after the table caption when there is one', () => {
    expect(wrapTables(`<h2>Steps</h2>${table('<caption>Who &amp; "when"</caption>')}`)).toContain('aria-label="Who &amp; &quot;when&quot;"');
  });

  it('names each of two tables after its own heading', () => {
    const html = wrapTables(`<h2>First</h2>${table()}<section><h2>Second</h2>${table()}</section>`);
    expect(html).toContain('aria-label="First"');
    expect(html).toContain('aria-label="Second"');
  });

  it('calls a table with no heading before it "Table", and leaves a table already in a region alone', () => {
    expect(wrapTables(table())).toContain('aria-label="Table"');
    const inRegion = `<section class="table-scroll" aria-label="x" tabindex="0">\n${table()}</section>`;
    expect(wrapTables(inRegion)).toBe(inRegion);
  });

  it('leaves a page without tables byte for byte alone', () => {
    const page = '<h2>x</h2><p>a &amp; b</p>';
    expect(wrapTables(page)).toBe(page);
  });
});
