// Stepping through a lesson as a student does: the keyboard drives one run of a page that
// shows two, the one last used; stepping back and forward again shows exactly what it showed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();

/** What a run shows: its clock, the lines its processes execute, its consoles and its diagram. */
async function shownBy(run) {
  return {
    clock: await run.getByTestId('clock').textContent(),
    lines: await run.locator('.code-line.current').evaluateAll((rows) => rows.map((row) => row.dataset.line)),
    consoles: await run.locator('[data-testid^="console-"]').allInnerTexts(),
    diagram: await run.getByTestId('cluster').innerText(),
    counters: await run.locator('.counters').innerText(),
  };
}

const step = (run, testId, times) =>
  Array.from({ length: times }).reduce((done) => done.then(() => run.getByTestId(testId).click()), Promise.resolve());

/** Waits until the run's play button reads `label` (a key's re-render may land a frame later). */
const playLabel = (run, label) =>
  run.locator(`[data-testid="play"][aria-label="${label}"]`).waitFor({ timeout: 3000 });

/** Opens a lesson on a laptop screen in English; its page and first run. */
async function openInEnglish(id) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/${id}`);
  const run = page.getByTestId('run-0');
  await run.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  return { page, run };
}

test('consumer-cooperative: the keyboard drives the run last used, and says so', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/consumer-cooperative`);
  const [eager, cooperative] = [page.getByTestId('run-0'), page.getByTestId('run-1')];
  await cooperative.getByTestId('step-through').waitFor();
  // The first run has the keyboard at the start; the hint of each run says which one has it.
  assert.equal(await eager.getByTestId('keyboard-run').textContent(), '⌨ 鍵盤');
  assert.equal(await cooperative.getByTestId('keyboard-run').count(), 0);
  assert.match(await eager.getByTestId('keys-hint').textContent(), /^鍵盤控制標著「⌨ 鍵盤」的這一邊/);
  assert.match(await cooperative.getByTestId('keys-hint').textContent(), /^鍵盤正在控制另一邊/);

  const cooperativeAtStart = await shownBy(cooperative);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  const eagerStepped = await shownBy(eager);
  assert.notDeepEqual(eagerStepped.lines, [], 'the arrows stepped the eager run');
  assert.deepEqual(await shownBy(cooperative), cooperativeAtStart, 'the cooperative run did not move');

  // A click anywhere in the cooperative run hands it the keyboard.
  await cooperative.getByTestId('clock').click();
  assert.equal(await cooperative.getByTestId('keyboard-run').textContent(), '⌨ 鍵盤');
  assert.equal(await eager.getByTestId('keyboard-run').count(), 0);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  const cooperativeStepped = await shownBy(cooperative);
  assert.notDeepEqual(cooperativeStepped, cooperativeAtStart, 'the arrows stepped the cooperative run');
  assert.deepEqual(await shownBy(eager), eagerStepped, 'the eager run did not move');

  // Space plays and pauses the run with the keyboard only.
  await page.keyboard.press(' ');
  await playLabel(cooperative, '暫停');
  assert.equal(await eager.getByTestId('play').getAttribute('aria-label'), '播放');
  await page.keyboard.press(' ');
  await playLabel(cooperative, '播放');
  assert.deepEqual(await shownBy(eager), eagerStepped, 'the eager run did not move');

  await page.getByTestId('lang-en').click();
  assert.equal(await cooperative.getByTestId('keyboard-run').textContent(), '⌨ keyboard');
  assert.match(await cooperative.getByTestId('keys-hint').textContent(), /^The keyboard drives the run marked "⌨ keyboard"/);
  assert.match(await eager.getByTestId('keys-hint').textContent(), /^The keyboard drives the other run/);
  await screenshot(page, 'stepper-keyboard-cooperative-en');
  assert.deepEqual(page.problems, []);
});

test('a lesson with one run: the keyboard steps it and the hint is the plain one', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/consumer-02-auto-commit`);
  const run = page.getByTestId('run-0');
  await run.getByTestId('step-through').waitFor();
  assert.equal(await run.getByTestId('keyboard-run').count(), 0);
  assert.equal(await run.getByTestId('keys-hint').textContent(), '鍵盤：空白鍵 播放／暫停，← → 一步一步走');
  await page.keyboard.press('ArrowRight');
  assert.notDeepEqual((await shownBy(run)).lines, []);
  assert.deepEqual(page.problems, []);
});

test('consumer-07: stepping forward, back and forward again shows the same thing each time', async () => {
  const { page, run } = await openInEnglish('consumer-07-rebalance-callback');
  await run.getByTestId('key-moment').click();
  const steps = 25;
  const start = await shownBy(run);
  await step(run, 'step-forward', steps);
  const ahead = await shownBy(run);
  assert.notDeepEqual(ahead.consoles, start.consoles, 'the steps printed something');
  assert.notDeepEqual(ahead.diagram, start.diagram, 'the steps changed the diagram');
  await step(run, 'step-back', steps);
  assert.deepEqual(await shownBy(run), start, 'back where it was');
  await step(run, 'step-forward', steps);
  assert.deepEqual(await shownBy(run), ahead, 'forward again: the same moment');
  await screenshot(page, 'stepper-replay-consumer-07-en');
  assert.deepEqual(page.problems, []);
});

test('consumer-02: a killed consumer has no current line, and heartbeats fold in the lane', async () => {
  const { page, run } = await openInEnglish('consumer-02-auto-commit');
  await run.getByTestId('speed-instant').click();
  await run.getByTestId('play').click();
  // The lesson's prediction stops the run at its question: skip it and play on.
  await run.getByTestId('prediction-skip').click();
  await run.getByTestId('play').click();
  await run.getByTestId('clock').filter({ hasText: /^(\S+) \/ \1$/ }).waitFor();
  // C1 was killed with kill -9; only the restarted C2 executes a line.
  const marks = await run.locator('.code-line.current .line-mark').allTextContents();
  assert.deepEqual(marks, ['C2']);
  const lane = await run.locator('[data-testid="protocol-lane"] .lane-msg').allInnerTexts();
  const heartbeats = lane.filter((row) => /Heartbeat/.test(row));
  assert.ok(heartbeats.some((row) => /C2 → B1\s*Heartbeat\s*(×\d+ )?gen \d+/.test(row)), lane.join('\n'));
  await screenshot(run.getByTestId('cluster'), 'stepper-lane-heartbeats-en');
  assert.deepEqual(page.problems, []);
});
