/** One rule template in the Plainsec YAML form the CLI reads and a team keeps in its repository. */
import type { APIRoute } from 'astro';
import { printRuleSetYaml } from '../../../lib/rules/rule-set.ts';
import type { Rule } from '../../../lib/rules/model.ts';
import { ruleSetOf, ruleTemplatePaths } from '../../../components/rule-pages-data.ts';

export const getStaticPaths = ruleTemplatePaths;

export const GET: APIRoute<{ rule: Rule }> = ({ props }) =>
  new Response(printRuleSetYaml(ruleSetOf(props.rule)), { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });
