// The playground's fork and the scrub slider (issue 16, item 2): a scenario built by clicking
// runs, is forked at the cursor, gets another acks and runs again; the original and the fork
// show side by side on one clock, the differing summary figures marked (a sign and a word), the
// consoles' first differing line, what the fork changed; the link holds the fork; the slider
// moves the cursor with the mouse and the keyboard, in the playground and in a lesson; axe-core
// finds nothing serious; screenshots in both languages and at 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const PHONE = { viewport: { width: 390, height: 844 } };
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ACKS_0 = "{'bootstrap.servers': 'localhost:9092', 'acks': 0}";

/** Opens `hash` and waits for the run shown (`ready`: one run's step-through, or a fork). */
async function open(options = LAPTOP, hash = '#/playground', ready = 'step-through') {
  const page = await openPage(site.browser, site.base, options);
  await page.goto(`${site.base}${hash}`);
  await page.getByTestId(ready).first().waitFor();
  return page;
}

const clock = (page) => page.getByTestId('clock').first().textContent();

/** Builds a scenario by clicking (six messages), runs it, steps into it, forks there, gives the
 * fork acks=0 and runs it; returns the clock shown when forking. */
async function forkWithAcks0(page) {
  await page.getByTestId('producer-0-count').fill('6');
  await page.getByTestId('run').click();
  await page.getByTestId('stale').waitFor({ state: 'detached' });
  for (let i = 0; i < 30; i += 1) await page.getByTestId('step-forward').click();
  const at = (await clock(page)).split(' / ')[0];
  assert.notEqual(at, '00:00.000', 'stepped into the run');
  await page.getByTestId('fork').click();
  await page.getByTestId('fork-note').waitFor();
  await page.getByTestId('producer-0-config').fill(ACKS_0);
  await page.getByTestId('run').click();
  await page.getByTestId('fork-view').waitFor();
  return at;
}

/** The page's serious and critical axe-core violations, once entry animations finished. */
async function violations(page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return found;
}

test('a fork shows both runs side by side on one clock, its differences marked, and in its link', async () => {
  const page = await open();
  await page.getByTestId('lang-en').click();
  const at = await forkWithAcks0(page);
  const original = page.getByTestId('fork-original');
  const fork = page.getByTestId('fork-fork');
  await original.getByTestId('console-P').waitFor();
  await fork.getByTestId('console-P').waitFor();
  assert.equal((await clock(page)).split(' / ')[0], at, 'both runs open at the fork\'s time');

  const acknowledged = page.locator('[data-figure="acknowledged"]');
  assert.equal(await acknowledged.getAttribute('data-differs'), 'true');
  assert.match(await acknowledged.locator('.compare-mark').textContent(), /≠\s*differs/);
  assert.equal(await acknowledged.locator('[data-run="original"]').textContent(), '6');
  assert.notEqual(await acknowledged.locator('[data-run="fork"]').textContent(), '6');
  const queued = page.locator('[data-figure="queued"]');
  assert.equal(await queued.getAttribute('data-differs'), 'false');
  assert.match(await queued.locator('.compare-mark').textContent(), /=\s*same/);
  assert.match(await page.getByTestId('fork-changes').textContent(), /producers\[0\]\.config\.acks/);
  const consoleP = page.getByTestId('console-diff-P');
  assert.equal(await consoleP.getAttribute('data-differs'), 'true');
  assert.match(await consoleP.textContent(), /line 1.*Original.*offset 0.*Fork \(changed\).*offset None/s);

  // One clock: stepping moves both runs; "go to" jumps to the first differing line's time.
  await page.getByTestId('step-forward').click();
  assert.notEqual((await clock(page)).split(' / ')[0], at);
  const go = page.getByTestId('console-diff-P-go');
  await go.click();
  assert.equal((await go.textContent()).match(/\d\d:\d\d\.\d{3}/)[0], (await clock(page)).split(' / ')[0]);
  assert.ok(await original.getByTestId('console-P').locator('.console-line').count() > 0);
  assert.ok(await fork.getByTestId('console-P').locator('.console-line').count() > 0);
  await screenshot(page, 'playground-fork-1366-en');

  // The address bar holds the fork: a fresh browser opens it side by side.
  const link = await page.evaluate(() => location.href);
  assert.match(new URL(link).hash, /^#\/playground\?s=[A-Za-z0-9_-]+&base=[A-Za-z0-9_-]+&at=\d+$/);
  const fresh = await open(LAPTOP, new URL(link).hash, 'fork-view');
  assert.equal(await fresh.locator('[data-figure="acknowledged"]').getAttribute('data-differs'), 'true');
  assert.equal((await clock(fresh)).split(' / ')[0], at);
  assert.equal(await fresh.getByTestId('link-note').count(), 0);
  assert.deepEqual(fresh.problems, []);
  await fresh.close();
  // A hand-edited at=: past the original run's end it opens at that end, unreadable at the
  // start, and the page (a fresh browser: in Chinese) says which.
  const end = (await clock(page)).split(' / ')[1].trim();
  for (const [at, shown, says] of [['99999999999', end, /at=99999999999.*時間超過這次執行的結尾/s], ['soon', '00:00.000', /at=soon.*無法讀取的值/s]]) {
    const edited = await open(LAPTOP, new URL(link).hash.replace(/&at=\d+$/, `&at=${at}`), 'fork-view');
    assert.match(await edited.getByTestId('link-note').textContent(), says);
    assert.equal((await edited.getByTestId('fork-note').locator('.clock').textContent()).trim(), shown);
    assert.equal((await clock(edited)).split(' / ')[0], shown);
    assert.deepEqual(edited.problems, []);
    await edited.close();
  }

  // Closing the fork returns to the one run, with its summary.
  await page.getByTestId('close-fork').click();
  await page.getByTestId('fork-view').waitFor({ state: 'detached' });
  await page.getByTestId('summary').waitFor();
  assert.doesNotMatch(await page.evaluate(() => location.hash), /base=/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the scrub slider moves the cursor with the mouse and the keyboard, here and in a lesson', async () => {
  const page = await open();
  await page.getByTestId('lang-en').click();
  const slider = page.getByTestId('scrub');
  assert.equal(await slider.getAttribute('aria-label'), 'Simulated time (drag, or use the arrow keys, Page Up/Down, Home/End)');
  const end = (await clock(page)).split(' / ')[1];
  // The mouse: a click half-way along, then a drag to three quarters.
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const half = (await clock(page)).split(' / ')[0];
  assert.notEqual(half, '00:00.000');
  assert.equal(await slider.getAttribute('aria-valuetext'), half);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const later = (await clock(page)).split(' / ')[0];
  assert.ok(later > half, `dragged on: ${half} -> ${later}`);
  // The keyboard: End, ←, Home.
  await slider.focus();
  await page.keyboard.press('End');
  assert.equal((await clock(page)).split(' / ')[0], end);
  await page.keyboard.press('ArrowLeft');
  const back = (await clock(page)).split(' / ')[0];
  assert.ok(back < end, `← moves back: ${back}`);
  await page.keyboard.press('Home');
  assert.equal((await clock(page)).split(' / ')[0], '00:00.000');
  await screenshot(page.getByTestId('step-through'), 'playground-scrub-en');
  assert.deepEqual(page.problems, []);
  await page.close();

  // A lesson's run has the same slider.
  const lesson = await openPage(site.browser, site.base, LAPTOP);
  await lesson.goto(`${site.base}#/exercise/producer-03-async`);
  await lesson.getByTestId('step-through').first().waitFor();
  const lessonSlider = lesson.getByTestId('scrub').first();
  await lessonSlider.focus();
  await lesson.keyboard.press('PageUp');
  assert.notEqual((await clock(lesson)).split(' / ')[0], '00:00.000', 'Page Up moves a tenth of the run');
  assert.deepEqual(lesson.problems, []);
  await lesson.close();
});

test('axe-core finds nothing serious on a fork; screenshots in both languages, 1366 and 390 px', async () => {
  for (const [size, options] of [['1366', LAPTOP], ['390', PHONE]]) {
    const page = await open(options);
    await forkWithAcks0(page);
    for (const lang of ['zh-TW', 'en']) {
      await page.getByTestId(`lang-${lang}`).click();
      const found = await violations(page);
      assert.deepEqual(found, [], `${size} ${lang}: ${JSON.stringify(found)}`);
      await screenshot(page, `playground-fork-${size}-${lang}`);
      await screenshot(page.getByTestId('fork-view').locator('.table-scroll'), `playground-fork-${size}-${lang}-summary`);
      await screenshot(page.getByTestId('fork-step-through').locator('.playback'), `playground-fork-${size}-${lang}-bar`);
      await screenshot(page.getByTestId('console-diffs'), `playground-fork-${size}-${lang}-consoles`);
      await screenshot(page.getByTestId('fork-step-through'), `playground-fork-${size}-${lang}-runs`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${size}: the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
