/**
 * The entry of the single-file command, `dist/plainsec.mjs`: the same `run` as bin/plainsec.mjs,
 * bundled with everything it needs (src/integrations/cli-file.ts), so a team can download one file
 * and run it with `node plainsec.mjs …` in any folder, with nothing to install.
 */
import { run } from './main.ts';

process.exitCode = await run(process.argv.slice(2));
