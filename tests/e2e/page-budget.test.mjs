// The page as it loads (issue 15's page budget, src/shell.rs, scripts/prerender.mjs): the home
// view is in the HTML, in the stored language, before any wasm runs; the small shell module,
// fetched once that view is painted, makes it live; the app module (every other page but the playground) is fetched from the page's
// own folder only afterwards, the playground module only when the playground is opened, and a
// page that needs one says so if it cannot be loaded. A page opened by a link or an embed on any
// other route than home loads the module that holds it, never the shell, with a note meanwhile.
// The built files carry content hashes and pre-compressed copies (scripts/post-build.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DIST, SHOTS, openPage, screenshot, useSite } from './harness.mjs';

const site = useSite();
const SHELL_WASM = /\/kafka-lab-[0-9a-f]+_bg\.wasm$/;
const SHELL_GLUE = /\/kafka-lab-[0-9a-f]+\.js$/;
const SHELL = /\/kafka-lab-[0-9a-f]+(\.js|_bg\.wasm)$/;
const APP_MODULE = /\/kafka-lab-app-[0-9a-f]+(\.js|_bg\.wasm)$/;
const PLAYGROUND_MODULE = /\/kafka-lab-playground-[0-9a-f]+(\.js|_bg\.wasm)$/;

/** Holds back the files `pattern` matches until the returned function is called. */
async function hold(page, pattern) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Holds back the shell's wasm until the returned function is called. */
const holdShell = (page) => hold(page, SHELL_WASM);

/** Records the paths `page` requests; `fetched(pattern)` counts those `pattern` matches. */
function recordRequests(page) {
  const requests = [];
  page.on('request', (req) => requests.push(new URL(req.url()).pathname));
  return { requests, fetched: (pattern) => requests.filter((path) => pattern.test(path)).length };
}

test('the home view shows in the stored language before any wasm; the app module loads after it', async () => {
  const page = await openPage(site.browser, site.base);
  const requests = [];
  page.on('request', (req) => requests.push(new URL(req.url()).pathname.split('/').pop()));
  await page.addInitScript(() => localStorage.setItem('kafka-lab.lang', 'en'));
  const release = await holdShell(page);
  const shellRequested = Promise.all([page.waitForRequest(SHELL_WASM), page.waitForRequest(SHELL_GLUE)]);
  const appModuleLoaded = page.waitForResponse(APP_MODULE);
  await page.goto(site.base);
  // No wasm yet: the prerendered copy, in English, its buttons waiting for the app.
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka Lab');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('[data-prerendered]').count(), 1);
  assert.equal(await page.locator('.exercise-card').count() > 0, true);
  assert.ok(await page.getByTestId('add-consumer').isDisabled());
  // The shell's glue and wasm are fetched once the view is painted; the app module waits for the shell.
  await shellRequested;
  assert.ok(!requests.some((name) => APP_MODULE.test(`/${name}`)), `the app module waits: ${requests}`);
  assert.equal(requests.filter((name) => SHELL.test(`/${name}`)).length, 2, `the shell's glue and wasm: ${requests}`);
  // What the student sees first (a whole-page screenshot would show the parts out of sight
  // as the blank space they hold until they are scrolled to).
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'budget-prerendered-en.png') });
  // Its first frame drew the viewport only (styles/main.css); once that frame is on screen, the
  // whole copy is drawn, so scrolling before the shell starts shows the rest.
  const copy = page.locator('[data-prerendered]');
  assert.match(await copy.evaluate((el) => el.style.getPropertyValue('--first-screen')), /^\d+(\.\d+)?px$/);
  await page.waitForFunction(() => !document.querySelector('[data-prerendered]').hasAttribute('data-first-paint'));
  assert.equal(await copy.evaluate((el) => getComputedStyle(el).clipPath), 'none');
  // The exercise index's parts out of sight are not laid out before the first paint
  // (styles/main.css), yet find-in-page finds them.
  const lastPart = page.locator('[data-prerendered] .part').last();
  assert.equal(await lastPart.evaluate((part) => getComputedStyle(part).contentVisibility), 'auto');
  const lastTitle = await lastPart.locator('.exercise-title').last().textContent();
  assert.ok(await page.evaluate((text) => window.find(text), lastTitle), `find-in-page finds "${lastTitle}"`);
  release();
  // The shell takes over: the same view, live.
  await page.getByTestId('add-consumer').click();
  await page.getByTestId('member-C1').waitFor();
  assert.equal(await page.locator('[data-prerendered]').count(), 0);
  // Nothing of the shell was fetched before the first paint: it would have competed with it.
  const { painted, shellFetched } = await page.evaluate(() => ({
    painted: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    shellFetched: performance.getEntriesByType('resource').filter((e) => /\/kafka-lab-[0-9a-f]+(\.js|_bg\.wasm)$/.test(e.name)).map((e) => e.startTime),
  }));
  assert.equal(shellFetched.length, 2, `the shell's two files in the resource timings: ${shellFetched}`);
  assert.ok(painted > 0 && shellFetched.every((start) => start > painted), `the shell is fetched after the first paint (${painted} ms): ${shellFetched}`);
  // The app's own render lays out every part: all of them are in the accessibility tree.
  assert.equal(await page.locator('.part').last().evaluate((part) => getComputedStyle(part).contentVisibility), 'visible');
  const { nodes } = await (await page.context().newCDPSession(page)).send('Accessibility.getFullAXTree');
  assert.ok(nodes.some((node) => !node.ignored && node.name?.value?.includes(lastTitle)), `"${lastTitle}" is in the accessibility tree`);
  // The app module follows by itself, and opens an exercise when the student leaves home.
  await appModuleLoaded;
  await page.getByTestId('exercise-link-producer-01-fire-and-forget').click();
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka Lab');
  assert.ok(requests.some((name) => APP_MODULE.test(`/${name}`)));
  assert.deepEqual(page.problems, []);
});

test('an embed loads the app module, never the shell, and shows a note until it is in', async () => {
  const page = await openPage(site.browser, site.base);
  const { requests, fetched } = recordRequests(page);
  const release = await hold(page, APP_MODULE);
  await page.goto(`${site.base}#/embed/quiz`);
  // Never the prerendered home view, nor the site's header: the loading note, in the page's language.
  const note = page.getByTestId('app-loading');
  await note.waitFor();
  assert.equal(await note.textContent(), '載入中…');
  assert.equal(await note.getAttribute('role'), 'status');
  assert.equal(await page.locator('[data-prerendered]').count(), 0);
  assert.equal(await page.locator('header').count(), 0);
  await screenshot(page, 'budget-direct-loading-zh');
  release();
  await page.getByTestId('embed').waitFor();
  assert.equal(await page.getByTestId('app-loading').count(), 0);
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(fetched(SHELL), 0, `not the shell: ${requests}`);
  assert.equal(fetched(APP_MODULE), 2, 'the app module: its glue and its wasm');
  assert.deepEqual(page.problems, []);
});

test("the loading note is in a link's language", async () => {
  const page = await openPage(site.browser, site.base);
  const release = await hold(page, APP_MODULE);
  await page.goto(`${site.base}#/embed/exercise/producer-01-fire-and-forget?lang=en`);
  assert.equal(await page.getByTestId('app-loading').textContent(), 'Loading…');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await screenshot(page, 'budget-direct-loading-en');
  release();
  await page.getByTestId('embed').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a deep link opens its moment without the shell; its page leads home, which works', async () => {
  const page = await openPage(site.browser, site.base);
  const { requests, fetched } = recordRequests(page);
  await page.goto(`${site.base}#/exercise/producer-01-fire-and-forget?at=1200`);
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(fetched(SHELL), 0, `not the shell: ${requests}`);
  // Home, rendered by the app module itself: live at once.
  await page.locator('header a.brand').click();
  await page.getByTestId('exercise-index').waitFor();
  await page.getByTestId('add-consumer').click();
  await page.getByTestId('member-C1').waitFor();
  await page.goBack();
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(fetched(SHELL), 0, `not the shell: ${requests}`);
  assert.equal(fetched(APP_MODULE), 2);
  assert.deepEqual(page.problems, []);
});

test('a page of the app module says so when the module cannot be loaded', async () => {
  const page = await openPage(site.browser, site.base);
  await page.route(APP_MODULE, (route) => route.abort());
  await page.goto(`${site.base}#/exercise/producer-01-fire-and-forget`);
  const failed = page.getByTestId('app-load-failed');
  await failed.waitFor();
  assert.equal(await failed.getAttribute('role'), 'alert');
  assert.match(await failed.textContent(), /無法載入/);
  assert.equal(await failed.getByRole('button').textContent(), '重新整理');
  assert.equal(await page.getByTestId('app-loading').count(), 0);
  await screenshot(page, 'budget-app-module-missing-zh');
  // The refused requests themselves (and the browser's line about them) are expected.
  const others = page.problems.filter((problem) => !/kafka-lab-app|Failed to load resource/.test(problem));
  assert.deepEqual(others, []);
  // Once the module can be fetched, the button's reload opens the page.
  await page.unroute(APP_MODULE);
  await failed.getByRole('button').click();
  await page.getByTestId('exercise-page').waitFor();
});

test('a page of the app module opened from home says so when the module cannot be loaded', async () => {
  const page = await openPage(site.browser, site.base);
  await page.route(APP_MODULE, (route) => route.abort());
  await page.goto(site.base);
  await page.getByTestId('exercise-link-producer-01-fire-and-forget').click();
  await page.getByTestId('app-load-failed').waitFor();
  assert.match(await page.getByTestId('app-load-failed').textContent(), /無法載入/);
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka 實驗室');
  const others = page.problems.filter((problem) => !/kafka-lab-app|Failed to load resource/.test(problem));
  assert.deepEqual(others, []);
});

test('the playground is a module of its own, loaded when it is opened; its links lead back to the app', async () => {
  const page = await openPage(site.browser, site.base);
  const { requests, fetched } = recordRequests(page);
  await page.goto(`${site.base}#/exercise/producer-01-fire-and-forget`);
  await page.getByTestId('exercise-page').waitFor();
  assert.equal(fetched(PLAYGROUND_MODULE), 0, `a lesson needs no playground module: ${requests}`);
  await page.getByTestId('nav-playground').click();
  await page.getByTestId('playground').waitFor();
  assert.equal(fetched(PLAYGROUND_MODULE), 2, 'its glue and its wasm');
  // Back to the lesson, then to the playground again: each module is fetched once.
  await page.goBack();
  await page.getByTestId('exercise-page').waitFor();
  await page.goForward();
  await page.getByTestId('playground').waitFor();
  assert.equal(await page.locator('header').count(), 1);
  assert.equal(fetched(APP_MODULE), 2);
  assert.equal(fetched(PLAYGROUND_MODULE), 2);
  assert.equal(fetched(SHELL), 0, `not the shell: ${requests}`);
  assert.deepEqual(page.problems, []);
});

test('the playground says so when its module cannot be loaded', async () => {
  const page = await openPage(site.browser, site.base);
  await page.route(PLAYGROUND_MODULE, (route) => route.abort());
  await page.goto(`${site.base}#/playground`);
  await page.getByTestId('app-load-failed').waitFor();
  const others = page.problems.filter((problem) => !/kafka-lab-playground|Failed to load resource/.test(problem));
  assert.deepEqual(others, []);
});

test('every file but the two pages has a hashed name, and each has a .gz and a .br copy of itself', async () => {
  const names = await readdir(DIST);
  const files = names.filter((name) => !/\.(gz|br)$/.test(name));
  assert.ok(files.some((name) => APP_MODULE.test(`/${name}`)), `the app module has a hashed name: ${files}`);
  assert.ok(files.some((name) => PLAYGROUND_MODULE.test(`/${name}`)), `the playground module has a hashed name: ${files}`);
  for (const name of files) {
    if (!['index.html', 'kafka-lab-offline.html'].includes(name)) {
      assert.match(name, /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/, `${name} has a content hash`);
    }
    const body = await readFile(join(DIST, name));
    assert.ok(gunzipSync(await readFile(join(DIST, `${name}.gz`))).equals(body), `${name}.gz`);
    assert.ok(brotliDecompressSync(await readFile(join(DIST, `${name}.br`))).equals(body), `${name}.br`);
  }
  // The stylesheet is inlined: no request holds up the home view's first paint.
  assert.ok(!files.some((name) => name.endsWith('.css')), `no stylesheet file: ${files}`);
});
