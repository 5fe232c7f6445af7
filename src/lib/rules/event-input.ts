/**
 * Events from text a person pasted or a file they hold, in the shapes people have them.
 * CloudTrail records: one record, a CloudTrail log file `{"Records": [...]}`, a JSON list, an
 * EventBridge event that carries a record in `detail`, or JSON lines (one record per line).
 * A cluster's audit events: one `Event`, an `EventList` (`{"kind": "EventList", "items": [...]}`),
 * JSON lines as the API server's log file holds them, and EKS's CloudWatch Logs, where each log
 * event's `message` holds the audit event as text: the output of `aws logs filter-log-events` or
 * `get-log-events` (`{"events": [...]}`), a subscription's delivery (`{"logEvents": [...]}`), a
 * Logs Insights export (`@message`), or an S3 export, one line each of a time and the event.
 *
 * Broken JSON is reported by line and column with what was expected there. JSON.parse says where
 * it broke differently in each engine (V8 "at position N", Firefox "line L column C", Safari not
 * at all), so on failure the text is walked again here to find the place and say it plainly.
 */
import type { CloudTrailEvent } from './canonical.ts';

export type EventInput = { ok: true; events: CloudTrailEvent[] } | { ok: false; error: string; line?: number; column?: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The CloudTrail record in a value: the value itself, or the record an EventBridge event carries.
 * EventBridge delivers CloudTrail records with detail-types that end "via CloudTrail" (API calls,
 * console sign-ins, console actions, service events), each with the record as `detail`.
 */
export function recordOf(value: Record<string, unknown>): CloudTrailEvent {
  const type = value['detail-type'];
  const detail = value['detail'];
  if (typeof type === 'string' && type.endsWith('via CloudTrail') && isObject(detail)) return detail as CloudTrailEvent;
  return messageEvent(value) ?? (value as CloudTrailEvent);
}

/**
 * The event a CloudWatch Logs log event carries as text in `message` (or `@message`, in a Logs
 * Insights export), when that text is a JSON object; undefined for anything else.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilteredLogEvent.html
 */
function messageEvent(value: Record<string, unknown>): CloudTrailEvent | undefined {
  const text = value['message'] ?? value['@message'];
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return undefined;
  try {
    const inner: unknown = JSON.parse(text);
    return isObject(inner) ? (inner as CloudTrailEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** The list of events a value holds, where it is a known wrapper of several; undefined for one event. */
export function listIn(value: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(value['Records'])) return value['Records'];
  // A Kubernetes EventList (the audit log webhook's body, `kubectl get --raw` output).
  if (value['kind'] === 'EventList' && Array.isArray(value['items'])) return value['items'];
  // CloudWatch Logs: filter-log-events / get-log-events output, and a subscription's delivery.
  if (Array.isArray(value['events']) && value['events'].every((e) => isObject(e) && 'message' in e)) return value['events'];
  if (Array.isArray(value['logEvents'])) return value['logEvents'];
  return undefined;
}

/**
 * A line of a CloudWatch Logs export to S3: the log event's time, a space, then its message
 * (`2024-05-14T14:39:06.123Z {"kind":"Event",...}`). The event, or undefined for another line.
 */
function exportedLogLine(line: string): Record<string, unknown> | undefined {
  const match = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z\s+(\{.*\})\s*$/.exec(line);
  if (!match) return undefined;
  try {
    const inner: unknown = JSON.parse(match[1]!);
    return isObject(inner) ? inner : undefined;
  } catch {
    return undefined;
  }
}

/** 1-based line and column of a position in the text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class Broken extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/**
 * Where JSON text is broken and what was expected there, or undefined when it is valid.
 * Follows the JSON grammar (RFC 8259) exactly, so it agrees with JSON.parse on what is valid.
 */
export function locateJsonError(text: string): { offset: number; problem: string } | undefined {
  let at = 0;
  const fail = (expected: string): never => {
    throw new Broken(at, at >= text.length ? `${expected}, but the text ended` : expected);
  };
  const space = (): void => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  };
  const string = (): void => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) fail('expected a closing " for the text in quotes');
      const c = text.charCodeAt(at);
      if (c === 0x22) return void at++;
      if (c < 0x20) fail('a line break or control character inside quotes; write it as \\n or \\t');
      if (c === 0x5c) {
        const next = text[at + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else fail('a backslash inside quotes must start an escape like \\" \\\\ \\n or \\u00e9');
      } else at++;
    }
  };
  const digits = (what: string): void => {
    if (!/[0-9]/.test(text[at] ?? '')) fail(what);
    while (/[0-9]/.test(text[at] ?? '')) at++;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      space();
      if (text[at] === '}') return void at++;
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a field name in double quotes');
        string();
        space();
        if (text[at] !== ':') fail('expected a colon after the field name');
        at++;
        value();
        space();
        if (text[at] === '}') return void at++;
        if (text[at] !== ',') fail('expected a comma or }');
        at++;
      }
    }
    if (c === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        space();
        if (text[at] === ']') return void at++;
        if (text[at] !== ',') fail('expected a comma or ]');
        at++;
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      if (c === '-') at++;
      if (text[at] === '0') at++;
      else digits('expected a digit');
      if (text[at] === '.') {
        at++;
        digits('expected a digit after the decimal point');
      }
      if (text[at] === 'e' || text[at] === 'E') {
        at++;
        if (text[at] === '+' || text[at] === '-') at++;
        digits('expected a digit in the exponent');
      }
      return;
    }
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, at)) return void (at += word.length);
    fail('expected a value: text in double quotes, a number, true, false, null, { or [');
  };
  try {
    value();
    space();
    if (at < text.length) fail('expected nothing more after the value; is a comma or bracket missing before this?');
    return undefined;
  } catch (e) {
    if (e instanceof Broken) return { offset: e.offset, problem: e.expected };
    throw e;
  }
}

/** JSON.parse with a plain-words error that says the line and column where the text broke. */
export function parseJsonText(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string; problem: string; line: number; column: number } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const broken = locateJsonError(text) ?? { offset: 0, problem: 'this is not valid JSON' };
    const { line, column } = lineAndColumn(text, broken.offset);
    return { ok: false, error: `line ${line}, column ${column}: ${broken.problem}`, problem: broken.problem, line, column };
  }
}

/** Records from a parsed JSON value: a list, a CloudTrail file, an EventBridge event or one record. */
function recordsFromValue(value: unknown): { ok: true; events: CloudTrailEvent[] } | { ok: false; error: string } {
  const list = (isObject(value) ? listIn(value) : undefined) ?? (Array.isArray(value) ? value : [value]);
  const events: CloudTrailEvent[] = [];
  for (const [i, item] of list.entries()) {
    if (!isObject(item))
      return { ok: false, error: `record ${i + 1} is not a JSON object. Give one CloudTrail record, a list of them, {"Records": [...]}, or one record per line.` };
    events.push(recordOf(item));
  }
  return { ok: true, events };
}

/** CloudTrail records from text, in any of the shapes above. */
export function readEventsText(text: string): EventInput {
  if (text.trim() === '') return { ok: false, error: 'there are no events: the text is empty. Paste a CloudTrail record, or a list of them.' };
  const whole = parseJsonText(text);
  if (whole.ok) return recordsFromValue(whole.value);
  // Not one JSON value. JSON lines hold one record on each line; they are tried when the first
  // line is a whole object on its own, so an error on a later line is reported on that line.
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && exportedLogLine(lines[first]!)) {
    const exported: CloudTrailEvent[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const event = exportedLogLine(line);
      if (!event)
        return { ok: false, error: `line ${i + 1}: each line of a CloudWatch Logs export should hold a time and then one event as JSON`, line: i + 1, column: 1 };
      exported.push(recordOf(event));
    }
    return { ok: true, events: exported };
  }
  const firstLine = first >= 0 ? parseJsonText(lines[first]!) : undefined;
  if (!firstLine?.ok || !isObject(firstLine.value)) return whole;
  const events: CloudTrailEvent[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const parsed = parseJsonText(line);
    if (!parsed.ok) return { ok: false, error: `line ${i + 1}, column ${parsed.column}: ${parsed.problem}`, line: i + 1, column: parsed.column };
    if (!isObject(parsed.value)) return { ok: false, error: `line ${i + 1}: each line should hold one CloudTrail record, a JSON object`, line: i + 1, column: 1 };
    events.push(recordOf(parsed.value));
  }
  return { ok: true, events };
}
