/**
 * Every table on the site reads on a phone and on a desktop: no cell whose content spills out, no
 * word broken across lines ("S c o r e", "Questio/n"), no figure split ("2 5", "10 0 %"), and the
 * page never scrolls sideways (a wide table scrolls inside its own labelled region instead).
 * Checked at 320, 390 and 1280 px on each page and tool state that shows a table.
 */
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { test, expect, fixedNow } from './fixtures.ts';

const widths = [320, 390, 1280];

/** Pages whose tables are there without doing anything: the scoring page and the guides with Markdown tables. */
const staticPages = [
  '/assessment/how-scoring-works/',
  '/guides/trust-but-verify/how-loud-should-an-alert-be/',
  '/guides/trust-but-verify/first-five-steps-when-an-alert-fires/',
  '/guides/trust-but-verify/one-channel-for-incidents/',
  '/guides/everyone-owns-security/joining-and-leaving-the-team/',
  '/guides/start-somewhere/finding-known-holes/',
  '/guides/start-somewhere/separate-aws-accounts/',
  '/rules/coverage/',
];

interface TableProblem {
  table: string;
  problem: string;
}

/**
 * Everything wrong with the tables on the page as it is now: cells whose content is wider than the
 * cell, words (split at spaces and after hyphens, where a line may break) whose box is taller than
 * one line, and a page wider than the window.
 */
async function tableProblems(page: Page): Promise<TableProblem[]> {
  return page.evaluate(() => {
    const problems: { table: string; problem: string }[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push({ table: '(page)', problem: `page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window` });
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const name = table.caption?.textContent?.trim() || table.closest('[aria-label]')?.getAttribute('aria-label') || 'a table';
      for (const cell of Array.from(table.querySelectorAll<HTMLElement>('th, td'))) {
        if (cell.scrollWidth > cell.clientWidth) problems.push({ table: name, problem: `"${cell.textContent?.trim()}" is wider than its cell` });
        const style = getComputedStyle(cell);
        const lineHeight = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.2 : parseFloat(style.lineHeight);
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/[^\s-]+-?/g)) {
            const range = document.createRange();
            range.setStart(node, match.index!);
            range.setEnd(node, match.index! + match[0].length);
            const box = range.getBoundingClientRect();
            if (box.height > 1.5 * lineHeight) problems.push({ table: name, problem: `"${match[0]}" breaks across lines` });
          }
        }
      }
    }
    return problems;
  });
}

/** Results of one person as if they had answered every question "Mostly", opened at #results. */
async function openResults(page: Page): Promise<void> {
  await page.goto('/assessment/');
  const ids = await page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
  const answers = Object.fromEntries(ids.map((id, i) => [id, i % 3 === 0 ? 'DK' : 0.5]));
  const state = {
    version: 1,
    step: ids.length,
    file: {
      formatVersion: 1,
      respondents: [{ id: 'seeded-person', name: 'Ana', answers, answeredAt: fixedNow.toISOString() }],
      snapshots: [
        { date: '2026-08-01T10:00:00.000Z', scores: { 'start-somewhere': 20, 'trust-but-verify': 10, 'everyone-owns-security': null }, headlineLevel: 0 },
        { date: '2026-11-01T10:00:00.000Z', scores: { 'start-somewhere': 45, 'trust-but-verify': 30, 'everyone-owns-security': 50 }, headlineLevel: 0 },
      ],
    },
  };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  // Leave the page first: a hash change on the open page would let it save its own (empty) answers.
  await page.goto('about:blank');
  await page.goto('/assessment/#results');
  await expect(page.getByRole('table', { name: 'Scores by practice' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Scores over time' })).toBeVisible();
}

const personFile = (id: string, name: string, answers: Record<string, number | string>) => ({
  formatVersion: 1,
  respondents: [{ id, name, answers, answeredAt: '2026-11-20T10:00:00Z' }],
});
const asUpload = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });

/** The team page with three people added, after the reveal, with every folded part open. */
async function openTeamResults(page: Page): Promise<void> {
  await page.goto('/assessment/team/');
  await expect(page.getByRole('button', { name: 'Add these links' })).toBeEnabled({ timeout: 15_000 });
  await page.getByLabel(/Result files \(JSON, at most 1 MB each\)/).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana Long-Surname-Person', { 'ss-audit-trail': 1, 'ss-nightly-updates': 'DK' })),
    asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1 })),
    asUpload('cy.json', personFile('cy', 'Cy', { 'ss-audit-trail': 0.5, 'ss-nightly-updates': 1 })),
  ]);
  await expect(page.getByRole('table', { name: 'People in the team' }).locator('tbody tr')).toHaveCount(3);
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('table', { name: 'Start somewhere: answers by question' })).toBeVisible();
  for (const summary of await page.locator('.team-results summary').all()) await summary.click();
}

/** The rule builder after trying a template's first sample event: the table of what each tool's file did. */
async function openRuleResults(page: Page): Promise<void> {
  await page.goto('/rules/?template=root-account-used');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  const select = page.getByLabel('A sample event', { exact: true });
  await expect(select.locator('optgroup').first()).toBeAttached();
  const first = (await select.locator('optgroup option').first().textContent())!.trim();
  await select.selectOption({ label: first });
  await expect(page.locator('.builder-try-result table')).toBeVisible();
}

const toolStates: Record<string, (page: Page) => Promise<void>> = {
  'the self-assessment results': openResults,
  'the team page after the reveal': openTeamResults,
  'the rule builder after trying a sample': openRuleResults,
};

for (const width of widths) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 844 } });

    for (const path of staticPages) {
      test(`the tables on ${path} keep every word and figure whole and the page does not scroll sideways`, async ({ page }) => {
        await page.goto(path);
        expect(await page.locator('table').count()).toBeGreaterThan(0);
        expect(await tableProblems(page)).toEqual([]);
      });
    }

    for (const [state, reach] of Object.entries(toolStates)) {
      test(`the tables in ${state} keep every word and figure whole and the page does not scroll sideways`, async ({ page }) => {
        await reach(page);
        expect(await tableProblems(page)).toEqual([]);
      });
    }
  });
}

test('every table on the scoring page and in the results sits in a region named after it, which a keyboard can reach to scroll', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openResults(page);
  for (const name of ['Scores by practice', 'Scores over time']) {
    const region = page.getByRole('region', { name });
    await expect(region.getByRole('table', { name })).toBeVisible();
    await expect(region).toHaveAttribute('tabindex', '0');
  }
  await page.goto('/guides/trust-but-verify/how-loud-should-an-alert-be/');
  await expect(page.getByRole('region', { name: 'Sort your alerts into the three groups' }).getByRole('table')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Use the same words in every tool' }).getByRole('table')).toBeVisible();
});

test('the results table says in words what its "±" column means', async ({ page }) => {
  await openResults(page);
  await expect(page.getByRole('table', { name: 'Scores by practice' }).getByRole('columnheader', { name: 'Give or take (±)' })).toBeVisible();
});

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`in the ${theme} theme at 390 px`, () => {
    test.use({ colorScheme: theme, viewport: { width: 390, height: 844 } });
    test('the scoring page with its scrolling tables has no accessibility violations', async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      await page.goto('/assessment/how-scoring-works/');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const results = await new AxeBuilder({ page }).withTags(tags).analyze();
      const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
      expect(summary).toEqual([]);
    });
  });
}
