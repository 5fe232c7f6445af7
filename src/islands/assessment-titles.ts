/**
 * The page titles the self-assessment links to, by id, handed in by the page. Its own module so the
 * quiz (Assessment.tsx) and its results (AssessmentResults.tsx) share it without importing each other.
 */
import type { FrameworkIds } from '../lib/frameworks/maps-to.ts';

export interface Titles {
  guides: Record<string, string>;
  checklist: Record<string, string>;
  rules: Record<string, string>;
  /** The framework ids of each question's checklist items and alert rules, by question id. */
  mapsTo: Record<string, FrameworkIds>;
}
