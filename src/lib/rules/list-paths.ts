/**
 * Paths through lists (`ipPermissions.items[].ipRanges.items[].cidrIp`, see `canonical.ts`): the
 * path as each tool names it, and the plain words a tool gives when it cannot read one.
 * One file for the concern, so every exporter says it the same way.
 */
import type { Condition } from './condition-schema.ts';

/** Whether a path reads through a list: one of its steps is written `name[]`. */
export const readsThroughList = (path: string): boolean => path.includes('[]');

/** The fields of a condition's tests that read through a list, in order, once each. */
export function listFieldsIn(condition: Condition): string[] {
  const out = new Set<string>();
  const walk = (c: Condition): void => {
    if ('not' in c) walk(c.not);
    else if ('allOf' in c) c.allOf.forEach(walk);
    else if ('anyOf' in c) c.anyOf.forEach(walk);
    else if (readsThroughList(c.field)) out.add(c.field);
  };
  walk(condition);
  return [...out];
}

/** The path with every `[]` left out: how EventBridge and Elastic's flattened field name it. */
export const withoutListMarks = (path: string): string => path.replace(/\[\]/g, '');

/** The list a path reads through first (`a.items` for `a.items[].b.items[].c`), for telling which tests share a list. */
export const firstListOf = (path: string): string | undefined => {
  const at = path.indexOf('[]');
  return at < 0 ? undefined : path.slice(0, at);
};

/** Why a tool cannot test a field read through a list, with what it does instead. */
export function listPathReason(tool: string, field: string, howToolReadsIt: string): string {
  return `${tool} ${howToolReadsIt}, so it cannot test ${field}, which reads every item of a list; use the EventBridge or Elastic export of this rule, which read every item as the rule does`;
}
