// Writes kafka-lab-offline.html beside the built index.html: the same page (its CSS is inline
// already: index.html) with its JavaScript glue and its wasm modules inlined (the home view's,
// and the app and playground modules that index.html's window.kafkaLab loads later: src/shell.rs),
// so that one file works from file:// without a single request (an LMS upload, an e-mail
// attachment, a classroom without internet). As the page does, it starts the home view's module
// on home only, and on any other route the module that holds it (scripts/prerender.mjs).
//
// scripts/post-build.mjs runs it after every release build (Trunk's post_build hook), after the
// home view is prerendered into index.html, so the file shows it at once too.
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

  // Preloads of the glue and the wasm would be requests: they go.
  html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');

  // Each module's wasm travels as base64 text in a script element that never runs, and reaches
  // wasm-bindgen's init as bytes, never as a URL.
  const wasmElement = async (id, file) =>
    `<script id="${id}" type="application/octet-stream">${(await read(file)).toString('base64')}</script>`;
  const bytes = [
    '<script>',
    'function kafkaLabBytes(id) {',
    '  const text = document.getElementById(id).textContent;',
    '  return Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));',
    '}',
    '</script>',
  ].join('\n');

  // The later modules' loader (index.html's window.kafkaLab): for each module,
  // `import('./x.js'), './x_bg.wasm'`. Each glue, imported when the student opens one of its
  // pages, becomes a data: URL (the page's own bytes: a module cannot be imported from a script
  // element), and each wasm bytes read from a script element.
  const appLoader = find(html, /<script>(\s*\/\/ The app modules' loader[\s\S]*?)<\/script>/, "the app modules' loader");
  const modules = [...appLoader[1].matchAll(/import\('\.\/([^']+)\.js'\), '\.\/([^']+\.wasm)'/g)];
  if (!modules.length) throw new Error("offline file: the app modules' loader loads no module");
  let loaderText = appLoader[1];
  const elements = [];
  for (const [call, name, wasm] of modules) {
    const glueUrl = `data:text/javascript;base64,${(await read(`${name}.js`)).toString('base64')}`;
    const id = `${name}-wasm`;
    elements.push(await wasmElement(id, wasm));
    loaderText = loaderText.replace(call, () => `import('${glueUrl}'), kafkaLabBytes('${id}')`);
  }
  const appScript = [...elements, bytes, '<script>', loaderText, '</script>'].join('\n');
  html = html.replace(appLoader[0], () => appScript);

  // Trunk's loader: `import init, * as bindings from './x.js'; ... init({ module_or_path: './x_bg.wasm' })`
  // (on home only: scripts/prerender.mjs).
  const loader = find(html, /<script type="module">([\s\S]*?)<\/script>/, "Trunk's loader script");
  const glueImport = find(loader[1], /import init, \* as bindings from '\.\/([^']+\.js)';/, 'the import of the JS glue');
  const wasmPath = find(loader[1], /module_or_path: '\.\/([^']+\.wasm)'/, 'the wasm path');
  // wasm-bindgen's glue is an ES module; in an inline module script nothing can import it, so
  // its export line goes and the loader, in a block of its own (the glue has a `wasm` too),
  // gets the two names it imported.
  const glue = inlinable(await read(glueImport[1], 'utf8'), 'script', glueImport[1]);
  const exportLine = find(glue, /^export \{ initSync, __wbg_init as default \};$/m, "the glue's export line");
  const script = [
    await wasmElement('kafka-lab-wasm', wasmPath[1]),
    '<script type="module">',
    glue.replace(exportLine[0], ''),
    '{',
    'const init = __wbg_init;',
    'const bindings = { initSync, default: __wbg_init };',
    loader[1].replace(glueImport[0], '').replace(wasmPath[0], "module_or_path: kafkaLabBytes('kafka-lab-wasm')"),
    '}',
    '</script>',
  ].join('\n');
  html = html.replace(loader[0], () => script);

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
