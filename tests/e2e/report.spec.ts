/**
 * A self-assessment a team can show: evidence added on the results and the team view, target
 * levels that reorder the plan, and the report printed to PDF, read back with pdftotext
 * (Debian's poppler-utils, installed by .ci/run) the way a person would read the paper.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { asUpload, fileInput, openTeamPage, peopleRows, personFile, seedAnswers } from './tool-states.ts';

const practiceNames = ['Start somewhere', 'Trust but verify', 'Everyone owns security'];
const out = path.join('test-results', 'report');
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Prints the page as the browser's "Save as PDF" does (print media, A4) and returns the text of each page. */
async function printedPages(page: Page, name: string): Promise<string[]> {
  test.skip(!hasPdftotext, 'pdftotext is not installed (sudo apt-get install poppler-utils), so the printed report is not read back');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ format: 'A4', printBackground: false }));
  // pdftoppm's PNGs of the first two pages are kept beside the PDF, to look at by eye.
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(out, name)]);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
}

/** The team's answers, with evidence in Ana's file: one checked recently, one long ago (stale). */
async function teamWithEvidence(page: Page): Promise<void> {
  await openTeamPage(page);
  await fileInput(page).setInputFiles([
    asUpload(
      'ana.json',
      personFile(
        'ana',
        'Ana',
        { 'ss-audit-trail': 1, 'ss-nightly-updates': 'DK', 'tbv-alerts-in-chat': 1 },
        {
          evidence: {
            'ss-audit-trail': [{ title: 'CloudTrail org trail', url: 'https://github.com/example/infra/blob/main/cloudtrail.tf', date: '2026-11-20', note: 'All regions, all accounts.' }],
            'tbv-alerts-in-chat': [{ title: 'Alert channel runbook', date: '2026-01-10' }],
          },
        },
      ),
    ),
    asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 0.5 })),
    asUpload('cy.json', personFile('cy', 'Cy', { 'ss-audit-trail': 0.5, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 'DK' })),
  ]);
  await expect(peopleRows(page)).toHaveCount(3);
  await page.getByLabel('Team name').fill('Platform "Ops" team');
  await page.getByLabel('Team name').blur();
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeVisible();
}

test('the team lists everyone\u2019s evidence with who added it, marks the stale one, and keeps evidence added in the team view', async ({ page }) => {
  await teamWithEvidence(page);
  const evidence = page.getByRole('region', { name: 'Evidence' });
  await expect(evidence.locator('[data-question="ss-audit-trail"]')).toContainText('CloudTrail org trail');
  await expect(evidence.locator('[data-question="ss-audit-trail"]')).toContainText('Checked 20 Nov 2026, added by Ana.');
  await expect(evidence.locator('[data-question="tbv-alerts-in-chat"]')).toContainText('Stale');
  await expect(evidence.getByRole('link', { name: 'CloudTrail org trail' })).toHaveAttribute('href', 'https://github.com/example/infra/blob/main/cloudtrail.tf');

  // A new item with quotes and a line break in its note, added from the team view.
  await evidence.getByLabel('Question').selectOption({ label: 'Nightly security updates' });
  await evidence.getByLabel(/^Title/).fill('Patch "nightly" job');
  await evidence.getByLabel('Link (optional)').fill('https://ci.example.com/jobs/patch?x=1&y="2"');
  await evidence.getByLabel('Note (optional)').fill('Runs at 02:00.\nFails loudly.');
  await evidence.getByRole('button', { name: 'Add evidence' }).click();
  await expect(evidence.locator('[data-question="ss-nightly-updates"]')).toContainText('Patch "nightly" job');
  // Its day is today, as the team page's clock reads it.
  await expect(evidence.locator('[data-question="ss-nightly-updates"]')).toContainText('Checked 25 Nov 2026.');

  // A link that is not a web address is refused in plain words, and nothing is added.
  await evidence.getByLabel(/^Title/).fill('Wiki page');
  await evidence.getByLabel('Link (optional)').fill('javascript:alert(1)');
  await evidence.getByRole('button', { name: 'Add evidence' }).click();
  await expect(evidence.getByRole('alert')).toContainText('The link must be a web address starting with https:// or http://');
  await expect(evidence.locator('.evidence__item')).toHaveCount(3);

  // Removed, then put back with Undo; and kept after a reload.
  await evidence.getByRole('button', { name: 'Remove "Alert channel runbook"' }).click();
  await expect(evidence.locator('.evidence__item')).toHaveCount(2);
  await evidence.getByRole('button', { name: 'Undo' }).click();
  await expect(evidence.locator('.evidence__item')).toHaveCount(3);
  await page.reload();
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('region', { name: 'Evidence' }).locator('.evidence__item')).toHaveCount(3);

  // The Markdown plan carries the evidence, with the stale mark.
  await page.getByText('Show the text of the Markdown for a GitHub or GitLab issue').click();
  const markdown = await page.locator('.plan-export pre').first().textContent();
  expect(markdown).toContain('## Evidence');
  expect(markdown).toContain('[CloudTrail org trail](https://github.com/example/infra/blob/main/cloudtrail.tf), checked 2026-11-20, added by Ana. All regions, all accounts.');
  expect(markdown).toContain('Alert channel runbook, checked 2026-01-10, added by Ana, stale: check it again');
});

test('a target level puts the steps toward it first in the plan and says how far each practice is', async ({ page }) => {
  await teamWithEvidence(page);
  const firstSteps = () => page.locator('#team-bucket-this-sprint ~ ol .plan__title strong, [aria-labelledby="team-bucket-this-sprint"] .plan__title strong').allTextContents();
  await expect(page.locator('.targets__gap[data-practice="everyone-owns-security"]')).toHaveText('Level 0 now. No target set.');
  await page.getByRole('group', { name: 'Target level per practice' }).getByLabel('Everyone owns security').selectOption('1');
  await expect(page.locator('.targets__gap[data-practice="everyone-owns-security"]')).toHaveText('Level 0 now: 1 level to go.');
  // Nobody answered the practice's questions, so its level 1 steps now lead the plan.
  const steps = await firstSteps();
  expect(steps.length).toBeGreaterThan(0);
  const eosTopics = await page.locator('[aria-labelledby="team-bucket-this-sprint"] .plan__step').evaluateAll((items) =>
    items.map((li) => li.querySelector('.tag')?.textContent),
  );
  expect(eosTopics[0]).toBe('Everyone owns security');
  await page.reload();
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('group', { name: 'Target level per practice' }).getByLabel('Everyone owns security')).toHaveValue('1');
});

test('the team report prints to PDF with the team name, each practice\u2019s score and level, the evidence and the plan, and no navigation', async ({ page }) => {
  await teamWithEvidence(page);
  await page.getByRole('group', { name: 'Target level per practice' }).getByLabel('Start somewhere').selectOption('2');
  // The browser's print dialog would wait for a person: the test prints the page itself, as "Save as PDF" does.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  const scores = await page.locator('.scores__table tbody tr').evaluateAll((rows) =>
    rows.map((tr) => ({ name: tr.querySelector('th')!.textContent!.trim(), score: tr.querySelectorAll('td')[0]!.textContent!.trim(), level: tr.querySelectorAll('td')[4]!.textContent!.trim() })),
  );
  const firstStep = (await page.locator('[aria-labelledby^="team-bucket-"] .plan__title strong').first().textContent())!;
  // The report's code loads only when someone asks to print.
  const scripts: string[] = [];
  page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(r.url())));
  expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('PrintReport')))).toBe(false);
  await page.getByRole('button', { name: 'Print or save as PDF' }).click();
  await expect(page.locator('#print-report h1')).toHaveText('Security self-assessment: Platform "Ops" team');
  expect(scripts.some((url) => url.includes('PrintReport'))).toBe(true);

  const pages = await printedPages(page, 'team');
  const text = pages.join('\n');
  // Words wrap where the paper ends: read the text as one line.
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('Security self-assessment: Platform "Ops" team');
  expect(flat).toContain('25 Nov 2026. From the answers of Ana, Bo and Cy.');
  for (const s of scores) {
    expect(practiceNames).toContain(s.name);
    const score = s.score.replace(/\s*preliminary$/, '');
    expect(flat, s.name).toMatch(new RegExp(`${s.name}: score ${score}( ± [\\d.]+)?( \\(preliminary\\))?, coverage \\d+ %, level ${s.level} of 3`));
  }
  expect(flat).toMatch(/Start somewhere: score .*, target level 2 \((\d levels? to go|reached)\)\./);
  for (const title of ['CloudTrail org trail', 'Alert channel runbook']) expect(text).toContain(title);
  // A printed link shows its address.
  expect(flat).toContain('(https://github.com/example/infra/blob/main/cloudtrail.tf)');
  // The plan starts on its own page, with the team's first step first.
  const planPage = pages.find((p) => p.includes('The plan'))!;
  expect(planPage).toBeDefined();
  expect(pages.indexOf(planPage)).toBeGreaterThan(0);
  const afterHeading = planPage.slice(planPage.indexOf('The plan'));
  expect(afterHeading.replace(/\s+/g, ' ')).toMatch(new RegExp(`1\\. ${firstStep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(flat).toMatch(/Maps to: CIS Controls [\d.]+/);
  // Nothing of the site around the report: no navigation, no buttons, no footer.
  for (const chrome of ['Skip to', 'Announce a change', 'Alert rule templates', 'Sitemap', 'Print or save as PDF', 'Hide the answers again', 'Add evidence', 'Reveal all answers']) {
    expect(text, chrome).not.toContain(chrome);
  }
});

test('a person\u2019s results take evidence and a target, kept in the saved file, and print their own report', async ({ page }) => {
  await seedAnswers(page, (i) => (i % 4 === 0 ? 3 : 0), 'Ana');
  const evidence = page.getByRole('region', { name: 'Evidence' });
  await evidence.getByLabel('Question').selectOption({ label: 'Who did what and when' });
  await evidence.getByLabel(/^Title/).fill('CloudTrail org trail');
  await evidence.getByLabel('Link (optional)').fill('https://github.com/example/infra/blob/main/cloudtrail.tf');
  await evidence.getByRole('button', { name: 'Add evidence' }).click();
  await expect(evidence.locator('[data-question="ss-audit-trail"]')).toContainText('CloudTrail org trail');
  await page.getByRole('group', { name: 'Target level per practice' }).getByLabel('Trust but verify').selectOption('2');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as a file' }).click();
  const saved = JSON.parse((await (await (await download).createReadStream()).toArray()).join(''));
  expect(saved.evidence['ss-audit-trail'][0]).toMatchObject({ title: 'CloudTrail org trail', url: 'https://github.com/example/infra/blob/main/cloudtrail.tf', date: '2026-11-25' });
  expect(saved.targets).toEqual({ 'trust-but-verify': 2 });

  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByRole('button', { name: 'Print or save as PDF' }).click();
  await expect(page.locator('#print-report h1')).toHaveText('Security self-assessment: Ana');
  const text = (await printedPages(page, 'person')).join('\n');
  expect(text).toContain('CloudTrail org trail');
  expect(text).not.toContain('Change my answers');
});
