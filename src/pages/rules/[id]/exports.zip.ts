/** Every target's files for one rule template, as one zip. */
import type { APIRoute } from 'astro';
import { exportRuleSet, availableTargetIds } from '../../../lib/rules/targets.ts';
import { zipFiles } from '../../../lib/rules/bundle.ts';
import type { Rule } from '../../../lib/rules/model.ts';
import { ruleSetOf, ruleTemplatePaths } from '../rule-pages.ts';

export const getStaticPaths = ruleTemplatePaths;

export const GET: APIRoute<{ rule: Rule }> = ({ props }) => {
  const { files } = exportRuleSet(ruleSetOf(props.rule), availableTargetIds());
  return new Response(zipFiles(files), { headers: { 'Content-Type': 'application/zip' } });
};
