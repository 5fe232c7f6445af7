/**
 * The words every rule speaks pass the checks the guides pass: no words to avoid, acronyms
 * explained (or glossary terms), Flesch–Kincaid grade 9 or lower, and no name AWS writes in a
 * record (a call name, an event kind, a field path) outside the brackets that follow plain words.
 * Checked on every template, every catalogue action, and 300 rules built the way the form builds them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCondition, actions } from '../../../../src/lib/rules/actions.ts';
import { whoChoices, type Who } from '../../../../src/lib/rules/builder/draft.ts';
import { fleschKincaidGrade } from '../../../../src/lib/content/readability.ts';
import { cloudTrailFields } from '../../../../src/lib/rules/fields.ts';
import type { Condition, Rule, RuleException } from '../../../../src/lib/rules/model.ts';
import { sentenceOf, suggestMeans, suggestTitle, suggestWhatToDo, type RuleDraft } from '../../../../src/lib/rules/words/index.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { loadTemplates } from '../support/kit.ts';

const terms = siteGlossary();
const templates = loadTemplates();

/** The text without what sits in brackets: the names AWS writes, kept for experts, are not prose. */
const outsideBrackets = (text: string): string => text.replace(/\s*\([^()]*\)/g, '');

/**
 * The reading grade of a rule's words. Names are not prose: a chat channel (#security-alerts) or a
 * region (eu-west-1) is read as one short word, like a person's name.
 */
const gradeOf = (texts: readonly string[]): number =>
  fleschKincaidGrade(
    texts
      .map((t) => outsideBrackets(t).replace(/#[\w-]+|\b[a-z]{2}-[a-z]+-\d\b/g, 'Sam'))
      // A title has no full stop; it is still a sentence of its own, not the start of the next one.
      .map((t) => (/[.!?…]$/.test(t.trim()) ? t : `${t}.`))
      .join(' '),
  );

/** Names AWS writes in a record that a person should never meet without plain words first. */
const awsNames = new Set([
  ...actions.flatMap((a) => a.eventNames),
  ...templates.flatMap((r) => JSON.stringify(r.when).match(/"eventName","(?:equals|oneOf)":(?:"[^"]+"|\[[^\]]*\])/g) ?? []).flatMap((m) => m.match(/[A-Z][A-Za-z0-9]+/g) ?? []),
  'AwsApiCall', 'AwsServiceEvent', 'AwsConsoleSignIn', 'IAMUser', 'AssumedRole', 'FederatedUser', 'AWSService',
]);
const fieldNames = new Set(cloudTrailFields.map((f) => f.path));

/** What is wrong with a rule's words, each problem with the text it is in. */
function problemsIn(texts: readonly string[], names: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    // A value the rule itself compares with, written as the tool writes it (a container power such
    // as ALL or SYS_ADMIN), is a name, not prose, like a channel or a region.
    const prose = names.reduce((t, name) => t.replace(new RegExp(`\\b${name}\\b`, 'g'), 'Sam'), outsideBrackets(text));
    for (const word of prose.match(/[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*/g) ?? []) {
      if (awsNames.has(word)) problems.push(`the name ${word} outside brackets: ${text}`);
      if (fieldNames.has(word) || /^[a-z]+[A-Z]\w*\.\w+/.test(word)) problems.push(`the field path ${word}: ${text}`);
    }
    problems.push(...plainWordsProblems(prose, terms).map((p) => `${p}: ${text}`));
  }
  const grade = gradeOf(texts);
  if (grade > 9) problems.push(`grade ${grade.toFixed(1)} (over 9): ${texts.join(' | ')}`);
  return problems;
}

/** The values in capitals a rule compares a field with (ALL, SYS_ADMIN): names the sentence shows as they are written. */
const capitalValues = (rule: Rule): string[] => [...new Set((JSON.stringify(rule.when).match(/"[A-Z][A-Z0-9_]+"/g) ?? []).map((v) => v.slice(1, -1)))];

/** The words a template speaks: its sentence, and the title, meaning and what to do it was written with. */
const templateWords = (rule: Rule): string[] => [sentenceOf(rule), rule.title, rule.means, rule.whatToDo];
/** The words the builder suggests for a rule. */
const suggestedWords = (rule: RuleDraft): string[] => [sentenceOf(rule), suggestTitle(rule), suggestMeans(rule), suggestWhatToDo(rule)];

describe('the words every template speaks', () => {
  it(`are plain for all ${templates.length} templates`, () => {
    expect(templates.length).toBeGreaterThanOrEqual(40);
    const worst = templates
      .map((rule) => ({ id: rule.id, sentence: sentenceOf(rule), grade: gradeOf([sentenceOf(rule)]) }))
      .sort((a, b) => b.grade - a.grade)
      .slice(0, 3);
    console.info(`The three hardest template sentences:\n${worst.map((w) => `  ${w.id} (grade ${w.grade.toFixed(1)}): ${w.sentence}`).join('\n')}`);
    expect(templates.flatMap((rule) => problemsIn(templateWords(rule), capitalValues(rule)).map((p) => `${rule.id}: ${p}`))).toEqual([]);
  });

  it('are plain in what the builder suggests for each template too', () => {
    expect(templates.flatMap((rule) => problemsIn(suggestedWords(rule), capitalValues(rule)).map((p) => `${rule.id}: ${p}`))).toEqual([]);
  });

  it('catch a call name, a field path and a hard sentence when they appear', () => {
    expect(problemsIn(['When someone calls RunInstances: tell #security.'])).toEqual([expect.stringMatching(/the name RunInstances outside brackets/)]);
    expect(problemsIn(['When requestParameters.bucketName is set: tell #security.'])[0]).toMatch(/the field path requestParameters\.bucketName/);
    expect(problemsIn(['Organisational interdependencies necessitate comprehensive authorisation reconsiderations immediately.']).join()).toMatch(/grade/);
  });
});

describe('the words of every catalogue action', () => {
  it(`are plain for all ${actions.length} actions, as a rule of each says them`, () => {
    expect(actions.length).toBeGreaterThanOrEqual(125);
    const problems = actions.flatMap((a) => {
      const rule: RuleDraft = { when: actionCondition([a]), exceptions: [{ unlessItFailed: true }], urgency: 'look-today', notify: '#security-alerts' };
      return problemsIn(suggestedWords(rule)).map((p) => `${a.id}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});

/** Rules as the form builds them: one to three actions, who did it, maybe a value to match, exceptions, an urgency. */
const builtRule: fc.Arbitrary<RuleDraft> = fc
  .record({
    picked: fc.uniqueArray(fc.constantFrom(...actions), { minLength: 1, maxLength: 3, selector: (a) => a.id }),
    who: fc.constantFrom(...(Object.keys(whoChoices) as Who[])),
    region: fc.option(fc.constantFrom('eu-west-1', 'us-east-1'), { nil: undefined }),
    exceptions: fc.subarray<RuleException>([{ unlessItFailed: true }, { unlessDoneByAwsService: true }, { onlyInRegions: ['eu-west-1'] }, { unlessDoneByRoles: ['terraform'] }]),
    urgency: fc.constantFrom('wake-me-up', 'look-today', 'fyi') as fc.Arbitrary<Rule['urgency']>,
  })
  .map(({ picked, who, region, exceptions, urgency }) => {
    const parts: Condition[] = [actionCondition(picked)];
    const type = whoChoices[who].type;
    if (type) parts.push({ field: 'userIdentity.type', equals: type });
    if (region) parts.push({ not: { field: 'awsRegion', equals: region } });
    return { when: parts.length === 1 ? parts[0]! : { allOf: parts }, exceptions, urgency, notify: '#security-alerts' };
  });

describe('the words of rules built with the form', () => {
  it('are plain for 300 of them', () => {
    fc.assert(
      fc.property(builtRule, (rule) => {
        expect(problemsIn(suggestedWords(rule))).toEqual([]);
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
