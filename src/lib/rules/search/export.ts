/**
 * The search files for a rule set: for each CloudTrail rule, its hits and per-day queries; for
 * Athena, the table to make first. Rules an engine cannot search for are refused with the reason,
 * as the alert exports do.
 */
import type { RuleSet } from '../model.ts';
import type { ExportResult } from '../target.ts';
import { athenaCreateTable } from './athena-table.ts';
import { athenaEngine } from './athena.ts';
import { cloudtrailLakeEngine } from './cloudtrail-lake.ts';
import { defaultRange, searchQueries, type SearchEngine, type SearchRange } from './search-queries.ts';

export const searchEngineIds = ['athena', 'cloudtrail-lake'] as const;
export type SearchEngineId = (typeof searchEngineIds)[number];

export const searchEngines: Record<SearchEngineId, SearchEngine> = { athena: athenaEngine, 'cloudtrail-lake': cloudtrailLakeEngine };

/** Each engine's name as people say it. */
export const searchEngineNames: Record<SearchEngineId, string> = { athena: 'Amazon Athena', 'cloudtrail-lake': 'AWS CloudTrail Lake' };

export function exportSearches(ruleSet: RuleSet, id: SearchEngineId, range: SearchRange = defaultRange): ExportResult {
  const engine = searchEngines[id];
  const files: ExportResult['files'] = [];
  const refused: ExportResult['refused'] = [];
  for (const rule of ruleSet.rules) {
    const queries = searchQueries(engine, rule, range);
    if (!queries.ok) {
      refused.push({ ruleId: rule.id, reason: queries.reason });
      continue;
    }
    files.push({ path: `${id}/${rule.id}.sql`, content: queries.hits }, { path: `${id}/${rule.id}.per-day.sql`, content: queries.perDay });
  }
  if (id === 'athena' && files.length > 0) files.unshift({ path: 'athena/create-table.sql', content: `${athenaTableComment}\n${athenaCreateTable()};\n` });
  return { files, refused };
}

const athenaTableComment = [
  '-- The CloudTrail table for Amazon Athena: run this once, then each rule\'s queries.',
  '-- Replace amzn-s3-demo-bucket with the bucket your trail writes to, 111122223333 with your',
  '-- account IDs (comma-separated), and 2025/01/01 with the first day of logs. For a trail of an',
  '-- AWS Organization, put the organization ID after AWSLogs/ in LOCATION and the template.',
].join('\n');
