/** Setting the level a team aims for on a result file (the plan's use of it is in next-steps.ts). */
import { practiceIds, type PracticeId } from '../practices.ts';
import type { ResultFile } from './model.ts';

/** The file with the practice's target set, or cleared with undefined; a file left with no target loses the field. */
export function withTarget(file: ResultFile, practice: PracticeId, level: 1 | 2 | 3 | undefined): ResultFile {
  const targets = { ...file.targets, [practice]: level };
  if (level === undefined) delete targets[practice];
  const { targets: _old, ...rest } = file;
  // Practice order, so the same targets always save as the same text.
  const kept = Object.fromEntries(practiceIds.filter((p) => targets[p] !== undefined).map((p) => [p, targets[p]]));
  return Object.keys(kept).length > 0 ? { ...rest, targets: kept } : rest;
}
