/**
 * CI recipes: a GitHub Actions workflow and a GitLab CI job that check, on every pull request, that
 * the team's alert rules are valid and pass their examples (and fire as expected on a sample log,
 * when the repository keeps one), and that the team's saved self-assessment is still at the level
 * it aims for. Both download the single-file command from the site, stop unless its checksum
 * matches, and fail with the command's own plain words. The /command/ page and the builder's zip
 * show these, and tests/unit/cli/ci-recipes.test.ts checks them against each CI's schema and runs
 * their shell lines.
 */
import { stringify } from 'yaml';
import { cliCommand, cliDownloadLines, siteOrigin } from './download.ts';

/** What the recipes check, with the paths inside the team's repository. */
export interface RecipeOptions {
  /** The site the command is downloaded from. */
  origin?: string;
  /** The rule file (or files, space-separated globs are fine). Leave out to skip the rule checks. */
  rules?: string | undefined;
  /** A sample CloudTrail log to test the rules on. */
  events?: string | undefined;
  /** The saved self-assessment results (a glob such as `assessment/*.json`). Leave out to skip. */
  results?: string | undefined;
  /** The level each practice must reach for the check to pass (0 to 3). */
  minLevel?: number;
}

/**
 * Actions pinned to full commit hashes, as the checklist asks: a tag can be moved to other code, a
 * commit cannot. The comment names the release, so an update tool (Dependabot, Renovate) can bump both.
 */
export const pinnedActions = {
  checkout: { uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', release: 'v7.0.1' },
  setupNode: { uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', release: 'v7.0.0' },
} as const;

/** The Node the recipes run the command on: the oldest it supports, as on most CI machines. */
const nodeMajor = 20;

/** One named check: its shell lines, in order. */
export interface RecipeStep {
  name: string;
  lines: string[];
}

/** The steps both recipes run, named for what a failure means. */
export function recipeSteps(options: RecipeOptions = {}): RecipeStep[] {
  const { origin = siteOrigin, rules, events, results, minLevel = 1 } = options;
  const steps: RecipeStep[] = [{ name: 'Get the plainsec command and check it is the one the site built', lines: cliDownloadLines(origin) }];
  if (rules) {
    steps.push({ name: 'The alert rules are valid', lines: [cliCommand(`rules validate ${rules}`)] });
    steps.push({ name: 'The alert rules pass their examples in every tool', lines: [cliCommand(`rules test ${rules}`)] });
    if (events) steps.push({ name: 'Every tool’s file agrees with the rules on the sample log', lines: [cliCommand(`rules test ${rules} --events ${events}`)] });
  }
  if (results) steps.push({ name: `The team’s self-assessment is at level ${minLevel} or above`, lines: [cliCommand(`assess score ${results} --min-level ${minLevel}`)] });
  return steps;
}

const header = (what: string) =>
  [
    `# Plainsec checks (${what}): the alert rules still pass their examples, and the team's self-assessment is still at the level it aims for.`,
    '# The command is one file downloaded from the site; the job stops unless its checksum matches.',
  ].join('\n');

/** `.github/workflows/plainsec.yml` */
export function githubWorkflow(options: RecipeOptions = {}): string {
  const workflow = {
    name: 'Plainsec checks',
    on: { pull_request: null, push: { branches: ['main'] } },
    permissions: { contents: 'read' },
    jobs: {
      plainsec: {
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 10,
        steps: [
          { uses: pinnedActions.checkout.uses, with: { 'persist-credentials': false } },
          { uses: pinnedActions.setupNode.uses, with: { 'node-version': nodeMajor } },
          ...recipeSteps(options).map((s) => ({ name: s.name, run: s.lines.join('\n') })),
        ],
      },
    },
  };
  // `on: pull_request:` with nothing after it means every pull request; YAML writes that as null.
  const text = stringify(workflow, { lineWidth: 0 }).replace('  pull_request: null', '  pull_request:');
  // The release each pinned hash stands for, beside it.
  const withReleases = Object.values(pinnedActions).reduce((t, a) => t.replace(`uses: ${a.uses}`, `uses: ${a.uses} # ${a.release}`), text);
  return `${header('GitHub Actions')}\n${withReleases}`;
}

/** `.gitlab-ci.yml` (or a part to add to it) */
export function gitlabJob(options: RecipeOptions = {}): string {
  const job = {
    plainsec: {
      // The full image, not -slim: it has curl. Pin it by digest if your team pins images.
      image: `node:${nodeMajor}`,
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }],
      script: recipeSteps(options).flatMap((s) => [`echo "== ${s.name}"`, ...s.lines]),
    },
  };
  return `${header('GitLab CI')}\n${stringify(job, { lineWidth: 0 })}`;
}

/** Where each recipe goes in the team's repository, as the builder's zip holds them (under ci/). */
export const recipeFileNames = { github: 'ci/plainsec-github-workflow.yml', gitlab: 'ci/plainsec-gitlab-ci.yml' } as const;

/** The two recipes for a zip that holds `rules.yaml` at its top. */
export function zipRecipeFiles(origin: string): { path: string; content: string }[] {
  const options: RecipeOptions = { origin, rules: 'rules.yaml' };
  return [
    { path: recipeFileNames.github, content: githubWorkflow(options) },
    { path: recipeFileNames.gitlab, content: gitlabJob(options) },
  ];
}
