/**
 * Who the Elastic file tells: the Kibana rule's actions (found by rule_id), each followed to its
 * connector in the same NDJSON, and each action's `alerts_filter.timeframe` checked at the instant
 * the way Kibana checks it (its alerts query, see tests/fixtures/elastic-delivery/SOURCE.md): the
 * alert's ISO day in the time zone must be listed (an empty list is every day), and its hour and
 * minute must lie strictly between start and end, overnight when end is not after start.
 */
import type { ExportedFile } from '../../../../src/lib/rules/target.ts';
import type { DeliveryReader, ToldByFiles } from './reader.ts';

interface KibanaAction {
  id: string;
  action_type_id: string;
  params: Record<string, unknown>;
  alerts_filter?: { timeframe?: { days: number[]; hours: { start: string; end: string }; timezone: string } };
}
interface Connector {
  id: string;
  type: 'action';
  attributes: { actionTypeId: string; name: string; config: { url?: string } };
}

const isoDay: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether Kibana would run an action with this time frame for an alert at `at`. */
export function inTimeframe(timeframe: NonNullable<KibanaAction['alerts_filter']>['timeframe'], at: Date): boolean {
  if (!timeframe) return true;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timeframe.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)!.value;
  const day = isoDay[part('weekday')]!;
  if (timeframe.days.length > 0 && !timeframe.days.includes(day)) return false;
  // Kibana compares the alert's hour and minute (seconds dropped) with LocalTime.isAfter / isBefore.
  const minute = Number(part('hour')) * 60 + Number(part('minute'));
  const toMinute = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const start = toMinute(timeframe.hours.start);
  const end = toMinute(timeframe.hours.end);
  if (end <= start) return (minute > start && minute < 24 * 60) || (minute > 0 && minute < end);
  return minute > start && minute < end;
}

/** The rule's chat channel as its connector says it: Slack's app names it in the action, a webhook connector in its name. */
function channelOf(action: KibanaAction, connector: Connector): string | undefined {
  const names = (action.params['subActionParams'] as { channelNames?: string[] } | undefined)?.channelNames;
  if (names) return names[0];
  return /: (#\S+)$/.exec(connector.attributes.name)?.[1];
}

export const reader: DeliveryReader = {
  target: 'elastic',
  told(files: readonly ExportedFile[], rule, _alerting, at): ToldByFiles {
    const file = files.find((f) => f.path === 'elastic/plainsec-rules.ndjson');
    if (!file) return { chat: 'no', page: false };
    const objects = file.content.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const kibanaRule = objects.find((o) => o['rule_id'] === `plainsec-${rule.id}`);
    if (!kibanaRule) return { chat: 'no', page: false };
    const connectors = new Map(objects.filter((o) => o['type'] === 'action').map((o) => [o['id'] as string, o as unknown as Connector]));
    let chat = false;
    let page = false;
    let channel: string | undefined;
    for (const action of (kibanaRule['actions'] as KibanaAction[] | undefined) ?? []) {
      const connector = connectors.get(action.id);
      if (!connector || connector.attributes.actionTypeId !== action.action_type_id) throw new Error(`action ${action.id} has no connector of its type in the file`);
      if (!inTimeframe(action.alerts_filter?.timeframe, at)) continue;
      const type = connector.attributes.actionTypeId;
      const pages = type === '.pagerduty' || type === '.opsgenie' || (type === '.webhook' && new URL(connector.attributes.config.url!).hostname === 'alert.victorops.com');
      if (pages) page = true;
      else if (type === '.slack_api' || type === '.slack' || type === '.teams') {
        chat = true;
        channel = channelOf(action, connector);
      }
    }
    return { chat: chat ? 'now' : 'no', page, ...(channel ? { channel } : {}) };
  },
};
