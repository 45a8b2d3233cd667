// The one-file copy of the app (dist/kafka-lab-offline.html, written by scripts/offline-file.mjs
// after the release build) as a teacher hands it out: opened from file:// with the network off,
// it shows the exercise index, opens an exercise with a click and steps through its run, opens
// the playground (a module of its own), and it asks for nothing but itself (data: and blob: URLs
// are the page's own bytes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, launchBrowser, openPage, screenshot } from './harness.mjs';

const FILE = join(DIST, 'kafka-lab-offline.html');
const url = pathToFileURL(FILE).href;
let browser;

before(async () => {
  await access(FILE).catch(() => assert.fail(`${FILE} is missing: build with scripts/build.sh (Trunk's post_build hook writes it)`));
  browser = await launchBrowser();
});
after(() => browser?.close());

/**
 * Opens the file offline (on the route `hash`, if given); `page.requests` lists every request but
 * the file's own and data:/blob:.
 */
async function openOffline(options = {}, hash = '') {
  const page = await openPage(browser, url, { offline: true, ...options });
  page.requests = [];
  page.on('request', (req) => {
    const target = req.url();
    if (target.split('#')[0] !== url && !/^(data|blob):/.test(target)) page.requests.push(target);
  });
  await page.goto(`${url}${hash}`);
  return page;
}

test('offline file: the home view renders from file:// without a request', async () => {
  const page = await openOffline();
  await page.getByTestId('exercise-index').waitFor();
  assert.ok(await page.locator('.exercise-card').count() > 0, 'the index lists the exercises');
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka 實驗室');
  await screenshot(page, 'offline-home-zh');
  assert.deepEqual(page.requests, []);
  assert.deepEqual(page.problems, []);
});

test('offline file: an exercise opens with a click and its step-through prints to the console', async () => {
  const page = await openOffline({ viewport: { width: 1366, height: 768 } });
  await page.getByTestId('lang-en').click();
  await page.getByTestId('exercise-link-consumer-07-rebalance-callback').click();
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(page.url(), `${url}#/exercise/consumer-07-rebalance-callback`);
  const run = page.getByTestId('run-0');
  await run.getByTestId('step-through').waitFor();
  const consoles = () => run.locator('[data-testid^="console-"]').allInnerTexts();
  const start = await consoles();
  // Step until a program prints (its first lines come within a few steps).
  for (let i = 0; i < 60 && String(await consoles()) === String(start); i += 1) {
    await run.getByTestId('step-forward').click();
  }
  assert.notDeepEqual(await consoles(), start, 'stepping forward printed to a console');
  await screenshot(page, 'offline-exercise-en');
  await page.getByTestId('lang-zh-TW').click();
  await screenshot(page, 'offline-exercise-zh');
  assert.deepEqual(page.requests, []);
  assert.deepEqual(page.problems, []);
});

test('offline file: the playground, a module of its own, opens from the header and leads back', async () => {
  const page = await openOffline();
  await page.getByTestId('exercise-index').waitFor();
  await page.getByTestId('nav-playground').click();
  await page.getByTestId('playground').waitFor();
  await page.goBack();
  await page.getByTestId('exercise-index').waitFor();
  assert.deepEqual(page.requests, []);
  assert.deepEqual(page.problems, []);
});

test('offline file: a link to a lesson opens it (its own module, not the shell) and leads home', async () => {
  const page = await openOffline({}, '#/exercise/producer-01-fire-and-forget?lang=en');
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka Lab');
  // The shell's module is started on home only (scripts/prerender.mjs, offline-file.mjs).
  assert.equal(await page.evaluate(() => window.wasmBindings), undefined);
  await page.locator('header a.brand').click();
  await page.getByTestId('exercise-index').waitFor();
  await page.getByTestId('add-consumer').click();
  await page.getByTestId('member-C1').waitFor();
  assert.deepEqual(page.requests, []);
  assert.deepEqual(page.problems, []);
});
