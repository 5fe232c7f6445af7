import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question } from '../../../src/lib/assessment/model.ts';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { chatLimit, csvColumns, csvField, planChat, planCsv, planMarkdown } from '../../../src/lib/assessment/plan-export.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { talkAboutFirst } from '../../../src/lib/assessment/team.ts';
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

function plan(questions: Question[], respondents = fileOf(...people).respondents, team?: string) {
  const result = scoreAssessment(questions, respondents, now);
  const steps = nextSteps(result);
  const talkFirst = talkAboutFirst(result);
  const input = { result, steps, talkFirst, siteUrl, date: now.toISOString(), guideTitles: { 'start-somewhere/your-first-alert-rule': 'Your first alert rule' }, ...(team === undefined ? {} : { team }) };
  return { result, steps, talkFirst, input };
}

describe('the plan as CSV', () => {
  it('parses with a real CSV parser into one row per next step, with commas, quotes and line breaks intact', () => {
    const { steps } = plan(tricky);
    const rows: string[][] = parse(planCsv(steps, siteUrl), { relax_column_count: false });
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows).toHaveLength(steps.length + 1);
    for (const [i, s] of steps.entries()) {
      const q = s.result.question;
      const goodLooksLike = q.goodLooksLike.startsWith('=') ? `'${q.goodLooksLike}` : q.goodLooksLike;
      expect(rows[i + 1]!.slice(2)).toEqual([q.question, goodLooksLike, { 1: 'hours', 2: 'days', 3: 'weeks' }[q.effort], `${siteUrl}/guides/${q.guide}/`]);
    }
    expect(rows.some((r) => r[2]!.includes('\n') && r[2]!.includes('"who did what"'))).toBe(true);
    expect(rows.some((r) => r[2] === 'A line break alone\r\nand nothing else')).toBe(true);
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
    const { steps, talkFirst, input } = plan(tricky, undefined, 'Team | Ops');
    const md = planMarkdown(input);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Team \\| Ops: security plan from the self-assessment, 2026-11-30');
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
});
