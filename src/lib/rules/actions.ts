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
   * the when: "Act now.", "Today, …").
   */
  check: string;
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
 * One action; names and keywords are written as space-separated words to keep the table short, and
 * what to check first goes on the line below.
 */
function a(
  id: string,
  label: string,
  service: string,
  eventSource: string,
  names: string,
  keywords: string,
  check: string,
  targets?: readonly ActionTarget[],
): Action {
  const action: Action = { id, label, service, eventSource: `${eventSource}.amazonaws.com`, eventNames: names.split(' '), keywords: keywords.split(' '), check };
  return targets ? { ...action, targets } : action;
}

export const actions: readonly Action[] = [
  // Servers
  a('start-server', 'starts a server', EC2, 'ec2', 'RunInstances', 'launch instance vm machine new',
    'Check that someone on the team meant to start this server, and that its size and place (region) are ones you use.', [t('instanceType', 'the server size', 't3.micro')]),
  a('restart-stopped-server', 'starts a stopped server again', EC2, 'ec2', 'StartInstances', 'instance resume',
    'Check who started the server again, and whether it was stopped on purpose, such as after a break-in.'),
  a('stop-server', 'stops a server', EC2, 'ec2', 'StopInstances', 'instance shutdown',
    'Check that the person who stopped the server looks after it, and that nothing your customers use went down with it.'),
  a('delete-server', 'deletes a server', EC2, 'ec2', 'TerminateInstances', 'instance terminate destroy',
    'Check that the server was meant to go, and that its data has a backup or was no longer needed.'),
  a('change-server-settings', 'changes a server’s settings', EC2, 'ec2', 'ModifyInstanceAttribute', 'instance user-data attribute',
    'Check what changed on the server, above all its start-up script (user data), which can run any command as the admin.'),
  a('list-servers', 'lists the servers', EC2, 'ec2', 'DescribeInstances', 'instance discovery describe',
    'Check whose keys listed the servers: a person or tool that has never done this before may be looking around.'),
  a('read-server-password', 'reads a Windows server’s password', EC2, 'ec2', 'GetPasswordData', 'instance windows administrator',
    'Check who read the Windows server’s admin password, and that they look after that server.'),
  a('turn-on-serial-console', 'turns on the serial console for servers', EC2, 'ec2', 'EnableSerialConsoleAccess', 'instance access',
    'Check who turned on the serial console, a way into servers that skips the network, and whether your team uses it.'),
  a('push-ssh-key', 'sends a short-lived SSH key to a server', EC2, 'ec2-instance-connect', 'SendSSHPublicKey SendSerialConsoleSSHPublicKey', 'instance connect login',
    'Check who sent the SSH key and to which server, and that they usually sign in to that server.'),
  a('create-ssh-key', 'creates an SSH key pair for servers', EC2, 'ec2', 'CreateKeyPair', 'keypair login',
    'Check who made the new SSH key pair, and where the private half of the key is kept.'),
  a('import-ssh-key', 'adds an SSH key of their own for servers', EC2, 'ec2', 'ImportKeyPair', 'keypair login upload',
    'Check whose SSH key was added, and that it belongs to someone on the team, not a stranger.'),
  a('share-server-image', 'shares a server image', EC2, 'ec2', 'ModifyImageAttribute', 'ami public exfiltration',
    'Check which accounts the server image was shared with, and that it is not shared with everyone (public).', [t('imageId', 'the image', 'ami-0123456789abcdef0')]),
  a('share-disk-snapshot', 'shares a disk copy', EC2, 'ec2', 'ModifySnapshotAttribute', 'ebs snapshot public exfiltration',
    'Check which accounts can now read the disk copy, and that none of them is unknown or public.', [t('snapshotId', 'the disk copy', 'snap-0123456789abcdef0')]),
  a('delete-disk-snapshot', 'deletes a disk copy', EC2, 'ec2', 'DeleteSnapshot', 'ebs snapshot backup',
    'Check that the disk copy was an old one you meant to drop, and not your last backup.', [t('snapshotId', 'the disk copy', 'snap-0123456789abcdef0')]),
  a('delete-disk', 'deletes a disk', EC2, 'ec2', 'DeleteVolume', 'ebs volume',
    'Check that the disk was no longer used, and that its data has a backup if you still need it.', [t('volumeId', 'the disk', 'vol-0123456789abcdef0')]),
  a('open-firewall-port', 'opens a port in a firewall group', EC2, 'ec2', 'AuthorizeSecurityGroupIngress ModifySecurityGroupRules', 'security group ingress inbound allow',
    'Check which port was opened and to which addresses; a port open to the whole internet needs a good reason.', firewall),
  a('allow-outbound-traffic', 'lets a firewall group send traffic out', EC2, 'ec2', 'AuthorizeSecurityGroupEgress', 'security group egress outbound',
    'Check where servers in this firewall group may now send traffic, and that each new place is one you know.', firewall),
  a('close-firewall-port', 'closes a port in a firewall group', EC2, 'ec2', 'RevokeSecurityGroupIngress RevokeSecurityGroupEgress', 'security group revoke',
    'Check that the port was closed on purpose, and that nothing you run stopped working because of it.', firewall),
  a('create-firewall-group', 'creates a firewall group', EC2, 'ec2', 'CreateSecurityGroup', 'security group',
    'Check who made the firewall group and which ports it opens before any server uses it.', vpc),
  a('delete-firewall-group', 'deletes a firewall group', EC2, 'ec2', 'DeleteSecurityGroup', 'security group',
    'Check that no server still needed the deleted firewall group, and who deleted it.', firewall),
  // Private networks (their calls go to EC2)
  a('create-network', 'creates a private network', VPC, 'ec2', 'CreateVpc', 'vpc',
    'Check who made the new private network (VPC), and that it is in a place (region) your team uses.'),
  a('delete-network', 'deletes a private network', VPC, 'ec2', 'DeleteVpc', 'vpc',
    'Check that the private network was empty and no longer used, and that its owner meant to delete it.', vpc),
  a('change-network-settings', 'changes a private network’s settings', VPC, 'ec2', 'ModifyVpcAttribute', 'vpc dns attribute',
    'Check which setting of the private network changed, such as how its servers look up names (DNS).', vpc),
  a('connect-networks', 'connects two private networks', VPC, 'ec2', 'CreateVpcPeeringConnection AcceptVpcPeeringConnection', 'vpc peering',
    'Check which two private networks were joined, and that the other one belongs to an account you know.'),
  a('disconnect-networks', 'removes a connection between private networks', VPC, 'ec2', 'DeleteVpcPeeringConnection RejectVpcPeeringConnection', 'vpc peering',
    'Check that the link between the two private networks was meant to go, and that nothing relied on it.'),
  a('turn-on-flow-logs', 'turns on network traffic logs', VPC, 'ec2', 'CreateFlowLogs', 'flow logs vpc',
    'Check where the network traffic logs are sent, and that the place is one your team owns.'),
  a('delete-flow-logs', 'turns off network traffic logs', VPC, 'ec2', 'DeleteFlowLogs', 'flow logs vpc evasion',
    'Check who turned off the network traffic logs: people who break in often hide their tracks this way.'),
  a('create-network-acl', 'creates a network access list', VPC, 'ec2', 'CreateNetworkAcl', 'nacl acl',
    'Check which private network the new access list is for, and what traffic its entries let in.', vpc),
  a('delete-network-acl', 'deletes a network access list', VPC, 'ec2', 'DeleteNetworkAcl', 'nacl acl',
    'Check that no part of the network relied on the deleted access list to keep traffic out.'),
  a('change-network-acl', 'changes the entries of a network access list', VPC, 'ec2', 'CreateNetworkAclEntry DeleteNetworkAclEntry ReplaceNetworkAclEntry ReplaceNetworkAclAssociation', 'nacl acl entry rule',
    'Check which entry of the network access list changed, and whether it now lets in traffic from the whole internet.'),
  a('create-internet-gateway', 'creates an internet gateway', VPC, 'ec2', 'CreateInternetGateway', 'igw',
    'Check who made the internet gateway, and which of your private networks it is meant for.'),
  a('connect-to-internet', 'connects a private network to the internet', VPC, 'ec2', 'AttachInternetGateway', 'igw gateway',
    'Check that this private network was meant to reach the internet, and that its servers are not open to everyone.', vpc),
  a('disconnect-from-internet', 'disconnects a private network from the internet', VPC, 'ec2', 'DetachInternetGateway DeleteInternetGateway', 'igw gateway',
    'Check that the private network was meant to lose its internet link, and that your services still work.', vpc),
  a('change-office-gateway', 'adds or removes a VPN gateway to an office', VPC, 'ec2', 'CreateCustomerGateway DeleteCustomerGateway', 'customer gateway vpn',
    'Check which office the VPN gateway points to, and that the address belongs to your company.'),
  a('change-route', 'adds or changes a network route', VPC, 'ec2', 'CreateRoute ReplaceRoute', 'route table',
    'Check where the new route sends traffic, and that it does not send it out through a path you do not know.'),
  a('delete-route', 'deletes a network route', VPC, 'ec2', 'DeleteRoute', 'route table',
    'Check that the deleted route was no longer used, and that servers can still reach what they need.'),
  a('create-route-table', 'creates a route table', VPC, 'ec2', 'CreateRouteTable', 'route',
    'Check which private network the new route table is for, and where its routes send traffic.', vpc),
  a('delete-route-table', 'deletes a route table', VPC, 'ec2', 'DeleteRouteTable', 'route',
    'Check that no subnet still used the deleted route table, and who deleted it.'),
  a('change-route-table-use', 'changes which subnet uses a route table', VPC, 'ec2', 'ReplaceRouteTableAssociation DisassociateRouteTable', 'route association subnet',
    'Check which subnet now uses a different route table, and where that table sends its traffic.'),
  // Users and permissions
  a('create-user', 'creates a user', IAM, 'iam', 'CreateUser', 'iam account person new',
    'Check that the new user is for a real person or tool you know, and who asked for it.', user),
  a('delete-user', 'deletes a user', IAM, 'iam', 'DeleteUser', 'iam account person',
    'Check that the user was meant to go, such as someone who left, and not someone covering their tracks.', user),
  a('create-access-key', 'creates an access key', IAM, 'iam', 'CreateAccessKey', 'credentials api key secret',
    'Check whose access key was made and by whom; a key made for someone else can be a way back in.', user),
  a('delete-access-key', 'deletes an access key', IAM, 'iam', 'DeleteAccessKey', 'credentials api key',
    'Check that the deleted access key was no longer used by any tool or script.', user),
  a('switch-access-key', 'turns an access key on or off', IAM, 'iam', 'UpdateAccessKey', 'credentials api key activate deactivate',
    'Check which access key was turned on or off, and that the person it belongs to knows.', user),
  a('set-console-password', 'sets a user’s console password', IAM, 'iam', 'CreateLoginProfile UpdateLoginProfile', 'login profile password',
    'Check whose console password was set, and that it was set by that user or by an admin you know.', user),
  a('remove-console-password', 'removes a user’s console password', IAM, 'iam', 'DeleteLoginProfile', 'login profile password',
    'Check that the user no longer needs to sign in to the console, and who removed their password.', user),
  a('turn-off-mfa', 'turns off a user’s MFA', IAM, 'iam', 'DeactivateMFADevice', 'mfa two-factor 2fa',
    'Check with the user that they turned off their second factor (MFA) themselves, for example to replace a lost phone.', user),
  a('create-group', 'creates a user group', IAM, 'iam', 'CreateGroup', 'iam group',
    'Check what the new user group is for, and which permissions it will get.', group),
  a('delete-group', 'deletes a user group', IAM, 'iam', 'DeleteGroup', 'iam group',
    'Check that the deleted user group was empty, and that no one lost the access they need.', group),
  a('add-user-to-group', 'adds a user to a group', IAM, 'iam', 'AddUserToGroup', 'iam group member',
    'Check which group the user joined and what it allows; joining an admin group gives full control.', group),
  a('create-role', 'creates a role', IAM, 'iam', 'CreateRole', 'iam role',
    'Check who may use the new role (its trust policy), above all any account outside your own.', role),
  a('delete-role', 'deletes a role', IAM, 'iam', 'DeleteRole', 'iam role',
    'Check that no service or tool still used the deleted role.', role),
  a('change-role-trust', 'changes who may use a role', IAM, 'iam', 'UpdateAssumeRolePolicy', 'trust policy assume role',
    'Check who may now use the role, and that no account outside your company was added.', role),
  a('give-user-policy', 'gives a user a permission policy', IAM, 'iam', 'AttachUserPolicy', 'attach policy permissions',
    'Check which policy the user got; a broad one, such as full admin rights, needs a good reason.', [...user, ...policy]),
  a('give-role-policy', 'gives a role a permission policy', IAM, 'iam', 'AttachRolePolicy', 'attach policy permissions',
    'Check which policy the role got, and who can use the role, since they all get its permissions.', [...role, ...policy]),
  a('give-group-policy', 'gives a group a permission policy', IAM, 'iam', 'AttachGroupPolicy', 'attach policy permissions',
    'Check which policy the group got, since every member of the group gets its permissions.', [...group, ...policy]),
  a('take-away-policy', 'takes a permission policy away', IAM, 'iam', 'DetachUserPolicy DetachRolePolicy DetachGroupPolicy', 'detach policy permissions',
    'Check that the policy was taken away on purpose, and that no person or tool lost access it needs.', policy),
  a('write-inline-permissions', 'writes permissions straight into a user, group or role', IAM, 'iam', 'PutUserPolicy PutRolePolicy PutGroupPolicy', 'inline policy permissions',
    'Check what the permissions written into the user, group or role allow; they do not show in the list of policies.'),
  a('delete-inline-permissions', 'deletes permissions written into a user, group or role', IAM, 'iam', 'DeleteUserPolicy DeleteRolePolicy DeleteGroupPolicy', 'inline policy permissions',
    'Check that the user, group or role that held the deleted permissions no longer needs them.'),
  a('create-policy', 'creates a permission policy', IAM, 'iam', 'CreatePolicy', 'managed policy permissions',
    'Check what the new policy allows, and whether it gives more than the job needs.'),
  a('change-policy', 'changes a permission policy', IAM, 'iam', 'CreatePolicyVersion', 'managed policy version permissions',
    'Check what the new version of the policy allows that the old one did not.', policy),
  a('delete-policy', 'deletes a permission policy', IAM, 'iam', 'DeletePolicy DeletePolicyVersion', 'managed policy version',
    'Check that no user, group or role still relied on the deleted policy or version.', policy),
  a('delete-sso-provider', 'deletes a single sign-on provider', IAM, 'iam', 'DeleteSAMLProvider', 'saml federation identity provider',
    'Check who removed the single sign-on (SSO) provider, and that people can still sign in the usual way.'),
  // Temporary keys and signing in
  a('use-role', 'takes on a role', STS, 'sts', 'AssumeRole', 'assume role session',
    'Check who took on the role and from where, and that they usually use it.', [t('roleArn', 'the role', 'arn:aws:iam::123456789012:role/deploy-bot')]),
  a('use-role-through-sso', 'takes on a role through single sign-on', STS, 'sts', 'AssumeRoleWithSAML', 'saml federation assume',
    'Check which person took on the role through single sign-on (SSO), and that the role fits their job.'),
  a('get-federation-token', 'asks for a long-lived sign-in token', STS, 'sts', 'GetFederationToken', 'federation token persistence',
    'Check whose keys asked for the sign-in token, since such tokens keep working even when the keys are removed.'),
  a('get-session-token', 'asks for temporary keys for a user', STS, 'sts', 'GetSessionToken', 'session token mfa',
    'Check whose keys asked for the temporary keys, and that the request came from a place they usually work from.'),
  a('check-own-identity', 'checks whose keys they are using', STS, 'sts', 'GetCallerIdentity', 'whoami discovery',
    'Check whose keys asked who they are; someone who found stolen keys often does this first.'),
  a('sign-in-to-console', 'signs in to the console', SIGNIN, 'signin', 'ConsoleLogin', 'login logon password web',
    'Check that the person who signed in meant to, from a place they usually work from, and used a second factor (MFA).'),
  a('make-console-link', 'turns keys into a console sign-in link', SIGNIN, 'signin', 'GetSigninToken', 'federation login url',
    'Check whose keys were turned into a console link, since it lets anyone with those keys use the web console.'),
  // Storage buckets
  a('create-bucket', 'creates a bucket', S3, 's3', 'CreateBucket', 's3 storage',
    'Check who made the bucket and what it will hold, and that it blocks public access.', bucket),
  a('delete-bucket', 'deletes a bucket', S3, 's3', 'DeleteBucket', 's3 storage',
    'Check that the bucket was meant to go, and that nothing you run still reads or writes to it.', bucket),
  a('list-buckets', 'lists all the buckets', S3, 's3', 'ListBuckets', 's3 discovery',
    'Check whose keys listed the buckets; someone new to this account may be looking for data to take.'),
  a('change-bucket-policy', 'changes or deletes a bucket’s access policy', S3, 's3', 'PutBucketPolicy DeleteBucketPolicy', 's3 policy public',
    'Check what the bucket’s new access policy allows, and that it does not let everyone or strangers in.', bucket),
  a('change-bucket-acl', 'changes a bucket’s access list', S3, 's3', 'PutBucketAcl', 's3 acl public grant',
    'Check who the bucket’s access list now lets in, above all everyone (public) or other accounts.', bucket),
  a('change-bucket-public-block', 'changes a bucket’s block on public access', S3, 's3', 'PutBucketPublicAccessBlock', 's3 public access block',
    'Check that the bucket still blocks public access after the change.', bucket),
  a('remove-bucket-public-block', 'removes a bucket’s block on public access', S3, 's3', 'DeleteBucketPublicAccessBlock', 's3 public access block open',
    'Check that the bucket really needs to be public, such as a website, and holds nothing private.', bucket),
  a('change-bucket-cors', 'changes which websites may read a bucket', S3, 's3', 'PutBucketCors DeleteBucketCors', 's3 cors',
    'Check which websites may now read the bucket from a browser, and that they are yours.', bucket),
  a('change-bucket-lifecycle', 'changes when a bucket deletes old files', S3, 's3', 'PutBucketLifecycle DeleteBucketLifecycle', 's3 lifecycle expiry',
    'Check after how many days the bucket now deletes old files, and that no data you must keep is lost.', bucket),
  a('change-bucket-replication', 'changes where a bucket copies its files', S3, 's3', 'PutBucketReplication DeleteBucketReplication', 's3 replication copy',
    'Check where the bucket now copies its files, and that the place belongs to your company.', bucket),
  a('change-bucket-encryption', 'changes a bucket’s default encryption', S3, 's3', 'PutBucketEncryption', 's3 encryption',
    'Check which key the bucket now uses to encrypt files, and who may use that key.', bucket),
  a('remove-bucket-encryption', 'turns off a bucket’s default encryption', S3, 's3', 'DeleteBucketEncryption', 's3 encryption',
    'Check who turned off the bucket’s default encryption, and whether it holds private data.', bucket),
  a('change-bucket-logging', 'changes a bucket’s access logging', S3, 's3', 'PutBucketLogging', 's3 logs',
    'Check that the bucket’s access logs still go to a bucket your team owns and reads.', bucket),
  a('change-bucket-versioning', 'changes whether a bucket keeps old versions', S3, 's3', 'PutBucketVersioning', 's3 versioning',
    'Check whether the bucket stopped keeping old versions, which makes lost or changed files hard to get back.', bucket),
  a('make-bucket-website', 'turns a bucket into a website', S3, 's3', 'PutBucketWebsite', 's3 website public hosting',
    'Check that the bucket is meant to be a public website, and that it holds nothing private.', bucket),
  // Audit log
  a('stop-audit-log', 'turns off CloudTrail logging', TRAIL, 'cloudtrail', 'StopLogging', 'trail audit log evasion',
    'Check who turned off the audit log (CloudTrail); people who break in do this to hide what they do next.', trail),
  a('start-audit-log', 'turns CloudTrail logging back on', TRAIL, 'cloudtrail', 'StartLogging', 'trail audit log',
    'Check how long the audit log was off, and look at what happened in that gap.', trail),
  a('create-trail', 'creates a trail', TRAIL, 'cloudtrail', 'CreateTrail', 'trail audit log',
    'Check where the new trail sends its records, and that the bucket belongs to your company.', trail),
  a('delete-trail', 'deletes a trail', TRAIL, 'cloudtrail', 'DeleteTrail', 'trail audit log evasion',
    'Check that another trail still records every region, and who deleted this one.', trail),
  a('change-trail', 'changes a trail’s settings', TRAIL, 'cloudtrail', 'UpdateTrail', 'trail audit log',
    'Check where the trail now sends its records, and that it still covers every region.', trail),
  a('change-trail-events', 'changes which events a trail records', TRAIL, 'cloudtrail', 'PutEventSelectors PutInsightSelectors', 'trail selectors insights',
    'Check which events the trail no longer records, since gaps hide what people do.', [t('trailName', 'the trail', 'management-events')]),
  // Threat detection
  a('turn-off-guardduty', 'turns off GuardDuty', GD, 'guardduty', 'DeleteDetector', 'detector threat',
    'Check who turned off GuardDuty in this account and place (region), and whether they had a reason.', detector),
  a('change-guardduty', 'changes GuardDuty’s settings', GD, 'guardduty', 'UpdateDetector', 'detector threat enable',
    'Check what changed in GuardDuty, such as how often it reports or whether it is still on.', detector),
  a('leave-guardduty-admin', 'takes an account out of central GuardDuty', GD, 'guardduty', 'DisassociateFromMasterAccount DisassociateFromAdministratorAccount', 'detector administrator member',
    'Check why this account left central GuardDuty, since your team no longer sees what it finds there.'),
  a('stop-guardduty-members', 'stops GuardDuty watching member accounts', GD, 'guardduty', 'StopMonitoringMembers', 'detector member',
    'Check which member accounts GuardDuty stopped watching, and who asked for it.'),
  a('add-guardduty-trusted-ips', 'adds a list of trusted addresses to GuardDuty', GD, 'guardduty', 'CreateIPSet', 'ip set allow list',
    'Check which addresses were added as trusted, since GuardDuty stops warning you about what they do.', detector),
  // Record of settings changes
  a('stop-config-recorder', 'stops recording settings changes', CONFIG, 'config', 'StopConfigurationRecorder', 'config recorder',
    'Check who stopped recording settings changes (Config), and what changed while it was off.'),
  a('delete-config-recorder', 'deletes the settings recorder', CONFIG, 'config', 'DeleteConfigurationRecorder', 'config recorder',
    'Check who deleted the settings recorder, and whether the audit log was turned off as well.'),
  a('change-config-recorder', 'changes what settings changes are recorded', CONFIG, 'config', 'PutConfigurationRecorder', 'config recorder',
    'Check which kinds of settings the recorder no longer records after the change.'),
  a('delete-config-delivery', 'stops delivering the record of settings changes', CONFIG, 'config', 'DeleteDeliveryChannel', 'config delivery channel',
    'Check who stopped the record of settings changes from reaching its bucket, and whether the recorder still runs.'),
  a('change-config-delivery', 'changes where the record of settings changes goes', CONFIG, 'config', 'PutDeliveryChannel', 'config delivery channel',
    'Check where the record of settings changes now goes, and that the bucket belongs to your company.'),
  // Encryption keys
  a('create-key', 'creates an encryption key', KMS, 'kms', 'CreateKey', 'kms cmk',
    'Check who made the encryption key and who may use it, above all any account outside your own.'),
  a('turn-off-key', 'turns off an encryption key', KMS, 'kms', 'DisableKey', 'kms cmk disable',
    'Check which data the turned-off encryption key protects, since that data cannot be read until the key is back on.', key),
  a('delete-key', 'sets an encryption key to be deleted', KMS, 'kms', 'ScheduleKeyDeletion', 'kms cmk delete schedule',
    'Check what the key protects, since data locked with it is lost for good once the waiting time ends.', key),
  a('change-key-policy', 'changes who may use an encryption key', KMS, 'kms', 'PutKeyPolicy', 'kms key policy',
    'Check who may now use the encryption key, and that no unknown account was added.', key),
  // Secrets
  a('read-secret', 'reads a secret', SECRETS, 'secretsmanager', 'GetSecretValue', 'password credentials',
    'Check who read the secret and that their job needs it; a person reading a secret a tool uses is odd.', secret),
  a('read-secrets-in-bulk', 'reads many secrets at once', SECRETS, 'secretsmanager', 'BatchGetSecretValue', 'password credentials batch',
    'Check whose keys read many secrets in one go, since this is how stolen keys are used to gather passwords.'),
  a('list-secrets', 'lists the secrets', SECRETS, 'secretsmanager', 'ListSecrets', 'password discovery',
    'Check whose keys listed the secrets, and that this person or tool has done it before.'),
  a('change-secret', 'changes a secret', SECRETS, 'secretsmanager', 'PutSecretValue UpdateSecret', 'password rotate',
    'Check that the secret was changed on purpose, and that the apps using it still work.', secret),
  a('delete-secret', 'deletes a secret', SECRETS, 'secretsmanager', 'DeleteSecret', 'password',
    'Check that no app still needs the deleted secret, and that it can still be brought back if needed.', secret),
  a('change-secret-policy', 'changes who may read a secret', SECRETS, 'secretsmanager', 'PutResourcePolicy', 'resource policy share',
    'Check who may now read the secret, above all any account outside your own.', secret),
  // Functions
  a('create-function', 'creates a function', LAMBDA, 'lambda', 'CreateFunction20150331', 'lambda serverless',
    'Check who made the function, what it does, and which role (permissions) it runs with.', fn),
  a('change-function-code', 'changes a function’s code', LAMBDA, 'lambda', 'UpdateFunctionCode20150331v2', 'lambda deploy',
    'Check that the new code came from your usual release process and not from a person by hand.', fn),
  a('change-function-settings', 'changes a function’s settings', LAMBDA, 'lambda', 'UpdateFunctionConfiguration20150331v2', 'lambda environment layers',
    'Check what changed in the function’s settings, such as new layers or new values it reads when it runs.', fn),
  a('let-others-call-function', 'lets another account or service call a function', LAMBDA, 'lambda', 'AddPermission20150331v2', 'lambda permission public',
    'Check which account or service may now call the function, and that it is not everyone.', fn),
  a('give-function-web-address', 'gives a function its own web address', LAMBDA, 'lambda', 'CreateFunctionUrlConfig', 'lambda url public',
    'Check whether the function’s new web address needs a sign-in, or lets anyone on the internet call it.', fn),
  // Accounts in the organization
  a('leave-organization', 'takes an account out of your organization', ORGS, 'organizations', 'LeaveOrganization', 'organizations leave',
    'Check why the account left, since your organization’s guardrails and logs no longer cover it.'),
  a('remove-account', 'removes an account from your organization', ORGS, 'organizations', 'RemoveAccountFromOrganization', 'organizations member',
    'Check which account was removed from your organization, and who asked for it.', [t('accountId', 'the account', '123456789012')]),
  a('change-org-guardrails', 'changes the guardrails on your accounts', ORGS, 'organizations', 'UpdatePolicy DetachPolicy DeletePolicy', 'scp service control policy',
    'Check which guardrail policy (SCP) changed, and what it blocked before that is now allowed.'),
  a('invite-account', 'invites an account into your organization', ORGS, 'organizations', 'InviteAccountToOrganization', 'organizations handshake',
    'Check that the invited account is one your company owns, and who sent the invite.'),
  // Commands on servers, databases, DNS
  a('run-command-on-servers', 'runs a command on servers', SSM, 'ssm', 'SendCommand', 'ssm run command shell',
    'Check what command was run and on which servers, and that it came from your usual tools.'),
  a('open-server-session', 'opens a shell on a server', SSM, 'ssm', 'StartSession', 'ssm session manager shell',
    'Check who opened the shell and on which server, and that they look after that server.'),
  a('read-stored-settings', 'reads stored settings and passwords', SSM, 'ssm', 'GetParameters GetParameter', 'ssm parameter store securestring',
    'Check whose keys read the stored settings, and whether any of them hold passwords.'),
  a('share-database-copy', 'shares a database copy', RDS, 'rds', 'ModifyDBSnapshotAttribute ModifyDBClusterSnapshotAttribute', 'rds snapshot public exfiltration',
    'Check which accounts can now read the database copy, and that it is not shared with everyone.'),
  a('delete-dns-query-logs', 'turns off DNS query logs', DNS, 'route53resolver', 'DeleteResolverQueryLogConfig', 'dns resolver query logs',
    'Check who turned off the DNS query logs, since they show which sites your servers talk to.'),
  // Logs, alarms and the tools that watch the account
  a('delete-log-group', 'deletes a log group', LOGS, 'logs', 'DeleteLogGroup', 'cloudwatch logs evasion',
    'Check which logs went with the group, and whether another copy of them is kept.', logGroup),
  a('stop-log-forwarding', 'stops logs being sent on to another tool', LOGS, 'logs', 'DeleteSubscriptionFilter', 'cloudwatch logs subscription filter forwarding',
    'Check where the logs were being sent, and that the tool there still gets them.', logGroup),
  a('delete-or-mute-alarms', 'deletes or mutes alarms', ALARMS, 'monitoring', 'DeleteAlarms DisableAlarmActions', 'cloudwatch alarm actions silence',
    'Check which alarms went quiet, and that someone still watches what they watched.'),
  a('delete-alert-topic', 'deletes a message topic or stops a subscription to one', SNS, 'sns', 'DeleteTopic Unsubscribe', 'sns topic subscription unsubscribe alerts',
    'Check which alerts went through the topic, and that they still reach your team.'),
  a('switch-off-security-hub', 'switches off Security Hub or part of it', HUB, 'securityhub', 'DisableSecurityHub BatchDisableStandards DisableImportFindingsForProduct DisassociateFromAdministratorAccount DisassociateFromMasterAccount', 'findings standards administrator',
    'Check who switched off Security Hub or part of it, since your team no longer sees what it finds there.'),
  a('change-security-hub-automation', 'adds or changes a Security Hub automation rule', HUB, 'securityhub', 'CreateAutomationRule BatchUpdateAutomationRules', 'findings automation suppress',
    'Check what the automation rule does to new findings, such as hiding or closing them.'),
  a('delete-access-analyzer', 'deletes an access analyzer', ANALYZER, 'access-analyzer', 'DeleteAnalyzer', 'external access findings',
    'Check who deleted the analyzer, since it tells you what people outside your accounts can reach.'),
  a('delete-config-rules', 'deletes settings checks', CONFIG, 'config', 'DeleteConfigRule DeleteConformancePack', 'config rule conformance pack',
    'Check which settings checks were deleted, and that your team meant to stop them.'),
  a('stop-guardduty-export', 'stops GuardDuty sending its findings on', GD, 'guardduty', 'DeletePublishingDestination', 'findings export destination bucket',
    'Check where GuardDuty sent its findings, and that your team still gets them.', detector),
  // Ways in and who owns the account
  a('change-sign-in-provider', 'adds or changes a sign-in provider', IAM, 'iam', 'CreateSAMLProvider UpdateSAMLProvider CreateOpenIDConnectProvider AddClientIDToOpenIDConnectProvider UpdateOpenIDConnectProviderThumbprint', 'saml oidc federation identity provider',
    'Check which outside sign-in service can now let people into this account, and that your company runs it.'),
  a('change-password-rules', 'changes or deletes the password rules', IAM, 'iam', 'UpdateAccountPasswordPolicy DeleteAccountPasswordPolicy', 'password policy length',
    'Check that the password rules are still as strict as your team agreed.'),
  a('make-other-sign-in-secret', 'makes another kind of sign-in secret for a user', IAM, 'iam', 'CreateServiceSpecificCredential ResetServiceSpecificCredential UploadSSHPublicKey UploadSigningCertificate', 'ssh key certificate codecommit credential',
    'Check which user got the new secret, and that they asked for it.', user),
  a('remove-permissions-boundary', 'removes a permissions boundary', IAM, 'iam', 'DeleteUserPermissionsBoundary DeleteRolePermissionsBoundary', 'boundary limit escalation',
    'Check which user or role lost its limit, and what it is allowed to do without it.'),
  a('turn-on-region', 'turns on a new region', ACCOUNT, 'account', 'EnableRegion', 'region opt-in',
    'Check that your team plans to use this place (region), since people who break in like places nobody watches.', [t('regionName', 'the region', 'af-south-1')]),
  a('change-account-contacts', 'changes the account’s contacts', ACCOUNT, 'account', 'PutAlternateContact DeleteAlternateContact PutContactInformation', 'contact email phone billing',
    'Check that AWS still writes to people in your company about this account.'),
  // Things left open to others
  a('unblock-public-disk-copies', 'lets disk copies be shared with everyone', EC2, 'ec2', 'DisableSnapshotBlockPublicAccess', 'snapshot block public',
    'Check who lifted the block, and whether any disk copy is now shared with everyone.'),
  a('unblock-public-server-images', 'lets server images be shared with everyone', EC2, 'ec2', 'DisableImageBlockPublicAccess', 'ami image block public',
    'Check who lifted the block, and whether any server image is now shared with everyone.'),
  a('create-or-change-database', 'creates or changes a database', RDS, 'rds', 'CreateDBInstance ModifyDBInstance CreateDBInstanceReadReplica RestoreDBInstanceFromDBSnapshot RestoreDBInstanceToPointInTime RestoreDBInstanceFromS3', 'rds instance replica restore public',
    'Check what changed on the database, above all whether it can now be reached from the internet.', [t('dBInstanceIdentifier', 'the database', 'prod-db')]),
  a('create-or-change-warehouse', 'creates or changes a data warehouse', REDSHIFT, 'redshift', 'CreateCluster ModifyCluster RestoreFromClusterSnapshot', 'redshift cluster public',
    'Check what changed on the data warehouse, above all whether it can now be reached from the internet.', [t('clusterIdentifier', 'the data warehouse', 'analytics')]),
  a('change-file-acl', 'changes a stored file’s access list', S3, 's3', 'PutObjectAcl', 's3 object acl public grant',
    'Check who can now read the file, and that it is not open to everyone.', bucket),
  a('change-image-store-policy', 'changes who can use a container image store', ECR, 'ecr', 'SetRepositoryPolicy', 'repository policy pull push',
    'Check which accounts can now pull or push images, and that it is not everyone.', imageStore),
  a('create-public-image-store', 'creates a public container image store', ECR_PUBLIC, 'ecr-public', 'CreateRepository', 'repository public',
    'Check that your team meant to share these images with the whole world.', imageStore),
  // Quiet ways to stay in
  a('copy-network-traffic', 'copies network traffic to another place', VPC, 'ec2', 'CreateTrafficMirrorSession CreateTrafficMirrorTarget', 'traffic mirror session target',
    'Check where the copied traffic goes, and that your team owns that place.'),
  a('give-server-role', 'gives a server a role', EC2, 'ec2', 'AssociateIamInstanceProfile ReplaceIamInstanceProfileAssociation', 'instance profile iam role',
    'Check which role the server now has, and what that role can do.'),
  a('unlock-domain', 'unlocks a domain name or moves it to another account', DOMAINS, 'route53domains', 'DisableDomainTransferLock TransferDomainToAnotherAwsAccount', 'domain transfer lock dns',
    'Check that the domain name is meant to move, since whoever holds it controls your website and email.', [t('domainName', 'the domain name', 'example.com')]),
  a('unlink-dns-query-logs', 'stops a private network’s DNS query logs', DNS, 'route53resolver', 'DisassociateResolverQueryLogConfig', 'dns resolver query logs',
    'Check which private network no longer logs its DNS queries, and who stopped it.'),
  // What ransomware does first: backups, database copies and keys
  a('delete-backup-copy', 'deletes a backup copy', BACKUP, 'backup', 'DeleteRecoveryPoint', 'recovery point ransomware',
    'Check that the backup copy was an old one you meant to drop, and that newer copies remain.'),
  a('delete-backup-vault', 'deletes a backup vault or plan', BACKUP, 'backup', 'DeleteBackupVault DeleteBackupPlan DeleteBackupSelection', 'vault plan selection ransomware',
    'Check that your data is still backed up by another plan, and who deleted this one.'),
  a('unlock-backup-vault', 'removes a backup vault’s lock or its policy', BACKUP, 'backup', 'DeleteBackupVaultLockConfiguration DeleteBackupVaultAccessPolicy', 'vault lock policy ransomware',
    'Check who removed the lock or rule, since without it anyone who gets in can delete the backups.'),
  a('delete-database', 'deletes a database', RDS, 'rds', 'DeleteDBInstance DeleteDBCluster', 'rds instance cluster final snapshot',
    'Check that the database was meant to go, and that a final copy of it was kept.'),
  a('delete-database-copy', 'deletes a database copy', RDS, 'rds', 'DeleteDBSnapshot DeleteDBClusterSnapshot', 'rds snapshot backup',
    'Check that the database copy was an old one you meant to drop, and not your last backup.'),
  a('stop-default-disk-encryption', 'stops encrypting new disks by default', EC2, 'ec2', 'DisableEbsEncryptionByDefault', 'ebs encryption default',
    'Check who changed this, since new disks in this place (region) are now stored without encryption.'),
  a('change-bucket-file-lock', 'changes how long a bucket’s files are locked', S3, 's3', 'PutObjectLockConfiguration', 'object lock retention',
    'Check that the files are still locked for as long as your team agreed, so that nobody can delete them early.', bucket),
  a('delete-imported-key-material', 'deletes a key’s imported secret part', KMS, 'kms', 'DeleteImportedKeyMaterial', 'key material import',
    'Check which key lost its secret part, since data locked with that key cannot be read until it is brought back.', key),
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

