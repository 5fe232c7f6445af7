/**
 * Random rules on a cluster's audit log, and the real audit events they are checked on: Falco's
 * recorded events (../shared/corpora/k8s-audit/falco-trace-files, read in place). The rules come
 * from the CloudTrail generator (../../support/random-rules.ts) given the audit-event catalogue
 * (`auditFields`, the only fields tests read), the values seen in the events and the catalogue's
 * examples (through lists too: every container's image),
 * the cluster's exceptions, and now and then a pinned resource, so that request-body fields get
 * the kind the catalogue documents for that resource. The same events and seed give the same rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { CloudTrailEvent, JsonValue } from '../../../../../src/lib/rules/canonical.ts';
import type { Condition, Rule, RuleException, Scalar } from '../../../../../src/lib/rules/model.ts';
import { sourceOfEvent } from '../../../../../src/lib/rules/sources.ts';
import { auditFields } from '../../../../../src/lib/rules/sources/k8s-audit-fields.ts';
import { corporaDir } from '../../support/kit.ts';
import { randomRuleGenerator } from '../../support/random-rules.ts';

/** Falco's recorded audit events, one JSON event per line of each file. */
export const traceDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
export const haveTraces = existsSync(traceDir);

/**
 * Every audit event in the trace files, in file order (the one file that is not an audit event,
 * `{"kind": 0}`, is left out); an empty list, and a visible message naming what is skipped, when
 * the corpus is absent.
 */
export function loadAuditEvents(skipped: string): CloudTrailEvent[] {
  if (!haveTraces) {
    console.warn(`Skipped ${skipped}: the recorded audit events in ${traceDir} are absent.`);
    return [];
  }
  return readdirSync(traceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      readFileSync(path.join(traceDir, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CloudTrailEvent),
    )
    .filter((e) => sourceOfEvent(e) === 'k8s-audit');
}

/** Every single value at a path, reading each `name[]` step and a list at the end item by item. */
export function valuesAtPath(event: JsonValue | undefined, field: string): Scalar[] {
  let here: (JsonValue | undefined)[] = [event];
  for (const step of field.split('.')) {
    const name = step.endsWith('[]') ? step.slice(0, -2) : step;
    here = here.flatMap((v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, name)) return [];
      const next = v[name];
      return step.endsWith('[]') ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return here.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
}

/** The resources (`objectRef.resource`) a rule may pin: those whose request body the catalogue types, and those seen. */
export function resourcesOf(events: readonly CloudTrailEvent[]): string[] {
  const seen = events.flatMap((e) => valuesAtPath(e, 'objectRef.resource')).filter((v): v is string => typeof v === 'string');
  return [...new Set([...auditFields.flatMap((f) => f.resources ?? []), ...seen])].sort();
}

/** The cluster's exceptions, with user names seen in the events (and one that is never there). */
const clusterExceptions = (namesAt: (path: string) => string[]): fc.Arbitrary<RuleException> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({ unlessDoneByCluster: true as const }) },
    { weight: 2, arbitrary: fc.constant({ unlessItFailed: true as const }) },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.constantFrom(...namesAt('user.username'), 'alice@example.com'), { minLength: 1, maxLength: 2 })
        .map((unlessDoneByUsers) => ({ unlessDoneByUsers })),
    },
  );

/**
 * The generator over these audit events. A third of the rules pin one resource beside the drawn
 * condition (`objectRef.resource` equals pods, say), as the catalogue asks before it types a
 * request-body field; values of other case and kind are drawn now and then.
 */
export function randomAuditRuleGenerator(events: readonly CloudTrailEvent[]): { valuesByPath: Map<string, Scalar[]>; ruleArb: fc.Arbitrary<Rule> } {
  const resources = resourcesOf(events);
  return randomRuleGenerator(events, {
    source: 'k8s-audit',
    fields: auditFields,
    // Tests read the catalogue's fields, as the builder offers them; values come from the events too.
    catalogueOnly: true,
    valuesAt: (all, field) => [...new Set(all.flatMap((e) => valuesAtPath(e, field)))],
    extraValues: ['x', 0, true, 'Pods', 'CREATE', 403, 'system:masters'],
    valuesWhereNoneSeen: ['x', 0, true],
    exceptions: clusterExceptions,
    wrapWhen: (when) =>
      fc.oneof(
        { weight: 2, arbitrary: when },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...resources), when).map(([resource, c]): Condition => ({ allOf: [{ field: 'objectRef.resource', equals: resource }, c] })),
        },
      ),
  });
}
