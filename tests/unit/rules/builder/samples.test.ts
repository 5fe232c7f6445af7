/**
 * "Try it on an event" offers each template's examples once: an event several templates share is
 * listed under the first of them, and says which others have it.
 */
import { describe, expect, it } from 'vitest';
import { libraryFor, sampleLibrary, sameEventKey } from '../../../../src/lib/rules/builder/samples.ts';
import type { RuleExample, RuleSet } from '../../../../src/lib/rules/model.ts';
import { loadTemplatePacks } from '../support/kit.ts';

const packs = loadTemplatePacks();
const library = sampleLibrary(packs);
// The library offers single events; a counting rule's burst of events is not among them.
const before = packs
  .flatMap((p) => p.rules)
  .flatMap((r) => r.examples ?? [])
  .flatMap((e) => (e.event ? [{ ...e, event: e.event }] : []));
const after = library.templates.flatMap((t) => t.examples);

describe('the sample library of the real templates', () => {
  it('offers every different event once, fewer entries than the templates hold', () => {
    console.info(`Sample events: ${before.length} in the templates, ${after.length} in the library.`);
    // 558 and 512 from the 107 CloudTrail templates, 97 more of each from the 20 cluster templates.
    expect(before).toHaveLength(655);
    expect(after).toHaveLength(609);
    expect(new Set(after.map((s) => sameEventKey(s.event))).size).toBe(after.length);
    expect(new Set(before.map((s) => sameEventKey(s.event))).size).toBe(after.length);
  });

  it('groups the samples by template, in pack order, with no empty group', () => {
    const titles = packs.flatMap((p) => p.rules).filter((r) => library.templates.some((t) => t.id === r.id)).map((r) => r.title);
    expect(library.templates.map((t) => t.title)).toEqual(titles);
    expect(library.templates.every((t) => t.examples.length > 0)).toBe(true);
  });

  it('keeps the root sign-in under the first template and says the CIS one has it too', () => {
    const root = library.templates.find((t) => t.id === 'root-account-used')!;
    const cis = packs[2]!.rules.find((r) => r.id === 'cis-cloudwatch-1')!;
    const signIn = root.examples.find((s) => s.name === 'Someone signs in to the console as root')!;
    expect(signIn.alsoIn).toEqual([{ id: cis.id, title: cis.title, name: 'Someone signs in to the console as root', expect: 'fires' }]);
    expect(library.templates.find((t) => t.id === 'cis-cloudwatch-1')?.examples.map((s) => s.name) ?? []).not.toContain('Someone signs in to the console as root');
  });
});

describe('which sample events count as the same', () => {
  const event = (extra: Record<string, unknown>) => ({ eventVersion: '1.08', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'eu-west-1', ...extra });
  const example = (name: string, e: Record<string, unknown>): RuleExample => ({ name, event: e as RuleExample['event'], expect: 'fires' });
  const one = (title: string, ...examples: RuleExample[]) => ({ plainsecRules: 1 as const, rules: [{ id: title.toLowerCase(), title, examples } as unknown as RuleSet['rules'][number]] });

  it('are records that differ only in their id and time, or in key order', () => {
    const lib = sampleLibrary([
      one('First', example('a', event({ eventID: '1', eventTime: '2024-05-14T08:00:00Z' }))),
      one('Second', example('b', { eventID: '2', eventTime: '2024-05-14T09:00:00Z', ...event({}) })),
    ]);
    expect(lib.templates.map((t) => [t.title, t.examples.map((s) => [s.name, s.alsoIn?.map((x) => `${x.title}: ${x.name}`)])])).toEqual([['First', [['a', ['Second: b']]]]]);
  });

  it('are not records from another region', () => {
    const lib = sampleLibrary([one('First', example('a', event({}))), one('Second', example('b', event({ awsRegion: 'ap-southeast-2' })))]);
    expect(lib.templates.flatMap((t) => t.examples.map((s) => s.name))).toEqual(['a', 'b']);
  });
});

describe('the samples offered for a rule made from a template', () => {
  it('are all of that template’s examples, under its own names and expectations, in the first group, and still each event once', () => {
    // A template whose examples are all bursts of events (a counting rule) has no single samples to offer.
    for (const template of packs.flatMap((p) => p.rules).filter((t) => (t.examples ?? []).some((e) => e.event !== undefined))) {
      const first = libraryFor(library, template.title).templates[0]!;
      const offered = first.examples.map((s) => `${s.name}: ${s.expect}`).sort();
      expect(first.title).toBe(template.title);
      // A counting rule's examples of several events are not single samples; the rest are all offered.
      const single = (template.examples ?? []).filter((s) => s.event !== undefined);
      expect(offered, template.id).toEqual(single.map((s) => `${s.name}: ${s.expect}`).sort());
      const all = libraryFor(library, template.title).templates.flatMap((t) => t.examples);
      expect(new Set(all.map((s) => sameEventKey(s.event))).size, template.id).toBe(all.length);
      expect(all.length, template.id).toBe(after.length);
    }
  });
});
