/** Action labels in the past tense, for what already happened: "started a server". */

/** Verbs whose past tense is not "-ed" or "-d". */
const irregular: Record<string, string> = {
  take: 'took', give: 'gave', set: 'set', read: 'read', let: 'let', make: 'made', send: 'sent', run: 'ran',
  write: 'wrote', stop: 'stopped', get: 'got', put: 'put',
};

/** "starts a server" → "started a server": the label's first verb in the past tense. */
export function pastTense(label: string): string {
  const [verb = '', ...rest] = label.split(' ');
  const base = verb.endsWith('es') && !/(ses|shes|ches|xes)$/.test(verb) ? verb.slice(0, -1) : verb.replace(/s$/, '');
  const past = irregular[base] ?? (base.endsWith('e') ? `${base}d` : `${base}ed`);
  return [past, ...rest].join(' ');
}
