/**
 * MITRE ATT&CK (Enterprise): the tactics in the matrix's order and the techniques Plainsec's
 * templates, checklist and guides name. Ids and names only, as ATT&CK publishes them; the test
 * `tests/unit/frameworks/ids.test.ts` checks each against a cited extract of ATT&CK's own data.
 */

export interface AttackTactic {
  id: string;
  name: string;
}

/** The Enterprise tactics, in the matrix's order, left to right. */
export const attackTactics: readonly AttackTactic[] = [
  { id: 'TA0043', name: 'Reconnaissance' },
  { id: 'TA0042', name: 'Resource Development' },
  { id: 'TA0001', name: 'Initial Access' },
  { id: 'TA0002', name: 'Execution' },
  { id: 'TA0003', name: 'Persistence' },
  { id: 'TA0004', name: 'Privilege Escalation' },
  { id: 'TA0005', name: 'Defense Evasion' },
  { id: 'TA0006', name: 'Credential Access' },
  { id: 'TA0007', name: 'Discovery' },
  { id: 'TA0008', name: 'Lateral Movement' },
  { id: 'TA0009', name: 'Collection' },
  { id: 'TA0011', name: 'Command and Control' },
  { id: 'TA0010', name: 'Exfiltration' },
  { id: 'TA0040', name: 'Impact' },
];

/**
 * Each technique's name and tactics. The first tactic is the one an export files it under (Elastic's
 * `threat`, as Elastic's own prebuilt rules file it); ATT&CK may list more.
 */
export const attackTechniques: Readonly<Record<string, { name: string; tactics: readonly string[] }>> = {
  T1078: { name: 'Valid Accounts', tactics: ['TA0001'] },
  'T1078.004': { name: 'Cloud Accounts', tactics: ['TA0001'] },
  T1098: { name: 'Account Manipulation', tactics: ['TA0003'] },
  'T1098.001': { name: 'Additional Cloud Credentials', tactics: ['TA0003'] },
  'T1098.003': { name: 'Additional Cloud Roles', tactics: ['TA0003'] },
  T1110: { name: 'Brute Force', tactics: ['TA0006'] },
  T1136: { name: 'Create Account', tactics: ['TA0003'] },
  'T1136.003': { name: 'Cloud Account', tactics: ['TA0003'] },
  T1485: { name: 'Data Destruction', tactics: ['TA0040'] },
  T1496: { name: 'Resource Hijacking', tactics: ['TA0040'] },
  T1530: { name: 'Data from Cloud Storage', tactics: ['TA0009'] },
  T1535: { name: 'Unused/Unsupported Cloud Regions', tactics: ['TA0005'] },
  T1537: { name: 'Transfer Data to Cloud Account', tactics: ['TA0010'] },
  T1546: { name: 'Event Triggered Execution', tactics: ['TA0003'] },
  T1550: { name: 'Use Alternate Authentication Material', tactics: ['TA0005'] },
  'T1550.001': { name: 'Application Access Token', tactics: ['TA0005'] },
  T1555: { name: 'Credentials from Password Stores', tactics: ['TA0006'] },
  'T1555.006': { name: 'Cloud Secrets Management Stores', tactics: ['TA0006'] },
  T1562: { name: 'Impair Defenses', tactics: ['TA0005'] },
  'T1562.001': { name: 'Disable or Modify Tools', tactics: ['TA0005'] },
  'T1562.007': {
    name: 'Disable or Modify Cloud Firewall',
    tactics: ['TA0005'],
  },
  'T1562.008': { name: 'Disable or Modify Cloud Logs', tactics: ['TA0005'] },
  T1578: { name: 'Modify Cloud Compute Infrastructure', tactics: ['TA0005'] },
  'T1578.002': { name: 'Create Cloud Instance', tactics: ['TA0005'] },
  T1580: { name: 'Cloud Infrastructure Discovery', tactics: ['TA0007'] },
  T1651: { name: 'Cloud Administration Command', tactics: ['TA0002'] },
  T1666: { name: 'Modify Cloud Resource Hierarchy', tactics: ['TA0005'] },
  'T1098.006': {
    name: 'Additional Container Cluster Roles',
    tactics: ['TA0003'],
  },
  T1053: { name: 'Scheduled Task/Job', tactics: ['TA0002'] },
  'T1053.007': { name: 'Container Orchestration Job', tactics: ['TA0002'] },
  T1070: { name: 'Indicator Removal', tactics: ['TA0005'] },
  T1552: { name: 'Unsecured Credentials', tactics: ['TA0006'] },
  'T1552.007': { name: 'Container API', tactics: ['TA0006'] },
  T1609: { name: 'Container Administration Command', tactics: ['TA0002'] },
  T1610: { name: 'Deploy Container', tactics: ['TA0002'] },
  T1611: { name: 'Escape to Host', tactics: ['TA0004'] },
  T1613: { name: 'Container and Resource Discovery', tactics: ['TA0007'] },
};

export const attackTactic = (id: string): AttackTactic | undefined => attackTactics.find((t) => t.id === id);

/** ATT&CK's page for a tactic or technique. */
export const attackUrl = (id: string): string => `https://attack.mitre.org/${id.startsWith('TA') ? 'tactics' : 'techniques'}/${id.replace('.', '/')}/`;
