import { describe, expect, it } from 'vitest';
import {
  badLinkTexts,
  checkLinkText,
  everydayAcronyms,
  findUnexplainedAcronyms,
  findWordsToAvoid,
  plainWordsFindings,
  wordsToAvoid,
} from '../../../src/lib/content/plain-words.ts';
import type { GlossaryTerm } from '../../../src/lib/content/first-use.ts';

const glossary: GlossaryTerm[] = [
  { slug: 'mfa', term: 'Multi-factor authentication', aliases: ['MFA'] },
  { slug: 'cve', term: 'CVE', aliases: [] },
  { slug: 'soc-2', term: 'SOC 2', aliases: [] },
  { slug: 'vulnerability', term: 'Vulnerability', aliases: ['known hole'] },
  { slug: 'ci-cd', term: 'CI/CD', aliases: ['CI'] },
];

describe('findWordsToAvoid', () => {
  it('fails jargon and says what to write instead', () => {
    const findings = findWordsToAvoid('We leverage a robust, holistic paradigm to remediate issues in order to mitigate risk.');
    expect(findings.map((f) => f.severity)).toEqual(Array(findings.length).fill('error'));
    const words = findings.map((f) => f.message);
    expect(words.join(' ')).toMatch(/"leverage".*use/);
    expect(words.join(' ')).toMatch(/"mitigate".*reduce or fix/);
    expect(words.join(' ')).toMatch(/"in order to".*write to instead/);
    expect(findings).toHaveLength(7);
  });

  it('catches other forms and spellings of the same word', () => {
    const text = 'Utilise it. He utilized it. Remediation done. Mitigating. Weaponised. Exfiltration. Attack surfaces. Threat actors. Cutting edge. Best-of-breed. Seamlessly. Facilitates. Actionable. Posture. Lateral movement. Synergies.';
    const found = findWordsToAvoid(text).map((f) => f.excerpt);
    expect(found).toHaveLength(16);
  });

  it('covers every word the style guide lists', () => {
    const listed = ['leverage', 'utilize', 'remediate', 'robust', 'synergy', 'holistic', 'paradigm', 'best-of-breed', 'cutting-edge', 'seamless', 'mitigate', 'facilitate', 'in order to', 'actionable', 'attack surface', 'threat actor', 'posture', 'exfiltrate', 'lateral movement', 'weaponize'];
    for (const word of listed) {
      expect(findWordsToAvoid(`Please ${word} this.`), word).toHaveLength(1);
    }
    expect(wordsToAvoid.length).toBeGreaterThanOrEqual(listed.length);
  });

  it('does not flag words that merely contain a word to avoid', () => {
    expect(findWordsToAvoid('Order the items in order. Robusta coffee. Seams. Posturing.')).toEqual([]);
  });

  it('only warns about "vulnerability" when the glossary explains it', () => {
    expect(findWordsToAvoid('A vulnerability was found.')[0]?.severity).toBe('error');
    const withGlossary = findWordsToAvoid('A vulnerability was found.', glossary);
    expect(withGlossary[0]?.severity).toBe('warning');
    expect(withGlossary[0]?.message).toMatch(/known hole/);
  });

  it('passes plain prose', () => {
    expect(findWordsToAvoid('Turn on updates. Use a strong password. Fix the hole today.')).toEqual([]);
  });
});

describe('findUnexplainedAcronyms', () => {
  it('fails an acronym that is not in the glossary, once per acronym', () => {
    const findings = findUnexplainedAcronyms('Check the XDR console. The XDR says OK. Then ask the SOC.', glossary);
    expect(findings.map((f) => f.excerpt.includes('XDR'))).toContain(true);
    expect(findings).toHaveLength(2);
    expect(findings[0]?.message).toMatch(/"XDR" is not in the glossary/);
    expect(findings[0]?.message).toMatch(/Spell it out/);
  });

  it('passes acronyms that are glossary terms or aliases, including plurals', () => {
    expect(findUnexplainedAcronyms('Turn on MFA. Fix the CVEs. Pass SOC 2. Run CI.', glossary)).toEqual([]);
  });

  it('passes everyday abbreviations', () => {
    expect(findUnexplainedAcronyms('At 9 AM UTC, open the URL, save a PDF and the IDs. OK?', glossary)).toEqual([]);
    for (const word of ['URL', 'PDF', 'UTC', 'CPU', 'OK', 'ID', 'TV', 'UK', 'US', 'EU', 'AM', 'PM']) {
      expect(everydayAcronyms.has(word), word).toBe(true);
    }
  });

  it('flags acronyms with digits and shouting in capitals', () => {
    const found = findUnexplainedAcronyms('Use the EC9 box. NEVER do this.', []);
    expect(found.map((f) => f.message.match(/"(\w+)"/)?.[1])).toEqual(['EC9', 'NEVER']);
  });

  it('ignores single capitals, mixed-case names and identifiers', () => {
    expect(findUnexplainedAcronyms('I use S3, CloudTrail, GitHub, macOS, IMDSv2 and AWS_REGION.', [])).toEqual([]);
  });

  it('reads a NIST CSF id such as DE.CM-01 as a code to look up, but still flags the same letters in prose', () => {
    expect(findUnexplainedAcronyms('This answers DE.CM-01, PR.PS-04 and the category DE.AE.', [])).toEqual([]);
    expect(findUnexplainedAcronyms('Ask the DE team, then the CM lead.', []).map((f) => f.message.match(/"(\w+)"/)?.[1])).toEqual(['DE', 'CM']);
  });
});

describe('checkLinkText', () => {
  it('fails link texts that do not say where they go', () => {
    for (const text of ['click here', 'Here', 'Read more…', 'this link', 'link', 'More.']) {
      const finding = checkLinkText(text);
      expect(finding?.rule, text).toBe('bad-link-text');
      expect(finding?.message).toMatch(/does not say where it goes/);
    }
    expect(badLinkTexts.has('click here')).toBe(true);
  });

  it('fails an empty link', () => {
    expect(checkLinkText('  ')?.message).toMatch(/no text/);
  });

  it('passes link texts that name the destination', () => {
    expect(checkLinkText('how to turn on nightly updates')).toBeUndefined();
    expect(checkLinkText('Read more about backups')).toBeUndefined();
  });
});

describe('plainWordsFindings', () => {
  it('combines words to avoid and acronyms', () => {
    const rules = plainWordsFindings('Leverage the XDR.', glossary).map((f) => f.rule);
    expect(rules.sort()).toEqual(['unexplained-acronym', 'word-to-avoid']);
  });

  it('passes plain text that uses glossary acronyms', () => {
    expect(plainWordsFindings('Turn on MFA for everyone today. Fix each known hole.', glossary)).toEqual([]);
  });
});
