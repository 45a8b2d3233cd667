// On the quiz page several opened items each hold a run: only one takes the keyboard at a
// time, the one opened, clicked or focused last (its "⌨ keyboard" badge says so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();

test('one opened quiz run drives the keyboard at a time', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/quiz?part=commits&seed=7`);
  const predicts = page.locator('[data-testid="quiz-run"] [data-testid="quiz-question"][data-kind="predict"]');
  await predicts.first().waitFor();
  const [first, second] = [predicts.nth(0), predicts.nth(1)];
  for (const item of [first, second]) {
    await item.getByTestId('quiz-open').click();
    await item.getByTestId('prediction').waitFor({ timeout: 60_000 });
  }
  // The one opened last drives; the other does not.
  assert.equal(await page.getByTestId('keyboard-run').count(), 1);
  assert.equal(await second.getByTestId('keyboard-run').count(), 1);
  // Clicking into the first hands the keyboard to it.
  await first.getByTestId('clock').click();
  assert.equal(await page.getByTestId('keyboard-run').count(), 1);
  assert.equal(await first.getByTestId('keyboard-run').count(), 1);
  await screenshot(page, 'quiz-keyboard-en');
  assert.deepEqual(page.problems, []);
});
