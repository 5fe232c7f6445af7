/**
 * Reads splunk/savedsearches.conf back: the rule's saved searches (found by the rule's id), which
 * of them fire at an instant, and the alert actions those have on. The out-of-hours search's time
 * condition is read from its search text and evaluated at the instant with Intl, in the time zone
 * its description says the owner must have (Splunk's strftime reads the owner's zone).
 */
import type { ExportedFile } from '../../../../src/lib/rules/target.ts';
import { readConf } from '../support/kit.ts';
import type { DeliveryReader, ToldByFiles } from './reader.ts';

const chatActions = ['slack', 'ms_teams_publish_to_channel'];
const pagerActions = ['pagerduty', 'opsgenie', 'victorops'];

/** What Splunk's strftime gives for "%w" (0 = Sunday) and "%H%M" (as a number) at `at` in `timeZone`. */
export function localClock(at: Date, timeZone: string): { weekday: number; hhmm: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)!.value;
  return { weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday')), hhmm: Number(part('hour')) * 100 + Number(part('minute')) };
}

/** The eval that names the local weekday and time, exactly as the export writes it. */
const clockEval = ' | eval plainsec_weekday=tonumber(strftime(_time, "%w")), plainsec_hhmm=tonumber(strftime(_time, "%H%M")) | where ';

/**
 * Evaluates the `where` after the clock eval: NOT, AND, OR, parentheses and comparisons of
 * plainsec_weekday / plainsec_hhmm with =, >= and < against whole numbers (eval's order: NOT, then
 * AND, then OR). Throws on anything else, so a change to the written SPL cannot pass unread.
 */
export function evalClockWhere(text: string, clock: { weekday: number; hhmm: number }): boolean {
  const tokens = text.match(/\(|\)|NOT|AND|OR|plainsec_(?:weekday|hhmm)(?:=|>=|<)\d+|\S+/g) ?? [];
  let i = 0;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error(`expected ) in ${text}`);
      return v;
    }
    const m = /^plainsec_(weekday|hhmm)(=|>=|<)(\d+)$/.exec(t ?? '');
    if (!m) throw new Error(`unexpected ${t} in ${text}`);
    const value = m[1] === 'weekday' ? clock.weekday : clock.hhmm;
    const n = Number(m[3]);
    return m[2] === '=' ? value === n : m[2] === '>=' ? value >= n : value < n;
  };
  const not = (): boolean => (tokens[i] === 'NOT' ? (i++, !not()) : primary());
  const and = (): boolean => {
    let v = not();
    while (tokens[i] === 'AND') {
      i++;
      v = not() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === 'OR') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`unread text in ${text}`);
  return v;
}

/** Whether a saved search's own time condition lets an event at `at` through (true when it has none). */
export function keepsEventAt(settings: Map<string, string>, at: Date): boolean {
  const search = settings.get('search') ?? '';
  const at_ = search.lastIndexOf(clockEval);
  if (at_ < 0) return true;
  const zone = /which must be ([A-Za-z0-9_+/-]+)\.$/.exec(settings.get('description') ?? '')?.[1];
  if (!zone) throw new Error('a saved search reads the clock but does not say in which time zone');
  if (settings.get('dispatchAs') !== 'owner') throw new Error('a saved search reads the clock but does not run as its owner');
  return evalClockWhere(search.slice(at_ + clockEval.length), localClock(at, zone));
}

function told(files: readonly ExportedFile[], ruleId: string, at: Date): ToldByFiles {
  const file = files.find((f) => f.path === 'splunk/savedsearches.conf');
  if (!file) return { chat: 'no', page: false };
  const conf = readConf(file.content);
  const result: ToldByFiles = { chat: 'no', page: false };
  for (const name of [`plainsec-${ruleId}`, `plainsec-${ruleId} (outside working hours)`]) {
    const settings = conf.get(name);
    if (!settings || !keepsEventAt(settings, at)) continue;
    const on = (settings.get('actions') ?? '').split(',').filter((a) => a && settings.get(`action.${a}`) === '1');
    if (on.some((a) => chatActions.includes(a))) result.chat = 'now';
    if (on.some((a) => pagerActions.includes(a))) result.page = true;
    const channel = on.includes('slack') ? settings.get('action.slack.param.channel') : undefined;
    if (channel) result.channel = channel;
  }
  return result;
}

export const reader: DeliveryReader = {
  target: 'splunk',
  told: (files, rule, _alerting, at) => told(files, rule.id, at),
};
