// Prints the size of the built page's files, raw and compressed (what a course site serves),
// the page's total (the offline copy apart: nobody loads both) and the budget. A figure to
// watch, not a test: issue 15 sets the page (wasm + JS + CSS + HTML) at 200 KiB gzip at most.
import { OFFLINE_FILE, kib, pageFiles, total, weigh } from './weight.mjs';

const BUDGET_GZIP = 200 * 1024;
const files = await weigh(process.argv[2] ?? 'dist');
const row = (name, f) => console.log(`${name.padEnd(44)} ${kib(f.raw).padStart(12)} ${kib(f.gzip).padStart(12)} ${kib(f.brotli).padStart(12)}`);
console.log('file'.padEnd(44), 'raw'.padStart(12), 'gzip'.padStart(12), 'brotli'.padStart(12));
for (const f of pageFiles(files)) row(f.name, f);
const page = total(pageFiles(files));
row('page total', page);
const offline = files.find((f) => f.name === OFFLINE_FILE);
if (offline) row(`${OFFLINE_FILE} (one file)`, offline);
const over = page.gzip - BUDGET_GZIP;
console.log(over > 0
  ? `OVER BUDGET: the page is ${kib(page.gzip)} gzip, ${kib(over)} over the budget of ${kib(BUDGET_GZIP)}`
  : `within budget: ${kib(page.gzip)} gzip of ${kib(BUDGET_GZIP)}`);
