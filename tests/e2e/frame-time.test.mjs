// Frame time while a lesson plays at 8x: requestAnimationFrame intervals over a few seconds,
// printed (mean, p95, max), not asserted against a tight threshold: timing on a shared
// machine is no test. Consumer_01 (five consumers joining one by one) is the measure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './harness.mjs';

const site = useSite();

async function measure(id, seconds) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/${id}`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('speed-8').click();
  await page.getByTestId('play').click();
  const intervals = await page.evaluate((ms) => new Promise((done) => {
    const seen = [];
    let last = performance.now();
    const end = last + ms;
    const frame = (now) => {
      seen.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(frame); else done(seen);
    };
    requestAnimationFrame(frame);
  }), seconds * 1000);
  const sorted = [...intervals].sort((a, b) => a - b);
  const stats = {
    frames: intervals.length,
    mean: intervals.reduce((a, b) => a + b, 0) / intervals.length,
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted.at(-1),
  };
  console.log(`frame time ${id} at 8x over ${seconds} s: ${stats.frames} frames, mean ${stats.mean.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms; clock ${await page.getByTestId('clock').textContent()}`);
  assert.deepEqual(page.problems, []);
  return stats;
}

test('frame time: Consumer_01 plays at 8x', async () => {
  const stats = await measure('consumer-01-cgroup', 4);
  assert.ok(stats.frames > 10, 'the page keeps drawing frames while it plays');
});
