/**
 * The fixed words of the rule model that pages show before any checking is needed: the urgencies
 * and how they are said, and the days of the week. Apart from model.ts (which re-exports them) so
 * the builder can show them without loading the schemas.
 */

export const urgencies = ['wake-me-up', 'look-today', 'fyi'] as const;
export type Urgency = (typeof urgencies)[number];

/** How each urgency is said to a person. */
export const urgencyWords: Record<Urgency, string> = {
  'wake-me-up': 'Wake me up',
  'look-today': 'Look today',
  fyi: 'Just so you know',
};

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A counting rule's window lengths every tool can align to the clock: divisors of an hour, and whole hours that divide a day. */
export const countWindowMinutes = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440] as const;

/** What a counting rule counts by: the same person or role, or the same address. */
export const countBys = ['who', 'address'] as const;

/** The chat tools alerts can post to. Slack is the default, so files without `alerting` keep working. */
export const chatTools = ['slack', 'mattermost', 'msteams'] as const;
export type ChatTool = (typeof chatTools)[number];
/** The paging services that can wake someone up. PagerDuty is the default. */
export const pagerTools = ['pagerduty', 'opsgenie', 'victorops'] as const;
export type PagerTool = (typeof pagerTools)[number];

/** How each chat tool and pager is named to a person. */
export const toolNames: Record<ChatTool | PagerTool, string> = {
  slack: 'Slack',
  mattermost: 'Mattermost',
  msteams: 'Microsoft Teams',
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  victorops: 'Splunk On-Call (VictorOps)',
};

/** Where alerts land, as the rule model's `alerting` says it (model.ts checks it). */
export interface Alerting {
  chat: ChatTool;
  pager: PagerTool;
  victoropsRoutingKey?: string | undefined;
  opsgenieTeam?: string | undefined;
}

/** The chat tool and pager a rule set uses, with the defaults filled in. */
export function alertingOf(ruleSet: { alerting?: Partial<Alerting> | undefined }): Alerting {
  return { ...ruleSet.alerting, chat: ruleSet.alerting?.chat ?? 'slack', pager: ruleSet.alerting?.pager ?? 'pagerduty' };
}
