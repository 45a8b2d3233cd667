// Links to a moment (`#/exercise/<id>?at=<ms>&seq=<n>&whatif=<button>@<ms>&lang=<tag>`): the
// "copy a link to this moment" button gives a link that, opened in a fresh browser, shows
// exactly what the page showed (clock, lines, consoles, diagram and lane, counters, narration,
// what-ifs); a refused clipboard offers the link in a field; a damaged link opens what it can
// with a note of what it left out; `lang=` sets the language for the visit only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const LAPTOP = { viewport: { width: 1366, height: 768 } };

/** What a run shows, everything a student can see of the moment. */
async function shownBy(run) {
  return {
    clock: await run.getByTestId('clock').textContent(),
    lines: await run.locator('.code-line.current').evaluateAll((rows) => rows.map((row) => row.dataset.line)),
    consoles: await run.locator('[data-testid^="console-"]').allInnerTexts(),
    diagram: await run.getByTestId('cluster').innerText(),
    counters: await run.locator('.counters').innerText(),
    narration: await run.locator('[data-testid="narration"]').allInnerTexts(),
    changed: await run.locator('[data-testid="changed"]').allInnerTexts(),
  };
}

/** Clicks `testId` in `run` `times` times, one after the other. */
async function click(run, testId, times = 1) {
  for (let i = 0; i < times; i += 1) await run.getByTestId(testId).click();
}

test('a copied link to a moment reproduces it exactly in a fresh browser', async () => {
  const page = await openPage(site.browser, site.base, LAPTOP);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${site.base}#/exercise/consumer-01-cgroup`);
  const run = page.getByTestId('run-0');
  await run.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  // The key moment, a what-if (one more consumer), then a few steps on.
  await click(run, 'key-moment');
  await click(run, 'what-if-2');
  await run.getByTestId('changed').waitFor();
  await click(run, 'step-forward', 7);
  const shown = await shownBy(run);
  await run.getByTestId('copy-link').click();
  await run.getByTestId('copy-link-status').getByText('Copied to the clipboard').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const url = new URL(link);
  assert.equal(`${url.origin}${url.pathname}`, site.base);
  assert.match(url.hash, /^#\/exercise\/consumer-01-cgroup\?at=\d+&seq=\d+&whatif=2@\d+&lang=en$/);
  await screenshot(page, 'deep-link-copied-en');

  // A fresh browser context: its own storage, nothing shared with the first.
  const fresh = await openPage(site.browser, site.base, LAPTOP);
  await fresh.goto(link);
  const again = fresh.getByTestId('run-0');
  await again.getByTestId('changed').waitFor();
  assert.deepEqual(await shownBy(again), shown);
  assert.equal(await fresh.getByTestId('link-note').count(), 0);
  assert.equal(await fresh.getByTestId('prediction').count(), 0, 'a link opens at its moment, asking nothing');
  assert.equal(await fresh.locator('html').getAttribute('lang'), 'en');
  // Stepping on from the linked moment goes where the original goes.
  await click(run, 'step-forward');
  await click(again, 'step-forward');
  assert.deepEqual(await shownBy(again), await shownBy(run));
  await screenshot(fresh, 'deep-link-opened-en');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(fresh.problems, []);
  await page.context().close();
  await fresh.context().close();
});

test('a moment paused while playing, in the second run of a two-run lesson', async () => {
  const page = await openPage(site.browser, site.base, LAPTOP);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${site.base}#/exercise/consumer-cooperative`);
  const run = page.getByTestId('run-1');
  await run.getByTestId('step-through').waitFor();
  await click(run, 'key-moment');
  // Played on and paused: the run is shown in full up to its time, not at a step.
  await click(run, 'play');
  await page.waitForTimeout(400);
  await click(run, 'play');
  const shown = await shownBy(run);
  await click(run, 'copy-link');
  await run.getByTestId('copy-link-status').getByText('已複製到剪貼簿').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(new URL(link).hash, /\?run=1&at=\d+&lang=zh-TW$/);
  const fresh = await openPage(site.browser, site.base, LAPTOP);
  await fresh.goto(link);
  const again = fresh.getByTestId('run-1');
  await again.getByTestId('step-through').waitFor();
  assert.deepEqual(await shownBy(again), shown);
  // The other run opens at its start.
  assert.match(await fresh.getByTestId('run-0').getByTestId('clock').textContent(), /^00:00\.000 \//);
  assert.deepEqual(fresh.problems, []);
  await page.context().close();
  await fresh.context().close();
});

test('a refused clipboard offers the link in a field to copy by hand', async () => {
  const page = await openPage(site.browser, site.base, LAPTOP);
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await page.goto(`${site.base}#/exercise/producer-03-async`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('key-moment').click();
  // By keyboard: the button is reachable and pressed with Enter.
  await page.getByTestId('copy-link').focus();
  await page.keyboard.press('Enter');
  const field = page.getByTestId('copy-link-field');
  await field.waitFor();
  assert.match(await page.getByTestId('copy-link-status').textContent(), /Ctrl\+C/);
  const value = await field.inputValue();
  assert.match(value, /#\/exercise\/producer-03-async\?at=\d+&seq=\d+&lang=zh-TW$/);
  await field.focus();
  assert.equal(await field.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)), value);
  await screenshot(page, 'deep-link-clipboard-refused-zh');
  // Another language is another link: the note goes, and comes back with the next click.
  await page.getByTestId('lang-en').click();
  assert.equal(await page.getByTestId('copy-link-field').count(), 0);
  await page.getByTestId('copy-link').click();
  assert.match(await page.getByTestId('copy-link-status').textContent(), /refused the clipboard/);
  assert.match(await page.getByTestId('copy-link-field').inputValue(), /&lang=en$/);
  assert.deepEqual(page.problems, []);
});

test('damaged links open what they can, with a note of what was left out', async () => {
  const page = await openPage(site.browser, site.base, LAPTOP);
  // A fresh load of each link (a hash change alone would not reload the page); leaving for a
  // blank page first, instead of reloading after the goto, aborts no request of the goto's load.
  const open = async (hash) => {
    await page.goto('about:blank');
    await page.goto(`${site.base}${hash}`);
    await page.getByTestId('exercise-page').or(page.getByTestId('exercise-index')).first().waitFor();
  };
  // Nothing usable: the start, and each bad part named.
  await open('#/exercise/producer-03-async?at=soon&seq=3&whatif=99@5,x&lang=fr&step=nowhere');
  await page.getByTestId('step-through').waitFor();
  const note = page.getByTestId('link-note');
  const text = await note.textContent();
  for (const part of ['at=soon', 'seq=3', 'whatif=99@5', 'whatif=x', 'lang=fr', 'step=nowhere']) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  assert.match(await page.getByTestId('clock').textContent(), /^00:00\.000 \//);
  await screenshot(page, 'deep-link-damaged-zh');
  await page.getByTestId('lang-en').click();
  assert.match(await note.textContent(), /could not be used/);
  await screenshot(page, 'deep-link-damaged-en');

  // A time past the run's end: the end, said so.
  await open('#/exercise/producer-03-async?at=999999999&lang=en');
  await page.getByTestId('step-through').waitFor();
  assert.match(await page.getByTestId('link-note').textContent(), /at=999999999.*past the end/);
  const [now, end] = (await page.getByTestId('clock').textContent()).split(' / ');
  assert.equal(now, end);

  // An exercise that does not exist: the list of those that do.
  await open('#/exercise/producer-99-gone?at=5');
  assert.match(await page.getByTestId('link-note').textContent(), /producer-99-gone/);
  assert.ok((await page.locator('[data-testid^="exercise-link-"]').count()) > 10);
  await screenshot(page, 'deep-link-unknown-exercise-en');
  assert.deepEqual(page.problems, []);
});

test('lang= sets the language for the visit without changing the stored choice', async () => {
  const page = await openPage(site.browser, site.base, LAPTOP);
  await page.goto(`${site.base}#/exercise/producer-01-fire-and-forget?lang=en`);
  await page.getByTestId('step-through').waitFor();
  assert.equal(await page.getByTestId('copy-link').textContent(), 'Copy a link to this moment');
  assert.equal(await page.evaluate(() => localStorage.getItem('kafka-lab.lang')), null);
  // Without lang=, the stored choice (here, none: the default) holds again.
  await page.goto(`${site.base}#/exercise/producer-01-fire-and-forget`);
  await page.reload();
  await page.getByTestId('step-through').waitFor();
  assert.equal(await page.getByTestId('copy-link').textContent(), '複製這個時刻的連結');
  assert.deepEqual(page.problems, []);
});
