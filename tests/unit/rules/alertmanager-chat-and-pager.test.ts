/**
 * The team's chat tool and pager, said once in the rule set (or on the command line): the
 * Alertmanager receivers, AWS Chatbot in the EventBridge and CloudWatch templates, and the CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportAlertmanager } from '../../../src/lib/rules/exporters/alertmanager.ts';
import { cloudwatchTarget } from '../../../src/lib/rules/exporters/cloudwatch.ts';
import { eventbridgeTarget } from '../../../src/lib/rules/exporters/eventbridge.ts';
import { chatTools, pagerTools, ruleSetSchema, type RuleSet } from '../../../src/lib/rules/model.ts';
import { parseRuleSetYaml, printRuleSetYaml } from '../../../src/lib/rules/rule-set.ts';

const amtool = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => existsSync(p));
if (!amtool) console.warn('Skipped: the amtool checks need amtool (Debian package prometheus-alertmanager), which is absent.');

const starter = ruleSetSchema.parse(parse(readFileSync(path.resolve(process.cwd(), 'content/rules/starter.yaml'), 'utf8')));
const withTools = (alerting: RuleSet['alerting']): RuleSet => ({ ...starter, alerting });
const fileOf = (result: { files: { path: string; content: string }[] }, suffix: string) => result.files.find((f) => f.path.endsWith(suffix))?.content;
const amConfig = (set: RuleSet) => parse(fileOf(exportAlertmanager(set), 'alertmanager.yml')!) as { receivers: Record<string, any>[] };
const receiverKinds = (set: RuleSet) => [...new Set(amConfig(set).receivers.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_configs'))))].sort();

describe('where alerts land, in the rule set', () => {
  it('defaults to Slack and PagerDuty, so files without the setting keep working', () => {
    expect(receiverKinds(starter)).toEqual(['pagerduty_configs', 'slack_configs']);
  });

  it('writes the receiver kinds of the chosen tools', () => {
    expect(receiverKinds(withTools({ chat: 'mattermost', pager: 'opsgenie' }))).toEqual(['opsgenie_configs', 'slack_configs']);
    expect(receiverKinds(withTools({ chat: 'msteams', pager: 'victorops' }))).toEqual(['msteams_configs', 'victorops_configs']);
  });

  it('keeps secrets in files and only plain settings in the config', () => {
    const text = fileOf(exportAlertmanager(withTools({ chat: 'mattermost', pager: 'victorops', victoropsRoutingKey: 'platform' })), 'alertmanager.yml')!;
    expect(text).toContain('api_url_file: /etc/alertmanager/secrets/mattermost-webhook-url');
    expect(text).toContain('api_key_file: /etc/alertmanager/secrets/victorops-api-key');
    expect(text).toContain('routing_key: platform');
    expect(text).not.toMatch(/api_key:|webhook_url:|api_url:/);
  });

  it('reads and writes the setting in a rule file, and says plainly what to write when it is wrong', () => {
    const set = withTools({ chat: 'msteams', pager: 'opsgenie', opsgenieTeam: 'Platform' });
    expect(parseRuleSetYaml(printRuleSetYaml(set))).toEqual({ ok: true, ruleSet: set });
    const bad = parseRuleSetYaml('plainsecRules: 1\nalerting:\n  chat: discord\nrules: []\n');
    expect(bad).toEqual({ ok: false, errors: [{ path: 'alerting.chat', line: 3, message: expect.stringMatching(/write one of "slack", "mattermost", "msteams"|slack, mattermost or msteams/) }] });
  });

  it('the README says which labels it expects from which source, and what other chat tools would need', () => {
    const readme = fileOf(exportAlertmanager(starter), 'README.md')!;
    expect(readme).toContain('| Falco, through falcosidekick (our Falco rules file) | `source="falco"`, `rule` = the Falco rule name, `priority` = `Critical`, `Warning` or `Notice` |');
    expect(readme).toMatch(/`alertname` = the rule id, `urgency` = `wake-me-up`, `look-today` or `fyi`/);
    expect(readme).toMatch(/Google Chat.*bridge/s);
  });
});

describe.skipIf(!amtool)('every chat tool and pager Debian’s Alertmanager 0.25 knows', () => {
  it('passes amtool check-config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-am-tools-'));
    for (const chat of chatTools.filter((c) => c !== 'msteams'))
      for (const pager of pagerTools) {
        const file = path.join(dir, `${chat}-${pager}.yml`);
        writeFileSync(file, fileOf(exportAlertmanager(withTools({ chat, pager, opsgenieTeam: 'Platform "ops"' })), 'alertmanager.yml')!);
        expect(() => execFileSync(amtool!, ['check-config', file], { stdio: 'pipe' }), `${chat} + ${pager}`).not.toThrow();
      }
  });
});

describe('AWS Chatbot in the EventBridge and CloudWatch templates', () => {
  for (const target of [eventbridgeTarget, cloudwatchTarget]) {
    const folder = target.id;
    const tf = (set: RuleSet) => JSON.parse(fileOf(target.exportRuleSet(set), 'main.tf.json')!) as { resource: Record<string, any>; variable: Record<string, any> };
    const cfn = (set: RuleSet) => JSON.parse(fileOf(target.exportRuleSet(set), 'template.json')!) as { Resources: Record<string, any>; Parameters: Record<string, any> };
    const types = (set: RuleSet) => Object.values(cfn(set).Resources).map((r) => r.Type as string);

    it(`${folder}: Slack by default, through Chatbot subscribed to the urgency topics`, () => {
      const slack = Object.values(tf(starter).resource['aws_chatbot_slack_channel_configuration']) as { sns_topic_arns: string[] }[];
      expect(slack.length).toBeGreaterThan(0);
      expect(slack[0]!.sns_topic_arns.every((arn) => /^\$\{aws_sns_topic\.[a-z_]+\.arn\}$/.test(arn))).toBe(true);
      expect(types(starter)).toContain('AWS::Chatbot::SlackChannelConfiguration');
      // Slack has its IDs to fill in too, and the pager its URL: the README says where to find them.
      expect(fileOf(target.exportRuleSet(starter), 'README.md')).toMatch(/AWS Chatbot console[\s\S]*## Paging through PagerDuty/);
    });

    it(`${folder}: Microsoft Teams through Chatbot's Teams channel configuration, and nothing of Slack`, () => {
      const set = withTools({ chat: 'msteams', pager: 'pagerduty' });
      const teams = Object.values(tf(set).resource['aws_chatbot_teams_channel_configuration']) as Record<string, unknown>[];
      expect(Object.keys(teams[0]!).sort()).toEqual(['channel_id', 'configuration_name', 'iam_role_arn', 'sns_topic_arns', 'team_id', 'tenant_id']);
      expect(types(set)).toContain('AWS::Chatbot::MicrosoftTeamsChannelConfiguration');
      expect(JSON.stringify(tf(set)) + JSON.stringify(cfn(set))).not.toMatch(/slack/i);
    });

    it(`${folder}: Mattermost gets no Chatbot (it has none) and a plain note on what to do`, () => {
      const set = withTools({ chat: 'mattermost', pager: 'pagerduty' });
      expect(JSON.stringify(tf(set)) + JSON.stringify(cfn(set))).not.toMatch(/chatbot/i);
      expect(types(set)).toContain('AWS::SNS::Topic');
      expect(fileOf(target.exportRuleSet(set), 'README.md')).toMatch(/AWS Chatbot does not post to Mattermost[\s\S]*these alerts are silent/);
    });
  }
});

describe('the plainsec command', () => {
  const bin = path.join(process.cwd(), 'bin/plainsec.mjs');
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });

  it('offers the same choice with --chat and --pager', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'plainsec-cli-tools-'));
    const r = run('rules', 'export', 'content/rules/starter.yaml', '--to', 'alertmanager,eventbridge', '--out', out, '--chat', 'msteams', '--pager', 'opsgenie');
    expect(r.status).toBe(0);
    const am = readFileSync(path.join(out, 'alertmanager/alertmanager.yml'), 'utf8');
    expect(am).toContain('msteams_configs');
    expect(am).toContain('opsgenie_configs');
    expect(readFileSync(path.join(out, 'eventbridge/main.tf.json'), 'utf8')).toContain('aws_chatbot_teams_channel_configuration');
  });

  it('refuses a chat tool it does not know, listing the ones it does', () => {
    const r = run('rules', 'export', 'content/rules/starter.yaml', '--to', 'alertmanager', '--out', tmpdir(), '--chat', 'discord');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown chat tool "discord"; write one of slack, mattermost, msteams/);
  });
});
