import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionById, actionCondition, actions } from '../../../../src/lib/rules/actions.ts';
import { matchesCondition } from '../../../../src/lib/rules/canonical.ts';
import { ruleIdSchema, ruleSchema, ruleSetSchema, type Condition, type Rule } from '../../../../src/lib/rules/model.ts';
import { actionChecks } from '../../../../src/lib/rules/action-checks.ts';
import { blankRule, pastTense, sentenceOf, suggestMeans, suggestRuleId, suggestTitle, suggestWhatToDo, type RuleDraft } from '../../../../src/lib/rules/words/index.ts';

const templates = readdirSync('content/rules').flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join('content/rules', f), 'utf8'))).rules);
const template = (id: string): Rule => templates.find((r) => r.id === id)!;
const of = (...ids: string[]): Condition => actionCondition(ids.map((id) => actionById(id)!));

const checkOf = (id: string): string => {
  const check = actionChecks[id] ?? actionById(id)!.check;
  if (!check) throw new Error(`The action ${id} has no check line`);
  return check;
};

describe('a template as a sentence, with suggested texts', () => {
  it('reads the hand-started server template, with the call name in brackets after what was done', () => {
    const rule = template('server-outside-autoscaling');
    // CreateFleet and RequestSpotInstances are not in the action catalogue, so the calls are named as such.
    expect(sentenceOf(rule)).toBe(
      'When all of these are true, unless AWS did it on your behalf: tell #security-alerts, look at it today. The call is to servers (EC2). Someone starts a server, starts a stopped server again or makes one of 2 more calls like these (RunInstances, CreateFleet, RequestSpotInstances, StartInstances).',
    );
    expect(suggestTitle(rule)).toBe('The call is to servers (EC2)');
    expect(suggestMeans(rule)).toBe(
      'Something happened in your AWS account that this rule looks for. It fires if all of these are true. The call is to servers (EC2). Someone starts a server, starts a stopped server again or makes one of 2 more calls like these (RunInstances, CreateFleet, RequestSpotInstances, StartInstances). It ignores what AWS does on your behalf, like auto-scaling.',
    );
    expect(suggestWhatToDo(rule)).toBe('Today: check who did it, and whether the team planned it.');
  });

  it('reads the audit-log template, which wakes someone up, and says to act now', () => {
    const rule = template('cloudtrail-stopped-or-deleted');
    expect(sentenceOf(rule)).toBe('When someone turns off CloudTrail logging or deletes a trail (StopLogging, DeleteTrail), unless it failed: tell #security-alerts, wake me up.');
    expect(suggestTitle(rule)).toBe('Someone turns off CloudTrail logging or deletes a trail');
    expect(suggestMeans(rule)).toBe('Someone turned off CloudTrail logging or deleted a trail (StopLogging, DeleteTrail). It ignores calls that failed.');
    expect(suggestWhatToDo(rule)).toMatch(/^Act now\. .+ If nobody on the team did it, follow your incident steps\.$/);
  });

  it('reads the failed sign-in template: an action and the rest of its condition, said as what it means', () => {
    const rule = template('console-sign-in-failed');
    expect(sentenceOf(rule)).toBe('When someone signs in to the console (ConsoleLogin), and it happens 10 times or more within 15 minutes from the same address: tell #security-alerts, just so you know. It fires only if the sign-in failed.');
    expect(suggestMeans(rule)).toBe('Someone signed in to the console (ConsoleLogin). It fires only if the sign-in failed.');
    expect(suggestWhatToDo(rule)).toBe(`No need to act at once. ${checkOf('sign-in-to-console')} Look sooner when there are many of these, or one nobody expected.`);
  });

  it('reads the root template with the root user as the one who acts', () => {
    const rule = template('root-account-used');
    expect(sentenceOf(rule)).toBe(
      'When the root user does something: tell #security-alerts, wake me up. It fires only if all of these are true. No AWS service acted for anyone. The kind of event is not something AWS did by itself (AwsServiceEvent). Either both someone signs in to the console (ConsoleLogin) and the sign-in worked. Or both the call changed something and the kind of event is not a console sign-in (AwsConsoleSignIn).',
    );
    expect(suggestTitle(rule)).toBe('Root user does something');
  });

  it('reads the open-firewall template with the plain names of its address fields', () => {
    expect(sentenceOf(template('security-group-open-to-internet'))).toBe(
      'When someone opens a port in a firewall group (AuthorizeSecurityGroupIngress, ModifySecurityGroupRules), unless it failed: tell #security-alerts, look at it today. It fires only if one of these is true. The address range a firewall rule lets in ends with /0. The address range (IPv6) a firewall rule lets in ends with /0. An address range any of the rules added lets in ends with /0. An address range (IPv6) any of the rules added lets in ends with /0. The address range a changed firewall rule lets in ends with /0. The address range (IPv6) a changed firewall rule lets in ends with /0.',
    );
  });

  it('describes a template that is not made of actions by its condition, in short sentences, and titles it by the first thing it asks', () => {
    const rule = template('unusual-region');
    expect(sentenceOf(rule)).toBe(
      'When all of these are true, unless AWS did it on your behalf or it failed: tell #security-alerts, look at it today. The region is not us-east-1 or eu-west-1. The call changed something. The kind of event is a call to AWS (AwsApiCall).',
    );
    expect(suggestTitle(rule)).toBe('The region is not us-east-1 or eu-west-1');
    expect(suggestWhatToDo(rule)).toBe('Today: check who did it, and whether the team planned it.');
  });
});

describe('a rule being built, as a sentence', () => {
  it('says the builder’s example sentence', () => {
    const rule: RuleDraft = { when: of('start-server'), exceptions: [{ unlessDoneByAwsService: true }, { onlyInRegions: ['eu-west-1'] }], urgency: 'look-today', notify: '#security-alerts' };
    expect(sentenceOf(rule)).toBe('When someone starts a server (RunInstances), unless AWS did it on your behalf, only in eu-west-1: tell #security-alerts, look at it today.');
  });

  it('reads the root user signing in, built from the form in steps, as the templates read', () => {
    // The form adds "who acted" as its own group beside the chosen action.
    const rule: RuleDraft = { when: { allOf: [of('sign-in-to-console'), { field: 'userIdentity.type', equals: 'Root' }] }, urgency: 'wake-me-up', notify: '#security' };
    expect(sentenceOf(rule)).toBe('When the root user signs in to the console (ConsoleLogin): tell #security, wake me up.');
    expect(suggestTitle(rule)).toBe('Root user signs in to the console');
    expect(suggestMeans(rule)).toBe('The root user signed in to the console (ConsoleLogin).');
    expect(suggestWhatToDo(rule)).toBe(`Act now. ${checkOf('sign-in-to-console')} If nobody on the team did it, follow your incident steps.`);
  });

  it('names what an action was done to by the action’s own word for it, and who is left out', () => {
    const del = of('delete-bucket') as { allOf: Condition[] };
    const rule: RuleDraft = {
      when: { allOf: [...del.allOf, { field: 'requestParameters.bucketName', oneOf: ['prod-data', 'prod-logs'] }] },
      exceptions: [{ unlessDoneByRoles: ['terraform', 'cleanup-bot'] }, { unlessDoneByUsers: ['alice'] }],
      urgency: 'wake-me-up',
      notify: '#storage',
    };
    expect(sentenceOf(rule)).toBe('When someone deletes a bucket (DeleteBucket), unless the roles terraform or cleanup-bot did it or alice did it: tell #storage, wake me up. It fires only if the bucket is prod-data or prod-logs.');
    expect(suggestTitle(rule)).toBe('Someone deletes a bucket');
    expect(suggestMeans(rule)).toBe(
      'Someone deleted a bucket (DeleteBucket). It fires only if the bucket is prod-data or prod-logs. It ignores what the roles terraform and cleanup-bot do and what alice does.',
    );
  });

  it('lists actions across services and the regions it looks at', () => {
    const rule: RuleDraft = { when: of('share-server-image', 'share-disk-snapshot', 'share-database-copy'), exceptions: [{ onlyInRegions: ['eu-west-1', 'eu-central-1'] }], urgency: 'fyi', notify: '#security-alerts' };
    expect(sentenceOf(rule)).toBe(
      'When someone shares a server image or does one of 2 more things like it (ModifyImageAttribute, ModifySnapshotAttribute, ModifyDBSnapshotAttribute, ModifyDBClusterSnapshotAttribute): tell #security-alerts, just so you know. It only looks at eu-west-1 or eu-central-1.',
    );
    expect(suggestTitle(rule)).toBe('Someone shares a server image or 2 more things like it');
    expect(suggestMeans(rule)).toBe(
      'Someone shared a server image or did one of 2 more things like it (ModifyImageAttribute, ModifySnapshotAttribute, ModifyDBSnapshotAttribute, ModifyDBClusterSnapshotAttribute). It only looks at eu-west-1 or eu-central-1.',
    );
  });

  it('keeps a long title short by counting the other actions', () => {
    expect(suggestTitle({ when: template('config-recorder-stopped').when })).toBe('Someone stops recording settings changes or 2 more things like it');
  });

  it('shows the parts not chosen yet as dots, and titles a rule with nothing chosen as a new rule', () => {
    expect(sentenceOf({})).toBe('When someone …: tell ….');
    expect(sentenceOf(blankRule())).toBe('When someone …, unless it failed: tell #security-alerts, look at it today.');
    expect(suggestMeans(blankRule())).toBe('Choose what the rule looks for first.');
    expect(suggestTitle(blankRule())).toBe('New rule');
  });

  it('says when the rule pages whoever is on call outside working hours, with the days, hours and time zone', () => {
    const rule: RuleDraft = {
      when: { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RunInstances' }] },
      urgency: 'look-today',
      notify: '#security-alerts',
      workingHours: { timeZone: 'Europe/London', days: ['friday', 'monday', 'tuesday', 'wednesday', 'thursday'], start: '09:00', end: '17:30' },
    };
    expect(sentenceOf(rule)).toBe(
      'When someone starts a server (RunInstances): tell #security-alerts, look at it today; outside working hours (Monday to Friday, 09:00–17:30 Europe/London), page whoever is on call.',
    );
    expect(sentenceOf({ ...rule, workingHours: { ...rule.workingHours!, days: ['monday', 'wednesday'] } })).toContain('(Monday and Wednesday, 09:00–17:30 Europe/London)');
  });

  it('says once that upper and lower case count as the same, for a rule imported from Sigma', () => {
    const rule: RuleDraft = {
      when: { anyOf: [{ field: 'userAgent', startsWith: 'kali', ignoreCase: true }, { field: 'userAgent', startsWith: 'parrot', ignoreCase: true }, { field: 'userAgent', wildcard: '*pentoo*', ignoreCase: true }] },
      urgency: 'look-today',
      notify: '#security-alerts',
    };
    const sentence = sentenceOf(rule);
    expect(sentence.match(/case/g)).toHaveLength(1);
    expect(sentence).toMatch(/Upper and lower case count as the same\.$/);
  });
});

describe('past tenses of action labels', () => {
  it('turns the first verb of a label into the past', () => {
    expect(['starts a server', 'stops a server', 'creates an access key', 'gives a user a permission policy', 'closes a port', 'sets a user’s console password', 'writes permissions'].map(pastTense)).toEqual([
      'started a server', 'stopped a server', 'created an access key', 'gave a user a permission policy', 'closed a port', 'set a user’s console password', 'wrote permissions',
    ]);
  });

  it('gives every catalogue label a past tense that is a different word', () => {
    for (const a of actions) {
      const [now] = a.label.split(' ');
      const [past] = pastTense(a.label).split(' ');
      expect(past, a.id).not.toBe(now);
      expect(past, a.id).toMatch(/^[a-z]+$/);
    }
  });
});

describe('a blank rule', () => {
  it('is valid except for the id, the texts and what it looks for, which the person must choose', () => {
    const result = ruleSchema.safeParse(blankRule());
    expect(result.success).toBe(false);
    const paths = new Set(result.error!.issues.map((i) => String(i.path[0])));
    expect([...paths].sort()).toEqual(['id', 'means', 'title', 'whatToDo', 'when']);
  });

  it('fires on nothing until the person chooses what it looks for', () => {
    expect(matchesCondition(blankRule().when, { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' })).toBe(false);
  });
});

describe('a rule id from a title', () => {
  it('writes the title in lower case with dashes, dropping apostrophes', () => {
    expect(suggestRuleId('A storage bucket’s policy was changed', [])).toBe('a-storage-buckets-policy-was-changed');
    expect(suggestRuleId('Someone turned off CloudTrail logging (CIS 3.5)!', [])).toBe('someone-turned-off-cloudtrail-logging-cis-3-5');
    expect(suggestRuleId('Café déjà vu', [])).toBe('cafe-deja-vu');
  });

  it('makes a short or empty title long enough', () => {
    expect(suggestRuleId('x', [])).toBe('rule-x');
    expect(suggestRuleId('', [])).toBe('rule');
  });

  it('cuts a long title at a word and stays unique against ids already taken', () => {
    const title = 'Someone gave a user a permission policy (or one of 2 more actions like it) in a region we never use';
    const first = suggestRuleId(title, []);
    // The next word, "actions", would take it past 63 characters.
    expect(first).toBe('someone-gave-a-user-a-permission-policy-or-one-of-2-more');
    expect(suggestRuleId(title, [first])).toBe('someone-gave-a-user-a-permission-policy-or-one-of-2-more-2');
    const long = 'a'.repeat(40) + ' ' + 'b'.repeat(22);
    expect(suggestRuleId(long, [])).toBe(`${'a'.repeat(40)}-${'b'.repeat(22)}`);
    expect(suggestRuleId(long, [`${'a'.repeat(40)}-${'b'.repeat(22)}`])).toBe(`${'a'.repeat(40)}-2`);
    expect(suggestRuleId('Someone started a server', ['someone-started-a-server', 'someone-started-a-server-2'])).toBe('someone-started-a-server-3');
  });

  it('always gives an id the rule schema accepts, for every template title', () => {
    const taken: string[] = [];
    for (const r of templates) {
      const id = suggestRuleId(r.title, taken);
      expect(ruleIdSchema.safeParse(id).success, id).toBe(true);
      expect(taken).not.toContain(id);
      taken.push(id);
    }
  });
});
