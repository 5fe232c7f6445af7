import { describe, expect, it } from 'vitest';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSetSchema, type Rule } from '../../../src/lib/rules/model.ts';
import { blankDraft, draftFromRule, ruleFromDraft, testCondition, type Draft } from '../../../src/lib/rules/builder/draft.ts';
import { fieldErrors, fieldOfPath } from '../../../src/lib/rules/builder/field-errors.ts';
import { ruleSetFromShareLink, rulesShareFragment } from '../../../src/lib/rules/builder/share-link.ts';
import { decodeMyRules } from '../../../src/lib/rules/builder/stored.ts';
import { duplicateId, encodeMyRules } from '../../../src/lib/rules/builder/stored-rules.ts';
import { installReadme, zipRecipeFiles } from '../../../src/lib/rules/builder/install-readme.ts';
import { checkRuleSetValue } from '../../../src/lib/rules/rule-set-check.ts';
import { exportRuleSet, availableTargetIds } from '../../../src/lib/rules/targets.ts';
import { loadStratusEvents, loadTemplates } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const templates = loadTemplates();
const stratus = loadStratusEvents('the builder round trip on real events');

/** Every event a rule's meaning can be compared on: the templates' examples and the real records. */
const events = [...templates.flatMap((t) => (t.examples ?? []).flatMap((e) => e.events ?? [e.event])), ...stratus] as Parameters<typeof matchesCondition>[1][];

describe('the builder form', () => {
  it('reads every template into the form and writes back a valid rule that fires on exactly the same events', () => {
    let compared = 0;
    for (const template of templates) {
      const back = ruleFromDraft(draftFromRule(template));
      expect(ruleSetSchema.safeParse({ plainsecRules: 1, rules: [back] }).success, template.id).toBe(true);
      const before = effectiveCondition(template);
      const after = effectiveCondition(back);
      for (const e of events) {
        expect(matchesCondition(after, e), `${template.id} on ${String(e['eventName'])}`).toBe(matchesCondition(before, e));
        compared++;
      }
      expect(back.examples).toEqual(template.examples);
      expect(back.count).toEqual(template.count);
      expect(back.title).toBe(template.title);
    }
    expect(compared).toBeGreaterThanOrEqual(templates.length * 100);
  });

  it('keeps a true/false test on a field the form offers only as text as YAML, so that it never comes back as the text "false"', () => {
    const rule = {
      ...templates.find((t) => t.id === 'new-iam-user')!,
      id: 'protection-off',
      when: { allOf: [{ field: 'eventName', equals: 'ModifyDBInstance' }, { field: 'requestParameters.deletionProtection', equals: false }] },
    } as Rule;
    const draft = draftFromRule(rule);
    expect(draft.tests).toEqual([]);
    expect(ruleFromDraft(draft).when).toEqual(rule.when);
    const turnedOff = { eventName: 'ModifyDBInstance', requestParameters: { deletionProtection: false } };
    expect(matchesCondition(effectiveCondition(ruleFromDraft(draft)), turnedOff)).toBe(true);
  });

  it('shows most templates as a sentence of actions, keeping only what the form cannot show as YAML', () => {
    const sentences = templates.filter((t) => draftFromRule(t).actions.length > 0);
    const advanced = templates.filter((t) => draftFromRule(t).advanced !== undefined);
    console.info(`Templates read as actions: ${sentences.length} of ${templates.length}; kept as YAML-only conditions: ${advanced.length}.`);
    // At least half of the AWS templates (69 of 107 now). The rest test a call's parameters inside a
    // choice between calls, or calls the catalogue leaves out (CreateFleet, Identity Center's calls).
    // The cluster templates test subresource exec or attach in one test, which no single cluster
    // action says yet, so they are counted apart.
    const cloudTrail = templates.filter((t) => sourceOf(t) === 'cloudtrail');
    expect(sentences.filter((t) => sourceOf(t) === 'cloudtrail').length).toBeGreaterThanOrEqual(Math.ceil(cloudTrail.length * 0.5));
  });

  it('writes the seed rule from the sentence: someone starts a server, unless AWS did it on your behalf', () => {
    const draft: Draft = { ...blankDraft(), actions: ['start-server'], awsOnBehalf: true, id: 'seed-rule', title: 'A server was started by hand', means: 'm', whatToDo: 'w' };
    const rule = ruleFromDraft(draft);
    const fires = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { type: 'IAMUser' } };
    const byAutoScaling = { ...fires, userIdentity: { type: 'AssumedRole', invokedBy: 'autoscaling.amazonaws.com' } };
    expect(matchesCondition(effectiveCondition(rule), fires)).toBe(true);
    expect(matchesCondition(effectiveCondition(rule), byAutoScaling)).toBe(false);
    expect(rule.notify).toBe('#security-alerts');
    expect(rule.urgency).toBe('look-today');
  });

  it('turns each typed test into the rule model’s operator, with "does not" as not', () => {
    const base = { field: 'awsRegion', value: 'eu-west-1, eu-central-1', negate: false, ignoreCase: false };
    expect(testCondition({ ...base, operator: 'oneOf' })).toEqual({ field: 'awsRegion', oneOf: ['eu-west-1', 'eu-central-1'] });
    expect(testCondition({ ...base, operator: 'missing' })).toEqual({ field: 'awsRegion', exists: false });
    expect(testCondition({ ...base, operator: 'startsWith', value: 'eu-', negate: true, ignoreCase: true })).toEqual({ not: { field: 'awsRegion', startsWith: 'eu-', ignoreCase: true } });
    expect(testCondition({ ...base, field: 'readOnly', operator: 'equals', value: 'false' })).toEqual({ field: 'readOnly', equals: false });
  });
});

describe('errors next to the builder’s fields', () => {
  it('places each rule-set error on the field that causes it, in the CLI’s words', () => {
    expect(fieldOfPath('notify')).toBe('notify');
    expect(fieldOfPath('exceptions[1].onlyInRegions[0]')).toBe('regions');
    expect(fieldOfPath('workingHours.start')).toBe('start');
    expect(fieldOfPath('when.allOf[2].field')).toBe('when');
    const rule = { ...ruleFromDraft({ ...blankDraft(), actions: ['start-server'] }), notify: 'security-alerts', id: 'Bad Id', title: '' };
    const checked = checkRuleSetValue({ plainsecRules: 1, rules: [rule] });
    expect(checked.ok).toBe(false);
    const errors = fieldErrors(checked.ok ? [] : checked.errors, 0, rule as Rule, []);
    expect(errors.notify).toBe('write a Slack channel like #security-alerts');
    expect(errors.id).toMatch(/lower case with dashes/);
    expect(errors.title).toBeDefined();
  });

  it('asks for an action or a test when the rule looks for nothing yet, and for an id of its own', () => {
    const rule = ruleFromDraft({ ...blankDraft(), id: 'taken-id', title: 't', means: 'm', whatToDo: 'w' });
    const checked = checkRuleSetValue({ plainsecRules: 1, rules: [rule] });
    const errors = fieldErrors(checked.ok ? [] : checked.errors, 0, rule, ['taken-id']);
    expect(errors.when).toMatch(/^choose what someone does/);
    expect(errors.id).toMatch(/already has the id taken-id/);
  });
});

describe('My rules, stored and shared', () => {
  // Rules without bursts of example events, to keep the link short (tests/unit/share holds the
  // checksum to every position of a link).
  const ruleSet = { plainsecRules: 1 as const, rules: templates.filter((t) => !t.count).slice(0, 3) };

  it('reads back what it stored, and says plainly when stored text is damaged or from another version', () => {
    expect(decodeMyRules(encodeMyRules(ruleSet))).toEqual({ ok: true, ruleSet });
    expect(decodeMyRules('{"version":1,"ruleSet":')).toEqual({ ok: false, problem: 'Your saved rules could not be read: the saved text is damaged.' });
    expect(decodeMyRules('{"version":7}')).toEqual({ ok: false, problem: 'Your saved rules were saved in a format this page does not know.' });
    const bad = decodeMyRules(JSON.stringify({ version: 1, ruleSet: { plainsecRules: 1, rules: [{ ...templates[0], notify: 'x' }] } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toContain('rules[0].notify');
  });

  it('restores the same rules from a share link, and refuses a link with one character changed', async () => {
    const fragment = await rulesShareFragment(ruleSet);
    const link = `https://plainsec.dev/rules/#${fragment}`;
    expect(await ruleSetFromShareLink(link)).toEqual({ ok: true, ruleSet });
    const code = fragment.slice('rules='.length);
    const middle = Math.floor(code.length / 2);
    const tampered = `rules=${code.slice(0, middle)}${code[middle] === 'A' ? 'B' : 'A'}${code.slice(middle + 1)}`;
    const read = await ruleSetFromShareLink(tampered);
    expect(read.ok).toBe(false);
    expect(await ruleSetFromShareLink('rules=not*base64')).toMatchObject({ ok: false, problem: expect.stringMatching(/^This link is damaged/) });
  });

  it('gives a duplicate an id no other rule has', () => {
    expect(duplicateId('new-user', ['new-user'])).toBe('new-user-copy');
    expect(duplicateId('new-user', ['new-user', 'new-user-copy', 'new-user-copy-2'])).toBe('new-user-copy-3');
  });

  it('writes a README that says how to install each tool’s files in the zip, and lists what was left out', () => {
    const { files, refused } = exportRuleSet({ plainsecRules: 1, rules: templates }, availableTargetIds());
    const readme = installReadme(files, refused, { rules: templates });
    for (const heading of ['## Sigma (sigma/)', '## AWS EventBridge (eventbridge/)', '## Falco (falco/)', '## Prometheus Alertmanager (alertmanager/)', '## Elastic Security (elastic/)', '## Splunk (splunk/)'])
      expect(readme).toContain(heading);
    expect(readme).toContain('amtool check-config');
    expect(readme).toContain('## Not included');
    expect(installReadme(files.filter((f) => f.path.startsWith("sigma/")), [], { rules: templates.slice(0, 1) })).not.toContain('EventBridge');
  });

  it('tells the reader to download the plainsec command from the site that made the zip, check it, and run it with node, never npx', () => {
    const { files, refused } = exportRuleSet({ plainsecRules: 1, rules: templates.slice(0, 2) }, availableTargetIds());
    const readme = installReadme(files, refused, { rules: templates.slice(0, 2) }, 'https://security.example.org');
    expect(readme).toContain('    curl -fsSLO https://security.example.org/plainsec.mjs\n    curl -fsSLO https://security.example.org/plainsec.mjs.sha256\n    sha256sum -c plainsec.mjs.sha256\n');
    expect(readme).toContain('    node plainsec.mjs rules export rules.yaml --to all --out rules-out');
    expect(readme).toContain('https://security.example.org/command/');
    expect(readme).not.toMatch(/npx/);
  });

  it('puts nothing in the zip that says npx plainsec: not the README, the CI recipes, the rules or any tool’s file', () => {
    const { files, refused } = exportRuleSet({ plainsecRules: 1, rules: templates }, availableTargetIds());
    const zip = [{ path: 'README.md', content: installReadme(files, refused, { rules: templates }) }, ...zipRecipeFiles('https://plainsec.dev'), ...files];
    expect(zip.filter((f) => /npx\s+plainsec/i.test(typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content))).map((f) => f.path)).toEqual([]);
    expect(zip.map((f) => f.path)).toEqual(expect.arrayContaining(['ci/plainsec-github-workflow.yml', 'ci/plainsec-gitlab-ci.yml']));
  });
});
