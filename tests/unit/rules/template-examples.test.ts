/**
 * The examples every rule template carries: a CloudTrail record it fires on and a near miss it
 * stays quiet on. The rule builder offers them as a sample library and `plainsec rules test` checks
 * them, so each must say the truth about the rule, under the canonical meaning and under every
 * tool's own matcher, and must look like a record CloudTrail writes, with documentation values only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../../../src/lib/rules/canonical.ts';
import { undocumentedShapes } from '../../../src/lib/rules/fields.ts';
import { effectiveCondition, type Rule } from '../../../src/lib/rules/model.ts';
import { provableTargets } from '../../../src/lib/rules/targets.ts';
import { countFirings, firingKeys } from '../../../src/lib/rules/count.ts';
import { loadTemplates, templatesDir, valueAt } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const templates: Rule[] = loadTemplates();
const examplesOf = (rule: Rule) => rule.examples ?? [];
const allExamples = templates.flatMap((rule) => examplesOf(rule).map((example) => ({ rule, example })));
const label = (rule: Rule, name: string) => `${rule.id}: ${name}`;
/** The events of an example: its one event, or a counting rule's list of events. */
const eventsOf = (example: NonNullable<Rule['examples']>[number]): CloudTrailEvent[] => (example.events ?? [example.event!]) as CloudTrailEvent[];
/** Every event of every example, each labelled, with its place in the list when there are several. */
const allEvents = allExamples.filter(({ rule }) => sourceOf(rule) === 'cloudtrail').flatMap(({ rule, example }) =>
  eventsOf(example).map((event, i, all) => [all.length > 1 ? `${label(rule, example.name)} (event ${i + 1})` : label(rule, example.name), event] as const),
);

/** The only account the examples may name (AWS's documentation account). */
const documentationAccount = '111122223333';
/** The address ranges set aside for documentation (RFC 5737). */
const documentationRanges = ['192.0.2.', '198.51.100.', '203.0.113.'];

/** Every text value in a record, however deep. */
function texts(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(texts);
}

describe('the examples the rule templates carry', () => {
  it('cover every template, with at least one event that fires and one near miss that does not', () => {
    const lacking = templates
      .filter((rule) => !examplesOf(rule).some((e) => e.expect === 'fires') || !examplesOf(rule).some((e) => e.expect === 'does-not-fire'))
      .map((rule) => rule.id);
    expect(lacking).toEqual([]);
    // So that an empty template folder cannot pass.
    expect(templates.length).toBeGreaterThanOrEqual(40);
  });

  // The site's content loader reads YAML 1.1, where an unquoted 2012-10-17 is a date and No is false;
  // the CLI reads YAML 1.2. The served rule.yaml comes from the first, `plainsec rules test` from the second.
  it.each(readdirSync(templatesDir).filter((f) => f.endsWith('.yaml')))('%s reads the same to YAML 1.1 readers, such as the site', (file) => {
    const text = readFileSync(path.join(templatesDir, file), 'utf8');
    expect(parse(text, { version: '1.1' })).toEqual(parse(text));
  });

  it.each(templates.map((rule) => [rule.id, rule] as const))('name each example of %s once', (_id, rule) => {
    const names = examplesOf(rule).map((e) => e.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it.each(allExamples.map(({ rule, example }) => [label(rule, example.name), rule, example] as const))(
    '%s gives the result it expects under the rule’s meaning',
    (_label, rule, example) => {
      // A counting rule fires when its count is reached in some window of the example's events.
      const fired = rule.count
        ? countFirings(rule.count, effectiveCondition(rule), eventsOf(example)).length > 0
        : matchesCondition(effectiveCondition(rule), example.event as CloudTrailEvent);
      expect(fired ? 'fires' : 'does-not-fire').toBe(example.expect);
    },
  );

  it('give the same result under every tool that exports the template, by that tool’s own matcher', () => {
    const disagreements: string[] = [];
    const checks = { cloudtrail: 0, 'k8s-audit': 0 };
    for (const target of provableTargets()) {
      for (const rule of templates) {
        if (rule.count) {
          // A counting rule: the tool's count fires in the same windows as the rule's.
          const counted = target.counting?.countDetectionFor(rule);
          if (!counted?.ok) continue;
          for (const example of examplesOf(rule)) {
            const result = target.counting!.countMatch(counted.text, eventsOf(example));
            checks[sourceOf(rule)]++;
            const want = firingKeys(countFirings(rule.count, effectiveCondition(rule), eventsOf(example)));
            if (!result.ok) disagreements.push(`${target.id} ${label(rule, example.name)}: is invalid (${result.reason})`);
            else if (firingKeys(result.firings).join() !== want.join() || (want.length > 0) !== (example.expect === 'fires'))
              disagreements.push(`${target.id} ${label(rule, example.name)}: fires in ${firingKeys(result.firings).join(', ') || 'no window'}, expected ${example.expect}`);
          }
          continue;
        }
        const detection = target.detectionFor(rule);
        // A tool that cannot say this rule refuses it in plain words elsewhere; nothing to check here.
        if (!detection.ok) continue;
        for (const example of examplesOf(rule)) {
          const result = target.match(detection.text, example.event as CloudTrailEvent);
          checks[sourceOf(rule)]++;
          const said = result.kind === 'match' ? 'fires' : result.kind === 'no-match' ? 'does-not-fire' : `is invalid (${result.reason})`;
          if (said !== example.expect) disagreements.push(`${target.id} ${label(rule, example.name)}: ${said}, expected ${example.expect}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Most templates export to most tools; far fewer checks means the exports or the examples went
    // missing. Cluster templates read lists (every container of a pod) that several tools cannot
    // name item by item, and EventBridge never sees them, so their share is lower (measured: 0.61
    // of the five tools that read them, December 2026).
    const examplesFrom = (source: 'cloudtrail' | 'k8s-audit') => allExamples.filter(({ rule }) => sourceOf(rule) === source).length;
    const readers = (source: 'cloudtrail' | 'k8s-audit') => provableTargets().filter((t) => (t.sources ?? ['cloudtrail']).includes(source)).length;
    console.log(`template examples checked by tools: CloudTrail ${checks.cloudtrail}, cluster ${checks['k8s-audit']}`);
    expect(checks.cloudtrail).toBeGreaterThanOrEqual(Math.floor(examplesFrom('cloudtrail') * readers('cloudtrail') * 0.9));
    expect(checks['k8s-audit']).toBeGreaterThanOrEqual(Math.floor(examplesFrom('k8s-audit') * readers('k8s-audit') * 0.55));
  });

  it.each(allEvents)(
    '%s is a plausible CloudTrail record with documentation values only',
    (_label, event) => {
      expect(valueAt(event, 'eventVersion')).toMatch(/^1\.\d\d$/);
      expect(valueAt(event, 'eventTime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number.isNaN(Date.parse(String(valueAt(event, 'eventTime'))))).toBe(false);
      expect(valueAt(event, 'eventSource')).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
      expect(valueAt(event, 'eventName')).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(valueAt(event, 'awsRegion')).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
      expect(valueAt(event, 'userIdentity.type')).toMatch(/^(IAMUser|AssumedRole|Root|AWSService|FederatedUser)$/);
      expect(valueAt(event, 'eventID')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(valueAt(event, 'recipientAccountId')).toBe(documentationAccount);
      expect(valueAt(event, 'userIdentity.accountId')).toBe(documentationAccount);
      // A failed call says why, as CloudTrail writes it.
      if (valueAt(event, 'errorCode') !== undefined) expect(valueAt(event, 'errorMessage')).toEqual(expect.any(String));
      // Where AWS documents a field's kind, the example keeps to it.
      expect(undocumentedShapes(event)).toEqual([]);

      // The call came from a documentation address, or from the AWS service that acted.
      const source = String(valueAt(event, 'sourceIPAddress'));
      const invokedBy = valueAt(event, 'userIdentity.invokedBy');
      if (invokedBy !== undefined) expect(source).toBe(invokedBy);
      else expect(documentationRanges.some((r) => source.startsWith(r))).toBe(true);

      const all = texts(event);
      // Every address anywhere is a documentation one; 0.0.0.0 only as "every address" in a range.
      const addresses = all.flatMap((t) => [...t.matchAll(/(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d+)?(?![\d.])/g)]);
      for (const [, ip, prefix] of addresses)
        expect(documentationRanges.some((r) => ip!.startsWith(r)) || (ip === '0.0.0.0' && prefix === '/0'), `${ip}${prefix ?? ''}`).toBe(true);
      // Every twelve-digit account number anywhere (in ARNs, owners, messages) is the documentation account.
      const accounts = all.flatMap((t) => [...t.matchAll(/(?<![\w-])\d{12}(?!\w)/g)].map((m) => m[0]));
      expect(accounts.filter((a) => a !== documentationAccount)).toEqual([]);
    },
  );
});
