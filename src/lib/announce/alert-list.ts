/**
 * A team's own alerts for /announce/: the `announce-alerts.json` file the Alertmanager export
 * writes beside its config (rule ids, titles, urgencies and the Falco rule names falcosidekick will
 * send). The page reads it with `parseAlertList`, which never throws and needs no schema library.
 */
import type { AlertChoice } from './announcement.ts';

/** Bumped when a change would misread old files. */
const alertListVersion = 1;
export const alertListFileName = 'announce-alerts.json';

const urgencyWords = { 'wake-me-up': 'Wake me up', 'look-today': 'Look today', fyi: 'Just so you know' } as const;
type ListedUrgency = keyof typeof urgencyWords;

/** The file's text for these alerts. */
export function alertListJson(alerts: readonly Pick<AlertChoice, 'id' | 'title' | 'urgency' | 'falcoName'>[]): string {
  const plain = {
    plainsecAlerts: alertListVersion,
    alerts: alerts.map((a) => ({ id: a.id, title: a.title, urgency: a.urgency, ...(a.falcoName !== undefined ? { falcoName: a.falcoName } : {}) })),
  };
  return `${JSON.stringify(plain, null, 2)}\n`;
}

/** Reads the file; `from` says where the alerts come from ("Your rules"). */
export function parseAlertList(text: string, from: string): { ok: true; alerts: AlertChoice[] } | { ok: false; problem: string } {
  const wrong = (why: string) => ({
    ok: false as const,
    problem: `This is not an alerts file from the Alertmanager export (${why}). Choose alertmanager/${alertListFileName} from "plainsec rules export --to alertmanager".`,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return wrong('it is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrong('it holds no list of alerts');
  const file = value as Record<string, unknown>;
  if (file['plainsecAlerts'] !== alertListVersion) return wrong('it does not start with "plainsecAlerts": 1');
  const list = file['alerts'];
  if (!Array.isArray(list) || list.length === 0 || list.length > 2000) return wrong('its list of alerts is empty or missing');
  const alerts: AlertChoice[] = [];
  const seen = new Set<string>();
  for (const [i, item] of list.entries()) {
    const a = (item ?? {}) as Record<string, unknown>;
    const id = a['id'];
    const title = a['title'];
    const urgency = a['urgency'];
    const falcoName = a['falcoName'];
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{2,62}$/.test(id)) return wrong(`alert ${i + 1} has no rule id`);
    if (seen.has(id)) return wrong(`the rule id ${id} appears twice`);
    if (typeof title !== 'string' || title.trim() === '' || title.length > 120) return wrong(`alert ${id} has no title`);
    if (typeof urgency !== 'string' || !(urgency in urgencyWords)) return wrong(`alert ${id} has no urgency`);
    if (falcoName !== undefined && (typeof falcoName !== 'string' || falcoName === '')) return wrong(`alert ${id} has a Falco rule name that is not text`);
    seen.add(id);
    alerts.push({
      id,
      title,
      urgency: urgency as ListedUrgency,
      urgencyWords: urgencyWords[urgency as ListedUrgency],
      ...(typeof falcoName === 'string' ? { falcoName } : {}),
      from,
    });
  }
  return { ok: true, alerts };
}

/** The user's own alerts first, then the templates whose ids they do not reuse. */
export function mergeCatalogues(own: readonly AlertChoice[], templates: readonly AlertChoice[]): AlertChoice[] {
  const ids = new Set(own.map((a) => a.id));
  return [...own, ...templates.filter((t) => !ids.has(t.id))];
}
