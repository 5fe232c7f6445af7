/**
 * The rule templates as the pages use them: one path per template, and the packs in adoption order.
 * Kept out of `src/pages/`, where Astro would take it for an endpoint.
 */
import { getCollection } from 'astro:content';
import type { Rule, RuleSet } from '../lib/rules/model.ts';

export async function ruleTemplatePaths() {
  const sets = await getCollection('rules');
  return sets.flatMap((set) => set.data.rules.map((rule) => ({ params: { id: rule.id }, props: { rule } })));
}

/** A rule on its own, as a rule set, the form every exporter and the CLI read. */
export function ruleSetOf(rule: Rule): RuleSet {
  return { plainsecRules: 1, rules: [rule] };
}

/** Each pack's name and purpose, in the order a team should adopt them; unlisted packs follow by name. */
export const packs: Record<string, { name: string; about: string }> = {
  starter: { name: 'Starter pack', about: 'The rules worth turning on first: someone switching off your records, opening doors, or starting servers by hand.' },
  identity: { name: 'Identity and access', about: 'Sign-ins, new users and keys, and changes to who can do what.' },
  'turned-off-the-lights': {
    name: 'Someone turned off the lights',
    about: 'Logging and alerting switched off or narrowed: the first thing an intruder does so that nobody sees the rest.',
  },
  'keys-to-the-kingdom': {
    name: 'Keys to the kingdom',
    about: 'New keys, passwords and sign-in routes, and rights that let someone do anything: how a stranger gets in and stays.',
  },
  'left-the-door-open': {
    name: 'Left the door open',
    about: 'Disk copies, databases, images, functions and buckets made public or shared with another account.',
  },
  'ransomware-first-moves': {
    name: "Ransomware's first moves",
    about: 'Backups deleted, versions switched off, encryption weakened: what comes before data is locked or wiped.',
  },
  'quiet-persistence': {
    name: 'Quiet persistence',
    about: 'Changes to servers, functions and networks that let someone come back later without a sign-in.',
  },
  'cis-aws-foundations': {
    name: 'CIS AWS Foundations monitoring',
    about: 'The 14 alerts the CIS benchmark asks for, with filters exactly as AWS Security Hub checks them (CloudWatch.1 to 14).',
  },
  kubernetes: {
    name: 'Kubernetes clusters',
    about: "Read the cluster's audit log: shells in running containers, pods with the node's powers, cluster-admin handed out, secrets read by people.",
  },
};

/** The template packs, in adoption order, with their names. */
export async function templatePacks(): Promise<{ id: string; name: string; about?: string; ruleSet: RuleSet }[]> {
  const order = Object.keys(packs);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const sets = (await getCollection('rules')).sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  return sets.map((set) => ({ id: set.id, name: packs[set.id]?.name ?? set.id, ...(packs[set.id] ? { about: packs[set.id]!.about } : {}), ruleSet: set.data }));
}

/** For each rule id, the guides that explain it (those listing it in `relatedRules`), in guide order. */
export async function guidesByRule(): Promise<Map<string, { href: string; title: string }[]>> {
  const guides = (await getCollection('guides')).sort((a, b) => a.data.practice.localeCompare(b.data.practice) || a.data.order - b.data.order);
  const out = new Map<string, { href: string; title: string }[]>();
  for (const guide of guides)
    for (const id of guide.data.relatedRules) out.set(id, [...(out.get(id) ?? []), { href: `/guides/${guide.id}/`, title: guide.data.title }]);
  return out;
}
