/**
 * Falco rules for the CloudTrail plugin: a parser for the condition language and an evaluator
 * over one CloudTrail record, following the plugins' own code:
 * - `ct.*` fields read one JSON string (`eventName` for `ct.name`, `errorCode` for `ct.error` …).
 *   When the value is missing or is not a string the field has no value (printed as `<NA>`).
 * - `json.value[/a/b]` (json plugin) walks the JSON pointer; a string gives its text, any other
 *   value (number, true/false, null, object, list) gives its JSON text. Missing gives no value.
 *   Numbers are written back with JavaScript's JSON text, which is how the parsed record holds them.
 * - A comparison on a field with no value is false, whatever the operator (`!=` too); `exists`
 *   is false. All comparisons are on text and case-sensitive, except `icontains`/`iglob`;
 *   `icontains` is `strcasestr` in libsinsp, which (in the C locale Falco runs in) treats A–Z and
 *   a–z as the same and compares every other character exactly.
 * - `glob` matches `*` (any run, `/` included), `?` (one character) and `[…]` classes.
 * - Macros and lists from the same file are expanded; `in (a, b)` may name lists.
 * Fields outside this table parse but give an `invalid` result when evaluated.
 *
 * One concern, though a long file: the condition language as the CloudTrail and json plugins read
 * it. The parser (with macro and list expansion) and the evaluator share the expression shapes and
 * the field table above; the evaluator reads exactly what the parser builds.
 */
import { parse as parseYaml } from 'yaml';
import type { CloudTrailEvent, JsonValue } from '../canonical.ts';
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';

/** One side of a comparison: a quoted string or a bare word (which may name a list). */
export interface FalcoOperand {
  text: string;
  quoted: boolean;
}

/** A parsed Falco condition. */
export type FalcoExpr =
  | { kind: 'and' | 'or'; operands: FalcoExpr[] }
  | { kind: 'not'; operand: FalcoExpr }
  | { kind: 'macro'; name: string }
  | { kind: 'check'; field: string; arg?: string; op: string; values: FalcoOperand[] };

const unaryOperators = new Set(['exists']);
const wordOperators = new Set([
  'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch',
]);
const listOperators = new Set(['in', 'intersects', 'pmatch']);

type Tok = { t: 'word' | 'str' | 'sym'; v: string; at: number };

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      toks.push({ t: 'sym', v: c, at: i });
      i++;
      continue;
    }
    const op = /^(==|!=|<=|>=|=|<|>)/.exec(text.slice(i));
    if (op) {
      toks.push({ t: 'sym', v: op[1]!, at: i });
      i += op[1]!.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let out = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\') {
          const n = text[++j];
          const map: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\\': '\\', '/': '/', '"': '"', "'": "'", ' ': ' ' };
          if (n === undefined || !(n in map)) throw new SyntaxError(`the text at position ${i + 1} has an unknown escape \\${n ?? ''}`);
          out += map[n];
        } else out += text[j];
      }
      if (j >= text.length) throw new SyntaxError(`the text starting at position ${i + 1} has no closing quote`);
      toks.push({ t: 'str', v: out, at: i });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s(),=<>!"']/.test(text[j]!)) {
      if (text[j] === '[') {
        const close = text.indexOf(']', j);
        if (close < 0) throw new SyntaxError(`the "[" at position ${j + 1} has no closing "]"`);
        j = close + 1;
      } else j++;
    }
    if (j === i) throw new SyntaxError(`unexpected "${c}" at position ${i + 1}`);
    toks.push({ t: 'word', v: text.slice(i, j), at: i });
    i = j;
  }
  return toks;
}

/** Parse a Falco condition. Bad input gives a reason in plain words. */
export function parseFalcoCondition(text: string): { ok: true; expr: FalcoExpr } | { ok: false; reason: string } {
  try {
    const toks = tokenize(text);
    let at = 0;
    const peek = (): Tok | undefined => toks[at];
    const isWord = (v: string): boolean => peek()?.t === 'word' && peek()!.v === v;
    const parseOr = (): FalcoExpr => {
      const operands = [parseAnd()];
      while (isWord('or')) {
        at++;
        operands.push(parseAnd());
      }
      return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
    };
    const parseAnd = (): FalcoExpr => {
      const operands = [parseNot()];
      while (isWord('and')) {
        at++;
        operands.push(parseNot());
      }
      return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
    };
    const parseNot = (): FalcoExpr => {
      if (isWord('not')) {
        at++;
        return { kind: 'not', operand: parseNot() };
      }
      return parsePrimary();
    };
    const operand = (): FalcoOperand => {
      const tok = toks[at++];
      if (!tok || (tok.t === 'sym' && tok.v !== '<' && tok.v !== '>')) throw new SyntaxError('a comparison needs a value after its operator');
      return { text: tok.v, quoted: tok.t === 'str' };
    };
    const parsePrimary = (): FalcoExpr => {
      const tok = peek();
      if (!tok) throw new SyntaxError('the condition ends too early');
      if (tok.t === 'sym' && tok.v === '(') {
        at++;
        const inner = parseOr();
        if (peek()?.v !== ')') throw new SyntaxError('a "(" has no matching ")"');
        at++;
        return inner;
      }
      if (tok.t !== 'word') throw new SyntaxError(`unexpected "${tok.v}" at position ${tok.at + 1}`);
      at++;
      const bracket = /^([A-Za-z_][A-Za-z0-9_.-]*)(?:\[(.*)\])?$/s.exec(tok.v);
      if (!bracket) throw new SyntaxError(`"${tok.v}" is not a field or macro name`);
      const next = peek();
      const op = next?.t === 'sym' && !['(', ')', ','].includes(next.v) ? next.v : next?.t === 'word' && (wordOperators.has(next.v) || unaryOperators.has(next.v)) ? next.v : undefined;
      if (op === undefined) {
        if (bracket[2] !== undefined || tok.v.includes('.')) throw new SyntaxError(`the field ${tok.v} needs an operator after it, like = or exists`);
        return { kind: 'macro', name: tok.v };
      }
      at++;
      const check = { kind: 'check' as const, field: bracket[1]!, ...(bracket[2] !== undefined ? { arg: bracket[2] } : {}), op };
      if (unaryOperators.has(op)) return { ...check, values: [] };
      if (listOperators.has(op)) {
        if (peek()?.v !== '(') throw new SyntaxError(`"${op}" needs a list in parentheses, like ("a", "b")`);
        at++;
        const values: FalcoOperand[] = [];
        if (peek()?.v !== ')') {
          values.push(operand());
          while (peek()?.v === ',') {
            at++;
            values.push(operand());
          }
        }
        if (peek()?.v !== ')') throw new SyntaxError(`the list after "${op}" has no closing ")"`);
        at++;
        return { ...check, values };
      }
      return { ...check, values: [operand()] };
    };
    const expr = parseOr();
    if (at < toks.length) throw new SyntaxError(`unexpected "${toks[at]!.v}" at position ${toks[at]!.at + 1}`);
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Every field a condition reads, like `ct.name` or `json.value[/userIdentity/invokedBy]`. */
export function falcoFieldsOf(expr: FalcoExpr): string[] {
  const out = new Set<string>();
  const walk = (e: FalcoExpr): void => {
    if (e.kind === 'check') out.add(e.arg === undefined ? e.field : `${e.field}[${e.arg}]`);
    else if (e.kind === 'not') walk(e.operand);
    else if (e.kind === 'and' || e.kind === 'or') e.operands.forEach(walk);
  };
  walk(expr);
  return [...out];
}

// ------------------------------------------------------------- evaluation

/** A condition this model cannot evaluate: `match` reports it as invalid. */
export class Unsupported extends Error {}

/** The CloudTrail JSON path each `ct.*` (and s3) field reads as one string, per the plugin's code. */
export const falcoStringFields: Record<string, string> = {
  'ct.id': 'eventID',
  'ct.error': 'errorCode',
  'ct.time': 'eventTime',
  'ct.src': 'eventSource',
  'ct.name': 'eventName',
  'ct.user.identitytype': 'userIdentity.type',
  'ct.user.principalid': 'userIdentity.principalId',
  'ct.user.arn': 'userIdentity.arn',
  'ct.region': 'awsRegion',
  'ct.response.subnetid': 'responseElements.subnetId',
  'ct.response.reservationid': 'responseElements.reservationId',
  'ct.request.availabilityzone': 'requestParameters.availabilityZone',
  'ct.request.cluster': 'requestParameters.cluster',
  'ct.request.functionname': 'requestParameters.functionName',
  'ct.request.groupname': 'requestParameters.groupName',
  'ct.request.host': 'requestParameters.Host',
  'ct.request.name': 'requestParameters.name',
  'ct.request.policy': 'requestParameters.policy',
  'ct.request.serialnumber': 'requestParameters.serialNumber',
  'ct.request.servicename': 'requestParameters.serviceName',
  'ct.request.subnetid': 'requestParameters.subnetId',
  'ct.request.taskdefinition': 'requestParameters.taskDefinition',
  'ct.request.username': 'requestParameters.userName',
  'ct.srcip': 'sourceIPAddress',
  'ct.useragent': 'userAgent',
  's3.bucket': 'requestParameters.bucketName',
  's3.key': 'requestParameters.key',
};

/** What a JSON pointer's steps reach, as the json plugin's fastjson walk does: an array takes a step that is its index. */
export function at(event: JsonValue, steps: string[]): JsonValue | undefined {
  let here: JsonValue | undefined = event;
  for (const step of steps) {
    if (here === null || typeof here !== 'object') return undefined;
    if (Array.isArray(here)) {
      if (!/^\d+$/.test(step)) return undefined;
      here = here[Number(step)];
    } else here = Object.prototype.hasOwnProperty.call(here, step) ? here[step] : undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

// Only the fixed paths above and in `falcoFieldValue` are read this way, so this stays small.
const splitPaths = new Map<string, string[]>();

const stringAt = (event: CloudTrailEvent, path: string): string | undefined => {
  let steps = splitPaths.get(path);
  if (!steps) splitPaths.set(path, (steps = path.split('.')));
  const v = at(event, steps);
  return typeof v === 'string' ? v : undefined;
};

/** The steps of a JSON pointer like `/userIdentity/invokedBy`, with `~1` and `~0` read. */
export const pointerSteps = (pointer: string): string[] =>
  pointer.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

const readOnlyVerbs =
  /^(Start|Stop|Create|Destroy|Delete|Add|Remove|Terminate|Put|Associate|Disassociate|Attach|Detach|Open|Close|Wipe|Update|Upgrade|Unlink|Assign|Unassign|Suspend|Set|Run|Register|Deregister|Reboot|Purchase|Modify|Initialize|Enable|Disable|Cancel|Admin|Activate)/;

/** The text a field gives on an event, or undefined when it has no value; the steps of each JSON pointer are kept in `pointers` for the next event. */
function fieldValue(event: CloudTrailEvent, field: string, arg: string | undefined, pointers: Map<string, string[]>): string | undefined {
  if (field === 'json.value' || field === 'jevt.value') {
    if (arg === undefined) throw new Unsupported(`${field} needs a JSON pointer, like ${field}[/eventName]`);
    let steps = pointers.get(arg);
    if (!steps) pointers.set(arg, (steps = pointerSteps(arg)));
    const v = at(event, steps);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : JSON.stringify(v);
  }
  const path = falcoStringFields[field];
  if (path) return stringAt(event, path);
  switch (field) {
    case 'ct.shortsrc': {
      const src = stringAt(event, 'eventSource');
      return src !== undefined && src.length > '.amazonaws.com'.length && src.endsWith('.amazonaws.com') ? src.slice(0, -'.amazonaws.com'.length) : src;
    }
    case 'ct.managementevent':
      return event.managementEvent === true ? 'true' : 'false';
    case 'ct.readonly': {
      if (event.readOnly === true) return 'true';
      if (event.readOnly !== undefined) return 'false';
      const name = stringAt(event, 'eventName');
      if (name === undefined) return undefined;
      return readOnlyVerbs.test(name) ? 'false' : 'true';
    }
    case 'ct.user': {
      const type = stringAt(event, 'userIdentity.type');
      if (type === 'Root' || type === 'IAMUser') return stringAt(event, 'userIdentity.userName');
      if (type === 'AWSService') return stringAt(event, 'userIdentity.invokedBy');
      if (type === 'AssumedRole') return stringAt(event, 'userIdentity.sessionContext.sessionIssuer.userName') ?? 'AssumedRole';
      if (type === 'AWSAccount' || type === 'FederatedUser') return type;
      return undefined;
    }
  }
  throw new Unsupported(`the field ${field} is not evaluated here`);
}

/** Text with A–Z lower-cased and every other character left as it is, as the C locale's tolower. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function globToRegExp(glob: string, caseless: boolean): RegExp {
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') body += '[\\s\\S]*';
    else if (c === '?') body += '[\\s\\S]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) body += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        body += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) body += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else body += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, caseless ? 'i' : '');
}

/** Macros and lists defined in a rules file, for expansion. */
/**
 * One comparison of a text value with a condition's values, as libsinsp makes it: `first` is the
 * one value of a single-value operator, `among` what `in` (and `intersects`) look in. Shared by the
 * CloudTrail and the Kubernetes audit matchers, which differ in how they read fields, not in this.
 */
export function compareText(
  expr: { op: string; field: string },
  value: string,
  values: readonly string[],
  among: { includes?(v: string): boolean; has?(v: string): boolean },
  globs: Map<object, RegExp>,
  what: string,
): boolean {
  const first = values[0] ?? '';
  const isAmong = (v: string): boolean => (among.has ? among.has(v) : among.includes!(v));
  switch (expr.op) {
    case '=':
    case '==':
      return value === first;
    case '!=':
      return value !== first;
    case 'in':
    case 'intersects':
      return isAmong(value);
    case 'contains':
    case 'bcontains':
      return value.includes(first);
    case 'icontains':
      // libsinsp uses strcasestr, which in Falco's C locale folds A–Z only, byte by byte.
      return asciiLower(value).includes(asciiLower(first));
    case 'startswith':
    case 'bstartswith':
      return value.startsWith(first);
    case 'endswith':
      return value.endsWith(first);
    case 'glob':
    case 'iglob': {
      let re = globs.get(expr);
      if (!re) globs.set(expr, (re = globToRegExp(first, expr.op === 'iglob')));
      return re.test(value);
    }
    default:
      throw new Unsupported(`the operator ${expr.op} is not evaluated here on the ${what} ${expr.field}`);
  }
}

export interface FalcoDefinitions {
  macros: Map<string, FalcoExpr>;
  lists: Map<string, Array<string | number>>;
}

export function expandValues(values: FalcoOperand[], defs: FalcoDefinitions, seen = new Set<string>()): string[] {
  return values.flatMap((v) => {
    const list = !v.quoted ? defs.lists.get(v.text) : undefined;
    if (!list) return [v.text];
    if (seen.has(v.text)) throw new Unsupported(`the list ${v.text} refers to itself`);
    return expandValues(list.map((item) => ({ text: String(item), quoted: false })), defs, new Set([...seen, v.text]));
  });
}

/**
 * What a condition's checks work out that does not depend on the event, kept for the next event:
 * expanded value lists, glob expressions and JSON pointer steps. Only results are kept; a step
 * that fails is tried again (and fails again) on the next event, as it would without this.
 */
interface FalcoMemo {
  values: Map<FalcoExpr, string[]>;
  globs: Map<FalcoExpr, RegExp>;
  pointers: Map<string, string[]>;
}

const newMemo = (): FalcoMemo => ({ values: new Map(), globs: new Map(), pointers: new Map() });

/** Whether a parsed condition holds on the event, expanding macros and lists from `defs`. */
export function evaluateFalco(expr: FalcoExpr, event: CloudTrailEvent, defs: FalcoDefinitions, depth = 0): boolean {
  return evaluate(expr, event, defs, newMemo(), depth);
}

function evaluate(expr: FalcoExpr, event: CloudTrailEvent, defs: FalcoDefinitions, memo: FalcoMemo, depth: number): boolean {
  if (depth > 50) throw new Unsupported('macros refer to each other in a loop');
  switch (expr.kind) {
    case 'and':
      return expr.operands.every((e) => evaluate(e, event, defs, memo, depth));
    case 'or':
      return expr.operands.some((e) => evaluate(e, event, defs, memo, depth));
    case 'not':
      return !evaluate(expr.operand, event, defs, memo, depth);
    case 'macro': {
      const macro = defs.macros.get(expr.name);
      if (!macro) throw new Unsupported(`the condition names ${expr.name}, which is neither a macro nor a field`);
      return evaluate(macro, event, defs, memo, depth + 1);
    }
    case 'check': {
      const value = fieldValue(event, expr.field, expr.arg, memo.pointers);
      if (expr.op === 'exists') return value !== undefined;
      if (value === undefined) return false;
      let values = memo.values.get(expr);
      if (!values) memo.values.set(expr, (values = expandValues(expr.values, defs)));
      // A CloudTrail field holds one text; `intersects` compares lists, which these fields never are.
      if (expr.op === 'intersects') throw new Unsupported(`the operator intersects is not evaluated here on the text field ${expr.field}`);
      return compareText(expr, value, values, values, memo.globs, 'text field');
    }
  }
}

/** A rule from a Falco rules file. */
export interface FalcoRule {
  rule: string;
  condition: FalcoExpr;
  enabled: boolean;
  source?: string;
}

/** A parsed Falco rules file: its rules, macros and lists. */
export interface FalcoRulesFile extends FalcoDefinitions {
  rules: FalcoRule[];
}

/** Parse a Falco rules YAML file, and every rule and macro condition in it. */
export function parseFalcoRulesFile(text: string): { ok: true; file: FalcoRulesFile } | { ok: false; reason: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return { ok: false, reason: `the file is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!Array.isArray(doc)) return { ok: false, reason: 'a Falco rules file is a YAML list of rules, macros and lists' };
  const file: FalcoRulesFile = { rules: [], macros: new Map(), lists: new Map() };
  for (const item of doc as unknown[]) {
    if (typeof item !== 'object' || item === null) return { ok: false, reason: 'each entry in a Falco rules file is a map' };
    const entry = item as Record<string, unknown>;
    if (typeof entry.list === 'string') {
      file.lists.set(entry.list, Array.isArray(entry.items) ? (entry.items as Array<string | number>) : []);
    } else if (typeof entry.macro === 'string' || typeof entry.rule === 'string') {
      const name = (entry.macro ?? entry.rule) as string;
      if (typeof entry.condition !== 'string') return { ok: false, reason: `${name} has no condition` };
      const parsed = parseFalcoCondition(entry.condition);
      if (!parsed.ok) return { ok: false, reason: `the condition of ${name}: ${parsed.reason}` };
      if (typeof entry.macro === 'string') file.macros.set(name, parsed.expr);
      else
        file.rules.push({
          rule: name,
          condition: parsed.expr,
          enabled: entry.enabled !== false,
          ...(typeof entry.source === 'string' ? { source: entry.source } : {}),
        });
    }
  }
  return { ok: true, file };
}

/** A Falco rules file holding one rule for aws_cloudtrail, read once, to evaluate on many events. */
export function compileFalco(rulesText: string): CompiledDetection {
  const parsed = parseFalcoRulesFile(rulesText);
  if (!parsed.ok) return parsed;
  const rules = parsed.file.rules.filter((r) => r.enabled);
  if (rules.length !== 1) return { ok: false, reason: `expected one enabled rule, found ${rules.length}` };
  if (rules[0]!.source !== 'aws_cloudtrail') return { ok: false, reason: 'the rule is not for source aws_cloudtrail' };
  const { condition } = rules[0]!;
  const defs = parsed.file;
  const memo = newMemo();
  return {
    ok: true,
    match(event) {
      try {
        return evaluate(condition, event, defs, memo, 0) ? { kind: 'match' } : { kind: 'no-match' };
      } catch (error) {
        if (error instanceof Unsupported) return { kind: 'invalid', reason: error.message };
        throw error;
      }
    },
  };
}

// Reading is the slow part when one rule meets many events; remember the texts read. The limit is
// well above a real rule set's size: a cache smaller than the set being cycled through misses every time.
const parsedLimit = 512;
const recentlyParsed = new Map<string, CompiledDetection>();

/** Whether the single rule in a Falco rules file fires on the event. */
export function matchFalco(rulesText: string, event: CloudTrailEvent): MatchResult {
  let compiled = recentlyParsed.get(rulesText);
  if (!compiled) {
    compiled = compileFalco(rulesText);
    if (recentlyParsed.size >= parsedLimit) recentlyParsed.delete(recentlyParsed.keys().next().value!);
    recentlyParsed.set(rulesText, compiled);
  }
  return matchCompiled(compiled, event);
}
