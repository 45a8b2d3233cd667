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
// Until the copy's first paint is on screen, nothing else competes with it for the CPU: Trunk's
// loader starts the shell's wasm only then (index.html's kafkaLab.shellStart), and the exercise
// index's parts out of the viewport are skipped altogether (styles/main.css, `data-first-paint`).
//
// The shell is for home only: on any other route (a link, an embed: index.html's kafkaLab.direct)
// Trunk's wasm preload and loader leave it alone, and the page loads the module that holds it at
// once (kafkaLab.openDirect), without fetching, compiling and mounting the shell first
// (shellOnHomeOnly).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

const LANGS = ['zh-TW', 'en'];

/**
 * Runs before parsing goes on: keeps one copy, or none, and shows it. Until its first paint, the
 * copy's parts (of the exercise index) out of the viewport are skipped (styles/main.css): a
 * ResizeObserver runs after the first layout and before its paint, so it marks the parts that
 * are in the viewport, and that frame lays them out and paints them.
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
      for (const part of kept.querySelectorAll('.part')) {
        if (part.getBoundingClientRect().top < innerHeight) part.dataset.inView = '';
      }
    }).observe(kept);
    window.kafkaLab.afterPaint(() => delete kept.dataset.firstPaint);
  })();
</script>`;

/** The part of Trunk's loader that instantiates the shell's wasm. */
const SHELL_START = 'const wasm = await init(';

/**
 * Makes Trunk's loader wait for index.html's kafkaLab.shellStart() (the prerendered copy's first
 * paint) before it instantiates the shell: compiling the wasm on the way to the first paint would
 * compete with it for the CPU. The glue and the wasm are still fetched at once (their preloads).
 */
function deferShellStart(html) {
  if (html.split(SHELL_START).length !== 2) throw new Error(`prerender: no single "${SHELL_START}" (Trunk's loader) in index.html`);
  return html.replace(SHELL_START, () => `await window.kafkaLab.shellStart();\n${SHELL_START}`);
}

/** `pattern`'s (global) only match in `text`, or an error saying what of Trunk's page is missing. */
function single(text, pattern, what) {
  const matches = [...text.matchAll(pattern)];
  if (matches.length !== 1) throw new Error(`prerender: ${matches.length} matches of ${what} (${pattern}) in index.html, not one`);
  return matches[0];
}

/**
 * Leaves the shell to home: a page opened on any other route (a link, an embed:
 * index.html's kafkaLab.direct) never fetches its wasm, and loads and mounts the module that
 * holds it at once instead (kafkaLab.openDirect). Trunk's preload of the shell's wasm becomes a
 * template that a script right after index.html's loader (which comes before the stylesheet)
 * adds to the head on home only, so the fetch starts as early as the preload scanner would start
 * it; the rest of Trunk's loader runs on home only. Its static import of the glue stays (6 KiB
 * gzip on the other pages): made a dynamic import on home only, it cost the home view's first
 * paint a tenth (perf report, 30 paired loads).
 */
function shellOnHomeOnly(html) {
  const wasmPreload = single(html, /<link rel="preload" [^>]*as="fetch"[^>]*>/g, "Trunk's preload of the shell's wasm");
  const loader = single(html, /<script type="module">([\s\S]*?)<\/script>/g, "Trunk's loader");
  const glueImport = single(loader[1], /import init, \* as bindings from '\.\/[^']+\.js';/g, "Trunk's import of the shell's glue");
  const appLoader = single(html, /<script>\s*\/\/ The app modules' loader[\s\S]*?<\/script>/g, "index.html's window.kafkaLab");
  if (wasmPreload.index < appLoader.index) throw new Error("prerender: Trunk's preload of the shell's wasm comes before index.html's window.kafkaLab");
  const route = [
    '<template id="kafka-lab-shell-preload">',
    wasmPreload[0],
    '</template>',
    '<script>',
    "  // On home, the shell's wasm preload; on any other page, its own module (scripts/prerender.mjs).",
    '  if (window.kafkaLab.direct) window.kafkaLab.openDirect();',
    "  else document.head.append(document.getElementById('kafka-lab-shell-preload').content);",
    '</script>',
  ].join('\n');
  const shell = [
    glueImport[0],
    '// On home only (scripts/prerender.mjs): any other page loads its own module (kafkaLab.openDirect).',
    'if (!window.kafkaLab.direct) {',
    loader[1].replace(glueImport[0], '').trim(),
    '}',
  ].join('\n');
  return html
    .replace(wasmPreload[0], '')
    .replace(appLoader[0], () => `${appLoader[0]}\n${route}`)
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
    const page = shellOnHomeOnly(deferShellStart(html)).replace('<body>', () => `<body>\n${copies.join('\n')}\n${PICKER}`);
    await writeFile(file, page);
    console.log(`prerender: the home view (${LANGS.join(', ')}) is in ${file}`);
  } finally {
    await browser.close();
    server.close();
  }
}
