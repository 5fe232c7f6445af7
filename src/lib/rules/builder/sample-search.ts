/**
 * Finding a sample event by plain words: "log in", "sign in", "login" and "logs in" all find the
 * console sign-ins. A sample is found by the words of its name, of the action its event is (the
 * action catalogue's label and keywords, found by the event's source and call name), of the call
 * name itself, and of its template's title (and the titles of other templates that share it), with
 * word endings and a few synonyms made equal.
 *
 * Loaded with "Try it on an event", so it imports the catalogue and types only.
 */
import { actions, type Action } from '../actions.ts';
import type { SampleLibrary } from './samples.ts';

/** The samples of one template that match, best first. */
export interface SampleMatch {
  /** Where the template is in the library. */
  template: number;
  title: string;
  /** Where each matching sample is among the template's examples, best first. */
  samples: number[];
}

/** Phrases said as one word before splitting, so that "logs in" is not "logs" and "in". */
const phrases: [RegExp, string][] = [
  [/\b(?:log|sign)(?:s|ged|ging|ed|ing)?[\s-]*(?:in|on)s?\b/g, ' signin '],
  [/\b(?:turn|switch)(?:s|es|ed|ing)?\s+off\b/g, ' turnoff '],
  [/\b(?:turn|switch)(?:s|es|ed|ing)?\s+on\b/g, ' turnon '],
  [/\b(?:two|2|second)[\s-]*(?:factor|step)s?\b/g, ' mfa '],
  [/\bsecurity[\s-]+groups?\b/g, ' securitygroup '],
  [/\baudit[\s-]+logs?\b/g, ' auditlog '],
  [/\bnot\s+allowed\b/g, ' notallowed '],
];

/** Words that mean the same here; each group becomes one word. */
const synonymGroups: readonly string[][] = [
  ['signin', 'login', 'logon', 'signon'],
  ['delete', 'remove', 'destroy', 'terminate', 'erase', 'drop'],
  ['create', 'make', 'made', 'add', 'new'],
  ['server', 'instance', 'vm', 'machine', 'ec2', 'host'],
  ['bucket', 'storage', 's3'],
  ['key', 'credential'],
  ['turnoff', 'stop', 'disable', 'deactivate'],
  ['turnon', 'start', 'launch', 'enable', 'resume'],
  ['mfa', '2fa'],
  ['firewall', 'securitygroup'],
  ['network', 'vpc'],
  ['auditlog', 'cloudtrail', 'trail'],
  ['admin', 'administrator'],
  ['function', 'lambda'],
  ['permission', 'policy', 'privilege'],
  ['notallowed', 'refuse', 'deny', 'denied', 'fail', 'reject'],
  ['change', 'modify', 'update', 'edit', 'alter'],
];

/** Words too common to find anything by. */
const stopWords = new Set('a an the to of for on in at by with and or is are was were be it its their your my this that from into as someone something who when'.split(' '));

/** The word without its ending: "logs", "logging" and "logged" are all "log". */
export function stem(word: string): string {
  let s = word;
  if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && /(?:ss|x|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !/(?:ss|us)$/.test(s)) s = s.slice(0, -1);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  if (s.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(s) && !/(?:ss|ll)$/.test(s)) s = s.slice(0, -1);
  return s;
}

const meaningOf = new Map(synonymGroups.flatMap((group) => group.map((w) => [stem(w), `=${group[0]}`] as const)));

/** The words of a text as search terms: phrases joined, stop words out, each word's stem and, if it has one, its meaning. */
function terms(text: string): string[][] {
  let t = text.toLowerCase();
  for (const [pattern, word] of phrases) t = t.replace(pattern, word);
  return t
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !stopWords.has(w))
    .map((w) => {
      const s = stem(w);
      const meaning = meaningOf.get(s);
      return meaning ? [s, meaning] : [s];
    });
}

/** The words one part of a sample is found by. */
const wordsOf = (...texts: string[]): Set<string> => new Set(texts.flatMap(terms).flat());

/** How much a word found in each part counts: the sample's own name and what its event is count most. */
const weights = { name: 3, action: 3, title: 1 } as const;
type Template = SampleLibrary['templates'][number];
type Indexed = { at: number; parts: Record<keyof typeof weights, Set<string>> }[];

const actionsByCall = new Map<string, Action[]>();
for (const action of actions) for (const name of action.eventNames) actionsByCall.set(`${action.eventSource} ${name}`, [...(actionsByCall.get(`${action.eventSource} ${name}`) ?? []), action]);

const indexes = new WeakMap<Template, Indexed>();

/** A template's samples with the words each is found by, worked out once per template. */
function indexOf(t: Template): Indexed {
  const known = indexes.get(t);
  if (known) return known;
  const title = wordsOf(t.title);
  const index: Indexed = t.examples.map((sample, at) => {
    const source = String(sample.event.eventSource ?? '');
    const name = String(sample.event.eventName ?? '');
    const what = actionsByCall.get(`${source} ${name}`) ?? [];
    // "ConsoleLogin" is found by "console", "login" and "consolelogin".
    const action = wordsOf(name.replace(/([a-z])([A-Z])/g, '$1 $2'), ...what.flatMap((a) => [a.label, ...a.keywords]));
    action.add(name.toLowerCase());
    // A sample that other templates share is found by their titles too.
    const titles = sample.alsoIn ? new Set([...title, ...wordsOf(...sample.alsoIn.map((x) => x.title))]) : title;
    return { at, parts: { name: wordsOf(sample.name), action, title: titles } };
  });
  indexes.set(t, index);
  return index;
}

/** Whether a part has this query word: its meaning, the same stem, or (from three letters) a word it begins. */
function has(part: Set<string>, word: string[]): boolean {
  const [s, meaning] = word as [string, string | undefined];
  if (meaning) return part.has(meaning);
  if (part.has(s)) return true;
  if (s.length < 3) return false;
  for (const w of part) if (w.startsWith(s)) return true;
  return false;
}

/**
 * The templates with samples that have every word of the query, best first, each with its matching
 * samples best first. A sample scores by where each word is found (its name and what its event is
 * count three times its template's title). An empty query, or one of common words only, finds
 * everything in library order.
 */
export function searchSamples(library: SampleLibrary, query: string): SampleMatch[] {
  const wanted = terms(query);
  const scored = library.templates
    .flatMap((t, template) => indexOf(t).map((s) => ({ ...s, template })))
    .map((s) => {
      let score = 0;
      for (const word of wanted) {
        const here = (Object.keys(weights) as (keyof typeof weights)[]).filter((p) => has(s.parts[p], word));
        if (here.length === 0) return undefined;
        score += here.reduce((sum, p) => sum + weights[p], 0);
      }
      return { ...s, score };
    })
    .filter((s) => s !== undefined);
  const byTemplate = new Map<number, typeof scored>();
  for (const s of scored) byTemplate.set(s.template, [...(byTemplate.get(s.template) ?? []), s]);
  const best = (list: typeof scored) => Math.max(...list.map((s) => s.score));
  return [...byTemplate]
    .sort(([x, a], [y, b]) => best(b) - best(a) || x - y)
    .map(([template, list]) => ({
      template,
      title: library.templates[template]!.title,
      samples: list.sort((a, b) => b.score - a.score || a.at - b.at).map((s) => s.at),
    }));
}
