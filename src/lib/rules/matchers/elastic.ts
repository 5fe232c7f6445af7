/**
 * The Elastic matcher: the KQL the Elastic export writes, evaluated as Elasticsearch would on the
 * document the Elastic AWS integration makes from a CloudTrail record. It holds the index model
 * (which CloudTrail field the integration puts where, and how it is stored), a KQL parser and an
 * evaluator. This is how the differential tests hold the export to the canonical meaning without
 * calling Elasticsearch. It is Plainsec's model of Elastic: checked against the examples in Elastic's
 * documentation (tests/unit/rules/elastic-vendor-docs.test.ts), not against Elasticsearch itself.
 */
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';

/** How Elastic stores a mapped field, which decides which values can be compared faithfully. */
type FieldKind = 'keyword' | 'boolean' | 'flattened';

/** An ECS field name and how it is stored. */
export interface ElasticField {
  name: string;
  kind: FieldKind;
}

/** CloudTrail top-level and identity fields, and where the Elastic AWS integration puts them. */
const directFields: Record<string, ElasticField> = {
  eventName: { name: 'event.action', kind: 'keyword' },
  eventSource: { name: 'event.provider', kind: 'keyword' },
  eventID: { name: 'event.id', kind: 'keyword' },
  awsRegion: { name: 'cloud.region', kind: 'keyword' },
  sourceIPAddress: { name: 'source.address', kind: 'keyword' },
  userAgent: { name: 'user_agent.original', kind: 'keyword' },
  errorCode: { name: 'aws.cloudtrail.error_code', kind: 'keyword' },
  errorMessage: { name: 'aws.cloudtrail.error_message', kind: 'keyword' },
  eventType: { name: 'aws.cloudtrail.event_type', kind: 'keyword' },
  eventCategory: { name: 'aws.cloudtrail.event_category', kind: 'keyword' },
  eventVersion: { name: 'aws.cloudtrail.event_version', kind: 'keyword' },
  apiVersion: { name: 'aws.cloudtrail.api_version', kind: 'keyword' },
  readOnly: { name: 'aws.cloudtrail.read_only', kind: 'boolean' },
  // A keyword field (fields.yml), so true/false is kept as the text "true"/"false".
  managementEvent: { name: 'aws.cloudtrail.management_event', kind: 'keyword' },
  recipientAccountId: { name: 'aws.cloudtrail.recipient_account_id', kind: 'keyword' },
  requestID: { name: 'aws.cloudtrail.request_id', kind: 'keyword' },
  sharedEventID: { name: 'aws.cloudtrail.shared_event_id', kind: 'keyword' },
  vpcEndpointId: { name: 'aws.cloudtrail.vpc_endpoint_id', kind: 'keyword' },
  // The pipeline renames these two to ECS keyword fields, unchanged; tlsVersion it cuts into
  // tls.version_protocol (lower-cased) and tls.version, so no field holds it as written.
  'tlsDetails.cipherSuite': { name: 'tls.cipher', kind: 'keyword' },
  'tlsDetails.clientProvidedHostHeader': { name: 'tls.client.server_name', kind: 'keyword' },
  'userIdentity.type': { name: 'aws.cloudtrail.user_identity.type', kind: 'keyword' },
  'userIdentity.arn': { name: 'aws.cloudtrail.user_identity.arn', kind: 'keyword' },
  'userIdentity.accessKeyId': { name: 'aws.cloudtrail.user_identity.access_key_id', kind: 'keyword' },
  'userIdentity.invokedBy': { name: 'aws.cloudtrail.user_identity.invoked_by', kind: 'keyword' },
  'userIdentity.accountId': { name: 'cloud.account.id', kind: 'keyword' },
  'userIdentity.principalId': { name: 'user.id', kind: 'keyword' },
  'userIdentity.sessionContext.attributes.mfaAuthenticated': {
    name: 'aws.cloudtrail.user_identity.session_context.mfa_authenticated',
    kind: 'keyword',
  },
  'userIdentity.sessionContext.sessionIssuer.type': {
    name: 'aws.cloudtrail.user_identity.session_context.session_issuer.type',
    kind: 'keyword',
  },
  'userIdentity.sessionContext.sessionIssuer.arn': {
    name: 'aws.cloudtrail.user_identity.session_context.session_issuer.arn',
    kind: 'keyword',
  },
  'userIdentity.sessionContext.sessionIssuer.accountId': {
    name: 'aws.cloudtrail.user_identity.session_context.session_issuer.account_id',
    kind: 'keyword',
  },
  'userIdentity.sessionContext.sessionIssuer.principalId': {
    name: 'aws.cloudtrail.user_identity.session_context.session_issuer.principal_id',
    kind: 'keyword',
  },
};

/** CloudTrail objects the integration keeps whole, as flattened fields with their original keys. */
const flattenedRoots: Record<string, string> = {
  requestParameters: 'aws.cloudtrail.flattened.request_parameters',
  responseElements: 'aws.cloudtrail.flattened.response_elements',
  additionalEventData: 'aws.cloudtrail.flattened.additional_eventdata',
  serviceEventDetails: 'aws.cloudtrail.flattened.service_event_details',
};

/**
 * The two names in userIdentity, and where the integration really puts them. Read from the
 * integration's ingest pipeline (elastic/integrations, packages/aws/data_stream/cloudtrail/
 * elasticsearch/ingest_pipeline/default.yml) and field list (fields/fields.yml): the pipeline
 * renames userIdentity.userName to user.name, then renames sessionIssuer.userName to user.name too;
 * a rename fails (ignored) when its target is already there, so user.name holds the caller's
 * userName, or the issuer's name when there is none. The issuer's arn, type, principalId and
 * accountId each keep a field of their own (session_issuer.*), its userName does not. So a test on
 * either name is written with the issuer's fields beside user.name (see the exporter), and relies
 * on how AWS documents the names to relate (`identityNamesAgree` in fields.ts).
 */
export const identityNames = {
  userName: 'user.name',
  issuerArn: 'aws.cloudtrail.user_identity.session_context.session_issuer.arn',
  issuerType: 'aws.cloudtrail.user_identity.session_context.session_issuer.type',
} as const;
const knownGaps: Record<string, string> = {
  'userIdentity.userName':
    'the Elastic AWS integration puts userIdentity.userName and the role name behind a session into the same field (user.name), so only whole values and presence can be told apart there; export this rule to Sigma, Splunk or EventBridge, or test userIdentity.arn instead',
  'userIdentity.sessionContext.sessionIssuer.userName':
    'the Elastic AWS integration keeps the role behind a session only as its ARN (session_issuer.arn), where a pattern on the name alone cannot be written; compare whole role names, or test userIdentity.sessionContext.sessionIssuer.arn instead',
};

/** The Elastic field for a CloudTrail path, or the reason there is none. */
export function elasticField(path: string): ElasticField | { reason: string } {
  const direct = directFields[path];
  if (direct) return direct;
  const gap = knownGaps[path];
  if (gap) return { reason: gap };
  // A flattened field indexes every leaf under its dotted key, through lists of groups too
  // ("Flattened field type": arrays of objects are flattened), so a path through a list (`items[].cidrIp`)
  // is that key without its [] marks. Outside flattened fields the integration keeps no such list.
  const [root, ...rest] = path.replace(/\[\]/g, '').split('.');
  const flattened = flattenedRoots[root!];
  if (flattened && rest.length > 0 && !path.startsWith(`${root}[]`)) return { name: `${flattened}.${rest.join('.')}`, kind: 'flattened' };
  return { reason: `the Elastic AWS integration has no field that holds exactly ${path}` };
}

/** Indexed values per field name, as Elasticsearch would search them. */
export type ElasticDocument = Map<string, string[]>;

export type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

function leafValues(value: JsonLike | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => (v !== null && typeof v === 'object' ? [] : leafValues(v)));
  if (typeof value === 'object') return [];
  return [String(value)];
}

function at(record: { [key: string]: JsonLike }, steps: readonly string[]): JsonLike | undefined {
  let here: JsonLike | undefined = record;
  for (const step of steps) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return undefined;
    here = here[step];
  }
  return here;
}

/** A flattened field: every leaf under its dotted key, lists spread into values, null left out. */
function flatten(value: JsonLike, prefix: string, into: ElasticDocument): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) flatten(v, prefix, into);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
    return;
  }
  const values = into.get(prefix);
  if (values) values.push(String(value));
  else into.set(prefix, [String(value)]);
}

/** The direct fields with their paths already split, since every record walks all of them. */
const directSteps = Object.entries(directFields).map(([path, field]) => ({ steps: path.split('.'), field }));

/**
 * The document Elasticsearch indexes for a CloudTrail record, by the mapping in `elasticField`.
 * Keyword fields index text (a number as its digits); a boolean field takes true/false or the text
 * "true"/"false" and rejects anything else; null is not indexed.
 */
export function elasticDocument(record: { [key: string]: JsonLike }): ElasticDocument {
  return documentOf(record, fullPlan);
}

/** Which mapped fields a document is made with: all of them, or only those a query reads. */
interface DocumentPlan {
  direct: typeof directSteps;
  roots: [root: string, name: string][];
  /** Whether user.name is made (from one of the two names, see `identityNames`). */
  userName: boolean;
}

const fullPlan: DocumentPlan = { direct: directSteps, roots: Object.entries(flattenedRoots), userName: true };

/** The document maker for a query that reads these field names (KQL's or EQL's): only those fields are made. */
export function documentReading(names: ReadonlySet<string>): (record: { [key: string]: JsonLike }) => ElasticDocument {
  const plan = planFor(names);
  return (record) => documentOf(record, plan);
}

/** The plan for a query that reads these field names: the rest of the document would never be read. */
function planFor(names: ReadonlySet<string>): DocumentPlan {
  const wanted = [...names];
  return {
    direct: directSteps.filter(({ field }) => names.has(field.name)),
    roots: fullPlan.roots.filter(([, name]) => wanted.some((n) => n === name || n.startsWith(`${name}.`))),
    userName: names.has(identityNames.userName),
  };
}

function documentOf(record: { [key: string]: JsonLike }, plan: DocumentPlan): ElasticDocument {
  const doc: ElasticDocument = new Map();
  for (const { steps, field } of plan.direct) {
    const value = at(record, steps);
    if (field.kind === 'boolean') {
      const b = value === true || value === 'true' ? 'true' : value === false || value === 'false' ? 'false' : undefined;
      if (b) doc.set(field.name, [b]);
      continue;
    }
    const values = leafValues(value);
    if (values.length > 0) doc.set(field.name, values);
  }
  if (plan.userName) {
    // The pipeline's two renames into user.name: the caller's userName first; the issuer's only
    // when there is none (null is dropped before the renames, so it counts as none). The pipeline
    // drops empty text too; this model keeps it, here as in every other field.
    const caller = leafValues(at(record, ['userIdentity', 'userName']));
    const issuer = leafValues(at(record, ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName']));
    const values = caller.length > 0 ? caller : issuer;
    if (values.length > 0) doc.set(identityNames.userName, values);
  }
  for (const [root, name] of plan.roots) {
    const value = record[root];
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const inner: ElasticDocument = new Map();
    flatten(value, '', inner);
    for (const [k, v] of inner) doc.set(`${name}.${k}`, v);
    // "Querying the top-level flattened field searches all leaf values in the object"
    // (elasticsearch/reference/current/flattened.html): the field itself holds every leaf.
    const all = [...inner.values()].flat();
    if (all.length > 0) doc.set(name, all);
  }
  return doc;
}

type KqlValue = { kind: 'exact'; text: string } | { kind: 'pattern'; regex: RegExp } | { kind: 'any' };
type KqlNode =
  | { kind: 'and'; parts: KqlNode[] }
  | { kind: 'or'; parts: KqlNode[] }
  | { kind: 'not'; part: KqlNode }
  | { kind: 'field'; name: string; values: KqlValue[] };

type Token = { t: 'word'; text: string; quoted: boolean; pieces: { text: string; star: boolean }[] } | { t: '(' | ')' | ':' };

function tokenizeKql(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ':') {
      tokens.push({ t: c });
      i++;
      continue;
    }
    if (c === '"') {
      let out = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          const n = text[i + 1];
          if (n === undefined) throw new Error('a quoted value ends in a lone backslash');
          out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          i += 2;
        } else out += text[i++];
      }
      if (text[i] !== '"') throw new Error('a quoted value is not closed');
      i++;
      tokens.push({ t: 'word', text: out, quoted: true, pieces: [{ text: out, star: false }] });
      continue;
    }
    const pieces: { text: string; star: boolean }[] = [];
    let literal = '';
    while (i < text.length && !/[\s():"]/.test(text[i]!)) {
      const ch = text[i]!;
      if (ch === '\\') {
        const n = text[i + 1];
        if (n === undefined) throw new Error('a value ends in a lone backslash');
        literal += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
        i += 2;
      } else if (ch === '*') {
        pieces.push({ text: literal, star: false }, { text: '*', star: true });
        literal = '';
        i++;
      } else if ('<>{}'.includes(ch)) {
        throw new Error(`unexpected ${ch}`);
      } else {
        literal += ch;
        i++;
      }
    }
    pieces.push({ text: literal, star: false });
    const plain = pieces.filter((p) => !p.star).map((p) => p.text).join('');
    tokens.push({ t: 'word', text: plain, quoted: false, pieces: pieces.filter((p) => p.star || p.text !== '') });
  }
  return tokens;
}

/** A tree of `and`, `or` and `not` over some kind of comparison. */
export type LogicNode<L> = { kind: 'and' | 'or'; parts: (L | LogicNode<L>)[] } | { kind: 'not'; part: L | LogicNode<L> };

/**
 * `not`, `and` and `or` over the comparisons `primary` reads, `not` binding tightest and `or`
 * loosest, as both KQL and EQL group them. `takeWord` consumes the word if it comes next.
 */
export function parseLogic<N>(primary: () => N, takeWord: (word: 'and' | 'or' | 'not') => boolean): N {
  type Built = N | LogicNode<N>;
  const not = (): Built => (takeWord('not') ? { kind: 'not', part: not() } : primary());
  const chain = (kind: 'and' | 'or', next: () => Built): Built => {
    const parts = [next()];
    while (takeWord(kind)) parts.push(next());
    return parts.length === 1 ? parts[0]! : { kind, parts };
  };
  return chain('or', () => chain('and', not)) as N;
}

function parseKql(text: string): KqlNode {
  const tokens = tokenizeKql(text);
  let at = 0;
  const peekWord = (w: string): boolean => {
    const t = tokens[at];
    return t?.t === 'word' && !t.quoted && t.text.toLowerCase() === w && t.pieces.every((p) => !p.star);
  };
  const expect = (k: '(' | ')' | ':'): void => {
    if (tokens[at]?.t !== k) throw new Error(`expected ${k}`);
    at++;
  };
  const value = (): KqlValue => {
    const t = tokens[at++];
    if (t?.t !== 'word') throw new Error('expected a value');
    if (t.quoted || t.pieces.every((p) => !p.star)) return { kind: 'exact', text: t.text };
    if (t.pieces.every((p) => p.star)) return { kind: 'any' };
    const source = t.pieces.map((p) => (p.star ? '.*' : p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    return { kind: 'pattern', regex: new RegExp(`^${source}$`, 's') };
  };
  const values = (): KqlValue[] => {
    if (tokens[at]?.t !== '(') return [value()];
    at++;
    const list = [value()];
    while (peekWord('or')) {
      at++;
      list.push(value());
    }
    expect(')');
    return list;
  };
  const primary = (): KqlNode => {
    if (tokens[at]?.t === '(') {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    const t = tokens[at++];
    if (t?.t !== 'word' || t.quoted) throw new Error('expected a field name');
    // KQL reads `datastream.*: logs` as any sub-field of datastream (docs/reference/query-languages/kql,
    // "Matching multiple fields"); this model reads one field per test, so it says so.
    if (t.pieces.some((p) => p.star)) throw new Error('a * in a field name (any of several fields) is not supported');
    expect(':');
    return { kind: 'field', name: t.text, values: values() };
  };
  const takeWord = (w: string): boolean => {
    if (!peekWord(w)) return false;
    at++;
    return true;
  };
  const or = (): KqlNode => parseLogic<KqlNode>(primary, takeWord);
  const tree = or();
  if (at !== tokens.length) throw new Error('unexpected text after the query');
  return tree;
}

/** Every field name a query reads. */
function kqlFields(node: KqlNode, into: Set<string>): Set<string> {
  if (node.kind === 'and' || node.kind === 'or') node.parts.forEach((p) => kqlFields(p, into));
  else if (node.kind === 'not') kqlFields(node.part, into);
  else into.add(node.name);
  return into;
}

function evaluateKql(node: KqlNode, doc: ElasticDocument): boolean {
  if (node.kind === 'and') return node.parts.every((p) => evaluateKql(p, doc));
  if (node.kind === 'or') return node.parts.some((p) => evaluateKql(p, doc));
  if (node.kind === 'not') return !evaluateKql(node.part, doc);
  const indexed = doc.get(node.name) ?? [];
  return node.values.some((v) =>
    v.kind === 'any' ? indexed.length > 0 : v.kind === 'exact' ? indexed.includes(v.text) : indexed.some((x) => v.regex.test(x)),
  );
}

/** A KQL query read once, to search many CloudTrail records as Elasticsearch would. */
export function compileKql(queryText: string): CompiledDetection<{ [key: string]: JsonLike }> {
  return compileKqlOn(queryText, documentReading);
}

/**
 * A KQL query read once, searching the document `documentFor` makes of each record; it is given
 * the field names the query reads, so it can make only those. The audit-log matcher
 * (k8s-audit/elastic.ts) passes the Kubernetes integration's document.
 */
export function compileKqlOn(
  queryText: string,
  documentFor: (names: ReadonlySet<string>) => (record: { [key: string]: JsonLike }) => ElasticDocument,
): CompiledDetection<{ [key: string]: JsonLike }> {
  let tree: KqlNode;
  try {
    tree = parseKql(queryText);
  } catch (e) {
    return { ok: false, reason: `this is not KQL Plainsec can read: ${(e as Error).message}` };
  }
  // Each record is made into only the part of its document the query reads.
  const makeDocument = documentFor(kqlFields(tree, new Set()));
  return { ok: true, match: (record) => (evaluateKql(tree, makeDocument(record)) ? { kind: 'match' } : { kind: 'no-match' }) };
}

/** Whether a KQL query fires on a CloudTrail record, as Elasticsearch would search the integration's document. */
export function matchKql(queryText: string, record: { [key: string]: JsonLike }): MatchResult {
  return matchCompiled(compileKql(queryText), record);
}
