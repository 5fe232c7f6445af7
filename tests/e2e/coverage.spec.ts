/**
 * /rules/coverage/: what the templates watch for, by step of an attack and by control, what none
 * watches for yet, and "Your own rules" read from the rule builder's My rules in this browser.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { ruleTemplates, seedMyRules } from './tool-states.ts';
import { plainWordsProblems, siteGlossary } from '../support/plain-words.ts';
import type { Rule } from '../../src/lib/rules/model.ts';

const path = '/rules/coverage/';
const templates = ruleTemplates();
const byId = (id: string) => templates.find((r) => r.id === id)!;

test('the coverage page names every ATT&CK id the templates use and links every template', async ({ page }) => {
  await page.goto(path);
  const main = page.locator('main');
  const text = await main.innerText();
  const ids = [...new Set(templates.flatMap((r) => r.attack))];
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.filter((id) => !text.includes(id))).toEqual([]);
  const links = new Set(await main.locator('a[href^="/rules/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
  expect(templates.filter((r) => !links.has(`/rules/${r.id}/`)).map((r) => r.id)).toEqual([]);
  // Each technique row links the template that names it.
  for (const rule of templates.filter((r) => r.attack.length > 0).slice(0, 5))
    for (const id of rule.attack)
      await expect(main.locator(`tr[id$="-${id}"]`).first().getByRole('link', { name: rule.title, exact: true })).toBeVisible();
});

test('every CIS AWS and Security Hub id the templates name has its row, with the templates that name it', async ({ page }) => {
  await page.goto(path);
  for (const [prefix, ids] of [
    ['cis', (r: Rule) => r.cisAws],
    ['hub', (r: Rule) => r.securityHub],
  ] as const) {
    for (const id of new Set(templates.flatMap(ids))) {
      const row = page.locator(`tr[id="${prefix}-${id}"]`);
      await expect(row).toHaveCount(1);
      for (const rule of templates.filter((r) => ids(r).includes(id)))
        await expect(row.getByRole('link', { name: rule.title, exact: true })).toHaveCount(1);
    }
  }
});

test('the words around the tables are plain', async ({ page }) => {
  await page.goto(path);
  const prose = (await page.locator('main > p').allInnerTexts()).join('\n\n');
  expect(plainWordsProblems(prose, siteGlossary())).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the coverage page reads in full, and says where your own rules would show', async ({ page }) => {
    await page.goto(path);
    await expect(
      page.getByRole('heading', {
        level: 1,
        name: 'What the templates watch for',
      }),
    ).toBeVisible();
    await expect(page.getByRole('table').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What no template watches for yet' })).toBeVisible();
    await expect(page.locator('main .coverage-own')).toContainText('With JavaScript on');
  });
});

test('with nothing saved, the page says how your own rules get here', async ({ page }) => {
  await page.goto(path);
  await expect(page.getByText('You have no rules in My rules in this browser yet.')).toBeVisible();
});

test('your own rules show the attack steps and CIS controls they watch for, and the page never changes what is saved', async ({ page }) => {
  const mine = [
    byId('root-account-used'),
    {
      ...byId('root-account-used'),
      id: 'my-own-rule',
      title: 'My own rule with no ids',
      attack: [],
      cisAws: [],
      securityHub: [],
    },
  ];
  await seedMyRules(page, mine);
  await page.goto(path);
  const saved = await page.evaluate(() => localStorage.getItem('plainsec:rules:v1'));
  await expect(page.getByText('You keep 2 rules in My rules in this browser.')).toBeVisible();
  const steps = page.getByRole('table', { name: 'Your rules by attack step' });
  for (const id of mine[0]!.attack) await expect(steps.getByRole('row').filter({ hasText: id }).first()).toContainText(mine[0]!.title);
  if (mine[0]!.cisAws.length > 0)
    await expect(
      page.getByRole('table', {
        name: 'Your rules by CIS AWS Foundations control',
      }),
    ).toContainText(mine[0]!.cisAws[0]!);
  await expect(page.getByText(/names no attack technique or control/)).toBeVisible();
  await expect(page.locator('main .coverage-own li').filter({ hasText: 'My own rule with no ids' })).toHaveCount(1);
  const words = (await page.locator('main .coverage-own p').allInnerTexts()).join('\n\n');
  expect(plainWordsProblems(words, siteGlossary())).toEqual([]);
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => localStorage.getItem('plainsec:rules:v1'))).toBe(saved);
});

test('saved rules that cannot be read are reported in plain words, and left as they are', async ({ page }) => {
  await page.goto(path);
  await page.evaluate(() => localStorage.setItem('plainsec:rules:v1', '{'));
  await page.reload();
  await expect(page.getByText('Your saved rules could not be read: the saved text is damaged.')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('plainsec:rules:v1'))).toBe('{');
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test('the coverage page with saved rules has no accessibility violations', async ({ page }) => {
      await seedMyRules(page, [byId('root-account-used'), byId(templates.find((r) => r.attack.length > 0 && r.id !== 'root-account-used')!.id)]);
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      await page.goto(path);
      await expect(page.getByRole('table', { name: 'Your rules by attack step' })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      expect(
        results.violations.map(
          (v) =>
            `${v.id}: ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        ),
      ).toEqual([]);
    });
  });
}

test('a template page names its ATT&CK techniques with links to ATT&CK, and links to the coverage page', async ({ page }) => {
  const rule = templates.find((r) => r.attack.length > 0)!;
  await page.goto(`/rules/${rule.id}/`);
  for (const id of rule.attack)
    await expect(page.getByRole('link', { name: id, exact: true })).toHaveAttribute(
      'href',
      `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`,
    );
  for (const id of [...rule.cisAws, ...rule.securityHub]) await expect(page.locator('main')).toContainText(id);
  await expect(page.getByRole('link', { name: 'See what all the templates watch for' })).toHaveAttribute('href', path);
});

test('the rules page links to the coverage page', async ({ page }) => {
  await page.goto('/rules/');
  await expect(
    page.getByRole('link', {
      name: 'See which attacks and controls the templates watch for',
    }),
  ).toHaveAttribute('href', path);
});
