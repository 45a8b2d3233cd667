// The end-to-end harness: serves the built site from dist/ on 127.0.0.1 under a sub-path (as a
// course site would host it), opens it in Debian's headless Chromium through playwright-core,
// and records everything that must not happen: console errors, page errors, failed requests,
// requests that leave the page's origin, and HTTP errors.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built site: dist/, or the directory named by KAFKA_LAB_DIST (a build of one's own). */
export const DIST = resolve(process.env.KAFKA_LAB_DIST ?? join(ROOT, 'dist'));
export const SHOTS = join(ROOT, 'out', 'e2e');
/** The sub-path the site is served under, to prove that relative URLs work anywhere. */
export const SUB_PATH = '/courses/ak03/kafka-lab/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/**
 * Serves `dir` (dist/ unless told) under SUB_PATH on an ephemeral port of 127.0.0.1; resolves to
 * its base URL.
 */
export async function serveDist(dir = DIST) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end();
      return;
    }
    const rel = path.slice(SUB_PATH.length) || 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}${SUB_PATH}` };
}

/** Launches headless Chromium with the flags this machine's closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a fresh page (own storage) that records problems in `page.problems`. `options` are
 * playwright context options (e.g. a phone viewport).
 */
export async function openPage(browser, base, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const origin = new URL(base).origin;
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) {
      problems.push(`request leaves the origin: ${url}`);
    }
  });
  // A request the page itself abandons (a reload or a navigation while the app module is still
  // being fetched after the home view: src/shell.rs) is no failure; a missing file is an HTTP error.
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.problems = problems;
  return page;
}

/**
 * Saves a screenshot of a page (the whole page) or of a locator (that element) as
 * out/e2e/NAME.png, with transitions finished, and returns its path.
 */
export async function screenshot(target, name) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  const options = { path, animations: 'disabled' };
  await target.screenshot('goto' in target ? { ...options, fullPage: true } : options);
  return path;
}

/** The texts of all elements matching `selector`, in document order. */
export function texts(page, selector) {
  return page.locator(selector).allTextContents();
}

/**
 * Registers the test file's set-up and tear-down: the site served from dist/ and one browser.
 * The returned object holds `base` (the site's URL) and `browser` once the tests run.
 */
export function useSite() {
  const site = {};
  before(async () => {
    Object.assign(site, await serveDist());
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}
