/**
 * Falco: falcosidekick (its configuration is written beside the rules) sends each alert to the
 * outputs whose `minimumpriority` it reaches: chat for every urgency, the pager for wake-me-up.
 * falcosidekick knows nothing of working hours; its Alertmanager output, pointed at the Alertmanager
 * file, is the way to get them.
 */
import { toolNames } from '../vocabulary.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

const useAlertmanager = 'send its alerts to the Alertmanager file instead (its Alertmanager output)';

export const falcoDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const asked = askedFor(rule, hours);
    const via = [`falcosidekick's ${toolNames[alerting.chat]} output posts in the channel its webhook belongs to`];
    const gaps: string[] = [];
    if (asked.chat === 'held') gaps.push(`falcosidekick cannot hold an alert until working hours start, so it posts at once; ${useAlertmanager}`);
    let page = false;
    if (rule.urgency === 'wake-me-up') {
      if (alerting.pager === 'victorops') gaps.push(`falcosidekick has no Splunk On-Call output, so it does not page; ${useAlertmanager}`);
      else {
        page = true;
        via.push(`falcosidekick's ${toolNames[alerting.pager]} output pages for Critical alerts`);
      }
    } else if (asked.page) gaps.push(`falcosidekick knows nothing of working hours; ${useAlertmanager}`);
    return { chat: 'now', page, via, gaps };
  },
};
