/**
 * Elastic: each Kibana rule has actions through connectors, one for the chat channel and one for the
 * pager; an action's `alerts_filter.timeframe` limits it to days and hours in a time zone, which
 * is how a look-today rule pages only outside working hours (src/lib/rules/exporters/elastic-actions.ts).
 *
 * Kibana checks a time frame strictly after its start minute, so no time frame takes in the minute
 * 00:00 itself (see elastic-actions.ts): a look-today alert in that one minute posts and does not page.
 */
import { toolNames } from '../vocabulary.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

export const elasticDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const asked = askedFor(rule, hours);
    const via = [`the rule's ${toolNames[alerting.chat]} action posts in ${rule.notify}`];
    const gaps: string[] = [];
    if (asked.chat === 'held') gaps.push('Kibana cannot hold an alert until working hours start, so it posts at once');
    if (rule.urgency === 'wake-me-up') via.push(`the rule's ${toolNames[alerting.pager]} action pages`);
    else if (asked.page) {
      via.push(`the rule's ${toolNames[alerting.pager]} actions page, limited by their time frames to outside working hours`);
      gaps.push('Kibana time frames never take in the minute from midnight to 00:01, so an alert in that minute posts but does not page');
    }
    return { chat: 'now', page: asked.page, via, gaps };
  },
};
