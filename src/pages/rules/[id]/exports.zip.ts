/** Every target's files for one rule template, as one zip, with its searches over months of logs (Athena, CloudTrail Lake). */
import type { APIRoute } from 'astro';
import { exportRuleSet, availableTargetIds } from '../../../lib/rules/targets.ts';
import { zipFiles } from '../../../lib/rules/bundle.ts';
import type { Rule } from '../../../lib/rules/model.ts';
import { exportSearches, searchEngineIds } from '../../../lib/rules/search/export.ts';
import { ruleSetOf, ruleTemplatePaths } from '../../../components/rule-pages-data.ts';

export const getStaticPaths = ruleTemplatePaths;

export const GET: APIRoute<{ rule: Rule }> = ({ props }) => {
  const ruleSet = ruleSetOf(props.rule);
  const { files } = exportRuleSet(ruleSet, availableTargetIds());
  // The same search files as the builder's zip: what a template cannot be searched with is left out.
  const searches = searchEngineIds.flatMap((id) => exportSearches(ruleSet, id).files);
  // A fresh Uint8Array is backed by a plain ArrayBuffer, which is what a Response body accepts.
  return new Response(new Uint8Array(zipFiles([...files, ...searches])), { headers: { 'Content-Type': 'application/zip' } });
};
