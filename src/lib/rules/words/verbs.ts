/** Action labels in the past tense, for what already happened: "started a server". */

/** Verbs whose past tense is not "-ed" or "-d". */
const irregular: Record<string, string> = {
  take: 'took', give: 'gave', set: 'set', read: 'read', let: 'let', make: 'made', send: 'sent', run: 'ran',
  write: 'wrote', stop: 'stopped', get: 'got', put: 'put',
};

/** "starts a server" → "started a server": the label's first verb in the past tense. */
export function pastTense(label: string): string {
  const [verb = '', joiner, second, ...rest] = label.split(' ');
  // "changes or deletes a provider" → "changed or deleted a provider": both verbs of a pair.
  if ((joiner === 'or' || joiner === 'and') && second && /s$/.test(second)) return [pastOfVerb(verb), joiner, pastOfVerb(second), ...rest].join(' ');
  return [pastOfVerb(verb), ...[joiner, second, ...rest].filter((w): w is string => w !== undefined)].join(' ');
}

function pastOfVerb(verb: string): string {
  const base = verb.endsWith('es') && !/(ses|shes|ches|xes)$/.test(verb) ? verb.slice(0, -1) : verb.replace(/s$/, '');
  return irregular[base] ?? (base.endsWith('e') ? `${base}d` : `${base}ed`);
}
