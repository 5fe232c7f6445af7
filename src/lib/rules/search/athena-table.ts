/**
 * The CloudTrail table in Amazon Athena, as AWS documents it for logs in S3
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html),
 * and how a rule's field path is read from it.
 *
 * The table's columns are the record's top-level fields in lower case. Most are text; `useridentity`,
 * `tlsdetails` and `addendum` are groups (STRUCT) of text fields, and `resources` a list of them.
 * Three fields whose shape changes from call to call (`requestparameters`, `responseelements`,
 * `additionaleventdata`, and `serviceeventdetails`) are kept as JSON text and read with Trino's JSON
 * functions. A value that is not text in the record (true/false, a number) is kept as its text in
 * a text column: `readonly` holds 'true' or 'false'.
 *
 * Partitions: one per account, region and day, as CloudTrail writes its files
 * (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/`), found by partition projection, so the table
 * never needs `ALTER TABLE ADD PARTITION` and a query that names its days reads only those folders.
 */

/** A text field of a group column, by its name in the record and in the table. */
type Group = { [recordName: string]: { column: string; inner?: Group } };

/** The text columns, by the record's field name (case as CloudTrail writes it). */
export const textColumns: Readonly<Record<string, string>> = {
  eventVersion: 'eventversion',
  eventTime: 'eventtime',
  eventSource: 'eventsource',
  eventName: 'eventname',
  awsRegion: 'awsregion',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
  errorCode: 'errorcode',
  errorMessage: 'errormessage',
  requestID: 'requestid',
  eventID: 'eventid',
  readOnly: 'readonly',
  eventType: 'eventtype',
  apiVersion: 'apiversion',
  recipientAccountId: 'recipientaccountid',
  sharedEventID: 'sharedeventid',
  vpcEndpointId: 'vpcendpointid',
  vpcEndpointAccountId: 'vpcendpointaccountid',
  eventCategory: 'eventcategory',
  sessionCredentialFromConsole: 'sessioncredentialfromconsole',
};

/** The columns that hold a field's JSON text, read with `json_extract_scalar`. */
export const jsonColumns: Readonly<Record<string, string>> = {
  requestParameters: 'requestparameters',
  responseElements: 'responseelements',
  additionalEventData: 'additionaleventdata',
  serviceEventDetails: 'serviceeventdetails',
};

const text = (column: string) => ({ column });

/** The group columns and the text fields inside them. */
export const groupColumns: Readonly<Group> = {
  userIdentity: {
    column: 'useridentity',
    inner: {
      type: text('type'),
      principalId: text('principalid'),
      arn: text('arn'),
      accountId: text('accountid'),
      invokedBy: text('invokedby'),
      accessKeyId: text('accesskeyid'),
      userName: text('username'),
      onBehalfOf: { column: 'onbehalfof', inner: { userId: text('userid'), identityStoreArn: text('identitystorearn') } },
      sessionContext: {
        column: 'sessioncontext',
        inner: {
          attributes: { column: 'attributes', inner: { mfaAuthenticated: text('mfaauthenticated'), creationDate: text('creationdate') } },
          sessionIssuer: {
            column: 'sessionissuer',
            inner: { type: text('type'), principalId: text('principalid'), arn: text('arn'), accountId: text('accountid'), userName: text('username') },
          },
          sourceIdentity: text('sourceidentity'),
          ec2RoleDelivery: text('ec2roledelivery'),
          webIdFederationData: { column: 'webidfederationdata', inner: { federatedProvider: text('federatedprovider') } },
        },
      },
    },
  },
  tlsDetails: { column: 'tlsdetails', inner: { tlsVersion: text('tlsversion'), cipherSuite: text('ciphersuite'), clientProvidedHostHeader: text('clientprovidedhostheader') } },
  addendum: {
    column: 'addendum',
    inner: { reason: text('reason'), updatedFields: text('updatedfields'), originalRequestID: text('originalrequestid'), originalEventID: text('originaleventid') },
  },
};

/** How the table gives one field of the record. */
export type ColumnRead =
  /** A text column or a text field of a group: `useridentity.arn`. */
  | { kind: 'text'; sql: string }
  /** A field inside a JSON text column: the column and the JSON path after `$`. */
  | { kind: 'json'; column: string; keys: string[] };

/**
 * Where the table keeps the field at a rule's dotted path (`userIdentity.sessionContext.attributes.mfaAuthenticated`,
 * `requestParameters.bucketName`), or undefined when the table AWS documents has no column for it.
 * Names are matched exactly as CloudTrail writes them: the rule's `eventname` is no field of a record.
 */
export function columnFor(path: string): ColumnRead | undefined {
  const [first, ...rest] = path.split('.');
  if (first === undefined) return undefined;
  if (rest.length === 0 && Object.hasOwn(textColumns, first)) return { kind: 'text', sql: textColumns[first]! };
  if (Object.hasOwn(jsonColumns, first) && rest.length > 0) return { kind: 'json', column: jsonColumns[first]!, keys: rest };
  let group: Group | undefined = groupColumns;
  const sql: string[] = [];
  for (const [i, step] of [first, ...rest].entries()) {
    const here: Group[string] | undefined = group && Object.hasOwn(group, step) ? group[step] : undefined;
    if (!here) return undefined;
    sql.push(here.column);
    const last = i === rest.length;
    if (last) return here.inner ? undefined : { kind: 'text', sql: sql.join('.') };
    group = here.inner;
  }
  return undefined;
}

/** The column list of `CREATE EXTERNAL TABLE`, in Hive's type words, one column a line. */
function columnTypes(): string[] {
  const struct = (g: Group): string =>
    `STRUCT<${Object.values(g)
      .map((f) => `${f.column}: ${f.inner ? struct(f.inner) : 'STRING'}`)
      .join(', ')}>`;
  const lines: [string, string][] = [
    ...Object.values(textColumns).map((c): [string, string] => [c, 'STRING']),
    ...Object.values(jsonColumns).map((c): [string, string] => [c, 'STRING']),
    ...Object.values(groupColumns).map((g): [string, string] => [g.column, struct(g.inner!)]),
    ['resources', 'ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>'],
    ['edgedevicedetails', 'STRING'],
  ];
  return lines.map(([name, type]) => `${name} ${type}`);
}

/** The regions CloudTrail may write files for, for the table's region partitions (the team may shorten the list). */
export const awsRegions = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-central-1',
  'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
] as const;

export interface TableOptions {
  /** The table's name in Athena. */
  table: string;
  /** The S3 bucket CloudTrail writes to, and the folder before AWSLogs/ (empty when none). */
  bucket: string;
  prefix?: string;
  /** The accounts whose logs are in the bucket. */
  accounts: readonly string[];
  /** The first day with logs, YYYY/MM/DD. */
  firstDay: string;
}

/** A placeholder a team replaces, in the words the file's comment uses. */
export const tableDefaults: TableOptions = { table: 'cloudtrail_logs', bucket: 'amzn-s3-demo-bucket', accounts: ['111122223333'], firstDay: '2025/01/01' };

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * `CREATE EXTERNAL TABLE` for the CloudTrail logs in a bucket, partitioned by account, region and
 * day with partition projection: Athena works out each day's folder itself, from `firstDay` to today.
 */
export function athenaCreateTable(options: TableOptions = tableDefaults): string {
  const root = `s3://${options.bucket}/${options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, '')}/` : ''}AWSLogs`;
  const properties: [string, string][] = [
    ['projection.enabled', 'true'],
    ['projection.account.type', 'enum'],
    ['projection.account.values', options.accounts.join(',')],
    ['projection.region.type', 'enum'],
    ['projection.region.values', awsRegions.join(',')],
    ['projection.day.type', 'date'],
    ['projection.day.format', 'yyyy/MM/dd'],
    ['projection.day.range', `${options.firstDay},NOW`],
    ['projection.day.interval', '1'],
    ['projection.day.interval.unit', 'DAYS'],
    ['storage.location.template', `${root}/\${account}/CloudTrail/\${region}/\${day}`],
  ];
  return [
    `CREATE EXTERNAL TABLE ${options.table} (`,
    columnTypes()
      .map((c) => `  ${c}`)
      .join(',\n'),
    ')',
    'PARTITIONED BY (account STRING, region STRING, day STRING)',
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION ${sqlText(`${root}/`)}`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  ${sqlText(k)} = ${sqlText(v)}`).join(',\n'),
    ')',
  ].join('\n');
}
