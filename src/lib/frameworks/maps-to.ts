/**
 * The framework ids a checklist item or a guide names, and the one way they are written for people:
 * "Maps to: CIS Controls 8.2 · NIST CSF DE.CM-01". The checklist's details, its Markdown and CSV
 * exports and the guide pages all use these words, so a team answering a questionnaire finds the
 * same ids everywhere. Ids are shown in the order the content lists them.
 */
// No imports: the checklist's export code loads this in the browser, and it must stay small.

export interface FrameworkIds {
  /** CIS Controls v8 safeguards, like 8.2. */
  cisControls?: readonly string[];
  /** NIST CSF 2.0 subcategories, like DE.CM-01. */
  nistCsf?: readonly string[];
  /** CIS AWS Foundations v1.4.0 recommendations, like 3.1. */
  cisAws?: readonly string[];
  /** AWS Security Hub controls, like CloudTrail.1. */
  securityHub?: readonly string[];
  /** MITRE ATT&CK techniques whose mitigation this answers, like T1078.004. */
  attack?: readonly string[];
}

export type FrameworkField = keyof FrameworkIds;

/** In the order they are shown: the broad frameworks a questionnaire asks about first. */
export const frameworkFields: readonly FrameworkField[] = ['cisControls', 'nistCsf', 'cisAws', 'securityHub', 'attack'];

export const frameworkNames: Readonly<Record<FrameworkField, string>> = {
  cisControls: 'CIS Controls',
  nistCsf: 'NIST CSF',
  cisAws: 'CIS AWS Foundations',
  securityHub: 'Security Hub',
  attack: 'MITRE ATT&CK',
};

/** Each framework's own public page: ids link to the framework, never to a copy of its text. */
export const frameworkUrls: Readonly<Record<FrameworkField, string>> = {
  cisControls: 'https://www.cisecurity.org/controls/v8',
  nistCsf: 'https://www.nist.gov/cyberframework',
  cisAws: 'https://www.cisecurity.org/benchmark/amazon_web_services',
  securityHub: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html',
  attack: 'https://attack.mitre.org/',
};

/** The frameworks that have ids, each with its ids. */
export function frameworkParts(ids: FrameworkIds | undefined): { field: FrameworkField; name: string; ids: string[] }[] {
  if (!ids) return [];
  return frameworkFields.flatMap((field) => {
    const list = ids[field];
    return list && list.length > 0 ? [{ field, name: frameworkNames[field], ids: [...list] }] : [];
  });
}

/** Only the fields with ids, so an item without any carries nothing to the page. */
export function pickFrameworkIds(data: FrameworkIds): FrameworkIds | undefined {
  const picked: FrameworkIds = {};
  for (const field of frameworkFields) {
    const list = data[field];
    if (list && list.length > 0) picked[field] = [...list];
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** "CIS Controls 8.2, 8.3 · NIST CSF DE.CM-01", or "" when there are none. */
export function mapsToText(ids: FrameworkIds | undefined, between = ' · '): string {
  return frameworkParts(ids)
    .map((p) => `${p.name} ${p.ids.join(', ')}`)
    .join(between);
}
