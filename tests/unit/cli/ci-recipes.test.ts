/**
 * The CI recipes the site and the builder's zip hand out: each is valid for its CI (SchemaStore's
 * schemas, tests/fixtures/ci-schemas/SOURCE.md), and its shell lines, run in an empty folder with
 * the command served from 127.0.0.1, pass on good files and fail, in the command's own words, when a
 * check fails or the downloaded file is not the one the site built.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitlabJob, githubWorkflow, pinnedActions, recipeSteps, type RecipeOptions } from '../../../src/lib/cli/ci-recipes.ts';
import { cliFileName, writeCliFile } from '../../../src/integrations/cli-file.ts';

const repo = process.cwd();
const schemas = path.join(repo, 'tests/fixtures/ci-schemas');
const options: RecipeOptions = { rules: 'rules.yaml', events: 'samples/cloudtrail.json', results: 'assessment/*.json', minLevel: 1 };

function validatorFor(schemaFile: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(path.join(schemas, schemaFile), 'utf8')));
}

describe('the CI recipes', () => {
  it('the GitHub Actions workflow is valid for SchemaStore’s workflow schema, with every action pinned to a full commit', () => {
    const validate = validatorFor('github-workflow.json');
    const text = githubWorkflow(options);
    const workflow = parse(text);
    expect(validate(workflow), JSON.stringify(validate.errors)).toBe(true);
    const uses = (workflow.jobs.plainsec.steps as { uses?: string }[]).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBe(2);
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    for (const a of Object.values(pinnedActions)) expect(text).toContain(`${a.uses} # ${a.release}`);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    // A workflow that is not an object (a typo in the YAML) is refused: the check can fail.
    expect(validate({ name: 'x', on: 'push', jobs: { a: { 'runs-on': 'ubuntu-latest', steps: [{ run: 1, uses: 2 }] } } })).toBe(false);
  });

  it('the GitLab CI job is valid for the GitLab CI schema', () => {
    const validate = validatorFor('gitlab-ci.json');
    const job = parse(gitlabJob(options));
    expect(validate(job), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ plainsec: { script: 'x', image: 5 } })).toBe(false);
  });

  it('both recipes run the same command lines, in the same order', () => {
    const workflow = parse(githubWorkflow(options));
    const fromGithub = (workflow.jobs.plainsec.steps as { run?: string }[]).flatMap((s) => (s.run ? s.run.split('\n') : []));
    const fromGitlab = (parse(gitlabJob(options)).plainsec.script as string[]).filter((l) => !l.startsWith('echo '));
    expect(fromGitlab).toEqual(fromGithub);
    expect(fromGithub.join('\n')).not.toMatch(/npx/);
  });

  it('leaves out the checks the repository has nothing for', () => {
    expect(recipeSteps({ results: 'team.json' }).map((s) => s.name)).toEqual(['Get the plainsec command and check it is the one the site built', 'The team’s self-assessment is at level 1 or above']);
    expect(recipeSteps({ rules: 'rules.yaml' }).length).toBe(3);
  });
});

describe('the recipes’ shell lines, run with the command served from 127.0.0.1', () => {
  let server: Server;
  let origin = '';
  const served = mkdtempSync(path.join(tmpdir(), 'plainsec-served-'));
  const work: string[] = [];

  beforeAll(async () => {
    await writeCliFile(served);
    server = createServer((req, res) => {
      const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
      if (![cliFileName, `${cliFileName}.sha256`].includes(name)) return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(path.join(served, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const dir of [served, ...work]) rmSync(dir, { recursive: true, force: true });
  });

  /** A repository with the files the recipe names; its team answered "all of it" (good) or "not yet" (weak) to every question. */
  function repository(results: 'good' | 'weak'): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-repo-'));
    work.push(dir);
    cpSync(path.join(repo, 'content/rules/starter.yaml'), path.join(dir, 'rules.yaml'));
    mkdirSync(path.join(dir, 'samples'));
    const login = { eventVersion: '1.08', eventTime: '2026-11-20T03:12:00Z', awsRegion: 'eu-west-1', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Success' } };
    writeFileSync(path.join(dir, 'samples/cloudtrail.json'), JSON.stringify({ Records: [login] }));
    mkdirSync(path.join(dir, 'assessment'));
    const ids = readdirSync(path.join(repo, 'content/quiz')).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5));
    const value = results === 'good' ? 1 : 0;
    writeFileSync(path.join(dir, 'assessment/team.json'), JSON.stringify({ formatVersion: 1, respondents: [{ id: 'me', name: 'Me', answers: Object.fromEntries(ids.map((id) => [id, value])), answeredAt: '2026-11-01T10:00:00Z' }] }));
    return dir;
  }

  /** Lines in one bash that stops at the first failure, as GitLab runs a script; not blocking, so the server above answers. */
  function bash(dir: string, lines: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('bash', ['-e', '-c', lines.join('\n')], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** The GitLab job's script, as GitLab runs it. */
  function runScript(dir: string, scriptOptions: RecipeOptions) {
    return bash(dir, parse(gitlabJob({ ...scriptOptions, origin })).plainsec.script as string[]);
  }

  it('passes on valid rules, passing examples and a team at level 1, as GitLab runs the job', async () => {
    const r = await runScript(repository('good'), options);
    expect(r.stderr + r.stdout).toContain('plainsec.mjs: OK');
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  it('passes the same files step by step, as GitHub Actions runs the workflow (each step in bash -e, stopping at the first failure)', async () => {
    const dir = repository('good');
    const steps = (parse(githubWorkflow({ ...options, origin })).jobs.plainsec.steps as { run?: string; name?: string }[]).filter((s) => s.run);
    expect(steps.length).toBe(5);
    for (const step of steps) {
      const r = await bash(dir, [step.run!]);
      expect(r.status, `${step.name}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  }, 120_000);

  it('fails when the team is below the level asked for, and says so in the command’s words', async () => {
    const r = await runScript(repository('weak'), options);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/level/i);
  }, 120_000);

  it('stops before running anything when the downloaded file is not the one the site built', async () => {
    const dir = repository('good');
    const lines = parse(gitlabJob({ ...options, origin })).plainsec.script as string[];
    // Someone changed the file on the way: the checksum line no longer matches it.
    const tampered = lines.map((l) => (l.startsWith('sha256sum') ? `printf '\\n// changed\\n' >> plainsec.mjs && ${l}` : l));
    const r = await bash(dir, tampered);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/FAILED/);
    expect(r.stdout).not.toMatch(/== The alert rules are valid/);
  }, 60_000);
});
