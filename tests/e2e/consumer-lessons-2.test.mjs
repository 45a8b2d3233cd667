// The consumer lessons of round 2 (issue 10 §2: 1, 2, 3, 6, 7): open each in one language, jump
// to its key moment, check what the student must see there (a console line, a counter, the
// group box, a committed mark), look at it in the other language, and save both screenshots
// of the laptop layout. As in consumer-lessons.test.mjs, a statement's output follows the
// statement: where the key moment is the statement itself, the test steps forward until its
// output is on screen, within a fixed number of steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';
import { layoutProblems, lessonBar } from './layout.mjs';

const site = useSite();

const counter = async (page, name) => Number(await page.getByTestId(`counter-${name}`).textContent());
const consoleLines = (page, label) => texts(page, `[data-testid="console-${label}"] .console-text`);
const committed = (page, p) => page.getByTestId(`mark-committed-${p}-commit`).getAttribute('data-offset');
const partitionsOf = (page, member) => page.getByTestId(`partitions-${member}`).textContent();
const records = (lines) => lines.filter((line) => / : \(/.test(line));
const four = (ps) => `[${ps.map((p) => `ak03.fourpartition-${p}`).join(', ')}]`;
const ak03Test = (from, to) => Array.from({ length: to - from }, (_, i) => `ak03.test-0-${from + i} : (${from + i} , msg_${from + i})`);

/** Steps forward until `done(page)` holds, at most `max` steps; fails when it never does. */
async function stepUntil(page, done, max) {
  for (let step = 0; step <= max; step++) {
    if (await done(page)) return step;
    if (step < max) await page.getByTestId('step-forward').click();
  }
  assert.fail(`not on screen within ${max} steps`);
}

/** Steps forward until consumer `label`'s console shows `line`, at most `max` steps. */
const untilPrinted = (page, label, line, max) =>
  stepUntil(page, async () => (await consoleLines(page, label)).includes(line), max);

/** Jumps run `index` of the page to its own key moment and returns it. */
async function runAtKeyMoment(page, index) {
  const run = page.getByTestId(`run-${index}`);
  await run.getByTestId('key-moment').click();
  return run;
}

/** A crashed first instance: its console ends with the 5th record of the batch. */
async function crashedAfterFive(run) {
  assert.deepEqual(records(await consoleLines(run, 'C1')), ak03Test(0, 5));
}

const LESSONS = [
  ['consumer-group-split', 'zh', /range: 4\/3 = 1餘1/, async (page) => {
    // The third to join sorts first by member id: it gets two partitions.
    await untilPrinted(page, 'C3', `Setting newly assigned partitions: ${four([0, 1])}`, 2);
    await untilPrinted(page, 'C1', `Setting newly assigned partitions: ${four([3])}`, 6);
    assert.equal(await partitionsOf(page, 'C3'), 'P0 · P1');
    assert.equal(await partitionsOf(page, 'C2'), 'P2');
    assert.equal(await partitionsOf(page, 'C1'), 'P3');
  }],
  ['consumer-liveness', 'en', /session\.timeout\.ms \(6 s\) has passed since C2's last heartbeat/, async (page) => {
    // C2 was killed 4 s before: the coordinator removes it now, not at the kill.
    assert.ok((await consoleLines(page, 'C2')).includes(`Setting newly assigned partitions: ${four([0, 1])}`));
    assert.equal(await page.getByTestId('member-C2').count(), 0, 'C2 is no longer a member');
    assert.equal(await page.getByTestId('member-C1').count(), 1);
  }],
  ['consumer-max-poll', 'zh', /下一次consume\(\)先執行on_lost/, async (page) => {
    const maxPoll = /^%4\|1700000013\.\d{3}\|MAXPOLL\|rdkafka#consumer-1\| \[thrd:main\]: Application maximum poll interval \(10000ms\) exceeded by \d+ms \(adjust max\.poll\.interval\.ms for long-running message processing\): leaving group$/;
    assert.ok((await consoleLines(page, 'C1')).some((line) => maxPoll.test(line)), 'the MAXPOLL warning is on C1\'s console');
    assert.equal(await page.locator('[data-testid="console-C1"] .stderr').count() > 0, true, 'it is written to stderr');
    // The asynchronous commit after the slow batch failed, and on_commit said so, with no
    // partitions (librdkafka fails it before it copies the assignment).
    const failed = (await consoleLines(page, 'C1')).filter((line) => line === '# Failed to commit offsets: KafkaError{code=_ASSIGNMENT_LOST,val=-142,str="Local: Group partition assignment lost"}: []');
    assert.equal(failed.length, 1);
    await untilPrinted(page, 'C1', `Lost previously assigned partitions: ${four([0, 1, 2, 3])}`, 2);
    // The error record after on_lost: printed, and the loop goes on.
    const error = 'Error: KafkaError{code=_MAX_POLL_EXCEEDED,val=-147,str="Application maximum poll interval (10000ms) exceeded by 306ms"}';
    await untilPrinted(page, 'C1', error, 12);
  }],
  ['consumer-at-most-once', 'en', /the 7 records at offsets 5 to 11 are never processed/, async (page, whole) => {
    // Above: the batch was committed up to 12 before the crash; C2 has nothing to read.
    await crashedAfterFive(page);
    assert.equal(await committed(page, 0), '12');
    assert.equal(await counter(page, 'Unprocessed'), 7);
    assert.deepEqual(records(await consoleLines(page, 'C2')), []);
    // Below: at-least-once, nothing committed; C2 reads everything again.
    const below = await runAtKeyMoment(whole, 1);
    await crashedAfterFive(below);
    await stepUntil(below, async () => records(await consoleLines(below, 'C2')).length === 12, 45);
    assert.equal(await counter(below, 'Duplicates'), 5);
    assert.equal(await counter(below, 'Unprocessed'), 0);
  }],
  ['consumer-crash-points', 'zh', /Consumer_06只重複處理commit還沒送出的那1筆/, async (page, whole) => {
    assert.equal(await whole.getByTestId('cluster').count(), 3, 'three runs side by side');
    // Consumer_03: the batch was never committed.
    await crashedAfterFive(page);
    assert.equal(await page.locator('[data-testid^="mark-committed-"]').count(), 0);
    // Consumer_06: the commits of the first four records got through.
    const perRecord = await runAtKeyMoment(whole, 1);
    await crashedAfterFive(perRecord);
    assert.equal(await committed(perRecord, 0), '4');
    await stepUntil(perRecord, async () => records(await consoleLines(perRecord, 'C2')).length === 8, 40);
    assert.deepEqual(records(await consoleLines(perRecord, 'C2')), ak03Test(4, 12));
    assert.equal(await counter(perRecord, 'Duplicates'), 1);
    // Consumer_02: the crash came before the first auto commit.
    const auto = await runAtKeyMoment(whole, 2);
    await crashedAfterFive(auto);
    assert.equal(await auto.locator('[data-testid^="mark-committed-"]').count(), 0);
  }],
];

for (const [id, lang, narration, check] of LESSONS) {
  test(`${id}: the key moment (${lang})`, async () => {
    const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.base}#/exercise/${id}`);
    const run = page.getByTestId('run-0');
    await run.getByTestId('step-through').waitFor();
    if (lang === 'en') await page.getByTestId('lang-en').click();
    await run.getByTestId('key-moment').click();
    assert.match(await run.getByTestId('narration').textContent(), narration);
    try {
      await check(run, page);
    } finally {
      await screenshot(page, `${id}-key-${lang}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal page scroll on a laptop');
    assert.deepEqual(await layoutProblems(page), []);
    const bar = await lessonBar(run);
    assert.ok(bar.narrationShare > 0.95, `the narration spans the run (${bar.narrationShare})`);
    assert.ok(bar.rows <= 2, `the what-ifs take ${bar.rows} rows`);
    // The other language at the same step: the narration changes, the programs' output does not.
    const consoles = await texts(run, '.console-text');
    const said = await run.getByTestId('narration').textContent();
    const other = lang === 'en' ? 'zh-TW' : 'en';
    await page.getByTestId(`lang-${other}`).click();
    const narration2 = await run.getByTestId('narration').textContent();
    assert.notEqual(narration2, said);
    assert.equal(/[\u4e00-\u9fff]/.test(narration2), other === 'zh-TW', `the narration is in ${other}`);
    assert.deepEqual(await texts(run, '.console-text'), consoles);
    await screenshot(page, `${id}-key-${other === 'en' ? 'en' : 'zh'}`);
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(page.problems, []);
  });
}

test('consumer-liveness: a session.timeout.ms below the broker\'s minimum is refused, and the program prints it', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/consumer-liveness`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  await page.locator('button.what-if[title="Change session.timeout.ms and run again: 5000"]').click();
  await stepUntil(page, async () => (await consoleLines(page, 'C1')).some((line) => line.includes('INVALID_SESSION_TIMEOUT')), 60);
  await screenshot(page, 'consumer-liveness-session-5000-en');
  assert.deepEqual(page.problems, []);
});

test('consumer-max-poll: the prediction asks before the slow record and is right about on_lost (zh)', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/consumer-max-poll`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  const card = page.getByTestId('prediction');
  await page.locator('[data-testid="prediction"][data-phase="asking"]').waitFor();
  assert.match(await card.textContent(), /處理這一筆要12秒, max\.poll\.interval\.ms是10秒/);
  assert.ok(!(await consoleLines(page, 'C1')).some((line) => line.includes('MAXPOLL')), 'asked before the warning');
  await page.getByTestId('prediction-choice-1').check();
  await page.getByTestId('prediction-answer').click();
  await page.locator('[data-testid="prediction"][data-phase="revealed"]').waitFor();
  assert.equal(await page.getByTestId('prediction-verdict').getAttribute('data-verdict'), 'right');
  assert.match(await page.getByTestId('prediction-explanation').textContent(), /rd_kafka_cgrp_max_poll_interval_check_tmr_cb/);
  await untilPrinted(page, 'C1', `Lost previously assigned partitions: ${four([0, 1, 2, 3])}`, 2);
  await screenshot(page, 'consumer-max-poll-prediction-zh');
  assert.deepEqual(page.problems, []);
});
