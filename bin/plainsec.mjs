#!/usr/bin/env node
// The plainsec command. Node 22.18+ and 24 load the TypeScript sources directly (type stripping);
// older Node versions fall back to tsx, a development dependency of the project.
const main = new URL('../src/cli/main.ts', import.meta.url);

async function load() {
  try {
    return await import(main.href);
  } catch (error) {
    const code = error && typeof error === 'object' ? error.code : undefined;
    const typeScriptUnsupported =
      code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' || code === 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING';
    if (!typeScriptUnsupported) throw error;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(main.href, import.meta.url);
  }
}

const { run } = await load();
process.exitCode = await run(process.argv.slice(2));
