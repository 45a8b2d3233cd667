// Frame time while a lesson plays at 8x, over a few seconds. Consumer_01 (five consumers joining
// one by one) is the measure. Printed: the figures of frames.mjs (the frame interval from
// the frames' begin times, in whole vsyncs, and the frames dropped; Chromium's record of the
// compositor's frames; the callback-start jitter; the work per frame), with whether the p95
// interval is within the 16.7 ms budget. CPU time is our own work, so that is what is asserted:
// the p95, over windows of a quarter second, of the main thread's CPU time per frame fits in a
// 60 Hz frame (checked when the page was not starved of a core, printed always).
// The figures are also saved as out/e2e/frame-time.json, which the performance report
// (perf-report.mjs --summary, at the end of scripts/test.sh) prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, openPage, SHOTS } from './harness.mjs';
import { FRAME_MS, describe, measurePlaying, recordFrames } from './frames.mjs';

const site = useSite();

async function measure(id, seconds) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await recordFrames(page);
  await page.goto(`${site.base}#/exercise/${id}`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('speed-8').click();
  // Put the lesson's prediction away (a jump does), so that the run plays without stopping.
  await page.getByTestId('key-moment').click();
  await page.getByTestId('restart').click();
  const stats = await measurePlaying(page, id, seconds);
  console.log(`frame time ${id} at 8x: ${describe(stats)}\n  at the end: chips ${await page.locator('[data-flight]').count()}; clock ${await page.getByTestId('clock').textContent()}`);
  assert.deepEqual(page.problems, []);
  return stats;
}

test('frame time: Consumer_01 plays at 8x', async () => {
  const stats = await measure('consumer-01-cgroup', 4);
  assert.ok(stats.frames > 10, 'the page keeps drawing frames while it plays');
  assert.ok(stats.compositor.presented > 0, "Chromium's record of the frames was read");
  // A page starved of a core (another build on the shared machine) draws few frames, each
  // carrying more virtual time and so more work: the budget is checked when the page got at
  // least every other vsync, and said to be skipped otherwise.
  if (stats.mean <= 2 * FRAME_MS) {
    assert.ok(stats.work.p95 <= FRAME_MS, `p95 of the main thread's CPU per frame is ${stats.work.p95.toFixed(1)} ms`);
  } else {
    console.log(`frame budget not checked: the page got a frame every ${stats.mean.toFixed(1)} ms on average (the machine is loaded)`);
  }
  await mkdir(SHOTS, { recursive: true });
  await writeFile(join(SHOTS, 'frame-time.json'), `${JSON.stringify([stats], null, 2)}\n`);
});
