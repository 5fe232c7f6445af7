/**
 * What every guide page needs to know about all the guides, checklist items and rule templates,
 * read from the content collections once per build. Each guide page reading and sorting every
 * guide again would make the build grow with the square of the number of guides. In `astro dev`
 * it is read again for every page, so edits show at once.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { groupByPractice, readingOrder } from '../lib/navigation.ts';
import { oncePerBuild } from './once-per-build.ts';

export type GuideListing = { id: string } & CollectionEntry<'guides'>['data'];

export interface GuidePagesData {
  guidesById: ReadonlyMap<string, GuideListing>;
  /** Every guide by practice, in reading order. */
  groups: ReturnType<typeof groupByPractice<GuideListing>>;
  neighbours: ReturnType<typeof readingOrder<GuideListing>>['neighbours'];
  checklist: readonly CollectionEntry<'checklist'>[];
  rulesById: ReadonlyMap<string, CollectionEntry<'rules'>['data']['rules'][number]>;
}

async function read(): Promise<GuidePagesData> {
  const [guides, checklist, ruleSets] = await Promise.all([getCollection('guides'), getCollection('checklist'), getCollection('rules')]);
  const all = guides.map((g) => ({ id: g.id, ...g.data }));
  return {
    guidesById: new Map(all.map((g) => [g.id, g])),
    groups: groupByPractice(all),
    neighbours: readingOrder(all).neighbours,
    checklist,
    rulesById: new Map(ruleSets.flatMap((set) => set.data.rules.map((rule) => [rule.id, rule] as const))),
  };
}

/** The data every guide page shares; read once in a build, every time in dev. */
export const guidePagesData = oncePerBuild(read);
