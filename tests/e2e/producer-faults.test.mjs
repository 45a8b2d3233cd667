// The producer fault lessons (issue 10 §2: 4 and 5): open each, jump to its key moment, check
// what the student must see there (the error_cb lines and the first _MSG_TIMED_OUT when the
// only broker is down; BufferError's except line with the count beside the limit), in both
// languages, and save the laptop screenshots. Each key moment is the line printed, so the
// console shows it there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';
import { layoutProblems, lessonBar } from './layout.mjs';

const site = useSite();

const counter = async (page, name) => Number(await page.getByTestId(`counter-${name}`).textContent());
const consoleLines = (page) => texts(page, '[data-testid="console-P"] .console-text');

/** Steps forward until `line` is in the producer's console, at most `max` steps. */
async function untilPrinted(page, line, max) {
  for (let step = 0; step <= max; step++) {
    if ((await consoleLines(page)).includes(line)) return;
    if (step < max) await page.getByTestId('step-forward').click();
  }
  assert.fail(`${line} not on screen within ${max} steps`);
}

const ALL_DOWN = 'Error: KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str="1/1 brokers are down"}';
const REFUSED = 'Error: KafkaError{code=_TRANSPORT,val=-195,str="localhost:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"}';
const REFUSED_AGAIN = 'Error: KafkaError{code=_TRANSPORT,val=-195,str="localhost:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT, 1 identical error(s) suppressed)"}';
// The re-bootstrap (librdkafka >= 2.10, KIP-899) adds bootstrap.servers back as a broker of its own.
const BOOTSTRAP_REFUSED = 'Error: KafkaError{code=_TRANSPORT,val=-195,str="localhost:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"}';
const BOOTSTRAP_REFUSED_AGAIN = 'Error: KafkaError{code=_TRANSPORT,val=-195,str="localhost:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT, 1 identical error(s) suppressed)"}';
const BOTH_DOWN = 'Error: KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str="2/2 brokers are down"}';
const TIMED_OUT = '% Message failed delivery: KafkaError{code=_MSG_TIMED_OUT,val=-192,str="Local: Message timed out"}';
const QUEUE_FULL = '% Local producer queue is full (5 messages awaiting delivery): try again';

const LESSONS = [
  ['producer-broker-down', /_MSG_TIMED_OUT/, async (page) => {
    const lines = await consoleLines(page);
    const errors = lines.filter((line) => line.startsWith('Error: '));
    assert.deepEqual(errors.slice(0, 6), [ALL_DOWN, REFUSED, REFUSED_AGAIN, BOOTSTRAP_REFUSED, BOTH_DOWN, BOOTSTRAP_REFUSED_AGAIN]);
    assert.ok(errors.length > 6 && errors.slice(6).every((line) => line === BOTH_DOWN), errors.join('\n'));
    assert.ok(lines.indexOf(REFUSED_AGAIN) < lines.indexOf(TIMED_OUT), 'error_cb printed before the timeout');
    assert.ok(!lines.includes('Message sending completed!'), 'flush() is still waiting');
    assert.match(await page.getByTestId('broker-1').textContent(), /down|當機/);
    assert.equal(await counter(page, 'ClientErrors'), errors.length);
    assert.equal(await counter(page, 'Failed'), 1);
    assert.equal(await counter(page, 'Acknowledged'), 4);
    assert.match((await texts(page, '[data-testid="callout"]')).at(-1), /_MSG_TIMED_OUT/);
  }],
  ['producer-buffer-error', /BufferError/, async (page) => {
    assert.deepEqual(await consoleLines(page), ['Start sending messages ...', QUEUE_FULL]);
    assert.match(await page.locator('.code-line.current').textContent(), /Local producer queue is full/);
    // The count beside the limit: 5 queued, a limit of 5, one produce() refused.
    assert.equal(await counter(page, 'Waiting'), 5);
    assert.equal(await counter(page, 'QueueLimit'), 5);
    assert.equal(await counter(page, 'Refused'), 1);
    assert.equal(await counter(page, 'InLog'), 0);
  }],
];

for (const [id, narration, check] of LESSONS) {
  test(`${id}: the key moment in both languages`, async () => {
    const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.base}#/exercise/${id}`);
    await page.getByTestId('step-through').waitFor();
    await page.getByTestId('key-moment').click();
    await check(page);
    assert.ok((await page.getByTestId('narration').textContent()).length > 10, 'a narration beat is shown');
    await screenshot(page, `${id}-key-zh`);
    assert.deepEqual(await layoutProblems(page), []);
    await page.getByTestId('lang-en').click();
    await check(page);
    assert.match(await page.getByTestId('narration').textContent(), narration);
    await screenshot(page, `${id}-key-en`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal page scroll on a laptop');
    assert.deepEqual(await layoutProblems(page), []);
    const bar = await lessonBar(page);
    assert.ok(bar.rows <= 2, `the what-ifs take ${bar.rows} rows`);
    assert.deepEqual(page.problems, []);
  });
}

/** Plays to the end of the program, skipping the prediction if the page asks it. */
async function playToTheEnd(page) {
  const asking = page.locator('[data-testid="prediction"][data-phase="asking"]');
  const done = page.getByTestId('console-P').getByText('Message sending completed!');
  await page.getByTestId('speed-instant').click();
  await page.getByTestId('play').click();
  await Promise.race([asking.waitFor(), done.waitFor()]);
  if (await asking.count()) {
    await page.getByTestId('prediction-skip').click();
    await page.getByTestId('play').click();
    await done.waitFor();
  }
}

test('producer-broker-down: restarting the broker in time delivers the waiting messages', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/producer-broker-down`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  // Step to the poll(0) that prints the errors, 4 s in: no message has timed out yet.
  await untilPrinted(page, REFUSED_AGAIN, 400);
  // The first what-if restarts the broker now.
  await page.getByTestId('what-if-0').click();
  await page.getByTestId('changed').waitFor();
  await playToTheEnd(page);
  const lines = await consoleLines(page);
  assert.ok(!lines.includes(TIMED_OUT), 'nothing timed out');
  assert.equal(await counter(page, 'Failed'), 0);
  assert.equal(await counter(page, 'Acknowledged'), 12);
  await screenshot(page, 'producer-broker-down-restarted-en');
  assert.deepEqual(page.problems, []);
});
