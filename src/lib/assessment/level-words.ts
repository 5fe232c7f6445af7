/** A practice's way to its next level, in the words the results and team pages show. */
import { levelKnownAtLeast, levelThreshold, type PracticeResult } from './score.ts';

const share = (v: number) => `${Math.round(v * 100)} %`;

/**
 * How far a practice is from its next level, as the end of "Trust but verify: level 0…". A level
 * whose answers reach 75 % but rest on too few people who know (less than 60 % of its weight)
 * says so, rather than "100 % of the way". Empty at the top level.
 */
export function nextLevelInWords(r: Pick<PracticeResult, 'level' | 'progress' | 'levelKnown'>): string {
  if (r.level >= 3) return '';
  const next = r.level + 1;
  if (r.progress === null) return `; nothing answered yet at level ${next}`;
  const known = r.levelKnown[r.level] ?? 0;
  if (r.progress >= levelThreshold && known < levelKnownAtLeast) {
    return `; the answers at level ${next} reach ${share(r.progress)}, but only ${share(known)} of it is known (60 % is needed): find out the rest first`;
  }
  return `; ${share(r.progress)} of the way to level ${next} (75 % is needed)`;
}
