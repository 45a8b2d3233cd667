// The kafka-python lessons (seed 004, issue 17): each page runs seed 004's program on
// kafka-python 3.0.12 beside the confluent-kafka exercise that teaches the same thing. Open each
// in one language, jump to the key moment of both runs, check what the student must see there,
// switch language at the same step, and save screenshots of the laptop and phone layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';
import { layoutProblems } from './layout.mjs';

const site = useSite();

const counter = async (run, name) => Number(await run.getByTestId(`counter-${name}`).textContent());
const consoleLines = (run, label) => texts(run, `[data-testid="console-${label}"] .console-text`);
const receive = (values) => values.map((v) => `receive, key: count_num, value: ${v}`);

/** Seed 004's producer_demo run twice (P1, P2): its code shown once, a console per run, each
 * with the three sends it printed. */
async function producerDemoShown(run) {
  assert.equal(await run.getByTestId('code-kafka_python_producer_demo.py').count(), 1);
  for (const label of ['P1', 'P2']) {
    assert.deepEqual(await consoleLines(run, label), ['send 0', 'send 1', 'send 2']);
    // kafka-python's sender thread completes the futures: no report queue waits for poll().
    const box = run.getByTestId(`producer-${label}`);
    assert.equal(await box.count(), 1);
    assert.equal(await box.getByTestId('reports-count').count(), 0);
  }
}

/** Steps `run` forward until `done(run)` holds, at most `max` steps. */
async function stepUntil(run, done, max) {
  for (let step = 0; step <= max; step++) {
    if (await done(run)) return step;
    if (step < max) await run.getByTestId('step-forward').click();
  }
  assert.fail(`not on screen within ${max} steps`);
}

const LESSONS = [
  ['kafka-python-producer', 'zh', /sender執行緒完成這筆的future/, async (kp, twin) => {
    // The second request goes out once get() has returned: one message per request.
    assert.deepEqual(await consoleLines(kp, 'P'), ['send 0', 'send 1']);
    await twin.getByTestId('key-moment').click();
    assert.match(await twin.getByTestId('narration').textContent(), /flush\(\)執行delivery_callback/);
    // The last send is printed after two more requests' answers.
    await stepUntil(kp, async (run) => (await consoleLines(run, 'P')).includes('send 2'), 30);
  }],
  ['kafka-python-consumer', 'en', /kafka-python's 3 records from the second producer_demo/, async (kp, twin) => {
    // Both producer_demo runs were printed by the killed C1; C2 starts again at the committed
    // offset 3 (the print's output follows the statement).
    await producerDemoShown(kp);
    assert.deepEqual(await consoleLines(kp, 'C1'), receive([0, 1, 2, 0, 1, 2]));
    assert.match(await kp.locator('.code-line.current').last().textContent(), /print\("receive, key:/);
    await stepUntil(kp, async (run) => (await consoleLines(run, 'C2')).length > 0, 3);
    assert.deepEqual(await consoleLines(kp, 'C2'), receive([0]));
    await stepUntil(kp, async (run) => (await counter(run, 'Duplicates')) === 3, 20);
    // Consumer_02 beside it: its restarted instance reads from the start.
    await twin.getByTestId('key-moment').click();
    await stepUntil(twin, async (run) => (await consoleLines(run, 'C2')).length > 1, 3);
    assert.deepEqual(await consoleLines(twin, 'C2'), ['Start listen incoming messages ...', 'ak03.test-0-0 : (0 , msg_0)']);
  }],
  ['kafka-python-manual-commit', 'zh', /kafka-python只重複處理commit還沒執行的那1筆/, async (kp, twin) => {
    // C1 died after printing offset 4 (value 1 of the second producer_demo), before its commit().
    await producerDemoShown(kp);
    assert.deepEqual(await consoleLines(kp, 'C1'), receive([0, 1, 2, 0, 1]));
    await stepUntil(kp, async (run) => (await consoleLines(run, 'C2')).length > 0, 3);
    assert.deepEqual(await consoleLines(kp, 'C2'), receive([1]));
    assert.equal(await counter(kp, 'Duplicates'), 1);
    await twin.getByTestId('key-moment').click();
    await stepUntil(twin, async (run) => (await counter(run, 'Duplicates')) === 5, 20);
  }],
  ['kafka-python-lag', 'en', /committed\(\) asks the group coordinator/, async (kp, twin) => {
    assert.match(await kp.locator('.code-line.current').last().textContent(), /consumer\.committed\(x\)/);
    await producerDemoShown(kp);
    await stepUntil(kp, async (run) => (await consoleLines(run, 'C2')).includes('kafka left: 3'), 12);
    assert.deepEqual(await consoleLines(kp, 'C2'), [
      'start to cal offset:',
      'total offset: [(0, 0), (1, 6)]',
      'current offset: [(0, 0), (1, 3)]',
      'kafka left: 3',
    ]);
    // The script never polled, so it never joined the group.
    assert.equal(await kp.getByTestId('member-C2').count(), 0);
    await twin.getByTestId('key-moment').click();
    assert.match(await twin.locator('.code-line.current').last().textContent(), /consumer\.committed\(partitions/);
  }],
];

for (const [id, lang, narration, check] of LESSONS) {
  test(`${id}: both runs at the key moment (${lang})`, async () => {
    const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.base}#/exercise/${id}`);
    const kp = page.getByTestId('run-0');
    const twin = page.getByTestId('run-1');
    await kp.getByTestId('step-through').waitFor();
    if (lang === 'en') await page.getByTestId('lang-en').click();
    // The page names the kafka-python release, beside the course's client.
    const labels = await texts(page, '.run-label');
    assert.equal(labels.length, 2);
    assert.match(labels[0], /kafka-python 3\.0\.12/);
    assert.match(labels[1], /confluent-kafka/);
    await kp.getByTestId('key-moment').click();
    assert.match(await kp.getByTestId('narration').textContent(), narration);
    try {
      await check(kp, twin);
    } finally {
      await screenshot(page, `${id}-key-${lang}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal page scroll on a laptop');
    assert.deepEqual(await layoutProblems(page), []);
    // The other language at the same step: the narration changes, the programs' output does not.
    const consoles = await texts(kp, '.console-text');
    const said = await kp.getByTestId('narration').textContent();
    const other = lang === 'en' ? 'zh-TW' : 'en';
    await page.getByTestId(`lang-${other}`).click();
    const narration2 = await kp.getByTestId('narration').textContent();
    assert.notEqual(narration2, said);
    assert.equal(/[\u4e00-\u9fff]/.test(narration2), other === 'zh-TW', `the narration is in ${other}`);
    assert.deepEqual(await texts(kp, '.console-text'), consoles);
    await screenshot(page, `${id}-key-${other === 'en' ? 'en' : 'zh'}`);
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(page.problems, []);
  });
}

test('a kafka-python lesson on a phone: the runs stacked, no horizontal page scroll', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${site.base}#/exercise/kafka-python-consumer`);
  const kp = page.getByTestId('run-0');
  await kp.getByTestId('step-through').waitFor();
  await kp.getByTestId('key-moment').click();
  assert.match(await kp.getByTestId('narration').textContent(), /kafka-python是第二次producer_demo送的3筆/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await screenshot(page, 'kafka-python-consumer-phone-zh');
  await page.getByTestId('lang-en').click();
  await page.getByTestId('run-1').getByTestId('key-moment').click();
  await screenshot(page, 'kafka-python-consumer-phone-en');
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(page.problems, []);
});
