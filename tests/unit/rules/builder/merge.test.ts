import { describe, expect, it } from 'vitest';
import type { Rule, RuleSet } from '../../../../src/lib/rules/model.ts';
import { markedTitle, mergeRuleSets, mergeSummary, sameRule, sourceMark } from '../../../../src/lib/rules/builder/merge.ts';
import { duplicateId } from '../../../../src/lib/rules/builder/stored-rules.ts';
import { checkRuleSetValue } from '../../../../src/lib/rules/rule-set-check.ts';
import { loadTemplates } from '../support/kit.ts';

const [a, b, c] = loadTemplates() as [Rule, Rule, Rule];
const set = (...rules: Rule[]): RuleSet => ({ plainsecRules: 1, rules });
const link = { kind: 'link' } as const;

/** The merged set passes the same check a rule file must pass. */
function expectValid(ruleSet: RuleSet): void {
  const checked = checkRuleSetValue(JSON.parse(JSON.stringify(ruleSet)));
  expect(checked.ok, JSON.stringify(checked)).toBe(true);
}

describe('adding a shared rule set to My rules', () => {
  it('adds rules with new ids at the end, after mine', () => {
    const merged = mergeRuleSets(set(a), set(b, c), link);
    expect(merged.ruleSet.rules.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(merged.added.map((r) => r.id)).toEqual([b.id, c.id]);
    expect(mergeSummary(merged, link)).toBe('Added 2 rules from the share link.');
  });

  it('skips a rule that is already in My rules exactly, and says so', () => {
    const merged = mergeRuleSets(set(a, b), set(a), link);
    expect(merged.ruleSet.rules).toEqual([a, b]);
    expect(merged.same).toEqual([a]);
    expect(mergeSummary(merged, link)).toBe('Nothing new in the share link; 1 was already in My rules.');
  });

  it('counts a rule as the same when only empty lists differ', () => {
    const bare = { ...a, exceptions: [], references: [], attack: [] } as Rule;
    const withoutLists = Object.fromEntries(Object.entries(a).filter(([k]) => !['exceptions', 'references', 'attack'].includes(k))) as Rule;
    expect(sameRule(bare, withoutLists)).toBe(true);
    expect(sameRule(a, { ...a, notify: '#elsewhere' })).toBe(false);
  });

  it('keeps both rules when the same id holds a different rule, giving the incoming one a free id and a marked title', () => {
    const theirs = { ...a, title: 'Their version', means: 'Something else' };
    const merged = mergeRuleSets(set(a, b), set(theirs, c), link);
    expect(merged.ruleSet.rules.slice(0, 2)).toEqual([a, b]);
    const copy = merged.ruleSet.rules.find((r) => r.title === 'Their version (from the link)')!;
    expect(copy).toBeDefined();
    expect(copy.id).toBe(`${a.id}-copy`);
    expect(copy.means).toBe('Something else');
    expect(merged.ruleSet.rules.map((r) => r.id)).toEqual([a.id, b.id, c.id, `${a.id}-copy`]);
    expect(new Set(merged.ruleSet.rules.map((r) => r.id)).size).toBe(4);
    expect(mergeSummary(merged, link)).toBe('Added 2 rules from the share link; 1 has the same id as one of yours, so it was added as “Their version (from the link)”.');
    expectValid(merged.ruleSet);
  });

  it('never gives a renamed rule an id that mine or the incoming set already use', () => {
    const mine = set(a, { ...b, id: `${a.id}-copy` });
    const theirs = set({ ...a, title: 'Changed' }, { ...c, id: `${a.id}-copy-2` });
    const merged = mergeRuleSets(mine, theirs, link);
    const ids = merged.ruleSet.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(merged.renamed[0]!.id).toBe(`${a.id}-copy-3`);
  });

  it('marks titles with the file name, and keeps every title and id within their length limits', () => {
    const longId = `${'x'.repeat(40)}-${'y'.repeat(22)}`;
    expect(longId.length).toBe(63);
    const longTitle = 'W'.repeat(120);
    const file = { kind: 'file', name: `team rules from the platform group, copied ${'z'.repeat(60)}.yaml` } as const;
    const mine = set({ ...a, id: longId, title: longTitle });
    const merged = mergeRuleSets(mine, set({ ...a, id: longId, title: `${longTitle}!`, means: 'theirs' }), file);
    const copy = merged.renamed[0]!;
    expect(copy.title.length).toBeLessThanOrEqual(120);
    expect(copy.title).toMatch(/W… \(from team rules from the platform group, cop…\)$/);
    expect(sourceMark(file).length).toBeLessThanOrEqual(47);
    expect(copy.id.length).toBeLessThanOrEqual(63);
    expectValid(merged.ruleSet);
    // Twelve copies on: every id still valid, and each its own.
    let ids = [longId];
    for (let i = 0; i < 12; i++) ids = [...ids, duplicateId(longId, ids)];
    for (const id of ids) expect(id, id).toMatch(/^[a-z0-9][a-z0-9-]{2,62}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps quotes and new lines in titles and texts, and compares them exactly', () => {
    const quoted = { ...a, title: 'The "deploy" role’s key was used, \'by hand\'', means: 'Line one.\nLine two: "quoted".' };
    const merged = mergeRuleSets(set(quoted), set({ ...quoted }, { ...quoted, means: 'Line one.\nLine two: "other".' }), link);
    expect(merged.same).toHaveLength(1);
    expect(merged.renamed).toHaveLength(1);
    expect(merged.renamed[0]!.title).toBe('The "deploy" role’s key was used, \'by hand\' (from the link)');
    expect(merged.renamed[0]!.means).toBe('Line one.\nLine two: "other".');
    expectValid(merged.ruleSet);
    // A file name with a new line in it still gives a one-line title.
    expect(markedTitle('T', sourceMark({ kind: 'file', name: 'a\nb.yaml' }))).toBe('T (from a b.yaml)');
  });

  it('keeps my setting for where alerts go when the incoming one differs, and says so', () => {
    const mine: RuleSet = { ...set(a), alerting: { chat: 'mattermost', pager: 'opsgenie' } };
    const merged = mergeRuleSets(mine, { ...set(b), alerting: { chat: 'slack', pager: 'pagerduty' } }, link);
    expect(merged.ruleSet.alerting).toEqual({ chat: 'mattermost', pager: 'opsgenie' });
    expect(merged.keptMyAlerting).toBe(true);
    expect(mergeSummary(merged, link)).toBe('Added 1 rule from the share link. The link sends alerts to other tools; your own setting for where alerts go is kept.');
    // The same setting, written out or left to the defaults, is no difference.
    expect(mergeRuleSets(set(a), { ...set(b), alerting: { chat: 'slack', pager: 'pagerduty' } }, link).keptMyAlerting).toBe(false);
  });

  it('takes the incoming setting for where alerts go when My rules are empty', () => {
    const merged = mergeRuleSets(set(), { ...set(a), alerting: { chat: 'msteams', pager: 'victorops' } }, link);
    expect(merged.ruleSet.alerting).toEqual({ chat: 'msteams', pager: 'victorops' });
    expect(merged.keptMyAlerting).toBe(false);
  });

  it('lists several renamed rules by title, and says how many more there are', () => {
    const rules = [a, b, c];
    const mine = set(...rules, { ...a, id: 'fourth-rule' });
    const theirs = set(...rules.map((r) => ({ ...r, title: `${r.title} v2` })), { ...a, id: 'fourth-rule', title: 'Fourth v2' });
    const summary = mergeSummary(mergeRuleSets(mine, theirs, { kind: 'file', name: 'team.yaml' }), { kind: 'file', name: 'team.yaml' });
    expect(summary).toMatch(/^Added 4 rules from team\.yaml; 4 have the same ids as some of yours, so they were added as “.+ v2 \(from team\.yaml\)”, “.+”, “.+” and 1 more\.$/);
  });
});
