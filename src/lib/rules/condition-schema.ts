/**
 * The schemas of a rule's condition and of its exceptions, with the types read from them, and the
 * small schema builders the rest of the rule model (model.ts) shares with them.
 *
 * Kept below both `model.ts` (which builds the whole rule from them and re-exports them) and
 * `exceptions.ts` (which turns exceptions into conditions without loading zod), so that neither of
 * those two imports the other.
 */
// zod/mini as a namespace, for the reason given at the top of model.ts.
import * as z from 'zod/mini';
import { zodEnglish } from '../zod-english.ts';

/** zod's English words for a wrong type, a value not allowed, unknown keys or no fitting form. */
export const inEnglish = { error: zodEnglish };

/**
 * A dotted path into a CloudTrail record, as CloudTrail writes it: `userIdentity.invokedBy`. A step
 * written `name[]` reads every item of the list `name` holds (`ipPermissions.items[].ipRanges.items[].cidrIp`);
 * it is never the last step, since a field that holds a list of values is read by its items already.
 */
export const fieldPathSchema = z
  .string(inEnglish)
  .check(
    z.regex(
      /^([A-Za-z_][A-Za-z0-9_-]*(\[\])?\.)*[A-Za-z_][A-Za-z0-9_-]*$/,
      'write a field as dotted names, like userIdentity.invokedBy (letters, digits, _ and - only), with [] after a name that holds a list and a name last, like items[].cidrIp',
    ),
  );

/** A value compared exactly and case-sensitively, as CloudTrail writes it ("No", not "NO"). */
export const scalarSchema = z.union([z.string(inEnglish), z.number(inEnglish), z.boolean(inEnglish)], inEnglish);
export type Scalar = z.infer<typeof scalarSchema>;

export const nonEmpty = z.string(inEnglish).check(z.minLength(1, 'write at least one character'));

/** A list that must hold at least one item; `atLeastOne` says what to put in it. */
export const listOf = <T extends z.core.SomeType>(item: T, atLeastOne: string) => z.array(item, inEnglish).check(z.minLength(1, atLeastOne));

/** Text a rule must have; a missing or non-text value gets a message that says what to write. */
export const requiredText = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `this is missing: write ${what}` : `write ${what} as text`) })
    .check(z.minLength(1, `write ${what}`));

/**
 * `ignoreCase: true` compares text without regard to upper and lower case ("trufflehog" matches
 * "TruffleHog"). Without it every comparison is exact, as CloudTrail writes values. It exists
 * because Sigma rules, which Plainsec imports, compare text case-insensitively by default.
 * It affects text only: numbers and true/false still compare exactly.
 */
const ignoreCase = z.optional(z.literal(true, 'write ignoreCase: true, or leave it out for an exact match'));

/** A test on one field. Exactly one operator key besides `field` (and `ignoreCase` on text tests). */
export const fieldTestSchema = z.union(
  [
    z.strictObject({ field: fieldPathSchema, equals: scalarSchema, ignoreCase }, inEnglish),
    z.strictObject({ field: fieldPathSchema, oneOf: listOf(scalarSchema, 'list at least one value'), ignoreCase }, inEnglish),
    z.strictObject({ field: fieldPathSchema, startsWith: nonEmpty, ignoreCase }, inEnglish),
    z.strictObject({ field: fieldPathSchema, endsWith: nonEmpty, ignoreCase }, inEnglish),
    // `*` stands for any run of characters (including none). No other character is special.
    z.strictObject({ field: fieldPathSchema, wildcard: nonEmpty, ignoreCase }, inEnglish),
    z.strictObject({ field: fieldPathSchema, exists: z.boolean(inEnglish) }, inEnglish),
  ],
  inEnglish,
);
export type FieldTest = z.infer<typeof fieldTestSchema>;

/** A condition: a field test, or `not` / `allOf` / `anyOf` of conditions. */
export type Condition = FieldTest | { not: Condition } | { allOf: Condition[] } | { anyOf: Condition[] };

export const conditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union(
    [
      fieldTestSchema,
      z.strictObject({ not: conditionSchema }, inEnglish),
      z.strictObject({ allOf: listOf(conditionSchema, 'list at least one condition') }, inEnglish),
      z.strictObject({ anyOf: listOf(conditionSchema, 'list at least one condition') }, inEnglish),
    ],
    inEnglish,
  ),
);

/** Exceptions in plain words; each becomes one more condition the event must also meet. */
export const exceptionSchema = z.union(
  [
    // "unless AWS did it on your behalf": one of the services in `servicesActingForYou` made the call
    // (userIdentity.invokedBy), or a service-linked role did. A call through CloudFormation still counts.
    z.strictObject({ unlessDoneByAwsService: z.literal(true, inEnglish) }, inEnglish),
    // "unless any AWS service made the call": userIdentity.invokedBy is there at all, CloudFormation too.
    z.strictObject({ unlessInvokedByAnyAwsService: z.literal(true, inEnglish) }, inEnglish),
    // "unless it was done by these roles": the role name behind an assumed-role session.
    z.strictObject({ unlessDoneByRoles: listOf(nonEmpty, 'list at least one role name') }, inEnglish),
    // "unless it was done by these people": IAM user names.
    z.strictObject({ unlessDoneByUsers: listOf(nonEmpty, 'list at least one user name') }, inEnglish),
    // "only in these regions"
    z.strictObject({ onlyInRegions: listOf(nonEmpty, 'list at least one region, like eu-west-1') }, inEnglish),
    // "ignore calls that failed"
    z.strictObject({ unlessItFailed: z.literal(true, inEnglish) }, inEnglish),
    // "unless the cluster did it": for a rule on a cluster's audit log, the cluster's own machinery
    // (nodes, controllers in kube-system, the API server, EKS's own users) made the request.
    z.strictObject({ unlessDoneByCluster: z.literal(true, inEnglish) }, inEnglish),
  ],
  inEnglish,
);
export type RuleException = z.infer<typeof exceptionSchema>;

