/**
 * Splunk: each saved search has alert actions, one for the chat channel and one for the pager; a
 * look-today rule with working hours gets a second saved search that keeps only what happened
 * outside working hours, and pages. Splunk reads those hours in the time zone of the search's
 * owner (savedsearches.conf cannot set one), so the owner's time zone must be the rule's.
 */
import { toolNames } from '../vocabulary.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

export const splunkDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const asked = askedFor(rule, hours);
    const gaps: string[] = [];
    const via = [
      alerting.chat === 'msteams'
        ? "the saved search's Microsoft Teams action posts in the channel its webhook belongs to"
        : `the saved search's ${toolNames[alerting.chat]} action posts in ${rule.notify}`,
    ];
    if (asked.chat === 'held') gaps.push('a saved search cannot hold an alert until working hours start, so it posts at once');
    if (rule.urgency === 'wake-me-up') via.push(`the saved search's ${toolNames[alerting.pager]} action pages`);
    else if (asked.page)
      via.push(
        `Splunk reads working hours in the time zone of the saved search's owner, so set that user's time zone to ${rule.workingHours!.timeZone}`,
        `a second saved search keeps only what happened outside working hours and pages through ${toolNames[alerting.pager]}`,
      );
    return { chat: 'now', page: asked.page, via, gaps };
  },
};
