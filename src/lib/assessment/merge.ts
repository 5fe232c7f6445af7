/**
 * Putting several people's answers into one team result. The same person (same id) found twice
 * keeps the answers with the later `answeredAt`; ties go to the larger text of the answers, so
 * the outcome never depends on the order files are read in. Snapshots are joined by date.
 * The team file names the lowest model version of its parts (their saved scores may come from
 * it) and the largest question set.
 */
import { practiceIds, type PracticeId } from '../practices.ts';
import { evidenceWithAuthors, joinEvidence } from './evidence.ts';
import type { ResultFile, Respondent, Snapshot, Targets } from './model.ts';

export interface MergeOutcome {
  file: ResultFile;
  /** People found more than once, with the answer date that was kept. */
  replaced: { id: string; name?: string; kept: string }[];
}

function later(a: Respondent, b: Respondent): Respondent {
  const ta = Date.parse(a.answeredAt);
  const tb = Date.parse(b.answeredAt);
  if (ta !== tb) return ta > tb ? a : b;
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

/** One file holding everyone in these files, each person once. */
export function mergeResults(files: readonly ResultFile[]): MergeOutcome {
  const byId = new Map<string, Respondent>();
  const seenTwice = new Set<string>();
  for (const file of files) {
    for (const respondent of file.respondents) {
      const existing = byId.get(respondent.id);
      if (existing) seenTwice.add(respondent.id);
      byId.set(respondent.id, existing ? later(existing, respondent) : respondent);
    }
  }
  const respondents = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const snapshots = new Map<string, Snapshot>();
  // Keyed by the whole snapshot, so two that differ in any field are both kept, whatever the order.
  for (const file of files) for (const s of file.snapshots ?? []) snapshots.set(JSON.stringify(s), s);
  const file: ResultFile = { formatVersion: 1, respondents };
  // Question sets are "<question count>-<hash>": keep the largest question set, then the larger text.
  const questionCount = (v: string) => Number.parseInt(v, 10) || 0;
  const questionSets = [...new Set(files.map((f) => f.questionSet).filter((v): v is string => v !== undefined))].sort(
    (a, b) => questionCount(a) - questionCount(b) || a.localeCompare(b),
  );
  // The lowest model version named: the joined scores (snapshots) are no newer than their oldest part.
  const modelVersions = files.map((f) => f.modelVersion).filter((v): v is number => v !== undefined);
  if (modelVersions.length > 0) file.modelVersion = Math.min(...modelVersions);
  if (questionSets.length > 0) file.questionSet = questionSets[questionSets.length - 1]!;
  const teams = [...new Set(files.map((f) => f.team).filter((t): t is string => t !== undefined))].sort();
  if (teams.length > 0) file.team = teams.join(' + ');
  if (snapshots.size > 0) file.snapshots = [...snapshots.values()].sort((a, b) => a.date.localeCompare(b.date) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
  // Everyone's evidence per question, each marked with who added it; the same title, link and
  // date once (joinEvidence keeps the copy of the first person id, whatever the order).
  const evidence = files.flatMap((f) => Object.entries(evidenceWithAuthors(f)));
  if (evidence.length > 0) {
    const joined: NonNullable<ResultFile['evidence']> = {};
    for (const [q, items] of evidence) joined[q] = joinEvidence(joined[q] ?? [], items);
    file.evidence = Object.fromEntries(Object.entries(joined).sort(([a], [b]) => a.localeCompare(b)));
  }
  // Targets: the highest level anyone set per practice, so the order of files never matters.
  const targets: Targets = {};
  for (const f of files) {
    for (const [practice, level] of Object.entries(f.targets ?? {}) as [PracticeId, 1 | 2 | 3][]) {
      targets[practice] = Math.max(targets[practice] ?? 0, level) as 1 | 2 | 3;
    }
  }
  if (Object.keys(targets).length > 0) file.targets = Object.fromEntries(practiceIds.filter((p) => p in targets).map((p) => [p, targets[p]]));
  return {
    file,
    replaced: [...seenTwice].sort().map((id) => {
      const kept = byId.get(id)!;
      return kept.name === undefined ? { id, kept: kept.answeredAt } : { id, name: kept.name, kept: kept.answeredAt };
    }),
  };
}
