/**
 * The Elastic matcher against Elastic's own documentation. The differential test holds the Elastic
 * export to the rule's meaning through `matchKql`, so a passing differential test means only that
 * the export agrees with Plainsec's model of Elastic. These cases check that model against the
 * examples in Elastic's KQL and Elasticsearch mapping references (the export writes KQL: Kibana's
 * `language: 'kuery'`, see exporters/elastic.ts).
 *
 * The documentation's examples are written on web-log fields (`http.request.method`,
 * `http.response.status_code`); here each one is restated on the fields the Elastic AWS integration
 * writes for a CloudTrail record, stored the same way (keyword, boolean or flattened), and the
 * record is the CloudTrail record the matcher takes. The expected result is the one the page states.
 */
import { describe, expect, it } from 'vitest';
import { matchKql } from '../../../src/lib/rules/matchers/elastic.ts';

type CloudTrailRecord = Parameters<typeof matchKql>[1];
const verdict = (query: string, record: CloudTrailRecord): string => matchKql(query, record).kind;

/** Kibana Query Language reference (the current page; mapped from kibana/current/kuery-query.html). */
const KQL = 'https://www.elastic.co/docs/reference/query-languages/kql';
/** The 7.10 edition of the same page, which still states the default precedence in words. */
const KQL_710 = 'https://www.elastic.co/guide/en/kibana/7.10/kuery-query.html';
const NULL_VALUE = 'https://www.elastic.co/guide/en/elasticsearch/reference/current/null-value.html';
const ARRAYS = 'https://www.elastic.co/guide/en/elasticsearch/reference/current/array.html';
const FLATTENED = 'https://www.elastic.co/guide/en/elasticsearch/reference/current/flattened.html';

const getObject: CloudTrailRecord = { eventName: 'GetObject' };
const putObject: CloudTrailRecord = { eventName: 'PutObject' };

describe(`KQL values, as ${KQL} "Filter for documents that match a value" states`, () => {
  // "http.request.method: GET" — "to filter for documents where the http.request.method is GET".
  it('an unquoted value matches a keyword field that holds exactly that value, and no other', () => {
    expect(verdict('event.action: GetObject', getObject)).toBe('match');
    expect(verdict('event.action: GetObject', putObject)).toBe('no-match');
  });

  // "When querying keyword, numeric, date, or boolean fields, the value must be an exact match,
  // including punctuation and case."
  it('a keyword value must match in case', () => {
    expect(verdict('event.action: getobject', getObject)).toBe('no-match');
  });

  it('a keyword value must match in punctuation', () => {
    expect(verdict('aws.cloudtrail.error_code: ClientDryRunOperation', { errorCode: 'Client.DryRunOperation' })).toBe('no-match');
    expect(verdict('aws.cloudtrail.error_code: Client.DryRunOperation', { errorCode: 'Client.DryRunOperation' })).toBe('match');
  });

  // Same sentence, "boolean fields": readOnly is mapped as a boolean by the integration.
  it('a boolean field matches true or false as a value', () => {
    expect(verdict('aws.cloudtrail.read_only: true', { readOnly: true })).toBe('match');
    expect(verdict('aws.cloudtrail.read_only: true', { readOnly: false })).toBe('no-match');
  });

  // `http.request.body.content: "null pointer"` — quotes keep a value with spaces together; on a
  // keyword field the quoted value is one exact term.
  it('a quoted value with spaces matches the keyword value exactly', () => {
    const record = { userAgent: 'aws-cli/2.15.0 Python/3.11.6' };
    expect(verdict('user_agent.original: "aws-cli/2.15.0 Python/3.11.6"', record)).toBe('match');
    expect(verdict('user_agent.original: "aws-cli/2.15.0"', record)).toBe('no-match');
  });
});

describe(`KQL special characters, as ${KQL} "Filter for documents that match a value" states`, () => {
  // "Certain characters must be escaped by a backslash (unless surrounded by quotes) ...
  //  http.request.referrer: "https://example.com"  /  http.request.referrer: https\://example.com"
  const record = { userIdentity: { arn: 'arn:aws:iam::111122223333:user/alice' } };

  it('a value with colons matches when it is quoted', () => {
    expect(verdict('aws.cloudtrail.user_identity.arn: "arn:aws:iam::111122223333:user/alice"', record)).toBe('match');
  });

  it('a value with colons matches when each colon is escaped with a backslash', () => {
    expect(verdict('aws.cloudtrail.user_identity.arn: arn\\:aws\\:iam\\:\\:111122223333\\:user/alice', record)).toBe('match');
  });

  // "You must escape following characters: \():<>"*" — left unescaped, the colon is KQL syntax and
  // the query does not parse; the matcher says so rather than guessing a meaning.
  it('an unescaped colon in an unquoted value is not a query KQL can read', () => {
    expect(verdict('aws.cloudtrail.user_identity.arn: arn:aws:iam::111122223333:user/alice', record)).toBe('invalid');
  });

  // Same list: an escaped `*` and escaped parentheses are the characters themselves.
  it('an escaped star is a literal star, not a wildcard', () => {
    expect(verdict('user_agent.original: agent\\*1', { userAgent: 'agent*1' })).toBe('match');
    expect(verdict('user_agent.original: agent\\*1', { userAgent: 'agentX1' })).toBe('no-match');
  });

  it('escaped parentheses are literal parentheses', () => {
    expect(verdict('user_agent.original: Boto3\\(1\\)', { userAgent: 'Boto3(1)' })).toBe('match');
  });

  // "(unless surrounded by quotes)": inside quotes `*` is not special, so it is a literal star.
  it('a star inside quotes is a literal star, not a wildcard', () => {
    expect(verdict('user_agent.original: "agent*"', { userAgent: 'agent*' })).toBe('match');
    expect(verdict('user_agent.original: "agent*"', { userAgent: 'agent-1' })).toBe('no-match');
  });
});

describe(`KQL exists, as ${KQL} "Filter for documents where a field exists" states`, () => {
  // "http.request.method: *" — "This checks for any indexed value, including an empty string."
  it('field: * matches a record that has the field', () => {
    expect(verdict('aws.cloudtrail.error_code: *', { errorCode: 'AccessDenied' })).toBe('match');
  });

  it('field: * does not match a record without the field', () => {
    expect(verdict('aws.cloudtrail.error_code: *', { eventName: 'GetObject' })).toBe('no-match');
  });

  it('field: * matches an empty string', () => {
    expect(verdict('aws.cloudtrail.error_code: *', { errorCode: '' })).toBe('match');
  });

  // NULL_VALUE: "A null value cannot be indexed or searched. When a field is set to null, (or an
  // empty array or an array of null values) it is treated as though that field has no values."
  it(`field: * does not match a field set to null (${NULL_VALUE})`, () => {
    expect(verdict('aws.cloudtrail.error_code: *', { errorCode: null })).toBe('no-match');
  });

  it(`field: * does not match an empty list or a list of nulls (${NULL_VALUE})`, () => {
    expect(verdict('aws.cloudtrail.error_code: *', { errorCode: [] })).toBe('no-match');
    expect(verdict('aws.cloudtrail.error_code: *', { errorCode: [null] })).toBe('no-match');
  });
});

describe(`KQL wildcards, as ${KQL} "Filter for documents using wildcards" states`, () => {
  // "http.response.status_code: 4*" — "documents where http.response.status_code begins with a 4".
  it('a trailing star matches every value that begins with the text before it', () => {
    expect(verdict('aws.cloudtrail.error_code: Access*', { errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict('aws.cloudtrail.error_code: Access*', { errorCode: 'UnauthorizedOperation' })).toBe('no-match');
  });

  // "Only * is currently supported. This matches zero or more characters."
  it('a star also matches zero characters', () => {
    expect(verdict('event.action: GetObject*', getObject)).toBe('match');
  });

  it('a question mark is not a wildcard', () => {
    expect(verdict('event.action: Get?bject', getObject)).toBe('no-match');
    expect(verdict('event.action: Get?bject', { eventName: 'Get?bject' })).toBe('match');
  });

  // The wildcard is matched against the keyword as stored: "the value must be an exact match,
  // including punctuation and case" holds for the literal part.
  it('the text around a star must match in case', () => {
    expect(verdict('aws.cloudtrail.error_code: access*', { errorCode: 'AccessDenied' })).toBe('no-match');
  });
});

describe(`KQL not, and, or, as ${KQL} "Negating a query" and "Combining multiple queries" state`, () => {
  // "NOT http.request.method: GET" — "to filter documents where the http.request.method is not GET".
  it('not excludes the records with the value and keeps the others', () => {
    expect(verdict('NOT event.action: GetObject', getObject)).toBe('no-match');
    expect(verdict('NOT event.action: GetObject', putObject)).toBe('match');
  });

  // Kibana builds `not` as a bool must_not, whose clause "must not appear in the matching
  // documents" (query-dsl-bool-query.html): a record without the field has nothing to exclude.
  it('not keeps a record that does not have the field at all', () => {
    expect(verdict('NOT event.action: GetObject', { eventSource: 's3.amazonaws.com' })).toBe('match');
  });

  // "use the not keyword (not case-sensitive)"; "use the and/or keywords (not case-sensitive)".
  it('not, and and or are read in any case', () => {
    expect(verdict('not event.action: GetObject', putObject)).toBe('match');
    expect(verdict('Not event.action: GetObject', putObject)).toBe('match');
    expect(verdict('event.action: PutObject and event.provider: s3.amazonaws.com', { eventName: 'PutObject', eventSource: 's3.amazonaws.com' })).toBe('match');
    expect(verdict('event.action: GetObject Or event.action: PutObject', putObject)).toBe('match');
  });

  // "http.request.method: GET OR http.response.status_code: 400"
  it('or matches a record that meets either side', () => {
    const query = 'event.action: GetObject OR aws.cloudtrail.error_code: AccessDenied';
    expect(verdict(query, getObject)).toBe('match');
    expect(verdict(query, { eventName: 'PutObject', errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict(query, putObject)).toBe('no-match');
  });

  // "http.request.method: GET AND http.response.status_code: 400"
  it('and matches only a record that meets both sides', () => {
    const query = 'event.action: GetObject AND aws.cloudtrail.error_code: AccessDenied';
    expect(verdict(query, { eventName: 'GetObject', errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict(query, getObject)).toBe('no-match');
  });

  // KQL_710 "Boolean queries": "By default, and has a higher precedence than or."
  it(`and binds tighter than or (${KQL_710})`, () => {
    // Read as GetObject or (PutObject and AccessDenied): a plain GetObject matches; read the other
    // way, (GetObject or PutObject) and AccessDenied, it would not.
    const query = 'event.action: GetObject or event.action: PutObject and aws.cloudtrail.error_code: AccessDenied';
    expect(verdict(query, getObject)).toBe('match');
    expect(verdict(query, putObject)).toBe('no-match');
  });

  // "(http.request.method: GET AND http.response.status_code: 200) OR
  //  (http.request.method: POST AND http.response.status_code: 400)"
  it('parentheses group as written', () => {
    const query =
      '(event.action: GetObject AND aws.cloudtrail.error_code: NoSuchKey) OR (event.action: PutObject AND aws.cloudtrail.error_code: AccessDenied)';
    expect(verdict(query, { eventName: 'PutObject', errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict(query, { eventName: 'GetObject', errorCode: 'AccessDenied' })).toBe('no-match');
  });

  // "http.request.method: (GET OR POST OR DELETE)"
  it('a list of values in parentheses matches any one of them', () => {
    const query = 'event.action: (GetObject OR PutObject OR DeleteObject)';
    expect(verdict(query, putObject)).toBe('match');
    expect(verdict(query, { eventName: 'ListObjects' })).toBe('no-match');
  });
});

describe(`KQL on more than one field, as ${KQL} "Matching multiple fields" states`, () => {
  // "datastream.*: logs" — "any sub-field of datastream". Plainsec's model reads one field per
  // test; before this case it took `event.*` as a field named `event.` and answered "no match"
  // where Elastic matches. It now says it cannot read a wildcard in a field name.
  it('a wildcard field name is refused rather than read as one field', () => {
    expect(verdict('event.*: GetObject', getObject)).toBe('invalid');
  });
});

describe('fields that hold several values and flattened objects, as the Elasticsearch mapping reference states', () => {
  // ARRAYS: `"tags": ["elasticsearch", "wow"]` and `"tags": "elasticsearch"` — "The query looks for
  // elasticsearch in the tags field, and matches both documents."
  it(`a value test matches when any one of the field's values matches (${ARRAYS})`, () => {
    const query = 'aws.cloudtrail.flattened.request_parameters.tags: elasticsearch';
    expect(verdict(query, { requestParameters: { tags: ['elasticsearch', 'wow'] } })).toBe('match');
    expect(verdict(query, { requestParameters: { tags: 'elasticsearch' } })).toBe('match');
  });

  // FLATTENED: "labels": {"release": ["v1.2.5", "v1.3.0"]} and {"term": {"labels.release": "v1.3.0"}}
  it(`a key in a flattened object is queried with dot notation (${FLATTENED})`, () => {
    const record = { requestParameters: { priority: 'urgent', release: ['v1.2.5', 'v1.3.0'] } };
    expect(verdict('aws.cloudtrail.flattened.request_parameters.release: "v1.3.0"', record)).toBe('match');
    expect(verdict('aws.cloudtrail.flattened.request_parameters.release: "v1.4.0"', record)).toBe('no-match');
  });

  // FLATTENED: "The values are indexed as string keywords, without analysis or special handling for
  // numbers or dates." A number is found by its digits.
  it(`a number in a flattened object is found by its digits as text (${FLATTENED})`, () => {
    expect(verdict('aws.cloudtrail.flattened.request_parameters.maxResults: 5', { requestParameters: { maxResults: 5 } })).toBe('match');
  });

  // FLATTENED: "Querying the top-level flattened field searches all leaf values in the object:
  // {"term": {"labels": "urgent"}}"
  it(`a query on the flattened field itself searches every value inside it (${FLATTENED})`, () => {
    const record = { requestParameters: { priority: 'urgent', release: ['v1.2.5'] } };
    expect(verdict('aws.cloudtrail.flattened.request_parameters: urgent', record)).toBe('match');
    expect(verdict('aws.cloudtrail.flattened.request_parameters: low', record)).toBe('no-match');
  });
});
