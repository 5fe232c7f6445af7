/**
 * The templates against real attacks: for each template, the Stratus Red Team detonations
 * (../shared/corpora/cloudtrail-events-stratus) it fires on, pinned below so that any change to
 * what a template catches shows up here as a changed line. Then the misses and false alarms a
 * detection review found, each checked by name, on records built where the corpus has none.
 */
import { describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { countFirings } from '../../../src/lib/rules/count.ts';
import { effectiveCondition, type Rule } from '../../../src/lib/rules/model.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { haveStratus, loadStratusFiles, loadTemplates } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

// CloudTrail templates only: a cluster's audit log reaches no AWS region's EventBridge and no
// CloudTrail detonation (tests/unit/rules/k8s/ covers those templates).
const templates = loadTemplates().filter((t) => sourceOf(t) === 'cloudtrail');
const byId = new Map(templates.map((r) => [r.id, r]));
const template = (id: string): Rule => {
  const rule = byId.get(id);
  if (!rule) throw new Error(`no template ${id}`);
  return rule;
};
const fires = (id: string, event: CloudTrailEvent): boolean => matchesCondition(effectiveCondition(template(id)), event);
/** The templates that fire on a record, by id. */
const firing = (event: CloudTrailEvent): string[] => templates.filter((r) => fires(r.id, event)).map((r) => r.id);

const stratus = loadStratusFiles('the templates on every Stratus Red Team detonation');

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('the templates on every Stratus Red Team detonation', () => {
  it('fire on exactly the detonations in this table', () => {
    const table: Record<string, string[]> = {};
    // A counting template fires on a detonation when its count is reached over that file's records.
    const firesOn = (rule: Rule, events: CloudTrailEvent[]): boolean =>
      rule.count ? countFirings(rule.count, effectiveCondition(rule), events).length > 0 : events.some((e) => fires(rule.id, e));
    for (const rule of templates)
      table[rule.id] = stratus.filter((f) => firesOn(rule, f.events)).map((f) => f.file.replace(/^aws\./, '').replace(/\.json$/, ''));
    expect(table).toEqual({
    'cis-cloudwatch-1': [],
    // Ten refused calls within five minutes: the two detonations that try a call over and over.
    'cis-cloudwatch-2': ['credential-access.ec2-get-password-data', 'discovery.ec2-download-user-data'],
    'cis-cloudwatch-3': ['initial-access.console-login-without-mfa'],
    'cis-cloudwatch-4': ['persistence.iam-create-admin-user', 'persistence.iam-create-backdoor-role'],
    'cis-cloudwatch-5': ['defense-evasion.cloudtrail-delete', 'defense-evasion.cloudtrail-stop'],
    'cis-cloudwatch-6': [],
    'cis-cloudwatch-7': [],
    'cis-cloudwatch-8': [],
    'cis-cloudwatch-9': [],
    'cis-cloudwatch-10': ['exfiltration.ec2-security-group-open-port-22-ingress'],
    'cis-cloudwatch-11': [],
    'cis-cloudwatch-12': [],
    'cis-cloudwatch-13': [],
    'cis-cloudwatch-14': [],
    'root-account-used': [],
    'root-sign-in-failed-repeatedly': [],
    'root-access-key-created': [],
    'console-sign-in-failed': [],
    'console-sign-in-without-mfa': ['initial-access.console-login-without-mfa'],
    'new-iam-user': ['persistence.iam-create-admin-user'],
    'admin-policy-attached': ['persistence.iam-create-admin-user', 'persistence.iam-create-backdoor-role'],
    'identity-center-access-given': [],
    'access-key-created': ['persistence.iam-backdoor-user', 'persistence.iam-create-admin-user'],
    'console-password-set-for-user': ['persistence.iam-create-user-login-profile', 'privilege-escalation.iam-update-user-login-profile'],
    'role-trust-changed': ['persistence.iam-backdoor-role', 'persistence.iam-create-backdoor-role'],
    'federation-token-requested': ['persistence.sts-federation-token'],
    'server-outside-autoscaling': ['execution.ec2-launch-unusual-instances', 'execution.ec2-user-data'],
    'cloudtrail-stopped-or-deleted': ['defense-evasion.cloudtrail-delete', 'defense-evasion.cloudtrail-stop'],
    'cloudtrail-logging-narrowed': ['defense-evasion.cloudtrail-event-selectors'],
    'guardduty-turned-off': [],
    'config-recorder-stopped': [],
    'security-service-switch-off-refused': [],
    'kms-key-scheduled-for-deletion': [],
    // Twenty reads by one caller within five minutes; the batch file holds only five batch calls.
    'secrets-read-in-bulk': ['credential-access.secretsmanager-retrieve-secrets'],
    'unusual-region': [
      'credential-access.ec2-steal-instance-credentials',
      'defense-evasion.cloudtrail-delete',
      'defense-evasion.cloudtrail-event-selectors',
      'defense-evasion.cloudtrail-stop',
      'defense-evasion.dns-delete-logs',
      'defense-evasion.vpc-remove-flow-logs',
      'execution.ec2-user-data',
      'execution.ssm-send-command',
      'execution.ssm-start-session',
      'exfiltration.ec2-security-group-open-port-22-ingress',
      'exfiltration.ec2-share-ami',
      'exfiltration.ec2-share-ebs-snapshot',
      'exfiltration.rds-share-snapshot',
      'impact.bedrock-invoke-model',
      'lateral-movement.ec2-instance-connect',
      'lateral-movement.ec2-serial-console-send-ssh-public-key',
      'persistence.iam-backdoor-role',
      'persistence.iam-backdoor-user',
      'persistence.iam-create-admin-user',
      'persistence.iam-create-backdoor-role',
      'persistence.iam-create-user-login-profile',
      'persistence.lambda-backdoor-function',
      'persistence.lambda-layer-extension',
      'persistence.lambda-overwrite-code',
      'persistence.rolesanywhere-create-trust-anchor',
      'persistence.sts-federation-token',
      'privilege-escalation.iam-update-user-login-profile',
    ],
    'security-group-open-to-internet': ['exfiltration.ec2-security-group-open-port-22-ingress'],
    'bucket-made-public': [],
    'account-public-block-loosened': [],
    'flow-logs-deleted': ['defense-evasion.vpc-remove-flow-logs'],
    'dns-query-logs-deleted': ['defense-evasion.dns-delete-logs'],
    'account-left-organization': ['defense-evasion.organizations-leave'],
    'disk-or-image-shared': ['exfiltration.ec2-share-ami', 'exfiltration.ec2-share-ebs-snapshot', 'exfiltration.rds-share-snapshot'],
    'lambda-opened-to-anyone': ['persistence.lambda-backdoor-function'],
    'command-sent-to-servers': ['credential-access.ec2-steal-instance-credentials', 'execution.ssm-send-command', 'execution.ssm-start-session'],
    // Left the door open: Stratus shares disks and images (disk-or-image-shared above) but opens
    // none of these, so they stay quiet on every detonation.
    'snapshot-public-sharing-unblocked': [],
    'image-public-sharing-unblocked': [],
    'database-open-to-internet': [],
    'data-warehouse-open-to-internet': [],
    'function-url-without-sign-in': [],
    'bucket-acl-opened-to-everyone': [],
    'bucket-access-lists-turned-back-on': [],
    'container-repository-opened-to-everyone': [],
    'public-container-repository-created': [],
    'secret-shared-by-its-policy': [],
    'resource-share-open-to-outside-accounts': [],
    'function-layer-shared-with-everyone': [],
    // Someone turned off the lights: Stratus switches off CloudTrail and GuardDuty (starter templates)
    // but none of these logs, alarms or findings, so they stay quiet.
    'log-group-deleted': [],
    'log-forwarding-removed': [],
    'alarm-deleted-or-muted': [],
    'event-rule-switched-off': [],
    'plainsec-alert-rule-switched-off': [],
    'alert-topic-deleted': [],
    'security-hub-turned-off': [],
    'security-hub-findings-suppressed': [],
    'security-hub-automation-rule-changed': [],
    'bucket-access-logging-turned-off': [],
    'access-analyzer-deleted': [],
    'config-rule-deleted': [],
    'guardduty-findings-export-removed': [],
    // Quiet persistence: five detonations are exactly what these templates watch for.
    'server-startup-script-changed': ['execution.ec2-user-data'],
    'launch-template-startup-script-set': [],
    'function-code-replaced-by-a-person': ['persistence.lambda-overwrite-code'],
    'function-layer-added': ['persistence.lambda-layer-extension'],
    'function-given-new-role': [],
    'instance-connect-key-pushed': ['lateral-movement.ec2-instance-connect', 'lateral-movement.ec2-serial-console-send-ssh-public-key'],
    'serial-console-turned-on': ['lateral-movement.ec2-serial-console-send-ssh-public-key'],
    'traffic-mirroring-set-up': [],
    'network-acl-open-to-internet': [],
    'domain-transfer-lock-removed': [],
    'server-given-a-role': [],
    'key-pair-imported': [],
    'metadata-service-v1-turned-back-on': [],
    // Keys to the kingdom. The two detonations that make a key for another user do it as an IAM
    // user, which access-key-made-for-user-by-role-or-root cannot tell from a user's own key.
    'access-key-made-for-user-by-role-or-root': [],
    'root-password-changed-or-recovered': [],
    'sign-in-provider-added-or-changed': [],
    'identity-center-permission-set-changed': [],
    'leaked-key-quarantined-by-aws': [],
    'mfa-device-turned-off': [],
    'password-policy-deleted-or-changed': [],
    'new-region-turned-on': [],
    'access-key-turned-back-on': [],
    'other-sign-in-secret-made-for-user': [],
    'permissions-boundary-removed': [],
    'account-contacts-changed': [],
    // Ransomware's first moves: no detonation in the corpus deletes backups or weakens encryption
    // (the corpus holds none of Stratus's S3 ransomware detonations, which work through data events).
    'bucket-versioning-suspended': [],
    'backup-copies-deleted': [],
    'backup-vault-or-plan-deleted': [],
    'backup-vault-lock-removed': [],
    'database-deletion-protection-off': [],
    'database-deleted-without-final-copy': [],
    'database-snapshot-deleted': [],
    'disk-snapshot-deleted-by-hand': [],
    'disk-encryption-by-default-off': [],
    'bucket-replication-removed': [],
    'bucket-object-lock-changed': [],
    'key-material-deleted': [],
    'outside-key-material-imported': [],
    });
  });
});

const account = '111122223333';

/** A record as CloudTrail writes one, for an IAM user's call unless `parts` says otherwise. */
function record(parts: Partial<CloudTrailEvent>): CloudTrailEvent {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: `arn:aws:iam::${account}:user/alice`, accountId: account, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
    eventTime: '2024-05-14T09:12:44Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off',
    requestParameters: null,
    responseElements: null,
    requestID: 'e5e570cd-60a7-4d41-a8af-1d1dcc6729d9',
    eventID: 'd468715f-b23f-49a4-aa88-8369ce33c972',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...parts,
  };
}

/** A call made through a role's session; `invokedBy` when an AWS service made it, `path` for the role's path. */
function roleSession(role: string, invokedBy?: string, path = '/'): CloudTrailEvent {
  return {
    type: 'AssumedRole',
    principalId: 'AROA3SGNQW5HEXAMPLE2:session',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/session`,
    accountId: account,
    ...(invokedBy ? { invokedBy } : {}),
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROA3SGNQW5HEXAMPLE2', arn: `arn:aws:iam::${account}:role${path}${role}`, accountId: account, userName: role },
      attributes: { creationDate: '2024-05-14T07:58:40Z', mfaAuthenticated: 'false' },
    },
  };
}

const refused = { errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform this action' };

describe('the misses the review found now fire', () => {
  it('a server a CloudFormation or CDK stack starts counts as started by hand', () => {
    const byStack = record({ userIdentity: roleSession('cdk-cfn-exec-role', 'cloudformation.amazonaws.com'), sourceIPAddress: 'cloudformation.amazonaws.com' });
    expect(fires('server-outside-autoscaling', byStack)).toBe(true);
    // Auto-scaling itself still does not.
    const byAutoScaling = record({
      userIdentity: roleSession('AWSServiceRoleForAutoScaling', 'autoscaling.amazonaws.com', '/aws-service-role/autoscaling.amazonaws.com/'),
      sourceIPAddress: 'autoscaling.amazonaws.com',
    });
    expect(fires('server-outside-autoscaling', byAutoScaling)).toBe(false);
  });

  it('servers asked for with CreateFleet (Karpenter), RequestSpotInstances or StartInstances count', () => {
    const karpenter = roleSession('KarpenterControllerRole-prod');
    for (const eventName of ['CreateFleet', 'RequestSpotInstances', 'StartInstances'])
      expect(fires('server-outside-autoscaling', record({ eventName, userIdentity: karpenter })), eventName).toBe(true);
  });

  it('a refused launch of ten GPU servers is kept, not dropped', () => {
    const tenGpus = record({
      ...refused,
      errorCode: 'Client.UnauthorizedOperation',
      requestParameters: { instanceType: 'p3.8xlarge', instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 10 }] } },
    });
    expect(fires('server-outside-autoscaling', tenGpus)).toBe(true);
  });

  it('a refused attempt to turn GuardDuty off goes to a look-today rule', () => {
    const attempt = record({ eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector', requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }, ...refused });
    expect(firing(attempt)).toContain('security-service-switch-off-refused');
    expect(template('security-service-switch-off-refused').urgency).toBe('look-today');
    // The wake-me-up rule stays for a GuardDuty that is really off.
    expect(fires('guardduty-turned-off', attempt)).toBe(false);
  });

  it('refused attempts to stop the audit log or the Config recorder go to the same rule', () => {
    expect(fires('security-service-switch-off-refused', record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', ...refused }))).toBe(true);
    expect(fires('security-service-switch-off-refused', record({ eventSource: 'config.amazonaws.com', eventName: 'StopConfigurationRecorder', ...refused }))).toBe(true);
  });

  it('a GuardDuty suppression rule that archives findings fires', () => {
    const filter = record({ eventSource: 'guardduty.amazonaws.com', eventName: 'CreateFilter', requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', name: 'quiet', action: 'ARCHIVE' } });
    expect(fires('guardduty-turned-off', filter)).toBe(true);
  });

  it('a new role that trusts an AWS account fires', () => {
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}';
    expect(fires('role-trust-changed', record({ eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', requestParameters: { roleName: 'support', assumeRolePolicyDocument: trust } }))).toBe(true);
  });

  it('unhooking a VPC from DNS query logging fires', () => {
    expect(fires('dns-query-logs-deleted', record({ eventSource: 'route53resolver.amazonaws.com', eventName: 'DisassociateResolverQueryLogConfig' }))).toBe(true);
  });

  it('a security group opened to everyone in the console or by Terraform (rules in a list) fires', () => {
    const opening = (ranges: object) =>
      record({ eventName: 'AuthorizeSecurityGroupIngress', requestParameters: { groupId: 'sg-0a1b2c3d4e5f67890', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, groups: {}, prefixListIds: {}, ...ranges }] } } });
    expect(fires('security-group-open-to-internet', opening({ ipRanges: { items: [{ cidrIp: '198.51.100.0/24' }, { cidrIp: '0.0.0.0/0' }] } }))).toBe(true);
    expect(fires('security-group-open-to-internet', opening({ ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } }))).toBe(true);
    expect(fires('security-group-open-to-internet', opening({ ipRanges: { items: [{ cidrIp: '198.51.100.0/24' }] } }))).toBe(false);
  });

  it('twenty secrets read by one caller within five minutes fire the counting rule, nineteen do not', () => {
    const rule = template('secrets-read-in-bulk');
    const reads = Array.from({ length: 20 }, (_, i) =>
      record({ eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', eventTime: `2024-05-14T09:1${Math.floor(i / 10)}:${String(10 + (i % 10) * 4).padStart(2, '0')}Z`, requestParameters: { secretId: `app/secret-${i}` } }),
    );
    expect(countFirings(rule.count!, effectiveCondition(rule), reads)).toHaveLength(1);
    expect(countFirings(rule.count!, effectiveCondition(rule), reads.slice(1))).toHaveLength(0);
  });
});

describe('the false alarms the review found stay quiet', () => {
  it('auto-scaling deleting a scaling policy sets off no template but cis-cloudwatch-4, whose Security Hub text says so', () => {
    const deletePolicy = record({ eventSource: 'autoscaling.amazonaws.com', eventName: 'DeletePolicy', requestParameters: { autoScalingGroupName: 'web-asg', policyName: 'scale-out-cpu' } });
    expect(firing(deletePolicy)).toEqual(['cis-cloudwatch-4']);
    // Its pinned text cannot change, so its words name the flaw.
    expect(template('cis-cloudwatch-4').means).toMatch(/auto-scaling deletes a scaling policy/);
  });

  it('removing a database snapshot share does not fire', () => {
    const unshare = record({ eventSource: 'rds.amazonaws.com', eventName: 'ModifyDBSnapshotAttribute', requestParameters: { dBSnapshotIdentifier: 'nightly', attributeName: 'restore', valuesToRemove: ['all'] } });
    expect(fires('disk-or-image-shared', unshare)).toBe(false);
    expect(fires('disk-or-image-shared', record({ ...unshare, requestParameters: { dBSnapshotIdentifier: 'nightly', attributeName: 'restore', valuesToAdd: ['all'] } }))).toBe(true);
    // The same for a server image and a disk snapshot, where the accounts sit in a list of groups.
    const stopImageShare = record({ eventSource: 'ec2.amazonaws.com', eventName: 'ModifyImageAttribute', requestParameters: { imageId: 'ami-0abcdef1234567890', attributeType: 'launchPermission', launchPermission: { remove: { items: [{ userId: '111122223333' }] } } } });
    expect(fires('disk-or-image-shared', stopImageShare)).toBe(false);
    expect(fires('disk-or-image-shared', record({ ...stopImageShare, requestParameters: { imageId: 'ami-0abcdef1234567890', attributeType: 'launchPermission', launchPermission: { add: { items: [{ userId: '111122223333' }] } } } }))).toBe(true);
    const stopDiskShare = record({ eventSource: 'ec2.amazonaws.com', eventName: 'ModifySnapshotAttribute', requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f67890', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { remove: { items: [{ group: 'all' }] } } } });
    expect(fires('disk-or-image-shared', stopDiskShare)).toBe(false);
    expect(fires('disk-or-image-shared', record({ ...stopDiskShare, requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f67890', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } } }))).toBe(true);
  });

  it('a function opened only to your organisation (principalOrgID) does not fire', () => {
    const permission = { functionName: 'lookup', statementId: 'org', action: 'lambda:InvokeFunction', principal: '*' };
    const orgOnly = record({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', requestParameters: { ...permission, principalOrgID: 'o-a1b2c3d4e5' } });
    expect(fires('lambda-opened-to-anyone', orgOnly)).toBe(false);
    expect(fires('lambda-opened-to-anyone', record({ ...orgOnly, requestParameters: permission }))).toBe(true);
  });

  it('a failed root sign-in wakes nobody up', () => {
    const failed = record({
      userIdentity: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: '' },
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      eventType: 'AwsConsoleSignIn',
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    });
    const paging = firing(failed).filter((id) => template(id).urgency === 'wake-me-up');
    expect(paging).toEqual([]);
    // A successful one does.
    const signedIn: CloudTrailEvent = { ...failed, responseElements: { ConsoleLogin: 'Success' } };
    delete signedIn['errorMessage'];
    expect(fires('root-account-used', signedIn)).toBe(true);
  });

  it('Identity Center setting up an admin permission set does not fire', () => {
    const provisioning = record({
      userIdentity: roleSession('AWSServiceRoleForSSO', 'sso.amazonaws.com', '/aws-service-role/sso.amazonaws.com/'),
      sourceIPAddress: 'sso.amazonaws.com',
      eventSource: 'iam.amazonaws.com',
      eventName: 'AttachRolePolicy',
      requestParameters: { roleName: 'AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    });
    expect(fires('admin-policy-attached', provisioning)).toBe(false);
  });
});
