import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import glossaryLinks, { loadGlossary } from '../../../src/integrations/glossary-links.ts';
import { checkGlossaryLinks } from '../../../src/lib/content/page-check.ts';

const glossaryDir = path.resolve(process.cwd(), 'content/glossary');
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plainsec-glossary-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

type BuildDone = NonNullable<ReturnType<typeof glossaryLinks>['hooks']['astro:build:done']>;

/** Runs the integration's build hook over a folder, collecting what it logs. */
async function runBuildDone(dist: string, glossaryFolder = glossaryDir): Promise<string[]> {
  const logged: string[] = [];
  const logger = { info: (message: string) => logged.push(message), warn: () => {}, error: () => {}, debug: () => {} };
  const hook = glossaryLinks({ glossaryDir: glossaryFolder }).hooks['astro:build:done'] as BuildDone;
  await hook({ dir: pathToFileURL(`${dist}/`), logger, pages: [], assets: new Map() } as unknown as Parameters<BuildDone>[0]);
  return logged;
}

const guidePage = '<!DOCTYPE html><html lang="en"><head><title>Guide</title></head><body><main><div data-prose><p>Turn on MFA and check each CVE. MFA again.</p></div></main></body></html>';

describe('loadGlossary', () => {
  it('reads every entry in content/glossary', async () => {
    const entries = await loadGlossary(glossaryDir);
    expect(entries.length).toBeGreaterThanOrEqual(55);
    expect(entries.find((entry) => entry.slug === 'mfa')?.aliases).toContain('MFA');
  });

  it('fails with every problem named when a file is wrong', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bad.md'), '---\nterm: Bad\n---\n');
    await expect(loadGlossary(dir)).rejects.toThrow(/content\/glossary\/bad\.md: definition/);
  });
});

describe('the glossary-links integration', () => {
  it('links first uses on guide pages and leaves other pages alone', async () => {
    const dist = await tempDir();
    await mkdir(path.join(dist, 'guides', 'start-somewhere', 'turn-on-mfa'), { recursive: true });
    await writeFile(path.join(dist, 'guides', 'start-somewhere', 'turn-on-mfa', 'index.html'), guidePage);
    await writeFile(path.join(dist, 'index.html'), guidePage);

    const logged = await runBuildDone(dist);

    const guide = await readFile(path.join(dist, 'guides', 'start-somewhere', 'turn-on-mfa', 'index.html'), 'utf8');
    expect(guide).toContain('<a class="term" href="/glossary/#mfa" aria-describedby="tip-mfa">MFA</a>');
    expect(guide).toContain('href="/glossary/#cve"');
    expect(guide.match(/class="term"/g)).toHaveLength(2);
    const entries = await loadGlossary(glossaryDir);
    expect(checkGlossaryLinks(guide, entries)).toEqual([]);
    expect(await readFile(path.join(dist, 'index.html'), 'utf8')).toBe(guidePage);
    expect(logged.join(' ')).toMatch(/Linked glossary terms on 1 of 1 guide pages/);
  });

  it('does nothing when the site has no guides folder', async () => {
    const dist = await tempDir();
    expect(await runBuildDone(dist)).toEqual([expect.stringMatching(/on 0 of 0 guide pages/)]);
  });

  it('is named and hooks into the end of the build', () => {
    const integration = glossaryLinks();
    expect(integration.name).toBe('plainsec:glossary-links');
    expect(typeof integration.hooks['astro:build:done']).toBe('function');
  });
});
