// The playground (#/playground, issue 16): a scenario changed by clicking runs, steps and shows
// its summary; its link, copied and opened in a fresh browser, shows the same scenario and
// summary; a damaged link opens the default scenario with a note; a golden scenario file
// imports and shows kafka-sim run's summary, and its exported trace is the golden trace byte
// for byte; a bad config value shows librdkafka's message next to the field, keeping the text;
// axe-core finds nothing serious, the keyboard drives it; screenshots in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const PHONE = { viewport: { width: 390, height: 844 } };
const SCENARIOS = resolve(import.meta.dirname, '..', '..', 'sim', 'tests', 'scenarios');
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FIELDS = ['queued', 'sent', 'acknowledged', 'reports_seen', 'in_log', 'committed', 'lost',
  'lost_before_ack', 'duplicated', 'out_of_order'];

/** The producer figures the page shows, by field. */
async function figures(page) {
  const shown = {};
  for (const field of FIELDS) {
    shown[field] = Number(await page.locator(`[data-summary="${field}"]`).textContent());
  }
  return shown;
}

/** The last line of a golden trace: kafka-sim run's summary. */
async function goldenSummary(name) {
  const lines = (await readFile(join(SCENARIOS, `${name}.jsonl`), 'utf8')).trim().split('\n');
  return JSON.parse(lines.at(-1)).summary;
}

/** Where the step-through stands: its clock and the lines marked as running. */
async function position(page) {
  return {
    clock: await page.getByTestId('clock').textContent(),
    lines: await page.locator('.code-line.current').evaluateAll((rows) => rows.map((row) => row.dataset.line)),
  };
}

async function open(options = LAPTOP, hash = '#/playground') {
  const page = await openPage(site.browser, site.base, options);
  await page.goto(`${site.base}${hash}`);
  await page.getByTestId('summary').waitFor();
  return page;
}

test('a scenario changed by clicking runs, steps, and its link reproduces it', async () => {
  const page = await open();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('producer-0-count').fill('4');
  await page.getByTestId('stale').waitFor();
  await page.getByTestId('run').click();
  await page.getByTestId('stale').waitFor({ state: 'detached' });
  const shown = await figures(page);
  assert.equal(shown.queued, 4);
  assert.equal(shown.acknowledged, 4);
  assert.equal(shown.lost, 0);
  // Step through: each step moves the clock on or marks another line; step back returns.
  const start = await position(page);
  for (let i = 0; i < 12; i += 1) await page.getByTestId('step-forward').click();
  assert.notDeepEqual(await position(page), start);
  assert.ok(await page.locator('.code-line.current').count() > 0, 'a line is marked');
  await page.getByTestId('step-back').click();
  await page.getByTestId('play').click();
  await page.waitForTimeout(300);
  await page.getByTestId('play').click();

  await page.getByTestId('copy-link').click();
  await page.getByTestId('copy-link-status').getByText('Copied to the clipboard').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(new URL(link).hash, /^#\/playground\?s=[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => location.href), link, 'the address bar holds the scenario');

  const fresh = await openPage(site.browser, site.base, LAPTOP);
  await fresh.goto(link);
  await fresh.getByTestId('summary').waitFor();
  assert.deepEqual(await figures(fresh), shown);
  assert.equal(await fresh.getByTestId('producer-0-count').inputValue(), '4');
  assert.equal(await fresh.getByTestId('link-damaged').count(), 0);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(fresh.problems, []);
  await page.close();
  await fresh.close();
});

test('a damaged link opens the default scenario and says why', async () => {
  const page = await open(LAPTOP, '#/playground?s=AAAA&lang=en');
  await page.getByTestId('link-damaged').waitFor();
  assert.match(await page.getByTestId('link-damaged').textContent(), /cannot be read.*not raw DEFLATE data/);
  assert.equal(await page.getByTestId('brokers').inputValue(), '3');
  await screenshot(page, 'playground-damaged-link-en');
  assert.equal(await page.getByTestId('link-note').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.close();
  // A language it cannot read is named; the page opens in the stored one.
  const french = await open(LAPTOP, '#/playground?lang=fr');
  assert.match(await french.getByTestId('link-note').textContent(), /lang=fr/);
  assert.deepEqual(french.problems, []);
  await french.close();
});

test('golden scenario files import with kafka-sim run\'s summary and export its trace', async () => {
  const page = await open();
  for (const name of ['producer_acks_one_loss', 'consumer_auto_commit_crash']) {
    await page.getByTestId('import').setInputFiles(join(SCENARIOS, `${name}.json`));
    const golden = await goldenSummary(name);
    await page.waitForFunction(
      (queued) => document.querySelector('[data-summary="queued"]')?.textContent === String(queued),
      golden.producers.queued,
    );
    await page.getByTestId('summary-line').waitFor({ state: 'attached' });
    assert.deepEqual(JSON.parse(await page.getByTestId('summary-line').textContent()).summary, golden);
    assert.deepEqual(await figures(page), golden.producers);
    const href = await page.getByTestId('export-trace').getAttribute('href');
    const exported = await page.evaluate((url) => fetch(url).then((r) => r.text()), href);
    const expected = await readFile(join(SCENARIOS, `${name}.jsonl`), 'utf8');
    assert.ok(exported === expected, `${name}: the exported trace is the golden trace`);
  }
  // The imported consumer group's figures.
  assert.match(await page.locator('[data-group="tdea"]').textContent(), /ak03\.test-0: 15/);
  await screenshot(page, 'playground-imported-zh');
  // A file that does not run is refused, and the scenario being edited stays.
  await page.getByTestId('import').setInputFiles({
    name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"cluster": {"brokers": 0}}'),
  });
  await page.getByTestId('import-error').waitFor();
  assert.match(await page.getByTestId('import-error').textContent(), /cluster\.brokers: a cluster needs at least one broker/);
  assert.equal(await page.getByTestId('brokers').inputValue(), '3');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a bad config value shows librdkafka\'s message next to the field and keeps the text', async () => {
  const page = await open();
  await page.getByTestId('lang-en').click();
  const config = page.getByTestId('producer-0-config');
  await config.fill("{'bootstrap.servers': 'localhost:9092', 'acks': 'most'}");
  await page.getByTestId('producer-0-config-error').waitFor();
  assert.match(await page.getByTestId('producer-0-config-error').textContent(), /cimpl\.KafkaException: KafkaError\{code=_INVALID_ARG,val=-186,str=".*acks/);
  await config.fill("{'bootstrap.servers': 'localhost:9092', 'acks': ");
  assert.match(await page.getByTestId('producer-0-config-error').textContent(), /SyntaxError: expected a value/);
  assert.equal(await config.inputValue(), "{'bootstrap.servers': 'localhost:9092', 'acks': ");
  await screenshot(page, 'playground-bad-config-en');
  // An infinite number is out of range like any other (it once stopped the page: C's %g of it).
  await config.fill("{'bootstrap.servers': 'localhost:9092', 'linger.ms': 'inf'}");
  assert.match(await page.getByTestId('producer-0-config-error').textContent(), /value inf is outside allowed range 0\.\.900000/);
  await config.fill("{'bootstrap.servers': 'localhost:9092', 'acks': 1}");
  await page.getByTestId('producer-0-config-error').waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('axe-core finds nothing serious; the keyboard runs and steps it; screenshots', async () => {
  for (const [size, options] of [['1366', LAPTOP], ['390', PHONE]]) {
    const page = await open(options);
    for (const lang of ['zh-TW', 'en']) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
      await page.addScriptTag({ content: AXE });
      const found = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      assert.deepEqual(found, [], `${size} ${lang}: ${JSON.stringify(found)}`);
      await screenshot(page, `playground-${size}-${lang}`);
      await screenshot(page.getByTestId('editor').locator('section').nth(2), `playground-${size}-${lang}-producers`);
      await screenshot(page.getByTestId('summary'), `playground-${size}-${lang}-summary`);
    }
    // The keyboard: Tab reaches the Run button, Enter runs, → steps.
    await page.getByTestId('producer-0-count').focus();
    await page.getByTestId('producer-0-count').fill('3');
    await page.getByTestId('run').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-summary="queued"]').textContent(), '3');
    const before = await position(page);
    await page.locator('h1').click();
    for (let i = 0; i < 20; i += 1) await page.keyboard.press('ArrowRight');
    assert.notDeepEqual(await position(page), before);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${size}: the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
