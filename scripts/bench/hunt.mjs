/**
 * `npm run bench -- --hunt 2`: how long `plainsec rules hunt` takes over about 2 GB of CloudTrail
 * log files (.json.gz, as S3 keeps them), with every template rule, and how much memory it holds.
 * The target: under 2 minutes on 2 cores, and under 1.5 GB of memory at its peak.
 *
 * The logs are made up but shaped like a month of a small organisation's trail: three accounts,
 * four regions, files of a few MB each in CloudTrail's folders
 * (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/), records of about 1.4 KB with the random IDs
 * real records carry (so they compress about as much as real ones do), mostly everyday calls and
 * one in twenty drawn from the templates' examples, so the rules find something.
 *
 * The folder is written outside the project and removed afterwards, unless `--keep DIR` names a
 * folder to write into, or to reuse when it already holds logs of the same size.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { random } from './random.mjs';

/** The days the logs cover, and the days the hunt is asked to search. */
const firstDay = '2026-11-01';
const lastDay = '2026-11-30';
const days = 30;
const accounts = ['111122223333', '444455556666', '777788889999'];
const regions = ['eu-west-1', 'us-east-1', 'eu-central-1', 'ap-southeast-2'];
/** About what CloudTrail writes per file on a busy account: a few MB compressed. */
const recordsPerFile = 7000;
/** The fastest level: the files come out about a tenth larger than at the default level. */
const gzipLevel = 1;
/** Written beside the logs, so `--keep DIR` knows what a folder holds and reuses it. */
const markerName = 'plainsec-bench-hunt.marker';

/**
 * Random text from an alphabet of up to 64 characters: the IDs, keys and request hashes real
 * records are full of. Five characters come from each random number, which keeps writing fast.
 */
function randomText(r, alphabet, length) {
  let s = '';
  let bits = 0;
  for (let i = 0; i < length; i++) {
    if (i % 5 === 0) bits = Math.floor(r() * 2 ** 30);
    s += alphabet[(bits & 63) % alphabet.length];
    bits >>>= 6;
  }
  return s;
}
const hex = '0123456789abcdef';
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const uuid = (r) => `${randomText(r, hex, 8)}-${randomText(r, hex, 4)}-4${randomText(r, hex, 3)}-a${randomText(r, hex, 3)}-${randomText(r, hex, 12)}`;
const pick = (r, list) => list[Math.floor(r() * list.length)];

const people = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farah', 'gustav', 'hana', 'ivan', 'jules', 'kofi', 'lena'];
const roles = ['app-api', 'app-worker', 'deploy', 'karpenter', 'eks-node', 'lambda-exec', 'ci-runner', 'backup', 'observability', 'AWSReservedSSO_Admin_0a1b2c3d'];
const agents = [
  'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.173.0',
  'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.1.97 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144',
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#s3.cp',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  'aws-internal/3 aws-sdk-java/1.12.742 Linux/5.10.220-188.869.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard',
];

// [weight, eventSource, eventName, readOnly, requestParameters, responseElements?]
const calls = [
  [260, 's3.amazonaws.com', 'GetObject', true, (r) => ({ bucketName: `data-${Math.floor(r() * 40)}`, Host: `data-${Math.floor(r() * 40)}.s3.eu-west-1.amazonaws.com`, key: `exports/${randomText(r, hex, 10)}/${Math.floor(r() * 1e6)}.parquet` })],
  [220, 'ec2.amazonaws.com', 'DescribeInstances', true, (r) => ({ maxResults: 1000, instancesSet: { items: [{ instanceId: `i-0${randomText(r, hex, 16)}` }] }, filterSet: {} })],
  [150, 'sts.amazonaws.com', 'AssumeRole', true, (r, account) => ({ roleArn: `arn:aws:iam::${account}:role/${pick(r, roles)}`, roleSessionName: `session-${randomText(r, hex, 12)}`, durationSeconds: 3600 }), (r) => ({ credentials: { accessKeyId: `ASIA${randomText(r, upper, 16)}`, sessionToken: randomText(r, base64, 180), expiration: 'Dec 1, 2026, 9:00:00 AM' }, assumedRoleUser: { assumedRoleId: `AROA${randomText(r, upper, 17)}:session`, arn: 'arn:aws:sts::111122223333:assumed-role/app/session' } })],
  [110, 'kms.amazonaws.com', 'Decrypt', true, (r) => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::data-${Math.floor(r() * 40)}/exports/${randomText(r, hex, 16)}` } })],
  [80, 'logs.amazonaws.com', 'CreateLogStream', false, (r) => ({ logGroupName: `/aws/lambda/fn-${Math.floor(r() * 30)}`, logStreamName: `2026/11/30/[$LATEST]${randomText(r, hex, 32)}` })],
  [60, 'iam.amazonaws.com', 'ListRoles', true, () => ({ maxItems: 100 })],
  [50, 'lambda.amazonaws.com', 'GetFunction', true, (r) => ({ functionName: `fn-${Math.floor(r() * 30)}` })],
  [40, 'dynamodb.amazonaws.com', 'DescribeTable', true, (r) => ({ tableName: `orders-${Math.floor(r() * 8)}` })],
  [30, 'secretsmanager.amazonaws.com', 'GetSecretValue', true, (r) => ({ secretId: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-${Math.floor(r() * 5)}-${randomText(r, base64.slice(0, 62), 6)}` })],
  [20, 'signin.amazonaws.com', 'ConsoleLogin', false, () => null, () => ({ ConsoleLogin: 'Success' })],
  [20, 'ecr.amazonaws.com', 'GetAuthorizationToken', true, () => ({ registryIds: [] })],
  [10, 'cloudtrail.amazonaws.com', 'LookupEvents', true, () => ({ maxResults: 50 })],
];
const totalWeight = calls.reduce((n, c) => n + c[0], 0);

/** An everyday record: a role or a person reading, listing and assuming roles. */
function everydayRecord(r, time, account, region) {
  let at = r() * totalWeight;
  const [, eventSource, eventName, readOnly, parameters, response] = calls.find((c) => (at -= c[0]) < 0) ?? calls[0];
  const who = r();
  const role = pick(r, roles);
  const userIdentity =
    who < 0.6
      ? {
          type: 'AssumedRole',
          principalId: `AROA${randomText(r, upper, 17)}:${randomText(r, hex, 12)}`,
          arn: `arn:aws:sts::${account}:assumed-role/${role}/${randomText(r, hex, 12)}`,
          accountId: account,
          accessKeyId: `ASIA${randomText(r, upper, 16)}`,
          sessionContext: {
            sessionIssuer: { type: 'Role', principalId: `AROA${randomText(r, upper, 17)}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
            attributes: { creationDate: time, mfaAuthenticated: 'false' },
          },
        }
      : who < 0.85
        ? { type: 'AWSService', invokedBy: pick(r, ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'autoscaling.amazonaws.com', 'cloudformation.amazonaws.com']) }
        : (() => {
            const name = pick(r, people);
            return { type: 'IAMUser', principalId: `AIDA${randomText(r, upper, 17)}`, arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, accessKeyId: `AKIA${randomText(r, upper, 16)}`, userName: name };
          })();
  const failed = r() < 0.03;
  const s3 = eventSource === 's3.amazonaws.com';
  return {
    eventVersion: '1.10',
    userIdentity,
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: userIdentity.type === 'AWSService' ? userIdentity.invokedBy : `${Math.floor(r() * 223) + 1}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`,
    userAgent: userIdentity.type === 'AWSService' ? userIdentity.invokedBy : pick(r, agents),
    ...(failed ? { errorCode: 'AccessDenied', errorMessage: `User: ${userIdentity.arn ?? 'unknown'} is not authorized to perform: ${eventSource.split('.')[0]}:${eventName} because no identity-based policy allows the action` } : {}),
    requestParameters: parameters(r, account),
    responseElements: response && !failed ? response(r) : null,
    ...(s3
      ? {
          additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': randomText(r, base64, 76), bytesTransferredOut: Math.floor(r() * 1e7) },
          resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::data-${Math.floor(r() * 40)}/exports/${randomText(r, hex, 10)}` }, { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::data-${Math.floor(r() * 40)}` }],
        }
      : {}),
    requestID: s3 ? randomText(r, upper.slice(0, 26), 16) : uuid(r),
    eventID: uuid(r),
    readOnly,
    eventType: eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: !s3,
    recipientAccountId: account,
    ...(r() < 0.1 ? { sharedEventID: uuid(r) } : {}),
    eventCategory: s3 ? 'Data' : 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${eventSource.split('.')[0]}.${region}.amazonaws.com` },
  };
}

/** Every example event of the CloudTrail templates, as JSON text (copied and changed per record). */
function templateExamples(repoRoot) {
  const dir = join(repoRoot, 'content/rules');
  const texts = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const rule of parse(readFileSync(join(dir, file), 'utf8')).rules ?? []) {
      if (rule.source === 'k8s-audit') continue;
      for (const example of rule.examples ?? []) for (const event of example.event ? [example.event] : (example.events ?? [])) texts.push(JSON.stringify(event));
    }
  }
  return texts;
}

/** One template example, as it might appear in this account and region at this time. */
function exampleRecord(r, text, time, account, region) {
  const event = JSON.parse(text);
  event.eventTime = time;
  event.eventID = uuid(r);
  event.requestID = uuid(r);
  event.recipientAccountId = account;
  // A region the rule names stays (a rule may be about a region nobody uses); otherwise the file's.
  if (typeof event.awsRegion !== 'string' || regions.includes(event.awsRegion)) event.awsRegion = region;
  if (event.userIdentity && typeof event.userIdentity.arn === 'string' && /:user\/[^/]+$/.test(event.userIdentity.arn)) {
    const name = pick(r, people);
    event.userIdentity.arn = event.userIdentity.arn.replace(/:user\/[^/]+$/, `:user/${name}`);
    if (typeof event.userIdentity.userName === 'string') event.userIdentity.userName = name;
  }
  return event;
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const start = Date.parse(`${firstDay}T00:00:00Z`);
const span = days * 86_400_000;

/**
 * Writes file number `k` of `planned`: its account and region take turns, and its records follow
 * one another through its share of the month, so each account and region has logs all month
 * long. Each file has its own seed, so the logs are the same whichever thread writes which file.
 */
function writeLogFile(dir, examples, k, planned) {
  const r = random(20261130 + k);
  const account = accounts[k % accounts.length];
  const region = regions[Math.floor(k / accounts.length) % regions.length];
  const fileStart = start + Math.floor((k / planned) * span);
  const fileSpan = Math.max(60_000, Math.floor((span / planned) * accounts.length * regions.length));
  const parts = [];
  for (let i = 0; i < recordsPerFile; i++) {
    const time = iso(fileStart + Math.floor((i / recordsPerFile) * fileSpan));
    parts.push(JSON.stringify(r() < 0.05 ? exampleRecord(r, pick(r, examples), time, account, region) : everydayRecord(r, time, account, region)));
  }
  const text = `{"Records":[${parts.join(',')}]}`;
  const stamp = iso(fileStart).replace(/[-:]/g, '').slice(0, 13);
  const folder = join(dir, 'AWSLogs', account, 'CloudTrail', region, iso(fileStart).slice(0, 10).replace(/-/g, '/'));
  mkdirSync(folder, { recursive: true });
  const zipped = gzipSync(text, { level: gzipLevel });
  writeFileSync(join(folder, `${account}_CloudTrail_${region}_${stamp}Z_${randomText(r, base64.slice(0, 62), 16)}.json.gz`), zipped);
  return { bytes: zipped.length, rawBytes: text.length, records: recordsPerFile };
}

// A worker thread writes every file whose number leaves `worker` when divided by `workers`.
if (!isMainThread && workerData?.plainsecHuntLogs) {
  const { repoRoot, dir, planned, worker, workers } = workerData;
  const examples = templateExamples(repoRoot);
  for (let k = 1 + worker; k < planned; k += workers) parentPort.postMessage(writeLogFile(dir, examples, k, planned));
}

/**
 * Writes about `gb` GB of .json.gz files into `dir`; returns what was written. The first file says
 * how large a file comes out, so how many make the size asked for; one thread per core writes the
 * rest, each making its records and compressing them.
 */
export async function writeHuntLogs(repoRoot, dir, gb) {
  const started = Date.now();
  const target = gb * 1e9;
  const firstFile = writeLogFile(dir, templateExamples(repoRoot), 0, 1000);
  const planned = Math.max(1, Math.round(target / firstFile.bytes));
  // The first file was written for a plan of 1000 files; written again for the real plan.
  rmSync(join(dir, 'AWSLogs'), { recursive: true, force: true });
  const totals = { ...writeLogFile(dir, templateExamples(repoRoot), 0, planned), files: 1 };
  const workers = Math.max(1, Math.min(availableParallelism(), planned - 1));
  await Promise.all(
    Array.from({ length: planned > 1 ? workers : 0 }, (_, worker) => {
      const thread = new Worker(new URL(import.meta.url), { execArgv: [], workerData: { plainsecHuntLogs: true, repoRoot, dir, planned, worker, workers } });
      thread.on('message', (written) => {
        totals.bytes += written.bytes;
        totals.rawBytes += written.rawBytes;
        totals.records += written.records;
        totals.files++;
        if (totals.files % 50 === 0) process.stderr.write(`  wrote ${totals.files} of ${planned} files, ${(totals.bytes / 1e9).toFixed(2)} GB (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      });
      return once(thread, 'exit');
    }),
  );
  const written = { gb, files: totals.files, records: totals.records, bytes: totals.bytes, rawBytes: totals.rawBytes, firstDay, lastDay, seconds: (Date.now() - started) / 1000 };
  writeFileSync(join(dir, markerName), JSON.stringify(written, null, 2));
  return written;
}

/** One hunt over the folder; its wall time, peak memory and what it found. */
function huntOnce(repoRoot, dir, outFile) {
  const rules = readdirSync(join(repoRoot, 'content/rules'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('content/rules', f));
  const command = [process.execPath, 'bin/plainsec.mjs', 'rules', 'hunt', ...rules, '--logs', dir, '--since', firstDay, '--until', lastDay, '--json'];
  // /usr/bin/time -v reports the peak resident memory of the whole process, DuckDB's own included.
  const timed = existsSync('/usr/bin/time');
  const fd = openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const child = spawnSync(timed ? '/usr/bin/time' : command[0], timed ? ['-v', ...command] : command.slice(1), { cwd: repoRoot, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  if (child.status !== 0) throw new Error(`plainsec rules hunt exited ${child.status}:\n${child.stderr}`);
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? '');
  const result = JSON.parse(readFileSync(outFile, 'utf8'));
  return { seconds, peakMB: peak ? Number(peak[1]) / 1024 : NaN, result };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes (or reuses) the logs, runs the hunt `runs` times, prints a table row. */
export async function runHuntBench({ repoRoot, gb, runs, keep }) {
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'plainsec-bench-hunt-'));
  const marker = join(dir, markerName);
  try {
    let logs = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
    if (logs && logs.gb !== gb) {
      console.error(`${dir} holds ${logs.gb} GB of logs from an earlier run, not ${gb}; give another folder, or delete that one.`);
      process.exit(2);
    }
    if (logs) console.log(`Reusing ${logs.files} files (${(logs.bytes / 1e9).toFixed(2)} GB, ${logs.records} records) in ${dir}.`);
    else {
      mkdirSync(dir, { recursive: true });
      if (readdirSync(dir).length > 0) {
        console.error(`${dir} is not empty and holds no logs from this bench; give an empty or new folder.`);
        process.exit(2);
      }
      console.log(`Writing about ${gb} GB of CloudTrail logs into ${dir} (${availableParallelism()} cores)…`);
      logs = await writeHuntLogs(repoRoot, dir, gb);
      console.log(`Wrote ${logs.files} files, ${(logs.bytes / 1e9).toFixed(2)} GB (${(logs.rawBytes / 1e9).toFixed(1)} GB of JSON), ${logs.records} records, in ${logs.seconds.toFixed(0)} s.`);
    }
    const results = [];
    for (let i = 0; i < runs; i++) {
      const one = huntOnce(repoRoot, dir, join(tmpdir(), `plainsec-bench-hunt-${process.pid}.json`));
      console.log(`  run ${i + 1}: ${one.seconds.toFixed(1)} s, peak ${one.peakMB.toFixed(0)} MB (the command's own count: ${one.result.seconds.toFixed(1)} s)`);
      results.push(one);
    }
    rmSync(join(tmpdir(), `plainsec-bench-hunt-${process.pid}.json`), { force: true });
    const last = results.at(-1).result;
    const row = {
      logs_GB: (logs.bytes / 1e9).toFixed(2),
      files: last.files,
      records: last.records,
      rules: last.rules.length,
      refused: last.refused.length,
      hits: last.rules.reduce((n, x) => n + x.hits, 0),
      runs: results.length,
      median_s: median(results.map((x) => x.seconds)).toFixed(1),
      all_s: results.map((x) => x.seconds.toFixed(1)).join(' '),
      peak_MB: median(results.map((x) => x.peakMB)).toFixed(0),
    };
    console.log(JSON.stringify(row));
    console.table([row]);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
