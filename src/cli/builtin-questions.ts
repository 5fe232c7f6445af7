/**
 * The site's question files (file name → YAML text), built into the single-file command.
 *
 * From the sources this is empty and `plainsec assess` reads `content/quiz/` beside them. The
 * build of `dist/plainsec.mjs` (src/integrations/cli-file.ts) replaces this module with the files'
 * text, so the one downloaded file scores results with the same questions as the site that
 * offered it, with nothing else to fetch.
 */
export const builtinQuestionFiles: Readonly<Record<string, string>> | undefined = undefined;
