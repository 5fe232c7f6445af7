/**
 * The set algebra the EventBridge export reasons with before it writes a pattern: which values one
 * field may hold (a `ValueSet`), and a condition as an OR of ANDs of such sets (`Term[]`, the
 * "disjunctive normal form"). `eventbridge.ts` turns the result into pattern JSON.
 *
 * A set is kept only where EventBridge can test it: where two tests on one field would need a
 * pattern EventBridge has no way to write, the algebra refuses (`Unexpressible`) in plain words
 * rather than approximate.
 */
import { foldCase, wildcardMatches } from '../canonical.ts';
import type { Condition, FieldTest } from '../model.ts';

// ---------------------------------------------------------------- value sets

/** A set of strings; with `ignoreCase` the test is on the folded string (`foldCase` on both sides). */
export type StringAtom = { kind: 'exact' | 'prefix' | 'suffix' | 'wildcard'; value: string; ignoreCase: boolean };
/** Not negated: the union of the atoms. Negated: every string except the union of the atoms. */
interface StringSet {
  negated: boolean;
  atoms: StringAtom[];
}
interface NumberSet {
  negated: boolean;
  values: number[];
}
/** Which values one field may hold. `absent` covers a missing field and JSON null alike. */
export interface ValueSet {
  absent: boolean;
  strings: StringSet;
  numbers: NumberSet;
  booleans: boolean[];
}

/** Raised when a rule cannot be said exactly in an EventBridge pattern. */
export class Unexpressible extends Error {}
export const refuse = (reason: string): never => {
  throw new Unexpressible(reason);
};

const noStrings = (): StringSet => ({ negated: false, atoms: [] });
const allStrings = (): StringSet => ({ negated: true, atoms: [] });
export const noNumbers = (): NumberSet => ({ negated: false, values: [] });
const allNumbers = (): NumberSet => ({ negated: true, values: [] });
export const emptySet = (): ValueSet => ({ absent: false, strings: noStrings(), numbers: noNumbers(), booleans: [] });

function atomHolds(given: StringAtom, text: string): boolean {
  const atom = given.ignoreCase ? { ...given, value: foldCase(given.value) } : given;
  const value = given.ignoreCase ? foldCase(text) : text;
  if (atom.kind === 'exact') return atom.value === value;
  if (atom.kind === 'prefix') return value.startsWith(atom.value);
  if (atom.kind === 'suffix') return value.endsWith(atom.value);
  return wildcardMatches(atom.value, value);
}

const sameAtom = (a: StringAtom, b: StringAtom) => a.kind === b.kind && a.value === b.value && a.ignoreCase === b.ignoreCase;

/**
 * Two atoms that both ignore case compare as exact atoms on folded text. Mixed with an atom that
 * keeps case, only an exact (one-string) atom can be reasoned about; otherwise nothing is claimed,
 * and the caller refuses rather than guess.
 */
const folded = (a: StringAtom): StringAtom => ({ ...a, value: foldCase(a.value), ignoreCase: false });

function uniqueAtoms(atoms: StringAtom[]): StringAtom[] {
  const out: StringAtom[] = [];
  for (const atom of atoms) if (!out.some((a) => sameAtom(a, atom))) out.push(atom);
  return out;
}

/** Whether no string is in both atoms, when that can be told. */
function disjoint(a: StringAtom, b: StringAtom): boolean {
  if (a.kind === 'exact' && !a.ignoreCase) return !atomHolds(b, a.value);
  if (b.kind === 'exact' && !b.ignoreCase) return !atomHolds(a, b.value);
  if (a.ignoreCase !== b.ignoreCase) return false;
  if (a.ignoreCase) return disjoint(folded(a), folded(b));
  if (a.kind === 'exact') return !atomHolds(b, a.value);
  if (b.kind === 'exact') return !atomHolds(a, b.value);
  if (a.kind === 'prefix' && b.kind === 'prefix') return !a.value.startsWith(b.value) && !b.value.startsWith(a.value);
  if (a.kind === 'suffix' && b.kind === 'suffix') return !a.value.endsWith(b.value) && !b.value.endsWith(a.value);
  return false;
}

/** Whether every string in `inner` is in `outer`, when that can be told. */
function covers(outer: StringAtom, inner: StringAtom): boolean {
  if (inner.kind === 'exact' && !inner.ignoreCase) return atomHolds(outer, inner.value);
  if (sameAtom(outer, inner)) return true;
  if (outer.ignoreCase !== inner.ignoreCase) return false;
  if (inner.ignoreCase) return covers(folded(outer), folded(inner));
  if (inner.kind === 'exact') return atomHolds(outer, inner.value);
  if (outer.kind === 'prefix' && inner.kind === 'prefix') return inner.value.startsWith(outer.value);
  if (outer.kind === 'suffix' && inner.kind === 'suffix') return inner.value.endsWith(outer.value);
  return false;
}

export const describeAtom = (a: StringAtom): string =>
  a.ignoreCase
    ? `${describeAtom({ ...a, ignoreCase: false })} in any case`
    : a.kind === 'exact'
    ? `equals "${a.value}"`
    : a.kind === 'prefix'
      ? `starts with "${a.value}"`
      : a.kind === 'suffix'
        ? `ends with "${a.value}"`
        : `matches "${a.value}"`;

function intersectAtoms(a: StringAtom, b: StringAtom): StringAtom[] {
  if (disjoint(a, b)) return [];
  if (covers(a, b)) return [b];
  if (covers(b, a)) return [a];
  return refuse(
    `EventBridge cannot test one field two ways at once (${describeAtom(a)} and ${describeAtom(b)}); write them as one test`,
  );
}

/** The atoms of `from` that lie outside every atom of `minus`. */
function subtractAtoms(from: StringAtom[], minus: StringAtom[]): StringAtom[] {
  const out: StringAtom[] = [];
  for (const atom of from) {
    if (minus.some((m) => covers(m, atom))) continue;
    const overlapping = minus.find((m) => !disjoint(m, atom));
    if (overlapping)
      refuse(
        `EventBridge cannot say "${describeAtom(atom)} but not ${describeAtom(overlapping)}" about one field`,
      );
    out.push(atom);
  }
  return out;
}

function intersectStrings(a: StringSet, b: StringSet): StringSet {
  if (!a.negated && !b.negated)
    return { negated: false, atoms: uniqueAtoms(a.atoms.flatMap((x) => b.atoms.flatMap((y) => intersectAtoms(x, y)))) };
  if (a.negated && b.negated) return { negated: true, atoms: uniqueAtoms([...a.atoms, ...b.atoms]) };
  const [positive, negative] = a.negated ? [b, a] : [a, b];
  return { negated: false, atoms: subtractAtoms(positive.atoms, negative.atoms) };
}

const complementStrings = (s: StringSet): StringSet => ({ negated: !s.negated, atoms: s.atoms });

export const uniqueNumbers = (values: number[]) => [...new Set(values)].sort((x, y) => x - y);

function intersectNumbers(a: NumberSet, b: NumberSet): NumberSet {
  if (!a.negated && !b.negated) return { negated: false, values: a.values.filter((v) => b.values.includes(v)) };
  if (a.negated && b.negated) return { negated: true, values: uniqueNumbers([...a.values, ...b.values]) };
  const [positive, negative] = a.negated ? [b, a] : [a, b];
  return { negated: false, values: positive.values.filter((v) => !negative.values.includes(v)) };
}
const complementNumbers = (n: NumberSet): NumberSet => ({ negated: !n.negated, values: n.values });

function intersectSets(a: ValueSet, b: ValueSet): ValueSet {
  return {
    absent: a.absent && b.absent,
    strings: intersectStrings(a.strings, b.strings),
    numbers: intersectNumbers(a.numbers, b.numbers),
    booleans: a.booleans.filter((v) => b.booleans.includes(v)),
  };
}

function complementSet(s: ValueSet): ValueSet {
  return {
    absent: !s.absent,
    strings: complementStrings(s.strings),
    numbers: complementNumbers(s.numbers),
    booleans: [true, false].filter((v) => !s.booleans.includes(v)),
  };
}

function unionSets(a: ValueSet, b: ValueSet): ValueSet {
  return complementSet(intersectSets(complementSet(a), complementSet(b)));
}

const isEmptySet = (s: ValueSet) =>
  !s.absent && !s.strings.negated && s.strings.atoms.length === 0 && !s.numbers.negated && s.numbers.values.length === 0 && s.booleans.length === 0;

const isFullSet = (s: ValueSet) =>
  s.absent && s.strings.negated && s.strings.atoms.length === 0 && s.numbers.negated && s.numbers.values.length === 0 && s.booleans.length === 2;

export function sameSet(a: ValueSet, b: ValueSet): boolean {
  const key = (s: ValueSet) =>
    JSON.stringify([
      s.absent,
      s.strings.negated,
      [...s.strings.atoms].map((x) => `${x.kind}:${x.ignoreCase ? 'i' : ''}:${x.value}`).sort(),
      s.numbers.negated,
      uniqueNumbers(s.numbers.values),
      [...s.booleans].sort(),
    ]);
  return key(a) === key(b);
}

/** A canonical wildcard as the simplest string atom (a `*` at one end is a prefix or suffix test). */
function wildcardSet(pattern: string, ignoreCase: boolean): StringSet {
  const collapsed = pattern.replace(/\*+/g, '*');
  if (collapsed === '*') return allStrings();
  const stars = collapsed.split('*').length - 1;
  if (stars === 0) return { negated: false, atoms: [{ kind: 'exact', value: collapsed, ignoreCase }] };
  if (stars === 1 && collapsed.endsWith('*')) return { negated: false, atoms: [{ kind: 'prefix', value: collapsed.slice(0, -1), ignoreCase }] };
  if (stars === 1 && collapsed.startsWith('*')) return { negated: false, atoms: [{ kind: 'suffix', value: collapsed.slice(1), ignoreCase }] };
  return { negated: false, atoms: [{ kind: 'wildcard', value: collapsed, ignoreCase }] };
}

/** Numbers and true/false compare exactly even in a test that ignores case. */
function scalarSet(value: string | number | boolean, ignoreCase: boolean): ValueSet {
  const set = emptySet();
  if (typeof value === 'string') set.strings = { negated: false, atoms: [{ kind: 'exact', value, ignoreCase }] };
  else if (typeof value === 'number') set.numbers = { negated: false, values: [value] };
  else set.booleans = [value];
  return set;
}

function fieldTestSet(test: FieldTest): ValueSet {
  const ignoreCase = !('exists' in test) && test.ignoreCase === true;
  if ('equals' in test) return scalarSet(test.equals, ignoreCase);
  if ('oneOf' in test) return test.oneOf.map((v) => scalarSet(v, ignoreCase)).reduce(unionSets);
  if ('exists' in test)
    return test.exists
      ? { absent: false, strings: allStrings(), numbers: allNumbers(), booleans: [true, false] }
      : { ...emptySet(), absent: true };
  const set = emptySet();
  if ('startsWith' in test) set.strings = { negated: false, atoms: [{ kind: 'prefix', value: test.startsWith, ignoreCase }] };
  else if ('endsWith' in test) set.strings = { negated: false, atoms: [{ kind: 'suffix', value: test.endsWith, ignoreCase }] };
  else set.strings = wildcardSet(test.wildcard, ignoreCase);
  return set;
}

// ---------------------------------------------------------------- normal form

/** One AND of per-field value sets. */
export type Term = Map<string, ValueSet>;

const maxTerms = 64;

function andTerms(left: Term[], right: Term[]): Term[] {
  const out: Term[] = [];
  for (const a of left)
    for (const b of right) {
      const merged: Term = new Map(a);
      let possible = true;
      for (const [field, set] of b) {
        const existing = merged.get(field);
        const combined = existing ? intersectSets(existing, set) : set;
        if (isEmptySet(combined)) {
          possible = false;
          break;
        }
        merged.set(field, combined);
      }
      if (possible) out.push(merged);
      if (out.length > maxTerms) refuse('the rule has too many combinations of alternatives for one EventBridge pattern; split it into simpler rules');
    }
  return out;
}

export function normalForm(condition: Condition, negate: boolean): Term[] {
  if ('not' in condition) return normalForm(condition.not, !negate);
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const conjunction = 'allOf' in condition !== negate;
    const forms = parts.map((part) => normalForm(part, negate));
    if (conjunction) return forms.reduce((acc, form) => andTerms(acc, form), [new Map()] as Term[]);
    const all = forms.flat();
    if (all.length > maxTerms) refuse('the rule has too many alternatives for one EventBridge pattern; split it into simpler rules');
    return all;
  }
  const set = negate ? complementSet(fieldTestSet(condition)) : fieldTestSet(condition);
  return isEmptySet(set) ? [] : [new Map([[condition.field, set]])];
}

/** Drop fields that admit everything, then merge ANDs that differ in one field only. */
export function simplify(terms: Term[]): Term[] {
  let current = terms.map((t) => new Map([...t].filter(([, set]) => !isFullSet(set))));
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < current.length; i++)
      for (let j = i + 1; j < current.length; j++) {
        const a = current[i]!;
        const b = current[j]!;
        if (a.size !== b.size || ![...a.keys()].every((k) => b.has(k))) continue;
        const differing = [...a.keys()].filter((k) => !sameSet(a.get(k)!, b.get(k)!));
        if (differing.length > 1) continue;
        const merged: Term = new Map(a);
        if (differing.length === 1) {
          const field = differing[0]!;
          try {
            const union = unionSets(a.get(field)!, b.get(field)!);
            if (isFullSet(union)) merged.delete(field);
            else merged.set(field, union);
          } catch (error) {
            if (error instanceof Unexpressible) continue;
            throw error;
          }
        }
        current = [...current.slice(0, i), merged, ...current.slice(i + 1, j), ...current.slice(j + 1)];
        changed = true;
        break outer;
      }
  }
  return current;
}

