// The exercise index and an exercise's page, as a student browses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';

const site = useSite();

test('the home page lists every exercise grouped by the parts of the course', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  await page.getByTestId('exercise-index').waitFor();
  // The app's own render replaces the prerendered home once its first paint is on screen.
  await page.waitForFunction(() => !document.querySelector('[data-prerendered]'));
  const parts = await texts(page, '.exercise-index .part h3');
  assert.deepEqual(parts, [
    'Producer同步與非同步的訊息發佈',
    'Producer訊息發佈時的重要參數',
    'Producer發佈JSON訊息(序列化概念)',
    'Consumer與ConsumerGroup實驗',
    'Consumer與Rebalance機制',
    'Consumer與Offset的關係',
    'Consumer與多種Commit Offset的手法',
  ]);
  // The course's 25 exercises and seed 004's four kafka-python ones.
  assert.equal(await page.locator('.exercise-card').count(), 29);
  await screenshot(page.getByTestId('exercise-index'), 'exercise-index-zh');
  assert.deepEqual(page.problems, []);
});

test('an exercise shows its Python program, highlighted and numbered', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  await page.getByTestId('exercise-link-consumer-02-auto-commit').click();
  await page.getByTestId('exercise-page').waitFor();
  assert.match(page.url(), /#\/exercise\/consumer-02-auto-commit$/);
  // The index was scrolled down to the card; the exercise opens at its top.
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  const code = page.getByTestId('code-Consumer_02_AutoCommit.py');
  const line = code.locator('.code-line', { hasText: "'enable.auto.commit': True" });
  assert.equal(await line.count(), 1);
  assert.equal(await line.locator('.tok-str').first().textContent(), "'enable.auto.commit'");
  assert.ok(Number(await line.getAttribute('data-line')) > 1);
  await screenshot(page, 'exercise-consumer-02-zh');
  await page.getByTestId('lang-en').click();
  assert.equal(await page.getByTestId('exercise-title').textContent(), 'Automatic commit');
  await screenshot(page, 'exercise-consumer-02-en');
  assert.deepEqual(page.problems, []);
});

test('an unknown exercise says so and offers the list of exercises', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/consumer-99-nope`);
  await page.getByTestId('link-note').waitFor();
  assert.match(await page.getByTestId('link-note').textContent(), /consumer-99-nope/);
  assert.ok((await page.locator('a[href^="#/exercise/"]').count()) >= 25);
  assert.deepEqual(page.problems, []);
});
