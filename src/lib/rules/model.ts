/**
 * The Plainsec rule model: one alert rule in plain words, over the fields of a CloudTrail record or
 * of a Kubernetes audit event (a rule names its `source`; sources.ts).
 *
 * This file is the single source of truth for what a rule *is*. The YAML rule-set files that the
 * site saves, the CLI reads and `content/rules/` holds are validated against `ruleSetSchema`; the
 * published JSON Schema is generated from it. Every exporter works from `effectiveCondition(rule)`,
 * whose meaning is fixed by `matchesCondition` in `canonical.ts`.
 */
// zod/mini, imported as a namespace, so the rule builder can check rule sets in the browser: a
// bundler keeps only the parts the model uses (about 10 KB gzipped for the whole model, against
// about 94 KB with full zod); a named `{ z }` import would bring in all of zod/mini (about 87 KB).
import * as z from 'zod/mini';
import { urgencies, urgencyWords, weekdays } from './vocabulary.ts';
import { noiseLevels } from './noise.ts';
import { ruleSources } from './sources.ts';

export { urgencies, urgencyWords, weekdays };
import { conditionSchema, exceptionSchema, inEnglish, listOf, nonEmpty, requiredText, type Condition } from './condition-schema.ts';
import { countSchema } from './count.ts';

export { countSchema, type Count } from './count.ts';

export {
  conditionSchema,
  exceptionSchema,
  fieldPathSchema,
  fieldTestSchema,
  scalarSchema,
  type Condition,
  type FieldTest,
  type RuleException,
  type Scalar,
} from './condition-schema.ts';

const urgencySchema = z.enum(urgencies, {
  error: (issue) =>
    `${issue.input === undefined ? 'this is missing: ' : ''}write one of wake-me-up (wake someone up), look-today or fyi (just so you know)`,
});
export type Urgency = z.infer<typeof urgencySchema>;


const hhmm = z.string(inEnglish).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, like 09:00'));

const workingHoursSchema = z.strictObject(
  {
    /** An IANA time zone, like Europe/London. */
    timeZone: z.string(inEnglish).check(z.regex(/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/, 'write a time zone like Europe/London or UTC')),
    days: listOf(z.enum(weekdays, inEnglish), 'list at least one day, like monday'),
    start: hhmm,
    end: hhmm,
  },
  inEnglish,
);
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const ruleIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'this is missing: write an id like server-outside-autoscaling' : 'write the id as text') })
  .check(z.regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'write an id in lower case with dashes, like server-outside-autoscaling'));

/** A CloudTrail record, as JSON: any object. Checked as an object only; matching reads the fields it needs. */
const eventSchema = z.record(z.string(), z.unknown(), 'write the event as a CloudTrail record: a set of fields, like eventName: RunInstances');

/**
 * A named example that travels with the rule: an event and whether the rule should fire on it.
 * `plainsec rules test FILE` checks every example against the rule and against each tool's export.
 * A counting rule's example gives several `events` instead (a burst, or a near miss); it fires when
 * the count is reached in at least one window.
 */
const ruleExampleSchema = z
  .strictObject(
    {
      name: requiredText('a name for the example, like "someone starts a server by hand"'),
      event: z.optional(eventSchema),
      /** Several events, for a rule that counts. */
      events: z.optional(listOf(eventSchema, 'list at least one event')),
      expect: z.enum(['fires', 'does-not-fire'], {
        error: (issue) => `${issue.input === undefined ? 'this is missing: ' : ''}write fires or does-not-fire`,
      }),
    },
    inEnglish,
  )
  .check(
    z.refine((e) => (e.event === undefined) !== (e.events === undefined), {
      // Said even when another key is wrong too, so a missing event is named with the rest.
      when: (payload) => payload.value !== null && typeof payload.value === 'object',
      path: ['event'],
      error: (issue) =>
        issue.input && typeof issue.input === 'object' && 'event' in issue.input && 'events' in issue.input
          ? 'give the example one event or a list of events (for a rule that counts), not both'
          : 'this is missing: write the event as a CloudTrail record (a set of fields, like eventName: RunInstances), or several under events for a rule that counts',
    }),
  );
export type RuleExample = z.infer<typeof ruleExampleSchema>;

export const ruleSchema = z.strictObject(
  {
    id: ruleIdSchema,
    /**
     * The records the rule reads: cloudtrail (AWS, the default, left out of files) or k8s-audit (a
     * Kubernetes cluster's audit log). See sources.ts.
     */
    source: z.optional(z.enum(ruleSources, 'write cloudtrail (AWS CloudTrail records) or k8s-audit (a Kubernetes cluster\'s audit log), or leave it out for cloudtrail')),
    title: requiredText('a short title, like "A server was started by hand"').check(z.maxLength(120, 'keep the title under 120 characters')),
    /** What it means when this fires, in plain words. */
    means: requiredText('what it means when this fires, in plain words'),
    /** What to do when it fires. */
    whatToDo: requiredText('what to do when it fires'),
    when: conditionSchema,
    exceptions: z._default(z.array(exceptionSchema, inEnglish), []),
    /** Fire only when the condition holds this many times within a window (see count.ts). */
    count: z.optional(countSchema),
    urgency: urgencySchema,
    /** A Slack channel, like #security-alerts. */
    notify: z
      .string({ error: (issue) => (issue.input === undefined ? 'this is missing: write a Slack channel like #security-alerts' : 'write the channel as text') })
      .check(z.regex(/^#[a-z0-9][a-z0-9_-]{0,79}$/, 'write a Slack channel like #security-alerts')),
    workingHours: z.optional(workingHoursSchema),
    /** How often it fires for a small team: rare, a-few-a-week or many-a-day (noise.ts says each in words). */
    noise: z.optional(z.enum(noiseLevels, 'write one of rare, a-few-a-week or many-a-day')),
    /**
     * The ids of rules this one fires alongside on the same events, so a set should hold only one
     * of them (cis-cloudwatch-1 for Security Hub, or root-account-used). `rules validate` and the
     * builder warn when a set holds both (overlaps.ts).
     */
    replaces: z.optional(z.array(ruleIdSchema, inEnglish)),
    references: z._default(z.array(z.url('write a full web address, starting with https://'), inEnglish), []),
    /** MITRE ATT&CK technique ids, like T1078 or T1562.008. */
    attack: z._default(z.array(z.string(inEnglish).check(z.regex(/^T\d{4}(\.\d{3})?$/, 'write an ATT&CK id like T1078')), inEnglish), []),
    /**
     * CIS AWS Foundations Benchmark recommendation ids (v1.4.0, as AWS Security Hub maps them), like
     * 4.3, where the rule watches what a recommendation asks for. Ids only: the benchmark's text is
     * licensed. See src/lib/frameworks/.
     */
    cisAws: z._default(z.array(z.string(inEnglish).check(z.regex(/^\d{1,2}(\.\d{1,2}){1,2}$/, 'write a CIS AWS Foundations id like 4.3 or 2.1.5')), inEnglish), []),
    /** AWS Security Hub control ids, like CloudWatch.1 or S3.1, where the rule watches what a control checks. */
    securityHub: z._default(z.array(z.string(inEnglish).check(z.regex(/^[A-Z][A-Za-z0-9]*\.\d{1,3}$/, 'write a Security Hub control id like CloudTrail.1')), inEnglish), []),
    /**
     * Exact filter text for a target, where a standard (such as the CIS pack) fixes it to the byte.
     * Tests prove it means the same as `when` + `exceptions`.
     */
    pinned: z.optional(z.strictObject({ cloudwatch: z.optional(nonEmpty) }, inEnglish)),
    /** Events the rule should and should not fire on; checked by `plainsec rules test`. */
    examples: z.optional(z.array(ruleExampleSchema, inEnglish)),
  },
  inEnglish,
);
export type Rule = z.infer<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

export { chatTools, pagerTools, toolNames, type ChatTool, type PagerTool } from './vocabulary.ts';
import { chatTools, pagerTools } from './vocabulary.ts';

/**
 * Where the team's alerts land, said once for the whole rule set. Only settings that are not
 * secret live here; webhook addresses and keys stay in files the exported configs point to.
 */
const alertingSchema = z.strictObject(
  {
    chat: z._default(z.enum(chatTools, 'write one of slack, mattermost or msteams'), 'slack'),
    pager: z._default(z.enum(pagerTools, 'write one of pagerduty, opsgenie or victorops'), 'pagerduty'),
    /** Splunk On-Call routes an alert to a team by this key (not a secret; the API key is). */
    victoropsRoutingKey: z.optional(
      z.string(inEnglish).check(z.regex(/^[A-Za-z0-9_.-]{1,100}$/, 'write the routing key as letters, digits, _ . or -, like security')),
    ),
    /** The Opsgenie team that gets the alert. */
    opsgenieTeam: z.optional(z.string(inEnglish).check(z.regex(/^[^\u0000-\u001f{}]{1,100}$/, 'write the Opsgenie team name, without braces'))),
  },
  inEnglish,
);
export type Alerting = z.infer<typeof alertingSchema>;

export { alertingOf } from './vocabulary.ts';

export const ruleSetSchema = z.strictObject(
  {
    /** Which version of this file format; bump when a change would misread old files. */
    plainsecRules: z.literal(1, inEnglish),
    /** Where alerts land; leave it out for Slack and PagerDuty. */
    alerting: z.optional(alertingSchema),
    rules: z.array(ruleSchema, inEnglish),
  },
  inEnglish,
);
export type RuleSet = z.infer<typeof ruleSetSchema>;

export { effectiveCondition, exceptionCondition, exceptionFields } from './exceptions.ts';

/** Every field path a condition reads, in first-seen order. */
export function fieldsOf(condition: Condition): string[] {
  const seen = new Set<string>();
  const walk = (c: Condition): void => {
    if ('field' in c) seen.add(c.field);
    else if ('not' in c) walk(c.not);
    else if ('allOf' in c) c.allOf.forEach(walk);
    else c.anyOf.forEach(walk);
  };
  walk(condition);
  return [...seen];
}
