// Prints the size of the built page's files, raw and gzip-compressed (what a course site
// serves), and the total. A figure to watch, not a test: the page should stay under ~250 KiB gzip.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let raw = 0;
let gz = 0;
console.log('file'.padEnd(44), 'raw'.padStart(12), 'gzip'.padStart(12));
for (const name of (await readdir(dir)).sort()) {
  const body = await readFile(join(dir, name));
  const zipped = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += zipped;
  console.log(`${name.padEnd(44)} ${kib(body.length).padStart(12)} ${kib(zipped).padStart(12)}  ${extname(name)}`);
}
console.log('total'.padEnd(44), kib(raw).padStart(12), kib(gz).padStart(12));
