/** File names that tell people and teams apart, and never carry a path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileNamePart, fileNamePartLimit, personResultFileName, teamFileName } from '../../../src/lib/assessment/file-names.ts';

const day = '2026-12-05';

describe('a name as part of a file name', () => {
  it.each([
    ['a plain name', 'Ana', 'ana'],
    ['a name with marks and an apostrophe', "Zoë O'Neil", 'zoe-o-neil'],
    ['a path', '../../etc', 'etc'],
    ['a Windows path with a drive letter', 'C:\\Users\\ana\\..', 'c-users-ana'],
    ['spaces, dots and slashes around a name', '  .Ana / Bo.  ', 'ana-bo'],
    ['letters that keep no mark', 'Straße Ørsted Łukasz', 'strasse-orsted-lukasz'],
    ['wide letters and ligatures', 'Ｐｌａｔｆｏｒｍ ﬁve', 'platform-five'],
    ['a name in a non-Latin script', '李雷', ''],
    ['only punctuation', '-- !! --', ''],
    ['nothing', '', ''],
    ['no name at all', undefined, ''],
  ])('turns %s into a safe part', (_what, name, expected) => {
    expect(fileNamePart(name)).toBe(expected);
  });

  it('cuts a 200-character name to at most 40 characters where a word ends', () => {
    const long = `${'Anastasia Papadopoulou '.repeat(9)}Smith`;
    expect(long.length).toBeGreaterThanOrEqual(200);
    const part = fileNamePart(long);
    expect(part.length).toBeLessThanOrEqual(fileNamePartLimit);
    expect(part).toBe('anastasia-papadopoulou-anastasia');
  });

  it('cuts one long word at exactly 40 characters', () => {
    expect(fileNamePart('x'.repeat(200))).toBe('x'.repeat(40));
  });

  it('for any text, gives only a-z, 0-9 and single inner dashes, at most 40 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 250 }), (text) => {
        const part = fileNamePart(text);
        expect(part.length).toBeLessThanOrEqual(fileNamePartLimit);
        expect(part).toMatch(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("a person's result file", () => {
  it('carries their name and the day, so five files from five people have five names', () => {
    expect(personResultFileName('Ana', day)).toBe('plainsec-assessment-ana-2026-12-05.json');
    const names = ['Ana', 'Bo', 'Cy', "Zoë O'Neil", 'Dee'].map((name) => personResultFileName(name, day));
    expect(new Set(names).size).toBe(5);
  });

  it('takes the day from a full ISO date', () => {
    expect(personResultFileName('Bo', '2026-12-05T16:20:00.000Z')).toBe('plainsec-assessment-bo-2026-12-05.json');
  });

  it('leaves the name out when none can be written in a file name', () => {
    expect(personResultFileName(undefined, day)).toBe('plainsec-assessment-2026-12-05.json');
    expect(personResultFileName('', day)).toBe('plainsec-assessment-2026-12-05.json');
    expect(personResultFileName('李雷', day)).toBe('plainsec-assessment-2026-12-05.json');
  });

  it('never carries a path, whatever the name', () => {
    expect(personResultFileName('../../etc', day)).toBe('plainsec-assessment-etc-2026-12-05.json');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        const file = personResultFileName(name, day);
        expect(file).toMatch(/^plainsec-assessment-(?:[a-z0-9-]+-)?2026-12-05\.json$/);
        expect(file).not.toContain('/');
        expect(file).not.toContain('\\');
        expect(file).not.toContain('..');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a 200-character name short enough to see the day', () => {
    const file = personResultFileName('Bo '.repeat(70), day);
    expect(file.length).toBeLessThanOrEqual('plainsec-assessment-'.length + fileNamePartLimit + '-2026-12-05.json'.length);
    expect(file.endsWith('-2026-12-05.json')).toBe(true);
  });
});

describe("a team's files", () => {
  it.each([
    ['result', 'json', 'plainsec-team-platform-2026-12-05.json'],
    ['plan', 'md', 'plainsec-team-platform-plan-2026-12-05.md'],
    ['plan', 'csv', 'plainsec-team-platform-plan-2026-12-05.csv'],
    ['message', 'txt', 'plainsec-team-platform-message-2026-12-05.txt'],
  ] as const)('names the team in the %s file (.%s)', (what, ext, expected) => {
    expect(teamFileName('Platform', what, day, ext)).toBe(expected);
  });

  it.each([
    [undefined, 'result', 'json', 'plainsec-team-2026-12-05.json'],
    ['', 'plan', 'md', 'plainsec-team-plan-2026-12-05.md'],
    ['李雷', 'plan', 'csv', 'plainsec-team-plan-2026-12-05.csv'],
    ['  ', 'message', 'txt', 'plainsec-team-message-2026-12-05.txt'],
  ] as const)('leaves the team out when its name %j cannot be written in a file name', (team, what, ext, expected) => {
    expect(teamFileName(team, what, day, ext)).toBe(expected);
  });

  it('writes a lower-case, quoted or path-like team name safely', () => {
    expect(teamFileName('platform', 'plan', '2026-12-05T09:00:00Z', 'md')).toBe('plainsec-team-platform-plan-2026-12-05.md');
    expect(teamFileName('"Ops" / Infra\nteam', 'result', day, 'json')).toBe('plainsec-team-ops-infra-team-2026-12-05.json');
    expect(teamFileName('../../etc/passwd', 'message', day, 'txt')).toBe('plainsec-team-etc-passwd-message-2026-12-05.txt');
  });
});
