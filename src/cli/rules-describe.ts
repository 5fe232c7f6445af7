/**
 * `plainsec rules describe`: every rule in a file in the words the rule builder shows (its title,
 * its sentence, what it means and what to do), from the one module that words every rule.
 */
import type { Rule } from '../lib/rules/model.ts';
import { sourceNames, sourceOf, type RuleSource } from '../lib/rules/sources.ts';
import { ruleInWords, type RuleInWords } from '../lib/rules/words/index.ts';
import { exitCodes, parse, usageError, type Io } from './args.ts';
import { readRuleSet } from './read.ts';

const rulesDescribeHelp = `plainsec rules describe FILE... [--json]

Prints each rule in each FILE (Plainsec rule files, YAML) in plain words, exactly as the rule
builder shows it: its title, the sentence that says when it fires and who hears, what it means
and what to do when it fires. A rule on the cluster's audit log (source: k8s-audit) also says
so under its title; a rule without a source reads AWS CloudTrail.

  --json   print a JSON list instead: [{"id", "title", "sentence", "meaning", "whatToDo"}, ...],
           with "source": "k8s-audit" on a rule that reads the cluster's audit log

Exit code: 0 printed, 2 a file could not be read (nothing is printed).`;

/** A rule in words, and the log it reads when that is not CloudTrail (the default, left out as the file leaves it out). */
type Described = RuleInWords & { source?: RuleSource };

function described(rule: Rule): Described {
  const source = sourceOf(rule);
  return source === 'cloudtrail' ? ruleInWords(rule) : { ...ruleInWords(rule), source };
}

function asText(rule: Described): string {
  return [
    rule.id,
    `  Title: ${rule.title}`,
    ...(rule.source ? [`  Reads: ${sourceNames[rule.source]}`] : []),
    `  When it fires: ${rule.sentence}`,
    `  What it means: ${rule.meaning}`,
    `  What to do: ${rule.whatToDo}`,
  ].join('\n');
}

export async function rulesDescribe(args: string[], io: Io): Promise<number> {
  const p = parse(args, { json: { type: 'boolean' } });
  if (!p.ok) return usageError(io, 'rules describe', p.error);
  if (p.values['help']) return (io.out(rulesDescribeHelp), exitCodes.ok);
  if (p.positionals.length === 0) return usageError(io, 'rules describe', 'name the rule file to describe, like: plainsec rules describe rules.yaml');
  const all: Described[] = [];
  for (const file of p.positionals) {
    const ruleSet = await readRuleSet(file);
    // Every file is read before anything is printed, so a bad file never leaves half a list.
    if (!ruleSet.ok) return (io.err(ruleSet.error), exitCodes.badInput);
    all.push(...ruleSet.value.rules.map(described));
  }
  io.out(p.values['json'] ? JSON.stringify(all, null, 2) : all.map(asText).join('\n\n'));
  return exitCodes.ok;
}
