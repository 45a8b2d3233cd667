// Predictions on the exercise page: playing stops at the lesson's question and shows the
// prediction card; an answer plays on to the reveal, where the card says right or wrong with
// the explanation. Skipping or jumping to the key moment puts the card away, and a question
// answered or skipped is not asked again. One wrong answer in zh-TW (with the mouse), one
// right answer in English (with the keyboard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';

const site = useSite();

async function open(id, lang) {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/exercise/${id}`);
  await page.getByTestId('step-through').waitFor();
  if (lang === 'en') await page.getByTestId('lang-en').click();
  return page;
}

const card = (page) => page.getByTestId('prediction');
const phase = (page, name) => page.locator(`[data-testid="prediction"][data-phase="${name}"]`).waitFor();

test('zh-TW: playing stops at the question; a wrong answer plays on to the reveal', async () => {
  const page = await open('producer-02-sync', 'zh');
  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  await phase(page, 'asking');
  assert.equal(await page.getByTestId('play').getAttribute('aria-label'), '播放', 'playback paused at the question');
  assert.match(await card(page).textContent(), /12筆訊息會用幾個produce request送出/);
  assert.equal(await card(page).getByRole('radio').count(), 3);
  assert.ok(await page.getByTestId('prediction-answer').isDisabled(), 'nothing chosen yet');
  assert.ok(!(await texts(page, '[data-testid="console-P"] .console-text')).includes('Send 12 messages to Kafka'));
  await screenshot(page, 'prediction-asking-zh');

  // 1 request: wrong, flush() after every produce() sends them one by one.
  await page.getByTestId('prediction-choice-0').check();
  await page.getByTestId('prediction-answer').click();
  await phase(page, 'revealed');
  const verdict = page.getByTestId('prediction-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'wrong');
  assert.match(await verdict.textContent(), /猜錯了。.*執行的結果:\s*12個/);
  assert.match(await page.getByTestId('prediction-explanation').textContent(), /rd_kafka_flush/);
  // The reveal: the loop is over (the summary is the next statement), 12 requests went out.
  assert.match(await page.locator('.code-line.current').textContent(), /print\('Send '/);
  await screenshot(page, 'prediction-wrong-zh');

  // Read, put away; going back and playing again does not ask again.
  await page.getByTestId('prediction-close').click();
  assert.equal(await card(page).count(), 0);
  await page.getByTestId('restart').click();
  await page.getByTestId('play').click();
  await page.getByTestId('console-P').getByText('Message sending completed!').waitFor();
  assert.equal(await card(page).count(), 0, 'not asked twice');
  assert.deepEqual(page.problems, []);
});

test('English: a right answer, chosen and sent with the keyboard', async () => {
  const page = await open('consumer-05-commit-sync-async', 'en');
  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  await phase(page, 'asking');
  assert.match(await card(page).textContent(), /Predict first.*what does the commit\(asynchronous=False\) in finally print\?/);
  await screenshot(page, 'prediction-asking-en');
  // Radios move with the arrow keys; Tab reaches "Answer"; the page's own keys stay out of it.
  await page.getByTestId('prediction-choice-0').focus();
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByTestId('prediction-choice-1').isChecked());
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await phase(page, 'revealed');
  const verdict = page.getByTestId('prediction-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'right');
  assert.match(await verdict.textContent(), /Right!/);
  assert.match(await page.getByTestId('prediction-explanation').textContent(), /_NO_OFFSET/);
  assert.ok((await texts(page, '[data-testid="console-C1"] .console-text')).some((line) => line.includes('_NO_OFFSET')));
  await screenshot(page, 'prediction-right-en');
  assert.deepEqual(page.problems, []);
});

test('skip and "jump to the key moment" put the question away without an answer', async () => {
  const page = await open('producer-01-fire-and-forget', 'en');
  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  await phase(page, 'asking');
  await page.getByTestId('prediction-skip').click();
  assert.equal(await card(page).count(), 0);
  await page.getByTestId('play').click();
  await page.getByTestId('console-P').getByText('Message sending completed!').waitFor();
  await page.getByTestId('step-back').click();
  await page.getByTestId('restart').click();
  assert.equal(await card(page).count(), 0, 'a skipped question is not asked again');

  const acks = await open('producer-acks', 'zh');
  await acks.getByTestId('speed-instant').click();
  await acks.getByTestId('play').click();
  await phase(acks, 'asking');
  await acks.getByTestId('key-moment').click();
  assert.equal(await card(acks).count(), 0);
  assert.match(await acks.getByTestId('narration').textContent(), /controller/);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(acks.problems, []);
});

test('the quiz asks a prediction in its run (with its what-if), paused at the question', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/quiz?seed=1`);
  await page.getByTestId('lang-en').click();
  const question = page.locator('[data-testid="quiz-run"] [data-question="predict-acks1-losses"]');
  await question.getByTestId('quiz-open').click();
  await question.getByTestId('speed-instant').click();
  await question.locator('[data-testid="prediction"][data-phase="asking"]').waitFor();
  // No skip, no key-moment jump, no what-ifs: only the question.
  assert.equal(await question.getByTestId('prediction-skip').count(), 0);
  assert.equal(await question.getByTestId('key-moment').count(), 0);
  assert.match(await question.getByTestId('prediction').textContent(), /acks=1/);
  await question.scrollIntoViewIfNeeded();
  await screenshot(question, 'prediction-quiz-asking-en');
  await question.getByTestId('prediction-choice-1').check();
  await question.getByTestId('prediction-answer').click();
  assert.equal(await question.getByTestId('quiz-verdict').getAttribute('data-right'), 'true');
  await question.locator('[data-testid="prediction"][data-phase="revealed"]').waitFor({ timeout: 60_000 });
  assert.match(await question.getByTestId('prediction-explanation').textContent(), /KIP-101/);
  assert.equal(await question.getByTestId('counter-Losses').textContent(), '12');
  await screenshot(question, 'prediction-quiz-revealed-en');
  assert.deepEqual(page.problems, []);
});
