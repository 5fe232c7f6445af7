/**
 * The CloudTrail fields the rule builder offers, with plain names and example values: the part of
 * the field catalogue that words and forms need. Kept apart from what AWS documents about each field
 * (fields.ts), so the rule builder's page can name fields before editing starts without loading the
 * documented types, which only exports and checks need.
 *
 * Paths are as CloudTrail writes them, so they can be used directly in a rule's `field`.
 */

/** What kind of value CloudTrail writes in a field. */
export type FieldKind = 'string' | 'boolean' | 'number';

/** One field a builder offers. */
export interface OfferedField {
  /** The dotted path into the CloudTrail record. */
  path: string;
  /** What the field is, in plain words. */
  plainName: string;
  kind: FieldKind;
  /** Values the field really takes, exactly as CloudTrail writes them. */
  examples: readonly (string | boolean | number)[];
}

/** Every field the builder offers, most useful first (fields.ts adds what AWS documents about each). */
export const offeredFields: readonly OfferedField[] = [
  {
    path: 'eventSource',
    plainName: 'Which AWS service was called',
    kind: 'string',
    examples: ['ec2.amazonaws.com', 'iam.amazonaws.com', 's3.amazonaws.com', 'signin.amazonaws.com', 'cloudtrail.amazonaws.com'],
  },
  {
    path: 'eventName',
    plainName: 'What was done (the API call)',
    kind: 'string',
    examples: ['RunInstances', 'ConsoleLogin', 'CreateUser', 'CreateAccessKey', 'StopLogging', 'DeleteTrail'],
  },
  {
    path: 'eventType',
    plainName: 'Kind of event',
    kind: 'string',
    examples: ['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent'],
  },
  {
    path: 'awsRegion',
    plainName: 'Region',
    kind: 'string',
    examples: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  },
  {
    path: 'errorCode',
    plainName: 'Why the call failed (empty when it worked)',
    kind: 'string',
    examples: ['AccessDenied', 'Client.UnauthorizedOperation', 'NoSuchEntityException'],
  },
  {
    path: 'errorMessage',
    plainName: 'The failure message',
    kind: 'string',
    examples: ['Failed authentication'],
  },
  {
    path: 'readOnly',
    plainName: 'Whether the call only read things',
    kind: 'boolean',
    examples: [true, false],
  },
  {
    path: 'managementEvent',
    plainName: 'Whether the call changed or read account settings (not data)',
    kind: 'boolean',
    examples: [true, false],
  },
  {
    path: 'sourceIPAddress',
    plainName: 'Address the call came from',
    kind: 'string',
    examples: ['203.0.113.10', 'autoscaling.amazonaws.com'],
  },
  {
    path: 'userAgent',
    plainName: 'Tool that made the call',
    kind: 'string',
    examples: ['aws-cli/2.15.0', 'console.amazonaws.com', 'Boto3/1.34.0'],
  },
  {
    path: 'userIdentity.type',
    plainName: 'Kind of identity that acted',
    kind: 'string',
    examples: ['IAMUser', 'AssumedRole', 'Root', 'AWSService', 'FederatedUser'],
  },
  {
    path: 'userIdentity.userName',
    plainName: 'User name of the person who acted',
    kind: 'string',
    examples: ['alice', 'deploy-bot'],
  },
  {
    path: 'userIdentity.arn',
    plainName: 'Full name (ARN) of who acted',
    kind: 'string',
    examples: ['arn:aws:iam::123456789012:user/alice'],
  },
  {
    path: 'userIdentity.accountId',
    plainName: 'Account of who acted',
    kind: 'string',
    examples: ['123456789012'],
  },
  {
    path: 'userIdentity.invokedBy',
    plainName: 'AWS service that acted on someone’s behalf',
    kind: 'string',
    examples: ['autoscaling.amazonaws.com', 'eks-nodegroup.amazonaws.com', 'cloudformation.amazonaws.com'],
  },
  {
    path: 'userIdentity.sessionContext.sessionIssuer.userName',
    plainName: 'Role behind the session',
    kind: 'string',
    examples: ['github-deploy', 'AWSReservedSSO_AdministratorAccess_0123456789abcdef'],
  },
  {
    path: 'userIdentity.sessionContext.attributes.mfaAuthenticated',
    plainName: 'Whether the session used MFA',
    kind: 'string',
    examples: ['true', 'false'],
  },
  {
    path: 'additionalEventData.MFAUsed',
    plainName: 'Whether the console sign-in used MFA',
    kind: 'string',
    examples: ['Yes', 'No'],
  },
  {
    path: 'responseElements.ConsoleLogin',
    plainName: 'Whether the console sign-in worked',
    kind: 'string',
    examples: ['Success', 'Failure'],
  },
  {
    path: 'requestParameters.userName',
    plainName: 'User the call was about',
    kind: 'string',
    examples: ['malicious-iam-user'],
  },
  {
    path: 'requestParameters.roleName',
    plainName: 'Role the call was about',
    kind: 'string',
    examples: ['admin'],
  },
  {
    path: 'requestParameters.policyArn',
    plainName: 'Permission policy the call was about',
    kind: 'string',
    examples: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  },
  {
    path: 'requestParameters.bucketName',
    plainName: 'Storage bucket the call was about',
    kind: 'string',
    examples: ['my-team-backups'],
  },
  {
    path: 'requestParameters.cidrIp',
    plainName: 'Addresses a firewall rule lets in',
    kind: 'string',
    examples: ['0.0.0.0/0', '10.0.0.0/8'],
  },
  {
    path: 'requestParameters.fromPort',
    plainName: 'First port a firewall rule opens',
    kind: 'number',
    examples: [22, 3389, 443],
  },
  // How the console, Terraform and the SDKs write the rules of AuthorizeSecurityGroupIngress:
  // a list of permissions, each with lists of address ranges. `[]` reads every item (canonical.ts).
  {
    path: 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp',
    plainName: 'Addresses any of the rules added lets in',
    kind: 'string',
    examples: ['0.0.0.0/0', '10.0.0.0/8'],
  },
  {
    path: 'requestParameters.ipPermissions.items[].ipv6Ranges.items[].cidrIpv6',
    plainName: 'Addresses (IPv6) any of the rules added lets in',
    kind: 'string',
    examples: ['::/0', '2001:db8::/32'],
  },
  {
    path: 'requestParameters.ipPermissions.items[].fromPort',
    plainName: 'First port any of the rules added opens',
    kind: 'number',
    examples: [22, 3389, 443],
  },
  {
    path: 'requestParameters.ipPermissions.items[].toPort',
    plainName: 'Last port any of the rules added opens',
    kind: 'number',
    examples: [22, 3389, 443],
  },
  {
    path: 'requestParameters.ipPermissions.items[].ipProtocol',
    plainName: 'Protocol any of the rules added allows',
    kind: 'string',
    examples: ['tcp', 'udp', '-1'],
  },
  // ModifySecurityGroupRules writes the changed rule under the names of the query API.
  {
    path: 'requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule.CidrIpv4',
    plainName: 'Addresses a changed firewall rule lets in',
    kind: 'string',
    examples: ['0.0.0.0/0', '10.0.0.0/8'],
  },
  {
    path: 'requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule.CidrIpv6',
    plainName: 'Addresses (IPv6) a changed firewall rule lets in',
    kind: 'string',
    examples: ['::/0', '2001:db8::/32'],
  },
  {
    path: 'requestParameters.instanceType',
    plainName: 'Server size asked for',
    kind: 'string',
    examples: ['t3.micro', 'p4d.24xlarge'],
  },
  {
    path: 'recipientAccountId',
    plainName: 'Account the event happened in',
    kind: 'string',
    examples: ['123456789012'],
  },
];

/**
 * The fields of the other sources, added by their own catalogue when it loads
 * (sources/k8s-audit-actions.ts), so the page loads only the fields of the source a person uses.
 */
const otherFields = new Map<string, readonly OfferedField[]>();

/** Adds the fields a builder offers for a source other than CloudTrail. */
export function addSourceFields(source: 'k8s-audit', fields: readonly OfferedField[]): void {
  otherFields.set(source, fields);
}

/** The fields a builder offers for a source: CloudTrail's, or another source's once loaded. */
export function fieldsOf(source: 'cloudtrail' | 'k8s-audit' = 'cloudtrail'): readonly OfferedField[] {
  return source === 'cloudtrail' ? offeredFields : (otherFields.get(source) ?? []);
}

/** The field at a path for a source (CloudTrail unless told). */
export function fieldOf(path: string, source: 'cloudtrail' | 'k8s-audit' = 'cloudtrail'): OfferedField | undefined {
  return fieldsOf(source).find((f) => f.path === path);
}

/** A field's plain name, if the builder offers it; light enough for code that loads before editing. */
export function plainNameOf(path: string): string | undefined {
  return offeredField(path)?.plainName;
}

/** The offered field at a path, if the builder offers it. */
export function offeredField(path: string): OfferedField | undefined {
  return offeredFields.find((f) => f.path === path);
}
