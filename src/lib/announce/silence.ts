/**
 * The Alertmanager silences for an announced change: the JSON body for `POST /api/v2/silences`
 * (Alertmanager's `postableSilence`). Alerts for one rule arrive in two shapes (see the
 * Alertmanager export), and a silence's matchers must all hold, so there is one silence per shape:
 * by `alertname` for sources that set it, and by `source="falco"` + `rule` for falcosidekick.
 */
import { escapeRegex } from '../rules/alertmanager-matchers.ts';
import type { Announcement } from './announcement.ts';

export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** Alertmanager's `postableSilence`, without an `id` (a new silence). */
export interface PostableSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** One silence and the alerts it mutes, in words. */
export interface SilenceFor {
  /** Which alerts it is for, in words: "alerts from Falco (through falcosidekick)". */
  label: string;
  /** A short name for files: "alertname" or "falco". */
  key: 'alertname' | 'falco';
  silence: PostableSilence;
}

const equalOrOneOf = (name: string, values: string[]): SilenceMatcher =>
  values.length === 1
    ? { name, value: values[0]!, isRegex: false, isEqual: true }
    : { name, value: values.map(escapeRegex).join('|'), isRegex: true, isEqual: true };

/** An instant as RFC 3339 in UTC to the second, as Alertmanager and amtool write it: 2026-03-29T00:30:00Z. */
function rfc3339(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The comment every silence and calendar entry carries, so people find the announcement from the silence. */
export function silenceComment(a: Announcement): string {
  return `Announced change: ${a.input.what.trim()}`;
}

/** The silences for an announcement: one for `alertname` sources, one for falcosidekick where a chosen rule reaches Falco. */
export function silencesFor(a: Announcement): SilenceFor[] {
  const common = {
    startsAt: rfc3339(a.start),
    endsAt: rfc3339(a.end),
    createdBy: a.input.who.trim(),
    comment: silenceComment(a),
  };
  const out: SilenceFor[] = [
    {
      label: 'alerts that carry alertname (Prometheus, EventBridge or a SIEM through Alertmanager)',
      key: 'alertname',
      silence: { matchers: [equalOrOneOf('alertname', a.chosen.map((c) => c.id))], ...common },
    },
  ];
  const falco = a.chosen.filter((c) => c.falcoName !== undefined).map((c) => c.falcoName!);
  if (falco.length > 0)
    out.push({
      label: 'alerts from Falco (through falcosidekick)',
      key: 'falco',
      silence: { matchers: [{ name: 'source', value: 'falco', isRegex: false, isEqual: true }, equalOrOneOf('rule', falco)], ...common },
    });
  return out;
}
