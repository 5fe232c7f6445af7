/**
 * Splunk: each saved search has alert actions, one for the chat channel and one for the pager; a
 * look-today rule with working hours gets a second saved search that keeps only what happened
 * outside working hours, and pages.
 */
import { toolNames } from '../model.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

export const splunkDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const asked = askedFor(rule, hours);
    const via: string[] = [];
    const gaps: string[] = [];
    let chat: 'now' | 'no' = 'now';
    if (alerting.chat === 'msteams') {
      chat = 'no';
      gaps.push('Splunk has no alert action for Microsoft Teams that these files can set; use the Alertmanager or Elastic file for Teams');
    } else via.push(`the saved search's ${toolNames[alerting.chat]} action posts in ${rule.notify}`);
    if (asked.chat === 'held' && chat !== 'no') gaps.push('a saved search cannot hold an alert until working hours start, so it posts at once');
    if (rule.urgency === 'wake-me-up') via.push(`the saved search's ${toolNames[alerting.pager]} action pages`);
    else if (asked.page) via.push(`a second saved search keeps only what happened outside working hours and pages through ${toolNames[alerting.pager]}`);
    return { chat, page: asked.page, via, gaps };
  },
};
