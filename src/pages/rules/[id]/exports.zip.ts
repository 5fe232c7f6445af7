/** Every target's files for one rule template, as one zip. */
import type { APIRoute } from 'astro';
import { exportRuleSet, availableTargetIds } from '../../../lib/rules/targets.ts';
import { zipFiles } from '../../../lib/rules/bundle.ts';
import type { Rule } from '../../../lib/rules/model.ts';
import { ruleSetOf, ruleTemplatePaths } from '../../../components/rule-pages-data.ts';

export const getStaticPaths = ruleTemplatePaths;

export const GET: APIRoute<{ rule: Rule }> = ({ props }) => {
  const { files } = exportRuleSet(ruleSetOf(props.rule), availableTargetIds());
  // A fresh Uint8Array is backed by a plain ArrayBuffer, which is what a Response body accepts.
  return new Response(new Uint8Array(zipFiles(files)), { headers: { 'Content-Type': 'application/zip' } });
};
