// Writes kafka-lab-offline.html beside the built index.html: the same page with its CSS, its
// JavaScript glue and its wasm inlined, so that one file works from file:// without a single
// request (an LMS upload, an e-mail attachment, a classroom without internet).
//
// Trunk runs it after every release build (a post_build hook in Trunk.toml: it then writes into
// TRUNK_STAGING_DIR, which Trunk moves to dist/); by hand: `node scripts/offline-file.mjs DIST`.
// It reads the index.html Trunk generated, so it follows renamed, hashed files by itself; if
// Trunk's page ever takes another shape, it stops with an error naming what it did not find
// rather than write a file that would fetch something.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OFFLINE_FILE = 'kafka-lab-offline.html';

/** `pattern`'s first match in `text`, or an error saying which part of the page is missing. */
function find(text, pattern, what) {
  const match = text.match(pattern);
  if (!match) throw new Error(`offline file: ${what} not found (pattern ${pattern})`);
  return match;
}

/** Fails if `body` would end the inline element it is put in. */
function inlinable(body, tag, file) {
  if (body.toLowerCase().includes(`</${tag}`)) {
    throw new Error(`offline file: ${file} contains "</${tag}" and cannot be inlined`);
  }
  return body;
}

/** The built page in `dir` as one self-contained HTML text. */
async function offlinePage(dir) {
  const read = (name, encoding) => readFile(join(dir, name), encoding);
  let html = await read('index.html', 'utf8');

  // The stylesheet link (with its integrity hash) becomes a <style> element.
  const css = find(html, /<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>/, 'the stylesheet link');
  const style = inlinable(await read(css[1], 'utf8'), 'style', css[1]);
  html = html.replace(css[0], () => `<style>\n${style}</style>`);

  // Preloads of the glue and the wasm would be requests: they go.
  html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');

  // Trunk's loader: `import init, * as bindings from './x.js'; ... init({ module_or_path: './x_bg.wasm' })`.
  const loader = find(html, /<script type="module">([\s\S]*?)<\/script>/, "Trunk's loader script");
  const glueImport = find(loader[1], /import init, \* as bindings from '\.\/([^']+\.js)';/, 'the import of the JS glue');
  const wasmPath = find(loader[1], /module_or_path: '\.\/([^']+\.wasm)'/, 'the wasm path');
  // wasm-bindgen's glue is an ES module; in an inline module script nothing can import it, so
  // its export line goes and the loader, in a block of its own (the glue has a `wasm` too),
  // gets the two names it imported.
  const glue = inlinable(await read(glueImport[1], 'utf8'), 'script', glueImport[1]);
  const exportLine = find(glue, /^export \{ initSync, __wbg_init as default \};$/m, "the glue's export line");
  const wasm = (await read(wasmPath[1])).toString('base64');
  // The wasm travels as base64 text in a script element that never runs, and reaches
  // wasm-bindgen's init as bytes: nothing is fetched, not even a data: URL.
  const script = [
    `<script id="kafka-lab-wasm" type="application/octet-stream">${wasm}</script>`,
    '<script type="module">',
    glue.replace(exportLine[0], ''),
    '{',
    'const init = __wbg_init;',
    'const bindings = { initSync, default: __wbg_init };',
    "const wasmBase64 = document.getElementById('kafka-lab-wasm').textContent;",
    'const wasmBytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(wasmBase64) : Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));',
    loader[1].replace(glueImport[0], '').replace(wasmPath[0], 'module_or_path: wasmBytes'),
    '}',
    '</script>',
  ].join('\n');
  html = html.replace(loader[0], () => script);

  const left = html.match(/(?:href|src)="\.\/[^"]*"/);
  if (left) throw new Error(`offline file: the page still refers to a file: ${left[0]}`);
  return html;
}

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/offline-file.mjs DIST (or run by Trunk as a post_build hook)');
  process.exit(2);
}
if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
  // A debug build's wasm is tens of MB: the dev server goes without the file.
  console.log(`offline file: skipped in a ${process.env.TRUNK_PROFILE} build`);
} else {
  const html = await offlinePage(dir);
  await writeFile(join(dir, OFFLINE_FILE), html);
  console.log(`offline file: wrote ${join(dir, OFFLINE_FILE)} (${(html.length / 1024).toFixed(1)} KiB)`);
}
