/**
 * A small badge for a README showing a team's headline level, e.g. "security level 1 of 3".
 * Plain SVG text: a screen reader reads its title (role="img", aria-label), and every piece of
 * text is XML-escaped. The colour goes from red (level 0) to green (level 3); each keeps white
 * text readable (contrast at least 4.5 : 1).
 */

const maxLevel = 3;

/** Background of the level's half of the badge, by level 0–3. */
export const levelColours: readonly string[] = ['#b42318', '#9a4a00', '#4d6b12', '#1a7f37'];
/** Background of the label's half. */
export const labelColour = '#555555';

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Roughly how wide text is at 11 px in a sans-serif font (badges are sized from this, like shields). */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[il.,:;'|!]/.test(ch) ? 3.5 : /[mwMW@]/.test(ch) ? 10 : /[A-Z0-9]/.test(ch) ? 7.5 : 6.5;
  return Math.ceil(width);
}

export interface BadgeOptions {
  /** The left half's words; "security level" unless given. */
  label?: string;
}

/** The words a badge says, also its accessible name: "security level 1 of 3". */
function badgeText(level: number, options: BadgeOptions = {}): { label: string; value: string; title: string } {
  const label = options.label ?? 'security level';
  const value = `${level} of ${maxLevel}`;
  return { label, value, title: `${label} ${value}` };
}

/** The badge as an SVG document. `level` is a whole number from 0 to 3. */
export function badgeSvg(level: number, options: BadgeOptions = {}): string {
  if (!Number.isInteger(level) || level < 0 || level > maxLevel) {
    throw new RangeError(`A badge shows a level from 0 to ${maxLevel}, not ${level}.`);
  }
  const { label, value, title } = badgeText(level, options);
  const pad = 6;
  const left = textWidth(label) + 2 * pad;
  const right = textWidth(value) + 2 * pad;
  const width = left + right;
  const height = 20;
  const t = escapeXml(title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${t}">`,
    `  <title>${t}</title>`,
    `  <rect width="${left}" height="${height}" fill="${labelColour}"/>`,
    `  <rect x="${left}" width="${right}" height="${height}" fill="${levelColours[level]}"/>`,
    `  <g fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">`,
    `    <text x="${left / 2}" y="14">${escapeXml(label)}</text>`,
    `    <text x="${left + right / 2}" y="14">${escapeXml(value)}</text>`,
    `  </g>`,
    `</svg>`,
    '',
  ].join('\n');
}
