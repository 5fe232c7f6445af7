/**
 * The page titles the self-assessment links to, by id, handed in by the page. Its own module so the
 * quiz (Assessment.tsx) and its results (AssessmentResults.tsx) share it without importing each other.
 */
export interface Titles {
  guides: Record<string, string>;
  checklist: Record<string, string>;
  rules: Record<string, string>;
}
