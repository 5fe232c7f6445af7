/**
 * Changed copies of a record around the fields a rule reads: the events the differential checks
 * compare an export and its rule on, for CloudTrail records (differential.test.ts) and a cluster's
 * audit events (k8s/differential.test.ts) alike. A copy keeps the kind the record's source
 * documents for a field (`documentedKindOn`: AWS's documented types, or the audit-event
 * catalogue, by the event's own call or resource) and tries every shape where nothing is
 * documented; a copy no real record could look like (`undocumentedShapes`) is dropped and counted.
 */
import type { CloudTrailEvent, JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { documentedKindOn, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { readsThroughList } from '../../../../src/lib/rules/list-paths.ts';
import type { Scalar } from '../../../../src/lib/rules/model.ts';
import { valueAt, withValue } from './kit.ts';

/** `mutate` makes the copies; `dropped` says how many it left out as records the source could not write. */
export function changedCopies(): {
  mutate(event: CloudTrailEvent, field: string, how: number, replacement: Scalar): CloudTrailEvent | undefined;
  dropped(): number;
} {
  /** Changed copies dropped because no record the source writes looks like them (a documented field of another kind). */
  let undocumentedCopies = 0;

  /**
   * A copy of the event with one field the rule reads changed. Where AWS documents the field's kind
   * for this record, the copy keeps it (missing, another value, another case, empty text); elsewhere
   * it also tries null, a number, true/false, a list and a group. Undefined when the copy would be a
   * record CloudTrail cannot write.
   */
  function mutate(event: CloudTrailEvent, field: string, how: number, replacement: Scalar): CloudTrailEvent | undefined {
    if (readsThroughList(field)) return throughLists(event, field, how, replacement);
    const current = valueAt(event, field);
    const kind = documentedKindOn(field, event);
    const text = typeof current === 'string' ? current : String(replacement);
    const sameShape: (JsonValue | undefined)[] =
      kind === 'boolean' || (kind === undefined && (typeof current === 'boolean' || (current === undefined && typeof replacement === 'boolean')))
        ? [undefined, !current, typeof replacement === 'boolean' ? replacement : true]
        : kind === 'number' || (kind === undefined && (typeof current === 'number' || (current === undefined && typeof replacement === 'number')))
          ? [undefined, (typeof current === 'number' ? current : 0) + 1, typeof replacement === 'number' ? replacement : 0]
          : [undefined, String(replacement), text.toUpperCase(), text.toLowerCase(), '', `${text}x`];
    const anyShape: (JsonValue | undefined)[] = [
      ...sameShape,
      null,
      /^\d+$/.test(text) ? Number(text) : 5,
      typeof current === 'number' ? String(current) : true,
      current === undefined ? ['x'] : [current],
      [current ?? 'x', replacement],
      [],
      current === undefined ? { nested: 'x' } : { value: current },
      [null, current ?? 'x'],
      [{ value: current ?? 'x' }],
    ];
    const variants = kind !== undefined ? sameShape : anyShape;
    const copy = withValue(event, field, variants[how % variants.length]);
    if (undocumentedShapes(copy).length > 0) {
      undocumentedCopies++;
      return undefined;
    }
    return copy;
  }

  /**
   * A copy of the event where a path through lists (`a.items[].b.items[].c`) holds one of the shapes
   * the tools read differently if they get lists wrong: lists of no, one and two groups, a group
   * without the field, a group where a list could be, a list inside the list, null and a list of
   * values at the end, and nothing at all.
   */
  function throughLists(event: CloudTrailEvent, field: string, how: number, replacement: Scalar): CloudTrailEvent | undefined {
    const at = field.indexOf('[]');
    const head = field.slice(0, at);
    const rest = field.slice(at + 3);
    const other: Scalar = typeof replacement === 'string' ? `${replacement}x` : typeof replacement === 'number' ? replacement + 1 : !replacement;
    /** A group that holds `leaf` at `path`, each list on the way a list of one (or of two, the other value first). */
    const group = (path: string, leaf: JsonValue, two = false): JsonValue => {
      const cut = path.indexOf('[]');
      if (cut < 0) return withValue({}, path, leaf);
      const inner = group(path.slice(cut + 3), leaf, two);
      return withValue({}, path.slice(0, cut), two ? [group(path.slice(cut + 3), other), inner] : [inner]);
    };
    const shapes: (JsonValue | undefined)[] = [
      [group(rest, replacement)],
      [],
      [group(rest, other), group(rest, replacement)],
      [{}],
      group(rest, replacement),
      [[group(rest, replacement)]],
      [group(rest, other)],
      [group(rest, null)],
      [group(rest, [other, replacement])],
      [group(rest, replacement, true)],
      [group(rest, { value: replacement })],
      undefined,
    ];
    const copy = withValue(event, head, shapes[how % shapes.length]);
    if (undocumentedShapes(copy).length > 0) {
      undocumentedCopies++;
      return undefined;
    }
    return copy;
  }

  return { mutate, dropped: () => undocumentedCopies };
}
