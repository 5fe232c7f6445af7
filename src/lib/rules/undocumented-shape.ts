/**
 * The one sentence every export gives when it refuses a test on a field whose shape AWS does not
 * document. Kept apart from `documented.ts` (and its tables) so that the rule builder, which shows
 * the reviewed refusals, loads only these words.
 */

/**
 * Why a tool cannot test a field whose shape AWS does not document for the calls the rule looks
 * at: there a record may hold a list, which the rule reads by any of its values (`canonical.ts`),
 * and the tool reads a list another way (`howToolReadsList`).
 */
export function undocumentedShapeReason(tool: string, field: string, howToolReadsList: string): string {
  return `${tool} ${howToolReadsList}, and AWS does not document that ${field} holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does`;
}
