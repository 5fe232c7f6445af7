/**
 * Common things people do in an AWS account, in plain words, each with the CloudTrail calls it
 * shows up as. The rule builder offers these for "When someone …", and reads an existing rule
 * back into them so that it can be shown as a sentence.
 *
 * Loaded before the user starts editing, so it imports types only and keeps its data terse.
 * Every source/name pair is checked against real records, real rules or AWS's own API lists
 * (tests/unit/rules/actions.test.ts says which, pair by pair).
 *
 * One concern, though a long file: the catalogue, mostly data (most of the file is one entry per
 * action), and the short functions that go both ways between it and a rule's condition (search,
 * action to condition, condition back to actions). They read only the catalogue and nothing else.
 */
import type { Condition } from './model.ts';
import type { RuleSource } from './sources.ts';

/** The request parameter that says what an action was done to ("to what"). */
export interface ActionTarget {
  /** The dotted path in the CloudTrail record. */
  field: string;
  /** What it names, said after "to": "the bucket". */
  label: string;
  /** A value it really takes. */
  example: string;
}

export interface Action {
  id: string;
  /** A verb phrase that completes "When someone …". */
  label: string;
  /** The service in plain words, with its AWS name first so people can find it in the console. */
  service: string;
  eventSource: string;
  /** The exact CloudTrail eventName values; several where one plain action is several calls. */
  eventNames: readonly string[];
  keywords: readonly string[];
  /**
   * What to check first when it fires: one plain sentence, no "how soon" words (the urgency adds
   * the when: "Act now.", "Today, …"). A cluster action carries its own; a CloudTrail action's is in
   * action-checks.ts, added with `addActionChecks` (see `checkOf`).
   */
  check?: string;
  targets?: readonly ActionTarget[];
  /**
   * For an action on a source other than CloudTrail (its `eventSource` is then the source's name,
   * like `k8s-audit`, and `eventNames` what an expert sees in brackets): the tests that must all hold.
   */
  parts?: readonly Condition[];
}

const EC2 = 'EC2 (servers)';
const VPC = 'VPC (private networks)';
const IAM = 'IAM (users and permissions)';
const S3 = 'S3 (storage buckets)';
const TRAIL = 'CloudTrail (audit log)';
const GD = 'GuardDuty (threat detection)';
const CONFIG = 'Config (record of settings changes)';
const KMS = 'KMS (encryption keys)';
const SECRETS = 'Secrets Manager (passwords and keys)';
const STS = 'STS (temporary keys)';
const SIGNIN = 'Console sign-in';
const LAMBDA = 'Lambda (functions)';
const ORGS = 'Organizations (your accounts)';
const SSM = 'Systems Manager (commands on servers)';
const RDS = 'RDS (databases)';
const DNS = 'Route 53 Resolver (DNS)';
const ACCOUNT = 'Account (contacts and regions)';
const LOGS = 'CloudWatch Logs (stored logs)';
const ALARMS = 'CloudWatch (alarms)';
const SNS = 'SNS (alert messages)';
const HUB = 'Security Hub (security findings)';
const ANALYZER = 'IAM Access Analyzer (access from outside)';
const REDSHIFT = 'Redshift (data warehouse)';
const ECR = 'ECR (container images)';
const ECR_PUBLIC = 'ECR Public (public container images)';
const DOMAINS = 'Route 53 Domains (domain names)';
const BACKUP = 'AWS Backup (backups)';

const t = (field: string, label: string, example: string): ActionTarget => ({ field: `requestParameters.${field}`, label, example });
const bucket = [t('bucketName', 'the bucket', 'my-bucket')];
const user = [t('userName', 'the user', 'alice')];
const role = [t('roleName', 'the role', 'deploy-bot')];
const group = [t('groupName', 'the group', 'developers')];
const firewall = [t('groupId', 'the firewall group', 'sg-0123456789abcdef0')];
const vpc = [t('vpcId', 'the private network', 'vpc-0123456789abcdef0')];
const trail = [t('name', 'the trail', 'management-events')];
const detector = [t('detectorId', 'the detector', '12abc34d567e8fa901bc2d34e56789f0')];
const key = [t('keyId', 'the key', '1234abcd-12ab-34cd-56ef-1234567890ab')];
const secret = [t('secretId', 'the secret', 'prod/db-password')];
const fn = [t('functionName', 'the function', 'my-function')];
const logGroup = [t('logGroupName', 'the log group', '/aws/lambda/my-function')];
const imageStore = [t('repositoryName', 'the image store', 'my-app')];
const policy = [t('policyArn', 'the policy', 'arn:aws:iam::aws:policy/AdministratorAccess')];

/**
 * One action; names and keywords are written as space-separated words to keep the table short.
 * What to check first is in action-checks.ts.
 */
function a(
  id: string,
  label: string,
  service: string,
  eventSource: string,
  names: string,
  keywords: string,
  targets?: readonly ActionTarget[],
): Action {
  const action: Action = { id, label, service, eventSource: `${eventSource}.amazonaws.com`, eventNames: names.split(' '), keywords: keywords.split(' ') };
  return targets ? { ...action, targets } : action;
}

/** What to check first, by action id, once action-checks.ts is added. */
const addedChecks = new Map<string, string>();

/** Adds the lines of what to check first (action-checks.ts); adding them twice changes nothing. */
export function addActionChecks(checks: Readonly<Record<string, string>>): void {
  for (const [id, check] of Object.entries(checks)) addedChecks.set(id, check);
}

/** What to check first when an action fires, or undefined while its line has not loaded. */
export const checkOf = (action: Action): string | undefined => action.check ?? addedChecks.get(action.id);

export const actions: readonly Action[] = [
  // Servers
  a('start-server', 'starts a server', EC2, 'ec2', 'RunInstances', 'launch instance vm machine new', [t('instanceType', 'the server size', 't3.micro')]),
  a('restart-stopped-server', 'starts a stopped server again', EC2, 'ec2', 'StartInstances', 'instance resume'),
  a('stop-server', 'stops a server', EC2, 'ec2', 'StopInstances', 'instance shutdown'),
  a('delete-server', 'deletes a server', EC2, 'ec2', 'TerminateInstances', 'instance terminate destroy'),
  a('change-server-settings', 'changes a server’s settings', EC2, 'ec2', 'ModifyInstanceAttribute', 'instance user-data attribute'),
  a('list-servers', 'lists the servers', EC2, 'ec2', 'DescribeInstances', 'instance discovery describe'),
  a('read-server-password', 'reads a Windows server’s password', EC2, 'ec2', 'GetPasswordData', 'instance windows administrator'),
  a('turn-on-serial-console', 'turns on the serial console for servers', EC2, 'ec2', 'EnableSerialConsoleAccess', 'instance access'),
  a('push-ssh-key', 'sends a short-lived SSH key to a server', EC2, 'ec2-instance-connect', 'SendSSHPublicKey SendSerialConsoleSSHPublicKey', 'instance connect login'),
  a('create-ssh-key', 'creates an SSH key pair for servers', EC2, 'ec2', 'CreateKeyPair', 'keypair login'),
  a('import-ssh-key', 'adds an SSH key of their own for servers', EC2, 'ec2', 'ImportKeyPair', 'keypair login upload'),
  a('share-server-image', 'shares a server image', EC2, 'ec2', 'ModifyImageAttribute', 'ami public exfiltration', [t('imageId', 'the image', 'ami-0123456789abcdef0')]),
  a('share-disk-snapshot', 'shares a disk copy', EC2, 'ec2', 'ModifySnapshotAttribute', 'ebs snapshot public exfiltration', [t('snapshotId', 'the disk copy', 'snap-0123456789abcdef0')]),
  a('delete-disk-snapshot', 'deletes a disk copy', EC2, 'ec2', 'DeleteSnapshot', 'ebs snapshot backup', [t('snapshotId', 'the disk copy', 'snap-0123456789abcdef0')]),
  a('delete-disk', 'deletes a disk', EC2, 'ec2', 'DeleteVolume', 'ebs volume', [t('volumeId', 'the disk', 'vol-0123456789abcdef0')]),
  a('open-firewall-port', 'opens a port in a firewall group', EC2, 'ec2', 'AuthorizeSecurityGroupIngress ModifySecurityGroupRules', 'security group ingress inbound allow', firewall),
  a('allow-outbound-traffic', 'lets a firewall group send traffic out', EC2, 'ec2', 'AuthorizeSecurityGroupEgress', 'security group egress outbound', firewall),
  a('close-firewall-port', 'closes a port in a firewall group', EC2, 'ec2', 'RevokeSecurityGroupIngress RevokeSecurityGroupEgress', 'security group revoke', firewall),
  a('create-firewall-group', 'creates a firewall group', EC2, 'ec2', 'CreateSecurityGroup', 'security group', vpc),
  a('delete-firewall-group', 'deletes a firewall group', EC2, 'ec2', 'DeleteSecurityGroup', 'security group', firewall),
  // Private networks (their calls go to EC2)
  a('create-network', 'creates a private network', VPC, 'ec2', 'CreateVpc', 'vpc'),
  a('delete-network', 'deletes a private network', VPC, 'ec2', 'DeleteVpc', 'vpc', vpc),
  a('change-network-settings', 'changes a private network’s settings', VPC, 'ec2', 'ModifyVpcAttribute', 'vpc dns attribute', vpc),
  a('connect-networks', 'connects two private networks', VPC, 'ec2', 'CreateVpcPeeringConnection AcceptVpcPeeringConnection', 'vpc peering'),
  a('disconnect-networks', 'removes a connection between private networks', VPC, 'ec2', 'DeleteVpcPeeringConnection RejectVpcPeeringConnection', 'vpc peering'),
  a('turn-on-flow-logs', 'turns on network traffic logs', VPC, 'ec2', 'CreateFlowLogs', 'flow logs vpc'),
  a('delete-flow-logs', 'turns off network traffic logs', VPC, 'ec2', 'DeleteFlowLogs', 'flow logs vpc evasion'),
  a('create-network-acl', 'creates a network access list', VPC, 'ec2', 'CreateNetworkAcl', 'nacl acl', vpc),
  a('delete-network-acl', 'deletes a network access list', VPC, 'ec2', 'DeleteNetworkAcl', 'nacl acl'),
  a('change-network-acl', 'changes the entries of a network access list', VPC, 'ec2', 'CreateNetworkAclEntry DeleteNetworkAclEntry ReplaceNetworkAclEntry ReplaceNetworkAclAssociation', 'nacl acl entry rule'),
  a('create-internet-gateway', 'creates an internet gateway', VPC, 'ec2', 'CreateInternetGateway', 'igw'),
  a('connect-to-internet', 'connects a private network to the internet', VPC, 'ec2', 'AttachInternetGateway', 'igw gateway', vpc),
  a('disconnect-from-internet', 'disconnects a private network from the internet', VPC, 'ec2', 'DetachInternetGateway DeleteInternetGateway', 'igw gateway', vpc),
  a('change-office-gateway', 'adds or removes a VPN gateway to an office', VPC, 'ec2', 'CreateCustomerGateway DeleteCustomerGateway', 'customer gateway vpn'),
  a('change-route', 'adds or changes a network route', VPC, 'ec2', 'CreateRoute ReplaceRoute', 'route table'),
  a('delete-route', 'deletes a network route', VPC, 'ec2', 'DeleteRoute', 'route table'),
  a('create-route-table', 'creates a route table', VPC, 'ec2', 'CreateRouteTable', 'route', vpc),
  a('delete-route-table', 'deletes a route table', VPC, 'ec2', 'DeleteRouteTable', 'route'),
  a('change-route-table-use', 'changes which subnet uses a route table', VPC, 'ec2', 'ReplaceRouteTableAssociation DisassociateRouteTable', 'route association subnet'),
  // Users and permissions
  a('create-user', 'creates a user', IAM, 'iam', 'CreateUser', 'iam account person new', user),
  a('delete-user', 'deletes a user', IAM, 'iam', 'DeleteUser', 'iam account person', user),
  a('create-access-key', 'creates an access key', IAM, 'iam', 'CreateAccessKey', 'credentials api key secret', user),
  a('delete-access-key', 'deletes an access key', IAM, 'iam', 'DeleteAccessKey', 'credentials api key', user),
  a('switch-access-key', 'turns an access key on or off', IAM, 'iam', 'UpdateAccessKey', 'credentials api key activate deactivate', user),
  a('set-console-password', 'sets a user’s console password', IAM, 'iam', 'CreateLoginProfile UpdateLoginProfile', 'login profile password', user),
  a('remove-console-password', 'removes a user’s console password', IAM, 'iam', 'DeleteLoginProfile', 'login profile password', user),
  a('turn-off-mfa', 'turns off a user’s MFA', IAM, 'iam', 'DeactivateMFADevice', 'mfa two-factor 2fa', user),
  a('create-group', 'creates a user group', IAM, 'iam', 'CreateGroup', 'iam group', group),
  a('delete-group', 'deletes a user group', IAM, 'iam', 'DeleteGroup', 'iam group', group),
  a('add-user-to-group', 'adds a user to a group', IAM, 'iam', 'AddUserToGroup', 'iam group member', group),
  a('create-role', 'creates a role', IAM, 'iam', 'CreateRole', 'iam role', role),
  a('delete-role', 'deletes a role', IAM, 'iam', 'DeleteRole', 'iam role', role),
  a('change-role-trust', 'changes who may use a role', IAM, 'iam', 'UpdateAssumeRolePolicy', 'trust policy assume role', role),
  a('give-user-policy', 'gives a user a permission policy', IAM, 'iam', 'AttachUserPolicy', 'attach policy permissions', [...user, ...policy]),
  a('give-role-policy', 'gives a role a permission policy', IAM, 'iam', 'AttachRolePolicy', 'attach policy permissions', [...role, ...policy]),
  a('give-group-policy', 'gives a group a permission policy', IAM, 'iam', 'AttachGroupPolicy', 'attach policy permissions', [...group, ...policy]),
  a('take-away-policy', 'takes a permission policy away', IAM, 'iam', 'DetachUserPolicy DetachRolePolicy DetachGroupPolicy', 'detach policy permissions', policy),
  a('write-inline-permissions', 'writes permissions straight into a user, group or role', IAM, 'iam', 'PutUserPolicy PutRolePolicy PutGroupPolicy', 'inline policy permissions'),
  a('delete-inline-permissions', 'deletes permissions written into a user, group or role', IAM, 'iam', 'DeleteUserPolicy DeleteRolePolicy DeleteGroupPolicy', 'inline policy permissions'),
  a('create-policy', 'creates a permission policy', IAM, 'iam', 'CreatePolicy', 'managed policy permissions'),
  a('change-policy', 'changes a permission policy', IAM, 'iam', 'CreatePolicyVersion', 'managed policy version permissions', policy),
  a('delete-policy', 'deletes a permission policy', IAM, 'iam', 'DeletePolicy DeletePolicyVersion', 'managed policy version', policy),
  a('delete-sso-provider', 'deletes a single sign-on provider', IAM, 'iam', 'DeleteSAMLProvider', 'saml federation identity provider'),
  // Temporary keys and signing in
  a('use-role', 'takes on a role', STS, 'sts', 'AssumeRole', 'assume role session', [t('roleArn', 'the role', 'arn:aws:iam::123456789012:role/deploy-bot')]),
  a('use-role-through-sso', 'takes on a role through single sign-on', STS, 'sts', 'AssumeRoleWithSAML', 'saml federation assume'),
  a('get-federation-token', 'asks for a long-lived sign-in token', STS, 'sts', 'GetFederationToken', 'federation token persistence'),
  a('get-session-token', 'asks for temporary keys for a user', STS, 'sts', 'GetSessionToken', 'session token mfa'),
  a('check-own-identity', 'checks whose keys they are using', STS, 'sts', 'GetCallerIdentity', 'whoami discovery'),
  a('sign-in-to-console', 'signs in to the console', SIGNIN, 'signin', 'ConsoleLogin', 'login logon password web'),
  a('make-console-link', 'turns keys into a console sign-in link', SIGNIN, 'signin', 'GetSigninToken', 'federation login url'),
  // Storage buckets
  a('create-bucket', 'creates a bucket', S3, 's3', 'CreateBucket', 's3 storage', bucket),
  a('delete-bucket', 'deletes a bucket', S3, 's3', 'DeleteBucket', 's3 storage', bucket),
  a('list-buckets', 'lists all the buckets', S3, 's3', 'ListBuckets', 's3 discovery'),
  a('change-bucket-policy', 'changes or deletes a bucket’s access policy', S3, 's3', 'PutBucketPolicy DeleteBucketPolicy', 's3 policy public', bucket),
  a('change-bucket-acl', 'changes a bucket’s access list', S3, 's3', 'PutBucketAcl', 's3 acl public grant', bucket),
  a('change-bucket-public-block', 'changes a bucket’s block on public access', S3, 's3', 'PutBucketPublicAccessBlock', 's3 public access block', bucket),
  a('remove-bucket-public-block', 'removes a bucket’s block on public access', S3, 's3', 'DeleteBucketPublicAccessBlock', 's3 public access block open', bucket),
  a('change-bucket-cors', 'changes which websites may read a bucket', S3, 's3', 'PutBucketCors DeleteBucketCors', 's3 cors', bucket),
  a('change-bucket-lifecycle', 'changes when a bucket deletes old files', S3, 's3', 'PutBucketLifecycle DeleteBucketLifecycle', 's3 lifecycle expiry', bucket),
  a('change-bucket-replication', 'changes where a bucket copies its files', S3, 's3', 'PutBucketReplication DeleteBucketReplication', 's3 replication copy', bucket),
  a('change-bucket-encryption', 'changes a bucket’s default encryption', S3, 's3', 'PutBucketEncryption', 's3 encryption', bucket),
  a('remove-bucket-encryption', 'turns off a bucket’s default encryption', S3, 's3', 'DeleteBucketEncryption', 's3 encryption', bucket),
  a('change-bucket-logging', 'changes a bucket’s access logging', S3, 's3', 'PutBucketLogging', 's3 logs', bucket),
  a('change-bucket-versioning', 'changes whether a bucket keeps old versions', S3, 's3', 'PutBucketVersioning', 's3 versioning', bucket),
  a('make-bucket-website', 'turns a bucket into a website', S3, 's3', 'PutBucketWebsite', 's3 website public hosting', bucket),
  // Audit log
  a('stop-audit-log', 'turns off CloudTrail logging', TRAIL, 'cloudtrail', 'StopLogging', 'trail audit log evasion', trail),
  a('start-audit-log', 'turns CloudTrail logging back on', TRAIL, 'cloudtrail', 'StartLogging', 'trail audit log', trail),
  a('create-trail', 'creates a trail', TRAIL, 'cloudtrail', 'CreateTrail', 'trail audit log', trail),
  a('delete-trail', 'deletes a trail', TRAIL, 'cloudtrail', 'DeleteTrail', 'trail audit log evasion', trail),
  a('change-trail', 'changes a trail’s settings', TRAIL, 'cloudtrail', 'UpdateTrail', 'trail audit log', trail),
  a('change-trail-events', 'changes which events a trail records', TRAIL, 'cloudtrail', 'PutEventSelectors PutInsightSelectors', 'trail selectors insights', [t('trailName', 'the trail', 'management-events')]),
  // Threat detection
  a('turn-off-guardduty', 'turns off GuardDuty', GD, 'guardduty', 'DeleteDetector', 'detector threat', detector),
  a('change-guardduty', 'changes GuardDuty’s settings', GD, 'guardduty', 'UpdateDetector', 'detector threat enable', detector),
  a('leave-guardduty-admin', 'takes an account out of central GuardDuty', GD, 'guardduty', 'DisassociateFromMasterAccount DisassociateFromAdministratorAccount', 'detector administrator member'),
  a('stop-guardduty-members', 'stops GuardDuty watching member accounts', GD, 'guardduty', 'StopMonitoringMembers', 'detector member'),
  a('add-guardduty-trusted-ips', 'adds a list of trusted addresses to GuardDuty', GD, 'guardduty', 'CreateIPSet', 'ip set allow list', detector),
  // Record of settings changes
  a('stop-config-recorder', 'stops recording settings changes', CONFIG, 'config', 'StopConfigurationRecorder', 'config recorder'),
  a('delete-config-recorder', 'deletes the settings recorder', CONFIG, 'config', 'DeleteConfigurationRecorder', 'config recorder'),
  a('change-config-recorder', 'changes what settings changes are recorded', CONFIG, 'config', 'PutConfigurationRecorder', 'config recorder'),
  a('delete-config-delivery', 'stops delivering the record of settings changes', CONFIG, 'config', 'DeleteDeliveryChannel', 'config delivery channel'),
  a('change-config-delivery', 'changes where the record of settings changes goes', CONFIG, 'config', 'PutDeliveryChannel', 'config delivery channel'),
  // Encryption keys
  a('create-key', 'creates an encryption key', KMS, 'kms', 'CreateKey', 'kms cmk'),
  a('turn-off-key', 'turns off an encryption key', KMS, 'kms', 'DisableKey', 'kms cmk disable', key),
  a('delete-key', 'sets an encryption key to be deleted', KMS, 'kms', 'ScheduleKeyDeletion', 'kms cmk delete schedule', key),
  a('change-key-policy', 'changes who may use an encryption key', KMS, 'kms', 'PutKeyPolicy', 'kms key policy', key),
  // Secrets
  a('read-secret', 'reads a secret', SECRETS, 'secretsmanager', 'GetSecretValue', 'password credentials', secret),
  a('read-secrets-in-bulk', 'reads many secrets at once', SECRETS, 'secretsmanager', 'BatchGetSecretValue', 'password credentials batch'),
  a('list-secrets', 'lists the secrets', SECRETS, 'secretsmanager', 'ListSecrets', 'password discovery'),
  a('change-secret', 'changes a secret', SECRETS, 'secretsmanager', 'PutSecretValue UpdateSecret', 'password rotate', secret),
  a('delete-secret', 'deletes a secret', SECRETS, 'secretsmanager', 'DeleteSecret', 'password', secret),
  a('change-secret-policy', 'changes who may read a secret', SECRETS, 'secretsmanager', 'PutResourcePolicy', 'resource policy share', secret),
  // Functions
  a('create-function', 'creates a function', LAMBDA, 'lambda', 'CreateFunction20150331', 'lambda serverless', fn),
  a('change-function-code', 'changes a function’s code', LAMBDA, 'lambda', 'UpdateFunctionCode20150331v2', 'lambda deploy', fn),
  a('change-function-settings', 'changes a function’s settings', LAMBDA, 'lambda', 'UpdateFunctionConfiguration20150331v2', 'lambda environment layers', fn),
  a('let-others-call-function', 'lets another account or service call a function', LAMBDA, 'lambda', 'AddPermission20150331v2', 'lambda permission public', fn),
  a('give-function-web-address', 'gives a function its own web address', LAMBDA, 'lambda', 'CreateFunctionUrlConfig', 'lambda url public', fn),
  // Accounts in the organization
  a('leave-organization', 'takes an account out of your organization', ORGS, 'organizations', 'LeaveOrganization', 'organizations leave'),
  a('remove-account', 'removes an account from your organization', ORGS, 'organizations', 'RemoveAccountFromOrganization', 'organizations member', [t('accountId', 'the account', '123456789012')]),
  a('change-org-guardrails', 'changes the guardrails on your accounts', ORGS, 'organizations', 'UpdatePolicy DetachPolicy DeletePolicy', 'scp service control policy'),
  a('invite-account', 'invites an account into your organization', ORGS, 'organizations', 'InviteAccountToOrganization', 'organizations handshake'),
  // Commands on servers, databases, DNS
  a('run-command-on-servers', 'runs a command on servers', SSM, 'ssm', 'SendCommand', 'ssm run command shell'),
  a('open-server-session', 'opens a shell on a server', SSM, 'ssm', 'StartSession', 'ssm session manager shell'),
  a('read-stored-settings', 'reads stored settings and passwords', SSM, 'ssm', 'GetParameters GetParameter', 'ssm parameter store securestring'),
  a('share-database-copy', 'shares a database copy', RDS, 'rds', 'ModifyDBSnapshotAttribute ModifyDBClusterSnapshotAttribute', 'rds snapshot public exfiltration'),
  a('delete-dns-query-logs', 'turns off DNS query logs', DNS, 'route53resolver', 'DeleteResolverQueryLogConfig', 'dns resolver query logs'),
  // Logs, alarms and the tools that watch the account
  a('delete-log-group', 'deletes a log group', LOGS, 'logs', 'DeleteLogGroup', 'cloudwatch logs evasion', logGroup),
  a('stop-log-forwarding', 'stops logs being sent on to another tool', LOGS, 'logs', 'DeleteSubscriptionFilter', 'cloudwatch logs subscription filter forwarding', logGroup),
  a('delete-or-mute-alarms', 'deletes or mutes alarms', ALARMS, 'monitoring', 'DeleteAlarms DisableAlarmActions', 'cloudwatch alarm actions silence'),
  a('delete-alert-topic', 'deletes a message topic or stops a subscription to one', SNS, 'sns', 'DeleteTopic Unsubscribe', 'sns topic subscription unsubscribe alerts'),
  a('switch-off-security-hub', 'switches off Security Hub or part of it', HUB, 'securityhub', 'DisableSecurityHub BatchDisableStandards DisableImportFindingsForProduct DisassociateFromAdministratorAccount DisassociateFromMasterAccount', 'findings standards administrator'),
  a('change-security-hub-automation', 'adds or changes a Security Hub automation rule', HUB, 'securityhub', 'CreateAutomationRule BatchUpdateAutomationRules', 'findings automation suppress'),
  a('delete-access-analyzer', 'deletes an access analyzer', ANALYZER, 'access-analyzer', 'DeleteAnalyzer', 'external access findings'),
  a('delete-config-rules', 'deletes settings checks', CONFIG, 'config', 'DeleteConfigRule DeleteConformancePack', 'config rule conformance pack'),
  a('stop-guardduty-export', 'stops GuardDuty sending its findings on', GD, 'guardduty', 'DeletePublishingDestination', 'findings export destination bucket', detector),
  // Ways in and who owns the account
  a('change-sign-in-provider', 'adds or changes an identity provider', IAM, 'iam', 'CreateSAMLProvider UpdateSAMLProvider CreateOpenIDConnectProvider AddClientIDToOpenIDConnectProvider UpdateOpenIDConnectProviderThumbprint', 'saml oidc federation identity provider'),
  a('change-password-rules', 'changes or deletes the password rules', IAM, 'iam', 'UpdateAccountPasswordPolicy DeleteAccountPasswordPolicy', 'password policy length'),
  a('make-other-sign-in-secret', 'makes another kind of sign-in secret for a user', IAM, 'iam', 'CreateServiceSpecificCredential ResetServiceSpecificCredential UploadSSHPublicKey UploadSigningCertificate', 'ssh key certificate codecommit credential', user),
  a('remove-permissions-boundary', 'removes a permissions boundary', IAM, 'iam', 'DeleteUserPermissionsBoundary DeleteRolePermissionsBoundary', 'boundary limit escalation'),
  a('turn-on-region', 'turns on a new region', ACCOUNT, 'account', 'EnableRegion', 'region opt-in', [t('regionName', 'the region', 'af-south-1')]),
  a('change-account-contacts', 'changes the account’s contacts', ACCOUNT, 'account', 'PutAlternateContact DeleteAlternateContact PutContactInformation', 'contact email phone billing'),
  // Things left open to others
  a('unblock-public-disk-copies', 'lets disk copies be shared with everyone', EC2, 'ec2', 'DisableSnapshotBlockPublicAccess', 'snapshot block public'),
  a('unblock-public-server-images', 'lets server images be shared with everyone', EC2, 'ec2', 'DisableImageBlockPublicAccess', 'ami image block public'),
  a('create-or-change-database', 'creates or changes a database', RDS, 'rds', 'CreateDBInstance ModifyDBInstance CreateDBInstanceReadReplica RestoreDBInstanceFromDBSnapshot RestoreDBInstanceToPointInTime RestoreDBInstanceFromS3', 'rds instance replica restore public', [t('dBInstanceIdentifier', 'the database', 'prod-db')]),
  a('create-or-change-warehouse', 'creates or changes a data warehouse', REDSHIFT, 'redshift', 'CreateCluster ModifyCluster RestoreFromClusterSnapshot', 'redshift cluster public', [t('clusterIdentifier', 'the data warehouse', 'analytics')]),
  a('change-file-acl', 'changes a stored file’s access list', S3, 's3', 'PutObjectAcl', 's3 object acl public grant', bucket),
  a('change-image-store-policy', 'changes who can use a container image store', ECR, 'ecr', 'SetRepositoryPolicy', 'repository policy pull push', imageStore),
  a('create-public-image-store', 'creates a public container image store', ECR_PUBLIC, 'ecr-public', 'CreateRepository', 'repository public', imageStore),
  // Quiet ways to stay in
  a('copy-network-traffic', 'copies network traffic to another place', VPC, 'ec2', 'CreateTrafficMirrorSession CreateTrafficMirrorTarget', 'traffic mirror session target'),
  a('give-server-role', 'gives a server a role', EC2, 'ec2', 'AssociateIamInstanceProfile ReplaceIamInstanceProfileAssociation', 'instance profile iam role'),
  a('unlock-domain', 'unlocks a domain name or moves it to another account', DOMAINS, 'route53domains', 'DisableDomainTransferLock TransferDomainToAnotherAwsAccount', 'domain transfer lock dns', [t('domainName', 'the domain name', 'example.com')]),
  a('unlink-dns-query-logs', 'stops a private network’s DNS query logs', DNS, 'route53resolver', 'DisassociateResolverQueryLogConfig', 'dns resolver query logs'),
  // What ransomware does first: backups, database copies and keys
  a('delete-backup-copy', 'deletes a backup copy', BACKUP, 'backup', 'DeleteRecoveryPoint', 'recovery point ransomware'),
  a('delete-backup-vault', 'deletes a backup vault or plan', BACKUP, 'backup', 'DeleteBackupVault DeleteBackupPlan DeleteBackupSelection', 'vault plan selection ransomware'),
  a('unlock-backup-vault', 'removes a backup vault’s lock or its policy', BACKUP, 'backup', 'DeleteBackupVaultLockConfiguration DeleteBackupVaultAccessPolicy', 'vault lock policy ransomware'),
  a('delete-database', 'deletes a database', RDS, 'rds', 'DeleteDBInstance DeleteDBCluster', 'rds instance cluster final snapshot'),
  a('delete-database-copy', 'deletes a database copy', RDS, 'rds', 'DeleteDBSnapshot DeleteDBClusterSnapshot', 'rds snapshot backup'),
  a('stop-default-disk-encryption', 'stops encrypting new disks by default', EC2, 'ec2', 'DisableEbsEncryptionByDefault', 'ebs encryption default'),
  a('change-bucket-file-lock', 'changes how long a bucket’s files are locked', S3, 's3', 'PutObjectLockConfiguration', 'object lock retention', bucket),
  a('delete-imported-key-material', 'deletes a key’s imported secret part', KMS, 'kms', 'DeleteImportedKeyMaterial', 'key material import', key),
];

/**
 * The actions of the other sources, added by their own catalogue when it loads
 * (sources/k8s-audit-actions.ts), so that the page loads only the catalogue a person uses.
 */
const otherActions: Action[] = [];

/** How another source's catalogue goes between its actions and a condition, both ways (see actionCondition, actionsInCondition). */
export interface ActionReader {
  condition: (chosen: readonly Action[]) => Condition;
  read: (condition: Condition) => { actions: Action[]; rest: Condition | undefined };
}
const otherReaders = new Map<string, ActionReader>();

/** Adds a source's actions to the catalogue, with how to read them back; adding them twice changes nothing. */
export function addSourceActions(source: RuleSource, list: readonly Action[], reader: ActionReader): void {
  for (const action of list) if (!otherActions.some((x) => x.id === action.id)) otherActions.push(action);
  otherReaders.set(source, reader);
}

/** The actions of one source: CloudTrail's, or those of another source once its catalogue has loaded. */
export function actionsOf(source: RuleSource = 'cloudtrail'): readonly Action[] {
  return source === 'cloudtrail' ? actions : otherActions.filter((x) => x.eventSource === source);
}

/** The action with this id, of any source whose catalogue has loaded. */
export function actionById(id: string): Action | undefined {
  return actions.find((x) => x.id === id) ?? otherActions.find((x) => x.id === id);
}

/**
 * Actions whose label, service, call names or keywords contain every word of the query, any case.
 * Labels that start with the query come first, then labels with a word that does, then call names
 * that do, then the rest, each in catalogue order. An empty query lists everything.
 */
export function searchActions(query: string, source: RuleSource = 'cloudtrail'): Action[] {
  const catalogue = actionsOf(source);
  const q = query.trim().toLowerCase();
  if (q === '') return [...catalogue];
  const words = q.split(/\s+/);
  const ranked: { action: Action; rank: number; at: number }[] = [];
  catalogue.forEach((action, at) => {
    const label = action.label.toLowerCase();
    const names = action.eventNames.map((n) => n.toLowerCase());
    const hay = [label, action.service.toLowerCase(), action.eventSource, ...names, ...action.keywords].join(' ');
    if (!words.every((w) => hay.includes(w))) return;
    const rank = label.startsWith(q)
      ? 0
      : label.split(/\s+/).some((w) => w.startsWith(q)) || label.includes(` ${q}`)
        ? 1
        : names.some((n) => n.startsWith(q))
          ? 2
          : 3;
    ranked.push({ action, rank, at });
  });
  return ranked.sort((x, y) => x.rank - y.rank || x.at - y.at).map((r) => r.action);
}

/** The condition "one of these actions was done": each service's calls together, any service. */
export function actionCondition(chosen: readonly Action[]): Condition {
  if (chosen.length === 0) throw new Error('choose at least one action');
  const reader = otherReaders.get(chosen[0]!.eventSource);
  if (reader) return reader.condition(chosen);
  const bySource = new Map<string, string[]>();
  for (const action of chosen) {
    const names = bySource.get(action.eventSource) ?? [];
    for (const n of action.eventNames) if (!names.includes(n)) names.push(n);
    bySource.set(action.eventSource, names);
  }
  const groups: Condition[] = [...bySource].map(([source, names]) => ({
    allOf: [
      { field: 'eventSource', equals: source },
      names.length === 1 ? { field: 'eventName', equals: names[0]! } : { field: 'eventName', oneOf: names },
    ],
  }));
  return groups.length === 1 ? groups[0]! : { anyOf: groups };
}

/**
 * The exact text values a plain, case-exact test on this field accepts (or an anyOf of such tests,
 * as CIS writes "DisableKey or ScheduleKeyDeletion"); undefined for anything else.
 */
function exactTexts(c: Condition, field: string): string[] | undefined {
  if ('anyOf' in c) {
    const each = c.anyOf.map((choice) => exactTexts(choice, field));
    return each.every((e) => e !== undefined) ? each.flat() : undefined;
  }
  if (!('field' in c) || c.field !== field || ('ignoreCase' in c && c.ignoreCase)) return undefined;
  const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : undefined;
  return values?.every((v): v is string => typeof v === 'string') ? values : undefined;
}

/**
 * The actions whose calls are exactly these names at this source, or undefined when the names are
 * not a whole number of catalogue actions (then a sentence would say more or less than the rule).
 */
function actionsFor(source: string, names: readonly string[]): Action[] | undefined {
  const wanted = new Set(names);
  const found = actions.filter((x) => x.eventSource === source && x.eventNames.some((n) => wanted.has(n)));
  const covered = new Set(found.flatMap((x) => x.eventNames));
  const exact = found.every((x) => x.eventNames.every((n) => wanted.has(n))) && [...wanted].every((n) => covered.has(n));
  return found.length > 0 && exact ? found : undefined;
}

/** Actions from a list of conditions that must all hold: one source test and one name test among them. */
function fromParts(parts: readonly Condition[]): { actions: Action[]; used: Set<Condition> } | undefined {
  const sources = parts.filter((p) => exactTexts(p, 'eventSource')?.length === 1);
  const names = parts.filter((p) => exactTexts(p, 'eventName'));
  if (sources.length === 1 && names.length === 1) {
    const found = actionsFor(exactTexts(sources[0]!, 'eventSource')![0]!, exactTexts(names[0]!, 'eventName')!);
    if (found) return { actions: found, used: new Set([sources[0]!, names[0]!]) };
  }
  // Several services: an anyOf whose every choice is exactly one service's calls.
  for (const part of parts) {
    if (!('anyOf' in part)) continue;
    const each = part.anyOf.map((choice) => ('allOf' in choice && choice.allOf.length === 2 ? fromParts(choice.allOf) : undefined));
    if (each.every((e) => e !== undefined)) return { actions: each.flatMap((e) => e!.actions), used: new Set([part]) };
  }
  return undefined;
}

/**
 * The catalogue actions a condition asks for, and the rest of it, so that a rule can be shown as
 * "When someone <action> …" with the rest left to the expert editor. The action part is an
 * eventSource test and an eventName test among the top-level `allOf` (or an `anyOf` of such pairs
 * across services); `actionCondition(actions)` together with `rest` means the same as the condition.
 * When no part is recognised, actions is empty and rest is the whole condition.
 */
export function actionsInCondition(condition: Condition, source: RuleSource = 'cloudtrail'): { actions: Action[]; rest: Condition | undefined } {
  const reader = otherReaders.get(source);
  if (reader) return reader.read(condition);
  const parts = 'allOf' in condition ? condition.allOf : [condition];
  const found = fromParts(parts);
  if (!found) return { actions: [], rest: condition };
  const left = parts.filter((p) => !found.used.has(p));
  const rest = left.length === 0 ? undefined : left.length === 1 ? left[0] : { allOf: left };
  return { actions: found.actions, rest };
}

