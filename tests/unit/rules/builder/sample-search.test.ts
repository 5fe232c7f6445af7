/**
 * Finding a sample event in "Try it on an event" by the words a person would type.
 */
import { describe, expect, it } from 'vitest';
import { sampleLibrary, type SampleLibrary } from '../../../../src/lib/rules/builder/samples.ts';
import { searchSamples, stem } from '../../../../src/lib/rules/builder/sample-search.ts';
import { loadTemplatePacks } from '../support/kit.ts';

const real = sampleLibrary(loadTemplatePacks());
/** The real library with one more template whose sample is a change to a bucket's access logs. */
const library: SampleLibrary = {
  templates: [
    ...real.templates,
    {
      id: 'bucket-logging-changed',
      title: 'A bucket’s access logs were changed',
      examples: [{ name: 'Someone turns off the access logs of a bucket', expect: 'fires', event: { eventSource: 's3.amazonaws.com', eventName: 'PutBucketLogging' } }],
    },
  ],
};

/** The matching samples in the order offered: template by template, each one's samples in order. */
function found(query: string) {
  return searchSamples(library, query).flatMap((m) => m.samples.map((at) => ({ template: library.templates[m.template]!.title, ...library.templates[m.template]!.examples[at]! })));
}
const call = (s: { event: Record<string, unknown> }) => `${String(s.event.eventSource)} ${String(s.event.eventName)}`;
const consoleSignIns = library.templates.flatMap((t) => t.examples).filter((s) => call(s) === 'signin.amazonaws.com ConsoleLogin');

describe('searching the sample events', () => {
  it.each(['log in', 'sign in', 'login', 'logs in', 'signs in', 'signin', 'Log-in', 'logged in'])('finds every console sign-in for “%s”, before anything else', (query) => {
    const list = found(query);
    expect(consoleSignIns.length).toBeGreaterThanOrEqual(5);
    expect(list.filter((s) => call(s) === 'signin.amazonaws.com ConsoleLogin')).toHaveLength(consoleSignIns.length);
    // Templates with a console sign-in come first, and in each its sign-ins come before its other samples.
    const groups = searchSamples(library, query).map((m) => m.samples.map((at) => call(library.templates[m.template]!.examples[at]!) === 'signin.amazonaws.com ConsoleLogin'));
    const leading = groups.map((g) => g[0]);
    expect(leading).toEqual([...leading].sort((x, y) => Number(y) - Number(x)));
    for (const g of groups) expect(g).toEqual([...g].sort((x, y) => Number(y) - Number(x)));
    expect(call(list[0]!)).toBe('signin.amazonaws.com ConsoleLogin');
    expect(list.map(call)).not.toContain('s3.amazonaws.com PutBucketLogging');
  });

  it('finds the bucket’s access logs by “logs”, “logging” and the call name', () => {
    for (const query of ['access logs', 'logging bucket', 'PutBucketLogging', 'putbucketlogging']) expect(found(query).map(call), query).toContain('s3.amazonaws.com PutBucketLogging');
  });

  it('finds by synonyms: “remove” finds deletions, “vm” finds servers, “storage” finds buckets, “credential” finds keys', () => {
    expect(found('remove trail').map(call)).toContain('cloudtrail.amazonaws.com DeleteTrail');
    expect(found('delete console password').map((s) => s.name)).toContain('Someone removes a user\'s console password (taking access away, not giving it)');
    expect(found('launch vm').map(call)).toContain('ec2.amazonaws.com RunInstances');
    expect(found('storage public').map(call)).toContain('s3.amazonaws.com DeleteBucketPublicAccessBlock');
    expect(found('make credential').map(call)).toContain('iam.amazonaws.com CreateAccessKey');
    expect(found('two-factor').map((s) => s.name)).toContain('A user signs in to the console with only a password');
  });

  it('finds by the start of a word while it is being typed', () => {
    expect(found('buck').map(call)).toContain('s3.amazonaws.com PutBucketPolicy');
    expect(found('guardd').length).toBeGreaterThan(0);
  });

  it('needs every word: “bucket sign in” finds nothing', () => {
    expect(found('bucket sign in')).toEqual([]);
    expect(found('zebra')).toEqual([]);
  });

  it('keeps the samples grouped by template, and an empty query lists all of them in order', () => {
    const all = searchSamples(library, '  ');
    expect(all.map((m) => m.template)).toEqual(library.templates.map((_, i) => i));
    expect(all.flatMap((m) => m.samples)).toHaveLength(library.templates.flatMap((t) => t.examples).length);
    const titles = searchSamples(library, 'sign in').map((m) => m.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('treats word endings alike', () => {
    expect(['log', 'logs', 'logging', 'logged'].map(stem)).toEqual(['log', 'log', 'log', 'log']);
    expect(['create', 'creates', 'created', 'creating'].map(stem)).toEqual(['creat', 'creat', 'creat', 'creat']);
    expect(['stops', 'stopped', 'access', 'policies'].map(stem)).toEqual(['stop', 'stop', 'access', 'policy']);
  });
});

describe('a sample that several templates share', () => {
  it('is found by the titles of the other templates too', () => {
    const root = found('root CIS').map((s) => s.name);
    expect(root).toContain('Someone signs in to the console as root');
  });
});
