/**
 * Alertmanager label matchers, and the labels our alerts arrive with. No dependencies, so the
 * browser's /announce/ page and the Alertmanager export share one definition.
 */

/** The `priority` label falcosidekick gives an alert from our Falco rules, for each urgency. */
export const falcosidekickPriority = {
  'wake-me-up': 'Critical',
  'look-today': 'Warning',
  fyi: 'Notice',
} as const;

/**
 * A label value as Alertmanager's matcher syntax reads it: in double quotes, with backslash,
 * double quote and newline escaped. Rule titles are user text and become the Falco `rule` label.
 */
export function quoteMatcherValue(value: string): string {
  return `"${value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`;
}

/** Text as an RE2 regular expression that matches exactly that text (Alertmanager anchors it). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}
