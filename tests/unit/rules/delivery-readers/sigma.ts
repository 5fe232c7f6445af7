/**
 * Who the Sigma files tell: nobody, but only when the folder proves it. The README must say that
 * no file in the folder delivers, and every other file must be a Sigma rule (a detection, or a
 * correlation of one) with no delivery setting in it; otherwise this reader cannot say and fails.
 */
import { parseAllDocuments } from 'yaml';
import { sigmaFileName, sigmaNoDelivery } from '../../../../src/lib/rules/exporters/sigma.ts';
import type { ExportedFile } from '../../../../src/lib/rules/target.ts';
import type { DeliveryReader } from './reader.ts';

/**
 * Top-level keys a Sigma rule or correlation may hold (Sigma specification), and `plainsec`, our
 * record of what the rule asks for (urgency, channel, working hours): a custom attribute that Sigma
 * tools carry along and never act on. None of them sends anything.
 */
const sigmaKeys = new Set([
  'title',
  'id',
  'name',
  'related',
  'taxonomy',
  'status',
  'description',
  'license',
  'author',
  'references',
  'date',
  'modified',
  'tags',
  'logsource',
  'detection',
  'fields',
  'falsepositives',
  'level',
  'scope',
  'correlation',
  'generate',
  'plainsec',
]);

/** Exports whose folder was already checked: the walk asks about every rule at every instant. */
const checked = new WeakSet<readonly ExportedFile[]>();

export const reader: DeliveryReader = {
  target: 'sigma',
  told(files, rule) {
    const folder = files.filter((f) => f.path.startsWith('sigma/'));
    if (!checked.has(files)) {
      checkNothingDelivers(folder);
      checked.add(files);
    }
    if (!folder.some((f) => f.path === `sigma/${sigmaFileName(rule.id)}`)) throw new Error(`no Sigma file for ${rule.id}`);
    return { chat: 'no', page: false };
  },
};

function checkNothingDelivers(folder: readonly ExportedFile[]): void {
  const readme = folder.find((f) => f.path === 'sigma/README.md');
  if (!readme?.content.includes(sigmaNoDelivery)) throw new Error('the Sigma README does not say that nothing here delivers');
  for (const file of folder) {
    if (file === readme) continue;
    if (!file.path.endsWith('.yml')) throw new Error(`${file.path} is not a Sigma rule; it may deliver`);
    for (const doc of parseAllDocuments(file.content)) {
      const keys = Object.keys((doc.toJSON() as Record<string, unknown> | null) ?? {});
      const other = keys.filter((k) => !sigmaKeys.has(k));
      if (other.length > 0 || !(keys.includes('detection') || keys.includes('correlation')))
        throw new Error(`${file.path} holds ${other.join(', ') || 'no detection'}, which is not a Sigma rule`);
    }
  }
}
