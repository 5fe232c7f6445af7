/**
 * The self-assessment as a screen reader and a keyboard meet it: what is said when each question's
 * heading takes focus, how many Tab presses it takes to move on, and what Skip and Back do to the
 * answers. The expected questions come from the printable list on the same page, so a new question
 * needs no test edit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { parse } from 'yaml';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

interface Expected {
  practice: string;
  position: number;
  of: number;
  question: string;
}

/**
 * Every question in quiz order, with its practice and its place in it: the order from the printable
 * list, the words from content/quiz (the list's own text carries glossary definitions inline).
 */
async function questionsOnPage(page: Page): Promise<Expected[]> {
  const listed = await page.locator('section:has(> .quiz-list)').evaluateAll((sections) =>
    sections.flatMap((section) => {
      const practice = section.querySelector('h3')!.textContent!.trim();
      const ids = [...section.querySelectorAll('.quiz-list > li[id]')].map((li) => li.id);
      return ids.map((id, i) => ({ id, practice, position: i + 1, of: ids.length }));
    }),
  );
  return listed.map(({ id, ...where }) => {
    const { question } = parse(readFileSync(path.join(process.cwd(), 'content', 'quiz', `${id}.yaml`), 'utf8')) as { question: string };
    return { ...where, question };
  });
}

async function openQuiz(page: Page): Promise<Expected[]> {
  await page.goto('/assessment/');
  await expect(page.getByRole('button', { name: /^Start the \d+ questions$/ })).toBeEnabled();
  const questions = await questionsOnPage(page);
  expect(questions.length).toBeGreaterThanOrEqual(24);
  return questions;
}

/**
 * What the focused element is, as the accessibility tree gives it to a screen reader: the first line
 * of its ariaSnapshot, e.g. `heading "…" [level=2]` (read as YAML, so quotes come out as written).
 */
async function focusedSnapshot(page: Page): Promise<string> {
  const [first] = parse(await page.locator(':focus').ariaSnapshot()) as unknown[];
  return typeof first === 'string' ? first : JSON.stringify(first);
}

/** The accessible role and name of the focused element, e.g. "radio Not yet" or "button Next". */
async function focusedRoleAndName(page: Page): Promise<string> {
  const snapshot = await focusedSnapshot(page);
  const match = /^(\w+) "([^"]*)"/.exec(snapshot);
  return match ? `${match[1]} ${match[2]}` : snapshot;
}

const moveOn = /^button (Next|Skip|See my results|Skip to my results)$/;

test('walking the whole quiz by keyboard, the focused heading says the practice, the number and the question, and Next is at most 3 Tab presses from the first answer', async ({ page }) => {
  test.setTimeout(180_000);
  const questions = await openQuiz(page);
  await page.getByRole('button', { name: /^Start the/ }).focus();
  await page.keyboard.press('Enter');
  const presses: number[] = [];
  for (const [i, q] of questions.entries()) {
    // What a screen reader says as focus lands on the new step.
    await expect(page.locator('#question-progress')).toBeFocused();
    const said = await focusedSnapshot(page);
    expect(said, `question ${i + 1}`).toBe(`heading "${q.practice} · ${q.position} of ${q.of}: ${q.question}" [level=2]`);

    // Into the answers: one Tab stop, the first answer.
    await page.keyboard.press('Tab');
    expect(await focusedRoleAndName(page)).toBe('radio Not yet');
    // Vary what is done: pick with the arrow keys, pick "doesn't apply" (which adds a reason box), or pick nothing.
    const kind = i % 3;
    if (kind === 0) {
      await page.keyboard.press('ArrowDown'); // the second answer
      await expect(page.locator('.choice input').nth(1)).toBeChecked();
    } else if (kind === 1 && i < questions.length - 1) {
      for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowDown'); // "Doesn't apply to us"
      await expect(page.getByLabel("Doesn't apply to us")).toBeChecked();
    }
    let count = 0;
    while (!moveOn.test(await focusedRoleAndName(page)) && count < 10) {
      await page.keyboard.press('Tab');
      count++;
      // "Doesn't apply" asks why, in a box between the answers and Next: type the reason on the way.
      if ((await focusedRoleAndName(page)).startsWith('textbox')) await page.keyboard.type('We run no such systems.');
    }
    presses.push(count);
    expect(count, `Tab presses from the first answer to Next on question ${i + 1}`).toBeLessThanOrEqual(3);
    const last = i === questions.length - 1;
    const answered = kind === 0 || (kind === 1 && !last);
    expect(await focusedRoleAndName(page)).toBe(`button ${last ? (answered ? 'See my results' : 'Skip to my results') : answered ? 'Next' : 'Skip'}`);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeFocused();
  const total = presses.reduce((a, b) => a + b, 0);
  console.info(`Tab presses from the first answer to Next: ${presses.join(', ')} (${total} for ${questions.length} questions)`);
});

test('Skip with nothing chosen moves on, says so, and leaves the question unanswered; choosing an answer turns it into Next', async ({ page }) => {
  const questions = await openQuiz(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  await expect(page.getByRole('button', { name: 'Next' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(page.locator('#question-progress')).toBeFocused();
  await expect(page.locator('#question-progress')).toContainText(questions[1]!.question);
  await expect(page.getByRole('status').filter({ hasText: 'skipped' })).toHaveText(
    `You skipped question 1 of ${questions.length}. It stays unanswered until you go back to it.`,
  );
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:assessment:v1')!));
  expect(stored.file.respondents[0].answers).toEqual({});

  await page.getByLabel('Not yet').check();
  await expect(page.getByRole('button', { name: 'Skip', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#question-progress')).toContainText(questions[2]!.question);
  await expect(page.getByText(/You skipped/)).toHaveCount(0);
});

test('a chosen answer survives Back, whether or not Next was pressed after it', async ({ page }) => {
  const questions = await openQuiz(page);
  await page.getByRole('button', { name: /^Start the/ }).click();
  const choice = (n: number) => page.locator('.choice input').nth(n);
  await choice(2).check(); // "Most of it" or the like
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#question-progress')).toContainText(questions[1]!.question);
  await choice(1).check();
  // Back straight after choosing, without Next: the choice is kept all the same.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.locator('#question-progress')).toContainText(questions[0]!.question);
  await expect(choice(2)).toBeChecked();
  await expect(page.getByRole('button', { name: 'Next' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(choice(1)).toBeChecked();
  await expect(page.getByRole('button', { name: 'Next' })).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test('a question after a skip and the last question unanswered have no accessibility violations', async ({ page }) => {
      test.setTimeout(120_000);
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      const questions = await openQuiz(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.getByRole('button', { name: /^Start the/ }).click();
      await page.getByRole('button', { name: 'Skip', exact: true }).click();
      await expect(page.getByText(/^You skipped question 1/)).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      // The last question, reached from a saved place in the quiz.
      await page.evaluate((step) => {
        const state = { version: 1, step, file: { formatVersion: 1, respondents: [{ id: 'p', answers: {}, answeredAt: '2026-11-25T10:00:00Z' }] } };
        localStorage.setItem('plainsec:assessment:v1', JSON.stringify(state));
      }, questions.length - 1);
      await page.goto('about:blank');
      await page.goto('/assessment/');
      await expect(page.getByRole('button', { name: 'Skip to my results' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}
