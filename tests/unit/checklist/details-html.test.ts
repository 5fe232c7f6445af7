import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { itemDetailsHtml } from '../../../src/lib/checklist/details-html.ts';
import type { ChecklistItem } from '../../../src/lib/checklist/model.ts';

const item: ChecklistItem = {
  id: 'ss-example',
  practice: 'start-somewhere',
  level: 1,
  order: 1,
  title: 'An example',
  why: 'Keys like "AKIA…" & <secrets> leak.',
  howToCheck: "Run `git log` and look for 'key'.",
  doneWhen: 'No key < 90 days old > is left.',
  effort: 'an-hour-or-less',
  guide: { href: '/guides/start-somewhere/secrets-out-of-code/', title: 'Secrets "out" of code' },
  questions: [
    { id: 'ss-secret-scanning', topic: 'Secrets out of code' },
    { id: 'ss-secret-store', topic: 'A <store> for secrets' },
  ],
};

describe("a checklist item's reading text, made at build time", () => {
  it('reads back as the same words, with quotes, ampersands and angle brackets kept as text', () => {
    const html = parse(itemDetailsHtml(item));
    const paragraphs = html.querySelectorAll('p').map((p) => p.textContent);
    expect(paragraphs).toEqual([
      'Why: Keys like "AKIA…" & <secrets> leak.',
      "How to check: Run `git log` and look for 'key'.",
      'Done when: No key < 90 days old > is left.',
      'Supports the self-assessment question: Secrets out of code, A <store> for secrets',
      'Guide: Secrets "out" of code',
    ]);
    expect(html.querySelectorAll('secrets, store')).toHaveLength(0);
  });

  it('links each self-assessment question and the guide', () => {
    const links = parse(itemDetailsHtml(item)).querySelectorAll('a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/assessment/#ss-secret-scanning', '/assessment/#ss-secret-store', '/guides/start-somewhere/secrets-out-of-code/']);
  });

  it('leaves out the questions and the guide when an item has none', () => {
    const { questions: _q, guide: _g, ...bare } = item;
    expect(parse(itemDetailsHtml(bare)).querySelectorAll('p')).toHaveLength(3);
  });
});
