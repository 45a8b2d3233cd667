// Frame time while a lesson plays at 8x, over a few seconds. Consumer_01 (five consumers joining
// one by one) is the measure. Printed: the requestAnimationFrame intervals (mean, p95,
// max), each frame's work on the clock (from its first animation-frame callback to a message
// that callback posts, which runs once the frame's script, style and layout are done), and the
// main thread's CPU time per frame (Chromium's Performance metrics in thread time: script,
// style, layout, every task). Intervals come in whole vsyncs (16.7, 33.3 ms), and on a shared,
// loaded machine the page waits for a core, which stretches intervals and wall-clock work
// alike; CPU time is our own work, so that is what is asserted: the p95, over windows of a
// quarter second, of the main thread's CPU time per frame fits in a 60 Hz frame (checked when
// the page was not starved of a core, printed always).
// The figures are also saved as out/e2e/frame-time.json, which the performance report
// (perf-report.mjs --summary, at the end of scripts/test.sh) prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, openPage, SHOTS } from './harness.mjs';

const site = useSite();

const FRAME_MS = 1000 / 60;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

async function measure(id, seconds) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  // Every frame: when it started, and its work on the clock.
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const channel = new MessageChannel();
    window.frames = [];
    let frame = null;
    channel.port1.onmessage = () => {
      window.frames.push([frame, performance.now() - frame]);
      frame = null;
    };
    window.requestAnimationFrame = (callback) => raf((now) => {
      if (frame === null) {
        frame = performance.now();
        channel.port2.postMessage(0);
      }
      callback(now);
    });
  });
  await page.goto(`${site.base}#/exercise/${id}`);
  await page.getByTestId('step-through').waitFor();
  await page.getByTestId('speed-8').click();
  // Put the lesson's prediction away (a jump does), so that the run plays without stopping.
  await page.getByTestId('key-moment').click();
  await page.getByTestId('restart').click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const sample = async () => {
    const [{ metrics }, frames] = await Promise.all([
      cdp.send('Performance.getMetrics'),
      page.evaluate(() => window.frames.length),
    ]);
    const value = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { frames, script: value('ScriptDuration'), style: value('RecalcStyleDuration'), layout: value('LayoutDuration'), task: value('TaskDuration') };
  };
  await page.getByTestId('play').click();
  await page.evaluate(() => { window.frames = []; });
  const samples = [await sample()];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await page.waitForTimeout(250);
    samples.push(await sample());
  }
  const frames = await page.evaluate(() => window.frames);
  const [first, last] = [samples[0], samples.at(-1)];
  const count = last.frames - first.frames;
  const perFrame = (key) => (last[key] - first[key]) / count;
  const windows = samples.slice(1).map((s, i) => {
    const before = samples[i];
    return (s.task - before.task) / Math.max(1, s.frames - before.frames);
  });
  const intervals = frames.slice(1).map(([at], i) => at - frames[i][0]);
  const work = frames.map(([, work]) => work);
  const stats = {
    id,
    seconds,
    frames: frames.length,
    mean: intervals.reduce((a, b) => a + b, 0) / intervals.length,
    p95: percentile(intervals, 0.95),
    max: Math.max(...intervals),
    work: { task: perFrame('task'), script: perFrame('script'), style: perFrame('style'), layout: perFrame('layout'), p95: percentile(windows, 0.95) },
    clockWork: { median: percentile(work, 0.5), p95: percentile(work, 0.95), max: Math.max(...work) },
  };
  const ms = (v) => v.toFixed(1);
  const cpu = stats.work;
  console.log(`frame time ${id} at 8x over ${seconds} s: ${stats.frames} frames, interval mean ${ms(stats.mean)} ms, p95 ${ms(stats.p95)} ms, max ${ms(stats.max)} ms; main-thread CPU per frame ${ms(cpu.task)} ms (script ${ms(cpu.script)}, style ${ms(cpu.style)}, layout ${ms(cpu.layout)}), p95 over ${windows.length} windows ${ms(cpu.p95)} ms; work per frame on the clock median ${ms(stats.clockWork.median)} ms, p95 ${ms(stats.clockWork.p95)} ms; chips ${await page.locator('[data-flight]').count()}; clock ${await page.getByTestId('clock').textContent()}`);
  assert.deepEqual(page.problems, []);
  return stats;
}

test('frame time: Consumer_01 plays at 8x', async () => {
  const stats = await measure('consumer-01-cgroup', 4);
  assert.ok(stats.frames > 10, 'the page keeps drawing frames while it plays');
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
