/**
 * Every tool page in each state the browser tests reach, as one list: the layout test checks each
 * one at three widths, and `npm run screenshots` photographs each one, so a state added here is
 * both checked by machine and looked at by eye. Each `reach` starts from a fresh context (nothing
 * stored) on the fixed clock, opens the page itself and returns once the state shows.
 *
 * The seeding helpers live here and the tool's own spec imports them, so the states are reached
 * the same way everywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { parse } from 'yaml';
import { expect, fixedNow } from './fixtures.ts';
import { ruleSetSchema, type Rule } from '../../src/lib/rules/model.ts';
import { rulesShareFragment } from '../../src/lib/rules/builder/share-link.ts';
import { kevExcerpt, smallTrivy } from './fix-first-reports.ts';

export type ToolState = { name: string; path: string; reach: (page: Page) => Promise<void> };

// ------------------------------------------------------------------ the self-assessment

/**
 * Stores answers as if the person had given them (the answer at position choice(i): 0 = "Not yet"
 * … 3 = "All of it", 5 = "I don't know"), then opens the results. Faster than clicking through
 * when answering is not the point.
 */
export async function seedAnswers(page: Page, choice: (index: number) => number, name?: string): Promise<void> {
  await page.goto('/assessment/');
  const ids = await page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
  const values = [0, 0.25, 0.5, 1, 'NA', 'DK'];
  const answers = Object.fromEntries(ids.map((id, i) => [id, values[choice(i)]]));
  const now = fixedNow.toISOString();
  const state = { version: 1, step: ids.length, file: { formatVersion: 1, respondents: [{ id: 'seeded-person', ...(name ? { name } : {}), answers, answeredAt: now }] } };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  // Leave the page first: a hash change on the open page would let it save its own (empty) answers.
  await page.goto('about:blank');
  await page.goto('/assessment/#results');
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
}

/** Opens the self-assessment and waits until its first button works. */
async function openAssessment(page: Page): Promise<void> {
  await page.goto('/assessment/');
  await expect(page.getByRole('button', { name: /^(Start the \d+ questions|Go on with the questions)/ })).toBeEnabled();
}

async function firstQuestion(page: Page): Promise<void> {
  await openAssessment(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  await expect(page.locator('#question-progress')).toBeVisible();
}

const assessmentStates: ToolState[] = [
  { name: 'self-assessment, start', path: '/assessment/', reach: openAssessment },
  { name: 'self-assessment, first question', path: '/assessment/', reach: firstQuestion },
  {
    name: 'self-assessment, second question with "doesn\'t apply" asking why',
    path: '/assessment/',
    reach: async (page) => {
      await firstQuestion(page);
      await page.locator('.choice input').nth(2).check();
      await page.getByRole('button', { name: /^Next$/ }).click();
      await expect(page.locator('#question-progress')).toContainText('2 of');
      await page.getByLabel("Doesn't apply to us").check();
      await page.getByRole('button', { name: /^Next$/ }).click();
      await expect(page.getByText('Say in one line why it does not apply')).toBeVisible();
    },
  },
  { name: 'self-assessment, results', path: '/assessment/#results', reach: (page) => seedAnswers(page, (i) => [1, 2, 3][i % 3]!, 'Ana') },
  {
    name: 'self-assessment, results with a trend',
    path: '/assessment/#results',
    reach: async (page) => {
      await seedAnswers(page, (i) => [0, 2, 3, 5][i % 4]!);
      await seedTwoSnapshots(page);
      await expect(page.getByRole('img', { name: 'Scores over time' })).toBeVisible();
    },
  },
  {
    name: 'self-assessment, no results yet',
    path: '/assessment/#results',
    reach: async (page) => {
      await page.goto('/assessment/#results');
      await expect(page.getByText(/^No results in this browser yet/)).toBeVisible();
    },
  },
  {
    name: 'self-assessment, a damaged share link',
    path: '/assessment/#r=not-a-real-code',
    reach: async (page) => {
      await page.goto('/assessment/#r=not-a-real-code');
      await expect(page.getByRole('alert').first()).toContainText('damaged');
    },
  },
];

// ------------------------------------------------------------------ the team view

/** Opens the team page and waits until its island runs, so files and links are not given to a page that cannot take them yet. */
/** Two earlier saved results (August and November 2026) beside the answers seeded, then the results shown. */
export async function seedTwoSnapshots(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = JSON.parse(localStorage.getItem('plainsec:assessment:v1')!);
    state.file.snapshots = [
      { date: '2026-08-01T10:00:00.000Z', scores: { 'start-somewhere': 20, 'trust-but-verify': 10, 'everyone-owns-security': null }, headlineLevel: 0 },
      { date: '2026-11-01T10:00:00.000Z', scores: { 'start-somewhere': 45, 'trust-but-verify': 30, 'everyone-owns-security': 50 }, headlineLevel: 0 },
    ];
    localStorage.setItem('plainsec:assessment:v1', JSON.stringify(state));
  });
  await page.goto('about:blank');
  await page.goto('/assessment/#results');
}

export async function openTeamPage(page: Page): Promise<void> {
  await page.goto('/assessment/team/');
  // The shared machines are slow at times: the island may take a while to read the kept team.
  await expect(page.getByRole('button', { name: 'Add these links' })).toBeEnabled({ timeout: 15_000 });
}

/** A result file as a person's own file would hold it. */
export const personFile = (id: string, name: string, answers: Record<string, number | string>, extra: Record<string, unknown> = {}) => ({
  formatVersion: 1,
  ...extra,
  respondents: [{ id, name, answers, answeredAt: '2026-11-20T10:00:00Z' }],
});

export const fileInput = (page: Page) => page.getByLabel(/Result files \(JSON, at most 1 MB each\)/);
export const asUpload = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });
export const peopleRows = (page: Page) => page.getByRole('table', { name: 'People in the team' }).locator('tbody tr');

/** Three people, one with a long name, with answers that disagree and one "I don't know". */
export async function teamOfThree(page: Page): Promise<void> {
  await openTeamPage(page);
  await fileInput(page).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana Long-Surname-Person', { 'ss-audit-trail': 1, 'ss-nightly-updates': 'DK', 'tbv-alerts-in-chat': 1 })),
    asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 'NA' })),
    asUpload('cy.json', personFile('cy', 'Cy', { 'ss-audit-trail': 0.5, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 'DK' })),
  ]);
  await expect(peopleRows(page)).toHaveCount(3);
}

const teamStates: ToolState[] = [
  { name: 'team view, empty', path: '/assessment/team/', reach: openTeamPage },
  { name: 'team view, with people before the reveal', path: '/assessment/team/', reach: teamOfThree },
  {
    name: 'team view, links that cannot be read',
    path: '/assessment/team/',
    reach: async (page) => {
      await openTeamPage(page);
      await page.getByLabel('Share links or codes, one per line').fill(['https://plainsec.dev/assessment/#r=not-a-real-code', 'just words'].join('\n'));
      await page.getByRole('button', { name: 'Add these links' }).click();
      await expect(page.getByRole('alert')).toContainText('Line 2');
    },
  },
  {
    name: 'team view, after the reveal',
    path: '/assessment/team/',
    reach: async (page) => {
      await teamOfThree(page);
      await page.getByRole('button', { name: 'Reveal all answers' }).click();
      await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeVisible();
      for (const summary of await page.locator('.team-results summary').all()) await summary.click();
    },
  },
  {
    name: 'team view, a stale item of evidence and evidence that cannot be added',
    path: '/assessment/team/',
    reach: async (page) => {
      await teamOfThree(page);
      await page.getByRole('button', { name: 'Reveal all answers' }).click();
      const evidence = page.getByRole('region', { name: 'Evidence' });
      await evidence.getByLabel(/^Title/).fill('Alert channel runbook');
      await evidence.getByLabel('Checked on').fill('2025-01-10');
      await evidence.getByRole('button', { name: 'Add evidence' }).click();
      await expect(evidence.getByText('Stale', { exact: true })).toBeVisible();
      await evidence.getByRole('button', { name: 'Add evidence' }).click();
      await expect(evidence.getByRole('alert')).toContainText('Give the evidence a title');
    },
  },
];

// ------------------------------------------------------------------ the checklist

/** Ticks only work once the island has hydrated; the boxes are enabled from then on. */
export async function checklistReady(page: Page): Promise<void> {
  await expect(page.locator('li.checklist__item').first().getByRole('checkbox')).toBeEnabled();
}

export async function openDetails(page: Page, id: string): Promise<void> {
  const item = page.locator(`li[id="${id}"]`);
  await item.getByRole('button', { name: /^Details/ }).click();
  await expect(item.getByRole('button', { name: /^Hide details/ })).toHaveAttribute('aria-expanded', 'true');
}

const checklistStates: ToolState[] = [
  {
    name: 'checklist, with items open',
    path: '/checklist/',
    reach: async (page) => {
      await page.goto('/checklist/');
      const items = { 'ss-owner-named': { done: '2020-01-01', owner: 'Ana' }, 'ss-first-week-plan': { due: '2020-01-01', owner: 'Bo', notes: 'Waiting on the on-call rota' } };
      await page.evaluate((text) => localStorage.setItem('plainsec:checklist:v2', text), JSON.stringify({ version: 2, items }));
      await page.reload();
      await checklistReady(page);
      await openDetails(page, 'ss-owner-named');
      await openDetails(page, 'ss-first-week-plan');
    },
  },
  {
    name: 'checklist, a file that cannot be read',
    path: '/checklist/',
    reach: async (page) => {
      await page.goto('/checklist/');
      await checklistReady(page);
      await page.getByLabel(/^Load a saved checklist/).setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{') });
      await expect(page.getByRole('alert')).toBeVisible();
    },
  },
];

// ------------------------------------------------------------------ the rule builder

/** The rules in content/rules, as the builder's templates. */
export function ruleTemplates(): Rule[] {
  const dir = path.resolve(process.cwd(), 'content/rules');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).rules);
}

/** Opens the rule builder and waits until it runs. */
export async function openRules(page: Page, url = '/rules/'): Promise<void> {
  await page.goto(url);
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
}

/** Puts these rules in My rules as the builder stores them, then leaves the page, so the next visit reads them. */
export async function seedMyRules(page: Page, rules: Rule[]): Promise<void> {
  await page.goto('/rules/');
  await page.evaluate((text) => localStorage.setItem('plainsec:rules:v1', text), JSON.stringify({ version: 1, ruleSet: { plainsecRules: 1, rules } }));
  // A link that differs only after the # would not load the page again.
  await page.goto('about:blank');
}

/** A share link, as "Copy a share link" makes it, for these rules. */
export async function shareLink(rules: Rule[]): Promise<string> {
  return `/rules/#${await rulesShareFragment({ plainsecRules: 1, rules })}`;
}

/** My rules and a link holding one new rule and one with the same id as one of mine but other words. */
export async function linkOverTwoRules(page: Page): Promise<{ mine: string[]; added: string[] }> {
  const [one, two, three] = ruleTemplates() as [Rule, Rule, Rule];
  await seedMyRules(page, [one, two]);
  const theirs = { ...two, title: 'Their version of this rule', notify: '#team-infra' };
  await openRules(page, await shareLink([three, theirs]));
  return { mine: [one.title, two.title], added: [three.title, 'Their version of this rule (from the link)'] };
}

/** Shows the save, load, share and import tools (already there once editing has started). */
export async function showFiles(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Save, load, share or import rules…' });
  if (await button.isVisible()) await button.click();
  await expect(page.getByRole('button', { name: 'Open it in the builder' })).toBeVisible();
}

/** The builder in each state a person can reach, from the builder already open at /rules/. */
export const ruleBuilderStates: Record<string, (page: Page) => Promise<void>> = {
  'the template list': async () => {},
  'editing a template': async (page) => {
    await page.getByRole('button', { name: 'Use this rule: A server was started by hand, outside auto-scaling' }).click();
    await expect(page.getByRole('tab').first()).toBeVisible();
  },
  'with errors': async (page) => {
    await page.getByRole('button', { name: 'Start a blank rule' }).click();
    await page.getByRole('button', { name: 'Save to My rules' }).click();
    await expect(page.locator('.builder-error-summary')).toBeVisible();
  },
  'in YAML mode with a mistake': async (page) => {
    await page.getByRole('button', { name: 'Start a blank rule' }).click();
    await page.getByRole('button', { name: 'Edit as YAML' }).click();
    await page.getByLabel(/The rule as YAML/).fill('plainsecRules: 1\nrules: [ { id: x } ]\n');
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  },
  'with try-it results': async (page) => {
    await page.goto('/rules/?template=server-outside-autoscaling');
    await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
    await page.getByLabel('A sample event', { exact: true }).selectOption({ index: 1 });
    await expect(page.locator('.builder-try-result')).toBeVisible();
  },
  'with the Undo notice after adding from a share link': async (page) => {
    await linkOverTwoRules(page);
    await expect(page.getByRole('button', { name: 'Replace My rules with these instead' })).toBeVisible();
  },
  'with “does not page” shown for the root sign-in rule': async (page) => {
    await page.goto('/rules/?template=root-account-used');
    await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
    await expect(page.locator('.builder-panel .builder-no-page')).toBeVisible();
  },
  'with the searches over months of logs open': async (page) => {
    await page.goto('/rules/?template=server-outside-autoscaling');
    await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
    await page.getByText('Did this already happen? Search months of logs first').click();
    await expect(page.getByLabel('Contents of server-outside-autoscaling.per-day.sql')).toBeVisible();
  },
  'with the files and share tools open': async (page) => {
    await showFiles(page);
    await expect(page.getByRole('button', { name: 'Open it in the builder' })).toBeVisible();
  },
};

// ------------------------------------------------------------------ the announce page

/** /announce/ in each state it can be in after it opens: with errors next to fields, and with the texts written. */
export const announceStates: Record<string, (page: Page) => Promise<void>> = {
  'with errors next to its fields': async (page) => {
    await page.getByLabel('End time').fill('00:00');
    await page.getByRole('button', { name: 'Write the announcement' }).click();
    await expect(page.locator('.announce-error').first()).toBeVisible();
  },
  'with the announcement written': async (page) => {
    await page.getByLabel('What will you change?').fill('Upgrade the payments database');
    await page.getByLabel('Who is doing it?').fill('Ana');
    await page.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Write the announcement' }).click();
    await expect(page.getByRole('heading', { name: 'Your announcement' })).toBeVisible();
  },
};

async function openAnnounce(page: Page): Promise<void> {
  await page.goto('/announce/');
  await expect(page.getByRole('button', { name: 'Write the announcement' })).toBeEnabled();
}

// ------------------------------------------------------------------ the search dialog

async function searchOpen(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: /search/i }).click();
  await page.getByLabel('Search for').fill('alert');
  // The search index loads on first use; a busy shared machine takes a while.
  await expect(page.getByRole('dialog').getByRole('link').first()).toBeVisible({ timeout: 15_000 });
}

// ------------------------------------------------------------------ compare two results

/** Opens /assessment/compare/ and waits until its pickers work. */
export async function openCompare(page: Page): Promise<void> {
  await page.goto('/assessment/compare/');
  await expect(compareSide(page, 'After').getByLabel('After: a result file (JSON, at most 1 MB)')).toBeEnabled({ timeout: 15_000 });
}

/** The Before or After picker. */
export const compareSide = (page: Page, side: 'Before' | 'After') => page.getByRole('group', { name: side, exact: true });

/**
 * Two saved results to compare: Ana alone on 3 November, then the team of Ana and Bo on 20
 * November. On the fixed clock the trail checked on 1 April is stale (its question is checked every
 * 180 days); the ticket is gone and the runbook is new.
 */
export const compareFiles = {
  before: {
    formatVersion: 1,
    respondents: [{ id: 'ana', name: 'Ana', answers: { 'ss-audit-trail': 0.25, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 0.5 }, answeredAt: '2026-11-03T10:00:00Z' }],
    evidence: {
      'ss-audit-trail': [
        { title: 'Ticket 12 in the tracker', date: '2026-11-01' },
        { title: 'Trail set up in Terraform', url: 'https://example.com/infra/trail.tf', date: '2026-04-01' },
      ],
    },
  },
  after: {
    formatVersion: 1,
    team: 'Platform',
    respondents: [
      { id: 'ana', name: 'Ana', answers: { 'ss-audit-trail': 1, 'ss-nightly-updates': 0.5, 'tbv-alerts-in-chat': 0.5 }, answeredAt: '2026-11-20T10:00:00Z' },
      { id: 'bo', name: 'Bo', answers: { 'ss-audit-trail': 1, 'ss-nightly-updates': 0.5, 'tbv-alerts-in-chat': 'DK' }, answeredAt: '2026-11-20T11:00:00Z' },
    ],
    evidence: {
      'ss-audit-trail': [
        { title: 'Trail set up in Terraform', url: 'https://example.com/infra/trail.tf', date: '2026-04-01' },
        { title: 'Audit log runbook', url: 'https://example.com/wiki/audit-runbook', date: '2026-11-20', note: 'Read by Bo' },
      ],
    },
  },
};

/** Both sides chosen from files, and the comparison shown. */
export async function compareBoth(page: Page): Promise<void> {
  await openCompare(page);
  await compareSide(page, 'Before').getByLabel('Before: a result file (JSON, at most 1 MB)').setInputFiles(asUpload('november-3.json', compareFiles.before));
  await expect(compareSide(page, 'Before')).toContainText('Chosen: november-3.json');
  await compareSide(page, 'After').getByLabel('After: a result file (JSON, at most 1 MB)').setInputFiles(asUpload('november-20.json', compareFiles.after));
  await expect(page.getByRole('heading', { name: 'What changed' })).toBeVisible();
}

export const compareStates: ToolState[] = [
  { name: 'compare, empty', path: '/assessment/compare/', reach: openCompare },
  { name: 'compare, with both sides chosen', path: '/assessment/compare/', reach: compareBoth },
  {
    name: 'compare, a file that cannot be read',
    path: '/assessment/compare/',
    reach: async (page) => {
      await compareBoth(page);
      await compareSide(page, 'After').getByLabel('After: a result file (JSON, at most 1 MB)').setInputFiles(asUpload('broken.json', '{"formatVersion": 1, "respond'));
      await expect(compareSide(page, 'After').getByRole('alert')).toContainText('not readable JSON');
    },
  },
];

// ------------------------------------------------------------------ fix first

export const fixFirstReports = (page: Page) => page.getByLabel('Scanner reports (JSON; choose several at once to plan them together)');
export const fixFirstKev = (page: Page) => page.getByLabel('CISA’s list of holes used in real attacks (optional, the KEV file)');

/** Opens /fix-first/ and waits until its file pickers work. */
export async function openFixFirst(page: Page): Promise<void> {
  await page.goto('/fix-first/');
  await expect(fixFirstReports(page)).toBeEnabled({ timeout: 15_000 });
}

/** The KEV file, then the small Trivy report (tests/e2e/fix-first-reports.ts): the plan shows. */
export async function planSmallReport(page: Page): Promise<void> {
  await openFixFirst(page);
  await fixFirstKev(page).setInputFiles({ name: 'known_exploited_vulnerabilities.json', mimeType: 'application/json', buffer: Buffer.from(kevExcerpt) });
  await fixFirstReports(page).setInputFiles(asUpload('trivy.json', smallTrivy));
  await expect(page.getByRole('heading', { name: 'What to fix first' })).toBeVisible();
}

export const fixFirstStates: ToolState[] = [
  { name: 'fix first, empty', path: '/fix-first/', reach: openFixFirst },
  { name: 'fix first, with a plan', path: '/fix-first/', reach: planSmallReport },
  {
    name: 'fix first, a file that cannot be read',
    path: '/fix-first/',
    reach: async (page) => {
      await planSmallReport(page);
      await fixFirstReports(page).setInputFiles(asUpload('cut.json', '{"SchemaVersion": 2,'));
      await expect(page.getByRole('alert')).toContainText('not valid JSON');
    },
  },
];

// ------------------------------------------------------------------ all of them

export const toolStates: ToolState[] = [
  ...assessmentStates,
  ...teamStates,
  ...compareStates,
  ...fixFirstStates,
  ...checklistStates,
  ...Object.entries(ruleBuilderStates).map(([name, then]) => ({
    name: `rule builder, ${name.replace(/^with /, '')}`,
    path: '/rules/',
    reach: async (page: Page) => {
      await openRules(page);
      await then(page);
    },
  })),
  { name: 'announce, empty', path: '/announce/', reach: openAnnounce },
  ...Object.entries(announceStates).map(([name, then]) => ({
    name: `announce, ${name.replace(/^with /, '')}`,
    path: '/announce/',
    reach: async (page: Page) => {
      await openAnnounce(page);
      await then(page);
    },
  })),
  { name: 'search dialog with results', path: '/', reach: searchOpen },
];
