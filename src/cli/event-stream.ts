/**
 * Events read from a file a few at a time, so a day of logs takes as little memory as one event,
 * in every shape `readEventsText` (src/lib/rules/event-input.ts) reads pasted text:
 * - CloudTrail records: a JSON list, a CloudTrail log file `{"Records": [...]}` (also gzipped, as
 *   S3 stores it), one record, or records one after another (JSON lines);
 * - a cluster's audit events: one `Event`, an `EventList` (`{"kind": "EventList", "items": [...]}`),
 *   JSON lines as the API server's log file holds them, and EKS's CloudWatch Logs, where each log
 *   event's `message` holds the event as text: `aws logs filter-log-events` output
 *   (`{"events": [...]}`), a subscription's delivery (`{"logEvents": [...]}`), a Logs Insights
 *   export (a list of `{"@message": ...}`), or an export to S3 (gzipped lines of a time, a space and
 *   the event).
 *
 * The file is read as a stream (gunzipped when it starts with the gzip signature) and scanned for
 * the text of each event: the scanner follows quotes, escapes and bracket depth, and hands each
 * event's text to JSON.parse. Nothing but the event being read is held.
 */
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CloudTrailEvent } from '../lib/rules/canonical.ts';
import { lineAndColumn, listIn, locateJsonError, recordOf } from '../lib/rules/event-input.ts';
import { fileProblem } from './read.ts';

/** Why the events could not be read, in plain words, naming the file, with where when it is known. */
export class EventReadError extends Error {
  constructor(
    message: string,
    readonly record?: number,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The scanner's error (which knows only where in the text) with the file's name in front. */
const inFile = (file: string, e: EventReadError): EventReadError => new EventReadError(`${file}: ${e.message}`, e.record, e.line, e.column);

const quote = 0x22;
const backslash = 0x5c;
const newline = 0x0a;
const isSpace = (c: number): boolean => c === 0x20 || c === newline || c === 0x0d || c === 0x09;

interface StreamOptions {
  /** Keep EventBridge events as they are instead of taking the CloudTrail record out of them. */
  keepEnvelopes?: boolean;
}

/**
 * The file's records, in batches (one per chunk read), in file order. Throws EventReadError on a
 * file that cannot be read or text that is not records, naming the record and its line and column.
 */
export async function* streamEventBatches(file: string, options: StreamOptions = {}): AsyncGenerator<CloudTrailEvent[]> {
  let handle;
  let signature: Buffer;
  try {
    handle = await open(file);
    signature = Buffer.alloc(2);
    await handle.read(signature, 0, 2, 0);
  } catch (e) {
    await handle?.close();
    throw new EventReadError(fileProblem(file, e));
  }
  const raw = handle.createReadStream({ start: 0 });
  const gzipped = signature[0] === 0x1f && signature[1] === 0x8b;
  // pipeline passes a read error on to the gunzip stream, so the loop below sees it.
  const source = gzipped ? pipeline(raw, createGunzip(), () => {}) : raw;
  const decoder = new TextDecoder('utf-8');
  const scanner = new RecordScanner(options.keepEnvelopes === true);
  try {
    for await (const chunk of source) {
      const batch = scanner.push(decoder.decode(chunk as Buffer, { stream: true }));
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    if (e instanceof EventReadError) throw inFile(file, e);
    if (gzipped && (e as { code?: string }).code?.startsWith('Z_'))
      throw new EventReadError(`${file}: the gzip file is damaged or cut short (${(e as Error).message}). Download it again.`);
    throw new EventReadError(fileProblem(file, e));
  } finally {
    raw.destroy();
  }
  const named = <T>(step: () => T): T => {
    try {
      return step();
    } catch (e) {
      throw e instanceof EventReadError ? inFile(file, e) : e;
    }
  };
  const last = named(() => scanner.push(decoder.decode()));
  if (last.length > 0) yield last;
  named(() => scanner.end());
}

/** The file's records one at a time, in file order. */
export async function* streamEvents(file: string, options: StreamOptions = {}): AsyncGenerator<CloudTrailEvent> {
  for await (const batch of streamEventBatches(file, options)) yield* batch;
}

/** What the scanner says when the text is not events at all. */
const notEvents =
  'expected CloudTrail records ({"Records": [...]}, a list [...], one record { }, or one per line) or a cluster\'s audit events (one Event, an EventList, one per line, or a CloudWatch Logs export)';

/**
 * The keys of a top-level object whose list holds the events, so the object around them need not
 * be kept: a CloudTrail log file's `Records`, CloudWatch Logs' `events` (filter-log-events) and
 * `logEvents` (a subscription), and an EventList's `items` (only once `"kind": "EventList"` was
 * seen: the API server writes it first). Any other wrapper `listIn` knows is opened when its object
 * is whole.
 */
const listKey = /"(Records|events|logEvents|items)"\s*:\s*$/;
const eventListKind = /"kind"\s*:\s*"EventList"/;

/** A CloudWatch Logs export to S3 starts each line with the log event's time, like 2024-05-14T14:39:06.123Z. */
const exportTime = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z$/;
const isTimeChar = (c: number): boolean => (c >= 0x30 && c <= 0x3a) || c === 0x2d || c === 0x2e || c === 0x54 || c === 0x5a;

/**
 * Finds the text of each event in JSON text given a piece at a time. Events are the items of a
 * top-level list, the items of a top-level object's list of events (see `listKey`), or top-level
 * objects themselves (one record, an EventBridge event, JSON lines, or a line of a CloudWatch Logs
 * export after its time).
 */
class RecordScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The depth inside the list whose items are records, or -1 outside such a list. */
  private recordsDepth = -1;
  /** Between records: what may come next. */
  private listState: 'first' | 'after' | 'next' = 'first';
  /** What is being captured: a record inside a list, a top-level object, or nothing. */
  private capturing: 'record' | 'top' | undefined;
  private parts: string[] = [];
  private records = 0;
  // Where the text read so far ends, and where the current line and the captured text began.
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private captureLine = 1;
  private captureColumn = 1;
  /** The time at the start of a line of a CloudWatch Logs export, while it is read; where it began. */
  private stamp: string | undefined;
  private stampAt = { line: 1, column: 1 };
  /** A time was read and its event must follow on the same line. */
  private afterStamp = false;

  constructor(private readonly keepEnvelopes: boolean) {}

  push(chunk: string): CloudTrailEvent[] {
    const out: CloudTrailEvent[] = [];
    let from = 0; // where capturing began in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === newline) {
        this.line++;
        this.lineStart = this.base + i + 1;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === backslash) this.escaped = true;
        else if (c === quote) this.inString = false;
        continue;
      }
      if (this.depth === this.recordsDepth) {
        if (isSpace(c)) continue;
        if (c === 0x7b /* { */ && this.listState !== 'after') {
          this.startCapture('record', i);
          from = i;
          this.depth++;
          this.records++;
          continue;
        }
        if (c === 0x2c /* , */ && this.listState === 'after') {
          this.listState = 'next';
          continue;
        }
        if (c === 0x5d /* ] */ && this.listState !== 'next') {
          this.depth--;
          this.recordsDepth = -1;
          continue;
        }
        const where = this.at(i);
        if (this.listState === 'after') this.fail(`expected a comma or ] after record ${this.records}`, where);
        this.fail(`record ${this.records + 1} is not a JSON object; give CloudTrail records, each in { }`, where);
      }
      if (this.depth === 0) {
        if (this.stamp !== undefined) {
          if (isTimeChar(c)) {
            this.stamp += chunk[i];
            continue;
          }
          if ((c !== 0x20 && c !== 0x09) || !exportTime.test(this.stamp)) this.fail(notEvents, this.stampAt);
          this.stamp = undefined;
          this.afterStamp = true;
          continue;
        }
        if (this.afterStamp && (c === 0x20 || c === 0x09)) continue;
        if (this.afterStamp && c !== 0x7b) this.fail('each line of a CloudWatch Logs export should hold a time and then one event as JSON', this.at(i));
        this.afterStamp = false;
        if (isSpace(c)) continue;
        if (c === 0x7b /* { */) {
          this.startCapture('top', i);
          from = i;
          this.depth = 1;
          continue;
        }
        if (c >= 0x30 && c <= 0x39) {
          this.stamp = chunk[i]!;
          this.stampAt = this.at(i);
          continue;
        }
        if (c === 0x5b /* [ */) {
          this.depth = 1;
          this.recordsDepth = 1;
          this.listState = 'first';
          continue;
        }
        this.fail(this.records === 0 ? notEvents : `expected another record or the end of the file after record ${this.records}`, this.at(i));
      }
      if (c === quote) this.inString = true;
      else if (c === 0x7b || c === 0x5b) {
        // `"Records": [` (or another list of events) directly inside a top-level object: its items
        // are the events, and the object around them need not be kept.
        if (c === 0x5b && this.depth === 1 && this.capturing === 'top' && this.opensEventList(chunk, from, i)) {
          this.capturing = undefined;
          this.parts = [];
          this.recordsDepth = 2;
          this.listState = 'first';
        }
        this.depth++;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.capturing === 'record' && this.depth === this.recordsDepth) {
          out.push(...this.finishCapture(chunk.slice(from, i + 1)));
          this.listState = 'after';
        } else if (this.depth === 0 && this.capturing === 'top') {
          this.records++;
          out.push(...this.finishCapture(chunk.slice(from, i + 1), true));
        }
      }
    }
    if (this.capturing) this.parts.push(chunk.slice(from));
    this.base += chunk.length;
    return out;
  }

  /** Checks that the text did not stop part-way. */
  end(): void {
    if (this.capturing) {
      const text = this.parts.join('');
      const broken = locateJsonError(text);
      const number = this.capturing === 'top' ? this.records + 1 : this.records;
      this.fail(`${broken?.problem ?? 'the file ended inside it'}; is the file cut short?`, this.placeIn(text, broken?.offset ?? text.length), number);
    }
    if (this.depth > 0 || this.inString) this.fail('the file ended before the list of records was closed; is the file cut short?', this.at(0));
    if (this.stamp !== undefined || this.afterStamp) this.fail('each line of a CloudWatch Logs export should hold a time and then one event as JSON', this.stampAt);
  }

  private startCapture(kind: 'record' | 'top', i: number): void {
    this.capturing = kind;
    this.parts = [];
    const where = this.at(i);
    this.captureLine = where.line;
    this.captureColumn = where.column;
  }

  /** The events in a captured text: one, or for a whole top-level object, each event of a list it wraps. */
  private finishCapture(tail: string, top = false): CloudTrailEvent[] {
    const text = this.parts.length > 0 ? this.parts.join('') + tail : tail;
    this.parts = [];
    this.capturing = undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const broken = locateJsonError(text) ?? { offset: 0, problem: 'this is not valid JSON' };
      this.fail(broken.problem, this.placeIn(text, broken.offset), this.records);
    }
    if (this.keepEnvelopes) return [value as CloudTrailEvent];
    const list = top ? listIn(value as Record<string, unknown>) : undefined;
    if (!list) return [recordOf(value as Record<string, unknown>)];
    // A wrapper whose list came after its other keys, or an EventList that names its kind late.
    return list.map((item, n) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        this.fail(`event ${n + 1} in its list is not a JSON object; give events, each in { }`, { line: this.captureLine, column: this.captureColumn }, this.records);
      return recordOf(item as Record<string, unknown>);
    });
  }

  /** Whether a `[` directly inside a top-level object opens its list of events (see `listKey`). */
  private opensEventList(chunk: string, from: number, i: number): boolean {
    const key = listKey.exec(this.textBefore(chunk, from, i))?.[1];
    if (key !== 'items') return key !== undefined;
    return eventListKind.test(this.parts.join('') + chunk.slice(from, i));
  }

  /** The last few characters captured before a place in the chunk: enough to see a `"Records":` key. */
  private textBefore(chunk: string, from: number, i: number): string {
    const near = chunk.slice(Math.max(from, i - 64), i);
    return near.length >= 64 || this.parts.length === 0 ? near : (this.parts.at(-1)!.slice(-64) + near);
  }

  /** Line and column in the file of a place in the current chunk. */
  private at(i: number): { line: number; column: number } {
    return { line: this.line, column: this.base + i - this.lineStart + 1 };
  }

  /** Line and column in the file of a place in the captured text. */
  private placeIn(text: string, offset: number): { line: number; column: number } {
    const inside = lineAndColumn(text, offset);
    return inside.line === 1
      ? { line: this.captureLine, column: this.captureColumn + inside.column - 1 }
      : { line: this.captureLine + inside.line - 1, column: inside.column };
  }

  private fail(problem: string, where: { line: number; column: number }, record?: number): never {
    const place = `line ${where.line}, column ${where.column}`;
    throw new EventReadError(record === undefined ? `${place}: ${problem}` : `record ${record}, ${place}: ${problem}`, record, where.line, where.column);
  }
}
