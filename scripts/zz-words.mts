import { readFileSync, readdirSync } from 'node:fs';
import { parseRuleSetYaml } from '../src/lib/rules/rule-set.ts';
import { sentenceOf, suggestTitle, suggestMeans, suggestWhatToDo, conditionOutline } from '../src/lib/rules/words/index.ts';
for (const f of readdirSync('content/rules')) {
  const r = parseRuleSetYaml(readFileSync(`content/rules/${f}`, 'utf8'));
  if (!r.ok) { console.log('bad', f); continue; }
  for (const rule of r.ruleSet.rules) {
    console.log(`${rule.id}\n  S: ${sentenceOf(rule)}\n  T: ${suggestTitle(rule)} | ${rule.title}\n  M: ${suggestMeans(rule)}\n  W: ${suggestWhatToDo(rule)}`);
    if (process.argv[2]) console.log('  O: ' + conditionOutline(rule.when).join(' / '));
  }
}
