/**
 * Photographs every tool state (tests/e2e/tool-states.ts) at 390 and 1280 px, light and dark, for
 * a person to look over. Run by `npm run screenshots`, which also writes the index page.
 * One test per width and theme; each state gets a fresh context, as in the layout test.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, newContext } from '../tests/e2e/fixtures.ts';
import { toolStates } from '../tests/e2e/tool-states.ts';

const folder = process.env.PLAINSEC_SHOTS_DIR ?? 'screenshots';
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

for (const width of [390, 1280]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`every tool state at ${width} px in the ${theme} theme`, async ({ browser }) => {
      test.setTimeout(300_000);
      const shots: { state: string; path: string; width: number; theme: string; file: string }[] = [];
      const missed: string[] = [];
      for (const state of toolStates) {
        const context = await newContext(browser, { viewport: { width, height: width < 600 ? 844 : 800 }, colorScheme: theme });
        await context.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
        const page = await context.newPage();
        // One state that cannot be reached does not cost the pictures of all the others.
        try {
          await state.reach(page);
          const file = `${slug(state.name)}--${width}--${theme}.png`;
          await page.screenshot({ path: path.join(folder, file), fullPage: true, animations: 'disabled', caret: 'hide' });
          shots.push({ state: state.name, path: state.path, width, theme, file });
        } catch (error) {
          missed.push(`${state.name}: ${(error as Error).message.split('\n')[0]}`);
        }
        await context.close();
      }
      writeFileSync(path.join(folder, `shots-${width}-${theme}.json`), JSON.stringify(shots));
      if (missed.length) throw new Error(`No picture of:\n${missed.join('\n')}`);
    });
  }
}
