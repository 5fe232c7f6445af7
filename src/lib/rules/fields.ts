/**
 * The CloudTrail fields the rule builder offers (their plain names live in field-names.ts), with
 * what AWS documents about the values CloudTrail writes in them.
 *
 * The site's rule builder lists these; the random-rule generator in the tests draws from them.
 */

import { sourceOfEvent } from './sources.ts';
import { auditDocumentedKind, auditFields } from './sources/k8s-audit-fields.ts';
import { offeredFields, type FieldKind, type OfferedField } from './field-names.ts';

export { plainNameOf, type FieldKind } from './field-names.ts';

/** The AWS pages that document what CloudTrail writes. */
const awsDocs = {
  recordContents: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
  userIdentity: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
  consoleSignIn: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
} as const;

/** One API call, as CloudTrail names it, with the API reference page that types its parameters. */
export interface DocumentedCall {
  /** The service endpoint; left out where the call name alone is documented as one kind of record (ConsoleLogin). */
  eventSource?: string;
  eventName: string;
  source: string;
}

/**
 * What AWS documents about the value CloudTrail writes at a path: when the path is there at all, it
 * holds a value of this kind, never JSON null, a list or a group of fields. For a field of the
 * record itself this holds on every record; for a request parameter or additional data, only on the
 * records of the calls listed, each with the API reference that says so.
 */
export interface DocumentedType {
  kind: FieldKind;
  /** The page that documents a field of the record; for call-scoped fields, see `calls`. */
  source?: string;
  calls?: readonly DocumentedCall[];
}

/** One field a builder offers, with what AWS documents about it. */
export interface CatalogueField extends OfferedField {
  /** What AWS documents CloudTrail writes there; exporters may rely on it. Left out where the kind depends on the call. */
  documented?: DocumentedType;
}

// ---------------------------------------------------------------- documented types

const record = (kind: FieldKind): DocumentedType => ({ kind, source: awsDocs.recordContents });
const identity = (kind: FieldKind): DocumentedType => ({ kind, source: awsDocs.userIdentity });
const api = {
  iam: (action: string) => `https://docs.aws.amazon.com/IAM/latest/APIReference/API_${action}.html`,
  ec2: (action: string) => `https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_${action}.html`,
  s3: (action: string) => `https://docs.aws.amazon.com/AmazonS3/latest/API/API_${action}.html`,
  guardduty: (action: string) => `https://docs.aws.amazon.com/guardduty/latest/APIReference/API_${action}.html`,
  lambda: (action: string) => `https://docs.aws.amazon.com/lambda/latest/api/API_${action}.html`,
  s3control: (action: string) => `https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_${action}.html`,
  sso: (action: string) => `https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_${action}.html`,
};
const calls = (kind: FieldKind, list: DocumentedCall[]): DocumentedType => ({ kind, calls: list });
const iamCalls = (...names: string[]): DocumentedCall[] => names.map((n) => ({ eventSource: 'iam.amazonaws.com', eventName: n, source: api.iam(n) }));
const signIn: DocumentedCall[] = [{ eventName: 'ConsoleLogin', source: awsDocs.consoleSignIn }];
/** S3 bucket calls by the name CloudTrail writes, with the API action whose page documents `Bucket` as text. */
const s3BucketCalls: DocumentedCall[] = /* @__PURE__ */ (
  [
    ['CreateBucket', 'CreateBucket'],
    ['DeleteBucket', 'DeleteBucket'],
    ['PutBucketPolicy', 'PutBucketPolicy'],
    ['DeleteBucketPolicy', 'DeleteBucketPolicy'],
    ['PutBucketAcl', 'PutBucketAcl'],
    ['PutBucketCors', 'PutBucketCors'],
    ['DeleteBucketCors', 'DeleteBucketCors'],
    ['PutBucketLifecycle', 'PutBucketLifecycleConfiguration'],
    ['DeleteBucketLifecycle', 'DeleteBucketLifecycle'],
    ['PutBucketReplication', 'PutBucketReplication'],
    ['DeleteBucketReplication', 'DeleteBucketReplication'],
    ['PutBucketLogging', 'PutBucketLogging'],
    ['PutBucketVersioning', 'PutBucketVersioning'],
    ['PutBucketEncryption', 'PutBucketEncryption'],
    ['DeleteBucketEncryption', 'DeleteBucketEncryption'],
    ['PutBucketPublicAccessBlock', 'PutPublicAccessBlock'],
    ['DeleteBucketPublicAccessBlock', 'DeletePublicAccessBlock'],
  ] as const
).map(([eventName, action]) => ({ eventSource: 's3.amazonaws.com', eventName, source: api.s3(action) }));
/** Security group rule calls, whose pages document `CidrIp` as text and `FromPort` as a whole number. */
const securityGroupRuleCalls: DocumentedCall[] = /* @__PURE__ */ ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress'].map(
  (eventName) => ({ eventSource: 'ec2.amazonaws.com', eventName, source: api.ec2(eventName) }),
);
const publicAccessBlock: DocumentedCall[] = [
  { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPublicAccessBlock', source: /* @__PURE__ */ api.s3('PutPublicAccessBlock') },
  // The block for the whole account: CloudTrail writes it under s3.amazonaws.com too.
  { eventSource: 's3.amazonaws.com', eventName: 'PutAccountPublicAccessBlock', source: /* @__PURE__ */ api.s3control('PutPublicAccessBlock') },
];
/** Lambda's AddPermission, by both names CloudTrail writes for it (API version 2015-03-31). */
const lambdaAddPermission: DocumentedCall[] = /* @__PURE__ */ ['AddPermission20150331v2', 'AddPermission20150331'].map((eventName) => ({
  eventSource: 'lambda.amazonaws.com',
  eventName,
  source: api.lambda('AddPermission'),
}));
/** GuardDuty's UpdateDetector, whose page documents each data source's `Enable` as true or false. */
const guardDutyDetector: DocumentedCall[] = [
  { eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', source: /* @__PURE__ */ api.guardduty('UpdateDetector') },
];

// Left the door open (left-the-door-open.yaml): the calls its templates read, with the API page
// that documents each parameter's kind.
const rdsPublicCalls: DocumentedCall[] = /* @__PURE__ */ [
  'CreateDBInstance',
  'ModifyDBInstance',
  'CreateDBInstanceReadReplica',
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBInstanceToPointInTime',
  'RestoreDBInstanceFromS3',
].map((eventName) => ({ eventSource: 'rds.amazonaws.com', eventName, source: `https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_${eventName}.html` }));
const redshiftPublicCalls: DocumentedCall[] = /* @__PURE__ */ ['CreateCluster', 'ModifyCluster', 'RestoreFromClusterSnapshot'].map((eventName) => ({
  eventSource: 'redshift.amazonaws.com',
  eventName,
  source: `https://docs.aws.amazon.com/redshift/latest/APIReference/API_${eventName}.html`,
}));
/** Lambda's function URL calls by the plain names CloudTrail writes and the versioned names some tools show. */
const lambdaFunctionUrlCalls: DocumentedCall[] = /* @__PURE__ */ [
  ['CreateFunctionUrlConfig', 'CreateFunctionUrlConfig'],
  ['UpdateFunctionUrlConfig', 'UpdateFunctionUrlConfig'],
  ['CreateFunctionUrlConfig20211031', 'CreateFunctionUrlConfig'],
  ['UpdateFunctionUrlConfig20211031', 'UpdateFunctionUrlConfig'],
].map(([eventName, action]) => ({ eventSource: 'lambda.amazonaws.com', eventName: eventName!, source: api.lambda(action!) }));
/** Lambda's AddLayerVersionPermission (API version 2018-10-31), whose page documents `Principal` as text. */
const lambdaLayerPermission: DocumentedCall[] = [
  { eventSource: 'lambda.amazonaws.com', eventName: 'AddLayerVersionPermission20181031', source: /* @__PURE__ */ api.lambda('AddLayerVersionPermission') },
];
const ramShareCalls: DocumentedCall[] = /* @__PURE__ */ ['CreateResourceShare', 'UpdateResourceShare'].map((eventName) => ({
  eventSource: 'ram.amazonaws.com',
  eventName,
  source: `https://docs.aws.amazon.com/ram/latest/APIReference/API_${eventName}.html`,
}));

/**
 * The kind of value CloudTrail writes at each path it documents, with the page that says so: the
 * CloudTrail record contents and userIdentity references for fields of every record, the console
 * sign-in reference for ConsoleLogin records, and the API reference of each call for its request
 * parameters (CloudTrail writes a call's request as the API takes it). A path not listed here, or
 * a call not listed for it, may hold anything: text, a number, true/false, null, a list or a group.
 */
// Marked pure so that browser code which needs only the plain names can leave this table out.
export const documentedTypes: Readonly<Record<string, DocumentedType>> = /* @__PURE__ */ (() => ({
  eventVersion: record('string'),
  eventTime: record('string'),
  eventSource: record('string'),
  eventName: record('string'),
  awsRegion: record('string'),
  sourceIPAddress: record('string'),
  userAgent: record('string'),
  errorCode: record('string'),
  errorMessage: record('string'),
  requestID: record('string'),
  eventID: record('string'),
  eventType: record('string'),
  apiVersion: record('string'),
  managementEvent: record('boolean'),
  readOnly: record('boolean'),
  recipientAccountId: record('string'),
  sharedEventID: record('string'),
  vpcEndpointId: record('string'),
  vpcEndpointAccountId: record('string'),
  eventCategory: record('string'),
  'tlsDetails.tlsVersion': record('string'),
  'tlsDetails.cipherSuite': record('string'),
  'tlsDetails.clientProvidedHostHeader': record('string'),
  'userIdentity.type': identity('string'),
  'userIdentity.principalId': identity('string'),
  'userIdentity.arn': identity('string'),
  'userIdentity.accountId': identity('string'),
  'userIdentity.accessKeyId': identity('string'),
  'userIdentity.userName': identity('string'),
  'userIdentity.invokedBy': identity('string'),
  'userIdentity.sessionContext.sourceIdentity': identity('string'),
  'userIdentity.sessionContext.ec2RoleDelivery': identity('string'),
  'userIdentity.sessionContext.attributes.creationDate': identity('string'),
  'userIdentity.sessionContext.attributes.mfaAuthenticated': identity('string'),
  'userIdentity.sessionContext.sessionIssuer.type': identity('string'),
  'userIdentity.sessionContext.sessionIssuer.principalId': identity('string'),
  'userIdentity.sessionContext.sessionIssuer.arn': identity('string'),
  'userIdentity.sessionContext.sessionIssuer.accountId': identity('string'),
  'userIdentity.sessionContext.sessionIssuer.userName': identity('string'),
  'userIdentity.sessionContext.webIdFederationData.federatedProvider': identity('string'),
  'additionalEventData.MFAUsed': calls('string', signIn),
  'additionalEventData.LoginTo': calls('string', signIn),
  'additionalEventData.MobileVersion': calls('string', signIn),
  'responseElements.ConsoleLogin': calls('string', signIn),
  'requestParameters.enable': calls('boolean', [
    { eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', source: api.guardduty('UpdateDetector') },
  ]),
  'requestParameters.dataSources.s3Logs.enable': calls('boolean', guardDutyDetector),
  'requestParameters.dataSources.kubernetes.auditLogs.enable': calls('boolean', guardDutyDetector),
  'requestParameters.action': calls('string', [
    { eventSource: 'guardduty.amazonaws.com', eventName: 'CreateFilter', source: api.guardduty('CreateFilter') },
    { eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateFilter', source: api.guardduty('UpdateFilter') },
  ]),
  'requestParameters.groupName': calls('string', iamCalls('AddUserToGroup')),
  'requestParameters.policyDocument': calls('string', iamCalls('PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'CreatePolicyVersion')),
  'requestParameters.assumeRolePolicyDocument': calls('string', iamCalls('CreateRole')),
  'requestParameters.managedPolicyArn': calls('string', [
    { eventSource: 'sso.amazonaws.com', eventName: 'AttachManagedPolicyToPermissionSet', source: api.sso('AttachManagedPolicyToPermissionSet') },
  ]),
  'requestParameters.principalOrgID': calls('string', lambdaAddPermission),
  'requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls': calls('boolean', publicAccessBlock),
  'requestParameters.PublicAccessBlockConfiguration.IgnorePublicAcls': calls('boolean', publicAccessBlock),
  'requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy': calls('boolean', publicAccessBlock),
  'requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets': calls('boolean', publicAccessBlock),
  'requestParameters.userName': calls(
    'string',
    iamCalls('CreateAccessKey', 'CreateUser', 'DeleteUser', 'CreateLoginProfile', 'UpdateLoginProfile', 'AttachUserPolicy', 'PutUserPolicy', 'AddUserToGroup'),
  ),
  'requestParameters.roleName': calls('string', iamCalls('CreateRole', 'DeleteRole', 'AttachRolePolicy', 'PutRolePolicy', 'UpdateAssumeRolePolicy')),
  'requestParameters.policyArn': calls('string', iamCalls('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')),
  'requestParameters.bucketName': calls('string', s3BucketCalls),
  'requestParameters.cidrIp': calls('string', securityGroupRuleCalls),
  'requestParameters.fromPort': calls('number', securityGroupRuleCalls),
  'requestParameters.instanceType': calls('string', [{ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', source: api.ec2('RunInstances') }]),
  // Pack "Someone turned off the lights" (turned-off-the-lights.yaml): each page types the parameter as text.
  'requestParameters.name': calls(
    'string',
    ['DisableRule', 'DeleteRule'].map((eventName) => ({ eventSource: 'events.amazonaws.com', eventName, source: `https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_${eventName}.html` })),
  ),
  'requestParameters.rule': calls('string', [
    { eventSource: 'events.amazonaws.com', eventName: 'RemoveTargets', source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemoveTargets.html' },
  ]),
  'requestParameters.Workflow.Status': calls('string', [
    { eventSource: 'securityhub.amazonaws.com', eventName: 'BatchUpdateFindings', source: 'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_WorkflowUpdate.html' },
  ]),
  'requestParameters.ControlStatus': calls('string', [
    { eventSource: 'securityhub.amazonaws.com', eventName: 'UpdateStandardsControl', source: 'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateStandardsControl.html' },
  ]),
  'requestParameters.BucketLoggingStatus.LoggingEnabled.TargetBucket': calls('string', [
    { eventSource: 's3.amazonaws.com', eventName: 'PutBucketLogging', source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_LoggingEnabled.html' },
  ]),
  // Quiet persistence pack (content/rules/quiet-persistence.yaml). Each page types the parameter the
  // rule reads: Attribute (ModifyInstanceAttribute) and Role (UpdateFunctionConfiguration) as text;
  // Egress as true/false and RuleAction, CidrBlock and Ipv6CidrBlock as text (network ACL entries);
  // HttpTokens as text; a launch template's UserData as text. CloudTrail writes the newer EC2 calls
  // with their request wrapped in one field named after it (ModifyInstanceMetadataOptionsRequest),
  // which holds the API's parameters as the page names them.
  'requestParameters.attribute': calls('string', [{ eventSource: 'ec2.amazonaws.com', eventName: 'ModifyInstanceAttribute', source: api.ec2('ModifyInstanceAttribute') }]),
  'requestParameters.role': calls('string', [
    { eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', source: api.lambda('UpdateFunctionConfiguration') },
  ]),
  ...Object.fromEntries(
    (
      [
        ['egress', 'boolean'],
        ['ruleAction', 'string'],
        ['cidrBlock', 'string'],
        ['ipv6CidrBlock', 'string'],
      ] as const
    ).map(([name, kind]) => [
      `requestParameters.${name}`,
      calls(kind, ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'].map((eventName) => ({ eventSource: 'ec2.amazonaws.com', eventName, source: api.ec2(eventName) }))),
    ]),
  ),
  'requestParameters.ModifyInstanceMetadataOptionsRequest.HttpTokens': calls('string', [
    { eventSource: 'ec2.amazonaws.com', eventName: 'ModifyInstanceMetadataOptions', source: api.ec2('ModifyInstanceMetadataOptions') },
  ]),
  'requestParameters.ModifyInstanceMetadataDefaultsRequest.HttpTokens': calls('string', [
    { eventSource: 'ec2.amazonaws.com', eventName: 'ModifyInstanceMetadataDefaults', source: api.ec2('ModifyInstanceMetadataDefaults') },
  ]),
  'requestParameters.CreateLaunchTemplateVersionRequest.LaunchTemplateData.UserData': calls('string', [
    { eventSource: 'ec2.amazonaws.com', eventName: 'CreateLaunchTemplateVersion', source: api.ec2('RequestLaunchTemplateData') },
  ]),
  'requestParameters.CreateLaunchTemplateRequest.LaunchTemplateData.UserData': calls('string', [
    { eventSource: 'ec2.amazonaws.com', eventName: 'CreateLaunchTemplate', source: api.ec2('RequestLaunchTemplateData') },
  ]),
  'requestParameters.principal': calls('string', [...lambdaAddPermission, ...lambdaLayerPermission]),
  // Left the door open (left-the-door-open.yaml).
  'requestParameters.publiclyAccessible': calls('boolean', [...rdsPublicCalls, ...redshiftPublicCalls]),
  'requestParameters.authType': calls('string', lambdaFunctionUrlCalls),
  // One ownership rule is allowed, so CloudTrail writes Rule as one group, not a list.
  'requestParameters.OwnershipControls.Rule.ObjectOwnership': calls('string', [
    { eventSource: 's3.amazonaws.com', eventName: 'PutBucketOwnershipControls', source: /* @__PURE__ */ api.s3('PutBucketOwnershipControls') },
  ]),
  'requestParameters.policyText': calls('string', [
    { eventSource: 'ecr.amazonaws.com', eventName: 'SetRepositoryPolicy', source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html' },
  ]),
  'requestParameters.allowExternalPrincipals': calls('boolean', ramShareCalls),
  'requestParameters.organizationId': calls('string', lambdaLayerPermission),
  // Keys to the kingdom (content/rules/keys-to-the-kingdom.yaml): UpdateAccessKey's page documents
  // Status as the text Active or Inactive, so access-key-turned-back-on exports to every tool.
  'requestParameters.status': calls('string', iamCalls('UpdateAccessKey')),
  // Ransomware's first moves (content/rules/ransomware-first-moves.yaml): each call's API reference
  // documents these as text or as true/false.
  'requestParameters.VersioningConfiguration.Status': calls('string', [{ eventSource: 's3.amazonaws.com', eventName: 'PutBucketVersioning', source: api.s3('PutBucketVersioning') }]),
  'requestParameters.VersioningConfiguration.MfaDelete': calls('string', [{ eventSource: 's3.amazonaws.com', eventName: 'PutBucketVersioning', source: api.s3('PutBucketVersioning') }]),
  'requestParameters.deletionProtection': calls(
    'boolean',
    ['ModifyDBInstance', 'ModifyDBCluster'].map((eventName) => ({ eventSource: 'rds.amazonaws.com', eventName, source: `https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_${eventName}.html` })),
  ),
  'requestParameters.skipFinalSnapshot': calls(
    'boolean',
    ['DeleteDBInstance', 'DeleteDBCluster'].map((eventName) => ({ eventSource: 'rds.amazonaws.com', eventName, source: `https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_${eventName}.html` })),
  ),
  'requestParameters.origin': calls('string', [{ eventSource: 'kms.amazonaws.com', eventName: 'CreateKey', source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html' }]),
}))();

/** Every field the builder offers, most useful first, with what AWS documents about it. */
export const cloudTrailFields: readonly CatalogueField[] = /* @__PURE__ */ offeredFields.map((f) => {
  const documented = documentedTypes[f.path];
  return documented ? { ...f, documented } : { ...f };
});

/** The catalogue entry for a path, if the builder offers it. */
export function catalogueField(path: string): CatalogueField | undefined {
  return cloudTrailFields.find((f) => f.path === path);
}

/** The calls a rule pins: the event names (and sources) every event it can fire on must have. */
export interface PinnedCalls {
  eventSource?: ReadonlySet<string>;
  eventName?: ReadonlySet<string>;
}

/**
 * The documented kind at a path for events of the pinned calls, or undefined when AWS documents
 * none there: a field of the record always has its kind; a call-scoped field has it only when every
 * pinned call is one AWS documents it for.
 */
export function documentedKind(path: string, pinned: PinnedCalls = {}): FieldKind | undefined {
  const documented = documentedTypes[path];
  if (!documented) return undefined;
  if (!documented.calls) return documented.kind;
  const names = pinned.eventName;
  if (!names || names.size === 0) return undefined;
  for (const name of names) {
    const matching = documented.calls.filter((c) => c.eventName === name);
    if (matching.length === 0) return undefined;
    if (matching.some((c) => c.eventSource === undefined)) continue;
    const sources = pinned.eventSource;
    if (!sources || sources.size === 0 || ![...sources].every((s) => matching.some((c) => c.eventSource === s))) return undefined;
  }
  return documented.kind;
}

/** The page that documents a path for the pinned calls (the first call's API reference for call-scoped fields). */
export function documentationOf(path: string, pinned: PinnedCalls = {}): string | undefined {
  const documented = documentedTypes[path];
  if (!documented || documentedKind(path, pinned) === undefined) return undefined;
  if (documented.source) return documented.source;
  const name = pinned.eventName ? [...pinned.eventName][0] : undefined;
  return documented.calls?.find((c) => c.eventName === name)?.source;
}

/**
 * The documented kind at a path on one record, from that record's own event source and name (or,
 * for an audit event of a cluster, its own resource).
 */
export function documentedKindOn(path: string, event: { [key: string]: unknown }): FieldKind | undefined {
  if (sourceOfEvent(event) === 'k8s-audit') {
    const resource = rawAt(event, 'objectRef.resource');
    return auditDocumentedKind(path, typeof resource === 'string' ? new Set([resource]) : undefined);
  }
  const source = event['eventSource'];
  const name = event['eventName'];
  return documentedKind(path, {
    ...(typeof source === 'string' ? { eventSource: new Set([source]) } : {}),
    ...(typeof name === 'string' ? { eventName: new Set([name]) } : {}),
  });
}

/**
 * Whether an audit event holds what the API documents along a path through lists
 * (`requestObject.spec.containers[].securityContext.privileged`): each step a group of fields or
 * missing, each `name[]` step a list of groups, and at the end a value of the field's kind (a list
 * of them for a field that holds several).
 */
function fitsThroughLists(here: unknown, steps: readonly string[], field: { kind: FieldKind; list?: 'values' }): boolean {
  if (here === undefined) return true;
  if (steps.length === 0) return field.list === 'values' ? Array.isArray(here) && here.every((v) => typeof v === field.kind) : typeof here === field.kind;
  if (here === null || typeof here !== 'object' || Array.isArray(here)) return false;
  const [step, ...rest] = steps as [string, ...string[]];
  const name = step.endsWith('[]') ? step.slice(0, -2) : step;
  const next = Object.hasOwn(here, name) ? (here as Record<string, unknown>)[name] : undefined;
  if (!step.endsWith('[]') || next === undefined) return fitsThroughLists(next, rest, field);
  return Array.isArray(next) && next.every((item) => item !== undefined && fitsThroughLists(item, rest, field));
}

/** What a record holds at a dotted path; undefined when a step is missing. */
function rawAt(event: unknown, path: string): unknown {
  let here: unknown = event;
  for (const step of path.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return undefined;
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

/**
 * The documented paths where a record holds something other than what AWS documents (a record
 * CloudTrail could not write): empty for every record CloudTrail writes.
 */
export function undocumentedShapes(event: { [key: string]: unknown }): string[] {
  const out: string[] = [];
  if (sourceOfEvent(event) === 'k8s-audit') {
    const resource = rawAt(event, 'objectRef.resource');
    for (const field of auditFields) {
      if (field.path.includes('[]')) {
        if (field.resources?.includes(resource as string) && !fitsThroughLists(event, field.path.split('.'), field)) out.push(field.path);
        continue;
      }
      const value = rawAt(event, field.path);
      if (value === undefined) continue;
      const fits =
        (field.list === 'values' ? Array.isArray(value) && value.every((v) => typeof v === field.kind) : typeof value === documentedKindOn(field.path, event)) &&
        !(field.neverEmpty && (value === '' || (Array.isArray(value) && value.includes(''))));
      if (!fits && (field.list === 'values' || documentedKindOn(field.path, event) !== undefined)) out.push(field.path);
    }
    return [...new Set(out)];
  }
  for (const path of Object.keys(documentedTypes)) {
    const kind = documentedKindOn(path, event);
    if (kind === undefined) continue;
    const value = rawAt(event, path);
    if (value !== undefined && typeof value !== kind) out.push(path);
  }
  if (!identityNamesAgree(event)) out.push('userIdentity.sessionContext.sessionIssuer.userName');
  return out;
}

/**
 * Whether the names in userIdentity relate as AWS documents them (CloudTrail userIdentity element,
 * sessionIssuer: "the name or alias of the user or role that issued the session", null for a root
 * account without an alias; userName "not present" for AssumedRole and FederatedUser). A session
 * issued by a role or an IAM user names it in sessionIssuer.userName, which is the last part of
 * sessionIssuer.arn (IAM names hold no "/"), and the caller has no userIdentity.userName; a root
 * issuer's ARN ends in ":root" and its userName is the account alias, the same as
 * userIdentity.userName, or absent with it; no other issuer writes a userName or an ARN with a
 * path. Exports that can read a name only through another field (Elastic keeps the role only in
 * its ARN) rely on this.
 */
function identityNamesAgree(event: { [key: string]: unknown }): boolean {
  const type = rawAt(event, 'userIdentity.sessionContext.sessionIssuer.type');
  const arn = rawAt(event, 'userIdentity.sessionContext.sessionIssuer.arn');
  const name = rawAt(event, 'userIdentity.sessionContext.sessionIssuer.userName');
  const userName = rawAt(event, 'userIdentity.userName');
  const arnHasPath = typeof arn === 'string' && arn.includes('/');
  if (type === 'Role' || type === 'IAMUser')
    return typeof name === 'string' && !name.includes('/') && typeof arn === 'string' && arn.endsWith(`/${name}`) && userName === undefined;
  if (type === 'Root') return !arnHasPath && name === userName;
  return name === undefined && !arnHasPath;
}

// ---------------------------------------------------------------- lists in real records

/**
 * Paths that hold a list in real CloudTrail records (the Stratus Red Team records in
 * `../shared/corpora`; a test checks each against them), and what the list's items are: `values`
 * (text, numbers) or `groups` of fields. A rule reads a list by any of its values (`canonical.ts`),
 * so a test on a list of values holds when one item passes, and a test on a list of groups never
 * finds a value. The import of Sigma rules says so where it tests one of these.
 */
export const listsInRealRecords: Readonly<Record<string, 'values' | 'groups'>> = {
  'requestParameters.instanceIds': 'values',
  'requestParameters.layers': 'values',
  'requestParameters.names': 'values',
  'requestParameters.roleArns': 'values',
  'requestParameters.valuesToAdd': 'values',
  'responseElements.architectures': 'values',
  'requestParameters.createVolumePermission.add.items': 'groups',
  'requestParameters.eventSelectors': 'groups',
  'requestParameters.filters': 'groups',
  'requestParameters.instancesSet.items': 'groups',
  'requestParameters.launchPermission.add.items': 'groups',
  'requestParameters.tags': 'groups',
  'responseElements.instancesSet.items': 'groups',
  'responseElements.layers': 'groups',
  resources: 'groups',
};
