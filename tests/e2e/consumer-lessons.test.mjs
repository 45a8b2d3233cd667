// Every consumer lesson: open it in one language (they alternate zh-TW / English), jump to its
// key moment, check what the student must see there (a console line, a counter, a committed
// mark, the owner of a partition), and save a screenshot of the laptop layout. A statement's
// output follows the statement: where the key moment is the statement itself, the test steps
// forward until its output is on screen, within a fixed number of steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';
import { layoutProblems, lessonBar } from './layout.mjs';

const site = useSite();

const counter = async (page, name) => Number(await page.getByTestId(`counter-${name}`).textContent());
const consoleLines = (page, label) => texts(page, `[data-testid="console-${label}"] .console-text`);
const owners = (page) => texts(page, '[data-testid^="owner-"]');
const committed = (page, p) => page.getByTestId(`mark-committed-${p}-commit`).getAttribute('data-offset');
const partitionsOf = (page, member) => page.getByTestId(`partitions-${member}`).textContent();
const records = (lines) => lines.filter((line) => / : \(/.test(line));

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

/** The member labels of the group box are the consumers' labels, never a raw member id. */
async function membersAreLabelled(page) {
  const members = await page.locator('[data-testid^="member-"]').evaluateAll((es) => es.map((e) => e.dataset.testid));
  for (const member of members) assert.match(member, /^member-C\d+$/, 'a group member is shown by its consumer label');
}

const ak03Test = (from, to) => Array.from({ length: to - from }, (_, i) => `ak03.test-0-${from + i} : (${from + i} , msg_${from + i})`);
const four = (ps) => `[${ps.map((p) => `ak03.fourpartition-${p}`).join(', ')}]`;

/** The restart of a commit lesson: C2 takes over ak03.test-0 from the killed C1. */
async function restartedWithEverythingCommitted(page) {
  assert.equal(await counter(page, 'Processed'), 12);
  assert.equal(await counter(page, 'Duplicates'), 0);
  assert.equal(await counter(page, 'Lag'), 0);
  assert.equal(await committed(page, 0), '12');
  assert.equal(await partitionsOf(page, 'C2'), 'P0');
  assert.deepEqual(records(await consoleLines(page, 'C2')), []);
  // C1 was killed: the partition's owner is the consumer the group gave it to.
  assert.deepEqual(await owners(page), ['C2']);
}

const LESSONS = [
  ['consumer-01-cgroup', 'zh', /第5個instance分到的是 \[\]/, async (page) => {
    // Four partitions, five consumers: C1..C4 own one each, the fifth is idle.
    assert.deepEqual(await owners(page), ['C4', 'C1', 'C3', 'C2']);
    assert.equal(await partitionsOf(page, 'C5'), '[]');
    // The group box lists the members in member-id order, as range sorts them: the idle one last.
    const ids = await texts(page, '[data-testid^="group-member-id-"]');
    assert.equal(ids.length, 5);
    assert.ok(ids.every((id) => id.startsWith('rdkafka-')), ids.join());
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(await page.locator('.group-box .member').last().getAttribute('data-testid'), 'member-C5');
    assert.match(await page.getByTestId('group-generation').textContent(), /4$/);
    assert.equal(await page.locator('.lane-box > h3').nth(1).textContent(), 'Callback 呼叫');
    await untilPrinted(page, 'C5', 'Setting newly assigned partitions: []', 1);
    assert.deepEqual(await consoleLines(page, 'C5'), ['Start listen incoming messages ...', 'Setting newly assigned partitions: []']);
  }],
  ['consumer-02-auto-commit', 'en', /records processed before the crash but not committed are processed again/, async (page) => {
    // Killed at 4 s, before the first auto-commit at 5 s: nothing was committed.
    assert.equal(await page.locator('[data-testid^="mark-committed-"]').count(), 0);
    assert.deepEqual(records(await consoleLines(page, 'C1')), ak03Test(0, 12));
    // The restarted instance processes offsets 0..11 again: twelve duplicates.
    await stepUntil(page, async () => records(await consoleLines(page, 'C2')).length === 12, 40);
    assert.deepEqual(records(await consoleLines(page, 'C2')), ak03Test(0, 12));
    assert.equal(await counter(page, 'Processed'), 24);
    assert.equal(await counter(page, 'Duplicates'), 12);
    assert.equal(await counter(page, 'Lag'), 12);
    assert.deepEqual(await owners(page), ['C2']);
  }],
  ['consumer-03-commit-sync', 'zh', /當機前處理的訊息都已經commit了, 沒有訊息被重複處理/, async (page) => {
    assert.equal((await consoleLines(page, 'C1')).at(-1), '# Committed offsets for: ak03.test-0 {offset=12}');
    await restartedWithEverythingCommitted(page);
  }],
  ['consumer-04-commit-async', 'en', /everything processed before the crash was committed, so nothing is processed twice/, async (page) => {
    assert.equal((await consoleLines(page, 'C1')).at(-1), '# Committed offsets for: ak03.test-0 {offset=12}');
    assert.ok((await texts(page, '[data-testid="callout"]')).includes('C1on_commit: commit succeeded'));
    await restartedWithEverythingCommitted(page);
  }],
  ['consumer-05-commit-sync-async', 'zh', /librdkafka丟出KafkaException \(_NO_OFFSET\)/, async (page) => {
    assert.match(await page.locator('.code-line.current').textContent(), /offsets = consumer\.commit\(asynchronous=False\)/);
    assert.equal(await committed(page, 0), '12');
    const noOffset = 'KafkaError{code=_NO_OFFSET,val=-168,str="Commit failed: Local: No offset stored"}';
    await untilPrinted(page, 'C1', noOffset, 1);
    assert.deepEqual((await consoleLines(page, 'C1')).slice(-3), [
      '# Committed offsets for: ak03.test-0 {offset=12}',
      'Aborted by user',
      noOffset,
    ]);
    // close() has not run yet: C1 is still the group's member and owns the partition.
    await membersAreLabelled(page);
    assert.deepEqual(await owners(page), ['C1']);
  }],
  ['consumer-06-commit-specified', 'en', /everything processed before the crash was committed/, async (page) => {
    // commit(record) after each record: offset+1 of each, 1..12.
    const commits = (await consoleLines(page, 'C1')).filter((line) => line.startsWith('# Committed'));
    assert.deepEqual(commits, Array.from({ length: 12 }, (_, i) => `# Committed offsets for: ak03.test-0 {offset=${i + 1}}`));
    await restartedWithEverythingCommitted(page);
  }],
  ['consumer-07-rebalance-callback', 'zh', /新的分配從剛剛commit的offset開始讀: 沒有訊息被重複處理/, async (page) => {
    // on_revoke commits the last processed record of each partition, then C2 takes P0 and P1.
    const c1 = await consoleLines(page, 'C1');
    const revoke = c1.indexOf(`Revoking previously assigned partitions: ${four([0, 1, 2, 3])}`);
    assert.ok(revoke > 0, 'C1 prints its on_revoke line');
    assert.deepEqual(c1.slice(revoke + 1), [
      '# Committed offsets for: ak03.fourpartition-1 {offset=2}',
      '# Committed offsets for: ak03.fourpartition-3 {offset=2}',
      '# Committed offsets for: ak03.fourpartition-0 {offset=2}',
      '# Committed offsets for: ak03.fourpartition-2 {offset=1}',
      `Setting newly assigned partitions: ${four([2, 3])}`,
    ]);
    assert.deepEqual(await Promise.all([0, 1, 2, 3].map((p) => committed(page, p))), ['2', '2', '1', '2']);
    assert.equal(await counter(page, 'Duplicates'), 0);
    assert.deepEqual(await owners(page), ['C2', 'C2', 'C1', 'C1']);
    assert.equal(await partitionsOf(page, 'C2'), 'P0 · P1');
  }],
  ['consumer-cooperative', 'en', /the cooperative lists hold only the partitions that change/, async (eager, page) => {
    // The eager run: every member gives up all it holds.
    assert.ok((await consoleLines(eager, 'C1')).includes(`Revoking previously assigned partitions: ${four([0, 1, 2, 3])}`));
    // The cooperative run beside it: C1 gives up only the partitions that move.
    const cooperative = page.getByTestId('run-1');
    assert.equal(await page.getByTestId('cluster').count(), 2, 'the eager and the cooperative run, each with its cluster');
    await cooperative.getByTestId('key-moment').click();
    const revoked = (await consoleLines(cooperative, 'C1')).filter((line) => line.startsWith('Revoking'));
    assert.ok(revoked.length > 0, 'C1 revokes in the cooperative run');
    for (const line of revoked) assert.notEqual(line, `Revoking previously assigned partitions: ${four([0, 1, 2, 3])}`);
    // C2's on_assign lists what it gets in the order the leader's assignor gave it (librdkafka).
    assert.ok((await consoleLines(cooperative, 'C2')).includes(`Setting newly assigned partitions: ${four([1, 0])}`));
  }],
  ['consumer-static-membership', 'zh', /在session\.timeout\.ms之內, c1用同一個group\.instance\.id重新啟動/, async (page) => {
    // c1 left without LeaveGroup: no rebalance, its partitions wait.
    assert.deepEqual((await consoleLines(page, 'C1')).slice(-2), ['Aborted by user', `Revoking previously assigned partitions: ${four([0, 1])}`]);
    assert.match(await page.getByTestId('group-generation').textContent(), /1$/);
    assert.equal(await partitionsOf(page, 'C2'), 'P2 · P3');
    // The coordinator still holds c1's member and its partitions until the session times out.
    await membersAreLabelled(page);
    assert.equal(await partitionsOf(page, 'C1'), 'P0 · P1');
    // Back within the session: the same partitions, still generation 1.
    await untilPrinted(page, 'C3', `Setting newly assigned partitions: ${four([0, 1])}`, 12);
    assert.match(await page.getByTestId('group-generation').textContent(), /1$/);
    assert.deepEqual(await owners(page), ['C3', 'C3', 'C2', 'C2']);
    assert.equal(await partitionsOf(page, 'C3'), 'P0 · P1');
    await membersAreLabelled(page);
  }],
  ['consumer-assign-seek', 'en', /seek\(\) moves the position back to offset 0/, async (page) => {
    assert.equal(await page.locator('[data-testid^="member-"]').count(), 0, 'assign() joins no group');
    assert.deepEqual(records(await consoleLines(page, 'C1')), ak03Test(0, 12));
    await untilPrinted(page, 'C1', 'Seeking to ak03.test-0 {offset=0}', 1);
    // The record after the seek is offset 0 again.
    await stepUntil(page, async () => records(await consoleLines(page, 'C1')).length > 12, 10);
    assert.deepEqual(records(await consoleLines(page, 'C1')).slice(12), ak03Test(0, 1));
  }],
  ['consumer-lag', 'zh', /lag = high watermark - committed offset/, async (page) => {
    assert.match(await page.locator('.code-line.current').last().textContent(), /get_watermark_offsets\(tp, timeout=10\)/);
    await untilPrinted(page, 'C2', 'Total lag: 2', 16);
    assert.deepEqual(await consoleLines(page, 'C2'), [
      'ak03.fourpartition-0 : committed=1, end=2, lag=1',
      'ak03.fourpartition-1 : committed=2, end=2, lag=0',
      'ak03.fourpartition-2 : committed=-, end=1, lag=1',
      'ak03.fourpartition-3 : committed=2, end=2, lag=0',
      'Total lag: 2',
    ]);
  }],
];

for (const [id, lang, narration, check] of LESSONS) {
  test(`${id}: the key moment (${lang})`, async () => {
    const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
    await page.goto(`${site.base}#/exercise/${id}`);
    // A lesson's first run; a lesson that compares runs shows the others after it.
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
    // Every code line and mark label readable; the playback bars beside their runs.
    assert.deepEqual(await layoutProblems(page), []);
    // The narration across the run, the key moment and the what-ifs in at most two rows.
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

test('a consumer lesson on a phone: stacked, no horizontal page scroll', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${site.base}#/exercise/consumer-01-cgroup`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('key-moment').click();
  assert.equal(await partitionsOf(page, 'C5'), '[]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await screenshot(page, 'consumer-01-phone-en');
  assert.deepEqual(await layoutProblems(page), []);
  assert.deepEqual(page.problems, []);
});

test('prefers-reduced-motion: marks, cells and chips do not move', async () => {
  const page = await openPage(site.browser, site.base, { reducedMotion: 'reduce' });
  await page.goto(`${site.base}#/exercise/consumer-01-cgroup`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('key-moment').click();
  const motion = await page.evaluate(() =>
    ['.mark', '.mark-labels', '.plog-cells .cell', '.lane-msg', '.partition-log'].map((selector) => {
      const style = getComputedStyle(document.querySelector(selector));
      return [selector, style.transitionDuration, style.animationName];
    }),
  );
  for (const [selector, transition, animation] of motion) {
    assert.equal(transition, '0s', `${selector} has no transition`);
    assert.equal(animation, 'none', `${selector} has no animation`);
  }
  assert.deepEqual(page.problems, []);
});
