// Prerenders the home view into the built index.html, so that the page shows it as soon as the
// HTML is in (its CSS is inlined), before any wasm (issue 15: the home view's first render). The markup
// is the app's own first render, taken from the built page in headless Chromium, once per
// language, so it is generated from the same catalog data and never written by hand. The shell
// (src/shell.rs) removes it and renders the same view in its place when its wasm has started.
//
// In the page, a small script keeps the stored language's copy (the app's `kafka-lab.lang`) and
// only on the home route (as Route::parse reads it: the hash without '#' and trailing '/' is
// empty); on any other page, an embed above all, it removes both. The copies' buttons are
// disabled: they act only once the app runs. Links work at once (the shell reads the route).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

const LANGS = ['zh-TW', 'en'];

/** Runs before parsing goes on: keeps one copy, or none, and shows it. */
const PICKER = `<script>
  (() => {
    const home = location.hash.replace(/^#/, '').replace(/\\/+$/, '') === '';
    let stored = null;
    try { stored = localStorage.getItem('kafka-lab.lang'); } catch {}
    const keep = home ? (stored === 'en' ? 'en' : 'zh-TW') : null;
    for (const copy of document.querySelectorAll('[data-prerendered]')) {
      if (copy.lang === keep) copy.hidden = false;
      else copy.remove();
    }
    if (keep) document.documentElement.lang = keep;
  })();
</script>`;

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
    await writeFile(file, html.replace('<body>', () => `<body>\n${copies.join('\n')}\n${PICKER}`));
    console.log(`prerender: the home view (${LANGS.join(', ')}) is in ${file}`);
  } finally {
    await browser.close();
    server.close();
  }
}
