// Frame time while a lesson plays at 8x: requestAnimationFrame intervals over a few seconds,
// printed (mean, p95, max), not asserted against a tight threshold: timing on a shared
// machine is no test. Consumer_01 (five consumers joining one by one) is the measure.
// Intervals come in whole vsyncs (16.7, 33.3 ms), so the main thread's work per frame (script,
// style, layout, from Chromium's Performance metrics) is printed too: it shows the headroom.
// The figures are also saved as out/e2e/frame-time.json, which the performance report
// (perf-report.mjs --summary, at the end of scripts/test.sh) prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, openPage, SHOTS } from './harness.mjs';

const site = useSite();

async function measure(id, seconds) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}#/exercise/${id}`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('speed-8').click();
  // Put the lesson's prediction away (a jump does), so that the run plays without stopping.
  await page.getByTestId('key-moment').click();
  await page.getByTestId('restart').click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { script: value('ScriptDuration'), style: value('RecalcStyleDuration'), layout: value('LayoutDuration'), task: value('TaskDuration') };
  };
  await page.getByTestId('play').click();
  const before = await busy();
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
  const after = await busy();
  const perFrame = (key) => (after[key] - before[key]) / intervals.length;
  const sorted = [...intervals].sort((a, b) => a - b);
  const stats = {
    id,
    seconds,
    frames: intervals.length,
    mean: intervals.reduce((a, b) => a + b, 0) / intervals.length,
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted.at(-1),
    work: { task: perFrame('task'), script: perFrame('script'), style: perFrame('style'), layout: perFrame('layout') },
  };
  const work = (key) => stats.work[key].toFixed(1);
  console.log(`frame time ${id} at 8x over ${seconds} s: ${stats.frames} frames, mean ${stats.mean.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms; main-thread work per frame ${work('task')} ms (script ${work('script')}, style ${work('style')}, layout ${work('layout')}); clock ${await page.getByTestId('clock').textContent()}`);
  assert.deepEqual(page.problems, []);
  return stats;
}

test('frame time: Consumer_01 plays at 8x', async () => {
  const stats = await measure('consumer-01-cgroup', 4);
  assert.ok(stats.frames > 10, 'the page keeps drawing frames while it plays');
  await mkdir(SHOTS, { recursive: true });
  await writeFile(join(SHOTS, 'frame-time.json'), `${JSON.stringify([stats], null, 2)}\n`);
});
