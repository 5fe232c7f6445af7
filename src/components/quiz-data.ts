/** The quiz questions and the titles they link to, read from the content collections at build time. */
import { getCollection } from 'astro:content';
import { practiceIds } from '../lib/practices.ts';
import { inQuizOrder, toQuestion } from '../lib/assessment/questions.ts';
import type { Question } from '../lib/assessment/model.ts';
import { frameworkFields, pickFrameworkIds, type FrameworkIds } from '../lib/frameworks/maps-to.ts';

export interface QuizData {
  questions: Question[];
  titles: {
    guides: Record<string, string>;
    checklist: Record<string, string>;
    rules: Record<string, string>;
    /** The framework ids of each question's checklist items and alert rules, by question id: the printed report names them per step. */
    mapsTo: Record<string, FrameworkIds>;
  };
}

/** The ids of several items joined, each id once, in the order the items name them. */
function joinIds(items: readonly FrameworkIds[]): FrameworkIds | undefined {
  const joined: Record<string, string[]> = {};
  for (const field of frameworkFields) joined[field] = [...new Set(items.flatMap((i) => i[field] ?? []))];
  return pickFrameworkIds(joined);
}

export async function quizData(): Promise<QuizData> {
  const [quiz, guides, checklist, rules] = await Promise.all([
    getCollection('quiz'),
    getCollection('guides'),
    getCollection('checklist'),
    getCollection('rules'),
  ]);
  const questions = inQuizOrder(
    quiz.map((q) => toQuestion(q.id, q.data)),
    practiceIds,
  );
  const used = (pick: (q: Question) => string[]) => new Set(questions.flatMap(pick));
  const usedGuides = used((q) => [q.guide]);
  const usedChecklist = used((q) => q.checklist);
  const usedRules = used((q) => q.rules);
  const checklistIds = new Map(checklist.map((c) => [c.id, c.data as FrameworkIds]));
  const ruleIds = new Map(rules.flatMap((r) => r.data.rules).map((r) => [r.id, r as FrameworkIds]));
  const mapsTo = Object.fromEntries(
    questions.flatMap((q) => {
      const ids = joinIds([...q.checklist.flatMap((id) => checklistIds.get(id) ?? []), ...q.rules.flatMap((id) => ruleIds.get(id) ?? [])]);
      return ids ? [[q.id, ids]] : [];
    }),
  );
  return {
    questions,
    titles: {
      guides: Object.fromEntries(guides.filter((g) => usedGuides.has(g.id)).map((g) => [g.id, g.data.title])),
      checklist: Object.fromEntries(checklist.filter((c) => usedChecklist.has(c.id)).map((c) => [c.id, c.data.title])),
      rules: Object.fromEntries(rules.flatMap((r) => r.data.rules).filter((r) => usedRules.has(r.id)).map((r) => [r.id, r.title])),
      mapsTo,
    },
  };
}
