/**
 * What the /fix-first/ page does with files, in Node: reports and the KEV file read and planned
 * together, every problem named in plain words (and nothing planned then), the ticks kept in the
 * browser read back safely, and the top upgrades written into the checklist's notes with owners
 * and due dates. Dates are given, never read from the clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxNotesLength } from '../../../src/lib/checklist/model.ts';
import { dueDay, notesWithUpgrades } from '../../../src/lib/fix-first/checklist-note.ts';
import { upgradeKey } from '../../../src/lib/fix-first/model.ts';
import { formatsRead } from '../../../src/lib/fix-first/detect.ts';
import { planReports, sizeWords, tooLarge } from '../../../src/lib/fix-first/plan-reports.ts';
import { decodeDone, emptyDone, encodeDone, withTick } from '../../../src/lib/fix-first/stored.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

const fixture = (name: string) => ({ name, text: readFileSync(path.resolve('tests/fixtures/fix-first', name), 'utf8') });
const kev = fixture('kev-excerpt.json');

describe('planning the files a person chose', () => {
  it('plans several reports together, lists what it read, and says each step as it goes', () => {
    const steps: string[] = [];
    const result = planReports([fixture('dependabot-alerts.json'), fixture('inspector-findings.json')], kev, (s) => steps.push(s));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reports.map((r) => [r.name, r.formatWords])).toEqual([
      ['dependabot-alerts.json', 'GitHub Dependabot alerts'],
      ['inspector-findings.json', 'Amazon Inspector findings'],
    ]);
    expect(result.kev).toEqual({ name: 'kev-excerpt.json', holes: 2 });
    const findings = result.reports.reduce((n, r) => n + r.findings, 0);
    expect(Object.values(result.plan.counts).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(findings);
    expect(steps[0]).toBe('Reading the KEV file kev-excerpt.json…');
    expect(steps.at(-1)).toMatch(/^Grouping \d+ findings into upgrades…$/);
  });

  it('names every file it cannot plan, with a plain reason, and plans nothing then', () => {
    const result = planReports(
      [fixture('dependabot-alerts.json'), { name: 'team.json', text: '{"formatVersion": 1, "respondents": []}' }, { name: 'cut.json', text: '{"Results": [' }, { name: 'empty.json', text: '  ' }, { ...kev, name: 'kev.json' }],
      { name: 'not-kev.json', text: '{"vulnerabilities": "none"}' },
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'not-kev.json: this is not CISA’s list of known exploited vulnerabilities. Download known_exploited_vulnerabilities.json from cisa.gov (the JSON, not the CSV).',
        'team.json: this is not a scanner report Plainsec reads. It reads Trivy JSON, Grype JSON, OSV-Scanner JSON, Amazon Inspector findings, Security Hub findings (ASFF) or GitHub Dependabot alerts, saved as JSON.',
        'cut.json: this is not valid JSON at line 1, column 14: expected a value: text in double quotes, a number, true, false, null, { or [, but the text ended. It may be cut short, or saved as a table instead of JSON.',
        "empty.json: this file is empty. Save the scanner's report as JSON and try again.",
        'kev.json: this is CISA’s list of known exploited vulnerabilities, not a scanner report; choose it in the box for the KEV file instead.',
      ],
    });
    // The file names and the scanners' own product names are the user's and the vendors' words, not ours.
    if (!result.ok) for (const p of result.problems) expect(plainWordsProblems(p.replace(/^\S+\.json: /, '').replace(formatsRead(), 'the formats listed'), siteGlossary())).toEqual([]);
  });

  it('refuses a file over 200 MB by its size, before reading it', () => {
    expect(tooLarge('big.json', 200 * 1024 * 1024)).toBeUndefined();
    expect(tooLarge('huge.json', 201 * 1024 * 1024)).toBe('huge.json: it is 201.0 MB, larger than the 200 MB Plainsec reads. Check that this is the report, not an image or a log.');
    expect(sizeWords(312 * 1024)).toBe('312 KB');
  });
});

describe('the ticks kept in this browser', () => {
  it('reads back what it wrote, and drops days that are not real days', () => {
    const state = withTick(withTick(emptyDone, 'web\u0000curl\u00007.88', '2026-11-25'), 'rebuild\u0000web', '2026-11-26');
    expect(decodeDone(encodeDone(state))).toEqual({ state });
    expect(decodeDone('{"version":1,"done":{"a":"2026-02-30","b":"2026-02-28"}}')).toEqual({ state: { version: 1, done: { b: '2026-02-28' } } });
    expect(withTick(state, 'rebuild\u0000web', undefined).done).toEqual({ 'web\u0000curl\u00007.88': '2026-11-25' });
  });

  it.each(['{"version":1,"done":[', '[]', '{"version":2,"done":{}}', '{"version":1,"done":["a"]}', 'null'])('reports text it cannot read (%s) and starts with nothing ticked', (raw) => {
    const read = decodeDone(raw);
    expect(read.state).toEqual(emptyDone);
    expect(read.problem).toBe('The upgrades ticked off in this browser could not be read. They were kept aside, and the page starts with nothing ticked.');
  });

  it('keys an upgrade by where, package and installed version, and a rebuild step by its image', () => {
    expect(upgradeKey({ where: 'web:1', package: 'curl', installed: '7.88' })).toBe('web:1\u0000curl\u00007.88');
    expect(upgradeKey({ where: 'web:1', package: null, installed: null })).toBe('rebuild\u0000web:1');
  });
});

describe('the top upgrades on the checklist', () => {
  const upgrades = [
    { line: 'Upgrade curl 7.88.1-10 → 7.88.1-10+deb12u8 in image web:1.4 — fixes 1 known hole, used by attackers now.', bucket: 'today' as const, owner: 'Ana' },
    { line: 'Upgrade express 4.18.2 → 4.19.2 in image web:1.4 — fixes 2 known holes.', bucket: 'this-week' as const, owner: '' },
  ];

  it('adds each with its owner and a due date from its bucket, after the notes already there', () => {
    const made = notesWithUpgrades('Agreed in the retro.', upgrades, '2026-12-30');
    expect(made).toEqual({
      added: 2,
      left: 0,
      notes: [
        'Agreed in the retro.',
        '',
        'Upgrades from Fix first, 2026-12-30:',
        '- Upgrade curl 7.88.1-10 → 7.88.1-10+deb12u8 in image web:1.4 — fixes 1 known hole, used by attackers now. Owner: Ana. Due 2026-12-30.',
        '- Upgrade express 4.18.2 → 4.19.2 in image web:1.4 — fixes 2 known holes. Owner: nobody yet. Due 2027-01-06.',
      ].join('\n'),
    });
  });

  it('counts the ones that do not fit in the notes instead of cutting them', () => {
    const made = notesWithUpgrades('x'.repeat(maxNotesLength - 200), upgrades, '2026-12-30');
    expect(made.added).toBe(1);
    expect(made.left).toBe(1);
    expect(made.notes.length).toBeLessThanOrEqual(maxNotesLength);
    expect(notesWithUpgrades('x'.repeat(maxNotesLength), upgrades, '2026-12-30')).toEqual({ notes: 'x'.repeat(maxNotesLength), added: 0, left: 2 });
  });

  it('dates each bucket from the day given, across months and leap days', () => {
    expect(['today', 'this-week', 'this-month', 'later', 'no-fix-yet'].map((b) => dueDay(b as never, '2028-02-25'))).toEqual(['2028-02-25', '2028-03-03', '2028-03-26', '2028-05-25', '2028-03-03']);
  });
});
