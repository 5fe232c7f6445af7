import { describe, expect, it } from 'vitest';
import { exportRuleSetWith, loadTargets, targetIds, targetLoaders, targetNames } from '../../../src/lib/rules/target.ts';
import { availableTargetIds, exportRuleSet, targets } from '../../../src/lib/rules/targets.ts';
import { loadTemplates } from './support/kit.ts';

describe('the exporters the browser loads one tool at a time', () => {
  it('are the same exporters the command uses, under the same names, for every tool', async () => {
    expect(Object.keys(targetLoaders).sort()).toEqual([...targetIds].sort());
    expect(availableTargetIds()).toEqual([...targetIds]);
    for (const id of targetIds) {
      expect(await targetLoaders[id](), id).toBe(targets[id]);
      expect(targetNames[id], id).toBe(targets[id]!.name);
    }
  });

  it('write the same files for every template, one tool at a time, as the command writes for all at once', async () => {
    const loaded = await loadTargets(targetIds);
    const ruleSet = { plainsecRules: 1 as const, rules: loadTemplates() };
    const oneByOne = targetIds.map((id) => exportRuleSetWith({ [id]: loaded[id] }, ruleSet, [id]));
    const together = exportRuleSet(ruleSet, targetIds);
    expect(oneByOne.flatMap((r) => r.files)).toEqual(together.files);
    expect(oneByOne.flatMap((r) => r.refused)).toEqual(together.refused);
    expect(together.files.length).toBeGreaterThan(targetIds.length);
  });

  it('say which tool is missing rather than leave it out', () => {
    const ruleSet = { plainsecRules: 1 as const, rules: loadTemplates().slice(0, 1) };
    const { files, refused } = exportRuleSetWith({}, ruleSet, ['splunk']);
    expect(files).toEqual([]);
    expect(refused).toEqual([{ target: 'splunk', ruleId: ruleSet.rules[0]!.id, reason: 'the splunk export is not available in this version' }]);
  });
});
