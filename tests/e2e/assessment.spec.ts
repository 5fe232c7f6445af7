/**
 * The self-assessment as a person uses it: answering by keyboard, resuming after a reload,
 * reading scores from the "Scores by practice" table, sharing a link, and bad input that changes
 * nothing. Accessibility is checked in each state a person can reach, in both themes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';
import { fillStorage } from './full-storage.ts';
import { seedAnswers, seedTwoSnapshots } from './tool-states.ts';
import AxeBuilder from '@axe-core/playwright';
import { encodeShareCode } from '../../src/lib/assessment/share-code.ts';

/** How many questions "Start somewhere" asks, read from content/quiz so a new question does not need a test edit. */
const quizDir = path.join(process.cwd(), 'content', 'quiz');
const startSomewhereCount = readdirSync(quizDir)
  .filter((name) => name.endsWith('.yaml'))
  .filter((name) => /^practice:\s*start-somewhere\s*$/m.test(readFileSync(path.join(quizDir, name), 'utf8'))).length;

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

/** A saved result of one other person, Bo, with one answer per practice. */
const boFile = {
  formatVersion: 1,
  respondents: [{ id: 'someone-else', name: 'Bo', answers: { 'ss-audit-trail': 0, 'tbv-alerts-in-chat': 0, 'eos-leavers': 0 }, answeredAt: '2026-11-01T10:00:00Z' }],
};

/** Stores this state as the saved answers, then leaves the page so the next visit reads it (the page writes nothing on opening). */
async function storeState(page: Page, state: unknown): Promise<void> {
  await page.goto('/assessment/');
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  await page.goto('about:blank');
}

/** Records every layout shift from the first paint on (shifts right after a click or key press do not count, as in CLS). */
async function watchLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: { value: number; recent: boolean; nodes: string[] }[] = [];
    (window as unknown as { shifts: typeof shifts }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] }[]) {
        const nodes = (entry.sources ?? []).map((s) => (s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.className}` : String(s.node?.nodeName)));
        shifts.push({ value: entry.value, recent: entry.hadRecentInput, nodes });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shifts so far that CLS counts, after two more frames. */
async function layoutShifts(page: Page): Promise<{ value: number; nodes: string[] }[]> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => (window as unknown as { shifts: { value: number; recent: boolean; nodes: string[] }[] }).shifts.filter((s) => !s.recent));
}

/** Holds the assessment island's code until `release` is called, so the page stays as the server sent it. */
async function holdIsland(page: Page, name: RegExp): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(name, async (route) => {
    await held;
    await route.continue();
  });
  return release;
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
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
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
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 6 of ${startSomewhereCount}`);
  await page.reload();
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 6 of ${startSomewhereCount}`);
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
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 1 of ${startSomewhereCount}`);
  await page.getByLabel(/why doesn't it apply/i).fill('We have no servers, only managed services.');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
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

test('/assessment/#results in a fresh browser says there are no results and stores nothing', async ({ browser }) => {
  const fresh = await newContext(browser);
  const page = await fresh.newPage();
  await page.goto('/assessment/#results');
  await expect(page.getByText('No results in this browser yet — take the self-assessment or load a saved result.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take the self-assessment' })).toBeVisible();
  await expect(page.getByLabel(/Load a saved result/)).toBeVisible();
  // No empty score, level or plan.
  await expect(page.getByText(/Level\s+\d\s+of 3|out of 100/)).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Scores by practice' })).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('plainsec')))).toEqual([]);
  await page.goto('/assessment/');
  await expect(page.getByRole('heading', { name: 'About you' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Start the \d+ questions$/ })).toBeEnabled();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('plainsec')))).toEqual([]);
  await fresh.close();
});

test('the start screen loads a saved result and Undo after a reload brings the earlier answers back', async ({ page }) => {
  const mine = { id: 'me', name: 'Me', answers: { 'ss-audit-trail': 1, 'tbv-alerts-in-chat': 0.5 }, answeredAt: '2026-11-20T10:00:00Z' };
  await storeState(page, { version: 1, step: -1, file: { formatVersion: 1, respondents: [mine] } });
  await page.goto('/assessment/');
  await expect(page.getByRole('button', { name: /^Go on with the questions \(2 of \d+ answered\)$/ })).toBeVisible();
  await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(boFile)) });
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeFocused();
  const notice = 'Loaded bob.json. Your answers before that were kept as a backup today at 10:00.';
  await expect(page.getByText(notice)).toBeVisible();
  await page.reload();
  await expect(page.getByText(notice)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep the new ones' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText(notice)).toHaveCount(0);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:assessment:v1')!));
  expect(stored.file.respondents).toEqual([mine]);
  // Undo swaps: the loaded answers are the backup now, until the person keeps what they have.
  expect(await page.evaluate(() => localStorage.getItem('plainsec:assessment:v1:backup'))).toContain('Undo put back your earlier answers.');
  await page.getByRole('button', { name: 'Keep the new ones' }).click();
  expect(await page.evaluate(() => localStorage.getItem('plainsec:assessment:v1:backup'))).toBeNull();
  await page.goto('/assessment/');
  await expect(page.getByRole('button', { name: /^Go on with the questions \(2 of \d+ answered\)$/ })).toBeVisible();
});

test('the start screen opens a pasted share link', async ({ page }) => {
  const code = await encodeShareCode(boFile as Parameters<typeof encodeShareCode>[0]);
  await page.goto('/assessment/');
  await page.getByLabel(/Open a share link/).fill('');
  await page.getByRole('button', { name: 'Open the share link' }).click();
  await expect(page.getByRole('alert')).toContainText('There is no share code in what you pasted.');
  await page.getByLabel(/Open a share link/).fill(`  https://plainsec.dev/assessment/#r=${code}  `);
  await page.getByRole('button', { name: 'Open the share link' }).click();
  await expect(page.getByRole('heading', { name: 'Shared result' })).toBeVisible();
  await expect(page.getByText('You are looking at a shared result from Bo.')).toBeVisible();
  await expect.poll(() => scoresFromTable(page)).toEqual({
    'Start somewhere': '0 preliminary',
    'Trust but verify': '0 preliminary',
    'Everyone owns security': '0 preliminary',
  });
  // Read-only: opening it stored nothing.
  expect(await page.evaluate(() => localStorage.getItem('plainsec:assessment:v1'))).toBeNull();
});

test('the page shows "Reading your saved progress…" and no empty results before the saved answers appear', async ({ page }) => {
  await seedAnswers(page, () => 2);
  const scores = await scoresFromTable(page);
  await page.goto('about:blank');
  await watchLayoutShifts(page);
  const release = await holdIsland(page, /\/_astro\/Assessment\.[\w-]+\.js$/);
  await page.goto('/assessment/#results', { waitUntil: 'domcontentloaded' });
  const tool = page.locator('.assessment');
  await expect(tool.getByText('Reading your saved progress…')).toBeVisible();
  await expect(tool).not.toContainText(/Level|out of 100|Start the|No results|About you/);
  const box = await tool.boundingBox();
  release();
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
  await expect.poll(() => scoresFromTable(page)).toEqual(scores);
  await expect(page.getByText('Reading your saved progress…')).toHaveCount(0);
  // The tool starts where it did and kept its place: nothing on screen moved when the answers appeared.
  expect((await tool.boundingBox())!.y).toBe(box!.y);
  expect(await layoutShifts(page)).toEqual([]);
});

test('opening the self-assessment moves nothing on screen, fresh, halfway through or at the results, on a laptop and a phone', async ({ browser }) => {
  test.setTimeout(120_000);
  for (const viewport of [{ width: 1280, height: 720 }, { width: 412, height: 823 }]) {
    for (const [path, state] of [
      ['/assessment/', undefined],
      ['/assessment/', { version: 1, step: 5, file: { formatVersion: 1, respondents: [{ id: 'me', answers: { 'ss-audit-trail': 1 }, answeredAt: '2026-11-20T10:00:00Z' }] } }],
      ['/assessment/#results', { version: 1, step: 99, file: { formatVersion: 1, respondents: [{ id: 'me', answers: { 'ss-audit-trail': 1 }, answeredAt: '2026-11-20T10:00:00Z' }] } }],
    ] as const) {
      const context = await newContext(browser, { viewport });
      const tab = await context.newPage();
      if (state) await storeState(tab, state);
      await watchLayoutShifts(tab);
      await tab.goto(path);
      await expect(tab.locator('.assessment h2').first()).toBeVisible();
      await tab.waitForLoadState('networkidle');
      expect(await layoutShifts(tab), `${path} with ${state ? `step ${state.step}` : 'nothing'} stored, ${viewport.width} wide`).toEqual([]);
      await context.close();
    }
  }
});

test('two tabs each answer a different question and both answers survive a reload', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('/assessment/');
  await first.getByRole('button', { name: /^Start the/ }).click();
  await expect(first.locator('#question-progress')).toContainText(`Start somewhere · 1 of ${startSomewhereCount}`);
  await second.goto('/assessment/');
  await expect(second.locator('#question-progress')).toContainText(`Start somewhere · 1 of ${startSomewhereCount}`);
  // The first tab answers question 1 ("All of it"), the second moves on and answers question 2 ("Not yet").
  await first.locator('.choice input').nth(3).check();
  // Nothing chosen in this tab, so the button may say Skip (or Next once the first tab's answer arrives).
  await second.getByRole('button', { name: /^(Next|Skip)$/ }).click();
  await expect(second.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
  await second.locator('.choice input').nth(0).check();
  await expect(second.locator('.choice input').nth(0)).toBeChecked();
  for (const tab of [first, second]) await tab.reload();
  const stored = await first.evaluate(() => JSON.parse(localStorage.getItem('plainsec:assessment:v1')!));
  expect(Object.values(stored.file.respondents[0].answers)).toEqual([1, 0]);
  await expect(first.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
  await expect(first.locator('.choice input').nth(0)).toBeChecked();
  await first.getByRole('button', { name: 'Back' }).click();
  await expect(first.locator('.choice input').nth(3)).toBeChecked();
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
  await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
});

test('with two saved results, the trend per practice shows as a chart and a table', async ({ page }) => {
  await seedAnswers(page, () => 2);
  await seedTwoSnapshots(page);
  const trend = page.getByRole('table', { name: 'Scores over time' });
  await expect(trend.getByRole('row')).toHaveCount(3);
  await expect(trend.getByRole('row').nth(2)).toContainText(/2026-11-01\s*45\s*30\s*50/);
  await expect(page.getByRole('img', { name: 'Scores over time' })).toBeVisible();
});

test('saving keeps a dated snapshot in a file named after the person, and the file saved loads back with the same scores', async ({ page }) => {
  await seedAnswers(page, (i) => [1, 2, 3][i % 3]!, 'Zoë Ana');
  const mine = await scoresFromTable(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as a file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('plainsec-assessment-zoe-ana-2026-11-25.json');
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
      await expect(page.locator('#question-progress')).toContainText(`Start somewhere · 2 of ${startSomewhereCount}`);
      await page.goto('/assessment/#results');
      await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test('the reading state, the no-results screen and the start screen\'s loaders have no violations', async ({ page }) => {
      test.setTimeout(120_000);
      const release = await holdIsland(page, /\/_astro\/Assessment\.[\w-]+\.js$/);
      await page.goto('/assessment/#results', { waitUntil: 'domcontentloaded' });
      await expect(page.getByText('Reading your saved progress…')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      release();
      await expect(page.getByText(/^No results in this browser yet/)).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Take the self-assessment' }).click();
      await expect(page.getByRole('heading', { name: 'About you' })).toBeFocused();
      await page.getByRole('button', { name: 'Open the share link' }).click();
      await expect(page.getByRole('alert')).toContainText('There is no share code');
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
      await page.getByLabel(/Load a saved result/).setInputFiles({ name: 'bo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(boFile)) });
      await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
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
    await expect(page.getByText('The questions need JavaScript. All of them are listed below to read or print.')).toBeVisible();
    // Nothing is being read without JavaScript, so the page does not say it is.
    await expect(page.getByText('Reading your saved progress…')).toBeHidden();
    await expect(page.locator('.assessment').getByRole('button')).toHaveCount(0);
    await expect(page.locator('.assessment input')).toHaveCount(0);
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

test('the scoring page explains model version 2 with the worked example: coverage 95.2 % and ± 5.1, and fits a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/assessment/how-scoring-works/');
  await expect(page.locator('#example-coverage')).toHaveText('95.2 %');
  await expect(page.locator('#example-uncertainty')).toHaveText('± 5.1');
  await expect(page.getByText(/^K = .* = 95\.2 % \(q3: 2 of 3 know\)$/m)).toBeVisible();
  await expect(page.getByText('Model version 1 ignored the unknown answers: K = 100 %, ± 4.2')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
});
