/**
 * The names of the files the assessment saves. A team lead collecting answers from five people
 * must be able to tell the files apart in a downloads folder, so a person's file carries their
 * name and a team's files carry the team's name, each followed by the day.
 *
 * Names come from what people typed, so they go through `fileNamePart` first: only a-z, 0-9 and
 * "-" survive, which means a name can never carry a path ("../../etc"), a drive letter, a dot
 * that changes the extension, or a character some file system refuses. Pure: no DOM.
 */

/** The most characters a name adds to a file name, so the day and the extension stay visible. */
export const fileNamePartLimit = 40;

/** Latin letters that NFKD leaves whole, written the way people spell them without the mark. */
const plainLetters: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A safe, lower-case piece of a file name from any text: "Zoë O'Neil" → "zoe-o-neil". Marks are
 * dropped, every run of other characters becomes one "-", and the result is at most 40 characters,
 * cut where a word ends when it can be. '' when nothing is left, such as for a name written only in
 * a non-Latin script: the caller then leaves the part out.
 */
export function fileNamePart(text: string | undefined): string {
  if (!text) return '';
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => plainLetters[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= fileNamePartLimit) return slug;
  const cut = slug.slice(0, fileNamePartLimit);
  // Cut at the last "-" so no word is broken, unless the name is one long word.
  const lastBreak = slug[fileNamePartLimit] === '-' ? fileNamePartLimit : cut.lastIndexOf('-');
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut).replace(/-+$/, '');
}

/** The day of a date written YYYY-MM-DD or as ISO 8601; anything else only as a safe part. */
function dayOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? fileNamePart(date);
}

function fileName(parts: readonly string[], ext: string): string {
  return `${parts.filter((part) => part !== '').join('-')}.${ext}`;
}

/**
 * The file a person saves their answers in: "plainsec-assessment-ana-2026-12-05.json", or
 * "plainsec-assessment-2026-12-05.json" when they gave no name that can be written in a file name.
 */
export function personResultFileName(name: string | undefined, date: string): string {
  return fileName(['plainsec', 'assessment', fileNamePart(name), dayOf(date)], 'json');
}

/** What a team file holds: the team's answers, the plan, or the short chat message. */
export type TeamFileKind = 'result' | 'plan' | 'message';
export type TeamFileExtension = 'json' | 'md' | 'csv' | 'txt';

/**
 * A team's file: "plainsec-team-platform-2026-12-05.json" for the answers,
 * "plainsec-team-platform-plan-2026-12-05.md" (or .csv) for the plan and
 * "plainsec-team-platform-message-2026-12-05.txt" for the chat message. Without a team name that
 * can be written in a file name the part is left out: "plainsec-team-plan-2026-12-05.md".
 */
export function teamFileName(team: string | undefined, what: TeamFileKind, date: string, ext: TeamFileExtension): string {
  return fileName(['plainsec', 'team', fileNamePart(team), what === 'result' ? '' : what, dayOf(date)], ext);
}
