/**
 * Who the Falco files tell: the rule's priority from the rules file, then falcosidekick's own
 * choice of outputs from falcosidekick.yaml, the way its handlers.go makes it (an output is on when
 * its address or key is not empty, and takes an alert whose priority is at or above its
 * `minimumpriority`). The priority order is read from falcosidekick's source (the fixture).
 *
 * Our file writes a placeholder naming the environment variable where a secret goes; it is not
 * empty, so it counts as "on", as it does for falcosidekick once the variable is set.
 * falcosidekick has no time conditions, so `at` changes nothing; a webhook posts in its own
 * channel, so no channel is named.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { DeliveryReader } from './reader.ts';

const fixture = path.join(process.cwd(), 'tests/fixtures/falcosidekick-delivery');

/** falcosidekick's priorities, lowest first, as its `const` block in types/priority.go lists them. */
const order: string[] = (() => {
  const text = readFileSync(path.join(fixture, 'priority.go.txt'), 'utf8');
  const block = /const \(([\s\S]*?)\)/.exec(text)![1]!;
  return block
    .split('\n')
    .map((line) => /^\s*([A-Z][a-z]+)/.exec(line)?.[1]?.toLowerCase())
    .filter((name): name is string => name !== undefined);
})();

/** types.Priority: a name's rank; "info" is "informational"; anything else is the default, 0, which every alert reaches. */
const rank = (name: unknown): number => {
  const lower = String(name ?? '').toLowerCase();
  const rankOf = order.indexOf(lower === 'info' ? 'informational' : lower);
  return rankOf < 0 ? 0 : rankOf;
};

/** viper matches keys without regard to case. */
function lowerKeys(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}

const chatOutputs: Record<string, string> = {
  slack: 'webhookurl',
  mattermost: 'webhookurl',
  teams: 'webhookurl',
};
const pagerOutputs: Record<string, string> = {
  pagerduty: 'routingkey',
  opsgenie: 'apikey',
};

/** handlers.go: on when the setting is not empty (an Alertmanager host list: not empty either). */
const isOn = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '');

/** Parsing once per export: the walk asks about every rule at every instant. */
const parsed = new Map<string, unknown>();
const parseOnce = (text: string): unknown => {
  if (!parsed.has(text)) parsed.set(text, parse(text));
  return parsed.get(text);
};

export const reader: DeliveryReader = {
  target: 'falco',
  told(files, rule) {
    const rulesFiles = files.filter((f) => f.path.startsWith('falco/') && /\.ya?ml$/.test(f.path) && !f.path.endsWith('/falcosidekick.yaml'));
    // The Falco name of the rule: its title, or "title (id)" when another rule took the title first.
    const entries = rulesFiles.flatMap((f) => (parseOnce(f.content) as Array<Record<string, unknown>>).filter((e) => 'rule' in e));
    const entry = entries.find((e) => e.rule === `${rule.title} (${rule.id})`) ?? entries.find((e) => e.rule === rule.title);
    if (!entry) throw new Error(`no Falco rule named for ${rule.id}`);
    const priority = rank(entry.priority);

    const sidekick = files.find((f) => f.path === 'falco/falcosidekick.yaml');
    if (!sidekick) return { chat: 'no', page: false };
    const config = lowerKeys(parseOnce(sidekick.content));
    const receives = (outputs: Record<string, string>): boolean =>
      Object.entries(outputs).some(([name, key]) => {
        const output = lowerKeys(config[name]);
        return isOn(output[key]) && priority >= rank(output.minimumpriority);
      });
    // The Alertmanager output hands alerts to another file, which this reader does not follow.
    if (isOn(lowerKeys(config.alertmanager).hostport)) throw new Error('the Alertmanager output is on; read the Alertmanager file for who is told');
    return {
      chat: receives(chatOutputs) ? 'now' : 'no',
      page: receives(pagerOutputs),
    };
  },
};
