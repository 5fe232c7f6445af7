/**
 * A rule's exceptions in words: after "unless" in the sentence, after "It ignores" in what it
 * means, and on their own on a template page (why-not.ts says why one kept the rule quiet).
 */
import type { RuleException } from '../model.ts';
import { either } from './fields.ts';

const roles = (names: readonly string[], word = 'or') => `the role${names.length > 1 ? 's' : ''} ${either(names, word)}`;

/** One "unless" exception as it reads after "unless": "AWS did it on your behalf". */
function unlessWords(e: RuleException): string[] {
  if ('unlessDoneByAwsService' in e) return ['AWS did it on your behalf'];
  if ('unlessInvokedByAnyAwsService' in e) return ['any AWS service made the call'];
  if ('unlessItFailed' in e) return ['it failed'];
  if ('unlessDoneByRoles' in e) return [`${roles(e.unlessDoneByRoles)} did it`];
  if ('unlessDoneByUsers' in e) return [`${either(e.unlessDoneByUsers)} did it`];
  if ('unlessDoneByCluster' in e) return ['the cluster did it itself'];
  return [];
}

/** The exceptions after the "When" clause: one "unless …" for all of them, then "only in …". */
export function exceptionClauses(exceptions: readonly RuleException[]): string[] {
  const unless = exceptions.flatMap(unlessWords);
  const regions = exceptions.flatMap((e) => ('onlyInRegions' in e ? e.onlyInRegions : []));
  return [...(unless.length > 0 ? [`unless ${either(unless)}`] : []), ...(regions.length > 0 ? [`only in ${either(regions)}`] : [])];
}

/** What the exceptions leave out, as the end of "It ignores …". */
export function ignoredWords(exceptions: readonly RuleException[]): string[] {
  // What AWS does on your behalf goes last, so that its example cannot be read as part of a list.
  const byAws = (e: RuleException) => 'unlessDoneByAwsService' in e || 'unlessInvokedByAnyAwsService' in e;
  const ordered = [...exceptions.filter((e) => !byAws(e)), ...exceptions.filter(byAws)];
  return ordered.flatMap((e) => {
    if ('unlessDoneByAwsService' in e) return ['what AWS does on your behalf, like auto-scaling'];
    if ('unlessInvokedByAnyAwsService' in e) return ['every call an AWS service makes, CloudFormation too'];
    if ('unlessItFailed' in e) return ['calls that failed'];
    if ('unlessDoneByRoles' in e) return [`what ${roles(e.unlessDoneByRoles, 'and')} ${e.unlessDoneByRoles.length > 1 ? 'do' : 'does'}`];
    if ('unlessDoneByUsers' in e) return [`what ${either(e.unlessDoneByUsers, 'and')} ${e.unlessDoneByUsers.length > 1 ? 'do' : 'does'}`];
    if ('unlessDoneByCluster' in e) return ["what the cluster does itself, like its nodes and the helpers in kube-system"];
    return [];
  });
}

/** The regions an "only in" exception keeps. */
export const onlyRegions = (exceptions: readonly RuleException[]): string[] => exceptions.flatMap((e) => ('onlyInRegions' in e ? e.onlyInRegions : []));

/** An exception on its own, as a template page lists it. */
export function exceptionWords(exception: RuleException): string {
  if ('onlyInRegions' in exception) return `only in ${either(exception.onlyInRegions)}`;
  if ('unlessDoneByAwsService' in exception) return 'unless AWS did it on your behalf (auto-scaling, EKS node groups, a service-linked role)';
  if ('unlessInvokedByAnyAwsService' in exception) return 'unless any AWS service made the call (CloudFormation too)';
  if ('unlessItFailed' in exception) return 'unless the call failed';
  if ('unlessDoneByCluster' in exception) return 'unless the cluster did it itself (its nodes, the helpers in kube-system, the control plane, EKS)';
  return `unless ${unlessWords(exception)[0]}`;
}
