import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question } from '../../../src/lib/assessment/model.ts';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { chatLimit, csvColumns, csvField, planChat, planCsv, planMarkdown } from '../../../src/lib/assessment/plan-export.ts';
import { namesInWords } from '../../../src/lib/text/words.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { talkAboutFirst } from '../../../src/lib/assessment/talk-agenda.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { fileOf, now, teamArb, teamQuestions } from './support/team-fixtures.ts';

const siteUrl = 'https://plainsec.dev';
// Text with the characters that break naive CSV and Markdown: commas, quotes, line breaks, pipes.
const tricky: Question[] = teamQuestions.map((q, i) =>
  i === 0
    ? { ...q, question: 'Do you log "who did what", when, and where?\nEven on\r\nold boxes?', goodLooksLike: '=HYPERLINK("x") | a, b' }
    : i === 1
      ? { ...q, topic: 'Pipes | and [brackets]', goodLooksLike: 'Quotes "inside", and a comma' }
      : i === 2
        ? { ...q, question: 'A line break alone\r\nand nothing else' }
        : q,
);
const people = [
  { id: 'a', name: 'Ana', answers: { q1: 1, q2: 0.5, q3: 0, t1: 1, e1: 0 }, answeredAt: '2026-11-01T10:00:00Z' },
  { id: 'b', name: 'Bo', answers: { q1: 0, q2: 0.25, q3: 'DK', t1: 'DK', e1: 0.25 }, answeredAt: '2026-11-01T10:00:00Z' },
] as const;

function plan(questions: Question[], respondents = fileOf(...people).respondents, team?: string, labels?: readonly string[]) {
  const result = scoreAssessment(questions, respondents, now);
  const steps = nextSteps(result);
  const talkFirst = talkAboutFirst(result);
  const input = {
    result,
    steps,
    talkFirst,
    siteUrl,
    date: now.toISOString(),
    guideTitles: { 'start-somewhere/your-first-alert-rule': 'Your first alert rule' },
    ...(team === undefined ? {} : { team }),
    ...(labels === undefined ? {} : { people: labels }),
  };
  return { result, steps, talkFirst, input };
}

/** The three exports of one plan, the CSV parsed back with a real CSV parser. */
function exportsOf(team: string | undefined, labels: readonly string[] | undefined, questions: Question[] = teamQuestions) {
  const { steps, input } = plan(questions, undefined, team, labels);
  const markdown = planMarkdown(input);
  const csv = planCsv(steps, siteUrl, { team, people: labels });
  return { steps, markdown, chat: planChat(input), csv, rows: parse(csv, { relax_column_count: false }) as string[][] };
}

describe('the plan as CSV', () => {
  it('parses with a real CSV parser into one row per next step, with commas, quotes and line breaks intact', () => {
    const { steps } = plan(tricky);
    const csv = planCsv(steps, siteUrl, { team: 'Platform', people: ['Ana', 'Bo'] });
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows: string[][] = parse(csv, { relax_column_count: false });
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows).toHaveLength(steps.length + 1);
    for (const [i, s] of steps.entries()) {
      const q = s.result.question;
      const goodLooksLike = q.goodLooksLike.startsWith('=') ? `'${q.goodLooksLike}` : q.goodLooksLike;
      expect(rows[i + 1]!.slice(4, 8)).toEqual([q.question, goodLooksLike, { 1: 'hours', 2: 'days', 3: 'weeks' }[q.effort], `${siteUrl}/guides/${q.guide}/`]);
    }
    expect(rows.some((r) => r[4]!.includes('\n') && r[4]!.includes('"who did what"'))).toBe(true);
    expect(rows.some((r) => r[4] === 'A line break alone\r\nand nothing else')).toBe(true);
  });

  it('has a header row where every column name starts with a capital letter', () => {
    expect(csvColumns).toEqual(['Team', 'Answers from', 'Bucket', 'Practice', 'Question', 'What good looks like', 'Effort', 'Guide URL', 'Maps to', 'Evidence']);
    for (const column of csvColumns) expect(column).toMatch(/^[A-Z]/);
  });

  it('puts the team and the people included on every row', () => {
    const { steps, rows } = exportsOf('Platform', ['Ana', 'Bo', 'Cy']);
    expect(rows).toHaveLength(steps.length + 1);
    for (const row of rows.slice(1)) expect(row.slice(0, 2)).toEqual(['Platform', 'Ana, Bo and Cy']);
  });

  it('keeps a team name that starts like a spreadsheet formula as text on every row', () => {
    const { rows } = exportsOf('=HYPERLINK("https://example.com")', ['Ana']);
    for (const row of rows.slice(1)) expect(row[0]).toBe('\'=HYPERLINK("https://example.com")');
  });

  it('leaves the team and people cells empty, not missing, when the caller does not give them', () => {
    const { steps } = plan(teamQuestions);
    const rows: string[][] = parse(planCsv(steps, siteUrl), { relax_column_count: false });
    for (const row of rows.slice(1)) expect(row.slice(0, 2)).toEqual(['', '']);
  });

  it('keeps a cell that starts like a spreadsheet formula as text', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
  });
});

describe('the plan as Markdown', () => {
  it('has a heading, the scores table, task lists per bucket with guide links, and the talk-first list', () => {
    const { steps, talkFirst, input } = plan(tricky, undefined, 'Team | Ops', ['Ana', 'Bo']);
    const md = planMarkdown(input);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Security plan for Team \\| Ops, 2026-11-30');
    expect(lines[2]).toBe('From the answers of Ana and Bo (2 people).');
    expect(lines[3]).toMatch(/^Level \d of 3 overall \(the level of the weakest practice\)\.$/);
    expect(lines.filter((l) => /^\| (Start somewhere|Trust but verify|Everyone owns security) \|/.test(l))).toHaveLength(3);
    // Every table row has the same number of cells, so no text broke the table.
    expect(new Set(lines.filter((l) => l.startsWith('|')).map((l) => l.split(/(?<!\\)\|/).length)).size).toBe(1);
    expect(lines.filter((l) => l.startsWith('- [ ] '))).toHaveLength(steps.length);
    expect(md).toContain('## Talk about these first');
    expect(md.indexOf('## Talk about these first')).toBeGreaterThan(md.lastIndexOf('- [ ] '));
    expect(talkFirst.length).toBeGreaterThan(0);
    expect(md).toContain('[Your first alert rule](https://plainsec.dev/guides/start-somewhere/your-first-alert-rule/)');
    expect(md).toContain('**Pipes \\| and \\[brackets\\]**');
    for (const bucket of new Set(steps.map((s) => s.bucket))) expect(md).toContain(`## ${{ 'this-sprint': 'This sprint', 'this-quarter': 'This quarter', later: 'Later' }[bucket]}`);
    // A question's line break never splits a task.
    expect(lines.every((l) => !l.startsWith('Even on'))).toBe(true);
  });
});

describe('the plan as a chat message', () => {
  it('names the headline level, the three scores and the top three actions', () => {
    const { result, steps, input } = plan(teamQuestions);
    const chat = planChat(input);
    expect(chat).toContain(`Level ${result.headlineLevel} of 3 overall`);
    expect(chat).toMatch(/Start somewhere \d+, Trust but verify \d+, Everyone owns security \d+/);
    for (const s of steps.slice(0, 3)) expect(chat).toContain(s.result.question.topic);
    expect(chat).toContain('1) ');
    expect(chat).toContain('3) ');
  });

  it('never passes 600 characters, whatever the team name and topics', () => {
    fc.assert(
      fc.property(teamArb, fc.string({ maxLength: 200 }), fc.string({ minLength: 100, maxLength: 300 }), (respondents, team, topic) => {
        const long = teamQuestions.map((q) => ({ ...q, topic: `${q.id} ${topic}` }));
        const { input } = plan(long, respondents, team);
        const chat = planChat(input);
        expect(chat.length).toBeLessThanOrEqual(chatLimit);
        expect(chat).toMatch(/Level \d of 3 overall/);
      }),
      { numRuns: 200 },
    );
  });

  it('never passes 600 characters, whatever the people are called and however many there are, and always says how many', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.array(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 300 }),
        (team, labels, topic) => {
          const long = teamQuestions.map((q) => ({ ...q, topic: `${q.id} ${topic}` }));
          const { input } = plan(long, undefined, team, labels);
          const chat = planChat(input);
          expect(chat.length).toBeLessThanOrEqual(chatLimit);
          expect(chat).toMatch(/^Security self-assessment/);
          expect(chat).toContain(`: ${labels.length} ${labels.length === 1 ? 'person' : 'people'}`);
          expect(chat).toMatch(/Level \d of 3 overall/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A long team name: 200 characters of words. */
const longTeam = `Platform and payments ${'squad '.repeat(40)}`.slice(0, 200);

describe("every export's first line", () => {
  it.each([
    ['a team name in capitals', 'Platform', '# Security plan for Platform, 2026-11-30', 'Security self-assessment for Platform: ', 'Platform'],
    ['a team name in lower case', 'platform', '# Security plan for platform, 2026-11-30', 'Security self-assessment for platform: ', 'platform'],
    ['a team name with quotes and a line break', 'The "Ops"\nteam', '# Security plan for The "Ops" team, 2026-11-30', 'Security self-assessment for The "Ops" team: ', 'The "Ops" team'],
    ['a team name with Markdown characters', '# *Ops* | [infra]', '# Security plan for \\# \\*Ops\\* \\| \\[infra\\], 2026-11-30', 'Security self-assessment for # *Ops* | [infra]: ', '# *Ops* | [infra]'],
    ['a 200-character team name', longTeam, `# Security plan for ${longTeam.trim()}, 2026-11-30`, `Security self-assessment for ${longTeam.trim()}: `, longTeam.trim()],
    ['no team name', undefined, '# Security plan from the self-assessment, 2026-11-30', 'Security self-assessment: ', ''],
    ['a team name of only spaces', '   ', '# Security plan from the self-assessment, 2026-11-30', 'Security self-assessment: ', ''],
  ])('starts with a capital letter and names the team, for %s', (_what, team, heading, chatStart, csvTeam) => {
    const { markdown, chat, csv, rows } = exportsOf(team, ['Ana', 'Bo']);
    const firstLine = markdown.split('\n')[0]!;
    expect(firstLine).toBe(heading);
    expect(firstLine).toMatch(/^# [A-Z]/);
    expect(chat.startsWith(chatStart)).toBe(true);
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
    expect(csv.split('\r\n')[0]).toMatch(/^Team,/);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row[0]).toBe(csvTeam);
  });

  it('starts with a capital letter for any team name', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 200 }), { nil: undefined }), (team) => {
        const { markdown, chat, csv } = exportsOf(team, ['Ana']);
        expect(markdown).toMatch(/^# Security plan (for|from) /);
        expect(markdown.split('\n')[0]).not.toContain('\n');
        expect(chat).toMatch(/^Security self-assessment/);
        expect(csv).toMatch(/^Team,/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('who was included', () => {
  it('names every person in every export', () => {
    const { markdown, chat, rows } = exportsOf('Platform', ['Ana', 'Bo', 'Cy']);
    expect(markdown.split('\n')[2]).toBe('From the answers of Ana, Bo and Cy (3 people).');
    expect(chat).toMatch(/^Security self-assessment for Platform: 3 people \(Ana, Bo and Cy\)\. Level \d of 3 overall\./);
    for (const row of rows.slice(1)) expect(row[1]).toBe('Ana, Bo and Cy');
  });

  it('says "1 person" for one person', () => {
    const { markdown, chat, rows } = exportsOf('Platform', ['Ana']);
    expect(markdown.split('\n')[2]).toBe('From the answers of Ana (1 person).');
    expect(chat).toContain('Platform: 1 person (Ana).');
    for (const row of rows.slice(1)) expect(row[1]).toBe('Ana');
  });

  it('uses the labels of people without a name, such as "Person 2"', () => {
    const { markdown, chat } = exportsOf(undefined, ['Ana', 'Person 2']);
    expect(markdown.split('\n')[2]).toBe('From the answers of Ana and Person 2 (2 people).');
    expect(chat).toContain('Security self-assessment: 2 people (Ana and Person 2).');
  });

  it('keeps names with Markdown characters or line breaks on one line and harmless in Markdown', () => {
    const { markdown, chat, rows } = exportsOf('Platform', ['*Ana*', 'Bo\nBrown', 'Cy | Lee']);
    expect(markdown.split('\n')[2]).toBe('From the answers of \\*Ana\\*, Bo Brown and Cy \\| Lee (3 people).');
    expect(chat).toContain('3 people (*Ana*, Bo Brown and Cy | Lee)');
    for (const row of rows.slice(1)) expect(row[1]).toBe('*Ana*, Bo Brown and Cy | Lee');
  });

  it('says how many when the caller does not give the names', () => {
    const { result, steps, input } = plan(teamQuestions);
    expect(planMarkdown(input).split('\n')[2]).toBe(`From the answers of ${result.respondents} people.`);
    expect(planChat({ result, steps, siteUrl })).toMatch(new RegExp(`^Security self-assessment: ${result.respondents} people\\. Level`));
  });

  it('keeps every name in the chat message when only the actions are too long', () => {
    const long = teamQuestions.map((q) => ({ ...q, topic: `${q.id} ${'word '.repeat(30)}` }));
    const { chat } = exportsOf('Platform', ['Ana', 'Bo', 'Cy', 'Dee', 'Eve'], long);
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
    expect(chat).toContain('5 people (Ana, Bo, Cy, Dee and Eve)');
  });

  it('shortens a long list of people in the chat message to the first names and how many others', () => {
    const labels = ['Ana', 'Bo', ...Array.from({ length: 28 }, (_, i) => `Colleague number ${i + 3} from the platform team`)];
    const { chat, markdown, rows } = exportsOf('Platform', labels);
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
    expect(chat).toMatch(/^Security self-assessment for Platform: 30 people \(Ana, Bo, .* and 27 others\)\. Level/);
    // The Markdown and the CSV have room for everyone.
    for (const label of labels) expect(markdown.split('\n')[2]).toContain(label);
    expect(rows[1]![1]).toBe(namesInWords(labels));
  });
});

describe('the words the exports add', () => {
  const terms = siteGlossary();

  it('pass the plain-words rules: no words to avoid, no unexplained acronyms, no sentence over 30 words', () => {
    const { markdown, chat, csv } = exportsOf('Platform', ['Ana', 'Bo', 'Cy']);
    // The prose the exports write around the answers: the heading, who was included, the level,
    // the section headings and the chat message; the table and the task lines repeat the questions.
    const prose = [...markdown.split('\n').filter((line) => line !== '' && !line.startsWith('|') && !line.startsWith('- ')), chat, csv.split('\r\n')[0]!];
    expect(prose.flatMap((text) => plainWordsProblems(text, terms))).toEqual([]);
  });
});

describe('evidence, targets and framework ids in the exports', () => {
  const evidence = {
    q1: [
      { item: { title: 'Trail "org" [main]', url: 'https://github.com/example/infra/blob/main/a (1).tf', date: '2026-11-20', note: 'All regions,\nall accounts.' }, addedBy: 'Ana', stale: false },
      { item: { title: 'Old runbook', date: '2025-01-10' }, addedBy: 'Bo', stale: true },
    ],
  };
  const mapsTo = { q1: { cisControls: ['8.2'], nistCsf: ['DE.CM-01'], attack: ['T1562.008'] } };
  const full = () => {
    const { steps, input } = plan(teamQuestions, undefined, 'Platform', ['Ana', 'Bo']);
    return { steps, input: { ...input, targets: { 'start-somewhere': 2 as const }, evidence, mapsTo } };
  };

  it('lists the evidence in Markdown under its question, the title a working link, with who added it and the stale mark', async () => {
    const { marked } = await import('marked');
    const md = planMarkdown(full().input);
    expect(md).toContain('## Evidence');
    const html = await marked.parse(md);
    // The link survives its spaces and brackets, and the title's own brackets stay text.
    expect(html).toContain('<a href="https://github.com/example/infra/blob/main/a%20%281%29.tf">Trail &quot;org&quot; [main]</a>, checked 2026-11-20, added by Ana. All regions, all accounts.');
    expect(html).toContain('Old runbook, checked 2025-01-10, added by Bo, stale: check it again');
  });

  it('adds a Target column to the Markdown scores only when a target is set', () => {
    const md = planMarkdown(full().input);
    expect(md).toContain('| Practice | Score | ± | Coverage | Level | Target |');
    expect(md.split('\n').find((l) => l.startsWith('| Start somewhere |'))).toMatch(/\| level 2 \((\d levels? to go|reached)\) \|$/);
    expect(md.split('\n').find((l) => l.startsWith('| Trust but verify |'))).toMatch(/\| — \|$/);
    expect(planMarkdown({ ...full().input, targets: {} })).toContain('| Practice | Score | ± | Coverage | Level |\n');
  });

  it('names the framework ids of each step in Markdown and CSV, and the evidence in a CSV column', () => {
    const { steps, input } = full();
    const md = planMarkdown(input);
    const q1Line = md.split('\n').find((l) => l.startsWith('- [ ]') && l.includes(teamQuestions.find((q) => q.id === 'q1')!.topic));
    expect(q1Line).toContain('Maps to: CIS Controls 8.2 · NIST CSF DE.CM-01 · MITRE ATT&CK T1562.008.');
    const rows: string[][] = parse(planCsv(steps, siteUrl, { team: 'Platform', evidence, mapsTo }), { relax_column_count: false });
    const q1Row = rows.find((r) => r[4] === teamQuestions.find((q) => q.id === 'q1')!.question)!;
    expect(q1Row[8]).toBe('CIS Controls 8.2 · NIST CSF DE.CM-01 · MITRE ATT&CK T1562.008');
    expect(q1Row[9]).toBe(
      'Trail "org" [main] (https://github.com/example/infra/blob/main/a (1).tf), checked 2026-11-20, added by Ana. All regions, all accounts.; Old runbook, checked 2025-01-10, added by Bo, stale: check it again',
    );
  });

  it('counts the evidence in the chat message, which still fits', () => {
    const chat = planChat(full().input);
    expect(chat).toContain('2 items of evidence, 1 stale.');
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
  });

  it('says the new words plainly', () => {
    const { input } = full();
    const md = planMarkdown(input);
    const prose = [md.slice(md.indexOf('## Evidence')), planChat(input)];
    expect(prose.flatMap((text) => plainWordsProblems(text.replace(/\(https:[^)]*\)/g, ''), siteGlossary()))).toEqual([]);
  });
});
