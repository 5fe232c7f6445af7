/**
 * Every sentence a rule speaks, in one voice: its condition (a line, or an outline for the template
 * pages), its exceptions, the whole rule as a sentence, a suggested title, what it means, what to
 * do, and why it did not fire on an event. Used by the template pages, the rule builder, try-it and
 * the `plainsec` command alike. The words come from the action catalogue (actions.ts) and the field
 * catalogue (fields.ts); the names AWS writes in a record appear only in brackets after plain words.
 */
export { caseNote, conditionOutline, conditionWords, fieldTestWords, type Names } from './condition.ts';
export { exceptionWords } from './exceptions.ts';
export { either, fieldSubject, serviceWords, show, valueWords } from './fields.ts';
export { blankRule, hoursWords, pastTense, ruleInWords, ruleParts, sentenceOf, suggestMeans, suggestRuleId, suggestTitle, suggestWhatToDo, urgencyPhrases, type RuleDraft, type RuleInWords } from './rule.ts';
export { conditionReasons, whyNot } from './why-not.ts';
// The command and the template pages say cluster rules in words too: the cluster's actions and field names.
import { clusterCatalogue } from '../sources/k8s-audit-actions.ts';
import { useCatalogue } from '../source-catalogues.ts';
useCatalogue(clusterCatalogue);
// And what to check first when each CloudTrail action fires, which the builder loads on first use.
import { actionChecks } from '../action-checks.ts';
import { addActionChecks } from '../actions.ts';
addActionChecks(actionChecks);
