// The playground's client profiles (issue 16 item 6, issue 17): a producer switched to the
// Java client runs, and "run with every client" marks, in words, a key that lands on another
// partition under another client; a producer and a consumer switched to kafka-python 3.0.12
// run with kafka-python's programs (send(), future.get(), for message in consumer) and its
// console lines, the Callbacks panel saying "future completed", not delivery_callback;
// switching back restores the librdkafka dict; both languages, axe-core, screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const PHONE = { viewport: { width: 390, height: 844 } };
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function open(options = LAPTOP) {
  const page = await openPage(site.browser, site.base, options);
  await page.goto(`${site.base}#/playground`);
  await page.getByTestId('summary').waitFor();
  return page;
}

/** The field's value once it matches `pattern` (a dict shown anew renders a frame later). */
async function valueMatching(locator, pattern) {
  await locator.page().waitForFunction(
    ([el, source]) => new RegExp(source).test(el.value),
    [await locator.elementHandle(), pattern.source],
  ).catch(() => {});
  return locator.inputValue();
}

async function run(page) {
  await page.getByTestId('run').click();
  await page.getByTestId('stale').waitFor({ state: 'detached' });
}

/** Axe-core's serious or critical findings. */
async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

test('a producer on the Java client runs, and the comparison marks a key landing elsewhere', async () => {
  const page = await open();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('producer-0-profile').selectOption('java');
  await page.getByTestId('stale').waitFor();
  // Only the profile changes: the Java client reads librdkafka's property names.
  assert.match(await valueMatching(page.getByTestId('producer-0-config'), /'bootstrap\.servers'/), /'bootstrap\.servers'/);
  await run(page);
  assert.equal(await page.locator('[data-summary="acknowledged"]').textContent(), '10');
  await page.getByTestId('compare-run').click();
  const keys = page.getByTestId('compare-keys');
  await keys.waitFor();
  assert.equal(await keys.locator('tbody tr').count(), 10);
  const differing = keys.locator('tr[data-differs="true"]');
  assert.ok(await differing.count() > 0, 'a key lands elsewhere under another client');
  const row = await differing.first().locator('td').allTextContents();
  // librdkafka's column differs from the Java client's; the Java client and kafka-python
  // hash the same bytes with murmur2; the row says so in words.
  assert.notEqual(row[0], row[1]);
  assert.equal(row[1], row[2]);
  assert.equal(row[3], '≠ differs');
  assert.equal(await page.getByTestId('compare-members').locator('tbody tr').count(), 2);
  assert.match(await page.getByTestId('compare-summary').locator('[data-row="acknowledged"]').textContent(), /10.*10.*10.*same/);
  await screenshot(page.getByTestId('compare'), 'playground-profile-compare-en');
  await page.getByTestId('lang-zh-TW').click();
  assert.equal(await differing.first().locator('td.verdict').textContent(), '≠ 不同');
  await screenshot(page.getByTestId('compare'), 'playground-profile-compare-zh');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a kafka-python producer and consumer run with kafka-python\'s programs and console lines', async () => {
  const page = await open();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('producer-0-profile').selectOption('kafka-python');
  const config = page.getByTestId('producer-0-config');
  assert.match(await valueMatching(config, /bootstrap_servers/), /'bootstrap_servers': 'localhost:9092'/);
  assert.match(await config.inputValue(), /'value_serializer': lambda v: v\.encode\(\)/);
  // The template's choices carried over, with kafka-python's words for them.
  assert.equal(await page.getByTestId('producer-0-count').inputValue(), '10');
  for (const i of [0, 1]) await page.getByTestId(`consumer-${i}-profile`).selectOption('kafka-python');
  assert.match(await valueMatching(page.getByTestId('consumer-0-config'), /group_id/), /'group_id': 'tdea'/);
  await page.getByTestId('consumer-0-commit').selectOption('record-sync');
  assert.match(await valueMatching(page.getByTestId('consumer-0-config'), /False/), /'enable_auto_commit': False/);
  await run(page);
  assert.equal(await page.locator('[data-summary="acknowledged"]').textContent(), '10');
  const code = await page.locator('.code-view').first().textContent();
  assert.match(code, /future = producer\.send\('ak03\.playground'/);
  assert.match(code, /future\.add_callback\(on_send_success\)/);
  assert.match(await page.locator('.code-view').nth(1).textContent(), /for message in consumer:/);
  // Step until the producer's console shows the future's callback and a consumer a record.
  for (let i = 0; i < 400; i += 1) {
    const producer = await page.getByTestId('console-P').textContent();
    const consumers = await page.locator('[data-testid^="console-C"]').allTextContents();
    if (/sent to ak03\.playground \[\d\] @ \d/.test(producer) && consumers.some((c) => /ak03\.playground-\d-\d : /.test(c))) break;
    await page.getByTestId('step-forward').click();
  }
  assert.match(await page.getByTestId('console-P').textContent(), /sent to ak03\.playground \[\d\] @ \d/);
  const callouts = await page.getByTestId('callout').allTextContents();
  assert.ok(callouts.some((c) => /future completed/.test(c)), JSON.stringify(callouts));
  assert.ok(!callouts.some((c) => /delivery_callback/.test(c)), JSON.stringify(callouts));
  await screenshot(page, 'playground-profile-kafka-python-en');
  await page.getByTestId('lang-zh-TW').click();
  const zh = await page.getByTestId('callout').allTextContents();
  assert.ok(zh.some((c) => /future 完成/.test(c)), JSON.stringify(zh));
  await screenshot(page, 'playground-profile-kafka-python-zh');
  // Back to librdkafka: the dict it had comes back.
  await page.getByTestId('producer-0-profile').selectOption('librdkafka');
  assert.equal(await valueMatching(config, /bootstrap\.servers/), "{'bootstrap.servers': 'localhost:9092', 'acks': 'all'}");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('axe-core finds nothing serious with the profiles and the comparison shown', async () => {
  for (const [size, options] of [['1366', LAPTOP], ['390', PHONE]]) {
    const page = await open(options);
    await page.getByTestId('producer-0-profile').selectOption('kafka-python');
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-keys').waitFor();
    for (const lang of ['zh-TW', 'en']) {
      await page.getByTestId(`lang-${lang}`).click();
      assert.deepEqual(await axe(page), [], `${size} ${lang}`);
      await screenshot(page.getByTestId('editor').locator('section').nth(2), `playground-profile-${size}-${lang}-producers`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${size}: the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
