/** The templates as the builder receives them from the page: grouped by pack, in the order a team should adopt them. */
import type { Rule } from '../../lib/rules/model.ts';

export interface TemplateGroup {
  id: string;
  name: string;
  about?: string;
  /** The pack's rules, without their examples (the try-it panel fetches those when opened). */
  rules: Rule[];
}
