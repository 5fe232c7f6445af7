/**
 * The falcosidekick configuration written beside the Falco rules, checked against falcosidekick's
 * own source (tests/fixtures/falcosidekick-delivery, see its SOURCE.md): every key exists with a
 * value of the type falcosidekick reads, every `minimumpriority` is a priority it knows, and every
 * environment variable we tell people to set is the one falcosidekick documents for that key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportFalco } from '../../../src/lib/rules/exporters/falco.ts';
import { exportSigma } from '../../../src/lib/rules/exporters/sigma.ts';
import { falcoDelivery } from '../../../src/lib/rules/delivery/falco.ts';
import { sigmaGap } from '../../../src/lib/rules/delivery/sigma.ts';
import { chatTools, pagerTools, type Alerting, type Rule, type RuleSet, type Urgency } from '../../../src/lib/rules/model.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { loadTemplates } from './support/kit.ts';

const fixture = (name: string): string => readFileSync(path.join(process.cwd(), 'tests/fixtures/falcosidekick-delivery', name), 'utf8');

// ------------------------------------------------------------ falcosidekick's definition, read from its source

/** Go struct name → its fields (lower case, as viper matches them) and their Go types; a squashed struct's fields are its own. */
const structs: Map<string, Map<string, string>> = (() => {
  const out = new Map<string, Map<string, string>>();
  for (const m of fixture('types.go.txt').matchAll(/^type (\w+) struct \{\n([\s\S]*?)\n\}/gm)) {
    const fields = new Map<string, string>();
    for (const line of m[2]!.split('\n')) {
      const squash = /^\s+(\w+)\s+`mapstructure:",squash"`/.exec(line);
      if (squash) {
        for (const [k, v] of out.get(squash[1]!) ?? []) fields.set(k, v);
        continue;
      }
      const field = /^\s+(\w+)\s+([\w.[\]*]+)/.exec(line);
      if (field) fields.set(field[1]!.toLowerCase(), field[2]!);
    }
    out.set(m[1]!, fields);
  }
  return out;
})();

/** The top-level sections: Configuration's fields, each with its struct's fields. */
const sections = new Map([...structs.get('Configuration')!].map(([key, type]) => [key, structs.get(type)!]));

/** The names falcosidekick's `Priority` knows (anything else silently means "every alert"). */
const knownPriorities = [...fixture('priority.go.txt').matchAll(/case "(\w+)":/g)].map((m) => m[1]!);

/** The environment variable falcosidekick documents for each setting, from its docs tables. */
const documentedEnv = new Map([...fixture('docs.md').matchAll(/^\| `([a-z]+\.[a-z]+)`\s*\| `([A-Z_]+)`/gm)].map((m) => [m[1]!, m[2]!]));

/** Does a YAML value fit the Go type viper decodes it into? A []string also takes a comma-separated text. */
function fits(goType: string, value: unknown): boolean {
  if (goType === 'string') return typeof value === 'string';
  if (goType === '[]string') return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (goType === 'bool') return typeof value === 'boolean';
  if (/^u?int\d*$/.test(goType)) return Number.isInteger(value);
  return false;
}

// ------------------------------------------------------------ our files

const templates = loadTemplates();
const urgencyOf: Urgency[] = ['wake-me-up', 'look-today', 'fyi'];
/** The templates at all three urgencies, one with working hours, so every priority and every gap shows up. */
const rules: Rule[] = templates.slice(0, 6).map((t, i) => ({
  ...t,
  id: `${t.id}-${i}`,
  urgency: urgencyOf[i % 3]!,
  ...(i === 4 ? { workingHours: { timeZone: 'Europe/Berlin', days: ['monday', 'friday'], start: '09:00', end: '17:00' } } : {}),
})) as Rule[];
const alertings: Alerting[] = chatTools.flatMap((chat) => pagerTools.map((pager) => ({ chat, pager })));
const exported = (alerting: Alerting, set: Rule[] = rules) => exportFalco({ plainsecRules: 1, rules: set, alerting } as RuleSet).files;
const fileAt = (files: { path: string; content: string }[], p: string): string => files.find((f) => f.path === p)!.content;
const sidekickOf = (alerting: Alerting, set?: Rule[]) => parse(fileAt(exported(alerting, set), 'falco/falcosidekick.yaml')) as Record<string, Record<string, unknown>>;

describe('the falcosidekick configuration beside the Falco rules', () => {
  it('reads falcosidekick\'s definition from its source, so the checks below have something to check against', () => {
    expect([...sections.keys()].sort()).toEqual(['alertmanager', 'mattermost', 'opsgenie', 'pagerduty', 'slack', 'teams']);
    expect(sections.get('pagerduty')!.get('routingkey')).toBe('string');
    expect(sections.get('alertmanager')!.get('hostport')).toBe('[]string');
    expect(sections.get('slack')!.get('checkcert')).toBe('bool');
    expect(knownPriorities).toEqual(expect.arrayContaining(['critical', 'warning', 'notice']));
    expect(documentedEnv.get('slack.webhookurl')).toBe('SLACK_WEBHOOKURL');
    // A key falcosidekick does not have, or a wrong type, is caught.
    expect(sections.get('pagerduty')!.has('integrationkey')).toBe(false);
    expect(fits('bool', 'true')).toBe(false);
  });

  for (const alerting of alertings) {
    it(`writes only keys falcosidekick has, with the types it reads, posting to ${alerting.chat} and paging through ${alerting.pager}`, () => {
      const config = sidekickOf(alerting);
      const wrong: string[] = [];
      for (const [name, section] of Object.entries(config)) {
        const known = sections.get(name.toLowerCase());
        if (!known) wrong.push(`${name}: no such output`);
        for (const [key, value] of Object.entries(section)) {
          const goType = known?.get(key.toLowerCase());
          if (goType === undefined || !fits(goType, value)) wrong.push(`${name}.${key}: ${JSON.stringify(value)} does not fit ${goType ?? 'no such key'}`);
          if (key === 'minimumpriority' && !knownPriorities.includes(String(value))) wrong.push(`${name}.${key}: ${String(value)} is not a priority falcosidekick knows`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('sends every alert to chat (the lowest priority the rules use) and only Critical to the pager', () => {
    const config = sidekickOf({ chat: 'slack', pager: 'pagerduty' });
    expect(config.slack!.minimumpriority).toBe('notice');
    expect(config.pagerduty!.minimumpriority).toBe('critical');
    expect(config.alertmanager).toEqual({ hostport: '', minimumpriority: 'notice' });
    // With no "just so you know" rule, nothing below Warning is raised, so chat starts there.
    const noFyi = rules.filter((r) => r.urgency !== 'fyi');
    expect(sidekickOf({ chat: 'mattermost', pager: 'opsgenie' }, noFyi).mattermost!.minimumpriority).toBe('warning');
  });

  it('writes the Microsoft Teams output as falcosidekick names it, and no pager output for Splunk On-Call, which falcosidekick does not have', () => {
    expect(Object.keys(sidekickOf({ chat: 'msteams', pager: 'victorops' }))).toEqual(['teams', 'alertmanager']);
    const outputs = [...fixture('docs.md').matchAll(/^- \[\*\*(.+?)\*\*\]/gm)].map((m) => m[1]!);
    expect(outputs).toEqual(expect.arrayContaining(['PagerDuty', 'Opsgenie', 'Slack', 'Mattermost', 'Teams', 'AlertManager']));
    expect(outputs.filter((o) => /splunk on-call|victorops/i.test(o))).toEqual([]);
  });

  it('holds no secret: where one goes it names the environment variable falcosidekick documents for that key, and the README says to set it', () => {
    for (const alerting of alertings) {
      const files = exported(alerting);
      const config = parse(fileAt(files, 'falco/falcosidekick.yaml')) as Record<string, Record<string, unknown>>;
      const readme = fileAt(files, 'falco/README.md');
      for (const [name, section] of Object.entries(config))
        for (const key of ['webhookurl', 'routingkey', 'apikey'].filter((k) => k in section)) {
          const env = documentedEnv.get(`${name}.${key}`);
          expect(env, `${name}.${key}`).toBeDefined();
          expect(section[key]).toBe(`set by the environment variable ${env}`);
          expect(readme).toContain(`\`${env}\``);
        }
      for (const env of readme.match(/`[A-Z]+_[A-Z]+`/g) ?? []) expect([...documentedEnv.values()]).toContain(env.slice(1, -1));
    }
  });

  it('keeps the rules file first and writes the configuration and README beside it', () => {
    expect(exported({ chat: 'slack', pager: 'opsgenie' }).map((f) => f.path)).toEqual(['falco/plainsec_cloudtrail_rules.yaml', 'falco/falcosidekick.yaml', 'falco/README.md']);
  });

  it('says in the README what falcosidekick cannot do for these rules, in the delivery matrix\'s words, and when to switch to Alertmanager', () => {
    const alerting: Alerting = { chat: 'slack', pager: 'victorops' };
    const readme = fileAt(exported(alerting), 'falco/README.md');
    const gaps = new Set(rules.flatMap((r) => (['in-hours', 'out-of-hours'] as const).flatMap((h) => falcoDelivery.deliver(r, alerting, h).gaps)));
    expect(gaps.size).toBeGreaterThan(1);
    for (const gap of gaps) expect(readme.toLowerCase()).toContain(gap.toLowerCase());
    expect(readme).toContain('ALERTMANAGER_HOSTPORT');
    expect(readme).toMatch(/told twice/);
  });

  it('writes READMEs whose words pass the plain-language checks', () => {
    const terms = siteGlossary();
    const prose = (text: string): string =>
      text
        .replace(/`[^`]*`/g, 'it')
        .replace(/^#+ /gm, '')
        .replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, 'it');
    const texts = [
      ...alertings.map((a) => fileAt(exported(a), 'falco/README.md')),
      fileAt(exportSigma({ plainsecRules: 1, rules }).files, 'sigma/README.md'),
    ];
    expect(texts.flatMap((t) => plainWordsProblems(prose(t), terms))).toEqual([]);
  });
});

describe('the Sigma README', () => {
  it('says Sigma is detection only, in the delivery matrix\'s words, and which files deliver instead', () => {
    const files = exportSigma({ plainsecRules: 1, rules }).files;
    const readme = fileAt(files, 'sigma/README.md');
    expect(readme.toLowerCase()).toContain(sigmaGap.toLowerCase());
    for (const folder of ['eventbridge/', 'cloudwatch/', 'elastic/', 'splunk/', 'falco/', 'alertmanager/']) expect(readme).toContain(`\`${folder}`);
    expect(files.filter((f) => !f.path.endsWith('.yml')).map((f) => f.path)).toEqual(['sigma/README.md']);
  });

  it('is not written when no rule could be written', () => {
    expect(exportSigma({ plainsecRules: 1, rules: [] }).files).toEqual([]);
  });
});
