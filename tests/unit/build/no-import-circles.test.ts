/**
 * No module in src/ imports itself through other modules. A circle makes the order in which
 * modules run depend on which one is loaded first, so a value read at load time can be undefined
 * in one entry and fine in another; it also means neither file can be read without the other.
 *
 * dependency-cruiser walks the imports of every .ts and .tsx file, type-only imports and re-exports
 * included (a type-only circle still ties two files together for a reader). It does not read
 * .astro files. Dynamic `import()` is left out: it runs after both modules have loaded, and it is
 * how `target.ts` loads each exporter when it is needed (the exporter then imports `target.ts`).
 */
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { expect, it } from 'vitest';

const notDynamic = { dependencyTypesNot: ['dynamic-import' as const] };

/** Every circle among the imports of the .ts and .tsx files under `folder`, each as a chain of files. */
async function importCircles(folder: string): Promise<string[]> {
  const result = await cruise(
    [folder],
    {
      validate: true,
      ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true, ...notDynamic, viaOnly: notDynamic } }] },
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: 'node_modules' },
    },
    {},
    {},
  );
  const output = result.output as ICruiseResult;
  const chains = output.summary.violations.map((v) => [v.from, ...(v.cycle ?? []).map((step) => step.name)]);
  // A circle is reported from each file on it; keep one, started at its first file in name order.
  const seen = new Map<string, string>();
  for (const chain of chains) {
    const ring = chain.slice(0, -1);
    const start = ring.indexOf([...ring].sort()[0]!);
    const turned = [...ring.slice(start), ...ring.slice(0, start)];
    seen.set(turned.join(' → '), [...turned, turned[0]].join(' → '));
  }
  return [...seen.values()].sort();
}

it('no file in src/ imports itself through other files', { timeout: 60_000 }, async () => {
  expect(await importCircles('src')).toEqual([]);
});
