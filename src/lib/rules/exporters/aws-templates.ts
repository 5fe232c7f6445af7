/**
 * What the two AWS exports (EventBridge and CloudWatch) share when they write Terraform JSON and
 * CloudFormation: literal text Terraform will not read as a template, resource names, and
 * distinct names where two rules would collide. Each exporter file then holds one target.
 */

/** Terraform reads `${` and `%{` in any string as a template; user text must not start one. */
export function terraformLiteral(text: string): string {
  // A replacement function, because "$$" in a replacement string would collapse to one "$".
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** A name in PascalCase from words: `wake-me-up` becomes `WakeMeUp`. */
export const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Gives each key a distinct name built by `make`, adding a number where two would collide. */
export function distinctNames(keys: string[], make: (key: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = make(key);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    out.set(key, name);
  }
  return out;
}
