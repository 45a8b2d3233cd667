// Prerenders the home view into the built index.html, so that the page shows it as soon as the
// HTML is in (its CSS is inlined), before any wasm (issue 15: the home view's first render). The markup
// is the app's own first render, taken from the built page in headless Chromium, once per
// language, so it is generated from the same catalog data and never written by hand. The shell
// (src/shell.rs) removes it and renders the same view in its place when its wasm has started.
//
// In the page, a small script keeps the stored language's copy (the app's `kafka-lab.lang`) and
// only on the home route (index.html's kafkaLab.direct is null: Route::parse's home); on any
// other page, an embed above all, it removes both. The copies' buttons are
// disabled: they act only once the app runs. Links work at once (the shell reads the route).
//
// Until the copy's first paint is on screen, nothing else competes with it for the CPU: the
// shell's files are fetched and its wasm started only then (index.html's kafkaLab.shellStart,
// shellAfterFirstPaint), and the exercise index's parts out of the viewport are skipped
// altogether (styles/main.css, `data-first-paint`).
//
// The shell is for home only: on any other route (a link, an embed: index.html's kafkaLab.direct)
// the page never fetches it, and loads the module that holds it at once (kafkaLab.openDirect).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

const LANGS = ['zh-TW', 'en'];

/**
 * Runs before parsing goes on: keeps one copy, or none, and shows it. Until its first paint, the
 * copy's parts (of the exercise index) out of the viewport are skipped and nothing below the
 * viewport is drawn (styles/main.css): a ResizeObserver runs after the first layout and before
 * its paint, so it marks the parts that are in the viewport and where the viewport ends, and
 * that frame lays them out and paints the viewport only.
 */
const PICKER = `<script>
  (() => {
    const home = !window.kafkaLab.direct;
    let stored = null;
    try { stored = localStorage.getItem('kafka-lab.lang'); } catch {}
    const keep = home ? (stored === 'en' ? 'en' : 'zh-TW') : null;
    let kept = null;
    for (const copy of document.querySelectorAll('[data-prerendered]')) {
      if (copy.lang === keep) kept = copy;
      else copy.remove();
    }
    if (!kept) return;
    document.documentElement.lang = keep;
    kept.dataset.firstPaint = '';
    kept.hidden = false;
    new ResizeObserver((_, observer) => {
      observer.disconnect();
      kept.style.setProperty('--first-screen', innerHeight - kept.getBoundingClientRect().top + 'px');
      for (const part of kept.querySelectorAll('.part')) {
        if (part.getBoundingClientRect().top < innerHeight) part.dataset.inView = '';
      }
    }).observe(kept);
    window.kafkaLab.afterPaint(() => delete kept.dataset.firstPaint);
  })();
</script>`;

/** `pattern`'s (global) only match in `text`, or an error saying what of Trunk's page is missing. */
function single(text, pattern, what) {
  const matches = [...text.matchAll(pattern)];
  if (matches.length !== 1) throw new Error(`prerender: ${matches.length} matches of ${what} (${pattern}) in index.html, not one`);
  return matches[0];
}

/**
 * Loads the shell after the first paint, on home only. Trunk's page preloads the shell's glue and
 * wasm and imports the glue statically: on this 2-core machine, fetching and parsing them while
 * the prerendered copy was laid out and rastered cost its first paint 8-24 ms (30 interleaved
 * cold loads, three runs: 152 -> 140, 116 -> 108, 128 -> 104 ms), and the shell could not start
 * before that paint anyway (kafkaLab.shellStart). So the preloads go, and Trunk's loader, on
 * home only, waits for kafkaLab.shellStart(), then starts the shell through kafkaLab.instantiate
 * (which fetches the wasm while it imports the glue) in place of Trunk's import and init, and
 * goes on as Trunk's loader did. A page opened on any other route (a link, an embed:
 * index.html's kafkaLab.direct) fetches neither of the shell's files: a script right after
 * index.html's loader starts the module that holds it at once (kafkaLab.openDirect).
 */
function shellAfterFirstPaint(html) {
  const preloads = [...html.matchAll(/<link rel="(?:modulepreload|preload)" [^>]*>/g)];
  if (preloads.length !== 2) throw new Error(`prerender: ${preloads.length} preloads in index.html, not Trunk's two (the shell's glue and wasm)`);
  const loader = single(html, /<script type="module">([\s\S]*?)<\/script>/g, "Trunk's loader");
  const glueImport = single(loader[1], /import init, \* as bindings from '(\.\/[^']+\.js)';/g, "Trunk's import of the shell's glue");
  const init = single(loader[1], /const wasm = await init\(\{ module_or_path: '(\.\/[^']+\.wasm)' \}\);/g, "Trunk's start of the shell's wasm");
  const appLoader = single(html, /<script>\s*\/\/ The app modules' loader[\s\S]*?<\/script>/g, "index.html's window.kafkaLab");
  const direct = [
    '<script>',
    "  // Any other page than home starts its own module at once (scripts/prerender.mjs).",
    '  if (window.kafkaLab.direct) window.kafkaLab.openDirect();',
    '</script>',
  ].join('\n');
  const shell = [
    "// On home only, once the prerendered home view is painted (scripts/prerender.mjs): any other",
    '// page loads its own module (kafkaLab.openDirect).',
    'if (!window.kafkaLab.direct) {',
    'await window.kafkaLab.shellStart();',
    `const { glue: bindings, exports: wasm } = await window.kafkaLab.instantiate(import('${glueImport[1]}'), '${init[1]}');`,
    loader[1].replace(glueImport[0], '').replace(init[0], '').trim(),
    '}',
  ].join('\n');
  let page = html;
  for (const [preload] of preloads) page = page.replace(preload, '');
  return page
    .replace(appLoader[0], () => `${appLoader[0]}\n${direct}`)
    .replace(loader[0], () => `<script type="module">\n${shell}\n</script>`);
}

/** The app's home view in `lang`, as markup: the body's elements the app rendered. */
async function homeView(browser, base, lang) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript((tag) => localStorage.setItem('kafka-lab.lang', tag), lang);
  await page.goto(base);
  await page.getByTestId('exercise-index').waitFor();
  const markup = await page.evaluate(() => {
    for (const button of document.querySelectorAll('body button')) button.disabled = true;
    return [...document.body.children]
      .filter((element) => !['SCRIPT', 'NOSCRIPT'].includes(element.tagName))
      .map((element) => element.outerHTML)
      .join('\n');
  });
  await context.close();
  return markup;
}

/** Prerenders the home view into `dir`/index.html (a page already prerendered is left alone). */
export async function prerender(dir) {
  const file = join(dir, 'index.html');
  const html = await readFile(file, 'utf8');
  // The copies' own element: the inlined stylesheet names the attribute too.
  if (html.includes('<div data-prerendered')) {
    console.log('prerender: index.html already holds the home view');
    return;
  }
  if (!html.includes('<body>')) throw new Error('prerender: no <body> in index.html');
  const { server, base } = await serveDist(resolve(dir));
  const browser = await launchBrowser();
  try {
    const copies = [];
    for (const lang of LANGS) {
      copies.push(`<div data-prerendered lang="${lang}" hidden>\n${await homeView(browser, base, lang)}\n</div>`);
    }
    const page = shellAfterFirstPaint(html).replace('<body>', () => `<body>\n${copies.join('\n')}\n${PICKER}`);
    await writeFile(file, page);
    console.log(`prerender: the home view (${LANGS.join(', ')}) is in ${file}`);
  } finally {
    await browser.close();
    server.close();
  }
}
