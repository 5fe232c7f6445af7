import { describe, expect, it } from 'vitest';
import { fleschKincaidGrade, longSentences, readabilityStats, sentences, stripNonProse, words } from '../../../src/lib/content/readability.ts';

describe('sentences', () => {
  it('splits ordinary prose at full stops, question marks and exclamation marks', () => {
    expect(sentences('Turn on MFA. Is it on? Good!')).toEqual(['Turn on MFA.', 'Is it on?', 'Good!']);
  });

  it('does not split after e.g., i.e. or vs.', () => {
    expect(sentences('Use a tool, e.g. Trivy, to scan. Then read the list, i.e. the report.')).toEqual([
      'Use a tool, e.g. Trivy, to scan.',
      'Then read the list, i.e. the report.',
    ]);
    expect(sentences('Compare cron vs. systemd timers. Pick one.')).toHaveLength(2);
  });

  it('treats "etc." as the end of a sentence only when a capital letter follows', () => {
    expect(sentences('Patch servers, laptops, etc. every week.')).toHaveLength(1);
    expect(sentences('Patch servers, laptops, etc. Then check.')).toHaveLength(2);
  });

  it('ends a sentence after short words that only look like abbreviations', () => {
    expect(sentences('Did it work? No. Try again.')).toEqual(['Did it work?', 'No.', 'Try again.']);
    expect(sentences('Set the limit to max. Then wait.')).toHaveLength(2);
  });

  it('does not split decimal numbers or version numbers', () => {
    expect(sentences('Scores above 7.5 are high. Version 2.0.1 fixed it.')).toEqual([
      'Scores above 7.5 are high.',
      'Version 2.0.1 fixed it.',
    ]);
  });

  it('counts each list item as a sentence even without final punctuation', () => {
    const text = 'Do these three things:\n- Turn on MFA\n- Patch every night\n- Keep a backup';
    expect(sentences(text)).toEqual(['Do these three things:', 'Turn on MFA', 'Patch every night', 'Keep a backup']);
  });

  it('counts numbered list items and blank-line separated blocks as sentences', () => {
    expect(sentences('1. Open the console\n2) Pick the user\n\nA heading\n\nA paragraph.')).toHaveLength(4);
  });

  it('joins a hard-wrapped line back into its sentence', () => {
    expect(sentences('This sentence is wrapped\nacross two lines. Next.')).toEqual([
      'This sentence is wrapped across two lines.',
      'Next.',
    ]);
  });

  it('ignores URLs, inline code and file paths so their dots do not end sentences', () => {
    const found = sentences('Read https://example.com/a.b.c today. Run `apt-get update && apt-get upgrade.` now. Edit /etc/apt/apt.conf.d/50unattended-upgrades first.');
    expect(found).toHaveLength(3);
    expect(found.join(' ')).not.toMatch(/example|apt-get|50unattended/);
  });

  it('returns no sentences for empty or code-only text', () => {
    expect(sentences('')).toEqual([]);
    expect(sentences('`ls -la`')).toEqual([]);
  });
});

describe('words', () => {
  it('counts numbers, contractions and hyphenated words as one word each', () => {
    expect(words("Don't skip the two-person rule for 1.5 days.")).toEqual(["Don't", 'skip', 'the', 'two-person', 'rule', 'for', '1.5', 'days']);
  });
});

describe('stripNonProse', () => {
  it('removes email addresses and www links', () => {
    expect(stripNonProse('Mail ops@example.com or see www.example.org now').replace(/\s+/g, ' ')).toBe('Mail or see now');
  });
});

describe('fleschKincaidGrade', () => {
  it('gives short plain sentences a low grade', () => {
    const plain = 'Turn on updates. Check them each day. If one fails, you get a message. Fix it the same day.';
    expect(fleschKincaidGrade(plain)).toBeLessThan(5);
  });

  it('gives long sentences full of long words a high grade', () => {
    const dense =
      'Organisations should comprehensively operationalise continuous vulnerability identification capabilities, prioritising remediation activities according to exploitability considerations and organisational risk appetite.';
    expect(fleschKincaidGrade(dense)).toBeGreaterThan(15);
  });

  it('is 0 for text with no words', () => {
    expect(fleschKincaidGrade('')).toBe(0);
    expect(fleschKincaidGrade('  \n\n ')).toBe(0);
  });

  it('matches the published formula on counted text', () => {
    // "The cat sat. The dog ran." — 2 sentences, 6 words, 6 syllables.
    const expected = 0.39 * (6 / 2) + 11.8 * (6 / 6) - 15.59;
    expect(fleschKincaidGrade('The cat sat. The dog ran.')).toBeCloseTo(expected, 5);
    expect(readabilityStats('The cat sat. The dog ran.')).toMatchObject({ sentences: 2, words: 6, syllables: 6 });
  });

  it('rates a list as easier than the same words run into one sentence', () => {
    const list = '- Turn on MFA\n- Patch every night\n- Keep a backup\n- Test the backup';
    const run = 'Turn on MFA patch every night keep a backup test the backup';
    expect(fleschKincaidGrade(list)).toBeLessThan(fleschKincaidGrade(run));
  });
});

describe('longSentences', () => {
  const wordsOf = (n: number) => Array.from({ length: n }, () => 'word').join(' ') + '.';

  it('passes sentences of 25 words or fewer', () => {
    expect(longSentences(`${wordsOf(25)} ${wordsOf(10)}`)).toEqual([]);
  });

  it('warns on a sentence of 26 to 30 words', () => {
    const found = longSentences(wordsOf(26));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', words: 26, rule: 'long-sentence' });
    expect(found[0]?.message).toMatch(/split/i);
  });

  it('fails a sentence of more than 30 words', () => {
    const found = longSentences(`Short one. ${wordsOf(31)}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', words: 31 });
  });

  it('accepts custom limits', () => {
    expect(longSentences(wordsOf(12), { warn: 10, error: 11 })[0]?.severity).toBe('error');
  });
});
