// A Chromium performance trace of cold loads of a built page (issue 15: where the first paint's
// milliseconds go): prints, for each load, the first contentful paint and the CPU time each
// process spent before it (the threads' own time, which a busy machine does not inflate as it
// does the wall clock), then their medians; with TASKS=1, also the main thread's tasks before it.
// The first load of each is not counted: it pays a fresh browser's cold font caches. Given
// several builds, it loads them in turn (to compare a change with what it changes).
//
//   node tests/e2e/trace.mjs [DIST...] [RUNS]   (default dist/, 3 loads of each)
import { launchBrowser, serveDist, DIST } from './harness.mjs';
import { resolve } from 'node:path';

const NAMES = ['RunTask', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Commit', 'EvaluateScript',
  'v8.evaluateModule', 'v8.compile', 'v8.wasm.compileConsume', 'v8.wasm.streamFromResponseCallback', 'FunctionCall',
  'TimerFire', 'FireAnimationFrame', 'ResourceReceivedData', 'ResourceFinish', 'HitTest', 'ScheduleStyleRecalculation'];

/**
 * CPU milliseconds of each thread from `t0` to `end`: the thread time of its outermost complete
 * events (nested ones are inside them), keyed "process/thread".
 */
function cpuByThread(traceEvents, t0, end) {
  const names = {};
  for (const e of traceEvents) {
    if (e.name === 'process_name') names[e.pid] = e.args.name;
  }
  const threads = {};
  for (const e of traceEvents) {
    if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = `${names[e.pid]}/${e.args.name.replace(/\d+$/, '')}`;
  }
  const events = traceEvents.filter((e) => e.ph === 'X' && e.tdur !== undefined && e.ts >= t0 && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const ends = {};
  const cpu = {};
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (ends[key] ?? -Infinity)) continue;
    ends[key] = e.ts + e.dur;
    const name = threads[key] ?? key;
    cpu[name] = (cpu[name] ?? 0) + e.tdur / 1000;
  }
  return cpu;
}

/** The figures printed per load and as medians. */
function figures(fcpMs, cpu) {
  const sum = (test) => Object.entries(cpu).filter(([name]) => test(name)).reduce((total, [, ms]) => total + ms, 0);
  return {
    'FCP (wall)': fcpMs,
    'renderer CPU': sum((name) => name.startsWith('Renderer/')),
    'its main thread': sum((name) => name === 'Renderer/CrRendererMain'),
    'its raster': sum((name) => name.startsWith('Renderer/ThreadPool')),
    'browser main': sum((name) => name === 'Browser/CrBrowserMain'),
    'GPU process': sum((name) => name.startsWith('GPU Process/')),
  };
}

const line = (row) => Object.entries(row).map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(', ');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One traced cold load of `base`: its figures, and its main thread's tasks when TASKS is set. */
async function tracedLoad(base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'loading', 'v8', 'disabled-by-default-devtools.timeline', 'cc', 'gpu', 'viz', 'disabled-by-default-devtools.timeline.frame', 'benchmark', 'fonts', 'toplevel'] });
  await page.goto(base);
  await page.waitForTimeout(1500);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  const fcp = traceEvents.find((e) => e.name === 'firstContentfulPaint');
  const main = { pid: fcp.pid, tid: traceEvents.find((e) => e.name === 'thread_name' && e.pid === fcp.pid && e.args.name === 'CrRendererMain').tid };
  // The main frame's document request: close to navigation start (which the trace lacks).
  const t0 = traceEvents.find((e) => e.pid === main.pid && e.name === 'ResourceSendRequest' && e.args.data.resourceType === 'Document').ts;
  const at = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(7);
  const shown = traceEvents.filter((e) => e.ts >= t0 - 5000 && e.ts <= fcp.ts + 5000 && (
    (e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && NAMES.includes(e.name) && e.dur > 300) ||
    (e.pid === main.pid && e.tid !== main.tid && e.ph === 'X' && e.dur > 2000) ||
    (e.pid !== main.pid && /Frame|Swap|Draw|Present|BeginFrame/.test(e.name) && e.ph === 'X' && e.dur > 200)
  )).sort((a, b) => a.ts - b.ts);
  const threads = Object.fromEntries(traceEvents.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const tasks = shown.map((e) => {
    const where = e.pid === main.pid && e.tid === main.tid ? '' : `[${threads[`${e.pid}:${e.tid}`] ?? e.tid}] `;
    return `  ${at(e.ts)} +${(e.dur / 1000).toFixed(1).padStart(6)} ${where}${e.name} ${e.args?.data?.url ?? e.args?.data?.functionName ?? ''}`.slice(0, 170);
  });
  return { row: figures((fcp.ts - t0) / 1000, cpuByThread(traceEvents, t0, fcp.ts)), tasks };
}

// Several builds are loaded in turn, each round in another order, so that the machine's load
// falls on all of them alike.
const args = process.argv.slice(2);
const runs = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 3;
const sites = await Promise.all((args.length ? args : [DIST]).map(async (dir) => ({ dir, rows: [], ...(await serveDist(resolve(dir))) })));
const browser = await launchBrowser();
for (let run = 0; run < runs; run += 1) {
  for (const site of run % 2 ? [...sites].reverse() : sites) {
    const { row, tasks } = await tracedLoad(site.base);
    console.log(`${sites.length > 1 ? `${site.dir} ` : ''}run ${run}${run ? '' : ' (not counted)'}: ${line(row)}`);
    if (run === 0) continue;
    site.rows.push(row);
    if (process.env.TASKS) console.log(tasks.join('\n'));
  }
}
for (const { dir, rows } of sites) {
  if (!rows.length) continue;
  const medians = Object.fromEntries(Object.keys(rows[0]).map((name) => [name, median(rows.map((row) => row[name]))]));
  console.log(`${dir}: medians of ${rows.length} loads before the first contentful paint: ${line(medians)}`);
}
await browser.close();
for (const { server } of sites) server.close();
