// A Chromium performance trace of cold loads of a built page (issue 15: where the first paint's
// milliseconds go): prints the first contentful paint and the main thread's tasks before it.
//
//   node tests/e2e/trace.mjs [DIST] [RUNS]   (default dist/, 3 loads; the first pays cold font caches)
import { launchBrowser, serveDist, DIST } from './harness.mjs';
import { resolve } from 'node:path';

const NAMES = ['RunTask', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Commit', 'EvaluateScript',
  'v8.evaluateModule', 'v8.compile', 'v8.wasm.compileConsume', 'v8.wasm.streamFromResponseCallback', 'FunctionCall',
  'TimerFire', 'FireAnimationFrame', 'ResourceReceivedData', 'ResourceFinish', 'HitTest', 'ScheduleStyleRecalculation'];
const { server, base } = await serveDist(resolve(process.argv[2] ?? DIST));
const browser = await launchBrowser();
for (let run = 0; run < Number(process.argv[3] ?? 3); run += 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'loading', 'v8', 'disabled-by-default-devtools.timeline', 'cc', 'gpu', 'viz', 'disabled-by-default-devtools.timeline.frame', 'benchmark', 'fonts'] });
  await page.goto(base);
  await page.waitForTimeout(1500);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  const fcp = traceEvents.find((e) => e.name === 'firstContentfulPaint');
  const main = { pid: fcp.pid, tid: traceEvents.find((e) => e.name === 'thread_name' && e.pid === fcp.pid && e.args.name === 'CrRendererMain').tid };
  // The main frame's document request: close to navigation start (which the trace lacks).
  const t0 = traceEvents.find((e) => e.pid === main.pid && e.name === 'ResourceSendRequest' && e.args.data.resourceType === 'Document').ts;
  console.log(`run ${run}: FCP at ${((fcp.ts - t0) / 1000).toFixed(1)} ms`);
  const at = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(7);
  const shown = traceEvents.filter((e) => e.ts >= t0 - 5000 && e.ts <= fcp.ts + 5000 && (
    (e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && NAMES.includes(e.name) && e.dur > 300) ||
    (e.pid === main.pid && e.tid !== main.tid && e.ph === 'X' && e.dur > 2000) ||
    (e.pid !== main.pid && /Frame|Swap|Draw|Present|BeginFrame/.test(e.name) && e.ph === 'X' && e.dur > 200)
  )).sort((a, b) => a.ts - b.ts);
  const threads = Object.fromEntries(traceEvents.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  if (run > 0) for (const e of shown) {
    const where = e.pid === main.pid && e.tid === main.tid ? '' : `[${threads[`${e.pid}:${e.tid}`] ?? e.tid}] `;
    console.log(`  ${at(e.ts)} +${(e.dur / 1000).toFixed(1).padStart(6)} ${where}${e.name} ${e.args?.data?.url ?? e.args?.data?.functionName ?? ''}`.slice(0, 170));
  }
  await context.close();
}
await browser.close();
server.close();
