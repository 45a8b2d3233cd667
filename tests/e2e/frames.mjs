// Frame time while a run plays, shared by the tests that measure it (frame-time.test.mjs,
// playground-scale.test.mjs) and printed again by the performance report (perf-report.mjs).
//
// The frame interval is taken from the frames' own times: the timestamp Chromium passes to the
// frame's requestAnimationFrame callbacks is the frame's begin time, the vsync the frame is drawn
// for (BeginFrameArgs' frame time), not the moment the callback happens to run. Measured in the
// tests' headless Chromium (148): these timestamps keep one phase to the 60 Hz vsync within
// 0.1 ms, step by 16.6 to 16.8 ms (timestamps are coarsened to 0.1 ms), and a frame the page
// missed shows as a step of two or more vsyncs. So intervals are compared in whole vsyncs
// (16.6 ms is one vsync, not under budget; 16.8 ms is one vsync, not over it), and a frame
// dropped is a vsync the page drew no frame for: an interval over 1.5 vsyncs rounds to n >= 2
// vsyncs and drops n - 1 frames. That is what a student sees: a new picture on every vsync, or
// a picture held on screen for two or more.
//
// Kept apart, and printed: when the first callback of each frame started (`performance.now()`),
// late after its vsync by however long the main thread was busy with something else (a task,
// the test's own probes) and the callback's place in the event loop. Intervals between callback
// starts carry that lateness twice: the measure before this one, taken from them, read a p95 of
// 17.6 ms in a run whose longest interval (26.1 ms) was under two vsyncs.
//
// Also recorded: Chromium's own record of the compositor's frames over the same seconds (CDP
// tracing of `disabled-by-default-devtools.timeline.frame`, what the frames track of DevTools'
// performance panel shows): per vsync, presented with the page's update, presented without it
// (partial: the compositor drew on without a new frame of the page), dropped, or nothing to
// update. Partial plus dropped is Chromium's count of the frames the page missed; on the runs
// measured it came within a few of the count from the timestamps (127 and 132, 184 and 184).
//
// The window: from the click on play for at most the seconds asked, ending at the last sample
// (every quarter second) at which the run still played. A run that comes to its end inside the
// window (the time lens skips quiet time) is measured up to just before its end: what comes
// after (no frames, the last animations fading) is not a frame of play. The seconds measured
// are printed.
//
// The work: each frame's work on the clock (from its first animation-frame callback to a
// message that callback posts, which runs once the frame's script, style and layout are done),
// and the main thread's CPU time per frame (Chromium's Performance metrics in thread time:
// script, style, layout, every task), also as the p95 over windows of a quarter second. On a
// shared, loaded machine the page waits for a core, which stretches intervals and wall-clock
// work alike; CPU time is our own work.

/** One 60 Hz frame (a vsync), in ms. */
export const FRAME_MS = 1000 / 60;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

/** An interval in whole vsyncs. */
export const vsyncs = (ms) => Math.max(1, Math.round(ms / FRAME_MS));

/**
 * Makes `page` record every frame (its begin time, when its first callback started, its work on
 * the clock): before its goto.
 */
export function recordFrames(page) {
  return page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const channel = new MessageChannel();
    window.frames = [];
    // The frames whose work is not yet over: the messages come back in order.
    const pending = [];
    let begin = null;
    channel.port1.onmessage = () => {
      const frame = pending.shift();
      frame[1] = performance.now() - frame[0];
    };
    window.requestAnimationFrame = (callback) => raf((now) => {
      if (now !== begin) {
        begin = now;
        const frame = [performance.now(), null, now];
        window.frames.push(frame);
        pending.push(frame);
        channel.port2.postMessage(0);
      }
      callback(now);
    });
  });
}

/** The name of the trace marks `measurePlaying` leaves at each sample. */
const MARK = 'frames-sample';

/**
 * Chromium's record of each vsync's frame in `events` (a trace) that began within `[from, to]`
 * (trace time): counts by state.
 */
function compositorFrames(events, [from, to]) {
  const states = { presented: 0, partial: 0, dropped: 0, idle: 0 };
  const names = { STATE_PRESENTED_ALL: 'presented', STATE_PRESENTED_PARTIAL: 'partial', STATE_DROPPED: 'dropped', STATE_NO_UPDATE_DESIRED: 'idle' };
  for (const e of events) {
    const within = e.ts >= from && e.ts <= to;
    const reporter = within && e.name === 'PipelineReporter' && e.ph === 'b' ? e.args?.frame_reporter : null;
    // A frame the main thread worked on across vsyncs is reported again, forked, per vsync.
    if (reporter && !reporter.frame_type && names[reporter.state]) states[names[reporter.state]] += 1;
  }
  return states;
}

/**
 * Clicks `play` on a page set up by `recordFrames` and measures its frames for `seconds`, or
 * up to just before the run stops playing if it does sooner; resolves to the figures, labelled
 * `id`.
 */
export async function measurePlaying(page, id, seconds) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  // Each sample leaves a mark in the trace, so that the compositor's frames are counted over
  // the samples' window.
  const sample = async () => {
    const [{ metrics }, [frames, playing, at]] = await Promise.all([
      cdp.send('Performance.getMetrics'),
      page.evaluate((mark) => [
        window.frames.length,
        document.querySelector('[data-playing]')?.dataset.playing === 'true',
        performance.mark(mark).startTime,
      ], MARK),
    ]);
    const value = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { frames, playing, at, script: value('ScriptDuration'), style: value('RecalcStyleDuration'), layout: value('LayoutDuration'), task: value('TaskDuration') };
  };
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const traced = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await page.getByTestId('play').click();
  // The trace spans the frames recorded: from just before the first to just after the last.
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  await page.evaluate(() => { window.frames = []; });
  const all = [await sample()];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end && all.at(-1).playing) {
    await page.waitForTimeout(250);
    all.push(await sample());
  }
  await cdp.send('Tracing.end');
  await traced;
  // The samples up to the last one taken while the run played, and the frames before it.
  const samples = all.slice(0, Math.max(2, all.findLastIndex((s) => s.playing) + 1));
  const [first, last] = [samples[0], samples.at(-1)];
  const frames = (await page.evaluate(() => window.frames)).slice(0, last.frames);
  const marks = events.filter((e) => e.name === MARK).map((e) => e.ts).sort((a, b) => a - b);
  const traceWindow = [marks[0], marks[samples.length - 1]];
  const count = last.frames - first.frames;
  const perFrame = (key) => (last[key] - first[key]) / count;
  const windows = samples.slice(1).map((s, i) => {
    const before = samples[i];
    return (s.task - before.task) / Math.max(1, s.frames - before.frames);
  });
  const intervals = frames.slice(1).map(([, , begin], i) => begin - frames[i][2]);
  const steps = intervals.map(vsyncs);
  const starts = frames.slice(1).map(([at], i) => at - frames[i][0]);
  const late = frames.map(([at, , begin]) => at - begin);
  const work = frames.map(([, work]) => work).filter((work) => work !== null);
  return {
    id,
    seconds: (last.at - first.at) / 1000,
    frames: frames.length,
    mean: intervals.reduce((a, b) => a + b, 0) / intervals.length,
    p95: percentile(intervals, 0.95),
    max: Math.max(...intervals),
    vsyncs: { p95: percentile(steps, 0.95), max: Math.max(...steps) },
    dropped: steps.reduce((sum, n) => sum + n - 1, 0),
    longIntervals: steps.filter((n) => n > 1).length,
    callbackStart: { p95: percentile(starts, 0.95), max: Math.max(...starts), lateMedian: percentile(late, 0.5), lateP95: percentile(late, 0.95), lateMax: Math.max(...late) },
    compositor: compositorFrames(events, traceWindow),
    work: { task: perFrame('task'), script: perFrame('script'), style: perFrame('style'), layout: perFrame('layout'), p95: percentile(windows, 0.95), windows: windows.length },
    clockWork: { median: percentile(work, 0.5), p95: percentile(work, 0.95), max: Math.max(...work) },
  };
}

/** Whether the frame interval's p95 is one vsync: the 16.7 ms budget, in whole vsyncs. */
export const withinBudget = (stats) => stats.vsyncs.p95 <= 1;

/** The figures as lines of a log: the first as it is, the others after `indent`. */
export function describe(stats, indent = '  ') {
  const ms = (v) => v.toFixed(1);
  const cpu = stats.work;
  const late = stats.callbackStart;
  const c = stats.compositor;
  const count = (n) => `${n} vsync${n === 1 ? '' : 's'}`;
  return [
    `${stats.frames} frames in ${stats.seconds.toFixed(2)} s; frame interval (the frames' begin times) mean ${ms(stats.mean)} ms, p95 ${ms(stats.p95)} ms = ${count(stats.vsyncs.p95)} (${withinBudget(stats) ? 'within' : 'OVER'} the 16.7 ms budget), max ${ms(stats.max)} ms = ${count(stats.vsyncs.max)}; ${stats.dropped} frames dropped (vsyncs without a new frame) in ${stats.longIntervals} intervals over 1.5 vsyncs`,
    `Chromium's compositor over the window: ${c.presented} vsyncs presented with the page's update, ${c.partial} without it (partial), ${c.dropped} dropped, ${c.idle} with nothing to update`,
    `callback-start jitter: first callback ran after its frame's begin by median ${ms(late.lateMedian)} ms, p95 ${ms(late.lateP95)} ms, max ${ms(late.lateMax)} ms; intervals between callback starts p95 ${ms(late.p95)} ms, max ${ms(late.max)} ms`,
    `work: main-thread CPU per frame ${ms(cpu.task)} ms (script ${ms(cpu.script)}, style ${ms(cpu.style)}, layout ${ms(cpu.layout)}), p95 over ${cpu.windows} windows of 0.25 s ${ms(cpu.p95)} ms; on the clock median ${ms(stats.clockWork.median)} ms, p95 ${ms(stats.clockWork.p95)} ms`,
  ].join(`\n${indent}`);
}
