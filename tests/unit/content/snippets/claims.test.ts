import { describe, expect, it } from 'vitest';
import { proseBlocks } from '../../../../src/lib/content/snippets/blocks.ts';
import { claimsIn, findUnsourcedClaims, hasSource } from '../../../../src/lib/content/snippets/claims.ts';

const kinds = (text: string) => claimsIn(text).map((c) => c.claim.split(' ')[0]);

describe('the claims-carry-sources check', () => {
  it('flags an unsourced "most" claim with its line and sentence', () => {
    const mdx = '---\ntitle: T\n---\n\n## Why\n\nPatch first. Most break-ins use holes that already have a fix.\n';
    expect(findUnsourcedClaims(proseBlocks(mdx))).toEqual([
      { line: 7, sentence: 'Most break-ins use holes that already have a fix.', claim: 'share "Most"' },
    ]);
  });

  it('passes the same claim with a link to a source in the same paragraph', () => {
    const mdx = 'Most break-ins use holes that already have a fix ([Verizon DBIR 2025](https://www.verizon.com/business/resources/reports/dbir/)).\n';
    expect(findUnsourcedClaims(proseBlocks(mdx))).toEqual([]);
    expect(hasSource('See [the guide](/guides/x/).')).toBe(false);
  });

  it('flags percentages, ratios, multiples and population shares', () => {
    expect(kinds('80 % of teams never test a restore.')).toEqual(['percentage']);
    expect(kinds('One in four keys is never used. 3 out of 10 teams agree.')).toEqual(['ratio', 'ratio']);
    expect(kinds('A leaked key is 10 times more costly.')).toEqual(['multiple']);
    expect(kinds('The vast majority of leaks start with a key. Nearly all teams have one. Most cloud break-ins are quick.')).toEqual(['share', 'share', 'share']);
  });

  it('leaves ordinary instructions, superlatives and settings alone', () => {
    for (const text of [
      'Wait 90 days before you delete it.',
      'Do step 3 next.',
      'Most of the time you can skip this.',
      'The most important step comes first.',
      'At most five people need it.',
      'Run it three times.',
      'Most likely it is a teammate.',
      'Two rules is plenty for most teams.',
      'This is what matters most. Then rest.',
      'Set the alarm to 80 % and page at 95% disk.',
      'Most days nothing happens.',
      'Use `grep -c most` here.',
    ]) expect([text, kinds(text)]).toEqual([text, []]);
  });

  it('reads list items, headings and table rows as their own pieces, and skips code', () => {
    const mdx = '- First item.\n- Most teams skip this.\n\n```bash\necho "80% of teams"\n```\n\n| Most teams | x |\n| --- | --- |\n';
    expect(findUnsourcedClaims(proseBlocks(mdx)).map((f) => f.line)).toEqual([2, 8]);
  });
});
