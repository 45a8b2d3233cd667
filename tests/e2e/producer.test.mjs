// A producer exercise's step-through: step, play, and read what the program printed and what
// the broker holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';

const site = useSite();

const count = async (page, id) => Number(await page.getByTestId(id).textContent());

test('Producer_03: stepping runs the program line by line; playing to the end delivers every message', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/producer-03-async`);
  await page.getByTestId('step-through').waitFor();
  const code = page.getByTestId('code-Producer_03_Async.py');
  assert.equal(await count(page, 'count-acknowledged'), 0);

  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  const current = code.locator('.code-line.current');
  assert.equal(await current.count(), 1, 'one line is the producer’s');
  const firstLine = Number(await current.getAttribute('data-line'));
  await page.keyboard.press('ArrowRight');
  const secondLine = Number(await code.locator('.code-line.current').getAttribute('data-line'));
  assert.notEqual(secondLine, firstLine, 'the arrow key steps to another statement');
  await page.keyboard.press('ArrowLeft');
  assert.equal(Number(await code.locator('.code-line.current').getAttribute('data-line')), firstLine, 'stepping back returns to the same line');
  assert.deepEqual((await texts(page, '[data-testid="console-producer"] .console-text')).slice(0, 1), ['Start sending messages ...']);
  await screenshot(page, 'producer-03-stepping-zh');

  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  await page.getByTestId('console-producer').getByText('Message sending completed!').waitFor();
  assert.equal(await count(page, 'count-acknowledged'), 12);
  assert.equal(await count(page, 'count-reports'), 12, 'every delivery callback ran, inside poll() or flush()');
  assert.equal(await count(page, 'count-waiting'), 0, 'flush() returned with nothing waiting');
  assert.equal(await page.locator('[data-testid="partition-0"] .cell').count(), 12);
  await page.getByTestId('lang-en').click();
  await screenshot(page, 'producer-03-done-en');
  assert.deepEqual(page.problems, []);
});
