/**
 * The Elastic EQL matcher against Elastic's own documentation. The differential test holds the
 * Elastic export's EQL rules to the rule's meaning through `matchEql`, so a passing differential
 * test means only that the export agrees with Plainsec's model of EQL. These cases check that model
 * against the examples in Elastic's EQL syntax reference.
 *
 * The page's examples use `my_field`, `process_name` and `network.protocol`; here each is restated
 * on a keyword field the Elastic AWS integration writes for a CloudTrail record (`user_agent.original`
 * from userAgent, `event.action` from eventName), and the record is the CloudTrail record the
 * matcher takes. The expected result is the one the page states.
 */
import { describe, expect, it } from 'vitest';
import { matchEql } from '../../../src/lib/rules/matchers/elastic-eql.ts';

type CloudTrailRecord = Parameters<typeof matchEql>[1];
const verdict = (query: string, record: CloudTrailRecord): string => matchEql(query, record).kind;
const agent = (userAgent: string): CloudTrailRecord => ({ userAgent });
const matching = (query: string, values: string[]): string[] => values.filter((v) => verdict(query, agent(v)) === 'match');

/** EQL syntax reference (elastic/elasticsearch docs/reference/query-languages/eql/eql-syntax.md). */
const EQL = 'https://www.elastic.co/guide/en/elasticsearch/reference/current/eql-syntax.html';

describe(`EQL basic syntax, as ${EQL} states`, () => {
  // "any where network.protocol == "http"" — "matches any documents with a network.protocol field value of http".
  it('any where field == value matches a record with that value, and no other', () => {
    expect(verdict('any where event.action == "GetObject"', { eventName: 'GetObject' })).toBe('match');
    expect(verdict('any where event.action == "GetObject"', { eventName: 'PutObject' })).toBe('no-match');
  });

  // "To match any event, you can combine the any keyword with the where true condition."
  it('any where true matches every record', () => {
    expect(verdict('any where true', { eventName: 'PutObject' })).toBe('match');
  });

  it('reads only "any where" queries, and says so for anything else', () => {
    expect(verdict('process where true', {})).toBe('invalid');
  });
});

describe(`EQL comparison operators, as ${EQL} "Comparison operators" states`, () => {
  // "`==` (equal, case-sensitive)"; "process_name == "cmd.exe" is not equivalent to process_name == "Cmd.exe"".
  it('== is case-sensitive', () => {
    expect(verdict('any where event.action == "getobject"', { eventName: 'GetObject' })).toBe('no-match');
  });

  // "`:` (equal, case-insensitive)".
  it(': is case-insensitive equality', () => {
    expect(verdict('any where event.action : "getobject"', { eventName: 'GetObject' })).toBe('match');
    expect(verdict('any where event.action : "getobjects"', { eventName: 'GetObject' })).toBe('no-match');
  });

  // "The == and != operators do not expand wildcard characters. For example, process_name == "cmd*.exe"
  // interprets * as a literal asterisk, not a wildcard."
  it('== reads * as a literal asterisk', () => {
    expect(verdict('any where user_agent.original == "cmd*.exe"', agent('cmd.exe'))).toBe('no-match');
    expect(verdict('any where user_agent.original == "cmd*.exe"', agent('cmd*.exe'))).toBe('match');
  });

  // "`!=` (not equal, case-sensitive)".
  it('!= is true for another value, and for the same text in another case', () => {
    expect(verdict('any where event.action != "GetObject"', { eventName: 'PutObject' })).toBe('match');
    expect(verdict('any where event.action != "GetObject"', { eventName: 'getobject' })).toBe('match');
    expect(verdict('any where event.action != "GetObject"', { eventName: 'GetObject' })).toBe('no-match');
  });
});

describe(`EQL wildcards, as ${EQL} "Wildcards" states`, () => {
  const words = ['doc', 'docs', 'document', 'DOS', 'adoc', 'asciidoc', 'disc', 'DOC', 'DOCS', 'DOCs', 'DOCUMENT', 'DISC', 'DisC'];

  // my_field : "doc*"  // Matches "doc", "docs", or "document" but not "DOS"
  it(': "doc*" matches doc, docs and document, not DOS', () => {
    expect(matching('any where user_agent.original : "doc*"', ['doc', 'docs', 'document', 'DOS'])).toEqual(['doc', 'docs', 'document']);
  });

  // my_field : "*doc"  // Matches "adoc" or "asciidoc"
  it(': "*doc" matches adoc and asciidoc', () => {
    expect(matching('any where user_agent.original : "*doc"', ['adoc', 'asciidoc', 'docs'])).toEqual(['adoc', 'asciidoc']);
  });

  // my_field : "d*c"  // Matches "doc" or "disc"
  it(': "d*c" matches doc and disc', () => {
    expect(matching('any where user_agent.original : "d*c"', ['doc', 'disc', 'docs'])).toEqual(['doc', 'disc']);
  });

  // my_field like "DOC*"  // Matches "DOC", "DOCS", "DOCs", or "DOCUMENT" but not "DOS"
  it('like "DOC*" matches DOC, DOCS, DOCs and DOCUMENT, not DOS', () => {
    expect(matching('any where user_agent.original like "DOC*"', ['DOC', 'DOCS', 'DOCs', 'DOCUMENT', 'DOS'])).toEqual(['DOC', 'DOCS', 'DOCs', 'DOCUMENT']);
  });

  // my_field like "D*C"  // Matches "DOC", "DISC", or "DisC"
  it('like "D*C" matches DOC, DISC and DisC', () => {
    expect(matching('any where user_agent.original like "D*C"', ['DOC', 'DISC', 'DisC'])).toEqual(['DOC', 'DISC', 'DisC']);
  });

  // "`like` (case-sensitive)"; "For case-insensitive matching, use `like~`".
  it('like is case-sensitive and like~ is not', () => {
    expect(matching('any where user_agent.original like "doc*"', words)).toEqual(['doc', 'docs', 'document']);
    expect(matching('any where user_agent.original like~ "doc*"', words)).toEqual(['doc', 'docs', 'document', 'DOC', 'DOCS', 'DOCs', 'DOCUMENT']);
  });

  // "The : operator is equivalent to like~."
  it(': and like~ match the same values', () => {
    for (const pattern of ['doc*', '*doc', 'd*c', 'D?C']) {
      expect(matching(`any where user_agent.original : "${pattern}"`, words), pattern).toEqual(matching(`any where user_agent.original like~ "${pattern}"`, words));
    }
  });

  // my_field : "doc?"  // Matches "docs" but not "doc", "document", or "DOS"
  it(': "doc?" matches docs, not doc, document or DOS', () => {
    expect(matching('any where user_agent.original : "doc?"', ['docs', 'doc', 'document', 'DOS'])).toEqual(['docs']);
  });

  // my_field : "?doc"  // Matches "adoc" but not "asciidoc"
  it(': "?doc" matches adoc, not asciidoc', () => {
    expect(matching('any where user_agent.original : "?doc"', ['adoc', 'asciidoc'])).toEqual(['adoc']);
  });

  // my_field : "d?c"  // Matches "doc" but not "disc"
  it(': "d?c" matches doc, not disc', () => {
    expect(matching('any where user_agent.original : "d?c"', ['doc', 'disc'])).toEqual(['doc']);
  });

  // my_field : ("doc*", "f*o", "ba?", "qux")
  it('a list after : matches when any of its patterns does', () => {
    expect(matching('any where user_agent.original : ("doc*", "f*o", "ba?", "qux")', ['docs', 'FOO', 'bar', 'QUX', 'baz1', 'fob'])).toEqual(['docs', 'FOO', 'bar', 'QUX']);
  });
});

describe(`EQL lookup operators, as ${EQL} "Lookup operators" states`, () => {
  // my_field in ("Value-1", "VALUE2", "VAL3")  // case-sensitive
  it('in is case-sensitive', () => {
    expect(matching('any where user_agent.original in ("Value-1", "VALUE2", "VAL3")', ['Value-1', 'value-1', 'VALUE2', 'val3'])).toEqual(['Value-1', 'VALUE2']);
  });

  // my_field in~ ("value-1", "value2", "val3")  // case-insensitive
  it('in~ is case-insensitive', () => {
    expect(matching('any where user_agent.original in~ ("value-1", "value2", "val3")', ['Value-1', 'VALUE2', 'VAL3', 'value-2'])).toEqual(['Value-1', 'VALUE2', 'VAL3']);
  });

  // my_field not in ("Value-1", "VALUE2", "VAL3") and not in~.
  it('not in and not in~ match what in and in~ do not', () => {
    expect(matching('any where user_agent.original not in ("Value-1", "VALUE2", "VAL3")', ['Value-1', 'value-1'])).toEqual(['value-1']);
    expect(matching('any where user_agent.original not in~ ("value-1", "value2", "val3")', ['Value-1', 'value-4'])).toEqual(['value-4']);
  });
});

describe(`EQL logical operators and fields without a value, as ${EQL} states`, () => {
  // "`not`: Returns true if the condition to the right is false."
  it('not is true where the condition is false', () => {
    expect(verdict('any where not event.action == "GetObject"', { eventName: 'PutObject' })).toBe('match');
    expect(verdict('any where not (event.action == "GetObject")', { eventName: 'GetObject' })).toBe('no-match');
  });

  // "`and`: Returns true only if the condition to the left and right both return true."
  // "`or`: Returns true if one of the conditions to the left or right true."
  it('and needs both, or needs either', () => {
    const record = { eventName: 'GetObject', userAgent: 'aws-cli/2' };
    expect(verdict('any where event.action == "GetObject" and user_agent.original : "AWS-CLI*"', record)).toBe('match');
    expect(verdict('any where event.action == "PutObject" and user_agent.original : "AWS-CLI*"', record)).toBe('no-match');
    expect(verdict('any where event.action == "PutObject" or user_agent.original : "AWS-CLI*"', record)).toBe('match');
  });

  // "To match events containing any value for a field, compare the field to null using the !=
  // operator"; "To match events that do not contain a field value ... the == operator".
  it('field != null matches a record with a value, field == null one without', () => {
    expect(verdict('any where aws.cloudtrail.error_code != null', { errorCode: 'AccessDenied' })).toBe('match');
    expect(verdict('any where aws.cloudtrail.error_code != null', { eventName: 'GetObject' })).toBe('no-match');
    expect(verdict('any where aws.cloudtrail.error_code == null', { eventName: 'GetObject' })).toBe('match');
  });

  // "network where ?user.id != null" — the ? marks an optional field; with the field in the data it
  // means the same as without.
  it('?field reads the field as field does', () => {
    expect(verdict('any where ?aws.cloudtrail.error_code != null', { errorCode: 'AccessDenied' })).toBe('match');
  });
});

describe(`EQL strings, as ${EQL} "Strings" states`, () => {
  // "example \r of \" escaped \n characters"
  it('reads the escapes \\r, \\" and \\n', () => {
    expect(verdict('any where user_agent.original == "example \\r of \\" escaped \\n characters"', agent('example \r of " escaped \n characters'))).toBe('match');
  });

  // "you can escape a right-to-left mark (RLM) as \u{200f}, \u{200F}, or \u{0000200f}".
  it('reads \\u{200f}, \\u{200F} and \\u{0000200f} as the same right-to-left mark', () => {
    for (const escape of ['\\u{200f}', '\\u{200F}', '\\u{0000200f}']) expect(verdict(`any where user_agent.original == "a${escape}b"`, agent('a\u200fb'))).toBe('match');
  });

  // """Raw string with a literal double quote " and blackslash \ included"""
  it('takes a raw string literally', () => {
    expect(verdict('any where user_agent.original == """Raw string with a literal double quote " and blackslash \\ included"""', agent('Raw string with a literal double quote " and blackslash \\ included'))).toBe('match');
  });

  // "Strings enclosed in single quotes (') are not supported."
  it('does not read single-quoted strings', () => {
    expect(verdict("any where user_agent.original == 'x'", agent('x'))).toBe('invalid');
  });
});

// Not on the syntax page: Elasticsearch runs ":" and "like~" as case-insensitive term and wildcard
// queries, which pair a character with its other case only in ASCII (AutomatonQueries.
// toCaseInsensitiveChar in elastic/elasticsearch: "For now we only work with ASCII characters").
describe('EQL ignores case for A to Z only, as Elasticsearch builds its case-insensitive queries', () => {
  it('an accented capital is not its small letter', () => {
    expect(verdict('any where user_agent.original : "élan"', agent('Élan'))).toBe('no-match');
    expect(verdict('any where user_agent.original : "élan"', agent('éLAN'))).toBe('match');
  });

  it('the Kelvin sign is not the letter k', () => {
    expect(verdict('any where user_agent.original : "kms"', agent('\u212Ams'))).toBe('no-match');
  });
});
