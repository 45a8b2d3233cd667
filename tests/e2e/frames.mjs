// Frame time while a run plays, shared by the tests that measure it (frame-time.test.mjs,
// playground-scale.test.mjs). Measured: the requestAnimationFrame intervals (mean, p95, max),
// each frame's work on the clock (from its first animation-frame callback to a message that
// callback posts, which runs once the frame's script, style and layout are done), and the main
// thread's CPU time per frame (Chromium's Performance metrics in thread time: script, style,
// layout, every task), also as the p95 over windows of a quarter second. Intervals come in whole
// vsyncs (16.7, 33.3 ms), and on a shared, loaded machine the page waits for a core, which
// stretches intervals and wall-clock work alike; CPU time is our own work.

/** One 60 Hz frame, in ms. */
export const FRAME_MS = 1000 / 60;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

/** Makes `page` record every frame (when it started, its work on the clock): before its goto. */
export function recordFrames(page) {
  return page.addInitScript(() => {
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
}

/**
 * Clicks `play` on a page set up by `recordFrames` and measures its frames for `seconds`;
 * resolves to the figures, labelled `id`.
 */
export async function measurePlaying(page, id, seconds) {
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
  return {
    id,
    seconds,
    frames: frames.length,
    mean: intervals.reduce((a, b) => a + b, 0) / intervals.length,
    p95: percentile(intervals, 0.95),
    max: Math.max(...intervals),
    work: { task: perFrame('task'), script: perFrame('script'), style: perFrame('style'), layout: perFrame('layout'), p95: percentile(windows, 0.95), windows: windows.length },
    clockWork: { median: percentile(work, 0.5), p95: percentile(work, 0.95), max: Math.max(...work) },
  };
}

/** The figures as one line of the test log. */
export function describe(stats) {
  const ms = (v) => v.toFixed(1);
  const cpu = stats.work;
  return `${stats.frames} frames, interval mean ${ms(stats.mean)} ms, p95 ${ms(stats.p95)} ms, max ${ms(stats.max)} ms; main-thread CPU per frame ${ms(cpu.task)} ms (script ${ms(cpu.script)}, style ${ms(cpu.style)}, layout ${ms(cpu.layout)}), p95 over ${cpu.windows} windows ${ms(cpu.p95)} ms; work per frame on the clock median ${ms(stats.clockWork.median)} ms, p95 ${ms(stats.clockWork.p95)} ms`;
}
