// The weight of a built page: each file of a dist folder raw, gzip- and Brotli-compressed (what
// a course site's server sends, when it compresses). Shared by size-report.mjs and perf-report.mjs.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { COMPRESSED } from '../../scripts/precompress.mjs';

/** The one-file copy of the app (scripts/offline-file.mjs): an alternative to the page, not part of it. */
export const OFFLINE_FILE = 'kafka-lab-offline.html';

/**
 * `{ name, raw, gzip, brotli }` (bytes) for every file of `dir`, by name, but the pre-compressed
 * copies (scripts/precompress.mjs: the same files again).
 */
export async function weigh(dir) {
  const files = [];
  for (const name of (await readdir(dir)).sort()) {
    if (COMPRESSED.test(name)) continue;
    const body = await readFile(join(dir, name));
    files.push({
      name,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return files;
}

/** The sum of `files`' raw, gzip and Brotli sizes. */
export function total(files) {
  const sum = (key) => files.reduce((n, f) => n + f[key], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** What a browser can load for the page: every file but the offline copy. */
export const pageFiles = (files) => files.filter((f) => f.name !== OFFLINE_FILE);

/**
 * The modules loaded later (src/shell.rs), `<name>-<hash>.js` and its wasm: the app module (every
 * page but home and the playground), loaded after the home view is shown or, in place of the shell,
 * when a link opens one of its pages, and the playground module, loaded when the playground is opened.
 */
export const LATER_MODULES = ['kafka-lab-app', 'kafka-lab-playground'];

/** Whether `f` is one of the files of the later module `name`. */
const ofModule = (name) => (f) => f.name.startsWith(`${name}-`) || f.name.startsWith(`${name}.`) || f.name.startsWith(`${name}_`);

export const isLater = (f) => LATER_MODULES.some((name) => ofModule(name)(f));

/** What a browser loads for home: the HTML (the home view prerendered in it), then the shell once it is painted. */
export const initialFiles = (files) => pageFiles(files).filter((f) => !isLater(f));

/** What it loads later, when it is needed. */
export const laterFiles = (files) => pageFiles(files).filter(isLater);

/**
 * What a browser loads to show one page of each later module: `[{ what, files }]`. Opened from
 * home, the page as it loads (the HTML and the shell) plus that module (a lesson: the app module;
 * the playground: the playground module); opened by a link or an embed on its own route, the HTML
 * (its CSS inline) and that module, never the shell (scripts/prerender.mjs).
 */
export const pagesByModule = (files) => {
  const html = initialFiles(files).filter((f) => f.name === 'index.html');
  const app = pageFiles(files).filter(ofModule('kafka-lab-app'));
  const playground = pageFiles(files).filter(ofModule('kafka-lab-playground'));
  return [
    { what: 'a lesson or the quiz from home (initial + app module)', files: [...initialFiles(files), ...app] },
    { what: 'a lesson, the quiz, an embed by a link (HTML, app module)', files: [...html, ...app] },
    { what: 'the playground from home (initial + playground module)', files: [...initialFiles(files), ...playground] },
    { what: 'the playground by a link (HTML, playground module)', files: [...html, ...playground] },
  ];
};

export const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
