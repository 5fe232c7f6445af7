import { type Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';
import { gzipSync } from 'node:zlib';
import { aGuidePath } from './site-urls.ts';
import { ruleTemplates } from './tool-states.ts';

const KB = 1024;
const budgets = { jsBeforeSearch: 8 * KB, total: 60 * KB, css: 15 * KB };

interface Loaded {
  url: string;
  type: string;
  gzipBytes: number;
}

/** Every response the page loads, with the size it would travel gzipped (the preview server does not compress). */
async function recordLoads(page: Page, action: () => Promise<void>): Promise<Loaded[]> {
  const loads: Promise<Loaded | undefined>[] = [];
  const onResponse = (response: import('@playwright/test').Response) => {
    loads.push(
      response
        .body()
        .then((body) => ({ url: response.url(), type: response.request().resourceType(), gzipBytes: gzipSync(body, { level: 9 }).length }))
        .catch(() => undefined),
    );
  };
  page.on('response', onResponse);
  await action();
  page.off('response', onResponse);
  return (await Promise.all(loads)).filter((l): l is Loaded => l !== undefined);
}

const sum = (loads: Loaded[], types: string[]) => loads.filter((l) => types.includes(l.type)).reduce((n, l) => n + l.gzipBytes, 0);

test('a guide page stays within its size budgets before search is opened', async ({ page }) => {
  const path = aGuidePath();
  const loads = await recordLoads(page, async () => {
    await page.goto(path, { waitUntil: 'networkidle' });
  });
  const js = sum(loads, ['script']);
  const css = sum(loads, ['stylesheet']);
  const total = sum(loads, ['document', 'script', 'stylesheet', 'font', 'image']);
  console.info(
    `Budget ${path}: JS ${(js / KB).toFixed(1)} KB gz (≤ 8), CSS ${(css / KB).toFixed(1)} KB gz (≤ 15), total ${(total / KB).toFixed(1)} KB gz (≤ 60)`,
  );
  expect(js).toBeLessThanOrEqual(budgets.jsBeforeSearch);
  expect(css).toBeLessThanOrEqual(budgets.css);
  expect(total).toBeLessThanOrEqual(budgets.total);
});

test('search code loads only when the reader opens search', async ({ page }) => {
  await page.goto(aGuidePath(), { waitUntil: 'networkidle' });
  const loads = await recordLoads(page, async () => {
    await page.getByRole('button', { name: /search/i }).click();
    await page.getByLabel('Search for').fill('alert');
    await expect(page.getByRole('status')).toHaveText(/result/);
  });
  expect(loads.some((l) => l.url.includes('/pagefind/'))).toBe(true);
});

test('the self-assessment loads at most 20 KB gz of JavaScript before any interaction', async ({ page }) => {
  const loads = await recordLoads(page, async () => {
    await page.goto('/assessment/', { waitUntil: 'networkidle' });
    await expect(page.getByRole('button', { name: /^Start the/ })).toBeEnabled();
  });
  const js = sum(loads, ['script']);
  console.info(`Budget /assessment/: JS ${(js / KB).toFixed(1)} KB gz before interaction (≤ 20)`);
  expect(js).toBeLessThanOrEqual(20 * KB);
});

test('the team page loads at most 25 KB gz of JavaScript before any interaction, empty or with a team kept from last time', async ({ page, browser }) => {
  const empty = await recordLoads(page, async () => {
    await page.goto('/assessment/team/', { waitUntil: 'networkidle' });
    await expect(page.getByRole('button', { name: 'Add these links' })).toBeEnabled();
  });
  // A team kept from last time, in a fresh browser so nothing comes from the cache. Its answers
  // stay hidden until the reveal, so the results code is not loaded before that interaction.
  const team = {
    version: 1,
    file: {
      formatVersion: 1,
      respondents: ['a', 'b', 'c'].map((id, i) => ({ id, answers: { 'ss-audit-trail': [0, 0.5, 1][i], 'tbv-alerts-in-chat': 'DK' }, answeredAt: '2026-11-20T10:00:00Z' })),
    },
  };
  const context = await newContext(browser);
  await context.addInitScript((text) => localStorage.setItem('plainsec:team:v1', text), JSON.stringify(team));
  const other = await context.newPage();
  const kept = await recordLoads(other, async () => {
    await other.goto('/assessment/team/', { waitUntil: 'networkidle' });
    await expect(other.getByRole('button', { name: 'Reveal all answers' })).toBeEnabled();
  });
  const afterReveal = await recordLoads(other, async () => {
    await other.getByRole('button', { name: 'Reveal all answers' }).click();
    await expect(other.getByRole('table', { name: 'Team scores by practice' })).toBeVisible();
    await other.waitForLoadState('networkidle');
  });
  await context.close();
  const jsEmpty = sum(empty, ['script']);
  const jsKept = sum(kept, ['script']);
  const jsReveal = sum(afterReveal, ['script']);
  const files = (loads: Loaded[]) => loads.filter((l) => l.type === 'script').map((l) => `${new URL(l.url).pathname} ${(l.gzipBytes / KB).toFixed(1)}`).join(', ');
  console.info(`Budget /assessment/team/: JS ${(jsEmpty / KB).toFixed(1)} KB gz before interaction (≤ 25): ${files(empty)}`);
  console.info(`Budget /assessment/team/ with a team kept from last time: JS ${(jsKept / KB).toFixed(1)} KB gz before interaction (≤ 25); the reveal then loads ${(jsReveal / KB).toFixed(1)} KB gz more: ${files(afterReveal)}`);
  expect(jsEmpty).toBeLessThanOrEqual(25 * KB);
  expect(jsKept).toBeLessThanOrEqual(25 * KB);
  expect(afterReveal.some((l) => l.url.includes('TeamViewResults'))).toBe(true);
});

test('the announce page loads at most 20 KB of JavaScript (gzipped) before the user does anything', async ({ page }) => {
  const loads = await recordLoads(page, async () => {
    await page.goto('/announce/', { waitUntil: 'networkidle' });
    await expect(page.getByRole('button', { name: 'Write the announcement' })).toBeEnabled();
  });
  const scripts = loads.filter((l) => l.type === 'script');
  const js = sum(loads, ['script']);
  console.info(
    `Budget /announce/: JS ${(js / KB).toFixed(1)} KB gz (≤ 20) in ${scripts.length} files: ${scripts.map((s) => `${new URL(s.url).pathname} ${(s.gzipBytes / KB).toFixed(1)}`).join(', ')}`,
  );
  expect(js).toBeLessThanOrEqual(20 * KB);
});

test('the checklist loads at most 15 KB gz of JavaScript before any interaction, and its file code only when used', async ({ page }) => {
  const loads = await recordLoads(page, async () => {
    await page.goto('/checklist/', { waitUntil: 'networkidle' });
    await expect(page.locator('li.checklist__item').first().getByRole('checkbox')).toBeEnabled();
  });
  const js = sum(loads, ['script']);
  const scripts = loads.filter((l) => l.type === 'script');
  console.info(`Budget /checklist/: JS ${(js / KB).toFixed(1)} KB gz before interaction (≤ 15): ${scripts.map((s) => `${new URL(s.url).pathname} ${(s.gzipBytes / KB).toFixed(2)}`).join(', ')}`);
  expect(js).toBeLessThanOrEqual(15 * KB);
  expect(loads.some((l) => l.url.includes('ChecklistFiles'))).toBe(false);
  const later = await recordLoads(page, async () => {
    await page.getByRole('button', { name: 'Copy as a task list (Markdown)' }).click();
    await expect(page.getByLabel('Task list in Markdown')).toBeVisible();
  });
  expect(later.some((l) => l.url.includes('ChecklistFiles'))).toBe(true);
});

test('the rule builder loads at most 40 KB gz of JavaScript before editing starts, at most 40 KB gz more when it does, and each tool’s exporter only when its tab opens', async ({ page }) => {
  const before = await recordLoads(page, async () => {
    await page.goto('/rules/', { waitUntil: 'networkidle' });
    await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  });
  const js = sum(before, ['script']);
  const later = await recordLoads(page, async () => {
    await page.getByRole('button', { name: 'Start a blank rule' }).click();
    await expect(page.getByRole('button', { name: 'Edit as YAML' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  });
  const editing = sum(later, ['script']);
  const files = (loads: Loaded[]) => loads.filter((l) => l.type === 'script').map((l) => `${new URL(l.url).pathname.split('/').pop()} ${(l.gzipBytes / KB).toFixed(1)}`).join(', ');
  console.info(`Budget /rules/: JS ${(js / KB).toFixed(1)} KB gz before editing (≤ 40): ${files(before)}; ${(editing / KB).toFixed(1)} KB gz more once editing starts (≤ 40): ${files(later)}`);
  expect(js).toBeLessThanOrEqual(40 * KB);
  expect(editing).toBeGreaterThan(0);
  expect(editing).toBeLessThanOrEqual(40 * KB);

  // The rule becomes complete: the open tab (Sigma) needs its exporter, and no other tool's.
  const exporter = (loads: Loaded[], id: string) => loads.some((l) => l.type === 'script' && new URL(l.url).pathname.split('/').pop()!.startsWith(`${id}.`));
  const complete = await recordLoads(page, async () => {
    await page.getByLabel('Does what').fill('server');
    await page.getByRole('list', { name: 'Actions' }).getByRole('checkbox').first().check();
    await expect(page.getByRole('tabpanel').locator('pre').first()).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
  });
  console.info(`Budget /rules/: the first complete rule loads ${(sum(complete, ['script']) / KB).toFixed(1)} KB gz more for the Sigma tab: ${files(complete)}`);
  expect(exporter(complete, 'sigma')).toBe(true);
  for (const other of ['eventbridge', 'cloudwatch', 'falco', 'alertmanager', 'elastic', 'splunk']) expect(exporter(complete, other), other).toBe(false);
  const splunk = await recordLoads(page, async () => {
    await page.getByRole('tab', { name: 'Splunk' }).click();
    await expect(page.getByRole('tabpanel').locator('pre').first()).toContainText('search');
    await page.waitForLoadState('networkidle');
  });
  expect(exporter(splunk, 'splunk')).toBe(true);
  expect(exporter(splunk, 'falco')).toBe(false);
});

test('the coverage page loads at most 8 KB gz of JavaScript before any interaction, with or without saved rules', async ({ page, browser }) => {
  const empty = await recordLoads(page, async () => {
    await page.goto('/rules/coverage/', { waitUntil: 'networkidle' });
    await expect(page.getByText('You have no rules in My rules in this browser yet.')).toBeVisible();
  });
  // Saved rules, in a fresh browser so nothing comes from the cache: the island then loads the
  // rule-set check it reads them with, and that counts too.
  const context = await newContext(browser);
  const rule = ruleTemplates().find((r) => r.attack.length > 0)!;
  await context.addInitScript((text) => localStorage.setItem('plainsec:rules:v1', text), JSON.stringify({ version: 1, ruleSet: { plainsecRules: 1, rules: [rule] } }));
  const other = await context.newPage();
  const kept = await recordLoads(other, async () => {
    await other.goto('/rules/coverage/', { waitUntil: 'networkidle' });
    await expect(other.getByRole('table', { name: 'Your rules by attack step' })).toBeVisible();
  });
  await context.close();
  const jsEmpty = sum(empty, ['script']);
  const jsKept = sum(kept, ['script']);
  const files = (loads: Loaded[]) => loads.filter((l) => l.type === 'script').map((l) => `${new URL(l.url).pathname} ${(l.gzipBytes / KB).toFixed(1)}`).join(', ');
  console.info(`Budget /rules/coverage/: JS ${(jsEmpty / KB).toFixed(1)} KB gz before interaction (≤ 8): ${files(empty)}`);
  console.info(`Budget /rules/coverage/ with saved rules: JS ${(jsKept / KB).toFixed(1)} KB gz: ${files(kept)}`);
  expect(jsEmpty).toBeLessThanOrEqual(8 * KB);
  expect(jsKept).toBeLessThanOrEqual(8 * KB);
});

test('the compare page loads at most 12 KB gz of JavaScript before any interaction, and the comparison only once both sides are chosen', async ({ page }) => {
  const before = await recordLoads(page, async () => {
    await page.goto('/assessment/compare/', { waitUntil: 'networkidle' });
    await expect(page.getByLabel('After: a result file (JSON, at most 1 MB)')).toBeEnabled();
  });
  const js = sum(before, ['script']);
  const files = (loads: Loaded[]) => loads.filter((l) => l.type === 'script').map((l) => `${new URL(l.url).pathname} ${(l.gzipBytes / KB).toFixed(1)}`).join(', ');
  console.info(`Budget /assessment/compare/: JS ${(js / KB).toFixed(1)} KB gz before interaction (≤ 12): ${files(before)}`);
  expect(js).toBeLessThanOrEqual(12 * KB);
  expect(before.some((l) => l.type === 'script' && new URL(l.url).pathname.split('/').pop()!.startsWith('compare.'))).toBe(false);
  const upload = (name: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ formatVersion: 1, respondents: [{ id: 'a', answers: { 'ss-audit-trail': 1 }, answeredAt: '2026-11-20T10:00:00Z' }] })) });
  const later = await recordLoads(page, async () => {
    await page.getByLabel('Before: a result file (JSON, at most 1 MB)').setInputFiles(upload('a.json'));
    await page.getByLabel('After: a result file (JSON, at most 1 MB)').setInputFiles(upload('b.json'));
    await expect(page.getByRole('heading', { name: 'What changed' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  });
  console.info(`Budget /assessment/compare/: choosing both sides loads ${(sum(later, ['script']) / KB).toFixed(1)} KB gz more: ${files(later)}`);
  expect(later.some((l) => l.type === 'script' && new URL(l.url).pathname.split('/').pop()!.startsWith('compare.'))).toBe(true);
});

test('the Fix first page loads at most 20 KB gz of JavaScript before any interaction, and the report readers only with the first report', async ({ page }) => {
  const before = await recordLoads(page, async () => {
    await page.goto('/fix-first/', { waitUntil: 'networkidle' });
    await expect(page.getByLabel('Scanner reports (JSON; choose several at once to plan them together)')).toBeEnabled();
  });
  const js = sum(before, ['script']);
  const files = (loads: Loaded[]) => loads.filter((l) => l.type === 'script').map((l) => `${new URL(l.url).pathname} ${(l.gzipBytes / KB).toFixed(1)}`).join(', ');
  console.info(`Budget /fix-first/: JS ${(js / KB).toFixed(1)} KB gz before interaction (≤ 20): ${files(before)}`);
  expect(js).toBeLessThanOrEqual(20 * KB);
  const isWorker = (l: Loaded) => new URL(l.url).pathname.split('/').pop()!.startsWith('plan.worker');
  expect(before.some(isWorker)).toBe(false);
  const report = { SchemaVersion: 2, ArtifactName: 'web:1', ArtifactType: 'container_image', Results: [] };
  const later = await recordLoads(page, async () => {
    await page.getByLabel('Scanner reports (JSON; choose several at once to plan them together)').setInputFiles({ name: 'trivy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(report)) });
    await expect(page.getByRole('heading', { name: 'What to fix first' })).toBeVisible();
    await page.waitForLoadState('networkidle');
  });
  console.info(`Budget /fix-first/: the first report loads ${(sum(later, ['script']) / KB).toFixed(1)} KB gz more: ${files(later)}`);
  expect(later.some(isWorker)).toBe(true);
});
