import { type Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';
import { fillStorage } from './full-storage.ts';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { unzipFiles } from '../../src/lib/rules/bundle.ts';
import { ruleSetSchema, type Rule } from '../../src/lib/rules/model.ts';
import { importSigmaRule } from '../../src/lib/rules/sigma-import.ts';
import { sigmaTarget } from '../../src/lib/rules/exporters/sigma.ts';
import type { CloudTrailEvent } from '../../src/lib/rules/canonical.ts';
import { run } from '../../src/cli/main.ts';
import { linkOverTwoRules, openRules as open, ruleBuilderStates, seedMyRules, shareLink, showFiles } from './tool-states.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

const corpora = path.resolve(process.cwd(), '../shared/corpora');
const sigmaSchemaFile = path.join(corpora, 'sigma-schema', 'sigma-detection-rule-schema.json');
const falcoSchemaFile = path.join(corpora, 'falco', 'falco-rules-schema.json');
const sigmaRulesDir = path.join(corpora, 'sigma-cloudtrail-rules');
const stratusDir = path.join(corpora, 'cloudtrail-events-stratus');
const haveCorpora = [sigmaSchemaFile, falcoSchemaFile, sigmaRulesDir, stratusDir].every((f) => existsSync(f));
const amtool = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => existsSync(p));

/** The template files, by name. */
function packFiles(): string[] {
  return readdirSync(path.resolve(process.cwd(), 'content/rules')).filter((f) => f.endsWith('.yaml'));
}

/** The templates with their examples, read as the site reads them: every pack's, or one pack's. */
function templates(only?: string): Rule[] {
  const dir = path.resolve(process.cwd(), 'content/rules');
  return packFiles()
    .filter((f) => only === undefined || f === only)
    .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).rules);
}

const quietIo = () => {
  const out: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) }, out };
};

/** Presses Tab until the focused element satisfies the check; fails after 120 presses. */
async function tabTo(page: Page, check: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate(`(() => { const el = document.activeElement; return !!el && (${check}); })()`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${check} by keyboard`);
}

/** Builds the seed rule from a blank start with the keyboard alone, and saves it. */
async function buildSeedRule(page: Page): Promise<void> {
  await tabTo(page, `el.textContent === 'Start a blank rule'`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Build a rule', level: 2 })).toBeFocused();
  await tabTo(page, `el.id === 'builder-action-search'`);
  await page.keyboard.type('starts a server');
  await tabTo(page, `el.type === 'checkbox' && el.closest('label').textContent.trim().startsWith('starts a server')`);
  await page.keyboard.press('Space');
  await tabTo(page, `el.type === 'checkbox' && el.closest('label').textContent.trim().startsWith('AWS did it on your behalf')`);
  await page.keyboard.press('Space');
  await expect(page.locator('.builder-sentence')).toContainText('#security-alerts');
  await tabTo(page, `el.textContent === 'Save to My rules'`);
  await page.keyboard.press('Enter');
  await expect(page.locator('.builder-mine li')).toHaveCount(1);
}

test.describe('the rule builder', () => {
  test('builds "the root user signs in to the console" from a blank start, and the sentence, title and id read like a template', async ({ page }) => {
    await open(page);
    await page.getByRole('button', { name: 'Start a blank rule' }).click();
    await page.locator('#builder-who').selectOption({ label: 'the root user' });
    await page.locator('#builder-action-search').fill('signs in to the console');
    await page.getByRole('checkbox', { name: /^signs in to the console/ }).check();
    await expect(page.locator('.builder-sentence')).toHaveText(
      'When the root user signs in to the console (ConsoleLogin): tell #security-alerts, look at it today.',
    );
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Root user signs in to the console');
    await expect(page.getByLabel('What to do')).not.toHaveValue(/check who holds the key/);
    await page.getByRole('button', { name: 'Save to My rules' }).click();
    await expect(page.locator('.builder-mine li')).toHaveCount(1);
    await expect(page.locator('.builder-mine li')).toContainText('Root user signs in to the console');
  });

  test('builds the seed rule from a blank start by keyboard, shows every tool’s file, and downloads them all as a zip that passes each tool’s checks', async ({ page }) => {
    test.skip(skipWhenMissing(haveCorpora, reasons.corpora), reasons.corpora);
    test.setTimeout(120_000);
    await open(page);
    await buildSeedRule(page);
    const sentence = await page.locator('.builder-sentence').textContent();
    expect(sentence).toMatch(/starts a server/);
    expect(sentence).toMatch(/AWS did it on your behalf/);

    // Every tool's tab shows a file, reached with the arrow keys.
    const tabs = page.getByRole('tab');
    await expect(tabs).toHaveCount(7);
    await tabs.first().focus();
    for (let i = 0; i < 7; i++) {
      const panel = page.getByRole('tabpanel');
      await expect(panel.locator('pre').first()).not.toBeEmpty();
      await page.keyboard.press('ArrowRight');
    }
    // Starting a server is an EC2 event, recorded in the region it happens in.
    await page.getByRole('tab', { name: 'AWS EventBridge' }).click();
    await expect(page.getByRole('tabpanel')).toContainText('Where to set it up: It watches a service that reports in the region where things happen.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all as a zip' }).click()]);
    const files = unzipFiles(readFileSync((await download.path())!));
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    expect([...byPath.keys()]).toEqual(expect.arrayContaining(['README.md', 'rules.yaml', 'falco/plainsec_cloudtrail_rules.yaml', 'alertmanager/alertmanager.yml', 'splunk/savedsearches.conf']));
    expect(byPath.get('README.md')).toMatch(/Where each rule is set up:\n\n- [a-z0-9-]+: It watches a service that reports in the region where things happen\./);

    // One Sigma rule, and the README that says Sigma tells nobody.
    const sigmaFiles = files.filter((f) => f.path.startsWith('sigma/') && f.path.endsWith('.yml'));
    expect(sigmaFiles).toHaveLength(1);
    expect(byPath.get('sigma/README.md')).toContain('No file in this folder posts in chat or pages anyone.');
    const ajv2020 = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv2020);
    const validSigma = ajv2020.compile(JSON.parse(readFileSync(sigmaSchemaFile, 'utf8')));
    expect(validSigma(parse(sigmaFiles[0]!.content)), JSON.stringify(validSigma.errors)).toBe(true);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
    const validFalco = ajv.compile(JSON.parse(readFileSync(falcoSchemaFile, 'utf8')));
    expect(validFalco(parse(byPath.get('falco/plainsec_cloudtrail_rules.yaml')!)), JSON.stringify(validFalco.errors)).toBe(true);
    for (const f of files.filter((x) => x.path.endsWith('.json'))) expect(() => JSON.parse(f.content), f.path).not.toThrow();
    for (const line of byPath.get('elastic/plainsec-rules.ndjson')!.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-builder-'));
    try {
      if (amtool) {
        writeFileSync(path.join(dir, 'alertmanager.yml'), byPath.get('alertmanager/alertmanager.yml')!);
        expect(() => execFileSync(amtool, ['check-config', path.join(dir, 'alertmanager.yml')], { stdio: 'pipe' })).not.toThrow();
      } else console.warn(`Skipped amtool check-config in the builder test: ${reasons.amtool}`);

      // The saved YAML, exported by the command, gives the same Sigma file.
      const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as a rule file' }).click()]);
      const yamlFile = path.join(dir, 'rules.yaml');
      writeFileSync(yamlFile, readFileSync((await saved.path())!));
      const { io } = quietIo();
      expect(await run(['rules', 'validate', yamlFile], io)).toBe(0);
      expect(await run(['rules', 'export', yamlFile, '--to', 'sigma', '--out', path.join(dir, 'out')], io)).toBe(0);
      const cliSigma = readdirSync(path.join(dir, 'out', 'sigma')).filter((f) => f.endsWith('.yml'));
      expect(cliSigma).toHaveLength(1);
      expect(sigmaFiles[0]!.content).toBe(readFileSync(path.join(dir, 'out', 'sigma', cliSigma[0]!), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // One test per pack file, so the two workers share the walk and each stays within its time.
  for (const pack of packFiles())
  test(`fires on each template’s sample that should fire and stays quiet on its near miss, in every tool that exports it (${pack})`, async ({ page }) => {
    test.setTimeout(300_000);
    const inPack = templates(pack);
    const withExamples = inPack.filter((t) => (t.examples ?? []).length >= 2);
    expect(withExamples.length).toBe(inPack.length);
    let checks = 0;
    for (const template of withExamples) {
      await open(page, `/rules/?template=${template.id}`);
      await expect(page.getByRole('heading', { name: 'Build a rule', level: 2 })).toBeVisible();
      const select = page.getByLabel('A sample event', { exact: true });
      await expect(select.locator('optgroup').first()).toBeAttached();
      for (const example of template.examples!) {
        if (template.count) {
          // A counting rule is tried on each burst of events it carries, pasted, counted by every tool that can count.
          if (!example.events) continue;
          await page.getByLabel(/Or paste your own/).fill(JSON.stringify(example.events));
          await page.getByRole('button', { name: 'Try the pasted events' }).click();
          const result = page.locator('.builder-try-result');
          await expect(result.locator('strong')).toHaveText(example.expect === 'fires' ? 'The rule fires' : 'The rule does not fire');
          for (const row of await result.locator('tbody tr').all()) {
            const cell = (await row.locator('td').textContent()) ?? '';
            if (/^Fires in \d+ window|^Does not fire/.test(cell)) {
              expect(cell, `${template.id}: ${example.name}: ${await row.locator('th').textContent()}`).toMatch(example.expect === 'fires' ? /^Fires in \d+ window\(s\)$/ : /^Does not fire$/);
              checks++;
            } else expect(cell, `${template.id}: ${example.name}`).not.toMatch(/^Could not check/);
          }
          continue;
        }
        await select.selectOption({ label: example.name });
        const result = page.locator('.builder-try-result');
        await expect(result.locator('strong')).toHaveText(example.expect === 'fires' ? 'The rule fires' : 'The rule does not fire');
        for (const row of await result.locator('tbody tr').all()) {
          const cell = (await row.locator('td').textContent()) ?? '';
          if (cell === 'Fires' || cell === 'Does not fire') {
            expect(cell, `${template.id}: ${example.name}: ${await row.locator('th').textContent()}`).toBe(example.expect === 'fires' ? 'Fires' : 'Does not fire');
            checks++;
          } else expect(cell, `${template.id}: ${example.name}`).not.toMatch(/^Could not check/);
        }
      }
    }
    console.info(`Try-it agreed with ${checks} tool results on ${withExamples.length} templates' samples.`);
    expect(checks).toBeGreaterThan(withExamples.length * 2 * 4);
  });

  test('says before any download which files page on-call for the root sign-in rule, and that Sigma does not', async ({ page }) => {
    await open(page, '/rules/?template=root-account-used');
    const who = page.locator('.builder-who-pages');
    await expect(who).toContainText('Who gets woken up, file by file');
    await expect(who.locator('li', { hasText: 'Sigma' })).toContainText('Does not page: a Sigma rule says what to detect');
    for (const tool of ['Prometheus Alertmanager', 'AWS EventBridge', 'Elastic Security', 'Splunk']) await expect(who.locator('li', { hasText: tool })).toContainText('Pages on-call: yes');
    // The Sigma tab opens first, and says it beside the file.
    await expect(page.getByRole('tab', { name: 'Sigma' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.builder-panel .builder-no-page')).toContainText('Does not page');
    await page.getByRole('tab', { name: 'Prometheus Alertmanager' }).click();
    await expect(page.locator('.builder-panel .builder-no-page')).toHaveCount(0);
  });

  test('says the line and column where a pasted event stops being JSON, and why the rule does not fire on a near miss', async ({ page }) => {
    await open(page, '/rules/?template=server-outside-autoscaling');
    await page.getByLabel(/Or paste your own/).fill('{\n  "eventSource": "ec2.amazonaws.com",\n  "eventName": "RunInstances"\n  "awsRegion": "eu-west-1"\n}');
    await page.getByRole('button', { name: 'Try the pasted event' }).click();
    await expect(page.locator('#builder-paste-error')).toContainText('line 4');
    await expect(page.locator('#builder-paste-error')).toContainText('column');
    await page
      .getByLabel(/Or paste your own/)
      .fill(JSON.stringify({ eventVersion: '1.08', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'eu-west-1', userIdentity: { type: 'AssumedRole', invokedBy: 'autoscaling.amazonaws.com' } }));
    await page.getByRole('button', { name: 'Try the pasted event' }).click();
    await expect(page.locator('.builder-try-result strong')).toHaveText('The rule does not fire');
    await expect(page.locator('.builder-try-result li').first()).toContainText('auto-scaling');
  });

  test('opens a real Sigma rule and exports it back to Sigma with the same meaning on real events', async ({ page }) => {
    test.skip(skipWhenMissing(haveCorpora, reasons.corpora), reasons.corpora);
    const candidates = readdirSync(sigmaRulesDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.yml'))
      .sort()
      .map((f) => ({ f, text: readFileSync(path.join(sigmaRulesDir, f), 'utf8') }))
      .filter(({ text }) => importSigmaRule(text).ok);
    expect(candidates.length).toBeGreaterThan(0);
    const events = readdirSync(stratusDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const data = JSON.parse(readFileSync(path.join(stratusDir, f), 'utf8')) as unknown;
        return (Array.isArray(data) ? data : ((data as { Records?: unknown[] }).Records ?? [data])) as CloudTrailEvent[];
      });
    // The first rule that matches some real events, so the comparison has something to compare.
    const chosen = candidates.find(({ text }) => events.some((e) => sigmaTarget.match(text, e).kind === 'match'));
    expect(chosen, 'a Sigma rule in the corpus that imports and matches a real event').toBeDefined();
    const { f, text } = chosen!;
    await open(page);
    await showFiles(page);
    await page.getByLabel('Paste a Sigma rule for AWS CloudTrail').fill(text);
    await page.getByRole('button', { name: 'Open it in the builder' }).click();
    await expect(page.getByRole('heading', { name: 'Build a rule', level: 2 })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Sigma' })).toBeVisible();
    await page.getByRole('tab', { name: 'Sigma' }).click();
    const exported = (await page.getByRole('tabpanel').locator('pre code').first().textContent())!;
    const before = events.map((e) => sigmaTarget.match(text, e).kind);
    const after = events.map((e) => sigmaTarget.match(exported, e).kind);
    expect(after, f).toEqual(before);
    expect(before).toContain('match');
    console.info(`Sigma round trip of ${f}: ${before.filter((k) => k === 'match').length} of ${events.length} real events match, before and after.`);
  });

  test('restores the same rules from a share link in a fresh browser, and a tampered link says so and loses nothing', async ({ page, browser }) => {
    await open(page);
    await buildSeedRule(page);
    await showFiles(page);
    await page.getByRole('button', { name: 'Copy a share link' }).click();
    const link = await page.locator('#builder-share-link').inputValue();
    expect(link).toMatch(/\/rules\/#rules=/);
    const title = await page.locator('.builder-mine__title').first().textContent();

    const fresh = await newContext(browser);
    const other = await fresh.newPage();
    await open(other, link);
    await expect(other.locator('.builder-mine__title')).toHaveText([title!]);
    await fresh.close();

    // A browser that already holds a rule opens a damaged link: the rule stays.
    const holder = await newContext(browser);
    const kept = await holder.newPage();
    await open(kept);
    await buildSeedRule(kept);
    const code = link.split('#rules=')[1]!;
    const tampered = `${link.split('#')[0]}#rules=${code.slice(0, 20)}x${code.slice(21, -5)}`;
    const again = await holder.newPage();
    await open(again, tampered);
    await expect(again.getByRole('alert')).toContainText('This link is damaged');
    await expect(again.locator('.builder-mine li')).toHaveCount(1);
    await holder.close();
  });

  test('loads a rule file edited by hand, says the line of a mistake without changing anything, adds it beside mine, and undoes an explicit replace after a reload', async ({ page }) => {
    await open(page);
    await buildSeedRule(page);
    await showFiles(page);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as a rule file' }).click()]);
    const yaml = readFileSync((await saved.path())!, 'utf8');
    const title = (await page.locator('.builder-mine__title').first().textContent())!;

    const broken = yaml.replace('notify: "#security-alerts"', 'notify: security-alerts').replace("notify: '#security-alerts'", 'notify: security-alerts');
    expect(broken).not.toBe(yaml);
    await page.getByLabel(/Load a rule file/).setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) });
    await expect(page.getByRole('alert')).toContainText(/line \d+/);
    await expect(page.getByRole('alert')).toContainText('#security-alerts');
    await expect(page.locator('.builder-mine__title')).toHaveText([title]);

    const edited = yaml.replace(`title: ${title}`, 'title: A server was started by hand, edited');
    expect(edited).not.toBe(yaml);
    await page.getByLabel(/Load a rule file/).setInputFiles({ name: 'edited.yaml', mimeType: 'application/yaml', buffer: Buffer.from(edited) });
    // Same id, other words: both stay, the loaded one marked with where it came from.
    const both = [title, 'A server was started by hand, edited (from edited.yaml)'];
    await expect(page.locator('.builder-mine__title')).toHaveText(both);
    const notice = page.locator('.builder-undo');
    await expect(notice).toContainText('Added 1 rule from edited.yaml; 1 has the same id as one of yours');

    // Replacing is the person's choice, and the rules before it are kept as a backup.
    await page.getByRole('button', { name: 'Replace My rules with these instead' }).click();
    await expect(page.locator('.builder-mine__title')).toHaveText(['A server was started by hand, edited']);
    await expect(notice).toHaveText(/Replaced My rules with the 1 rule from edited\.yaml\. Your rules before that were kept as a backup today at 10:00\./);

    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText(['A server was started by hand, edited']);
    await expect(notice).toContainText('Your rules before that were kept as a backup today at 10:00.');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(page.locator('.builder-mine__title')).toHaveText(both);
    // Undo swaps: what it took away is kept as the backup, one more Undo away.
    await expect(notice).toContainText('Undo put back your earlier rules. Your rules before that were kept as a backup today at 10:00.');
    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText(both);
    await page.getByRole('button', { name: 'Keep the new ones' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('a share link adds to My rules and both saved rules are still there after a reload', async ({ page }) => {
    const { mine, added } = await linkOverTwoRules(page);
    const titles = page.locator('.builder-mine__title');
    await expect(titles).toHaveText([...mine, ...added]);
    const notice = page.locator('.builder-undo');
    await expect(notice).toContainText(`Added 2 rules from the share link; 1 has the same id as one of yours, so it was added as “${added[1]}”.`);
    await expect(notice).toContainText('Your rules before that were kept as a backup today at 10:00.');
    // The link is read once: a reload neither adds it again nor forgets the way back.
    expect(new URL(page.url()).hash).toBe('');
    await open(page);
    await expect(titles).toHaveText([...mine, ...added]);
    await expect(notice).toContainText('Your rules before that were kept as a backup today at 10:00.');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(titles).toHaveText(mine);
    await open(page);
    await expect(titles).toHaveText(mine);
    // The added rules are one more Undo away, not lost.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(titles).toHaveText([...mine, ...added]);
  });

  test('“Keep the new ones” keeps the added rules and forgets the backup', async ({ page }) => {
    const { mine, added } = await linkOverTwoRules(page);
    await page.getByRole('button', { name: 'Keep the new ones' }).click();
    await expect(page.locator('.builder-undo')).toHaveCount(0);
    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText([...mine, ...added]);
    await expect(page.locator('.builder-undo')).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('plainsec:rules:v1:backup'))).toBeNull();
  });

  test('two tabs each save a different rule and both survive a reload', async ({ page, context }) => {
    const [one, two] = templates() as [Rule, Rule];
    const other = await context.newPage();
    await open(page);
    await open(other);
    for (const [tab, rule] of [
      [page, one],
      [other, two],
    ] as const) {
      await tab.getByRole('button', { name: `Use this rule: ${rule.title}` }).click();
      // The files for each tool show once the rule has been checked, so saving is ready.
      await expect(tab.getByRole('tab').first()).toBeVisible();
      await tab.getByRole('button', { name: 'Save to My rules' }).click();
      await expect(tab.locator('.builder-mine__title')).toContainText([rule.title]);
    }
    await expect(other.locator('.builder-mine__title')).toHaveText([one.title, two.title]);
    // The first tab shows the other tab's rule without a reload.
    await expect(page.locator('.builder-mine__title')).toHaveText([one.title, two.title]);
    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText([one.title, two.title]);
  });

  test('duplicates and deletes a rule in My rules, and Undo brings the deleted one back after a reload', async ({ page }) => {
    await open(page);
    await buildSeedRule(page);
    const title = (await page.locator('.builder-mine__title').first().textContent())!;
    await page.getByRole('button', { name: `Duplicate ${title}` }).click();
    await expect(page.locator('.builder-mine__title')).toHaveText([title, `${title} (copy)`]);
    await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
    await expect(page.locator('.builder-mine__title')).toHaveText([`${title} (copy)`]);
    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText([`${title} (copy)`]);
    await expect(page.locator('.builder-undo')).toContainText(`Deleted “${title}”. Your rules before that were kept as a backup today at 10:00.`);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(page.locator('.builder-mine__title')).toHaveText([title, `${title} (copy)`]);
    await open(page);
    await expect(page.locator('.builder-mine__title')).toHaveText([title, `${title} (copy)`]);
  });

  test('says so when the browser’s storage is full, and does not show the rule as saved', async ({ page }) => {
    await page.goto('/rules/');
    await fillStorage(page);
    await open(page);
    await page.getByRole('button', { name: 'Use this rule: A server was started by hand, outside auto-scaling' }).click();
    await expect(page.getByRole('button', { name: 'Edit as YAML' })).toBeVisible();
    await page.getByRole('button', { name: 'Save to My rules' }).click();
    await expect(page.getByRole('alert').first()).toContainText('could not keep this change');
    await expect(page.locator('.builder-mine li')).toHaveCount(0);
  });

  test('finding a template shows only those holding every word typed, says how many, and says so when none does', async ({ page }) => {
    await open(page);
    const all = await page.locator('.rule-list li').count();
    const search = page.getByRole('searchbox', { name: 'Find a template' });
    await search.fill('audit log stopped');
    const shown = page.locator('.rule-list li:visible');
    await expect(shown.first()).toContainText('Someone stopped or deleted the audit log');
    const n = await shown.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(all);
    const searched = await shown.evaluateAll((lis) => lis.map((li) => `${li.querySelector('a')!.textContent} ${li.querySelector('.rule-list__means')!.textContent} ${(li as HTMLElement).dataset.template}`.toLowerCase()));
    for (const text of searched) for (const word of ['audit', 'log', 'stopped']) expect(text).toContain(word);
    await expect(page.locator('#builder-template-found')).toHaveText(`${n} of ${all} templates hold “audit log stopped”.`);
    // A pack left with no template is hidden with its heading.
    await expect(page.getByRole('heading', { name: 'Starter pack', level: 3 })).toBeVisible();
    await search.fill('zzzz nothing');
    await expect(shown).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Starter pack', level: 3 })).toBeHidden();
    await expect(page.locator('#builder-template-found')).toHaveText('No template holds “zzzz nothing”. Try fewer or shorter words, or start a blank rule.');
    await search.fill('');
    await expect(page.locator('.rule-list li:visible')).toHaveCount(all);
    await expect(page.locator('#builder-template-found')).toHaveText('');
  });

  test('a link to a template that does not exist says so, and the builder still works', async ({ page }) => {
    await open(page, '/rules/?template=no-such-template');
    await expect(page.getByRole('alert')).toContainText('The address asks for a template called “no-such-template”, and there is none by that name.');
    await page.getByRole('button', { name: 'Use this rule: A server was started by hand, outside auto-scaling' }).click();
    await expect(page.getByRole('heading', { name: 'Build a rule', level: 2 })).toBeFocused();
  });

  test('keeps the rule when its YAML has a mistake, and reads it back when fixed', async ({ page }) => {
    await open(page, '/rules/?template=server-outside-autoscaling');
    await page.getByRole('button', { name: 'Edit as YAML' }).click();
    const area = page.getByLabel(/The rule as YAML/);
    const text = await area.inputValue();
    await area.fill(text.replace(/urgency: .*/, 'urgency: soon'));
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.getByRole('alert')).toContainText('urgency');
    await expect(area).toBeVisible();
    await area.fill(text.replace(/urgency: .*/, 'urgency: wake-me-up'));
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.getByRole('radio', { name: /Wake me up/ })).toBeChecked();
  });

  test('typing “log in” to find a sample event offers the console sign-ins first, and says so when nothing matches', async ({ page }) => {
    await open(page, '/rules/?template=server-outside-autoscaling');
    const search = page.getByRole('searchbox', { name: 'Find a sample event' });
    const select = page.getByLabel('A sample event', { exact: true });
    const status = page.locator('#builder-sample-search-status');
    await expect(select.locator('optgroup').first()).toBeAttached();
    await search.fill('log in');
    await expect(status).toHaveText(/^\d+ samples match\.$/);
    const offered = await select.locator('option:not([value=""])').allTextContents();
    expect(offered.length).toBe(Number((await status.textContent())!.split(' ')[0]));
    expect(offered[0]).toMatch(/signs in to the console|password for the console/);
    expect(offered).toEqual(expect.arrayContaining(['Someone signs in to the console as root', 'Someone types a wrong password for the console', 'A user signs in to the console with only a password']));
    expect(offered.filter((name) => /server/.test(name))).toEqual([]);
    await select.selectOption({ label: 'Someone signs in to the console as root' });
    await expect(page.locator('.builder-try-result strong')).toHaveText('The rule does not fire');
    await search.fill('zebra crossing');
    await expect(status).toHaveText(/^No sample event matches “zebra crossing”\./);
    await expect(select.locator('option')).toHaveCount(1);
  });
});

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The builder in each state a person can reach (listed in tool-states.ts, which the layout test and the screenshots share). */
const states = ruleBuilderStates;

for (const theme of ['light', 'dark'] as const) {
  test.describe(`/rules/ in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    const check = async (page: Page) => {
      const results = await new AxeBuilder({ page }).withTags(tags).analyze();
      return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    };
    for (const [state, reach] of Object.entries(states)) {
      test(`${state} has no accessibility violations`, async ({ page }) => {
        await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
        await open(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await reach(page);
        expect(await check(page)).toEqual([]);
      });
    }
    test('each tool’s tab has no accessibility violations', async ({ page }) => {
      // Seven axe runs over a page that lists all 127 templates: about a minute on a quiet machine.
      test.setTimeout(240_000);
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      await open(page, '/rules/?template=server-outside-autoscaling');
      const tabs = page.getByRole('tab');
      await expect(tabs).toHaveCount(7);
      for (let i = 0; i < 7; i++) {
        await tabs.nth(i).click();
        await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
        expect(await check(page), await tabs.nth(i).textContent() ?? '').toEqual([]);
      }
    });
  });
}
