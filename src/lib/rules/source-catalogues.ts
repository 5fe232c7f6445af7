/**
 * The catalogues of the sources other than CloudTrail (a cluster's audit log): their actions, their
 * fields and how sentences name those fields, added in one call when the catalogue loads. The
 * builder loads the cluster's only when someone picks the cluster or opens a cluster rule;
 * words/index.ts adds it at once for the command and the template pages.
 */
import { addSourceActions, type Action, type ActionReader } from './actions.ts';
import { addSourceFields, type OfferedField } from './field-names.ts';
import { subjects as fieldSubjects } from './words/fields.ts';

export interface SourceCatalogue {
  source: 'k8s-audit';
  actions: readonly Action[];
  reader: ActionReader;
  fields: readonly OfferedField[];
  /** How a sentence names the fields ("the namespace"); a CloudTrail field keeps its own name. */
  subjects: Readonly<Record<string, string>>;
}

/** Adds a source's catalogue to the actions, the fields and the words; adding it twice changes nothing. */
export function useCatalogue({ source, actions, reader, fields, subjects }: SourceCatalogue): void {
  addSourceActions(source, actions, reader);
  addSourceFields(source, fields);
  for (const [path, name] of Object.entries(subjects)) fieldSubjects[path] ??= name;
}
