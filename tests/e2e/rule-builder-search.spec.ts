/**
 * "Did this already happen?" in the rule builder: the rule as SQL over the logs AWS already keeps,
 * the count per day first, for Athena or CloudTrail Lake, over the days chosen; a rule the search
 * reads through lists; one it cannot say (a cluster's) explained; and the zip carries the same files with the README's steps.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { unzipFiles } from '../../src/lib/rules/bundle.ts';

test('a template’s searches show the count per day and each time, for Athena or CloudTrail Lake, over the days chosen', async ({ page }) => {
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto('/rules/?template=server-outside-autoscaling');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  await expect(page.getByRole('tab').first()).toBeVisible();
  // The SQL writer is code only some people need: it loads when the section opens.
  expect(loaded.filter((p) => /\/SearchLogs\.[^/]+\.js$/.test(p))).toEqual([]);
  await page.getByText('Did this already happen? Search months of logs first').click();
  const perDay = page.getByLabel('Contents of server-outside-autoscaling.per-day.sql');
  await expect(perDay).toContainText('SELECT substr(eventtime, 1, 10) AS day_utc, count(*) AS times');
  await expect(perDay).toContainText("day >= date_format(current_date - INTERVAL '30' DAY, '%Y/%m/%d')");
  await expect(perDay).toContainText("eventname IN ('RunInstances', 'CreateFleet', 'RequestSpotInstances', 'StartInstances')");
  await expect(page.getByLabel('Contents of server-outside-autoscaling.sql')).toContainText("'server-outside-autoscaling' AS rule_id");
  await expect(page.getByLabel('Contents of create-table.sql')).toContainText('CREATE EXTERNAL TABLE cloudtrail_logs (');
  expect(loaded.filter((p) => /\/SearchLogs\.[^/]+\.js$/.test(p))).toHaveLength(1);

  await page.getByLabel('Search the last').selectOption('90');
  await expect(perDay).toContainText("INTERVAL '90' DAY");
  await page.getByRole('button', { name: 'Copy server-outside-autoscaling.per-day.sql' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Copied server-outside-autoscaling\.per-day\.sql|did not allow copying/ })).toHaveCount(1);

  await page.getByRole('radio', { name: 'AWS CloudTrail Lake' }).check();
  await expect(perDay).toContainText('FROM EVENT_DATA_STORE_ID');
  await expect(perDay).toContainText("eventTime >= current_timestamp - INTERVAL '90' DAY");
  await expect(page.getByLabel('Contents of create-table.sql')).toHaveCount(0);
});

test('a template that reads through lists gets its searches too, each item read', async ({ page }) => {
  await page.goto('/rules/?template=security-group-open-to-internet');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  await page.getByText('Did this already happen? Search months of logs first').click();
  const hits = page.getByLabel('Contents of security-group-open-to-internet.sql');
  await expect(hits).toContainText("flatten(transform(coalesce(TRY_CAST(json_extract(requestparameters, '$.ipPermissions.items') AS ARRAY(JSON))");
  await expect(hits).toContainText("json_extract(n1, '$.ipRanges.items')");
  await expect(hits).toContainText("LIKE '%/0'");
  await expect(page.locator('.builder-search .notice')).toHaveCount(0);
});

test('a rule the search cannot say is explained, and no SQL is shown for it', async ({ page }) => {
  await page.goto('/rules/?template=pod-exec-or-attach');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  await page.getByText('Did this already happen? Search months of logs first').click();
  await expect(page.locator('.builder-search .notice')).toContainText(
    'This search cannot say the rule exactly, so none is shown: Athena searches CloudTrail records; this rule reads a cluster\'s audit log, which EKS keeps in CloudWatch Logs',
  );
  await expect(page.locator('.builder-search pre')).toHaveCount(0);
});

test('the zip holds the Athena and CloudTrail Lake searches, and its README says how to run them', async ({ page }) => {
  await page.goto('/rules/?template=server-outside-autoscaling');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all as a zip' }).click()]);
  const files = new Map(unzipFiles(readFileSync((await download.path())!)).map((f) => [f.path, f.content]));
  for (const name of ['athena/create-table.sql', 'athena/server-outside-autoscaling.sql', 'athena/server-outside-autoscaling.per-day.sql', 'cloudtrail-lake/server-outside-autoscaling.sql', 'cloudtrail-lake/server-outside-autoscaling.per-day.sql'])
    expect(files.has(name), name).toBe(true);
  const readme = files.get('README.md')!;
  expect(readme).toContain('## Amazon Athena: search months of logs first (athena/)');
  expect(readme).toContain('Run create-table.sql once in the Athena query editor.');
  expect(readme).toContain('## AWS CloudTrail Lake: the same searches (cloudtrail-lake/)');
});
