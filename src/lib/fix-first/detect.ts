/**
 * Which scanner wrote a report, told from the shape of its JSON, and its findings. A file of
 * another kind gets a plain error naming the formats read; CISA's KEV file gets its own hint,
 * since it is easy to drop in the wrong place.
 */
import { formats, type Finding, type FormatId } from './model.ts';
import { isKevCatalog } from './kev.ts';
import { isAsff, readAsff } from './readers/asff.ts';
import { isDependabot, readDependabot } from './readers/dependabot.ts';
import { isGrype, readGrype } from './readers/grype.ts';
import { isInspector, readInspector } from './readers/inspector.ts';
import { isOsvScanner, readOsvScanner } from './readers/osv-scanner.ts';
import { isTrivy, readTrivy } from './readers/trivy.ts';

const readers: { id: FormatId; is: (v: unknown) => boolean; read: (v: unknown) => Finding[] }[] = [
  { id: 'trivy', is: isTrivy, read: readTrivy },
  { id: 'grype', is: isGrype, read: readGrype },
  { id: 'osv-scanner', is: isOsvScanner, read: readOsvScanner },
  { id: 'inspector', is: isInspector, read: readInspector },
  { id: 'asff', is: isAsff, read: readAsff },
  { id: 'dependabot', is: isDependabot, read: readDependabot },
];

/** The formats read, for messages: "Trivy JSON, Grype JSON, ... or GitHub Dependabot alerts". */
export function formatsRead(): string {
  const names = Object.values(formats);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export type ReportRead = { ok: true; format: FormatId; findings: Finding[] } | { ok: false; error: string; kevFile?: true };

/** The findings of a parsed report, or what is wrong with it (said after the file's name). */
export function readReport(value: unknown): ReportRead {
  for (const reader of readers) if (reader.is(value)) return { ok: true, format: reader.id, findings: reader.read(value) };
  // An empty list is what the Dependabot API answers when there are no open alerts.
  if (Array.isArray(value) && value.length === 0) return { ok: true, format: 'dependabot', findings: [] };
  // The caller says where a KEV file goes (an option on the command, a box on the page).
  if (isKevCatalog(value)) return { ok: false, kevFile: true, error: 'this is CISA’s list of known exploited vulnerabilities, not a scanner report; give it as the KEV file instead.' };
  return { ok: false, error: `this is not a scanner report Plainsec reads. It reads ${formatsRead()}, saved as JSON.` };
}
