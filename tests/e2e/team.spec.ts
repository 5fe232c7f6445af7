/**
 * The team view as a team uses it: three people answer alone in their own browsers and send
 * share links; a fourth adds them all at once, reveals the answers, reads the flags and takes the
 * plan away as Markdown, CSV and a chat message. Bad links and files are refused by name while
 * everything already on the page stays. Accessibility is checked in each state, in both themes.
 */
import { type Browser, type BrowserContext, type Download, type Page } from '@playwright/test';
import { test, expect, fixedNow, newContext } from './fixtures.ts';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import { asUpload, fileInput, openTeamPage, peopleRows, personFile } from './tool-states.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const practiceNames = ['Start somewhere', 'Trust but verify', 'Everyone owns security'];

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function newPerson(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  return { context, page: await context.newPage() };
}

/** The question ids in quiz order, as the page lists them. */
async function questionIds(page: Page): Promise<string[]> {
  return page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
}

/** Completes the quiz by mouse: name, then the answer at position choice(i) for each question. */
async function completeQuiz(page: Page, name: string, choice: (index: number) => number): Promise<void> {
  await page.goto('/assessment/');
  const start = page.getByRole('button', { name: /^Start the \d+ questions/ });
  await expect(start).toBeEnabled();
  const total = Number(/(\d+)/.exec((await start.textContent()) ?? '')![1]);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your name').blur();
  await start.click();
  for (let i = 0; i < total; i++) {
    await expect(page.locator('.quiz-step__overall')).toContainText(`question ${i + 1} of ${total} overall`);
    await page.locator('.choice input').nth(choice(i)).check();
    await page.getByRole('button', { name: /^(Next|See my results)$/ }).click();
  }
  await expect(page.getByRole('heading', { name: 'Your results' })).toBeVisible();
}

/** Presses "Copy a share link" and reads the link back from the clipboard. */
async function copyShareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy a share link' }).click();
  await expect(page.getByText(/Share link copied/).first()).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/assessment\/#r=[A-Za-z0-9_-]+$/);
  return link;
}

async function textOf(download: Download): Promise<string> {
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks).toString('utf8');
}

async function downloadVia(page: Page, button: RegExp): Promise<{ name: string; text: string }> {
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const download = await waiting;
  return { name: download.suggestedFilename(), text: await textOf(download) };
}

/** The score column of "Team scores by practice", by practice name. */
async function teamScores(page: Page): Promise<Record<string, string>> {
  const table = page.getByRole('table', { name: 'Team scores by practice' });
  await expect(table).toBeVisible();
  const scores: Record<string, string> = {};
  for (const name of practiceNames) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    scores[name] = ((await row.getByRole('cell').first().textContent()) ?? '').trim();
  }
  return scores;
}

/** A question's row in "Answers by question", as column heading → cell text. */
async function answersByPerson(page: Page, questionId: string): Promise<Record<string, string>> {
  const row = page.locator(`tr[data-question="${questionId}"]`);
  // The results load after the reveal: read the row once it is there.
  await expect(row).toBeVisible();
  const headings = await row.locator('xpath=ancestor::table//thead//th').allTextContents();
  const cells = await row.locator('th, td').allTextContents();
  return Object.fromEntries(headings.slice(1).map((h, i) => [h.trim(), cells[i + 1]!.trim()]));
}

async function addLinks(page: Page, links: string[]): Promise<void> {
  await page.getByLabel('Share links or codes, one per line').fill(links.join('\n'));
  await page.getByRole('button', { name: 'Add these links' }).click();
}

test('three people answer alone; a fourth adds their links at once, reveals, sees the flags and takes the plan away', async ({ browser }) => {
  test.setTimeout(300_000);
  // Everyone answers "Mostly" (2), except: Bo says "Not yet" (0) to the first question where the
  // others say "All of it" (3): Discuss. Cy says "I don't know" (5) to the second where the others
  // say "All of it": Knowledge gap.
  const plans: Record<string, (i: number) => number> = {
    Ana: (i) => (i < 2 ? 3 : 2),
    Bo: (i) => (i === 0 ? 0 : i === 1 ? 3 : 2),
    Cy: (i) => (i === 0 ? 3 : i === 1 ? 5 : 2),
  };
  const links: string[] = [];
  let ids: string[] = [];
  for (const [name, plan] of Object.entries(plans)) {
    const { context, page } = await newPerson(browser);
    await completeQuiz(page, name, plan);
    if (ids.length === 0) ids = await questionIds(page);
    links.push(await copyShareLink(page));
    await context.close();
  }
  const [disputed, unknown] = ids;

  const { context, page } = await newPerson(browser);
  const cspProblems: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|create)/i.test(m.text())) cspProblems.push(m.text());
  });
  await openTeamPage(page);
  await expect(page.getByRole('button', { name: 'Reveal all answers' })).toBeDisabled();
  await addLinks(page, links);
  await expect(peopleRows(page)).toHaveCount(3);
  // People are listed in a fixed order (by their random id), not in the order they were added.
  await expect(page.locator('.team-add .hint').first()).toHaveText(/^Added 3 people: (Ana|Bo|Cy), (Ana|Bo|Cy) and (Ana|Bo|Cy)\.$/);
  for (const name of ['Ana', 'Bo', 'Cy']) await expect(peopleRows(page).getByRole('rowheader', { name })).toBeVisible();
  await expect(peopleRows(page).first()).toContainText(`${ids.length} of ${ids.length}`);
  // Hidden until the reveal: no scores, no answers.
  await expect(page.getByRole('table', { name: 'Team scores by practice' })).toHaveCount(0);
  await expect(page.locator('tr[data-question]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeFocused();
  const before = await teamScores(page);
  for (const name of practiceNames) expect(before[name]).toMatch(/^\d+/);

  const row = (id: string) => page.locator(`tr[data-question="${id}"]`);
  await expect(row(disputed!)).toContainText('Discuss');
  await expect(row(disputed!)).not.toContainText('Knowledge gap');
  expect(await answersByPerson(page, disputed!)).toEqual({ 'Team value': '67 % (0 %–100 %)', Ana: 'All of it', Bo: 'Not yet', Cy: 'All of it', 'Who knows': '3 of 3 know', Flags: 'Discuss', Agreement: '6 %' });
  await expect(row(unknown!)).toContainText('Knowledge gap');
  await expect(row(unknown!)).not.toContainText('Discuss');
  expect(await answersByPerson(page, unknown!)).toMatchObject({ 'Team value': '100 % (100 %–100 %)', Ana: 'Always', Bo: 'Always', Cy: "I don't know", 'Who knows': '2 of 3 know', Flags: 'Knowledge gap' });
  // Everywhere else the three agree: no flags at all.
  const flagged = await page.locator('tr[data-question]').filter({ hasText: /Discuss|Knowledge gap|Applicability disputed/ }).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-question')));
  expect(flagged.sort()).toEqual([disputed, unknown].sort());
  const talkFirst = page.locator('ol.talk-first > li');
  await expect(talkFirst).toHaveCount(2);
  await expect(talkFirst.first()).toContainText(/Answers: .*×2, .*×1/);
  await expect(talkFirst.first().getByRole('link')).toHaveAttribute('href', /^\/guides\/[^/]+\/[^/]+\/$/);
  // The team's next steps start with the questions to talk about.
  await expect(page.locator('.plan-bucket').first().locator('.plan__step').first()).toContainText('Talk about it first');

  // The plan, three ways. The first download asks for the team's name, once.
  await page.getByRole('button', { name: /^Download Markdown/ }).click();
  await expect(page.getByLabel('Team name')).toBeFocused();
  await expect(page.getByText('Give the team a name first: it goes at the top of every export and in the file names.')).toBeVisible();
  await nameTheTeam(page, 'platform crew');
  const markdown = await downloadVia(page, /^Download Markdown/);
  expect(markdown.name).toBe('plainsec-team-platform-crew-plan-2026-11-25.md');
  const mdLines = markdown.text.split('\n');
  expect(mdLines[0]).toBe('# Security plan for platform crew, 2026-11-25');
  expect(markdown.text).toMatch(/^From the answers of (Ana|Bo|Cy), (Ana|Bo|Cy) and (Ana|Bo|Cy) \(3 people\)\.$/m);
  expect(mdLines.filter((l) => /^\| (Start somewhere|Trust but verify|Everyone owns security) \| \d+/.test(l))).toHaveLength(3);
  const tasks = mdLines.filter((l) => l.startsWith('- [ ] '));
  expect(tasks.length).toBeGreaterThan(0);
  // Each task ends with its guide link, then the framework ids its checklist items and alert rules carry, if any.
  for (const task of tasks) expect(task).toMatch(/\]\(http:\/\/localhost:\d+\/guides\/[^/]+\/[^/]+\/\)( Maps to: [^\n]+\.)?$/);
  expect(markdown.text).toContain('## Talk about these first');

  const csv = await downloadVia(page, /^Download CSV/);
  const rows: string[][] = parse(csv.text);
  expect(csv.name).toBe('plainsec-team-platform-crew-plan-2026-11-25.csv');
  expect(rows[0]).toEqual(['Team', 'Answers from', 'Bucket', 'Practice', 'Question', 'What good looks like', 'Effort', 'Guide URL', 'Maps to', 'Evidence']);
  expect(rows.length - 1).toBe(tasks.length);
  for (const r of rows.slice(1)) {
    expect(r[0]).toBe('platform crew');
    expect(r[1]).toMatch(/^(Ana|Bo|Cy), (Ana|Bo|Cy) and (Ana|Bo|Cy)$/);
    expect(['This sprint', 'This quarter', 'Later']).toContain(r[2]);
    expect(practiceNames).toContain(r[3]);
    expect(r[7]).toMatch(/^http:\/\/localhost:\d+\/guides\//);
  }

  const chat = await downloadVia(page, /^Download A short chat message/);
  expect(chat.name).toBe('plainsec-team-platform-crew-message-2026-11-25.txt');
  expect(chat.text).toMatch(/^Security self-assessment for platform crew: 3 people \((Ana|Bo|Cy), (Ana|Bo|Cy) and (Ana|Bo|Cy)\)\./);
  expect(chat.text.length).toBeLessThanOrEqual(600);
  expect(chat.text).toMatch(/Level \d of 3 overall/);
  expect(chat.text).toMatch(/Start somewhere \d+, Trust but verify \d+, Everyone owns security \d+/);
  expect(chat.text).toContain('3) ');

  await page.getByRole('button', { name: /^Copy Markdown/ }).click();
  await expect(page.locator('.team > [role="status"]')).toHaveText(/Markdown for a GitHub or GitLab issue: copied/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown.text);

  // A tampered fourth link is refused by name; the three stay, and so does every figure.
  const code = links[0]!.split('#r=')[1]!;
  const tampered = `${links[0]!.split('#r=')[0]}#r=${code.slice(0, 20)}${code.slice(20, 40).split('').reverse().join('')}${code.slice(40)}`;
  await addLinks(page, [tampered]);
  await expect(page.getByRole('alert')).toContainText('Line 1: This share link is damaged');
  await expect(page.getByRole('alert')).toContainText('Nothing on this page was changed.');
  await expect(peopleRows(page)).toHaveCount(3);
  expect(await teamScores(page)).toEqual(before);
  await expect(page.getByLabel('Share links or codes, one per line')).toHaveValue(tampered);

  // The same person with the same answers is already there, and the page says so.
  await addLinks(page, [links[1]!]);
  await expect(page.getByText('Bo is already in the team with these answers.').first()).toBeVisible();
  await expect(peopleRows(page)).toHaveCount(3);
  expect(cspProblems).toEqual([]);
  await context.close();
});



/** Holds the team island's code until `release` is called, so the page stays as the server sent it. */
async function holdIsland(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/_astro\/TeamView\.[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const storedTeam = (...people: ReturnType<typeof personFile>['respondents']) => JSON.stringify({ version: 1, file: { formatVersion: 1, respondents: people } });
const ana = personFile('ana', 'Ana', { 'ss-audit-trail': 1, 'ss-nightly-updates': 0.5 }).respondents[0]!;
const bo = personFile('bo', 'Bo', { 'ss-audit-trail': 0 }).respondents[0]!;

test('a person already in the team who arrives with other answers is asked about first; the same answers are said to be there', async ({ page }) => {
  await openTeamPage(page);
  await fileInput(page).setInputFiles([asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1 }))]);
  await expect(peopleRows(page)).toHaveCount(1);
  await fileInput(page).setInputFiles([asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1 }))]);
  await expect(page.getByText('Ana is already in the team with these answers.').first()).toBeVisible();
  await expect(page.getByRole('group', { name: /Replace/ })).toHaveCount(0);

  const later = personFile('ana', 'Ana', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1 });
  later.respondents[0]!.answeredAt = '2026-11-24T10:00:00Z';
  const ask = page.getByRole('group', { name: 'Replace Ana\u2019s earlier answers with these?' });
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:team:v1')!).file.respondents);

  // Cancel: nothing changes, and there is nothing to undo.
  await fileInput(page).setInputFiles([asUpload('ana-later.json', later)]);
  await expect(ask).toBeFocused();
  await expect(peopleRows(page).first()).toContainText('1 of');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  expect((await stored())[0].answers).toEqual({ 'ss-audit-trail': 1 });
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);

  // Add as another person: both are kept, told apart by name, with Undo.
  await fileInput(page).setInputFiles([asUpload('ana-later.json', later)]);
  await ask.getByRole('button', { name: 'Add as another person' }).click();
  // People are listed by id, and the new id is random: either may come first.
  await expect(peopleRows(page)).toHaveCount(2);
  expect((await peopleRows(page).getByRole('rowheader').allTextContents()).sort()).toEqual(['Ana', 'Ana (2)']);
  await expect(page.getByText('Ana\u2019s new answers were added as another person. The team before that was kept as a backup today at 10:00.')).toBeVisible();

  // Replace: the earlier answers go, and Undo brings them back.
  await fileInput(page).setInputFiles([asUpload('ana-later.json', later)]);
  await ask.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByText('Ana\u2019s earlier answers were replaced. The team before that was kept as a backup today at 10:00.')).toBeVisible();
  expect((await stored()).find((r: { id: string }) => r.id === 'ana').answers).toEqual({ 'ss-audit-trail': 0, 'ss-nightly-updates': 1 });
  await page.getByRole('button', { name: 'Undo' }).click();
  expect((await stored()).find((r: { id: string }) => r.id === 'ana').answers).toEqual({ 'ss-audit-trail': 1 });
});

test('a team change is undone after a reload, and the notice says when the backup was taken', async ({ page }) => {
  await openTeamPage(page);
  await page.evaluate((text) => localStorage.setItem('plainsec:team:v1', text), storedTeam(ana, bo));
  await page.reload();
  await expect(peopleRows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove Bo' }).click();
  await expect(peopleRows(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByText('Bo was removed. The team before that was kept as a backup today at 10:00.')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(peopleRows(page).getByRole('rowheader')).toHaveText(['Ana', 'Bo']);
  // Undo swaps: the team it took away is the backup now, until the person keeps this one.
  expect(await page.evaluate(() => localStorage.getItem('plainsec:team:v1:backup'))).toContain('Undo put back the earlier team.');
  await page.getByRole('button', { name: 'Keep this change' }).click();
  expect(await page.evaluate(() => localStorage.getItem('plainsec:team:v1:backup'))).toBeNull();

  // A backup kept before backups had a time (the stored text alone) still undoes.
  await page.evaluate(
    ([team, backup]) => {
      localStorage.setItem('plainsec:team:v1', team!);
      localStorage.setItem('plainsec:team:v1:backup', backup!);
    },
    [storedTeam(), storedTeam(bo)],
  );
  await page.reload();
  await expect(page.getByText('The team before that is kept as a backup.')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(peopleRows(page).getByRole('rowheader')).toHaveText(['Bo']);
});

test('the team page shows "Reading your saved progress…" and no empty team before the kept team appears', async ({ page }) => {
  await page.addInitScript(() => {
    const shifts: { value: number; recent: boolean }[] = [];
    (window as unknown as { shifts: typeof shifts }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) shifts.push({ value: e.value, recent: e.hadRecentInput });
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await openTeamPage(page);
  await page.evaluate((text) => localStorage.setItem('plainsec:team:v1', text), storedTeam(ana, bo));
  await page.goto('about:blank');
  const release = await holdIsland(page);
  await page.goto('/assessment/team/', { waitUntil: 'domcontentloaded' });
  const tool = page.locator('.team');
  await expect(tool.getByText('Reading your saved progress…')).toBeVisible();
  await expect(tool).not.toContainText(/Nobody yet|The team|Add people/);
  release();
  await expect(peopleRows(page)).toHaveCount(2);
  await expect(page.getByText('Reading your saved progress…')).toHaveCount(0);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await page.evaluate(() => (window as unknown as { shifts: { value: number; recent: boolean }[] }).shifts.filter((s) => !s.recent))).toEqual([]);
});

test('two tabs each add a different person and both stay', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openTeamPage(first);
  await openTeamPage(second);
  await fileInput(first).setInputFiles([asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1 }))]);
  await expect(peopleRows(first)).toHaveCount(1);
  await fileInput(second).setInputFiles([asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0 }))]);
  await expect(peopleRows(second)).toHaveCount(2);
  await first.reload();
  await expect(peopleRows(first).getByRole('rowheader')).toHaveText(['Ana', 'Bo']);
});

test.describe('bad input changes nothing', () => {
  test('several files at once: the good one is added, each bad one is listed by name with a plain reason', async ({ page }) => {
    await openTeamPage(page);
    await fileInput(page).setInputFiles([asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1 }))]);
    await expect(peopleRows(page)).toHaveCount(1);
    await fileInput(page).setInputFiles([
      asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0 })),
      { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(1_050_000, 32) },
      asUpload('package.json', { name: 'something-else', version: '1.0.0' }),
      asUpload('old.json', personFile('cy', 'Cy', { 'ss-audit-trail': 1 }, { modelVersion: '31-00000000' })),
    ]);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('"huge.json": This file is 1.05 MB; a result file is at most 1 MB.');
    await expect(alert).toContainText('"package.json": This is not a Plainsec result file');
    await expect(alert).toContainText('"old.json": Its answers were given to another version of the questions');
    await expect(alert).toContainText('The others were added.');
    await expect(peopleRows(page)).toHaveCount(2);
    await expect(peopleRows(page).getByRole('rowheader')).toHaveText(['Ana', 'Bo']);
    expect(await axeViolations(page)).toEqual([]);

    // Files dropped on the page are read the same way.
    const cy = JSON.stringify(personFile('cy', 'Cy', { 'ss-audit-trail': 0.5 }));
    await page.evaluate((text) => {
      const files = new DataTransfer();
      files.items.add(new File([text], 'cy.json', { type: 'application/json' }));
      files.items.add(new File(['not json'], 'notes.txt', { type: 'text/plain' }));
      const zone = document.querySelector('.drop-zone')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    }, cy);
    await expect(peopleRows(page).getByRole('rowheader')).toHaveText(['Ana', 'Bo', 'Cy']);
    await expect(page.getByRole('alert')).toContainText('"notes.txt": This file is not readable JSON');
  });

  test('a team kept in this browser that cannot be read is reported in plain words and kept aside', async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('plainsec:team:v1', '{"version":1,"file":{"formatVersion":1,"respondents":[{"id":"x"');
        sessionStorage.setItem('seeded', '1');
      }
    });
    await openTeamPage(page);
    await expect(page.getByRole('alert').first()).toContainText('The team kept in this browser could not be read');
    expect(await page.evaluate(() => localStorage.getItem('plainsec:team:v1:unreadable'))).toMatch(/^\{"version":1,"file"/);
    await expect(page.getByText('Nobody yet.')).toBeVisible();
  });

  test('"add my own answers" takes this browser\'s answers; a removed person comes back with Undo', async ({ page }) => {
    await openTeamPage(page);
    await page.getByRole('button', { name: 'Add my own answers' }).click();
    await expect(page.getByRole('alert')).toContainText('Your own answers: This browser holds no answers of yours yet.');
    const mine = { version: 1, step: 32, file: personFile('me', 'Me', { 'ss-audit-trail': 0.5, 'tbv-alerts-in-chat': 'DK' }) };
    await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(mine));
    await page.getByRole('button', { name: 'Add my own answers' }).click();
    await expect(peopleRows(page)).toHaveCount(1);
    await expect(peopleRows(page).first()).toContainText('Me');
    await expect(peopleRows(page).first()).toContainText('2 of');
    await page.reload();
    await expect(peopleRows(page)).toHaveCount(1);
    await page.getByRole('button', { name: 'Remove Me' }).click();
    await expect(page.getByText('Nobody yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(peopleRows(page)).toHaveCount(1);
  });
});

test('the team saved as one result file loads back elsewhere with the same team scores, and shows the trend and what changed', async ({ page, browser }) => {
  await openTeamPage(page);
  await fileInput(page).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1, 'ss-nightly-updates': 0.5 })),
    asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0.5, 'ss-nightly-updates': 0.5 })),
  ]);
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  const scores = await teamScores(page);
  await nameTheTeam(page, 'Platform');
  const saved = await downloadVia(page, /^Save the team as a file$/);
  expect(saved.name).toBe('plainsec-team-platform-2026-11-25.json');
  const file = JSON.parse(saved.text);
  expect(file.respondents.map((r: { id: string }) => r.id)).toEqual(['ana', 'bo']);
  expect(file.snapshots).toHaveLength(1);

  expect(file.snapshots[0]).toMatchObject({ people: ['ana', 'bo'], team: 'Platform', values: { 'ss-audit-trail': 0.75, 'ss-nightly-updates': 0.5 } });

  // Last quarter's team result, so the trend has two points; opened two weeks later elsewhere, with a later answer from Bo.
  file.snapshots.unshift({ ...file.snapshots[0], date: '2026-08-01T10:00:00.000Z', scores: { 'start-somewhere': 20, 'trust-but-verify': null, 'everyone-owns-security': null } });
  const fresh = await newContext(browser);
  await fresh.clock.setFixedTime(new Date('2026-12-09T10:00:00Z'));
  const other = await fresh.newPage();
  await openTeamPage(other);
  await fileInput(other).setInputFiles([asUpload('team.json', file)]);
  await expect(peopleRows(other)).toHaveCount(2);
  await other.getByRole('button', { name: 'Reveal all answers' }).click();
  expect(await teamScores(other)).toEqual(scores);
  await expect(other.getByRole('table', { name: "The team's scores over time" }).locator('tbody tr')).toHaveCount(2);
  await expect(other.getByRole('heading', { name: "What changed since the team's result of 25 Nov 2026" })).toBeVisible();
  await expect(other.getByText("No question's team value moved since then.")).toBeVisible();

  await fileInput(other).setInputFiles([asUpload('bo-later.json', { formatVersion: 1, respondents: [{ id: 'bo', name: 'Bo', answers: { 'ss-audit-trail': 1, 'ss-nightly-updates': 0 }, answeredAt: '2026-11-29T10:00:00Z' }] })]);
  await other.getByRole('group', { name: 'Replace Bo\u2019s earlier answers with these?' }).getByRole('button', { name: 'Replace' }).click();
  await expect(other.getByText('Bo\u2019s earlier answers were replaced. The team before that was kept as a backup today at 10:00.')).toBeVisible();
  const changes = other.locator('ul.team-changes > li');
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText(/Up: .*75 % then, 100 % now/);
  await expect(changes.nth(1)).toContainText(/Down: .*50 % then, 25 % now/);

  // A person's file saved before scoring model 2 joins, scored under model 2, with a note saying so.
  const beforeModelTwo = personFile('cy', 'Cy', { 'ss-audit-trail': 0.5 }, { modelVersion: file.questionSet });
  await fileInput(other).setInputFiles([asUpload('cy-2025.json', beforeModelTwo)]);
  await expect(peopleRows(other)).toHaveCount(3);
  await expect(other.locator('.team-add .hint').first()).toContainText(
    '"cy-2025.json" was saved under scoring model 1; it is scored here under model 2, so the scores may differ from the ones saved.',
  );
  await fresh.close();
});

/** Gives the team its name, as a team lead does once. */
async function nameTheTeam(page: Page, name: string): Promise<void> {
  await page.getByLabel('Team name').fill(name);
  await page.getByLabel('Team name').blur();
}

const daysBefore = (days: number) => new Date(fixedNow.getTime() - days * 86_400_000);

test("three people on one day make no trend and the page says when to save again; the team's result from 90 days earlier makes two points and names what changed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // 90 days earlier, the same three people answered and the team lead saved the team's result.
  const earlier = await newContext(browser);
  await earlier.clock.setFixedTime(daysBefore(90));
  const then = await earlier.newPage();
  await openTeamPage(then);
  const oldAnswers = (id: string, name: string, audit: number, nightly: number) => ({
    formatVersion: 1,
    respondents: [{ id, name, answers: { 'ss-audit-trail': audit, 'ss-nightly-updates': nightly }, answeredAt: daysBefore(91).toISOString() }],
  });
  await fileInput(then).setInputFiles([
    asUpload('ana.json', oldAnswers('ana', 'Ana', 0, 0.5)),
    asUpload('bo.json', oldAnswers('bo', 'Bo', 0.25, 0.5)),
    asUpload('cy.json', oldAnswers('cy', 'Cy', 0.25, 0.5)),
  ]);
  await expect(peopleRows(then)).toHaveCount(3);
  await nameTheTeam(then, 'Platform');
  const oldTeam = await downloadVia(then, /^Save the team as a file$/);
  expect(oldTeam.name).toBe('plainsec-team-platform-2026-08-27.json');
  await earlier.close();

  // Today: each person's own file comes with their own saved results, all from today.
  const ownSnapshot = { date: fixedNow.toISOString(), scores: { 'start-somewhere': 100, 'trust-but-verify': null, 'everyone-owns-security': null }, headlineLevel: 0 };
  const today = (id: string, name: string, audit: number) => personFile(id, name, { 'ss-audit-trail': audit, 'ss-nightly-updates': 0.5 }, { snapshots: [ownSnapshot] });
  await openTeamPage(page);
  await fileInput(page).setInputFiles([asUpload('ana.json', today('ana', 'Ana', 1)), asUpload('bo.json', today('bo', 'Bo', 1)), asUpload('cy.json', today('cy', 'Cy', 1))]);
  await expect(peopleRows(page)).toHaveCount(3);
  await nameTheTeam(page, 'Platform');
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('heading', { name: 'The team over time' })).toBeVisible();
  await expect(page.getByText("No team result saved yet — save the team's result to start its trend.")).toBeVisible();
  await expect(page.getByRole('table', { name: "The team's scores over time" })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /What changed/ })).toHaveCount(0);

  await downloadVia(page, /^Save the team as a file$/);
  await expect(page.getByText("One result so far — save the team's result again after 2026-12-25.")).toBeVisible();
  await expect(page.getByRole('table', { name: "The team's scores over time" })).toHaveCount(0);

  // The result from 90 days earlier joins; everyone keeps today's answers.
  await fileInput(page).setInputFiles([asUpload(oldTeam.name, oldTeam.text)]);
  for (const name of ['Ana', 'Bo', 'Cy']) {
    await page.getByRole('group', { name: `Replace ${name}\u2019s earlier answers with these?` }).getByRole('button', { name: 'Cancel' }).click();
  }
  const trend = page.getByRole('table', { name: "The team's scores over time" });
  await expect(trend.locator('tbody tr')).toHaveCount(2);
  await expect(trend.locator('tbody th')).toHaveText(['2026-08-27', '2026-11-25']);
  await expect(page.getByRole('heading', { name: "What changed since the team's result of 27 Aug 2026" })).toBeVisible();
  const changes = page.locator('ul.team-changes > li');
  await expect(changes).toHaveCount(1);
  await expect(changes.first()).toHaveText(/^Up: .+ \(Start somewhere\), 17 % then, 100 % now\.$/);
});

test('"Always", "I don\'t know", "I don\'t know" shows 1 of 3 know and a knowledge gap, and the one voice does not set the level', async ({ page }) => {
  const answers = (chat: number | string) => ({ 'tbv-alerts-in-chat': chat, 'tbv-alert-urgency': 1, 'tbv-first-steps': 'DK' });
  await openTeamPage(page);
  await fileInput(page).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana', answers(1))),
    asUpload('bo.json', personFile('bo', 'Bo', answers('DK'))),
    asUpload('cy.json', personFile('cy', 'Cy', answers('DK'))),
  ]);
  await expect(peopleRows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  expect(await answersByPerson(page, 'tbv-alerts-in-chat')).toMatchObject({ Ana: 'Always', Bo: "I don't know", Cy: "I don't know", 'Who knows': '1 of 3 know', Flags: 'Knowledge gap', Agreement: '—' });
  // Every number given at level 1 is the top answer, but a third of the level's weight is known: no level.
  const row = page.getByRole('table', { name: 'Team scores by practice' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Trust but verify' }) });
  const cells = await row.getByRole('cell').allTextContents();
  expect(cells[0]).toMatch(/^100/);
  // Coverage: Ana's answer counts a third (1 of 3 know), of 16 weight in the practice.
  expect(cells[3]).toBe('10 %');
  expect(cells[4]).toBe('0');
  await expect(page.locator('.results__levels')).toContainText('Trust but verify: level 0; the answers at level 1 reach 100 %, but only 33 % of it is known (60 % is needed)');
  const talk = page.locator('ol.talk-first > li').filter({ hasText: 'Alerts in chat' });
  await expect(talk).toContainText("Why: 2 of 3 don't know");
});

test('the team page fits a 390 px wide phone screen without scrolling sideways, before and after the reveal', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openTeamPage(page);
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await sideways()).toBe(0);
  await fileInput(page).setInputFiles([
    asUpload('ana.json', personFile('ana', 'Ana Long-Surname-Person', { 'ss-audit-trail': 1, 'ss-nightly-updates': 'DK' })),
    asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1 })),
    asUpload('cy.json', personFile('cy', 'Cy', { 'ss-audit-trail': 0.5, 'ss-nightly-updates': 1 })),
  ]);
  await expect(peopleRows(page)).toHaveCount(3);
  expect(await sideways()).toBe(0);
  await page.getByRole('button', { name: 'Reveal all answers' }).click();
  await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeVisible();
  for (const summary of await page.locator('.team-results summary').all()) await summary.click();
  expect(await sideways()).toBe(0);
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
    });

    test('the team page reading, empty, with people before the reveal, asking first, after the reveal and in the error state has no violations', async ({ page }) => {
      test.setTimeout(120_000);
      const release = await holdIsland(page);
      await page.goto('/assessment/team/', { waitUntil: 'domcontentloaded' });
      await expect(page.getByText('Reading your saved progress…')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      release();
      await openTeamPage(page);
      await expect(page.getByRole('button', { name: 'Add these links' })).toBeEnabled();
      expect(await axeViolations(page)).toEqual([]);
      await fileInput(page).setInputFiles([
        asUpload('ana.json', personFile('ana', 'Ana', { 'ss-audit-trail': 1, 'ss-nightly-updates': 'DK' })),
        asUpload('bo.json', personFile('bo', 'Bo', { 'ss-audit-trail': 0, 'ss-nightly-updates': 1, 'tbv-alerts-in-chat': 'NA' })),
      ]);
      await expect(peopleRows(page)).toHaveCount(2);
      expect(await axeViolations(page)).toEqual([]);
      await addLinks(page, ['https://plainsec.dev/assessment/#r=not-a-real-code', 'just words']);
      await expect(page.getByRole('alert')).toContainText('Line 2');
      expect(await axeViolations(page)).toEqual([]);
      await fileInput(page).setInputFiles([asUpload('ana-later.json', personFile('ana', 'Ana', { 'ss-audit-trail': 0 }))]);
      await expect(page.getByRole('group', { name: 'Replace Ana\u2019s earlier answers with these?' })).toBeFocused();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Replace' }).click();
      await expect(page.getByText(/The team before that was kept as a backup today at 10:00\./)).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Save the team as a file' }).click();
      await expect(page.getByLabel('Team name')).toBeFocused();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Reveal all answers' }).click();
      await expect(page.getByRole('heading', { name: 'What the team answered' })).toBeVisible();
      for (const summary of await page.locator('.team-results summary').all()) await summary.click();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('the page explains the steps, and the controls do not pretend to work', async ({ page }) => {
    await page.goto('/assessment/team/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your team, side by side');
    await expect(page.getByText('Adding people needs JavaScript. Everything stays in this browser.')).toBeVisible();
    // Nothing is being read without JavaScript, so the page does not say it is, and offers no controls.
    await expect(page.getByText('Reading your saved progress…')).toBeHidden();
    await expect(page.locator('.team').getByRole('button')).toHaveCount(0);
    await expect(page.locator('.team textarea, .team input')).toHaveCount(0);
  });
});

test('the self-assessment results lead to the team page', async ({ page }) => {
  await page.goto('/assessment/');
  const state = { version: 1, step: 999, file: personFile('me', 'Me', { 'ss-audit-trail': 1 }) };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  await page.goto('/assessment/#results');
  await page.reload();
  await page.getByRole('link', { name: 'team page' }).click();
  await expect(page).toHaveURL(/\/assessment\/team\/$/);
});
