/**
 * `npm run bench -- --events 100000[,400000]`: how long `plainsec rules test --events` takes on a
 * day of CloudTrail logs, and how much memory it holds, for the starter rules, with the rule alone
 * and with every tool's export. Memory should not grow with the number of events: they are read
 * as a stream.
 *
 * The records are made up but shaped like a real account's log: mostly reads by roles and
 * services, some failures, a little of everything the starter rules look for. They are written to
 * a temporary file outside the project and removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { random } from './random.mjs';

// The child prints its own peak resident memory as it exits; this needs no change to the command.
const reportPeak = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

// [weight, eventSource, eventName, readOnly, requestParameters]
const calls = [
  [300, 'ec2.amazonaws.com', 'DescribeInstances', true, () => ({ filterSet: {}, instancesSet: {} })],
  [200, 's3.amazonaws.com', 'GetObject', true, (r) => ({ bucketName: `data-${Math.floor(r() * 40)}`, key: `exports/${Math.floor(r() * 1e6)}.csv` })],
  [150, 'sts.amazonaws.com', 'AssumeRole', true, (r) => ({ roleArn: `arn:aws:iam::123456789012:role/app-${Math.floor(r() * 12)}`, roleSessionName: 'session' })],
  [100, 'kms.amazonaws.com', 'Decrypt', true, () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })],
  [80, 'logs.amazonaws.com', 'PutLogEvents', false, (r) => ({ logGroupName: `/app/${Math.floor(r() * 9)}`, logStreamName: 'main' })],
  [60, 'iam.amazonaws.com', 'ListRoles', true, () => null],
  [50, 'lambda.amazonaws.com', 'Invoke', false, (r) => ({ functionName: `fn-${Math.floor(r() * 30)}` })],
  [40, 'signin.amazonaws.com', 'ConsoleLogin', false, () => null],
  [30, 'secretsmanager.amazonaws.com', 'GetSecretValue', true, (r) => ({ secretId: `prod/db-${Math.floor(r() * 5)}` })],
  [20, 'cloudtrail.amazonaws.com', 'DescribeTrails', true, () => ({ trailNameList: [] })],
  [10, 'ec2.amazonaws.com', 'RunInstances', false, (r) => ({ instanceType: r() < 0.5 ? 't3.micro' : 'p4d.24xlarge', minCount: 1, maxCount: 1 })],
  [5, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', false, (r) => ({ groupId: 'sg-0abc', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: r() < 0.5 ? '0.0.0.0/0' : '10.0.0.0/8' }] } }] } })],
  [3, 'ssm.amazonaws.com', 'SendCommand', false, () => ({ documentName: 'AWS-RunShellScript' })],
  [2, 's3.amazonaws.com', 'PutBucketPolicy', false, (r) => ({ bucketName: `data-${Math.floor(r() * 40)}`, bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } })],
  [1, 'cloudtrail.amazonaws.com', 'StopLogging', false, () => ({ name: 'org-trail' })],
  [1, 'kms.amazonaws.com', 'ScheduleKeyDeletion', false, () => ({ keyId: 'k-1', pendingWindowInDays: 7 })],
  [1, 'guardduty.amazonaws.com', 'DeleteDetector', false, () => ({ detectorId: 'd-1' })],
];
const totalWeight = calls.reduce((n, c) => n + c[0], 0);
const regions = ['eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1', 'ap-southeast-2'];

function record(i, count, r) {
  let pick = r() * totalWeight;
  const [, eventSource, eventName, readOnly, parameters] = calls.find((c) => (pick -= c[0]) < 0) ?? calls[0];
  const who = r();
  const userIdentity =
    who < 0.55
      ? { type: 'AssumedRole', principalId: 'AROAEXAMPLE:app', arn: `arn:aws:sts::123456789012:assumed-role/app-${Math.floor(r() * 12)}/i-0${i.toString(16)}`, accountId: '123456789012', sessionContext: { sessionIssuer: { type: 'Role', userName: 'app' }, attributes: { mfaAuthenticated: 'false', creationDate: '2026-11-30T00:00:00Z' } } }
      : who < 0.85
        ? { type: 'AWSService', invokedBy: `${eventSource.split('.')[0]}.amazonaws.com` }
        : who < 0.999
          ? { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::123456789012:user/dev-${Math.floor(r() * 20)}`, accountId: '123456789012', userName: `dev-${Math.floor(r() * 20)}` }
          : { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' };
  const failed = r() < 0.03;
  const time = new Date(Date.UTC(2026, 10, 30) + Math.floor((i / count) * 86_400_000)).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    eventVersion: '1.10',
    userIdentity,
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: regions[Math.floor(r() * regions.length)],
    sourceIPAddress: userIdentity.type === 'AWSService' ? userIdentity.invokedBy : `203.0.113.${Math.floor(r() * 255)}`,
    userAgent: r() < 0.5 ? 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22' : 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1',
    ...(failed ? { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform this operation' } : {}),
    requestParameters: parameters(r),
    responseElements: eventName === 'ConsoleLogin' ? { ConsoleLogin: failed ? 'Failure' : 'Success' } : null,
    ...(eventName === 'ConsoleLogin' ? { additionalEventData: { MFAUsed: r() < 0.8 ? 'Yes' : 'No', LoginTo: 'https://console.aws.amazon.com/' } } : {}),
    requestID: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${Math.floor(r() * 1e12).toString(16).padStart(12, '0')}`,
    eventID: `${Math.floor(r() * 1e12).toString(16).padStart(8, '0')}-1111-4000-8000-${i.toString(16).padStart(12, '0')}`,
    readOnly,
    eventType: eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${eventSource.split('.')[0]}.eu-west-1.amazonaws.com` },
  };
}

/** Writes `count` records as a CloudTrail file {"Records": [...]}, a piece at a time. */
async function writeEvents(file, count) {
  const out = createWriteStream(file);
  const r = random(count);
  out.write('{"Records":[');
  for (let i = 0; i < count; i++) {
    if (!out.write((i > 0 ? ',' : '') + JSON.stringify(record(i, count, r)))) await once(out, 'drain');
  }
  out.end(']}\n');
  await once(out, 'finish');
}

/** One run of the command; its wall time, peak memory and how many rules fired. */
function runOnce(eventsFile, outFile, targets) {
  const args = ['--import', reportPeak, 'bin/plainsec.mjs', 'rules', 'test', 'content/rules/starter.yaml', '--events', eventsFile, '--json', ...(targets ? ['--targets', 'all'] : [])];
  const fd = openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  const peak = /peak-rss-kb=(\d+)/.exec(child.stderr ?? '');
  // Exit 1 means a tool disagreed with its rule; that is a finding, not a failed run.
  if (child.status !== 0 && child.status !== 1) throw new Error(`plainsec rules test exited ${child.status}:\n${child.stderr}`);
  return { seconds, peakMB: peak ? Number(peak[1]) / 1024 : NaN, status: child.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the batch benchmark for each count; prints a table. */
export async function runRulesBatchBench({ counts, runs, rulesOnly = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'plainsec-bench-events-'));
  const rows = [];
  try {
    for (const count of counts) {
      const eventsFile = join(dir, `events-${count}.json`);
      await writeEvents(eventsFile, count);
      const sizeMB = statSync(eventsFile).size / 1024 / 1024;
      // Every tool's matcher together still costs several times the rules alone (each tool reads its
      // own detection once per rule, then runs it on each event), so --rules-only leaves that pass
      // out when only the rules' own timing is wanted. Both passes are repeated `runs` times.
      for (const targets of rulesOnly ? [false] : [false, true]) {
        const results = Array.from({ length: runs }, () => runOnce(eventsFile, join(dir, 'out.json'), targets));
        rows.push({
          events: count,
          file_MB: sizeMB.toFixed(0),
          checks: targets ? 'rules + every tool' : 'rules only',
          runs: results.length,
          median_s: median(results.map((x) => x.seconds)).toFixed(2),
          all_s: results.map((x) => x.seconds.toFixed(2)).join(' '),
          peak_MB: median(results.map((x) => x.peakMB)).toFixed(0),
          exit: results.map((x) => x.status).join(' '),
        });
        console.log(JSON.stringify(rows.at(-1)));
      }
      rmSync(eventsFile);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(rows);
}
