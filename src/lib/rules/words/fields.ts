/**
 * What the fields and values of a CloudTrail record are called in a sentence. Plain words come
 * first; the name AWS writes in the record comes after them in brackets, never instead of them
 * ("the root user (Root)", "servers (EC2)"). Field paths are never shown for the fields named here
 * or in the field catalogue; an unknown field is named by its last part in words, with its path in
 * brackets so an expert can find it.
 */
import { actions } from '../actions.ts';
import { plainNameOf } from '../field-names.ts';
import type { Scalar } from '../model.ts';

/**
 * How a field is named as the subject of a clause: "the region", "the tool that made the call".
 * Another source's catalogue adds its own names when it loads (sources/k8s-audit-actions.ts), so
 * the page carries only CloudTrail's until someone picks the cluster.
 */
export const subjects: Record<string, string> = {
  eventSource: 'the service called',
  eventName: 'the call',
  eventType: 'the kind of event',
  awsRegion: 'the region',
  errorCode: 'the error code',
  errorMessage: 'the failure message',
  sourceIPAddress: 'the address the call came from',
  userAgent: 'the tool that made the call',
  'userIdentity.type': 'the kind of identity that acted',
  'userIdentity.userName': 'the user name',
  'userIdentity.arn': 'the full name of who acted',
  'userIdentity.accountId': 'the account of who acted',
  'userIdentity.invokedBy': 'the AWS service that acted for someone',
  'userIdentity.sessionContext.sessionIssuer.userName': 'the role',
  'userIdentity.sessionContext.sessionIssuer.arn': 'the full name of the role',
  'requestParameters.cidrIp': 'the address range a firewall rule lets in',
  'requestParameters.cidrIpv6': 'the address range (IPv6) a firewall rule lets in',
  'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp': 'an address range any of the rules added lets in',
  'requestParameters.ipPermissions.items[].ipv6Ranges.items[].cidrIpv6': 'an address range (IPv6) any of the rules added lets in',
  'requestParameters.ipPermissions.items[].fromPort': 'the first port of any of the rules added',
  'requestParameters.ipPermissions.items[].toPort': 'the last port of any of the rules added',
  'requestParameters.ipPermissions.items[].ipProtocol': 'the protocol of any of the rules added',
  'requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule.CidrIpv4': 'the address range a changed firewall rule lets in',
  'requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule.CidrIpv6': 'the address range (IPv6) a changed firewall rule lets in',
  'requestParameters.launchPermission.add.items[].userId': 'an added account',
  'requestParameters.launchPermission.add.items[].group': 'an added group',
  'requestParameters.createVolumePermission.add.items[].userId': 'an added account',
  'requestParameters.createVolumePermission.add.items[].group': 'an added group',
  'requestParameters.valuesToAdd': 'an added account',
  'requestParameters.principal': 'who the permission is for',
  'requestParameters.userName': 'the user',
  'requestParameters.roleName': 'the role',
  'requestParameters.policyArn': 'the policy',
  'requestParameters.bucketName': 'the bucket',
};

/**
 * Fields that hold yes or no: each value said as what it means. A field here reads as a clause
 * ("the call only read things"), so "is not" becomes the other answer.
 */
const yesNo: Readonly<Record<string, { yes: string; no: string; values?: readonly [Scalar, Scalar] }>> = {
  readOnly: { yes: 'the call only read things', no: 'the call changed something' },
  managementEvent: { yes: 'the call was about account settings', no: 'the call was about data' },
  'additionalEventData.MFAUsed': { yes: 'a second factor (MFA) was used', no: 'no second factor (MFA) was used', values: ['Yes', 'No'] },
  'userIdentity.sessionContext.attributes.mfaAuthenticated': { yes: 'the session used a second factor (MFA)', no: 'the session used no second factor (MFA)', values: ['true', 'false'] },
  'responseElements.ConsoleLogin': { yes: 'the sign-in worked', no: 'the sign-in failed', values: ['Success', 'Failure'] },
  'requestParameters.enable': { yes: 'the call turns the detector on', no: 'the call turns the detector off' },
  'requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls': { yes: 'new public lists are blocked', no: 'new public lists are allowed' },
  'requestParameters.PublicAccessBlockConfiguration.IgnorePublicAcls': { yes: 'public lists are ignored', no: 'public lists count' },
  'requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy': { yes: 'public policies are blocked', no: 'public policies are allowed' },
  'requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets': { yes: 'public buckets are restricted', no: 'public buckets are allowed' },
};

/**
 * Who acted, by the kind of identity CloudTrail writes (userIdentity.type), as the subject of a
 * sentence: "When the root user signs in…". The builder's "Who" choices use the same words.
 */
export const actorWords = {
  Root: 'the root user',
  IAMUser: 'a person signed in as an IAM user',
  AssumedRole: 'someone using a role',
  FederatedUser: 'someone signed in through single sign-on',
} as const;

/** Values AWS writes as names, said in plain words first. */
const valueNames: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'userIdentity.type': {
    Root: 'the root user',
    IAMUser: 'a user with a password or long-lived key',
    AssumedRole: 'someone using a role',
    FederatedUser: 'someone signed in through another system',
    AWSService: 'an AWS service',
    AWSAccount: 'another AWS account',
    IdentityCenterUser: 'someone signed in through single sign-on',
    Unknown: 'an unknown identity',
  },
  eventType: {
    AwsApiCall: 'a call to AWS',
    AwsServiceEvent: 'something AWS did by itself',
    AwsConsoleSignIn: 'a console sign-in',
    AwsConsoleAction: 'an action in the console',
    AwsCloudTrailInsight: 'an unusual pattern CloudTrail noticed',
  },
  'requestParameters.principal': { '*': 'anyone' },
  // GuardDuty's filter action: ARCHIVE hides the findings it matches.
  'requestParameters.action': { ARCHIVE: 'archive (hide) the findings' },
  'userIdentity.invokedBy': {
    'autoscaling.amazonaws.com': 'auto-scaling',
    'eks-nodegroup.amazonaws.com': 'an EKS node group',
    'eks.amazonaws.com': 'EKS',
    'ec2fleet.amazonaws.com': 'an EC2 Fleet',
    'spotfleet.amazonaws.com': 'a Spot Fleet',
    'batch.amazonaws.com': 'AWS Batch',
    'elasticmapreduce.amazonaws.com': 'an EMR cluster',
    'cloudformation.amazonaws.com': 'CloudFormation',
    'elasticloadbalancing.amazonaws.com': 'a load balancer',
    'ecs.amazonaws.com': 'ECS',
    'lambda.amazonaws.com': 'Lambda',
    'ssm.amazonaws.com': 'Systems Manager',
    'backup.amazonaws.com': 'AWS Backup',
    'config.amazonaws.com': 'Config',
    'AWS Internal': 'AWS itself',
  },
};

/** A value as written in the record; quoted only where it has spaces or is empty, so it reads as one thing. */
export function show(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  return /^[^\s“”"]+$/.test(value) ? value : `“${value}”`;
}

/** "a", "a or b", "a, b or c". */
export function either(items: readonly string[], word = 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** "requestParameters.enable" → "enable"; "BlockPublicAcls" → "block public acls". */
function lastPartInWords(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The field as a person would name it: "the region", or for an unknown field its last part in words with the path in brackets. */
export function fieldSubject(path: string): string {
  const known = subjects[path];
  if (known) return known;
  const plain = plainNameOf(path);
  if (plain && !plain.includes('(')) return /^(whether|the) /i.test(plain) ? plain[0]!.toLowerCase() + plain.slice(1) : `the ${plain[0]!.toLowerCase()}${plain.slice(1)}`;
  // A path through a list (`items[].cidrIp`) reads every item: the sentence says "any".
  return path.includes('[]') ? `the “${lastPartInWords(path)}” value of any item (${path})` : `the “${lastPartInWords(path)}” value (${path})`;
}

/** A value of a field in plain words, with the name AWS writes in brackets: "the root user (Root)". */
export function valueWords(path: string, value: Scalar): string {
  const named = valueNames[path]?.[String(value)];
  return named ? `${named} (${show(value)})` : show(value);
}

/** For a yes-or-no field, the clause a value makes ("the sign-in worked"), or undefined. */
export function yesNoWords(path: string, value: Scalar, negated: boolean): string | undefined {
  const field = yesNo[path];
  if (!field) return undefined;
  const [yesValue, noValue] = field.values ?? [true, false];
  const isYes = String(value) === String(yesValue);
  const isNo = String(value) === String(noValue);
  if (!isYes && !isNo) return undefined;
  return isYes !== negated ? field.yes : field.no;
}

/** True when a field holds yes or no, so that "is there" and "is missing" read as that. */
export const isYesNoField = (path: string): boolean => path in yesNo;

/** The services by the names people know them by, plain words first: "servers (EC2)". */
const serviceNames: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (const a of actions) {
    if (names.has(a.eventSource)) continue;
    // The catalogue writes "EC2 (servers)", so people can find it in the console; a sentence says the plain words first.
    const m = /^(.+?) \((.+)\)$/.exec(a.service);
    names.set(a.eventSource, m ? `${m[2]} (${m[1]})` : a.service.toLowerCase());
  }
  return names;
})();

/** An eventSource said plainly: "servers (EC2)" for ec2.amazonaws.com; an unknown one in brackets after "a service". */
export function serviceWords(source: Scalar): string {
  return serviceNames.get(String(source)) ?? `a service (${show(source)})`;
}

/** The AWS service that acted for someone, as people know it: "auto-scaling". */
export function actingServiceWords(value: Scalar | undefined): string {
  if (value === undefined) return 'an AWS service';
  return valueNames['userIdentity.invokedBy']![String(value)] ?? `an AWS service (${show(value)})`;
}
