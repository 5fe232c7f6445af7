/**
 * The rule builder on a Kubernetes cluster: from a blank rule to "when someone opens a shell in a
 * running container in production, wake me up", the rule file it saves (source: k8s-audit), try-it
 * on a line of the cluster's log as EKS writes it to CloudWatch Logs with every tool's answer, the
 * switch back to AWS that asks before it drops anything and can be undone, and axe on each state.
 */
import { type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { test, expect } from './fixtures.ts';
import { openRules, showFiles } from './tool-states.ts';
import { run } from '../../src/cli/main.ts';

const sentence = 'When someone opens a shell in a running container (pods/exec) in production, unless the cluster did it itself: tell #security-alerts, wake me up.';

/** An audit event of `kubectl exec` as the API server writes it, in this namespace. */
function execEvent(namespace: string): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '5f0c1b7e-8d2a-4c3b-9e1f-0a2b3c4d5e6f',
    stage: 'ResponseStarted',
    requestURI: `/api/v1/namespaces/${namespace}/pods/web-0/exec?command=sh&stdin=true&tty=true`,
    verb: 'create',
    user: { username: 'alice@example.com', groups: ['developers', 'system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/9a0b1c2',
    objectRef: { resource: 'pods', subresource: 'exec', namespace, name: 'web-0', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: '2026-11-30T10:00:00.000000Z',
    stageTimestamp: '2026-11-30T10:00:00.050000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

/** One log event as `aws logs filter-log-events` prints it for the cluster's log group: the audit event is text in `message`. */
const eksLine = (namespace: string) =>
  JSON.stringify({ logStreamName: 'kube-apiserver-audit-0123456789abcdef', timestamp: 1764496800000, message: JSON.stringify(execEvent(namespace)), ingestionTime: 1764496801000, eventId: '38461' });

/** From /rules/: a blank rule, on the cluster, built as the sentence says. */
async function buildShellRule(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start a blank rule' }).click();
  await page.getByRole('radio', { name: 'A Kubernetes cluster (what its audit log records)' }).check();
  // A blank rule has nothing that only AWS has: it switches without asking.
  await expect(page.getByRole('checkbox', { name: /the cluster did it itself/ })).toBeVisible();
  await expect(page.getByLabel('Who', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /AWS did it on your behalf/ })).toHaveCount(0);
  await expect(page.getByLabel(/Only in these regions/)).toHaveCount(0);
  await page.getByLabel('Does what').fill('shell');
  await page.getByRole('list', { name: 'Actions' }).getByRole('checkbox', { name: /opens a shell in a running container/ }).check();
  await page.getByLabel(/In which namespace/).fill('production');
  await page.getByRole('checkbox', { name: /the cluster did it itself/ }).check();
  await page.getByRole('radio', { name: /Wake me up/ }).check();
  await expect(page.locator('.builder-sentence')).toHaveText(sentence);
}

const tryPasted = async (page: Page, text: string) => {
  await page.getByLabel(/Or paste your own: one audit event/).fill(text);
  await page.getByRole('button', { name: 'Try the pasted event' }).click();
};

/** Each tool's row of the results table: its name and its answer. */
async function toolAnswers(page: Page): Promise<Record<string, string>> {
  const table = page.getByRole('table', { name: 'What each tool’s file does with this event' });
  await expect(table.getByRole('row')).toHaveCount(8);
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('td')!.textContent!.trim()]));
  return Object.fromEntries(rows);
}

test.describe('the rule builder on a Kubernetes cluster', () => {
  test('builds the shell-in-production rule from a blank rule, saves it as a cluster rule, and tries it on a line of EKS’s CloudWatch Logs', async ({ page }) => {
    test.setTimeout(90_000);
    await openRules(page);
    await buildShellRule(page);
    await expect(page.getByLabel('Title')).toHaveValue('Someone opens a shell in a running container in production');

    // The YAML the builder shows names the source and reads the audit event's own fields.
    await page.getByRole('button', { name: 'Edit as YAML' }).click();
    const shown = parse(await page.getByLabel('The rule as YAML, as the plainsec command reads it').inputValue()).rules[0];
    expect(shown).toMatchObject({
      source: 'k8s-audit',
      when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'objectRef.subresource', equals: 'exec' }, { field: 'objectRef.namespace', equals: 'production' }] },
      exceptions: [{ unlessDoneByCluster: true }],
      urgency: 'wake-me-up',
    });
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.locator('.builder-sentence')).toHaveText(sentence);

    // Saved and downloaded as a rule file, which the command validates.
    await page.getByRole('button', { name: 'Save to My rules' }).click();
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await showFiles(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as a rule file' }).click()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-k8s-builder-'));
    try {
      const file = path.join(dir, 'rules.yaml');
      writeFileSync(file, readFileSync((await saved.path())!));
      const rule = parse(readFileSync(file, 'utf8')).rules[0];
      expect(rule).toMatchObject({ id: 'someone-opens-a-shell-in-a-running-container-in-production', source: 'k8s-audit', exceptions: [{ unlessDoneByCluster: true }], urgency: 'wake-me-up' });
      const out: string[] = [];
      expect(await run(['rules', 'validate', file], { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) }), out.join('')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Try-it on one log event of the cluster's log group: every tool answers; EventBridge says why it cannot.
    await tryPasted(page, eksLine('production'));
    const result = page.locator('.builder-try-result');
    await expect(result).toContainText('The rule fires on the event you pasted.');
    const answers = await toolAnswers(page);
    console.info(`Try-it on an EKS CloudWatch Logs line, each tool: ${JSON.stringify(answers)}`);
    expect(Object.keys(answers)).toHaveLength(7);
    for (const [tool, answer] of Object.entries(answers)) expect(answer, tool).not.toMatch(/^—?$/);
    expect(answers['AWS EventBridge']).toMatch(/^EventBridge never sees a cluster's audit log/);

    // The same request in staging: a near miss, and the reason in plain words.
    await tryPasted(page, eksLine('staging'));
    await expect(result).toContainText('The rule does not fire on the event you pasted.');
    await expect(result.getByRole('listitem').first()).toContainText('production');
  });

  test('a picked cluster stays picked while its actions load, even when the form redraws meanwhile', async ({ page }) => {
    await openRules(page);
    await page.getByRole('button', { name: 'Start a blank rule' }).click();
    await expect(page.getByLabel('Who', { exact: true })).toBeVisible();
    // From here on, code arrives slowly, as on a poor connection.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_astro/**', async (route) => {
      await held;
      await route.continue();
    });
    const cluster = page.getByRole('radio', { name: 'A Kubernetes cluster (what its audit log records)' });
    await cluster.click();
    await page.getByLabel('Does what').fill('shell');
    await expect(cluster).toBeChecked();
    release();
    await expect(page.getByRole('checkbox', { name: /the cluster did it itself/ })).toBeVisible();
    await expect(cluster).toBeChecked();
  });

  test('asks before moving back to AWS drops the cluster’s action, keeps everything when told no, and undoes the move', async ({ page }) => {
    await openRules(page);
    await buildShellRule(page);
    const aws = page.getByRole('radio', { name: 'An AWS account (what CloudTrail records)' });
    await aws.click();
    const question = page.getByRole('group', { name: /To watch an AWS account, the rule drops/ });
    await expect(question).toContainText('the action “opens a shell in a running container”; “unless the cluster did it itself”');
    await expect(page.getByRole('radio', { name: 'A Kubernetes cluster (what its audit log records)' })).toBeChecked();
    await question.getByRole('button', { name: 'Keep watching a Kubernetes cluster' }).click();
    await expect(question).toHaveCount(0);
    await expect(page.locator('.builder-sentence')).toHaveText(sentence);

    await aws.click();
    await page.getByRole('button', { name: 'Watch an AWS account and drop them' }).click();
    await expect(aws).toBeChecked();
    await expect(page.getByLabel('Who', { exact: true })).toBeVisible();
    await expect(page.locator('.builder-sentence')).toHaveText('When someone …: tell #security-alerts, wake me up.');
    await page.getByRole('button', { name: 'Undo: watch a Kubernetes cluster again' }).click();
    await expect(page.locator('.builder-sentence')).toHaveText(sentence);
    await expect(page.getByLabel(/In which namespace/)).toHaveValue('production');
  });
});

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`/rules/ on a cluster in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    const violations = async (page: Page) =>
      (await new AxeBuilder({ page }).withTags(tags).analyze()).violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);

    test('the cluster rule with try-it’s answers, and the question before a switch, have no accessibility violations', async ({ page }) => {
      test.setTimeout(90_000);
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      await openRules(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await buildShellRule(page);
      await tryPasted(page, eksLine('production'));
      await expect(page.locator('.builder-try-result')).toContainText('The rule fires');
      expect(await violations(page)).toEqual([]);
      await page.getByRole('radio', { name: 'An AWS account (what CloudTrail records)' }).click();
      await expect(page.getByRole('group', { name: /To watch an AWS account/ })).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Watch an AWS account and drop them' }).click();
      await expect(page.getByRole('button', { name: 'Undo: watch a Kubernetes cluster again' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}
