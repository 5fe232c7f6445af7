/**
 * The self-assessment as a person uses it: answering by keyboard, resuming after a reload,
 * reading scores from the "Scores by practice" table, sharing a link, and bad input that changes
 * nothing. Accessibility is checked in each state a person can reach, in both themes.
 */
import { type Page } from '@playwright/test';
import { test, expect, newContext, fixedNow } from './fixtures.ts';
import { fillStorage } from './full-storage.ts';
import AxeBuilder from '@axe-core/playwright';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const practiceNames = ['Start somewhere', 'Trust but verify', 'Everyone owns security'];

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function openQuiz(page: Page): Promise<number> {
  await page.goto('/assessment/');
  const start = page.getByRole('button', { name: /^(Start the \d+ questions|Go on with the questions)/ });
  await expect(start).toBeEnabled();
  const label = await start.textContent();
  return Number(/(\d+) questions|of (\d+) answered/.exec(label ?? '')!.slice(1).find(Boolean));
}

/** Answers every remaining question with the choice at this position (0 = "Not yet" … 5 = "I don't know"), by mouse. */
async function answerAll(page: Page, choice: number | ((index: number) => number)): Promise<void> {
  await page.getByRole('button', { name: /^(Start the|Go on with)/ }).click();
  await expect(page.locator('#question-progress')).toBeVisible();
  for (let i = 0; ; i++) {
    const heading = page.locator('#question-progress');
    if (!(await heading.isVisible())) break;
    const pick = typeof choice === 'number' ? choice : choice(i);
    const where = await heading.textContent();
    await page.locator('.choice input').nth(pick).check();
    if (pick === 4) await page.getByLabel(/why doesn't it apply/i).fill('We run no such systems.');
    await page.getByRole('button', { name: /^(Next|See my results)$/ }).click();
    // Wait for the next question (or the results) before answering again.
    await expect(heading.filter({ hasText: where ?? '' })).toHaveCount(0);
  }
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
}

/**
 * Stores answers as if the person had given them (choice as in answerAll; 4 = doesn't apply is not
 * used here), then opens the results. Faster than clicking through when answering is not the point.
 */
async function seedAnswers(page: Page, choice: (index: number) => number): Promise<void> {
  await page.goto('/assessment/');
  const ids = await page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
  const values = [0, 0.25, 0.5, 1, 'NA', 'DK'];
  const answers = Object.fromEntries(ids.map((id, i) => [id, values[choice(i)]]));
  const now = fixedNow.toISOString();
  const state = { version: 1, step: ids.length, file: { formatVersion: 1, respondents: [{ id: 'seeded-person', answers, answeredAt: now }] } };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  // Leave the page first: a hash change on the open page would let it save its own (empty) answers.
  await page.goto('about:blank');
  await page.goto('/assessment/#results');
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
}

/** The score column of "Scores by practice", by practice name. */
async function scoresFromTable(page: Page, caption = 'Scores by practice'): Promise<Record<string, string>> {
  const table = page.getByRole('table', { name: caption });
  await expect(table).toBeVisible();
  const scores: Record<string, string> = {};
  for (const name of practiceNames) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    scores[name] = ((await row.getByRole('cell').first().textContent()) ?? '').trim();
  }
  return scores;
}

async function pressTabUntil(page: Page, isTarget: () => Promise<boolean>, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await isTarget()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the target');
}

test('a person completes the quiz by keyboard alone and, answering "all of it" everywhere, scores 100 in every practice', async ({ page }) => {
  test.setTimeout(120_000);
  const total = await openQuiz(page);
  await page.locator('body').focus();
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  await pressTabUntil(page, async () => (await page.evaluate(() => document.activeElement?.id)) === 'respondent-name');
  await page.keyboard.type('Ana');
  await pressTabUntil(page, async () => /^Start the/.test(await focusedText()));
  await page.keyboard.press('Enter');
  for (let i = 0; i < total; i++) {
    // Focus is on the question's heading; the first Tab enters the answers.
    await expect(page.locator('#question-progress')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // "Not yet"
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown'); // … "All"
    await expect(page.locator('.choice input').nth(3)).toBeChecked();
    await pressTabUntil(page, async () => /^(Next|See my results)$/.test(await focusedText()));
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeFocused();
  await expect.poll(() => scoresFromTable(page)).toEqual({ 'Start somewhere': '100', 'Trust but verify': '100', 'Everyone owns security': '100' });
  await expect(page.getByText(/Level\s+3\s+of 3 overall/)).toBeVisible();
  expect(page.url()).toMatch(/#results$/);
});

test('"not yet" everywhere scores 0 in every practice, and the plan starts with this sprint', async ({ page }) => {
  test.setTimeout(120_000);
  await openQuiz(page);
  await answerAll(page, 0);
  await expect.poll(() => scoresFromTable(page)).toEqual({ 'Start somewhere': '0', 'Trust but verify': '0', 'Everyone owns security': '0' });
  await expect(page.getByRole('heading', { name: 'This sprint' })).toBeVisible();
});

test('answers given in another tab are taken up, never overwritten by an older tab', async ({ page, context }) => {
  await openQuiz(page);
  const other = await context.newPage();
  await other.goto('/assessment/');
  await other.getByRole('button', { name: /^Start the/ }).click();
  await other.locator('.choice input').nth(3).check();
  await other.getByRole('button', { name: 'Next' }).click();
  // The first tab, opened before, now moves on: it must keep the other tab's answer.
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 2 of 12');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.locator('.choice input').nth(3)).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:assessment:v1')!));
  expect(Object.values(stored.file.respondents[0].answers)).toEqual([1]);
});

test('a reload halfway through resumes at the same question with the answers kept', async ({ page }) => {
  await openQuiz(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  for (let i = 0; i < 5; i++) {
    await page.locator('.choice input').nth(i % 4).check();
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 6 of 12');
  await page.reload();
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 6 of 12');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.locator('.choice input').nth(0)).toBeChecked(); // the fifth answer was "Not yet" (4 % 4)
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.locator('.choice input').nth(3)).toBeChecked();
});

test('"doesn\'t apply" asks for a one-line reason before moving on', async ({ page }) => {
  await openQuiz(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  await page.getByLabel("Doesn't apply to us").check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Say in one line why it does not apply')).toBeVisible();
  await expect(page.getByLabel(/why doesn't it apply/i)).toBeFocused();
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 1 of 12');
  await page.getByLabel(/why doesn't it apply/i).fill('We have no servers, only managed services.');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 2 of 12');
});

test('a share link opened in a fresh browser shows the same scores, read-only', async ({ page, browser }) => {
  await seedAnswers(page, (i) => [0, 1, 2, 3, 5][i % 5]!);
  const mine = await scoresFromTable(page);
  await page.getByRole('button', { name: 'Copy a share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/\/assessment\/#r=[A-Za-z0-9_-]+$/);

  const fresh = await newContext(browser);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole('heading', { name: 'Shared result' })).toBeVisible();
  await expect.poll(() => scoresFromTable(other)).toEqual(mine);
  // Read-only: nothing was stored in the fresh browser.
  expect(await other.evaluate(() => localStorage.getItem('plainsec:assessment:v1'))).toBeNull();
  await fresh.close();
});

test.describe('bad input changes nothing', () => {
  test('unreadable saved answers are reported in plain words and kept aside', async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('plainsec:assessment:v1', '{"version":1,"step":3,"file":{"formatVersion":1,"respondents":[{"id":"x"');
        sessionStorage.setItem('seeded', '1');
      }
    });
    await page.goto('/assessment/');
    await expect(page.getByRole('alert').first()).toContainText('could not be read');
    expect(await page.evaluate(() => localStorage.getItem('plainsec:assessment:v1:unreadable'))).toMatch(/^\{"version":1,"step":3/);
  });

  test('a tampered share link is refused and the answers in this browser stay as they were', async ({ page }) => {
    await seedAnswers(page, () => 2);
    const before = await scoresFromTable(page);
    await page.getByRole('button', { name: 'Copy a share link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    const code = link.split('#r=')[1]!;
    const tampered = `${link.split('#r=')[0]}#r=${code.slice(0, 20)}${code.slice(20, 40).split('').reverse().join('')}${code.slice(40)}`;
    await page.goto(tampered);
    await page.reload();
    await expect(page.getByRole('alert').first()).toContainText('This share link is damaged');
    await expect(page.getByText('Your own answers are unchanged.')).toBeVisible();
    await page.goto('/assessment/#results');
    await expect.poll(() => scoresFromTable(page)).toEqual(before);
  });

  test('a 5 MB file is refused and nothing changes; a good file replaces the answers and Undo brings them back', async ({ page }) => {
    await seedAnswers(page, (i) => [3, 1][i % 2]!);
    const mine = await scoresFromTable(page);
    await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(5_000_000, 32) });
    await expect(page.getByRole('alert').first()).toContainText('"huge.json" is 5.0 MB; a result file is at most 1 MB. Nothing was changed.');
    await expect.poll(() => scoresFromTable(page)).toEqual(mine);

    const other = {
      formatVersion: 1,
      respondents: [{ id: 'someone-else', name: 'Bo', answers: { 'ss-audit-trail': 0, 'tbv-alerts-in-chat': 0, 'eos-leavers': 0 }, answeredAt: '2026-11-01T10:00:00Z' }],
    };
    await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'bo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
    await expect(page.getByText('Loaded "bo.json"').first()).toBeVisible();
    // Bo answered one question per practice, so every score is marked preliminary.
    await expect.poll(() => scoresFromTable(page)).toEqual({
      'Start somewhere': '0 preliminary',
      'Trust but verify': '0 preliminary',
      'Everyone owns security': '0 preliminary',
    });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => scoresFromTable(page)).toEqual(mine);
  });
});

test('when storage is full, the answer stays on the page and the person is told to save a file', async ({ page }) => {
  await openQuiz(page);
  await fillStorage(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  await page.locator('.choice input').nth(2).check();
  await expect(page.getByRole('alert').first()).toContainText('not keeping your answers');
  await expect(page.getByRole('alert').first()).toContainText('Save as a file');
  await expect(page.locator('.choice input').nth(2)).toBeChecked();
});

test('when the browser blocks storage, the quiz still works on the page and says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/assessment/');
  await expect(page.getByRole('alert').first()).toContainText('not keeping your answers');
  await page.getByRole('button', { name: /^Start the/ }).click();
  await page.locator('.choice input').nth(1).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 2 of 12');
});

test('with two saved results, the trend per practice shows as a chart and a table', async ({ page }) => {
  await seedAnswers(page, () => 2);
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
  const trend = page.getByRole('table', { name: 'Scores over time' });
  await expect(trend.getByRole('row')).toHaveCount(3);
  await expect(trend.getByRole('row').nth(2)).toContainText(/2026-11-01\s*45\s*30\s*50/);
  await expect(page.getByRole('img', { name: 'Scores over time' })).toBeVisible();
});

test('saving keeps a dated snapshot, and the file saved loads back with the same scores', async ({ page }) => {
  await seedAnswers(page, (i) => [1, 2, 3][i % 3]!);
  const mine = await scoresFromTable(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as a file' }).click();
  const file = await download;
  const saved = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(saved.formatVersion).toBe(1);
  expect(saved.snapshots).toHaveLength(1);
  expect(saved.respondents).toHaveLength(1);
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.goto('/assessment/#results');
  await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await expect.poll(() => scoresFromTable(page)).toEqual(mine);
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
    });

    test('a question, the "doesn\'t apply" reason error and the results have no violations', async ({ page }) => {
      test.setTimeout(120_000);
      await openQuiz(page);
      await page.getByRole('button', { name: /^Start the/ }).click();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("Doesn't apply to us").check();
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByText('Say in one line why it does not apply')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('.choice input').nth(1).click();
      await expect(page.locator('.choice input').nth(1)).toBeChecked();
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.locator('#question-progress')).toHaveText('Start somewhere · 2 of 12');
      await page.goto('/assessment/#results');
      await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test('the error states and a shared result have no violations', async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto('/assessment/#r=not-a-real-code');
      await expect(page.getByRole('alert').first()).toContainText('damaged');
      expect(await axeViolations(page)).toEqual([]);
      await page.goto('/assessment/#results');
      await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"formatVersion": 9}') });
      await expect(page.getByRole('alert').first()).toContainText('newer Plainsec');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Copy a share link' }).click();
      const link = await page.getByLabel('Share link').inputValue();
      await page.goto(link);
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Shared result' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('the page still lists every question with what good looks like, and the controls do not pretend to work', async ({ page }) => {
    await page.goto('/assessment/');
    await expect(page.getByRole('button', { name: /^Start the/ })).toBeDisabled();
    await page.getByText(/All \d+ questions, to read or print/).click();
    await expect(page.locator('.quiz-list > li')).toHaveCount(await page.locator('.quiz-question').count());
    expect(await page.locator('.quiz-question').count()).toBeGreaterThanOrEqual(24);
    await expect(page.getByText('What good looks like:').first()).toBeVisible();
  });
});

test('the old quiz address leads to the self-assessment', async ({ page }) => {
  await page.goto('/quiz/');
  await expect(page).toHaveURL(/\/assessment\/$/);
});

test('the scoring page shows the worked example computed: 42.3, level 0 and its plan', async ({ page }) => {
  await page.goto('/assessment/how-scoring-works/');
  await expect(page.locator('#example-score')).toHaveText('42.3');
  await expect(page.locator('#example-level-one')).toHaveText('0.558');
  const plan = page.getByRole('table', { name: 'Worked example: the plan' });
  await expect(plan.getByRole('row')).toHaveCount(4);
  await expect(plan.getByRole('row').nth(1)).toContainText(/q3\s*0\.875\s*5\.03\s*This sprint/);
});
