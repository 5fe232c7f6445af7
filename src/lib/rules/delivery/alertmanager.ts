/** Alertmanager does everything a rule asks: its routes, time intervals and receivers (exporters/alertmanager.ts). */
import { toolNames } from '../vocabulary.ts';
import type { TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

export const alertmanagerDelivery: TargetDelivery = {
  deliver(rule, alerting, hours) {
    const told = askedFor(rule, hours);
    const via: string[] = [];
    if (told.chat === 'now') via.push(`the ${rule.urgency} route in alertmanager.yml posts in ${rule.notify} through ${toolNames[alerting.chat]}`);
    if (told.chat === 'held') via.push(`the ${rule.urgency} route in alertmanager.yml holds the post for ${rule.notify} until working hours start (active_time_intervals)`);
    if (told.page && rule.urgency === 'wake-me-up') via.push(`the receiver "page" in alertmanager.yml pages through ${toolNames[alerting.pager]}`);
    else if (told.page) via.push(`the receiver "page" in alertmanager.yml pages through ${toolNames[alerting.pager]} outside working hours (mute_time_intervals)`);
    return { ...told, via, gaps: [] };
  },
};
