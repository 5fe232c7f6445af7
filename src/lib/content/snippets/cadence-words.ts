/**
 * One cadence per topic: when a sentence speaks of a recurring task (an access review, a restore
 * test, the self-assessment) and says how often, it must say the pace set in
 * src/lib/content/cadences.ts. A guide that says "monthly" while the checklist re-asks every 90
 * days leaves the reader unsure which to follow.
 */
import type { Cadence } from '../cadences.ts';

const numbers: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };
const unitDays: Record<string, number> = { day: 1, week: 7, fortnight: 14, month: 30, quarter: 90, year: 365 };

/**
 * Cadence words and the days they mean. `undefined` days means the words give no fixed pace
 * ("every few months"): near a topic with a set pace that is a finding too.
 */
const patterns: { re: RegExp; days: (m: RegExpMatchArray) => number | undefined }[] = [
  { re: /\b(daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually)\b/gi, days: (m) => ({ daily: 1, nightly: 1, weekly: 7, fortnightly: 14, monthly: 30, quarterly: 90, yearly: 365, annually: 365 })[m[1]!.toLowerCase()] },
  { re: /\b(?:every|each|once an?|once per|per)\s+(day|night|week|fortnight|month|quarter|year)\b/gi, days: (m) => unitDays[m[1]!.toLowerCase() === 'night' ? 'day' : m[1]!.toLowerCase()] },
  { re: /\btwice an?\s+(month|year)\b/gi, days: (m) => unitDays[m[1]!.toLowerCase()]! / 2 },
  { re: /\bevery\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(days?|weeks?|months?|years?)\b/gi, days: (m) => (Number(m[1]) || numbers[m[1]!.toLowerCase()]!) * unitDays[m[2]!.toLowerCase().replace(/s$/, '')]! },
  { re: /\bevery\s+(?:few|couple of|several)\s+(days|weeks|months|years)\b/gi, days: () => undefined },
];

export interface CadenceWord {
  text: string;
  days: number | undefined;
  index: number;
}

/** Every cadence word in a text with the days it means. */
export function cadenceWords(text: string): CadenceWord[] {
  return patterns
    .flatMap(({ re, days }) => [...text.matchAll(re)].map((m) => ({ text: m[0], days: days(m), index: m.index! })))
    .sort((a, b) => a.index - b.index);
}

/** True when a cadence word means the topic's pace (a few days either way: 13 weeks is a quarter). */
export function agrees(word: CadenceWord, days: number): boolean {
  return word.days !== undefined && Math.abs(word.days - days) <= 3;
}

export interface CadenceFinding {
  line: number;
  topic: string;
  sentence: string;
  said: string;
  message: string;
}

/** Sentences of a text (split after . ! ? followed by a space, so URLs stay whole). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).map((t) => t.trim()).filter(Boolean);
}

/** True when a sentence speaks of a topic: names it, or links to its guide. */
function mentions(sentence: string, cadence: Cadence): boolean {
  const named = cadence.mentions.test(sentence) || cadence.guides.some((g) => sentence.includes(`/guides/${g}/`));
  return named && !(cadence.unless?.test(sentence) ?? false);
}

/**
 * Cadence words that disagree with the topic's pace in the given prose. A sentence speaks of the
 * topic when it names it or links to its guide; in the topic's own guide every sentence does,
 * unless it names another topic.
 */
export function findCadenceMismatches(
  blocks: { text: string; line: number }[],
  topics: Record<string, Cadence>,
  guideId?: string,
): CadenceFinding[] {
  const findings: CadenceFinding[] = [];
  for (const block of blocks) {
    for (const sentence of sentences(block.text)) {
      // Cadence words inside a link target or inline code are not prose.
      const words = cadenceWords(sentence.replace(/\]\([^)]*\)/g, ']').replace(/`[^`]*`/g, ''));
      if (words.length === 0) continue;
      for (const [topic, cadence] of Object.entries(topics)) {
        const own = guideId !== undefined && (cadence.guides as readonly string[]).includes(guideId);
        const named = mentions(sentence, cadence);
        const aboutOther = Object.entries(topics).some(([t, c]) => t !== topic && mentions(sentence, c));
        if (!named && !(own && !aboutOther)) continue;
        for (const word of words) {
          // In a topic's own guide, an unnamed sentence with a pace under two weeks ("patched
          // nightly?", "watch the channel each week") is about some other routine.
          if (!named && word.days !== undefined && word.days < 14) continue;
          if (agrees(word, cadence.days)) continue;
          findings.push({
            line: block.line,
            topic,
            sentence: sentence.replace(/\s+/g, ' '),
            said: word.text,
            message: `says "${word.text}" about the ${topic}, which is every ${cadence.days} days: write ${cadence.words.slice(0, 3).map((w) => `"${w}"`).join(' or ')}`,
          });
        }
      }
    }
  }
  return findings;
}
