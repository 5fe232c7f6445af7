/**
 * How often a rule fires for a small team (five people, a CI pipeline, Terraform, Identity Center)
 * doing routine work, said once in the rule so that a team knows before it turns the rule on
 * whether to expect quiet or to add an exception first. Apart from model.ts, like vocabulary.ts,
 * so pages can show the words without loading the schemas.
 */

export const noiseLevels = ['rare', 'a-few-a-week', 'many-a-day'] as const;
export type Noise = (typeof noiseLevels)[number];

/** How each level is said to a person, as one short sentence. */
export const noiseWords: Record<Noise, string> = {
  rare: 'Rare: a small team sees this a few times a year, so each alert is worth a look.',
  'a-few-a-week': 'A few a week for a small team: routine work sets it off now and then.',
  'many-a-day': 'Many a day for a small team: add the exception it shows (your deploy role, say) before you turn it on.',
};

/** A README section listing how often each rule fires, for the rules that say it. */
export function noiseSection(rules: readonly { id: string; title: string; noise?: Noise | undefined }[]): string {
  const said = rules.filter((r) => r.noise !== undefined);
  if (said.length === 0) return '';
  const lines = ['## How often each rule fires', '', 'For a small team doing routine work:', ''];
  for (const r of said) lines.push(`- ${r.title} (${r.id}): ${noiseWords[r.noise!]}`);
  lines.push('');
  return lines.join('\n');
}
