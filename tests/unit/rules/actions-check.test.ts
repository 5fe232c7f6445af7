/**
 * "What to do" starts from the action catalogue: each action says, in one plain sentence, what to
 * check first when it fires. These lines are checked the way the guides are.
 */
import { describe, expect, it } from 'vitest';
import { actions } from '../../../src/lib/rules/actions.ts';
import { actionChecks } from '../../../src/lib/rules/action-checks.ts';
import { fleschKincaidGrade, sentences, words } from '../../../src/lib/content/readability.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

const glossary = siteGlossary();
/** Each action's line (kept apart in action-checks.ts, so the builder loads it on first use). */
const checkLine = (a: { id: string }): string => actionChecks[a.id] ?? '';
const eventNames = [...new Set(actions.flatMap((a) => a.eventNames))];

/** The text outside brackets, where plain words must be. */
const outsideBrackets = (text: string) => text.replace(/\([^)]*\)/g, ' ');

/** What is wrong with one check line, as short reasons; empty when it is fine. */
function problemsOf(check: string): string[] {
  const problems = [...plainWordsProblems(check, glossary)];
  if (sentences(check).length !== 1) problems.push(`${sentences(check).length} sentences`);
  const grade = fleschKincaidGrade(check);
  if (grade > 9) problems.push(`grade ${grade.toFixed(1)}`);
  if (words(check).length > 22) problems.push(`${words(check).length} words`);
  const plain = outsideBrackets(check);
  for (const name of eventNames) if (new RegExp(`\\b${name}\\b`).test(plain)) problems.push(`the call name ${name} outside brackets`);
  const path = /\p{L}\.\p{L}/u.exec(check);
  if (path) problems.push(`a field path near "${check.slice(Math.max(0, path.index - 15), path.index + 15)}"`);
  // The urgency says when; the check line says only what.
  // "Now" is fine where it says what holds after the change ("who may now read it").
  const when = /\b(act now|right now|now(?=[.,;:!]|$)|today|tonight|at once|right away|immediately|urgent(ly)?|soon|asap)\b/i.exec(check);
  if (when) problems.push(`the "how soon" word "${when[0]}"`);
  return problems;
}

describe('what to check first when an action fires', () => {
  it('is written for every one of the 159 actions', () => {
    expect(actions).toHaveLength(159);
    expect(actions.filter((a) => checkLine(a).trim() === '').map((a) => a.id)).toEqual([]);
  });

  it('names only actions the catalogue has, so no line is left behind when an action goes', () => {
    const ids = new Set(actions.map((a) => a.id));
    expect(Object.keys(actionChecks).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('is one plain sentence of at most 22 words and grade 9, with call names only in brackets and no field paths', () => {
    const found = actions.map((a) => ({ id: a.id, problems: problemsOf(checkLine(a)) })).filter((x) => x.problems.length > 0);
    expect(found).toEqual([]);
  });

  it('is different for every action', () => {
    const seen = new Map<string, string>();
    const repeated = actions.filter((a) => seen.has(checkLine(a)) || !seen.set(checkLine(a), a.id)).map((a) => `${a.id} repeats ${seen.get(checkLine(a))}`);
    expect(repeated).toEqual([]);
  });

  it('catches a line a person could not act on', () => {
    expect(problemsOf('Check that someone on the team meant to sign in as the root user, and that they used a second factor (MFA).')).toEqual([]);
    expect(problemsOf('Check the ConsoleLogin record now.')).toEqual(expect.arrayContaining(['the call name ConsoleLogin outside brackets', 'the "how soon" word "now"']));
    expect(problemsOf('Check the bucket (requestParameters.bucketName).')).toContainEqual(expect.stringContaining('a field path'));
    expect(problemsOf('Check who did it. Then check why.')).toEqual(['2 sentences']);
    expect(problemsOf('Check the RDS copy.')).toContainEqual(expect.stringContaining('unexplained-acronym'));
    expect(problemsOf('Check the organization’s authorization configuration documentation.')).toContainEqual(expect.stringMatching(/^grade/));
    expect(problemsOf(`Check ${'that it is fine and '.repeat(5)}done.`)).toContainEqual('27 words');
  });
});
