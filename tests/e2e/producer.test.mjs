// A producer lesson's step-through: step, play, and read what the program printed and what
// the broker holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';

const site = useSite();

const count = async (page, counter) => Number(await page.getByTestId(`counter-${counter}`).textContent());

test('Producer_03: stepping runs the program line by line; playing to the end delivers every message', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/producer-03-async`);
  await page.getByTestId('step-through').waitFor();
  const code = page.getByTestId('code-Producer_03_Async.py');
  assert.equal(await count(page, 'Acknowledged'), 0);

  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  const current = code.locator('.code-line.current');
  assert.equal(await current.count(), 1, 'one line is the producer’s');
  assert.equal(await current.locator('.line-mark').textContent(), 'P');
  const firstLine = Number(await current.getAttribute('data-line'));
  await page.keyboard.press('ArrowRight');
  const secondLine = Number(await code.locator('.code-line.current').getAttribute('data-line'));
  assert.notEqual(secondLine, firstLine, 'the arrow key steps to another statement');
  await page.keyboard.press('ArrowLeft');
  assert.equal(Number(await code.locator('.code-line.current').getAttribute('data-line')), firstLine, 'stepping back returns to the same line');
  assert.deepEqual((await texts(page, '[data-testid="console-P"] .console-text')).slice(0, 1), ['Start sending messages ...']);
  await screenshot(page, 'producer-03-stepping-zh');

  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  // The lesson's prediction stops the run at its question: skip it and play on.
  await page.getByTestId('prediction-skip').click();
  await page.getByTestId('play').click();
  await page.getByTestId('console-P').getByText('Message sending completed!').waitFor();
  assert.equal(await count(page, 'Acknowledged'), 12);
  assert.equal(await count(page, 'ReportsSeen'), 12, 'every delivery callback ran, inside poll() or flush()');
  assert.equal(await count(page, 'Waiting'), 0, 'flush() returned with nothing waiting');
  assert.equal(await page.locator('[data-testid="partition-0"] .cell').count(), 12);
  assert.equal(await page.getByTestId('hw-0').textContent(), 'HW 12');
  await page.getByTestId('lang-en').click();
  await screenshot(page, 'producer-03-done-en');
  assert.deepEqual(page.problems, []);
});

test('a what-if re-runs the lesson at the same time, says what changed, and resets', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/producer-acks`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('key-moment').click();
  const clock = await page.getByTestId('clock').textContent();
  // The first what-if of the acks lesson: acks=0, 1 or 'all'; take 'all'.
  await page.getByTestId('what-if-2').click();
  await page.getByTestId('changed').waitFor();
  assert.match(await page.getByTestId('changed').textContent(), /acks.*'all'/);
  assert.equal(await page.getByTestId('clock').textContent(), clock, 'the re-run resumes at the same time');
  await screenshot(page, 'producer-acks-what-if-all-en');
  await page.getByTestId('reset-changes').click();
  assert.equal(await page.getByTestId('changed').count(), 0);
  assert.deepEqual(page.problems, []);
});
