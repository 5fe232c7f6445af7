/**
 * The `amtool silence add` command for a silence, safe to paste into a POSIX shell whatever the
 * user typed: every argument is one single-quoted word, inside which the shell expands nothing
 * (no `$()`, no backticks, no newlines ending the command); a `'` is closed, escaped and reopened.
 */
import { quoteMatcherValue } from '../rules/alertmanager-matchers.ts';
import type { PostableSilence, SilenceMatcher } from './silence.ts';

/** One shell word, single-quoted. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A silence matcher in amtool's syntax: `rule=~"A|B"`. */
export function matcherText(m: SilenceMatcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${quoteMatcherValue(m.value)}`;
}

/**
 * The command that creates the same silence as the JSON. `--start` and `--end` are given (not a
 * duration) so that running it late still covers exactly the announced window.
 */
export function amtoolCommand(silence: PostableSilence, alertmanagerUrl: string): string {
  const args = [
    'amtool',
    'silence',
    'add',
    `--alertmanager.url=${shellWord(alertmanagerUrl)}`,
    `--author=${shellWord(silence.createdBy)}`,
    `--comment=${shellWord(silence.comment)}`,
    `--start=${silence.startsAt}`,
    `--end=${silence.endsAt}`,
    ...silence.matchers.map((m) => shellWord(matcherText(m))),
  ];
  return args.join(' ');
}
