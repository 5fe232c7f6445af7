import { describe, expect, it } from 'vitest';
import { fencedBlocks, frontmatterProse, proseBlocks } from '../../../../src/lib/content/snippets/blocks.ts';

const mdx = [
  '---',
  'title: "Backups, once a month"',
  'order: 3',
  '---',
  'import X from "./x.astro";',
  '',
  '## Steps',
  '',
  'First line',
  'goes on here.',
  '',
  '1. Run this:',
  '',
  '   ```bash',
  '   echo hi',
  '   ```',
  '',
  '~~~json5',
  '{a: 1}',
  '~~~',
].join('\n');

describe('reading a guide into code blocks and prose', () => {
  it('finds fenced blocks with language, body and first line, indented ones included', () => {
    expect(fencedBlocks(mdx)).toEqual([
      { lang: 'bash', meta: '', body: 'echo hi', line: 15 },
      { lang: 'json5', meta: '', body: '{a: 1}', line: 19 },
    ]);
  });

  it('finds paragraphs, list items and headings with their first line, skipping frontmatter, imports and code', () => {
    expect(proseBlocks(mdx)).toEqual([
      { kind: 'heading', text: 'Steps', line: 7 },
      { kind: 'paragraph', text: 'First line goes on here.', line: 9 },
      { kind: 'list-item', text: 'Run this:', line: 12 },
    ]);
  });

  it('reads the title and description readers see', () => {
    expect(frontmatterProse(mdx)).toEqual([{ kind: 'frontmatter', text: 'Backups, once a month', line: 2 }]);
    expect(frontmatterProse('no frontmatter')).toEqual([]);
  });
});
