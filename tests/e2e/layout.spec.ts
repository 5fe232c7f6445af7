/**
 * Every page and every tool state fits a small phone (320 px), a common phone (390 px) and a laptop
 * (1280 px): nothing scrolls sideways, no table cell spills over or breaks a word across lines
 * ("S c o r e", "10 0 %"), and in the score charts no label is struck through by a whisker or a
 * trend line, or sits on another label.
 *
 * One context per width serves all the sitemap pages; each tool state gets a fresh context, so
 * what one state stores does not change the next. Every problem found is listed at once, by page,
 * state and width.
 */
import { type BrowserContext, type Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';
import { sitemapPaths } from './site-urls.ts';
import { toolStates } from './tool-states.ts';

const widths = [320, 390, 1280] as const;

/** What is wrong with the layout of the page as it is now, one line per problem. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth) problems.push(`scrolls sideways: ${root.scrollWidth} px wide in a ${innerWidth} px window`);

    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const describe = (el: Element) => {
      const table = el.closest('table');
      const caption = table?.caption?.textContent?.trim() || table?.getAttribute('aria-label') || 'a table';
      return `"${caption.slice(0, 40)}", cell "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    };
    // A word: letters and digits, with the dots, commas and colons inside numbers and times, and a
    // trailing %. Hyphens and spaces are fair places to wrap, so they end a word.
    const word = /[\p{L}\p{N}]+(?:[.,:'’][\p{L}\p{N}]+)*%?/gu;
    for (const cell of document.querySelectorAll('td, th')) {
      if (!shown(cell)) continue;
      // One pixel of slack: cell widths are fractional and scrollWidth is rounded.
      if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`table ${describe(cell)}: content is ${cell.scrollWidth} px in a ${cell.clientWidth} px cell`);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement || !shown(node.parentElement)) continue;
        for (const match of (node.textContent ?? '').matchAll(word)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
          if (lines.size > 1) problems.push(`table ${describe(cell)}: "${match[0]}" breaks over ${lines.size} lines`);
        }
      }
    }

    // Charts: each label against every other label, and against the whiskers and trend lines
    // (the light grid lines behind the bars are left out: they are meant to run behind the numbers).
    for (const chart of document.querySelectorAll('svg.scores__chart, svg.trend__chart')) {
      if (!shown(chart)) continue;
      const name = chart.classList.contains('trend__chart') ? 'the trend chart' : 'the score chart';
      const texts = [...chart.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() && shown(t));
      // Half a pixel in from each edge, so labels that only touch do not count.
      const boxes = texts.map((t) => {
        const r = t.getBoundingClientRect();
        return { label: (t.textContent ?? '').trim(), left: r.left + 0.5, right: r.right - 0.5, top: r.top + 0.5, bottom: r.bottom - 0.5 };
      });
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push(`${name}: labels "${a.label}" and "${b.label}" overlap`);
        }),
      );
      const strokes = [...chart.querySelectorAll('line, polyline')].filter((el) => !el.closest('.scores__tick') && shown(el)) as SVGGeometryElement[];
      for (const stroke of strokes) {
        const matrix = stroke.getScreenCTM();
        if (!matrix) continue;
        const points =
          stroke instanceof SVGLineElement
            ? [new DOMPoint(stroke.x1.baseVal.value, stroke.y1.baseVal.value), new DOMPoint(stroke.x2.baseVal.value, stroke.y2.baseVal.value)]
            : [...(stroke as SVGPolylineElement).points].map((p) => new DOMPoint(p.x, p.y));
        const screen = points.map((p) => p.matrixTransform(matrix));
        for (const box of boxes) {
          let crosses = false;
          for (let s = 0; s + 1 < screen.length && !crosses; s++) {
            const [p, q] = [screen[s]!, screen[s + 1]!];
            for (let k = 0; k <= 40 && !crosses; k++) {
              const x = p.x + ((q.x - p.x) * k) / 40;
              const y = p.y + ((q.y - p.y) * k) / 40;
              crosses = x > box.left && x < box.right && y > box.top && y < box.bottom;
            }
          }
          if (crosses) problems.push(`${name}: a ${stroke.tagName === 'line' ? 'whisker' : 'trend line'} runs through "${box.label}"`);
        }
      }
    }
    return [...new Set(problems)];
  });
}

for (const width of widths) {
  test.describe(`at ${width} px`, () => {
    test(`every page in the sitemap fits, with no table breaking a word`, async ({ browser }) => {
      test.setTimeout(240_000);
      const context = await newContext(browser, { viewport: { width, height: 844 } });
      const page = await context.newPage();
      const problems: string[] = [];
      const paths = sitemapPaths();
      for (const path of paths) {
        await page.goto(path);
        for (const problem of await layoutProblems(page)) problems.push(`${path} at ${width} px: ${problem}`);
      }
      await context.close();
      console.log(`Layout: ${paths.length} sitemap pages checked at ${width} px, ${problems.length} problems`);
      expect(problems).toEqual([]);
    });

    test(`every tool state fits, with no table breaking a word and no chart label struck through`, async ({ browser }) => {
      test.setTimeout(240_000);
      const problems: string[] = [];
      for (const state of toolStates) {
        const context: BrowserContext = await newContext(browser, { viewport: { width, height: 844 } });
        const page = await context.newPage();
        await state.reach(page);
        for (const problem of await layoutProblems(page)) problems.push(`${state.name} (${state.path}) at ${width} px: ${problem}`);
        await context.close();
      }
      console.log(`Layout: ${toolStates.length} tool states checked at ${width} px, ${problems.length} problems`);
      expect(problems).toEqual([]);
    });
  });
}
