/**
 * Random rule conditions over the fields seen in real CloudTrail records, and copies of a record
 * changed around the fields a condition reads: shared by the exporter property tests, which hold
 * each target to the canonical model.
 */
import fc from "fast-check";
import type {
  CloudTrailEvent,
  JsonValue,
} from "../../../../src/lib/rules/canonical.ts";
import type { Condition } from "../../../../src/lib/rules/model.ts";

function scalarPaths(
  value: JsonValue,
  prefix: string,
  out: Map<string, Set<string | number | boolean>>,
): void {
  if (value === null || Array.isArray(value)) return;
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k))
        scalarPaths(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (!out.has(prefix)) out.set(prefix, new Set());
  out.get(prefix)!.add(value);
}

/** Conditions built from the values these records hold, plus a few awkward ones of every type. */
export function randomConditions(
  stratus: CloudTrailEvent[],
): fc.Arbitrary<Condition> {
  const fieldValues = new Map<string, Set<string | number | boolean>>();
  for (const e of stratus) scalarPaths(e, "", fieldValues);
  for (const [field, values] of [
    ["eventName", ["RunInstances", "GetObject"]],
    ["userIdentity.invokedBy", ["autoscaling.amazonaws.com"]],
    ["requestParameters.count", [1, 2, 0]],
    ["readOnly", [true, false]],
    ["missing.field", ["x"]],
  ] as const) {
    if (!fieldValues.has(field)) fieldValues.set(field, new Set());
    for (const v of values) fieldValues.get(field)!.add(v);
  }
  const fields = [...fieldValues.keys()].sort();

  const valueFor = (field: string) =>
    fc.oneof(
      fc.constantFrom(...fieldValues.get(field)!),
      fc.constantFrom("", "Get", "x*y", "a"),
      fc.integer({ min: -2, max: 3 }),
      fc.boolean(),
    );
  const textFor = (field: string) =>
    fc.oneof(
      fc.constantFrom(
        ...[...fieldValues.get(field)!].filter(
          (v): v is string => typeof v === "string" && v.length > 0,
        ),
        "x",
      ),
      fc.constantFrom("Get", "amazonaws.com", "a", "Create"),
    );
  const cut = (s: string, from: "start" | "end") => {
    const n = Math.max(1, Math.ceil(s.length / 2));
    return from === "start" ? s.slice(0, n) : s.slice(-n);
  };

  const fieldTest: fc.Arbitrary<Condition> = fc
    .constantFrom(...fields)
    .chain((field) =>
      fc.oneof(
        valueFor(field).map((equals) => ({ field, equals })),
        fc
          .array(valueFor(field), { minLength: 1, maxLength: 3 })
          .map((oneOf) => ({ field, oneOf })),
        textFor(field).map((t) => ({ field, startsWith: cut(t, "start") })),
        textFor(field).map((t) => ({ field, endsWith: cut(t, "end") })),
        textFor(field).map((t) => ({
          field,
          wildcard: t.length > 2 ? `${t.slice(0, 1)}*${t.slice(-1)}` : `${t}*`,
        })),
        fc.boolean().map((exists) => ({ field, exists })),
      ),
    );

  const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fieldTest,
      tie("condition").map((c) => ({ not: c })),
      fc
        .array(tie("condition"), { minLength: 1, maxLength: 3 })
        .map((allOf) => ({ allOf })),
      fc
        .array(tie("condition"), { minLength: 1, maxLength: 3 })
        .map((anyOf) => ({ anyOf })),
    ),
  }));
  return condition;
}

export function variants(
  event: CloudTrailEvent,
  c: Condition,
): CloudTrailEvent[] {
  const out: CloudTrailEvent[] = [event];
  const walk = (x: Condition): void => {
    if ("field" in x) {
      for (const replacement of [undefined, null, "Get", 7, true] as const) {
        const copy = structuredClone(event) as Record<string, JsonValue>;
        const steps = x.field.split(".");
        let here: Record<string, JsonValue> = copy;
        for (const step of steps.slice(0, -1)) {
          const next = here[step];
          if (next === null || typeof next !== "object" || Array.isArray(next))
            here[step] = {};
          here = here[step] as Record<string, JsonValue>;
        }
        if (replacement === undefined) delete here[steps[steps.length - 1]!];
        else here[steps[steps.length - 1]!] = replacement;
        out.push(copy);
      }
    } else if ("not" in x) walk(x.not);
    else ("allOf" in x ? x.allOf : x.anyOf).forEach(walk);
  };
  walk(c);
  return out;
}
