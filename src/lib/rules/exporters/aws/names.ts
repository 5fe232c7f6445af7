/**
 * Names both AWS exports (EventBridge and CloudWatch) give what they write in Terraform JSON and
 * CloudFormation: names in PascalCase, distinct names where two rules would collide, and the SNS
 * topics that carry alerts to chat.
 */
import type { Rule } from '../../model.ts';
import { urgencies } from '../../model.ts';

/** A name in PascalCase from words: `wake-me-up` becomes `WakeMeUp`. */
export const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * Gives each key a distinct name built by `make`, adding a number where two would collide. Two
 * names collide when `clash` makes them the same: a name that is later written in other forms
 * (an SNS name as a Terraform or a CloudFormation name) must stay distinct in each.
 */
export function distinctNames(keys: string[], make: (key: string) => string, clash: (name: string) => string = (name) => name): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = make(key);
    let name = base;
    for (let n = 2; used.has(clash(name)); n++) name = `${base}${n}`;
    used.add(clash(name));
    out.set(key, name);
  }
  return out;
}

/** The SNS topics that carry alerts to chat, and which channel's Chatbot configuration subscribes to each. */
export interface ChatTopics {
  /** Every chat topic by SNS name: urgencies in the documented order, channels sorted within one. */
  names: string[];
  /** The topic the rule's alert goes to chat through. */
  of(rule: Rule): string;
  /** Each channel the rules notify, sorted, with the topics it hears. */
  channels: { channel: string; topics: string[] }[];
}

/**
 * One topic per urgency the rules use, named after it, where one channel hears that urgency; where
 * several do, one per urgency and channel (`look-today-team-infra`), so that each alert posts in
 * its own rule's channel only. Channel names hold only [a-z0-9_-], so the names are valid SNS
 * names (at most 256 of letters, digits, - and _); `-` and `_` both become `_` in Terraform and
 * neither is kept in CloudFormation, so names that differ only there get a number.
 */
export function chatTopics(rules: Rule[]): ChatTopics {
  const channels = [...new Set(rules.map((r) => r.notify))].sort();
  const pairs = urgencies.flatMap((urgency) => {
    const hearing = channels.filter((channel) => rules.some((r) => r.notify === channel && r.urgency === urgency));
    return hearing.map((channel) => ({ key: `${urgency} ${channel}`, urgency, channel, shared: hearing.length > 1 }));
  });
  const byKey = new Map(pairs.map((p) => [p.key, p]));
  const names = distinctNames(
    pairs.map((p) => p.key),
    (key) => {
      const { urgency, channel, shared } = byKey.get(key)!;
      return shared ? `${urgency}-${channel.slice(1)}` : urgency;
    },
    (name) => name.replace(/[^A-Za-z0-9]/g, '').toLowerCase(),
  );
  return {
    names: [...new Set(names.values())],
    of: (rule) => names.get(`${rule.urgency} ${rule.notify}`)!,
    channels: channels.map((channel) => ({ channel, topics: pairs.filter((p) => p.channel === channel).map((p) => names.get(p.key)!) })),
  };
}
