/**
 * Elastic: each Kibana rule has actions through connectors, one for the chat channel and one for the
 * pager; an action's `alerts_filter.timeframe` limits it to days and hours in a time zone, which
 * is how a look-today rule pages only outside working hours.
 */
import { toolNames } from '../model.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

export const elasticDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const asked = askedFor(rule, hours);
    const via = [`the rule's ${toolNames[alerting.chat]} action posts in ${rule.notify}`];
    const gaps = asked.chat === 'held' ? ['Kibana cannot hold an alert until working hours start, so it posts at once'] : [];
    if (rule.urgency === 'wake-me-up') via.push(`the rule's ${toolNames[alerting.pager]} action pages`);
    else if (asked.page) via.push(`the rule's ${toolNames[alerting.pager]} action pages, limited by its time frame to outside working hours`);
    return { chat: 'now', page: asked.page, via, gaps };
  },
};
