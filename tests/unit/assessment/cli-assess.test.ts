import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { run } from '../../../src/cli/main.ts';
import { questionSetOf, type ResultFile } from '../../../src/lib/assessment/model.ts';
import { parseResultText } from '../../../src/lib/assessment/result-file.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';
import { parseXml } from './support/xml.ts';

const repo = process.cwd();
const bin = path.join(repo, 'bin/plainsec.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'plainsec-assess-'));

function write(name: string, text: string): string {
  const file = path.join(work, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// The worked example of the assessment model: one file per person, and its six questions as YAML.
const [p1, p2, p3] = workedExampleFiles().map((f, i) => write(`example/person-${i + 1}.json`, JSON.stringify(f, null, 2))) as [string, string, string];
const questions = path.join(work, 'questions');
for (const { id, ...data } of workedExampleQuestions) write(`questions/${id}.yaml`, stringify(data));

/** The moment every command in this file runs at: scores that age answers never read the real clock. */
const fixedNow = new Date('2026-11-25T10:00:00Z');

/** Runs `plainsec` in this process with stdout and stderr captured. */
async function plainsec(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t), now: () => fixedNow });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function scoreJson(...files: string[]): Promise<Record<string, any>> {
  const r = await plainsec('assess', 'score', ...files, '--questions', questions, '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const permutations = <T,>(items: T[]): T[][] =>
  items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));

describe('plainsec assess score', () => {
  it("gives the worked example's numbers in --json", async () => {
    const report = await scoreJson(p1, p2, p3);
    const s = report.practices['start-somewhere'];
    expect(s.score.toFixed(1)).toBe('42.3');
    expect(s.level).toBe(0);
    expect(s.progress).toBeCloseTo(0.558, 3);
    expect(s.coverage).toBeCloseTo(20 / 21, 12);
    expect(s.preliminary).toBe(false);
    expect(report.headlineLevel).toBe(0);
    expect(report.respondents).toBe(3);
    expect(report.overall).toBe(s.score);
    expect(report.nextSteps.map((n: { question: string; bucket: string; priority: number }) => [n.question, n.bucket, n.priority.toFixed(2)])).toEqual([
      ['q3', 'this-sprint', '5.03'],
      ['q2', 'this-sprint', '3.75'],
      ['q1', 'this-quarter', '2.17'],
    ]);
  });

  it('prints coverage 0.952 and uncertainty 5.11 for the worked example, as model version 2 has them', async () => {
    const s = (await scoreJson(p1, p2, p3)).practices['start-somewhere'];
    expect(Math.abs(s.coverage - 0.952)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(s.uncertainty - 5.11)).toBeLessThanOrEqual(0.01);
  });

  it('prints exactly the published JSON shape, numbers unrounded and null where a value does not exist', async () => {
    const r = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions, '--json');
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(['practices', 'overall', 'headlineLevel', 'respondents', 'nextSteps']);
    expect(Object.keys(report.practices)).toEqual(['start-somewhere', 'trust-but-verify', 'everyone-owns-security']);
    expect(report.practices['start-somewhere'].score).not.toBe(Math.round(report.practices['start-somewhere'].score * 10) / 10);
    expect(report.practices['trust-but-verify']).toEqual({ score: null, uncertainty: null, coverage: null, level: 0, progress: null, preliminary: true, target: null, gapToTarget: null });
  });

  it('gives the same JSON whatever the order of the files', async () => {
    const outputs = new Set<string>();
    for (const order of permutations([p1, p2, p3])) {
      const r = await plainsec('assess', 'score', ...order, '--questions', questions, '--json');
      outputs.add(r.out);
    }
    expect(outputs.size).toBe(1);
  });

  it('prints a table of score ± uncertainty, coverage, level and progress, then the headline level and next steps', async () => {
    const r = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContain('Team result: 3 people from 3 files.');
    const header = lines.find((l) => l.startsWith('Practice'))!;
    expect(header.split(/\s{2,}/)).toEqual(['Practice', 'Score', 'Coverage', 'Level', 'Progress to next']);
    const row = lines.find((l) => l.startsWith('Start somewhere'))!;
    expect(row.split(/\s{2,}/)).toEqual(['Start somewhere', '42.3 ± 5.11', '95.2 %', '0', '56 % to level 1']);
    expect(r.out).toMatch(/Headline level: 0 of 3 \(the weakest practice's level\)\. Overall score: 42\.3\./);
    expect(r.out.indexOf('Headline level')).toBeGreaterThan(r.out.indexOf(row));
    expect(r.out).toMatch(/This sprint\s+q3[^\n]*\n\s+This sprint\s+q2[^\n]*\n\s+This quarter\s+q1 .*talk first/);
  });

  it('ends the table with at most five questions to talk about first, each with why in words', async () => {
    const r = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.indexOf('Talk about these first (where the team disagrees or does not know):');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1)).toEqual(['  q1  Worked example: answers range from Most of it to All of it']);
  });

  it('counts a person found in two files once, keeps the later answers and says so', async () => {
    const later: ResultFile = workedExampleFiles()[0]!;
    later.respondents[0]!.answeredAt = '2026-11-20T09:00:00Z';
    later.respondents[0]!.answers['q6'] = 1;
    const again = write('example/person-1-later.json', JSON.stringify(later));
    for (const order of [[p1, p2, p3, again], [again, p3, p2, p1]]) {
      const r = await plainsec('assess', 'score', ...order, '--questions', questions, '--json');
      expect(r.code).toBe(0);
      expect(r.err).toContain('person-1 (Person 1) is in ');
      expect(r.err).toMatch(/counted once; kept the answers given at 2026-11-20T09:00:00Z, the later\./);
      expect(r.err).toContain(path.basename(again));
      const report = JSON.parse(r.out);
      expect(report.respondents).toBe(3);
      // q6 is 1/3 now: (2·0.833 + 2·0.5 + 0.125 + 0.167 + 0.333) / 7.
      expect(report.practices['start-somewhere'].score).toBeCloseTo((100 * (2 * (2.5 / 3) + 1 + 0.125 + 0.5 / 3 + 1 / 3)) / 7, 8);
    }
  });

  it('reports answers to questions it does not know, and keeps scoring the rest', async () => {
    const older = workedExampleFiles()[1]!;
    older.respondents[0]!.answers['retired-question'] = 1;
    const file = write('example/person-2-older.json', JSON.stringify(older));
    const r = await plainsec('assess', 'score', p1, file, p3, '--questions', questions, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Answers to 1 question that this question set does not have were kept but not scored.*: retired-question\./);
    expect(JSON.parse(r.out)).toEqual(await scoreJson(p1, p2, p3));
  });

  it('scores files saved under model version 1 under version 2, and says in one line that the scores may differ', async () => {
    const set = questionSetOf(workedExampleQuestions);
    const old = workedExampleFiles().map((f, i) => write(`version-1/person-${i + 1}.json`, JSON.stringify({ ...f, modelVersion: set }, null, 2)));
    const r = await plainsec('assess', 'score', ...old, '--questions', questions, '--json');
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `Saved under another scoring model than this one (model 2): ${old.map((f) => `${f} (model 1)`).join(', ')}. Scored here under model 2, so the scores may differ from the ones saved.`,
    ]);
    expect(JSON.parse(r.out)).toEqual(await scoreJson(p1, p2, p3));
    const now2 = workedExampleFiles().map((f, i) => write(`version-2/person-${i + 1}.json`, JSON.stringify({ ...f, modelVersion: 2, questionSet: set }, null, 2)));
    const quiet = await plainsec('assess', 'score', ...now2, '--questions', questions, '--json');
    expect(quiet.err).toBe('');
  });

  it('says which level too few people know, when its answers alone would reach it', async () => {
    // q1–q3 (level 1): "All of it" from one person, "I don't know" from the other two.
    const dir = 'one-voice';
    const files = [0, 1, 2].map((i) =>
      write(
        `${dir}/person-${i + 1}.json`,
        JSON.stringify({ formatVersion: 1, respondents: [{ id: `p${i}`, answers: { q1: i === 0 ? 1 : 'DK', q2: i === 0 ? 1 : 'DK', q3: i === 0 ? 1 : 'DK' }, answeredAt: '2026-11-01T10:00:00Z' }] }),
      ),
    );
    const r = await plainsec('assess', 'score', ...files, '--questions', questions);
    expect(r.code).toBe(0);
    const row = r.out.split('\n').find((l) => l.startsWith('Start somewhere'))!;
    expect(row.split(/\s{2,}/)).toEqual(['Start somewhere', '100.0 ± 24.49', '20.8 % (preliminary)', '0', '100 % to level 1 (under 60 % of it is known)']);
  });

  it('shows the effective score beside the table when answers are older than their cadence', async () => {
    for (const { id, ...data } of workedExampleQuestions) write(`stale-questions/${id}.yaml`, stringify(id === 'q1' ? { ...data, cadenceDays: 30 } : data));
    const old = workedExampleFiles().map((f, i) => {
      f.respondents[0]!.answerDates = { q1: '2020-01-01T00:00:00Z' };
      return write(`stale/person-${i + 1}.json`, JSON.stringify(f));
    });
    const r = await plainsec('assess', 'score', ...old, '--questions', path.join(work, 'stale-questions'));
    expect(r.code).toBe(0);
    // q1's three answers count at half value: (2·0.417 + 2·0.5 + 0.125 + 0.167 + 0) / 7.
    expect(r.out).toContain('3 answers are older than the question says an answer stays true. Counting those at half value, the effective scores are: Start somewhere 30.4.');
    expect(r.out).toMatch(/Start somewhere\s+42\.3 ± 5\.1/);
    const today = workedExampleFiles().map((f, i) => {
      f.respondents[0]!.answeredAt = fixedNow.toISOString();
      return write(`fresh/person-${i + 1}.json`, JSON.stringify(f));
    });
    const fresh = await plainsec('assess', 'score', ...today, '--questions', path.join(work, 'stale-questions'));
    expect(fresh.code).toBe(0);
    expect(fresh.out).not.toMatch(/effective/);
  });

  it('exits 0 when the headline level reaches --min-level and 1 when it is below', async () => {
    const reached = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions, '--min-level', '0');
    expect(reached.code).toBe(0);
    expect(reached.err).not.toMatch(/below/);
    const below = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions, '--min-level', '1', '--json');
    expect(below.code).toBe(1);
    expect(below.err).toContain('The headline level is 0, below the required 1.');
    expect(JSON.parse(below.out).headlineLevel).toBe(0);
  });

  it('prints target and gapToTarget per practice in --json for a file with targets, and plans toward them first', async () => {
    const [a, b, c] = workedExampleFiles();
    const aimed = write('targets/person-1.json', JSON.stringify({ ...a!, targets: { 'start-somewhere': 2 } }));
    const others = [b!, c!].map((f, i) => write(`targets/person-${i + 2}.json`, JSON.stringify(f)));
    const report = await scoreJson(aimed, ...others);
    expect(report.practices['start-somewhere']).toMatchObject({ level: 0, target: 2, gapToTarget: 2 });
    expect(report.practices['trust-but-verify']).toMatchObject({ target: null, gapToTarget: null });
    expect(report.nextSteps.map((n: { question: string; bucket: string; priority: number }) => [n.question, n.bucket, n.priority.toFixed(2)])).toEqual([
      ['q3', 'this-sprint', '5.03'],
      ['q2', 'this-sprint', '3.75'],
      ['q1', 'this-quarter', '2.17'],
      ['q4', 'this-quarter', '2.36'],
    ]);
    const table = await plainsec('assess', 'score', aimed, ...others, '--questions', questions);
    expect(table.out).toContain('Target for Start somewhere: level 2 (now 0, 2 levels to go)');
  });

  it('keeps --min-level working on a file with targets: the exit code follows the headline level, not the target', async () => {
    const [a, b, c] = workedExampleFiles();
    const aimed = write('targets-min/person-1.json', JSON.stringify({ ...a!, targets: { 'start-somewhere': 1 } }));
    const others = [b!, c!].map((f, i) => write(`targets-min/person-${i + 2}.json`, JSON.stringify(f)));
    expect((await plainsec('assess', 'score', aimed, ...others, '--questions', questions, '--min-level', '0')).code).toBe(0);
    const below = await plainsec('assess', 'score', aimed, ...others, '--questions', questions, '--min-level', '1', '--json');
    expect(below.code).toBe(1);
    expect(JSON.parse(below.out).practices['start-somewhere'].gapToTarget).toBe(1);
  });

  it.each(['4', '-1', '1.5', 'two', ''])('exits 2 on a --min-level that is not a level (%j)', async (value) => {
    const r = await plainsec('assess', 'score', p1, '--questions', questions, `--min-level=${value}`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--min-level takes a level from 0 to 3/);
    expect(r.out).toBe('');
  });

  it('writes a badge that parses as SVG, with a title naming the headline level', async () => {
    const badge = path.join(work, 'badges/nested/level.svg');
    const r = await plainsec('assess', 'score', p1, p2, p3, '--questions', questions, '--badge', badge, '--json');
    expect(r.code).toBe(0);
    JSON.parse(r.out); // the note about the badge goes to stderr, so stdout stays JSON
    expect(r.err).toContain(`Wrote the badge (security level 0 of 3) to ${badge}.`);
    const svg = parseXml(readFileSync(badge, 'utf8')).documentElement!;
    expect(svg.tagName).toBe('svg');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getElementsByTagName('title')[0]!.textContent).toBe('security level 0 of 3');
  });

  const example = JSON.stringify(workedExampleFiles()[0], null, 2);
  it.each([
    ['not JSON', () => write('bad/notes.json', 'These are my notes, not a result.'), /not readable JSON/],
    ['cut short', () => write('bad/truncated.json', example.slice(0, example.length / 2)), /not readable JSON: it may be cut short/],
    ['from a future version', () => write('bad/future.json', JSON.stringify({ formatVersion: 2, respondents: [] })), /saved by a newer Plainsec \(format 2\)/],
    ['over 1 MB', () => write('bad/big.json', JSON.stringify({ formatVersion: 1, respondents: [], team: 'x'.repeat(1_000_001) })), /a result file is at most 1 MB/],
    ['missing', () => path.join(work, 'bad/nowhere.json'), /no such file/],
    ['a folder', () => (mkdirSync(path.join(work, 'bad/folder.json'), { recursive: true }), path.join(work, 'bad/folder.json')), /is a folder/],
    ['holding a wrong answer', () => write('bad/answer.json', example.replace('"q1": 1', '"q1": 0.7')), /respondents\[0\]\.answers\.q1 must be one of 0, 0\.25, 0\.5, 1, "NA" or "DK"/],
  ])('exits 2 on a file %s, naming the file and what is wrong', async (_what, make, reason) => {
    const bad = make();
    const r = await plainsec('assess', 'score', p1, bad, '--questions', questions, '--json');
    expect(r.code).toBe(2);
    expect(r.err.startsWith(bad)).toBe(true);
    expect(r.err).toMatch(reason);
    expect(r.err).not.toContain(p1);
    expect(r.out).toBe('');
  });

  it('reads a file an editor saved with a byte-order mark, and refuses one that is not UTF-8 text', async () => {
    const withBom = write('example/person-1-bom.json', `\uFEFF${readFileSync(p1, 'utf8')}`);
    expect(await scoreJson(withBom, p2, p3)).toEqual(await scoreJson(p1, p2, p3));
    const latin1 = path.join(work, 'bad/latin1.json');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const r = await plainsec('assess', 'score', latin1, '--questions', questions);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${latin1}: this is not text (it is not UTF-8). Check that you picked the file Plainsec saved.`);
  });

  it('names every bad file, not just the first', async () => {
    const a = write('bad/first.json', '{');
    const b = write('bad/second.json', '[]');
    const r = await plainsec('assess', 'score', a, p1, b, '--questions', questions);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').map((l) => l.split(':')[0])).toEqual([a, b]);
  });

  it('names the question file and each field that is wrong', async () => {
    const dir = path.join(work, 'bad-questions');
    write('bad-questions/q1.yaml', stringify({ ...workedExampleQuestions[0], id: undefined, level: 4, goodLooksLike: undefined, colour: 'red' }));
    write('bad-questions/q2.yaml', 'practice: start-somewhere\nquestion: "unclosed\n');
    const r = await plainsec('assess', 'score', p1, '--questions', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path.join(dir, 'q1.yaml')} is not a valid question:`);
    expect(r.err).toContain('level: must be 1, 2 or 3 (found 4)');
    expect(r.err).toContain('goodLooksLike: must be text (found nothing)');
    expect(r.err).toContain('"colour" is not a question field; check the spelling');
    expect(r.err).toMatch(new RegExp(`${path.join(dir, 'q2.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line \\d+, column \\d+: this is not valid YAML`));
  });

  it('says when the questions folder is missing or empty', async () => {
    const missing = await plainsec('assess', 'score', p1, '--questions', path.join(work, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no-such-folder: no such folder/);
    mkdirSync(path.join(work, 'empty'), { recursive: true });
    const empty = await plainsec('assess', 'score', p1, '--questions', path.join(work, 'empty'));
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/holds no question files/);
  });

  it('asks for at least one file', async () => {
    const r = await plainsec('assess', 'score', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/name one or more result files/);
  });
});

describe('plainsec assess merge', () => {
  it('writes one file that loads back, with each person once, and reports the person found twice', async () => {
    const later = workedExampleFiles()[0]!;
    later.respondents[0]!.answeredAt = '2026-11-20T09:00:00Z';
    later.respondents[0]!.answers['q6'] = 1;
    const again = write('merge/person-1-later.json', JSON.stringify(later));
    const out = path.join(work, 'merge/team.json');
    const r = await plainsec('assess', 'merge', p1, p2, again, p3, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Wrote ${out}: 3 people from 4 files.`);
    expect(r.err).toMatch(/person-1 \(Person 1\) is in .*person-1\.json and .*person-1-later\.json: counted once; kept the answers given at 2026-11-20T09:00:00Z, the later\./);
    const parsed = parseResultText(readFileSync(out, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.file.respondents.map((p) => p.id)).toEqual(['person-1', 'person-2', 'person-3']);
    expect(parsed.file.respondents[0]!.answers['q6']).toBe(1);
    // Files that name no model version are this version's, and the team file says so.
    expect(parsed.file.modelVersion).toBe(2);
    // Scoring the merged file gives what scoring the files themselves gives.
    expect(await scoreJson(out)).toEqual(await scoreJson(p1, p2, again, p3));
  });

  it('marks the merged file with the lowest model version of its files, so the note about older scores is not lost', async () => {
    const set = questionSetOf(workedExampleQuestions);
    const [a, b] = workedExampleFiles();
    const older = write('merge/versions/older.json', JSON.stringify({ ...a, modelVersion: set }));
    const newer = write('merge/versions/newer.json', JSON.stringify({ ...b, modelVersion: 2, questionSet: set }));
    const out = path.join(work, 'merge/versions/team.json');
    expect((await plainsec('assess', 'merge', newer, older, '--out', out)).code).toBe(0);
    const parsed = parseResultText(readFileSync(out, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect([parsed.file.modelVersion, parsed.file.questionSet]).toEqual([1, set]);
  });

  it('keeps answers to unknown questions in the merged file', async () => {
    const older = workedExampleFiles()[1]!;
    older.respondents[0]!.answers['retired-question'] = 0.5;
    const file = write('merge/older.json', JSON.stringify(older));
    const out = path.join(work, 'merge/with-retired.json');
    expect((await plainsec('assess', 'merge', p1, file, '--out', out)).code).toBe(0);
    const parsed = parseResultText(readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.file.respondents[1]!.answers['retired-question']).toBe(0.5);
  });

  it('keeps a copy of a result file it replaces and says so, even when it is one of the inputs', async () => {
    const out = write('merge/replace/team.json', readFileSync(p1, 'utf8'));
    const before = readFileSync(out, 'utf8');
    const r = await plainsec('assess', 'merge', out, p2, p3, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${out} already existed: kept a copy of it as ${out}.bak before replacing it.`);
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe(before);
    const parsed = parseResultText(readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.file.respondents.length).toBe(3);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['team.json', 'team.json.bak']);
  });

  it('never replaces a file that is not a Plainsec result, and says so', async () => {
    const out = write('merge/keep/notes.json', '{"shopping": ["milk"]}');
    const r = await plainsec('assess', 'merge', p1, p2, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/notes\.json exists and is not a Plainsec result file, so it was not replaced/);
    expect(readFileSync(out, 'utf8')).toBe('{"shopping": ["milk"]}');
    expect(existsSync(`${out}.bak`)).toBe(false);
  });

  it('writes nothing when an input is bad', async () => {
    const out = path.join(work, 'merge/never.json');
    const bad = write('merge/bad.json', '{"formatVersion": 1, "respondents": [{"id": ""}]}');
    const r = await plainsec('assess', 'merge', p1, bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json: This result file is damaged or was changed by hand: respondents\[0\]\.id is empty/);
    expect(existsSync(out)).toBe(false);
  });

  it('asks for --out', async () => {
    const r = await plainsec('assess', 'merge', p1, p2);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/say where to write the team file with --out FILE/);
  });
});

describe('plainsec assess help', () => {
  it.each([
    [['assess', 'score', '--help'], /--min-level N\s+exit 1 when the headline level is below N/],
    [['assess', 'merge', '--help'], /copied to FILE\.bak/],
    [['assess', '--help'], /plainsec assess merge FILE\.\.\. --out FILE/],
    [['--help'], /plainsec assess score FILE\.\.\.[\s\S]*plainsec assess merge FILE\.\.\. --out FILE/],
  ])('explains itself with %j', async (args, expected) => {
    const r = await plainsec(...args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(expected);
  });

  it('names the commands it has when given an unknown one', async () => {
    const r = await plainsec('assess', 'grade');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "grade". Use score or merge.');
  });
});

describe('the plainsec process', () => {
  it("reads the site's own questions from any folder, and --min-level sets the exit code", () => {
    const ids = readdirSync(path.join(repo, 'content/quiz'))
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => n.slice(0, -5));
    const best: ResultFile = {
      formatVersion: 1,
      respondents: [{ id: 'lead', answers: Object.fromEntries(ids.map((id) => [id, 1])), answeredAt: fixedNow.toISOString() }],
    };
    const file = write('process/best.json', JSON.stringify(best));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'plainsec-cwd-'));
    const r = spawnSync(process.execPath, [bin, 'assess', 'score', file, '--json', '--min-level', '3'], { cwd: elsewhere, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.headlineLevel).toBe(3);
    for (const p of Object.values(report.practices) as { score: number; level: number; coverage: number }[]) {
      expect(p).toMatchObject({ score: 100, level: 3, coverage: 1 });
    }
    const below = spawnSync(process.execPath, [bin, 'assess', 'score', p1, '--min-level', '1'], { cwd: elsewhere, encoding: 'utf8', timeout: 30_000 });
    expect(below.status).toBe(1);
    expect(below.stderr).toContain('below the required 1');
  });
});
