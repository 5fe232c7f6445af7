/**
 * Synthetic guides for `npm run bench -- --guides N`: plain MDX of about 700 words each, in the
 * shape of a real guide (short summary, why, numbered steps with a list and a code block, a
 * check), using real glossary terms so the glossary pass has work to do. Seeded, so every run
 * builds the same pages. Written only into throwaway copies of a site, never into the repository.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded generator (mulberry32), so runs are comparable. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const verbs = ['check', 'write down', 'turn on', 'review', 'agree on', 'test', 'rotate', 'remove', 'limit', 'watch', 'share', 'plan'];
const nouns = ['the team', 'each account', 'the alert', 'the backup', 'every server', 'the runbook', 'the change', 'the list', 'the owner', 'the log', 'the budget', 'the rota'];
const links = ['so that', 'because', 'before', 'after', 'while', 'and then', 'unless', 'when'];
const fillers = ['every week', 'in one place', 'with a second person', 'on a schedule', 'without fuss', 'for a month', 'by Friday', 'in plain words'];
const topics = ['rotating keys', 'quiet alerts', 'spare accounts', 'old servers', 'shared passwords', 'test restores', 'new starters', 'small fixes'];
const practices = ['start-somewhere', 'trust-but-verify', 'everyone-owns-security'];
const efforts = ['an-hour-or-less', 'half-a-day', 'a-few-days'];

/** The `term:` of every glossary file in a folder, so sentences mention real terms. */
export function glossaryTerms(folder) {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => /^term:\s*(.+)$/m.exec(readFileSync(join(folder, name), 'utf8'))?.[1]?.trim())
    .filter((term) => term !== undefined);
}

/** One guide: frontmatter fields and an MDX body of about 700 words. */
function syntheticGuide(index, terms) {
  const random = seeded(index + 1);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const sentence = () => {
    const term = random() < 0.5 ? ` the ${pick(terms)}` : '';
    const text = `${pick(verbs)} ${pick(nouns)}${term} ${pick(links)} ${pick(verbs)} ${pick(nouns)} ${pick(fillers)}`;
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  const paragraph = (count) => Array.from({ length: count }, sentence).join(' ');
  const topic = pick(topics);
  const number = String(index + 1).padStart(4, '0');
  const parts = [
    '## In short',
    '',
    ...Array.from({ length: 3 }, () => `- ${sentence()}`),
    '',
    '## Why it matters',
    '',
    paragraph(6),
    '',
    paragraph(6),
    '',
    '## Steps',
  ];
  for (let step = 1; step <= 4; step += 1) {
    parts.push('', `### ${step}. ${pick(verbs)} ${pick(nouns)}`, '', paragraph(5), '');
    parts.push(...Array.from({ length: 3 }, () => `- ${sentence()}`));
    if (step % 2 === 0) parts.push('', '```sh', `aws iam list-users --max-items ${step * 10}`, '```');
  }
  parts.push('', '## Check it worked', '', paragraph(5), '');
  return {
    id: `bench-${number}`,
    title: `Bench guide ${number}: ${topic}`,
    description: `A generated guide about ${topic}, used only to measure how the build scales with many pages.`,
    practice: practices[index % practices.length],
    level: 1 + (index % 3),
    effort: efforts[index % efforts.length],
    order: 1000 + index,
    body: parts.join('\n'),
  };
}

/** Writes N guides in Plainsec's frontmatter into `<siteRoot>/content/guides/<practice>/`. */
export function writePlainsecGuides(siteRoot, count, terms) {
  for (let index = 0; index < count; index += 1) {
    const guide = syntheticGuide(index, terms);
    const folder = join(siteRoot, 'content', 'guides', guide.practice);
    mkdirSync(folder, { recursive: true });
    const frontmatter = [
      '---',
      `title: "${guide.title}"`,
      `description: "${guide.description}"`,
      `practice: ${guide.practice}`,
      `level: ${guide.level}`,
      `effort: ${guide.effort}`,
      'timeToDo: "one hour"',
      'lastReviewed: 2026-11-01',
      `order: ${guide.order}`,
      '---',
      '',
    ].join('\n');
    writeFileSync(join(folder, `${guide.id}.mdx`), frontmatter + guide.body);
  }
}

/** Writes the same N guides in Starlight's frontmatter into `<docsRoot>/<practice>/`. */
export function writeStarlightGuides(docsRoot, count, terms) {
  for (let index = 0; index < count; index += 1) {
    const guide = syntheticGuide(index, terms);
    const folder = join(docsRoot, guide.practice);
    mkdirSync(folder, { recursive: true });
    const frontmatter = ['---', `title: "${guide.title}"`, `description: "${guide.description}"`, '---', ''].join('\n');
    writeFileSync(join(folder, `${guide.id}.mdx`), frontmatter + guide.body);
  }
}
