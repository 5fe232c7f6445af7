import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionById, actionCondition, actions, actionsInCondition, searchActions, type Action } from '../../../src/lib/rules/actions.ts';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { conditionSchema, ruleSetSchema, type Condition } from '../../../src/lib/rules/model.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const corpora = path.resolve('..', 'shared', 'corpora');
const haveCorpora = existsSync(corpora);

/** Every source/name pair the catalogue uses. */
const pairs = actions.flatMap((a) => a.eventNames.map((n) => `${a.eventSource} ${n}`));

/**
 * Pairs that the corpora do not show. Each name is an operation in the service's API as AWS
 * publishes it: checked on 2026-11-30 against AWS's API models (botocore 1.43.11,
 * data/<service>/<version>/service-2.json, the models AWS's API references are generated from),
 * and the page given is the service's API reference. Where CloudTrail's name differs from the API's,
 * the page is the one that documents the name CloudTrail writes.
 */
const documented: Record<string, { page: string; names: string[] }> = {
  'ec2.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Operations.html',
    names: [
      'TerminateInstances', 'ModifySecurityGroupRules', 'CreateKeyPair', 'DeleteSnapshot', 'DeleteVolume', 'CreateSecurityGroup', 'DeleteSecurityGroup',
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'CreateVpcPeeringConnection', 'AcceptVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'CreateFlowLogs', 'CreateNetworkAcl', 'DeleteNetworkAcl',
      'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation', 'CreateInternetGateway',
      'AttachInternetGateway', 'DetachInternetGateway', 'DeleteInternetGateway', 'CreateCustomerGateway', 'DeleteCustomerGateway',
      'ReplaceRoute', 'DeleteRoute', 'CreateRouteTable', 'DeleteRouteTable', 'ReplaceRouteTableAssociation', 'DisassociateRouteTable',
      'DisableSnapshotBlockPublicAccess', 'DisableImageBlockPublicAccess', 'CreateTrafficMirrorSession',
      'CreateTrafficMirrorTarget', 'AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation', 'DisableEbsEncryptionByDefault',
    ],
  },
  'iam.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html',
    names: [
      'DeleteUser', 'DeleteAccessKey', 'UpdateAccessKey', 'DeactivateMFADevice', 'CreateGroup', 'DeleteGroup', 'AddUserToGroup',
      'DeleteRole', 'AttachGroupPolicy', 'DetachUserPolicy', 'DetachRolePolicy', 'DetachGroupPolicy', 'PutUserPolicy', 'PutRolePolicy',
      'PutGroupPolicy', 'DeleteUserPolicy', 'DeleteRolePolicy', 'DeleteGroupPolicy', 'CreatePolicy', 'CreatePolicyVersion',
      'DeletePolicy', 'DeletePolicyVersion',
      'CreateSAMLProvider', 'CreateOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint',
      'UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy', 'CreateServiceSpecificCredential', 'ResetServiceSpecificCredential', 'UploadSSHPublicKey',
      'UploadSigningCertificate', 'DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary',
    ],
  },
  's3.amazonaws.com': {
    // CloudTrail writes PutBucketPublicAccessBlock / DeleteBucketPublicAccessBlock for the API's
    // PutPublicAccessBlock / DeletePublicAccessBlock; this page lists the names CloudTrail writes.
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
    names: ['CreateBucket', 'DeleteBucket', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutBucketEncryption', 'DeleteBucketEncryption', 'PutObjectAcl', 'PutObjectLockConfiguration'],
  },
  'cloudtrail.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html',
    names: ['StartLogging', 'CreateTrail', 'PutInsightSelectors'],
  },
  'guardduty.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Operations.html',
    names: ['DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'StopMonitoringMembers', 'DeletePublishingDestination'],
  },
  'config.amazonaws.com': { page: 'https://docs.aws.amazon.com/config/latest/APIReference/API_Operations.html', names: ['DeleteConfigurationRecorder', 'DeleteConfigRule', 'DeleteConformancePack'] },
  'kms.amazonaws.com': { page: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html', names: ['CreateKey', 'PutKeyPolicy', 'DeleteImportedKeyMaterial'] },
  'secretsmanager.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Operations.html',
    names: ['PutSecretValue', 'UpdateSecret', 'DeleteSecret', 'PutResourcePolicy'],
  },
  'lambda.amazonaws.com': {
    // The API's CreateFunction, which CloudTrail writes with its API version; Falco's official
    // CloudTrail rules (corpora/falco/falco_aws_cloudtrail_rules.yaml, "Create Lambda Function") match this name.
    page: 'https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html',
    names: ['CreateFunction20150331'],
  },
  'organizations.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html',
    names: ['RemoveAccountFromOrganization', 'UpdatePolicy', 'DetachPolicy', 'DeletePolicy', 'InviteAccountToOrganization'],
  },
  'ssm.amazonaws.com': { page: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Operations.html', names: ['GetParameter'] },
  'rds.amazonaws.com': { page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Operations.html', names: [
      'ModifyDBClusterSnapshotAttribute', 'CreateDBInstance', 'CreateDBInstanceReadReplica', 'RestoreDBInstanceToPointInTime', 'RestoreDBInstanceFromS3',
      'DeleteDBInstance', 'DeleteDBSnapshot', 'DeleteDBClusterSnapshot',
    ],
  },
  'account.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/accounts/latest/reference/API_Operations.html',
    names: ['PutAlternateContact', 'DeleteAlternateContact', 'PutContactInformation'],
  },
  'redshift.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/redshift/latest/APIReference/API_Operations.html',
    names: ['CreateCluster', 'ModifyCluster', 'RestoreFromClusterSnapshot'],
  },
  'ecr.amazonaws.com': { page: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Operations.html', names: ['SetRepositoryPolicy'] },
  'ecr-public.amazonaws.com': { page: 'https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/API_Operations.html', names: ['CreateRepository'] },
  'route53domains.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_Operations_Amazon_Route_53_Domains.html',
    names: ['DisableDomainTransferLock', 'TransferDomainToAnotherAwsAccount'],
  },
  'route53resolver.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_Operations_Amazon_Route_53_Resolver.html',
    names: ['DisassociateResolverQueryLogConfig'],
  },
  'logs.amazonaws.com': { page: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html', names: ['DeleteLogGroup', 'DeleteSubscriptionFilter'] },
  // CloudWatch's calls are written with the source monitoring.amazonaws.com (the API's endpoint prefix).
  'monitoring.amazonaws.com': { page: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Operations.html', names: ['DeleteAlarms', 'DisableAlarmActions'] },
  'sns.amazonaws.com': { page: 'https://docs.aws.amazon.com/sns/latest/api/API_Operations.html', names: ['DeleteTopic', 'Unsubscribe'] },
  'securityhub.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Operations.html',
    names: [
      'DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount',
      'CreateAutomationRule', 'BatchUpdateAutomationRules',
    ],
  },
  'backup.amazonaws.com': {
    page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Operations.html',
    names: ['DeleteRecoveryPoint', 'DeleteBackupVault', 'DeleteBackupPlan', 'DeleteBackupSelection', 'DeleteBackupVaultLockConfiguration', 'DeleteBackupVaultAccessPolicy'],
  },
  'access-analyzer.amazonaws.com': { page: 'https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Operations.html', names: ['DeleteAnalyzer'] },
};
const documentedPairs = new Set(Object.entries(documented).flatMap(([source, d]) => d.names.map((n) => `${source} ${n}`)));

/** Source/name pairs seen in the corpora: real records, Sigma selections, and Security Hub's CIS patterns. */
function corpusPairs(): Set<string> {
  const seen = new Set<string>();
  const dir = path.join(corpora, 'cloudtrail-events-stratus');
  for (const file of readdirSync(dir)) {
    const data: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const records = Array.isArray(data) ? data : ((data as { Records?: unknown[] }).Records ?? []);
    for (const r of records as { eventSource?: string; eventName?: string }[]) if (r.eventSource && r.eventName) seen.add(`${r.eventSource} ${r.eventName}`);
  }
  const sigma = path.join(corpora, 'sigma-cloudtrail-rules');
  for (const file of readdirSync(sigma)) {
    const rule = parse(readFileSync(path.join(sigma, file), 'utf8')) as { detection: Record<string, unknown> };
    for (const selection of Object.values(rule.detection)) {
      if (typeof selection !== 'object' || selection === null || Array.isArray(selection)) continue;
      const { eventSource, eventName } = selection as Record<string, unknown>;
      if (eventSource === undefined || eventName === undefined) continue;
      for (const s of [eventSource].flat()) for (const n of [eventName].flat()) seen.add(`${s} ${n}`);
    }
  }
  for (const line of readFileSync(path.join(corpora, 'securityhub-cloudwatch-controls-2023-03.txt'), 'utf8').split('\n')) {
    const source = /eventSource\s*=\s*"?([\w.-]+)/.exec(line)?.[1];
    if (source) for (const m of line.matchAll(/eventName\s*=\s*"?(\w+)/g)) seen.add(`${source} ${m[1]}`);
  }
  return seen;
}

describe('the catalogue of actions', () => {
  it('has at least 80 actions, each with a unique dashed id and a unique label', () => {
    expect(actions.length).toBeGreaterThanOrEqual(80);
    expect(new Set(actions.map((a) => a.id)).size).toBe(actions.length);
    expect(new Set(actions.map((a) => a.label)).size).toBe(actions.length);
    for (const a of actions) expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every service the builder promises', () => {
    const sources = new Set(actions.map((a) => a.eventSource));
    for (const s of ['ec2', 'iam', 's3', 'cloudtrail', 'guardduty', 'config', 'kms', 'secretsmanager', 'sts', 'signin', 'lambda', 'organizations'])
      expect(sources, s).toContain(`${s}.amazonaws.com`);
    expect(actions.some((a) => a.service.startsWith('VPC'))).toBe(true);
  });

  it('gives each call to one action only, so a rule reads back as one set of actions', () => {
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('labels read as the end of "When someone …", in lower case with no full stop', () => {
    for (const a of actions) expect(a.label, a.id).toMatch(/^[a-z][^.]*[a-zA-Z]$/);
  });

  it('names targets that are request parameters, each with an example', () => {
    for (const a of actions) for (const t of a.targets ?? []) {
      expect(t.field, a.id).toMatch(/^requestParameters\.[A-Za-z]+$/);
      expect(t.label, a.id).toMatch(/^the /);
      expect(t.example.length, a.id).toBeGreaterThan(0);
    }
  });

  it('lists in the documented table only pairs the catalogue uses', () => {
    for (const p of documentedPairs) expect(pairs, p).toContain(p);
  });

  describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))('every call name is real', () => {
    it('finds every source and name pair in the corpora or in the documented API lists', () => {
      const seen = corpusPairs();
      const unverified = pairs.filter((p) => !seen.has(p) && !documentedPairs.has(p));
      expect(unverified).toEqual([]);
      // The documented table is only for what the corpora cannot show.
      expect([...documentedPairs].filter((p) => seen.has(p))).toEqual([]);
    });
  });
});

describe('searching for an action', () => {
  const ids = (q: string) => searchActions(q).map((a) => a.id);

  it('finds starting a server from a plain word, the call name or the service', () => {
    expect(ids('server')[0]).toBe('start-server');
    expect(ids('RunInstances')).toEqual(['start-server']);
    expect(ids('ec2')).toContain('start-server');
    expect(ids('runinstances')).toEqual(['start-server']);
  });

  it('puts labels that start with the words first', () => {
    const found = searchActions('turns off');
    expect(found.map((a) => a.id)).toEqual([
      'delete-flow-logs', 'turn-off-mfa', 'remove-bucket-encryption', 'stop-audit-log', 'turn-off-guardduty', 'turn-off-key', 'delete-dns-query-logs',
      'switch-access-key',
    ]);
    // Labels with a word starting "key" come before actions found only by their service or keywords.
    const key = searchActions('key').map((a) => /\bkeys?\b/.test(a.label));
    expect(key.slice(0, key.lastIndexOf(true) + 1).every(Boolean)).toBe(true);
    expect(key.filter((x) => !x).length).toBeGreaterThan(0);
  });

  it('needs every word of the query somewhere', () => {
    expect(ids('bucket public')).toEqual(expect.arrayContaining(['change-bucket-public-block', 'remove-bucket-public-block', 'change-bucket-policy']));
    expect(ids('bucket public')).not.toContain('create-bucket');
    expect(ids('nothing-like-this')).toEqual([]);
  });

  it('lists everything for an empty query', () => {
    expect(searchActions('  ')).toHaveLength(actions.length);
  });

  it('finds an action by id', () => {
    expect(actionById('create-access-key')?.eventNames).toEqual(['CreateAccessKey']);
    expect(actionById('no-such-action')).toBeUndefined();
  });
});

const byId = (...ids: string[]): Action[] => ids.map((id) => actionById(id)!);

describe('actions as a condition, and back', () => {
  it('writes one service as its source and its calls', () => {
    expect(actionCondition(byId('stop-audit-log', 'delete-trail'))).toEqual({
      allOf: [{ field: 'eventSource', equals: 'cloudtrail.amazonaws.com' }, { field: 'eventName', oneOf: ['StopLogging', 'DeleteTrail'] }],
    });
    expect(actionCondition(byId('start-server'))).toEqual({
      allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RunInstances' }],
    });
  });

  it('writes several services as a choice between them', () => {
    const c = actionCondition(byId('share-server-image', 'share-database-copy', 'share-disk-snapshot'));
    expect(c).toEqual({
      anyOf: [
        { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', oneOf: ['ModifyImageAttribute', 'ModifySnapshotAttribute'] }] },
        { allOf: [{ field: 'eventSource', equals: 'rds.amazonaws.com' }, { field: 'eventName', oneOf: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'] }] },
      ],
    });
    expect(conditionSchema.safeParse(c).success).toBe(true);
  });

  it('refuses to write a condition for no action', () => {
    expect(() => actionCondition([])).toThrow('choose at least one action');
  });

  it('reads back every action, alone and with others from other services', () => {
    for (const [i, a] of actions.entries()) {
      const chosen = [a, actions[(i * 7 + 3) % actions.length]!, actions[(i * 13 + 5) % actions.length]!].filter((x, j, all) => all.indexOf(x) === j);
      const back = actionsInCondition(actionCondition(chosen));
      expect(back.rest, a.id).toBeUndefined();
      expect(back.actions.map((x) => x.id).sort(), a.id).toEqual(chosen.map((x) => x.id).sort());
    }
  });

  it('keeps what is not an action as the rest', () => {
    const extra: Condition = { field: 'userIdentity.type', equals: 'Root' };
    const back = actionsInCondition({ allOf: [...(actionCondition(byId('create-access-key')) as { allOf: Condition[] }).allOf, extra] });
    expect(back).toEqual({ actions: byId('create-access-key'), rest: extra });
  });

  it('does not read a part of an action, a name without its service, or a test that ignores case as actions', () => {
    const revokeIn: Condition = { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RevokeSecurityGroupIngress' }] };
    expect(actionsInCondition(revokeIn)).toEqual({ actions: [], rest: revokeIn });
    const nameOnly: Condition = { field: 'eventName', equals: 'RunInstances' };
    expect(actionsInCondition(nameOnly)).toEqual({ actions: [], rest: nameOnly });
    const anyCase: Condition = { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'runinstances', ignoreCase: true }] };
    expect(actionsInCondition(anyCase)).toEqual({ actions: [], rest: anyCase });
  });
});

describe('the templates as actions', () => {
  // The CloudTrail templates: this catalogue's actions are AWS calls.
  const templates = readdirSync('content/rules')
    .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join('content/rules', f), 'utf8'))).rules)
    .filter((r) => sourceOf(r) === 'cloudtrail');
  const read = templates.map((r) => ({ rule: r, ...actionsInCondition(r.when) }));

  // Listed by id, pack by pack, so that a template that stops reading as actions is named. The rest of
  // the templates test a call's parameters inside a choice between calls (event-rule-switched-off), a
  // name with no service (cis-cloudwatch-4), calls the catalogue leaves out (CreateFleet, the sign-in
  // page's own password events, Lambda's dated calls for function addresses) or no call at all.
  const whole = [
    'cis-cloudwatch-7', 'cis-cloudwatch-8', 'cis-cloudwatch-9',
    'new-iam-user', 'access-key-created', 'console-password-set-for-user', 'federation-token-requested',
    'sign-in-provider-added-or-changed', 'mfa-device-turned-off', 'password-policy-deleted-or-changed', 'new-region-turned-on',
    'other-sign-in-secret-made-for-user', 'permissions-boundary-removed', 'account-contacts-changed',
    'snapshot-public-sharing-unblocked', 'image-public-sharing-unblocked', 'public-container-repository-created', 'secret-shared-by-its-policy',
    'instance-connect-key-pushed', 'serial-console-turned-on', 'traffic-mirroring-set-up', 'domain-transfer-lock-removed', 'server-given-a-role',
    'key-pair-imported',
    'backup-copies-deleted', 'backup-vault-or-plan-deleted', 'backup-vault-lock-removed', 'database-snapshot-deleted', 'disk-snapshot-deleted-by-hand',
    'disk-encryption-by-default-off', 'bucket-object-lock-changed', 'key-material-deleted',
    'cloudtrail-stopped-or-deleted', 'cloudtrail-logging-narrowed', 'config-recorder-stopped', 'kms-key-scheduled-for-deletion',
    'secrets-read-in-bulk', 'flow-logs-deleted', 'dns-query-logs-deleted', 'account-left-organization', 'command-sent-to-servers',
    'log-group-deleted', 'log-forwarding-removed', 'alarm-deleted-or-muted', 'alert-topic-deleted', 'security-hub-turned-off',
    'security-hub-automation-rule-changed', 'access-analyzer-deleted', 'config-rule-deleted', 'guardduty-findings-export-removed',
  ];
  const withRest = [
    'root-access-key-created', 'console-sign-in-failed', 'root-sign-in-failed-repeatedly', 'console-sign-in-without-mfa',
    'access-key-made-for-user-by-role-or-root', 'leaked-key-quarantined-by-aws', 'access-key-turned-back-on',
    'database-open-to-internet', 'data-warehouse-open-to-internet', 'bucket-acl-opened-to-everyone', 'container-repository-opened-to-everyone',
    'server-startup-script-changed', 'function-code-replaced-by-a-person', 'function-layer-added', 'function-given-new-role',
    'bucket-versioning-suspended', 'database-deleted-without-final-copy',
    'security-group-open-to-internet', 'bucket-access-logging-turned-off',
  ];
  it(`reads ${whole.length} of the ${templates.length} templates wholly as actions and ${withRest.length} more as actions plus a rest`, () => {
    expect(read.filter((r) => r.actions.length > 0 && !r.rest).map((r) => r.rule.id)).toEqual(whole);
    expect(read.filter((r) => r.actions.length > 0 && r.rest).map((r) => r.rule.id)).toEqual(withRest);
  });

  describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))('on real records', () => {
    it('means the same as the template: the actions and the rest fire on exactly the same records', () => {
      const dir = path.join(corpora, 'cloudtrail-events-stratus');
      const events = readdirSync(dir).flatMap((f) => {
        const data: unknown = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
        return (Array.isArray(data) ? data : ((data as { Records?: unknown[] }).Records ?? [])) as CloudTrailEvent[];
      });
      let fired = 0;
      for (const r of read.filter((x) => x.actions.length > 0)) {
        const rebuilt: Condition = r.rest ? { allOf: [actionCondition(r.actions), r.rest] } : actionCondition(r.actions);
        for (const e of events) {
          const original = matchesCondition(r.rule.when, e);
          fired += original ? 1 : 0;
          expect(matchesCondition(rebuilt, e), `${r.rule.id} on ${String(e['eventName'])}`).toBe(original);
        }
      }
      expect(fired).toBeGreaterThan(20);
    });
  });
});
