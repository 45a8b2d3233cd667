// Prints the size of the built page's files, raw and compressed (what a course site serves):
// what loads for home (the HTML, then the shell once its view is painted), what loads later (every page but home: the app
// module and the playground module), what one page of each needs (opened from home: with the
// shell; opened by a link or an embed: the HTML and its module), the total (the offline copy
// apart: nobody loads both) and the budget. A figure to watch, not a test: issue 15 sets the
// page (wasm + JS + CSS + HTML) at 200 KiB gzip at most, with every lesson and both languages:
// judged for the page as it loads, for one page of each module and for every page.
import { OFFLINE_FILE, initialFiles, kib, laterFiles, pageFiles, pagesByModule, total, weigh } from './weight.mjs';

const BUDGET_GZIP = 200 * 1024;
const files = await weigh(process.argv[2] ?? 'dist');
const row = (name, f) => console.log(`${name.padEnd(44)} ${kib(f.raw).padStart(12)} ${kib(f.gzip).padStart(12)} ${kib(f.brotli).padStart(12)}`);
console.log('file'.padEnd(44), 'raw'.padStart(12), 'gzip'.padStart(12), 'brotli'.padStart(12));
console.log('home: the HTML, then the shell once it is painted (initial):');
for (const f of initialFiles(files)) row(`  ${f.name}`, f);
const initial = total(initialFiles(files));
row('  initial total', initial);
console.log('later, when another page is opened (lazy):');
for (const f of laterFiles(files)) row(`  ${f.name}`, f);
row('  lazy total', total(laterFiles(files)));
row('page total (initial + lazy)', total(pageFiles(files)));
const offline = files.find((f) => f.name === OFFLINE_FILE);
if (offline) row(`${OFFLINE_FILE} (one file)`, offline);
const budgets = [
  ['the page as it loads', initial],
  ...pagesByModule(files).map(({ what, files: loaded }) => [what, total(loaded)]),
  ['every page (initial + lazy)', total(pageFiles(files))],
];
for (const [what, weight] of budgets) {
  const over = weight.gzip - BUDGET_GZIP;
  console.log(over > 0
    ? `OVER BUDGET: ${what} is ${kib(weight.gzip)} gzip, ${kib(over)} over the budget of ${kib(BUDGET_GZIP)}`
    : `within budget: ${what} is ${kib(weight.gzip)} gzip of ${kib(BUDGET_GZIP)}`);
}
