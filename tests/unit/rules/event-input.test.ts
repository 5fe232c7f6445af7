import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError, readEventsText } from '../../../src/lib/rules/event-input.ts';

const stop = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: '2026-11-30T08:00:00Z' };
const describeTrails = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' };

describe('reading events from pasted text', () => {
  it.each([
    ['one record', JSON.stringify(stop), [stop]],
    ['a CloudTrail file', JSON.stringify({ Records: [stop, describeTrails] }), [stop, describeTrails]],
    ['a JSON list', JSON.stringify([stop, describeTrails], null, 2), [stop, describeTrails]],
    ['an EventBridge event carrying a record', JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.cloudtrail', detail: stop }), [stop]],
    ['JSON lines', `${JSON.stringify(stop)}\n\n${JSON.stringify(describeTrails)}\n`, [stop, describeTrails]],
  ])('reads %s', (_, text, events) => {
    expect(readEventsText(text)).toEqual({ ok: true, events });
  });

  it('keeps an EventBridge event that does not carry a CloudTrail record as it is', () => {
    const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };
    expect(readEventsText(JSON.stringify(scheduled))).toEqual({ ok: true, events: [scheduled] });
  });

  it.each([
    ['a missing comma', '[\n  {"eventName": "A",\n   "x": 1\n   "y": 2}\n]', 4, 4, 'expected a comma or }'],
    ['a trailing comma', '{"eventName": "A",}', 1, 19, 'expected a field name in double quotes'],
    ['an unclosed list', '[{"eventName": "A"}', 1, 20, 'expected a comma or ], but the text ended'],
    ['a single-quoted name', "{'eventName': 'A'}", 1, 2, 'expected a field name in double quotes'],
    ['a missing colon', '{\n"eventName" "A"}', 2, 13, 'expected a colon after the field name'],
    ['a bad escape', '{"eventName": "A\\q"}', 1, 17, 'a backslash inside quotes must start an escape'],
    ['a bare word', '{"eventName": StopLogging}', 1, 15, 'expected a value'],
    ['a broken second JSON line', '{"eventName": "A"}\n{"eventName": "B"\n', 2, 18, 'expected a comma or }, but the text ended'],
  ])('says the line and column of %s', (_, text, line, column, problem) => {
    const read = readEventsText(text);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect([read.line, read.column]).toEqual([line, column]);
    expect(read.error).toContain(`line ${line}, column ${column}: ${problem}`);
  });

  it('says what to give when an item is not a record', () => {
    expect(readEventsText('[{"eventName": "A"}, 3]')).toEqual({ ok: false, error: expect.stringMatching(/^record 2 is not a JSON object/) });
  });

  it('says the text is empty rather than that it is broken', () => {
    expect(readEventsText('  \n')).toMatchObject({ ok: false, error: expect.stringMatching(/no events: the text is empty/) });
  });

  it('finds a problem exactly when JSON.parse does, on valid JSON changed at random', () => {
    const texts = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', 'x', '1', '-', '.', 'e', ' ')).map(([json, at, insert]) => {
      const i = at % (json.length + 1);
      return json.slice(0, i) + insert + json.slice(i + (insert === '' ? 1 : 0));
    });
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJsonError(text) === undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
