/**
 * The Splunk matcher against Splunk's own documentation. The differential test holds the Splunk
 * export to the rule's meaning through `matchSplunkSearch`, so a passing differential test means
 * only that the export agrees with Plainsec's model of Splunk. These cases check that model against
 * the examples in Splunk's Search Manual and Search Reference.
 *
 * The matcher reads the searches the export writes: `index=* sourcetype=aws:cloudtrail`, then
 * `field=value` terms (alone or as `(a=1 OR a=2)` groups), then `| where` with an eval expression.
 * Each documented example is written in that shape (`| where true()` where only the search terms
 * are under test) and run on a small JSON record, whose fields the matcher extracts as Splunk's
 * JSON extraction does. SPL it does not read (`!=`, `NOT` or `IN` among the search terms,
 * wildcards, quoted values) it reports as invalid; those documented behaviours are not checked here.
 */
import { describe, expect, it } from 'vitest';
import { matchSplunkSearch } from '../../../src/lib/rules/matchers/splunk.ts';

type CloudTrailRecord = Parameters<typeof matchSplunkSearch>[1];
const base = 'index=* sourcetype=aws:cloudtrail';
const verdict = (rest: string, record: CloudTrailRecord): string => matchSplunkSearch(`${base} ${rest}`, record).kind;

/** Search Manual, "Boolean expressions with logical operators". */
const BOOLEAN = 'https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates';
/** Search Manual, "Use CASE() and TERM() to match phrases". */
const CASE_TERM = 'https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/search-primer/use-case-and-term-to-match-phrases';
/** SPL2 Search Reference, "search command: Examples" (the field-value syntax is SPL's). */
const SEARCH_EXAMPLES = 'https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/search-command/search-command-examples';
/** Search Reference, "where". */
const WHERE = 'https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/where';
/** SPL2 Search Reference, "Quick Reference for SPL2 eval functions". */
const EVAL_FUNCTIONS = 'https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/evaluation-functions/quick-reference-for-spl2-eval-functions';
/** Search Manual, "SPL and regular expressions". */
const REGEX = 'https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/expressions-and-predicates/spl-and-regular-expressions';
/** Search Manual, "Types of expressions". */
const EXPRESSIONS = 'https://help.splunk.com/en/splunk-enterprise/search/search-manual/10.2/expressions-and-predicates/types-of-expressions';
/** SPL2 Search Manual, "When to escape characters". */
const ESCAPES = 'https://help.splunk.com/splunk-enterprise/search/spl2-search-manual/wildcards-quotes-and-escape-characters/when-to-escape-characters';
/** Search Reference, "spath". */
const SPATH = 'https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/spath';

const runInstances: CloudTrailRecord = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' };

describe('search terms, as the Search Manual and the search command examples state', () => {
  // SEARCH_EXAMPLES, "Using boolean and comparison operators":
  // "| search (code=10 OR code=29 OR code=43) host!="localhost" xqp>5" — events with code values of
  // either 10, 29, or 43.
  it(`a group of terms joined by OR matches any one of them (${SEARCH_EXAMPLES})`, () => {
    expect(verdict('(code=10 OR code=29 OR code=43) | where true()', { code: 29 })).toBe('match');
    expect(verdict('(code=10 OR code=29 OR code=43) | where true()', { code: 11 })).toBe('no-match');
  });

  // CASE_TERM, "When to use CASE": "By default, searches are case-insensitive. ... You can use the
  // CASE directive to perform case-sensitive matches for terms and field values." — "host=CASE(LOCALHOST)"
  // "only matches events that contain localhost in uppercase"; without CASE any case matches.
  it(`a field value in a search term matches in any case (${CASE_TERM})`, () => {
    expect(verdict('eventName=runinstances | where true()', runInstances)).toBe('match');
    expect(verdict('eventName=RUNINSTANCES | where true()', runInstances)).toBe('match');
  });

  // BOOLEAN: "The AND operator is always implied between terms, that is: web error is the same as
  // web AND error."
  it(`terms side by side must all match (${BOOLEAN})`, () => {
    expect(verdict('eventSource=ec2.amazonaws.com eventName=RunInstances | where true()', runInstances)).toBe('match');
    expect(verdict('eventSource=s3.amazonaws.com eventName=RunInstances | where true()', runInstances)).toBe('no-match');
  });

  it(`a term on a field the event does not have does not match (${BOOLEAN})`, () => {
    expect(verdict('errorCode=AccessDenied | where true()', runInstances)).toBe('no-match');
  });
});

describe(`where, as ${WHERE} states`, () => {
  // "The where command returns only the results for which the eval expression returns true."
  it('keeps every event when the expression is true', () => {
    expect(verdict('| where true()', runInstances)).toBe('match');
  });

  it('drops every event when the expression is false', () => {
    expect(verdict('| where false()', runInstances)).toBe('no-match');
  });

  // "The <eval-expression> is case-sensitive." — unlike a search term, a where comparison does not
  // ignore case.
  it('compares text in the case it is written', () => {
    expect(verdict(`| where 'eventName'=="RunInstances"`, runInstances)).toBe('match');
    expect(verdict(`| where 'eventName'=="runinstances"`, runInstances)).toBe('no-match');
  });

  // "Field names starting with numeric characters ... must be surrounded by single quotation marks.
  // '5minutes'="late"" (eval's = and == both compare; the export writes ==).
  it('reads a field name in single quotes, and the value in double quotes, as the example does', () => {
    expect(verdict(`| where '5minutes'=="late"`, { '5minutes': 'late' })).toBe('match');
    expect(verdict(`| where '5minutes'=="late"`, { '5minutes': 'early' })).toBe('no-match');
  });

  // The comparison on a field the event lacks is not true, so the event is not returned.
  it('drops an event that does not have the compared field', () => {
    expect(verdict(`| where 'errorCode'=="AccessDenied"`, runInstances)).toBe('no-match');
  });
});

describe(`the order of evaluation in where, as ${BOOLEAN} states`, () => {
  // "The search command evaluates OR before AND operators ... The eval and where commands evaluate
  // AND before OR operators." Order for eval and where: 1 parentheses, 2 NOT, 3 AND, 4 OR.
  it('AND binds tighter than OR', () => {
    // a OR (b AND c) holds for a alone; (a OR b) AND c would not.
    expect(verdict(`| where 'a'=="1" OR 'b'=="2" AND 'c'=="3"`, { a: '1', b: '0', c: '0' })).toBe('match');
  });

  it('NOT binds tighter than AND', () => {
    // (NOT a) AND b is false here; NOT (a AND b) would be true.
    expect(verdict(`| where NOT 'a'=="1" AND 'b'=="2"`, { a: '1', b: '0' })).toBe('no-match');
    expect(verdict(`| where NOT 'a'=="1" AND 'b'=="2"`, { a: '0', b: '2' })).toBe('match');
  });

  it('parentheses come first', () => {
    expect(verdict(`| where ('a'=="1" OR 'b'=="2") AND 'c'=="3"`, { a: '1', b: '0', c: '0' })).toBe('no-match');
    expect(verdict(`| where ('a'=="1" OR 'b'=="2") AND 'c'=="3"`, { a: '0', b: '2', c: '3' })).toBe('match');
  });
});

describe(`eval functions, as ${EVAL_FUNCTIONS} states`, () => {
  // "match(<str>,<regex>) Returns TRUE if the regular expression finds a match against any
  // substring of the string value. Otherwise returns FALSE."
  it('match finds the pattern anywhere in the value', () => {
    expect(verdict(`| where match('eventName', "Instance")`, runInstances)).toBe('match');
    expect(verdict(`| where match('eventName', "^Instance")`, runInstances)).toBe('no-match');
  });

  // REGEX, "Backslash characters in regular expressions": "If you want to match a period character,
  // you must escape the period character by specifying \. in your regular expression." In the eval
  // string the backslash itself is written \\ (EXPRESSIONS: "C:\\windows" is C:\windows).
  it(`match reads an escaped period as a period only (${REGEX})`, () => {
    expect(verdict(`| where match('sourceIPAddress', "^10\\\\.9\\\\.")`, { sourceIPAddress: '10.9.165.8' })).toBe('match');
    expect(verdict(`| where match('sourceIPAddress', "^10\\\\.9\\\\.")`, { sourceIPAddress: '10x9x165.8' })).toBe('no-match');
  });

  // "if(<predicate>,<true_value>,<false_value>) If the <predicate> expression evaluates to TRUE,
  // returns the <true_value>. Otherwise the function returns the <false_value."
  it('if gives its second argument when the first is true, and its third otherwise', () => {
    const search = `| where if(isnotnull('errorCode'), 'errorCode'=="AccessDenied", false())`;
    expect(verdict(search, { errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict(search, { errorCode: 'NoSuchKey' })).toBe('no-match');
    expect(verdict(search, runInstances)).toBe('no-match');
  });

  // isnotnull(<value>) and isnull(<value>): TRUE when the value is, or is not, null; a field the
  // event lacks is null.
  it('isnotnull is true for a field the event has, and isnull for one it lacks', () => {
    expect(verdict(`| where isnotnull('errorCode')`, { errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict(`| where isnotnull('errorCode')`, runInstances)).toBe('no-match');
    expect(verdict(`| where isnull('errorCode')`, runInstances)).toBe('match');
    expect(verdict(`| where isnull('errorCode')`, { errorCode: 'AccessDenied' })).toBe('no-match');
  });

  // lower(<str>) returns the string in lowercase, so a lower-cased comparison ignores case.
  it('lower makes a comparison that ignores case', () => {
    expect(verdict(`| where lower('eventName')=="runinstances"`, runInstances)).toBe('match');
    expect(verdict(`| where lower('eventName')=="runinstances"`, { eventName: 'RunInstance' })).toBe('no-match');
  });
});

describe(`string literals, as ${EXPRESSIONS} states`, () => {
  // "String literal ... "C:\\windows" → C:\windows"
  it('a doubled backslash in a string is one backslash', () => {
    expect(verdict(`| where 'path'=="C:\\\\windows"`, { path: 'C:\\windows' })).toBe('match');
  });

  // ""C:\\windows\temp" → C:\windows<tab>emp — The \t in the path is interpreted as a tab."
  it('\\t in a string is a tab', () => {
    expect(verdict(`| where 'path'=="C:\\\\windows\\temp"`, { path: 'C:\\windows\temp' })).toBe('match');
    expect(verdict(`| where 'path'=="C:\\\\windows\\temp"`, { path: 'C:\\windowstemp' })).toBe('no-match');
  });
});

describe(`escapes in strings, as ${ESCAPES} states`, () => {
  // "use the backslash character ( \ ) to ignore characters that have special meaning in a search,
  // such as quotation marks, pipes, and the backslash character itself."
  it('an escaped double quote is part of the string', () => {
    expect(verdict(`| where 'userAgent'=="say \\"hi\\""`, { userAgent: 'say "hi"' })).toBe('match');
    expect(verdict(`| where 'userAgent'=="say \\"hi\\""`, { userAgent: 'say hi' })).toBe('no-match');
  });
});

describe(`fields from JSON, as ${SPATH} states`, () => {
  // "A location path is composed of one or more location steps, separated by periods. An example of
  // this is vendorProductSet.product.desc."
  it('a nested key is the field named by its path with periods', () => {
    const record = { vendorProductSet: { product: { desc: 'Splunk Enterprise' } } };
    expect(verdict(`| where 'vendorProductSet.product.desc'=="Splunk Enterprise"`, record)).toBe('match');
    expect(verdict(`| where 'vendorProductSet.product'=="Splunk Enterprise"`, record)).toBe('no-match');
  });

  it('a search term names a nested key by the same path', () => {
    expect(verdict('vendorProductSet.product.desc=Splunk | where true()', { vendorProductSet: { product: { desc: 'splunk' } } })).toBe('match');
    expect(verdict('vendorProductSet.product.desc=Splunk | where true()', { vendorProductSet: { product: { name: 'Splunk' } } })).toBe('no-match');
  });
});
