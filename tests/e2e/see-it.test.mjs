// The quiz's "see it" links open the exercise at the step that shows the answer
// (`#/exercise/<id>?step=<name>`), not at its start, and without asking the lesson's prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();

test('a see-it link opens the exercise at its moment', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/quiz?part=consumer-group&seed=3`);
  const question = page.locator('[data-testid="quiz-run"] [data-testid="quiz-question"][data-kind="concept"]').first();
  await question.getByTestId('quiz-choice').first().check();
  await question.getByTestId('quiz-check').click();
  const link = question.getByTestId('quiz-see-it');
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/exercise\/[a-z0-9-]+\?step=[a-z-]+$/);
  await link.click();
  await page.getByTestId('step-through').first().waitFor();
  assert.ok(page.url().endsWith(href), page.url());
  // Opened at the moment: the clock is past the start and no question is asked.
  const clock = await page.getByTestId('clock').first().textContent();
  assert.doesNotMatch(clock, /^00:00\.000 \//, clock);
  assert.equal(await page.getByTestId('prediction').count(), 0);
  await screenshot(page, 'see-it-zh');
  assert.deepEqual(page.problems, []);
});

test('a named step and an unknown one', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/consumer-01-cgroup?step=rebalance`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  // The second rebalance: the second instance has joined (at 12 s), and the group is rebalancing.
  const clock = await page.getByTestId('clock').textContent();
  assert.match(clock, /^00:1\d\.\d{3} \//, clock);
  await screenshot(page, 'see-it-rebalance-en');
  await page.goto(`${site.base}#/exercise/consumer-01-cgroup?step=no-such-step`);
  await page.reload();
  await page.getByTestId('step-through').waitFor();
  assert.match(await page.getByTestId('clock').textContent(), /^00:00\.000 \//);
  assert.deepEqual(page.problems, []);
});
