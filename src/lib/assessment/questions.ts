/** Turning the quiz content (content/quiz/<id>.yaml) into questions, for the site and the command line. */
import type { Question } from './model.ts';

/** The fields of a question file, as the content schema checks them. */
export type QuestionData = Omit<Question, 'id' | 'checklist' | 'rules'> & { checklist?: string[]; rules?: string[] };

/** A question from its file name (the id) and data, in a stable order: practice, level, id. */
export function toQuestion(id: string, data: QuestionData): Question {
  const question: Question = { ...data, id, checklist: data.checklist ?? [], rules: data.rules ?? [] };
  if (data.cadenceDays === undefined) delete question.cadenceDays;
  return question;
}

/** Questions in the order the quiz asks them: by practice (as given), then level, then id. */
export function inQuizOrder(questions: readonly Question[], practiceOrder: readonly string[]): Question[] {
  return [...questions].sort(
    (a, b) => practiceOrder.indexOf(a.practice) - practiceOrder.indexOf(b.practice) || a.level - b.level || a.id.localeCompare(b.id),
  );
}
