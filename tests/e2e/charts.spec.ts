/**
 * The charts as a reader sees them: no figure struck through by a line, no date written over
 * another. The team view is seeded with people who disagree and don't know, so its "±" whiskers
 * are wide.
 */
import type { Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';

const questionIds = [
  'ss-audit-trail', 'ss-nightly-updates', 'ss-first-alert', 'ss-root-account', 'ss-secret-store', 'ss-least-privilege', 'ss-backups-restored',
  'tbv-alert-urgency', 'tbv-alerts-in-chat', 'tbv-access-review', 'tbv-first-steps', 'tbv-incident-channel', 'tbv-reviewed-before-merge',
  'eos-code-review', 'eos-leavers', 'eos-blameless-reviews', 'eos-tabletop', 'eos-shared-ownership', 'eos-threat-model',
];
const answersOf = (pick: (i: number) => number | string) => Object.fromEntries(questionIds.map((id, i) => [id, pick(i)]));
const personFile = (id: string, name: string, answers: Record<string, number | string>) => ({
  formatVersion: 1,
  respondents: [{ id, name, answers, answeredAt: '2026-11-20T10:00:00Z' }],
});
const asUpload = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes, in the chart's own units, of the elements the selector finds inside the chart. */
async function boxes(page: Page, chart: string, selector: string): Promise<(Box & { text: string })[]> {
  return page.locator(chart).evaluate(
    (svg, sel) =>
      [...svg.querySelectorAll<SVGGraphicsElement>(sel)].map((e) => {
        const b = e.getBBox();
        // A line's box has no height; its stroke has some.
        const stroke = e instanceof SVGLineElement ? 1 : 0;
        return { x: b.x - stroke, y: b.y - stroke, width: b.width + 2 * stroke, height: b.height + 2 * stroke, text: e.textContent ?? '' };
      }),
    selector,
  );
}

async function showTeamResults(page: Page): Promise<void> {
  await page.goto('/assessment/team/');
  await expect(page.getByRole('button', { name: 'Add these links' })).toBeEnabled({ timeout: 15_000 });
  await page.getByLabel(/Result files \(JSON, at most 1 MB each\)/).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana', answersOf(() => 1))),
    asUpload('bo.json', personFile('bo', 'Bo', answersOf(() => 0))),
    asUpload('cy.json', personFile('cy', 'Cy', answersOf((i) => (i % 2 ? 'DK' : 0.5)))),
  ]);
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeVisible();
}

test('no score figure in the team chart touches its bar or its "±" whisker, even when the whiskers are wide', async ({ page }) => {
  await showTeamResults(page);
  const chart = '.team-results .scores__chart';
  const whiskers = await boxes(page, chart, '.scores__error');
  // People who disagree and don't know give every practice a whisker.
  expect(whiskers.length).toBe(3);
  expect(Math.min(...whiskers.map((w) => w.width))).toBeGreaterThan(20);
  const lines = [...whiskers, ...(await boxes(page, chart, '.scores__bar'))];
  for (const figure of await boxes(page, chart, '.scores__value'))
    for (const line of lines) expect(overlaps(figure, line), `score ${figure.text} is clear of a line at x ${line.x.toFixed(0)}–${(line.x + line.width).toFixed(0)}`).toBe(false);
  // The whisker is also said in words, for a screen reader.
  await expect(page.locator(`${chart} desc`)).toContainText('give or take');
});

test("with a year of the team's saved results, no date under the trend chart is written over another", async ({ page, browser }) => {
  await showTeamResults(page);
  await page.getByLabel('Team name').fill('Platform');
  await page.getByLabel('Team name').blur();
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Save the team as a file$/ }).click();
  const file = JSON.parse(Buffer.concat(await (await (await waiting).createReadStream()).toArray()).toString('utf8'));
  // Twelve earlier results, one a month, before the one just saved.
  const latest = file.snapshots[0];
  for (let month = 1; month <= 12; month++)
    file.snapshots.unshift({ ...latest, date: new Date(Date.UTC(2025, month - 1, 15, 10)).toISOString(), scores: { 'start-somewhere': 4 * month, 'trust-but-verify': 3 * month, 'everyone-owns-security': null } });
  file.snapshots.sort((a: { date: string }, b: { date: string }) => a.date.localeCompare(b.date));
  const context = await newContext(browser);
  const other = await context.newPage();
  await other.goto('/assessment/team/');
  await expect(other.getByRole('button', { name: 'Add these links' })).toBeEnabled({ timeout: 15_000 });
  await other.getByLabel(/Result files \(JSON, at most 1 MB each\)/).setInputFiles([asUpload('team.json', file)]);
  await other.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(other.getByRole('table', { name: "The team's scores over time" }).locator('tbody tr')).toHaveCount(13);
  const dates = await boxes(other, '.trend__chart', ':scope > text');
  expect(dates.length).toBeGreaterThanOrEqual(2);
  expect(dates.at(-1)!.text).toBe('2026-11-25');
  for (const [i, a] of dates.entries()) for (const b of dates.slice(i + 1)) expect(overlaps(a, b), `${a.text} and ${b.text} are apart`).toBe(false);
  await context.close();
});
