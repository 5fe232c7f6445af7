/**
 * Fields read item by item: a path through lists (`ipPermissions.items[].ipRanges.items[].cidrIp`)
 * and a field that may hold a list (S3's `x-amz-acl`). Athena's SQL reads them inside the JSON text
 * columns (its meaning is proven by athena-differential.test.ts); CloudTrail Lake reads them inside
 * the text its map keeps, and refuses where that text cannot tell a list from a value.
 */
import { describe, expect, it } from 'vitest';
import { athenaEngine } from '../../../../src/lib/rules/search/athena.ts';
import { cloudtrailLakeEngine } from '../../../../src/lib/rules/search/cloudtrail-lake.ts';
import { ruleConditionSql, searchQueries } from '../../../../src/lib/rules/search/search-queries.ts';
import type { Rule } from '../../../../src/lib/rules/model.ts';
import { loadTemplates } from '../support/kit.ts';

const template = (id: string): Rule => loadTemplates().find((r) => r.id === id)!;
/** The security group template with its condition replaced by one call and this one test. */
const rule = (field: string, test: Record<string, unknown>): Rule =>
  ({ ...template('security-group-open-to-internet'), id: 'one-test', when: { allOf: [{ field: 'eventName', equals: 'AuthorizeSecurityGroupIngress' }, { field, ...test }] } }) as Rule;

describe('the searches read a list item by item', () => {
  it('Athena reads every permission and every range of the security group rule', () => {
    const sql = ruleConditionSql(athenaEngine, template('security-group-open-to-internet'));
    expect(sql.ok).toBe(true);
    if (!sql.ok) return;
    expect(sql.sql).toContain("flatten(transform(coalesce(TRY_CAST(json_extract(requestparameters, '$.ipPermissions.items') AS ARRAY(JSON)), ARRAY[json_extract(requestparameters, '$.ipPermissions.items')]), i1 -> coalesce(TRY_CAST(i1 AS ARRAY(JSON)), ARRAY[i1])))");
    expect(sql.sql).toContain("n1 -> flatten(transform(coalesce(TRY_CAST(json_extract(n1, '$.ipRanges.items') AS ARRAY(JSON))");
    expect(sql.sql).toContain("v -> (json_format(v) LIKE '\"%' AND json_extract_scalar(v, '$') LIKE '%/0' ESCAPE '\\')");
  });

  it('CloudTrail Lake reads the same lists from the text of the request’s top-level field', () => {
    const q = searchQueries(cloudtrailLakeEngine, rule('requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp', { endsWith: '/0' }), { lastDays: 7 });
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.hits).toContain("json_extract(element_at(requestParameters, 'ipPermissions'), '$.items')");
    expect(q.hits).toContain("json_extract(n1, '$.ipRanges.items')");
  });

  it('a field that may hold a list is read by its items in Athena, and Lake says why it cannot', () => {
    const acl = template('bucket-acl-opened-to-everyone');
    const athena = ruleConditionSql(athenaEngine, acl);
    expect(athena.ok && athena.sql).toContain(`json_extract(requestparameters, '$["x-amz-acl"]')`);
    // Lake's map gives a top-level value as text: a list, a number and a text can look the same.
    const lake = ruleConditionSql(cloudtrailLakeEngine, acl);
    expect(lake).toEqual({ ok: false, reason: expect.stringContaining('CloudTrail Lake keeps requestParameters.x-amz-acl as text, whatever it held') });
  });

  it('“no value at all” is the absence of every item, not an item without one', () => {
    const sql = ruleConditionSql(athenaEngine, rule('requestParameters.ipPermissions.items[].toPort', { exists: false }));
    expect(sql.ok && sql.sql).toMatch(/NOT coalesce\(cardinality\(filter\(.*, v -> json_extract_scalar\(v, '\$'\) IS NOT NULL\)\) > 0, false\)/);
  });

  it('a list outside the JSON columns is refused in words', () => {
    const sql = ruleConditionSql(athenaEngine, rule('resources[].ARN', { equals: 'arn:aws:s3:::b' }));
    expect(sql).toEqual({ ok: false, reason: expect.stringContaining('Athena reads a list only inside the request, the response and the other JSON fields, so it cannot test resources[].ARN') });
  });
});
