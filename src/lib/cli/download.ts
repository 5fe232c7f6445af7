/**
 * How to get the `plainsec` command outside this repository, said the same way on the site, in the
 * builder's zip and in the CI recipes: download the one file from the site, check it against its
 * checksum, run it with Node. There is no `plainsec` package in the npm registry, so no page may
 * tell anyone to run `npx plainsec`: that would run whatever someone publishes under the name.
 */

/** Where the file is served, beside the site's pages (src/integrations/cli-file.ts writes both). */
export const cliFilePath = '/plainsec.mjs';
export const cliChecksumPath = '/plainsec.mjs.sha256';
/** The page that says how to use the command in a repository, with the CI recipes. */
export const cliGuidePath = '/command/';
/** The site's address when the page that asks does not know its own (the build, the CLI). */
export const siteOrigin = 'https://plainsec.dev';
/** The oldest Node the file runs on. */
export const cliNodeVersion = 20;

/** The file's and its checksum's full addresses on the site at `origin`. */
export function cliAddresses(origin: string = siteOrigin): { file: string; checksum: string } {
  return { file: new URL(cliFilePath, origin).href, checksum: new URL(cliChecksumPath, origin).href };
}

/**
 * Shell lines that download the command and stop unless its checksum matches (Linux's sha256sum;
 * a Mac has `shasum -a 256 -c` instead, which the words beside these lines say).
 */
export function cliDownloadLines(origin: string = siteOrigin): string[] {
  const { file, checksum } = cliAddresses(origin);
  return [`curl -fsSLO ${file}`, `curl -fsSLO ${checksum}`, 'sha256sum -c plainsec.mjs.sha256'];
}

/** A command line as a user runs it with the downloaded file: `node plainsec.mjs rules validate rules.yaml`. */
export function cliCommand(args: string): string {
  return `node plainsec.mjs ${args}`;
}
