// The embed view in a course page on another origin: the page pastes the code the "embed
// code" dialog gives (an exercise at a moment, and a quiz), and the frames show the page
// without the site's header, as wide as the iframe; their height messages arrive and the
// pasted script sizes each iframe; the finished quiz posts its result; no request leaves the
// app's origin. The dialog is an accessible modal (labelled, focus kept in it, Escape closes),
// and axe-core finds no serious or critical violation in the embed view or the dialog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LAPTOP = { viewport: { width: 1366, height: 900 } };

/** The serious and critical violations axe-core finds in `frame` (a page or a frame). */
async function violations(frame) {
  await frame.addScriptTag({ content: AXE });
  const found = await frame.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Opens the embed dialog on `page`, checks it as a modal, and resolves to its code. */
async function embedCode(page, lang) {
  const opener = page.getByTestId('embed-open');
  await opener.click();
  const dialog = page.getByTestId('embed-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((el) => el.open && el.matches(':modal')), true);
  const title = await dialog.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent);
  assert.equal(title, lang === 'en' ? 'Embed in a course page' : '嵌入課程網頁');
  // Tab and Shift+Tab keep to the dialog.
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await dialog.evaluate((el) => el.contains(document.activeElement)), true, key);
  }
  const found = await violations(page);
  assert.deepEqual(found, [], JSON.stringify(found, null, 1));
  const code = await page.getByTestId('embed-code').inputValue();
  await page.getByTestId('embed-copy').click();
  await page.getByTestId('embed-copy-status').locator('span').first().waitFor();
  await screenshot(page, `embed-dialog-${lang}`);
  // Escape closes it, and the focus is back on its button.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await opener.evaluate((el) => el === document.activeElement), true);
  return code;
}

/** A course page on its own origin (another port), holding `body` as written. */
async function coursePage(body) {
  const server = createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ak03 course page</title><link rel="icon" href="data:,">
<style>body { margin: 0 auto; max-width: 1000px; font-family: sans-serif; }</style></head>
<body><h1>ak03: consumer groups</h1>
<script>
  window.received = [];
  addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data,
    frame: [...document.querySelectorAll('iframe')].findIndex((f) => f.contentWindow === e.source) }));
</script>
${body}
</body></html>`);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

for (const lang of ['zh', 'en']) {
  test(`a course page on another origin embeds an exercise at a moment and a quiz (${lang})`, async () => {
    // The teacher: the moment and the quiz, and their embed codes.
    const teacher = await openPage(site.browser, site.base, LAPTOP);
    await teacher.goto(`${site.base}#/exercise/producer-03-async`);
    await teacher.getByTestId('step-through').waitFor();
    if (lang === 'en') await teacher.getByTestId('lang-en').click();
    await teacher.getByTestId('key-moment').click();
    const clock = await teacher.getByTestId('clock').textContent();
    const console = await teacher.locator('[data-testid^="console-"]').allInnerTexts();
    const exerciseCode = await embedCode(teacher, lang);
    assert.match(exerciseCode, /^<iframe src="[^"]+#\/embed\/exercise\/producer-03-async\?at=\d+&amp;seq=\d+&amp;lang=(zh-TW|en)" title="[^"]+" loading="lazy" style="width:100%;border:0"><\/iframe>\n<script>/);
    await teacher.goto(`${site.base}#/quiz?part=producer-json&seed=3`);
    await teacher.getByTestId('quiz-run').waitFor();
    const quizCode = await embedCode(teacher, lang);
    assert.match(quizCode, /#\/embed\/quiz\?part=producer-json&amp;seed=3&amp;lang=/);
    assert.deepEqual(teacher.problems, []);

    // The course page, on its own origin, with both codes pasted.
    const course = await coursePage(`${exerciseCode}\n<p>And now the quiz:</p>\n${quizCode}`);
    const appOrigin = new URL(site.base).origin;
    const context = await site.browser.newContext(LAPTOP);
    try {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
      page.on('request', (req) => {
        const origin = new URL(req.url()).origin;
        const fromParent = req.frame() === page.mainFrame() && req.resourceType() === 'document';
        if (!req.url().startsWith('data:') && origin !== appOrigin && !(fromParent && origin === new URL(course.url).origin)) {
          problems.push(`request leaves the app's origin: ${req.url()}`);
        }
      });
      await page.goto(course.url);
      const [exercise, quiz] = [page.frameLocator('iframe').nth(0), page.frameLocator('iframe').nth(1)];
      await exercise.getByTestId('step-through').waitFor();
      await quiz.getByTestId('quiz-run').waitFor();
      // Without the site around them.
      for (const frame of [exercise, quiz]) {
        assert.equal(await frame.locator('header').count(), 0);
        assert.equal(await frame.getByTestId('embed').count(), 1);
      }
      assert.equal(await quiz.getByTestId('quiz-bank').count(), 0);
      // The moment, as the teacher saw it.
      assert.equal(await exercise.getByTestId('clock').textContent(), clock);
      assert.deepEqual(await exercise.locator('[data-testid^="console-"]').allInnerTexts(), console);
      // As wide as the iframe, which is as wide as the course page's column.
      const widths = await page.locator('iframe').evaluateAll((frames) => frames.map((f) => f.getBoundingClientRect().width));
      assert.deepEqual(widths, [1000, 1000]);
      const mainWidth = await exercise.getByTestId('embed').evaluate((el) => [el.getBoundingClientRect().width, innerWidth]);
      assert.equal(mainWidth[0], mainWidth[1]);
      // Heights arrive, and the pasted script sized each iframe to the last one.
      await page.waitForFunction(() => [0, 1].every((i) => window.received.some((m) => m.frame === i && m.data.type === 'kafka-lab:height')));
      const sized = async () => page.evaluate(() => [0, 1].map((i) => {
        const last = window.received.filter((m) => m.frame === i && m.data.type === 'kafka-lab:height').at(-1);
        return { origin: last.origin, height: last.data.height, iframe: document.querySelectorAll('iframe')[i].getBoundingClientRect().height };
      }));
      for (const { origin, height, iframe } of await sized()) {
        assert.equal(origin, appOrigin);
        assert.ok(height > 300, `${height}`);
        assert.equal(iframe, height);
      }
      // The frame shows all of its content: no scroll inside it.
      assert.equal(await exercise.locator('html').evaluate((el) => el.scrollHeight <= innerHeight), true);
      await page.locator('iframe').nth(0).screenshot({ path: `out/e2e/embed-exercise-${lang}.png` });

      // A height change is reported: opening a quiz question grows the quiz.
      const before = (await sized())[1].height;
      const questions = quiz.locator('[data-testid="quiz-run"] [data-testid="quiz-question"]');
      const concept = questions.and(quiz.locator('[data-kind="concept"]')).first();
      await concept.getByTestId('quiz-choice').first().check();
      await concept.getByTestId('quiz-check').click();
      await concept.getByTestId('quiz-feedback').waitFor();
      // Its "see it" link opens the moment in the embed view, inside the course page.
      assert.match(await concept.getByTestId('quiz-see-it').getAttribute('href'), /^#\/embed\/exercise\/[^?]+\?step=/);
      await page.waitForFunction((h) => {
        const heights = window.received.filter((m) => m.frame === 1 && m.data.type === 'kafka-lab:height');
        return heights.at(-1).data.height > h;
      }, before);
      const [, grown] = await sized();
      assert.equal(grown.iframe, grown.height);
      await page.locator('iframe').nth(1).screenshot({ path: `out/e2e/embed-quiz-${lang}.png` });

      // The quiz's result, once every question is answered (all but one from storage).
      const answered = await concept.getAttribute('data-question');
      const items = await questions.evaluateAll((els) => els.map((el) => [el.dataset.question, el.dataset.kind]));
      const last = items.find(([id, kind]) => kind === 'concept' && id !== answered);
      const stored = items
        .filter(([id]) => id !== last[0])
        .map(([id, kind]) => `producer-json/3\t${id}\t${kind === 'concept' ? '0' : 'wrong'}`);
      const frame = page.frames().find((f) => f.url().includes('#/embed/quiz'));
      await frame.evaluate((value) => localStorage.setItem('kafka-lab.quiz.v1', value),
        ['kafka-lab quiz progress v1', ...stored].join('\n'));
      // Wait for the reloaded document, not the old one still on screen while it loads.
      await frame.evaluate(() => { window.beforeReload = true; location.reload(); });
      await frame.waitForFunction(() => !window.beforeReload && document.querySelector('[data-testid="quiz-run"]'));
      const lastQuestion = quiz.locator(`[data-question="${last[0]}"]`);
      await lastQuestion.getByTestId('quiz-choice').first().check();
      await lastQuestion.getByTestId('quiz-check').click();
      await page.waitForFunction(() => window.received.some((m) => m.data.type === 'kafka-lab:quiz-result'));
      const result = await page.evaluate(() => window.received.find((m) => m.data.type === 'kafka-lab:quiz-result'));
      assert.equal(result.origin, appOrigin);
      assert.equal(result.frame, 1);
      assert.deepEqual(result.data.quiz, { part: 'producer-json', seed: 3 });
      assert.equal(result.data.answered, items.length);

      // axe-core in the embedded exercise and quiz.
      for (const url of ['#/embed/exercise/', '#/embed/quiz']) {
        const found = await violations(page.frames().find((f) => f.url().includes(url)));
        assert.deepEqual(found, [], `${url}: ${JSON.stringify(found, null, 1)}`);
      }
      await screenshot(page, `embed-course-page-${lang}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      course.server.close();
      await teacher.context().close();
    }
  });
}

test('compact controls, and an embed link to an unknown exercise', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 720, height: 800 } });
  await page.goto(`${site.base}#/embed/exercise/consumer-01-cgroup?compact=1&lang=en`);
  await page.getByTestId('step-through').waitFor();
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(await page.getByTestId('speed-1').isVisible(), false);
  assert.equal(await page.getByTestId('share-bar').count(), 0, 'the course page around it shares');
  assert.equal(await page.locator('.breadcrumbs').count(), 0);
  await screenshot(page, 'embed-compact-en');
  await page.goto(`${site.base}#/embed/exercise/no-such-exercise`);
  await page.getByTestId('link-note').waitFor();
  assert.equal(await page.locator('header').count(), 0);
  // The exercises it offers open in the embed view too: never the site inside the frame.
  const offered = page.getByTestId('exercise-link-producer-02-sync');
  assert.equal(await offered.getAttribute('href'), '#/embed/exercise/producer-02-sync');
  await offered.click();
  await page.getByTestId('step-through').waitFor();
  assert.equal(await page.locator('header').count(), 0);
  assert.deepEqual(page.problems, []);
});
