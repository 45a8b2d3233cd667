// Every producer lesson: open it, jump to its key moment, check what the student must see
// there (a console line, a counter, the partition's log or a broker), and save a screenshot of
// the laptop layout in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';
import { layoutProblems, lessonBar } from './layout.mjs';

const site = useSite();

const counter = async (page, name) => Number(await page.getByTestId(`counter-${name}`).textContent());
const consoleLines = (page, label = 'P') => texts(page, `[data-testid="console-${label}"] .console-text`);
const cells = (page, p = 0) => page.locator(`[data-testid="partition-${p}"] .cell`).count();

const LESSONS = [
  ['producer-01-fire-and-forget', async (page) => {
    // produce() only enqueues: the loop is over, nothing has reached the broker yet.
    assert.equal(await counter(page, 'Waiting'), 12);
    assert.equal(await counter(page, 'InLog'), 0);
    assert.equal(await cells(page), 0);
    assert.match(await page.locator('.code-line.current').textContent(), /print\('Send '/);
  }],
  ['producer-02-sync', async (page) => {
    // flush() after every produce(): the second batch leaves after the first one's ack.
    assert.equal(await cells(page), 1);
    assert.ok((await consoleLines(page)).includes('% Message delivered to topic:[ak03.test]-partition:[0] @ offset[0]'));
    assert.match(await page.locator('[data-testid="callout"]').last().textContent(), /\[0\] @ 0/);
  }],
  ['producer-03-async', async (page) => {
    assert.equal(await cells(page), 12);
    assert.equal(await page.getByTestId('hw-0').textContent(), 'HW 12');
    assert.equal(await counter(page, 'Acknowledged'), 12);
    assert.match((await texts(page, '.lane-msg')).at(-1), /Produce ✓/);
    // The twelve delivery reports wait in the producer's queue for poll()/flush().
    assert.equal(await page.getByTestId('reports-count').textContent(), '12');
    assert.equal(await page.locator('[data-testid="reports"] .chip.report').count(), 12);
  }],
  ['producer-04-json', async (page) => {
    assert.equal(await cells(page), 12);
    assert.equal(await counter(page, 'InLog'), 12);
    assert.ok((await consoleLines(page)).includes('Send 12 messages to Kafka'));
  }],
  ['producer-05-cgroup', async (page) => {
    assert.equal(await page.locator('.partition-log').count(), 4);
    assert.deepEqual(await consoleLines(page), ['Start sending messages ...', 'key=0, value=msg_0']);
  }],
  ['producer-acks', async (page) => {
    // The leader crashed with the 12 records its followers had not copied: acks=0 lost them.
    assert.match(await page.getByTestId('broker-3').textContent(), /down|當機/);
    assert.equal(await counter(page, 'Losses'), 12);
    assert.equal(await cells(page), 0);
    assert.ok((await consoleLines(page)).includes('Message sending completed!'));
  }],
  ['producer-idempotence', async (page) => {
    // The response was lost and the batch sent again: the broker kept one copy.
    assert.equal(await counter(page, 'InLog'), 12);
    assert.equal(await counter(page, 'Duplicates'), 0);
    assert.equal(await cells(page), 12);
  }],
];

for (const [id, check] of LESSONS) {
  test(`${id}: the key moment`, async () => {
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
    await screenshot(page, `${id}-key-en`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal page scroll on a laptop');
    // Every code line and mark label readable; the narration across the run, the key moment
    // and the what-ifs in at most two rows.
    assert.deepEqual(await layoutProblems(page), []);
    const bar = await lessonBar(page);
    assert.ok(bar.narrationShare > 0.95, `the narration spans the run (${bar.narrationShare})`);
    assert.ok(bar.rows <= 2, `the what-ifs take ${bar.rows} rows`);
    assert.deepEqual(page.problems, []);
  });
}

test('the step-through on a phone: stacked, no horizontal page scroll', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${site.base}#/exercise/producer-03-async`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('key-moment').click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await screenshot(page, 'producer-03-phone-zh');
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(page.problems, []);
});
