/**
 * How fast the rule builder answers an edit on a slow computer: the CPU is slowed four times
 * (Chrome's own throttling, as its performance panel does), then 20 real edits are made with the
 * mouse and keyboard: ticking and unticking actions, changing the urgency, typing a channel name.
 * Each edit's latency is Interaction to Next Paint as the browser measures it (Event Timing: the
 * longest event of the interaction, from the input until the next frame is painted).
 *
 * This test uses the real clock, not the fixed one in fixtures.ts (testOnRealClock): a fake clock replaces
 * setTimeout, requestAnimationFrame and performance.now, which would change what is measured.
 * Nothing here reads the date.
 */
import { type CDPSession, type Page } from '@playwright/test';
import { testOnRealClock as test, expect } from './fixtures.ts';

const edits = 20;

type Recorder = { interactions: Map<number, number>; firstInput: number | undefined; settledAt: number | undefined };

/**
 * Starts recording each interaction's latency (the longest event that belongs to it), when the
 * first input of an edit came, and when the previews last stopped saying they are updating.
 */
async function recordInteractions(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Recorder;
    w.interactions = new Map();
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEventTiming[]) {
        if (!entry.interactionId) continue;
        w.interactions.set(entry.interactionId, Math.max(w.interactions.get(entry.interactionId) ?? 0, entry.duration));
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    for (const type of ['pointerdown', 'keydown']) addEventListener(type, (e) => void (w.firstInput ??= e.timeStamp), { capture: true });
    const edit = document.querySelector('.builder-edit')!;
    new MutationObserver(() => {
      if (!edit.querySelector('[aria-busy="true"]')) w.settledAt = performance.now();
    }).observe(edit, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
}

/**
 * The latency of the interactions since the last call. An interaction whose events all took less
 * than 16 ms is not reported by the browser at all; it counts as 16 ms.
 */
async function takeLatency(page: Page): Promise<{ inp: number; previews: number }> {
  // Event Timing entries arrive after the frame is painted; wait two frames for them.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)))));
  return page.evaluate(() => {
    const w = window as unknown as Recorder;
    const inp = Math.max(16, ...w.interactions.values());
    // Until the previews are up to date: from the first input of the edit to the last time they stopped updating.
    const previews = w.firstInput !== undefined && w.settledAt !== undefined ? Math.max(0, Math.round(w.settledAt - w.firstInput)) : 0;
    w.interactions.clear();
    w.firstInput = undefined;
    w.settledAt = undefined;
    return { inp, previews };
  });
}

/** Waits until the sentence and every preview on the page show the rule as it is now. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.builder-edit [aria-busy="true"]')).toHaveCount(0);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

test('at a quarter of the CPU speed, the sentence and previews answer each of 20 edits within 100 ms (median) and 200 ms (worst)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/rules/');
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(1);
  await page.getByRole('button', { name: 'Start a blank rule' }).click();
  await expect(page.getByRole('button', { name: 'Edit as YAML' })).toBeVisible();
  const search = page.getByLabel('Does what');
  await search.fill('server');
  const sentence = page.locator('.builder-sentence');
  const actions = page.getByRole('list', { name: 'Actions' }).getByRole('checkbox');
  await expect(actions.first()).toBeVisible();
  await page.waitForLoadState('networkidle');

  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await recordInteractions(page);

  const latencies: { edit: string; ms: number; previews: number }[] = [];
  /** One edit: the sentence must change; then, once every preview shows the new rule, its latency is taken. */
  async function edit(name: string, act: () => Promise<void>): Promise<void> {
    const before = (await sentence.textContent())!;
    await act();
    await expect(sentence).not.toHaveText(before);
    await settled(page);
    const { inp, previews } = await takeLatency(page);
    latencies.push({ edit: name, ms: inp, previews });
  }

  // Tick three actions, untick the first, tick it again.
  // Ticked actions move to the top of the list, so each is found by its name, not its place.
  const names = (await actions.evaluateAll((boxes) => boxes.slice(0, 3).map((b) => b.closest('label')!.textContent!.trim()))) as [string, string, string];
  const box = (i: number) => page.getByRole('checkbox', { name: names[i], exact: true });
  for (const i of [0, 1, 2]) await edit(`tick “${names[i]}”`, () => box(i).check());
  await edit(`untick “${names[0]}”`, () => box(0).uncheck());
  await edit(`tick “${names[0]}” again`, () => box(0).check());
  // The urgency, four times.
  for (const choice of ['Wake me up', 'Just so you know', 'Look today', 'Wake me up'])
    await edit(`urgency “${choice}”`, () => page.getByRole('radio', { name: new RegExp(`^${choice}`) }).check());
  // Four ticks and unticks under "Unless".
  for (const [name, on] of [
    ['AWS did it on your behalf', true],
    ['it failed', true],
    ['AWS did it on your behalf', false],
    ['it failed', false],
  ] as const)
    await edit(`${on ? 'tick' : 'untick'} “${name}”`, () => page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).setChecked(on));
  // Typing a channel name, one key at a time.
  const channel = page.getByLabel('Channel', { exact: true });
  await channel.fill('#');
  await settled(page);
  await takeLatency(page);
  for (const key of 'ops-sec') await edit(`type “${key}” in the channel`, () => channel.press(key));
  await expect(sentence).toContainText('#ops-sec');

  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  expect(latencies).toHaveLength(edits);
  const ms = latencies.map((l) => l.ms);
  const [mid, worst] = [median(ms), Math.max(...ms)];
  const previews = latencies.map((l) => l.previews);
  console.info(
    `Rule builder at 4× CPU slowdown, ${edits} edits: INP median ${mid} ms, worst ${worst} ms; every preview up to date after median ${median(previews)} ms, worst ${Math.max(...previews)} ms. Each (INP/previews): ${latencies.map((l) => `${l.edit} ${l.ms}/${l.previews}`).join('; ')}`,
  );
  expect(mid).toBeLessThanOrEqual(100);
  expect(worst).toBeLessThanOrEqual(200);
});
