/**
 * The rule-set check's errors, placed on the builder's fields: `rules[3].notify` belongs next to
 * the channel, `rules[3].exceptions[1].onlyInRegions` next to the regions. The message is the same
 * plain text the CLI prints for the same mistake in a file.
 */
import type { RuleSetError } from '../rule-set-check.ts';
import type { Rule } from '../model.ts';

/** The builder's fields that can hold an error, in the order they appear on the page. */
export const builderFields = [
  'when',
  'roles',
  'users',
  'regions',
  'notify',
  'urgency',
  'timeZone',
  'days',
  'start',
  'end',
  'title',
  'means',
  'whatToDo',
  'id',
  'other',
] as const;
export type BuilderField = (typeof builderFields)[number];
export type FieldErrors = Partial<Record<BuilderField, string>>;

/** Which field a path inside one rule belongs to: `notify`, `exceptions[1].onlyInRegions`, `when.allOf[0].field`. */
export function fieldOfPath(path: string): BuilderField {
  const head = path.split(/[.[]/)[0] ?? '';
  if (head === 'exceptions') {
    if (path.includes('unlessDoneByRoles')) return 'roles';
    if (path.includes('unlessDoneByUsers')) return 'users';
    if (path.includes('onlyInRegions')) return 'regions';
    return 'other';
  }
  if (head === 'workingHours') {
    const part = path.split('.')[1]?.split('[')[0];
    return part === 'timeZone' || part === 'days' || part === 'start' || part === 'end' ? part : 'other';
  }
  if (head === 'when') return 'when';
  return (builderFields as readonly string[]).includes(head) ? (head as BuilderField) : 'other';
}

/**
 * The errors of rule `index` of a checked rule set, one per field (the first for each), plus the
 * builder's own: a rule with no condition yet, and an id another of the person's rules has.
 */
export function fieldErrors(errors: readonly RuleSetError[], index: number, rule: Rule, otherIds: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  const prefix = `rules[${index}]`;
  for (const e of errors) {
    if (!e.path.startsWith(prefix)) continue;
    const rest = e.path.slice(prefix.length).replace(/^\./, '');
    const field = fieldOfPath(rest);
    out[field] ??= e.message;
  }
  if ('allOf' in rule.when && rule.when.allOf.length === 0)
    out.when = 'choose what someone does, or add a test on a field, so the rule knows what to look for';
  if (!out.id && rule.id && otherIds.includes(rule.id)) out.id = `another of your rules already has the id ${rule.id}; give this one its own`;
  return out;
}
