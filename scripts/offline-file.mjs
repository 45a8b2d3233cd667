// Writes kafka-lab-offline.html beside the built index.html: the same page (its CSS is inline
// already: index.html) with its JavaScript glue and its wasm modules inlined (the home view's,
// and the app and playground modules that index.html's window.kafkaLab loads later: src/shell.rs),
// so that one file works from file:// without a single request (an LMS upload, an e-mail
// attachment, a classroom without internet). As the page does, it starts the home view's module
// on home only, and on any other route the module that holds it (scripts/prerender.mjs).
//
// scripts/post-build.mjs runs it after every release build (Trunk's post_build hook), after the
// home view is prerendered into index.html, so the file shows it at once too.
// It reads the index.html Trunk generated (and scripts/prerender.mjs rewrote), so it follows
// renamed, hashed files by itself; if Trunk's page ever takes another shape, it stops with an
// error naming what it did not find rather than write a file that would fetch something.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OFFLINE_FILE = 'kafka-lab-offline.html';

/** `pattern`'s first match in `text`, or an error saying which part of the page is missing. */
function find(text, pattern, what) {
  const match = text.match(pattern);
  if (!match) throw new Error(`offline file: ${what} not found (pattern ${pattern})`);
  return match;
}

/** The built page in `dir` as one self-contained HTML text. */
async function offlinePage(dir) {
  const read = (name, encoding) => readFile(join(dir, name), encoding);
  let html = await read('index.html', 'utf8');

  // Each module's wasm travels as base64 text in a script element that never runs, and reaches
  // wasm-bindgen's init as bytes, never as a URL.
  const wasmElement = async (id, file) =>
    `<script id="${id}" type="application/octet-stream">${(await read(file)).toString('base64')}</script>`;
  // Each glue (an ES module) becomes a data: URL to import: the page's own bytes (a module cannot
  // be imported from a script element).
  const glueUrl = async (file) => `data:text/javascript;base64,${(await read(file)).toString('base64')}`;
  const bytes = [
    '<script>',
    'function kafkaLabBytes(id) {',
    '  const text = document.getElementById(id).textContent;',
    '  return Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));',
    '}',
    '</script>',
  ].join('\n');

  // Each module's start, `import('./x.js'), './x_bg.wasm'`, in index.html's window.kafkaLab (the
  // later modules) and in Trunk's loader as scripts/prerender.mjs rewrote it (the shell, on home
  // only): its glue a data: URL, imported when the module starts, and its wasm bytes read from a
  // script element that comes before both scripts.
  const elements = [];
  const inlineModules = async (script, what) => {
    const starts = [...script.matchAll(/import\('\.\/([^']+)\.js'\), '\.\/([^']+\.wasm)'/g)];
    if (!starts.length) throw new Error(`offline file: ${what} starts no module`);
    let text = script;
    for (const [start, name, wasm] of starts) {
      const glue = await glueUrl(`${name}.js`);
      const id = `${name}-wasm`;
      elements.push(await wasmElement(id, wasm));
      text = text.replace(start, () => `import('${glue}'), kafkaLabBytes('${id}')`);
    }
    return text;
  };
  const appLoader = find(html, /<script>(\s*\/\/ The app modules' loader[\s\S]*?)<\/script>/, "the app modules' loader");
  const loader = find(html, /<script type="module">([\s\S]*?)<\/script>/, "Trunk's loader script");
  const appText = await inlineModules(appLoader[1], "the app modules' loader");
  const shellText = await inlineModules(loader[1], "Trunk's loader");
  html = html
    .replace(appLoader[0], () => [...elements, bytes, '<script>', appText, '</script>'].join('\n'))
    .replace(loader[0], () => `<script type="module">${shellText}</script>`);

  const left = html.match(/(?:href|src)="\.\/[^"]*"|'\.\/[^']*'/);
  if (left) throw new Error(`offline file: the page still refers to a file: ${left[0]}`);
  return html;
}

/** Writes the offline file into `dir`, beside the built index.html. */
export async function writeOfflineFile(dir) {
  const html = await offlinePage(dir);
  await writeFile(join(dir, OFFLINE_FILE), html);
  console.log(`offline file: wrote ${join(dir, OFFLINE_FILE)} (${(html.length / 1024).toFixed(1)} KiB)`);
}
