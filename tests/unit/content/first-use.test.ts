import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileGlossary,
  findFirstUses,
  findTermOccurrences,
  glossaryProblems,
  isAcronym,
  type GlossaryTerm,
} from '../../../src/lib/content/first-use.ts';

const glossary: GlossaryTerm[] = [
  { slug: 'access-key', term: 'Access key', aliases: ['access keys'] },
  { slug: 'key', term: 'key', aliases: [] },
  { slug: 'cve', term: 'CVE', aliases: ['Common Vulnerabilities and Exposures'] },
  { slug: 'mfa', term: 'Multi-factor authentication', aliases: ['MFA', '2FA'] },
  { slug: 'authentication', term: 'Authentication', aliases: [] },
  { slug: 'ci-cd', term: 'CI/CD', aliases: ['CI', 'continuous integration'] },
  { slug: 'patch', term: 'Patch', aliases: [] },
  { slug: 'soc-2', term: 'SOC 2', aliases: [] },
  { slug: 'root-account', term: 'Root account', aliases: ['root user'] },
  { slug: 'aws', term: 'Amazon Web Services', aliases: ['AWS'] },
  { slug: 'iam', term: 'IAM', aliases: ['AWS IAM'] },
  { slug: 'sso', term: 'Single sign-on', aliases: ['IAM Identity Center'] },
];

const texts = (text: string) => findTermOccurrences(text, glossary).map((o) => `${o.slug}:${o.text}`);

describe('isAcronym', () => {
  it('treats spellings with capitals and no lower-case letters as acronyms', () => {
    expect(isAcronym('MFA')).toBe(true);
    expect(isAcronym('CI/CD')).toBe(true);
    expect(isAcronym('SOC 2')).toBe(true);
    expect(isAcronym('CloudTrail')).toBe(false);
    expect(isAcronym('access key')).toBe(false);
  });
});

describe('findTermOccurrences', () => {
  it('matches ordinary words in any case', () => {
    expect(texts('Access KEY and access key')).toEqual(['access-key:Access KEY', 'access-key:access key']);
  });

  it('matches acronyms only in capitals', () => {
    expect(texts('Turn on MFA, not mfa.')).toEqual(['mfa:MFA']);
  });

  it('matches whole words only', () => {
    expect(texts('The keyboard and monkey are fine; CVEX is not a CVE.')).toEqual(['cve:CVE']);
    expect(texts('my_MFA_flag and MFA2 are identifiers')).toEqual([]);
  });

  it('counts plurals of acronyms and words as the term', () => {
    expect(texts('Two CVEs and three patches.')).toEqual(['cve:CVEs', 'patch:patches']);
  });

  it('lets the longest match win where terms overlap', () => {
    expect(texts('Rotate the access key, not the key.')).toEqual(['access-key:access key', 'key:key']);
    expect(texts('Use multi-factor authentication.')).toEqual(['mfa:multi-factor authentication']);
    expect(texts('Set up CI/CD and then CI.')).toEqual(['ci-cd:CI/CD', 'ci-cd:CI']);
  });

  it('prefers a longer term that starts inside a shorter acronym', () => {
    expect(texts('Open AWS IAM Identity Center, then AWS IAM.')).toEqual(['aws:AWS', 'sso:IAM Identity Center', 'iam:AWS IAM']);
  });

  it('matches multi-word terms across line breaks and repeated spaces', () => {
    expect(texts('the root\n  user signs in')).toEqual(['root-account:root\n  user']);
  });

  it('matches terms that end in a digit without adding a plural', () => {
    expect(texts('We passed SOC 2 last year.')).toEqual(['soc-2:SOC 2']);
  });

  it('matches next to punctuation and hyphens', () => {
    expect(texts('(MFA), "AWS"-managed, AWS’s keys')).toEqual(['mfa:MFA', 'aws:AWS', 'aws:AWS’s', 'key:keys']);
  });

  it('returns offsets that point at the matched text', () => {
    const text = 'Before you patch, check the CVE list.';
    for (const occurrence of findTermOccurrences(text, glossary)) {
      expect(text.slice(occurrence.start, occurrence.end)).toBe(occurrence.text);
    }
  });

  it('never returns overlapping occurrences, whatever the text', () => {
    const words = ['access', 'key', 'keys', 'CVE', 'CVEs', 'MFA', 'multi-factor', 'authentication', 'CI/CD', 'CI', 'root', 'user', 'the', 'and', ' ', ', '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 30 }), (parts) => {
        const found = findTermOccurrences(parts.join(' '), glossary);
        for (let i = 1; i < found.length; i += 1) {
          expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
        }
      }),
    );
  });

  it('accepts a compiled glossary as well as a list', () => {
    const compiled = compileGlossary(glossary);
    expect(findTermOccurrences('MFA', compiled)).toEqual(findTermOccurrences('MFA', glossary));
  });
});

describe('findFirstUses', () => {
  it('returns only the first use of each term, in order of appearance', () => {
    const firsts = findFirstUses('CVE here, MFA there, another CVE, then 2FA.', glossary);
    expect(firsts.map((o) => o.text)).toEqual(['CVE', 'MFA']);
  });

  it('skips terms already used elsewhere on the page', () => {
    expect(findFirstUses('CVE and MFA', glossary, new Set(['cve'])).map((o) => o.slug)).toEqual(['mfa']);
  });

  it('finds nothing in text without glossary terms', () => {
    expect(findFirstUses('Nothing to see.', glossary)).toEqual([]);
  });
});

describe('glossaryProblems', () => {
  it('reports a spelling claimed by two entries', () => {
    const problems = glossaryProblems([
      { slug: 'a', term: 'Token', aliases: [] },
      { slug: 'b', term: 'Secret', aliases: ['token'] },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/"token" is listed in both "a" and "b"/);
  });

  it('reports empty aliases and passes a clean glossary', () => {
    expect(glossaryProblems([{ slug: 'a', term: 'A term', aliases: [' '] }])[0]).toMatch(/empty alias/);
    expect(glossaryProblems(glossary)).toEqual([]);
  });
});
