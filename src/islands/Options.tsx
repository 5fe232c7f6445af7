/**
 * The `<option>`s of a `<select>`, one per value, each shown as `label(value)` says: the
 * choices of a fixed list (a rule test's operators, whom a rule is about).
 */
import type { ComponentChildren } from 'preact';

interface Props<T extends string> {
  values: readonly T[];
  label: (value: T) => ComponentChildren;
}

export default function Options<T extends string>({ values, label }: Props<T>) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}
