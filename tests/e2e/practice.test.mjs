// Practice tasks (實作測驗) on the quiz page: each task run as the course writes it fails, shows
// its graded facts and opens the step-through at the moment it went wrong; with the knobs
// turned it passes. The tasks alternate zh-TW and English; a choice the client refuses is
// refused with librdkafka's message before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();

/** Each task: its quiz part, the language it is taken in, and a passing choice per knob. */
const TASKS = [
  ['no-duplicate-after-lost-response', 'producer-settings', 'zh', [1, 0]],
  ['lose-nothing-leader-crash', 'producer-settings', 'en', [2]],
  ['no-reprocessing-after-crash', 'commits', 'zh', [1, 0]],
  ['restart-without-rebalance', 'rebalance', 'en', [1, 0]],
  ['fewest-partitions-moved', 'rebalance', 'zh', [2]],
  ['keep-lag-low', 'offsets', 'en', [1, 0]],
];

/** `mm:ss.mmm` of simulated time, as the step-through's clock shows it. */
const clock = (ms) =>
  `${String(Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;

/** Opens the quiz of `part` in `lang` and resolves to the question of practice task `id`. */
async function openTask(page, id, part, lang) {
  await page.goto(`${site.base}#/quiz?part=${part}&seed=1`);
  await page.getByTestId('quiz-page').waitFor();
  if (lang === 'en') await page.getByTestId('lang-en').click();
  const question = page.locator(`[data-testid="quiz-run"] [data-question="practice-${id}"][data-kind="practice"]`);
  // An embedded question opens on demand.
  await question.getByTestId('quiz-open').click();
  await question.getByTestId('practice-task').waitFor();
  return question;
}

/** Clicks "run" and resolves to the verdict once the facts are shown. */
async function run(question) {
  const result = question.locator('.practice-result');
  const before = (await result.count()) > 0 ? await result.getAttribute('data-attempt') : null;
  await question.getByTestId('practice-run').click();
  await question.locator(`.practice-result:not([data-attempt="${before}"])`).waitFor();
  const verdict = question.getByTestId('practice-verdict');
  return {
    passed: (await verdict.getAttribute('data-passed')) === 'true',
    wentWrongMs: await verdict.getAttribute('data-went-wrong-ms'),
    facts: await question.locator('[data-testid="practice-facts"] tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        measure: row.dataset.measure,
        passed: row.dataset.passed === 'true',
        cells: [...row.querySelectorAll('td.num')].map((td) => Number(td.textContent)),
      })),
    ),
  };
}

for (const [id, part, lang, good] of TASKS) {
  test(`${id} (${lang}): the course's program fails at a moment shown; turning the knobs passes`, async () => {
    const page = await openPage(site.browser, site.base);
    const question = await openTask(page, id, part, lang);
    for (const knob of await question.locator('fieldset.practice-knob').all()) {
      assert.equal(await knob.locator('input[type="radio"]:checked').count(), 1, 'each knob has a choice');
      assert.ok((await knob.locator('legend').textContent()).length > 0, 'each knob is labelled');
    }

    const failed = await run(question);
    assert.equal(failed.passed, false, 'the course program as is fails');
    assert.ok(failed.facts.some((fact) => !fact.passed), 'a fact is over its limit');
    for (const fact of failed.facts) assert.equal(fact.passed, fact.cells[0] <= fact.cells[1], fact.measure);
    // The step-through opens at the moment it went wrong.
    const stepThrough = question.getByTestId('practice-step-through');
    await stepThrough.getByTestId('step-through').waitFor();
    assert.equal(await stepThrough.getByTestId('clock').textContent().then((t) => t.split('/')[0].trim()), clock(Number(failed.wentWrongMs)));
    await screenshot(question, `practice-${id}-${lang}-failed`);

    for (const [knob, choice] of good.entries()) {
      // Keyboard-usable: a radio is focused and picked with the space bar.
      const radio = question.getByTestId(`knob-${knob}-${choice}`);
      await radio.focus();
      await page.keyboard.press('Space');
      assert.equal(await radio.isChecked(), true);
    }
    assert.equal(await question.locator('.practice-result').count(), 0, 'a new choice clears the old result');
    const passed = await run(question);
    assert.equal(passed.passed, true, JSON.stringify(passed.facts));
    assert.ok(passed.facts.every((fact) => fact.passed));
    assert.equal(await question.getByTestId('practice-step-through').count(), 0, 'no step-through on a pass');
    await screenshot(question, `practice-${id}-${lang}-passed`);
    assert.deepEqual(page.problems, []);
  });
}

test('a combination librdkafka refuses is refused with its message, in both languages', async () => {
  const page = await openPage(site.browser, site.base);
  const question = await openTask(page, 'no-duplicate-after-lost-response', 'producer-settings', 'zh');
  await question.getByTestId('knob-0-1').check();
  await question.getByTestId('knob-1-1').check();
  const refused = question.getByTestId('practice-refused');
  assert.match(await refused.textContent(), /client不接受這組設定.*`acks` must be set to `all` when `enable.idempotence` is true/);
  assert.equal(await question.getByTestId('practice-run').isDisabled(), true);
  await screenshot(question, 'practice-refused-zh');
  await page.getByTestId('lang-en').click();
  assert.match(await refused.textContent(), /the client refuses these settings/);
  await question.getByTestId('knob-1-3').check();
  assert.equal(await refused.count(), 0);
  assert.equal(await question.getByTestId('practice-run').isDisabled(), false);
  assert.deepEqual(page.problems, []);
});

test('a setting "as the program writes it" follows the program picked', async () => {
  const page = await openPage(site.browser, site.base);
  const question = await openTask(page, 'no-reprocessing-after-crash', 'commits', 'en');
  const asWritten = question.locator('[data-testid="knob-1"] label.practice-choice').first();
  // Consumer_02 writes auto.commit.interval.ms; Consumer_03 does not set it.
  assert.match(await asWritten.textContent(), /as the program writes it\s*5000/);
  await question.getByTestId('knob-0-1').check();
  assert.match(await asWritten.textContent(), /not set/);
  assert.deepEqual(page.problems, []);
});
