// The quiz page as a class uses it: a shared link fixes the quiz, a student answers it (some
// answers wrong) in both languages, reloads and finds the progress, downloads the results,
// prints a summary; damaged storage is recovered; a course page on another origin that embeds
// the quiz receives the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, openPage, screenshot, SHOTS } from './harness.mjs';

const site = useSite();

const STORAGE_KEY = 'kafka-lab.quiz.v1';
const HEADER = 'kafka-lab quiz progress v1';
const LINK = 'part=commits&seed=7';

const questions = (page) => page.locator('[data-testid="quiz-run"] [data-testid="quiz-question"]');

/** Picks the choices at `positions` (as shown) and checks the answer; resolves to its verdict. */
async function answer(question, positions) {
  const choices = question.getByTestId('quiz-choice');
  for (const position of positions) await choices.nth(position).check();
  await question.getByTestId('quiz-check').click();
  const verdict = question.getByTestId('quiz-verdict');
  await verdict.waitFor();
  return (await verdict.getAttribute('data-right')) === 'true';
}

/**
 * Answers any question: a concept question by the choices at `positions`; a predict question
 * by its first guess; a practice task by running it as it stands. Resolves to the verdict.
 */
async function answerItem(question, positions = [0]) {
  const kind = await question.getAttribute('data-kind');
  if (kind === 'concept') return answer(question, positions);
  await question.getByTestId('quiz-open').click();
  if (kind === 'predict') {
    await question.getByTestId('prediction-choice-0').check({ timeout: 60_000 });
    await question.getByTestId('prediction-answer').click();
  } else {
    await question.getByTestId('practice-run').click();
  }
  const verdict = question.getByTestId('quiz-verdict');
  await verdict.waitFor({ timeout: 60_000 });
  return (await verdict.getAttribute('data-right')) === 'true';
}

/** The shown positions of an answered question's correct choices. */
async function correctPositions(question) {
  const classes = await question.locator('.quiz-choice').evaluateAll((labels) =>
    labels.map((label) => label.classList.contains('is-correct')),
  );
  return classes.flatMap((correct, position) => (correct ? [position] : []));
}

async function score(page) {
  const el = page.getByTestId('quiz-score');
  return { score: Number(await el.getAttribute('data-score')), total: Number(await el.getAttribute('data-total')) };
}

/** Clicks a download link and returns the file's name and text. */
async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** A screenshot of what the window shows (the quiz page is long; this is what a student sees). */
async function view(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
}

async function openQuiz(page, query) {
  await page.goto(`${site.base}#/quiz${query ? `?${query}` : ''}`);
  await page.getByTestId('quiz-page').waitFor();
}

test('the header and the home page lead to the quiz; a link without a seed gets one', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  await page.getByTestId('home-quiz-link').click();
  await page.getByTestId('quiz-bank').waitFor();
  assert.equal(new URL(page.url()).hash, '#/quiz');
  assert.equal(await page.getByTestId('nav-quiz').getAttribute('href'), '#/quiz');
  // Every question of the bank is listed, grouped by part, collapsed, with its kind.
  const bank = page.locator('[data-testid="quiz-bank"] [data-question]');
  assert.ok((await bank.count()) >= 45, `${await bank.count()} questions in the bank`);
  assert.equal(await page.locator('[data-testid="quiz-bank"] details[open]').count(), 0);
  const kinds = await bank.evaluateAll((els) => els.map((el) => el.dataset.kind));
  assert.ok(kinds.includes('concept'));
  assert.ok(kinds.every((kind) => ['concept', 'predict', 'practice'].includes(kind)), kinds.join());
  assert.equal(await page.locator('.quiz-bank-part').count(), 7);
  await screenshot(page, 'quiz-bank-zh');

  await page.getByTestId('quiz-start-commits').click();
  await page.waitForFunction(() => /^#\/quiz\?part=commits&seed=\d+$/.test(location.hash));
  const hash = new URL(page.url()).hash;
  await page.getByTestId('quiz-run').waitFor();
  assert.equal(await page.getByTestId('quiz-link').textContent(), hash);
  const n = await questions(page).count();
  assert.ok(n > 5, `${n} questions on commits`);

  // The same link gives the same questions in the same order, with the same choice order.
  const order = async () => questions(page).evaluateAll((els) => els.map((el) => el.dataset.question));
  const first = await order();
  const firstChoices = await questions(page).first().locator('.quiz-choice-text').allTextContents();
  await page.reload();
  await page.getByTestId('quiz-run').waitFor();
  assert.deepEqual(await order(), first);
  assert.deepEqual(await questions(page).first().locator('.quiz-choice-text').allTextContents(), firstChoices);
  assert.deepEqual(page.problems, []);
});

test('a malformed link says what is wrong and shows the default quiz', async () => {
  const page = await openPage(site.browser, site.base);
  await openQuiz(page, 'part=kommits&seed=abc');
  const note = page.getByTestId('quiz-link-problem');
  await note.waitFor();
  const text = await note.textContent();
  assert.match(text, /kommits/);
  assert.match(text, /abc/);
  assert.equal(await page.getByTestId('quiz-run').getAttribute('data-quiz'), 'all/1');
  assert.ok((await questions(page).count()) >= 45);
  await page.getByTestId('lang-en').click();
  assert.match(await note.textContent(), /no such part/);
  await view(page, 'quiz-bad-link-en');
  // A language it cannot read is named too, and the quiz's bank shows as linked.
  await openQuiz(page, 'lang=fr');
  assert.match(await page.getByTestId('link-note').textContent(), /lang=fr/);
  await page.getByTestId('quiz-bank').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a whole quiz in both languages: wrong answers, reload, exports, reset, print', async () => {
  const page = await openPage(site.browser, site.base);
  await openQuiz(page, LINK);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('quiz-run').waitFor();
  await view(page, 'quiz-start-en');
  const total = await questions(page).count();

  // English: the first choice as shown, every time; some are right, some wrong.
  const verdicts = [];
  const keys = [];
  const kinds = await questions(page).evaluateAll((els) => els.map((el) => el.dataset.kind));
  for (let i = 0; i < total; i += 1) {
    const question = questions(page).nth(i);
    verdicts.push(await answerItem(question, [0]));
    keys.push(await correctPositions(question));
    if (i === verdicts.indexOf(false)) {
      await question.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await view(page, 'quiz-mid-wrong-en');
    }
    if (kinds[i] !== 'concept') continue;
    const feedback = question.getByTestId('quiz-feedback');
    assert.match(await feedback.textContent(), /Source:/);
    assert.match(await question.getByTestId('quiz-see-it').getAttribute('href'), /^#\/exercise\/[a-z0-9-]+\?step=[a-z-]+$/);
  }
  const right = verdicts.filter(Boolean).length;
  assert.ok(right > 0 && right < total, `${right} of ${total} right: the quiz needs both`);
  assert.deepEqual(await score(page), { score: right, total });
  assert.equal(await page.getByTestId('quiz-results').getAttribute('data-finished'), 'true');
  assert.match(await page.getByTestId('quiz-end').textContent(), new RegExp(`Quiz finished · Score: ${right} / ${total}`));
  await page.getByTestId('quiz-results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await view(page, 'quiz-results-en');

  // The progress survives a reload.
  await page.reload();
  await page.getByTestId('quiz-run').waitFor();
  assert.deepEqual(await score(page), { score: right, total });
  assert.equal(await page.locator('[data-testid="quiz-run"] [data-state="open"]').count(), 0);
  const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
  assert.equal(stored.split('\n')[0], HEADER);
  assert.equal(stored.split('\n').length, 1 + total);

  // Both exports, parsed.
  const json = await download(page, 'quiz-download-json');
  assert.equal(json.name, 'kafka-lab-quiz-commits-7.json');
  const result = JSON.parse(json.text);
  assert.equal(result.type, 'kafka-lab:quiz-result');
  assert.deepEqual(result.quiz, { part: 'commits', seed: 7 });
  assert.equal(result.score, right);
  assert.equal(result.total, total);
  assert.equal(result.answers.length, total);
  assert.deepEqual(result.answers.map((a) => a.correct), verdicts);
  assert.deepEqual(result.answers.map((a) => a.kind), kinds);
  assert.ok(result.answers.every((a) => a.part === 'commits' && a.picked.length === (a.kind === 'concept' ? 1 : 0)));
  const csv = await download(page, 'quiz-download-csv');
  assert.equal(csv.name, 'kafka-lab-quiz-commits-7.csv');
  const lines = csv.text.trim().split('\n');
  assert.equal(lines[0], 'quiz_part,quiz_seed,question,kind,part,picked,correct');
  assert.equal(lines.length, 1 + total);
  const rows = lines.slice(1).map((line) => line.split(','));
  assert.deepEqual(rows.map((r) => r[2]), result.answers.map((a) => a.question));
  assert.deepEqual(rows.map((r) => r[6] === 'true'), verdicts);

  // Print preview: no controls, every answer and the score.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('quiz-download-json').isVisible(), false);
  assert.equal(await page.getByTestId('quiz-bank').isVisible(), false);
  assert.equal(await page.getByTestId('quiz-score').isVisible(), true);
  await screenshot(page, 'quiz-print-en');
  await page.emulateMedia({ media: 'screen' });

  // Reset, then the same quiz in Traditional Chinese: the concept questions right but for the
  // first two; predict and practice questions answered as before, with the same verdicts.
  await page.getByTestId('quiz-reset').click();
  assert.equal(await page.locator('[data-testid="quiz-run"] [data-state="open"]').count(), total);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), null);
  await page.getByTestId('lang-zh-TW').click();
  await view(page, 'quiz-start-zh');
  const concepts = kinds.flatMap((kind, i) => (kind === 'concept' ? [i] : []));
  const madeWrong = concepts.slice(0, 2);
  let expected = 0;
  for (let i = 0; i < total; i += 1) {
    const question = questions(page).nth(i);
    if (kinds[i] !== 'concept') {
      assert.equal(await answerItem(question), verdicts[i]);
      expected += Number(verdicts[i]);
      continue;
    }
    const count = await question.getByTestId('quiz-choice').count();
    const wrongPick = [...Array(count).keys()].find((p) => !keys[i].includes(p));
    const wrong = madeWrong.includes(i);
    assert.equal(await answer(question, wrong ? [wrongPick] : keys[i]), !wrong);
    expected += Number(!wrong);
    if (i === madeWrong[0]) {
      assert.match(await question.getByTestId('quiz-feedback').textContent(), /答錯了/);
      await question.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await view(page, 'quiz-mid-wrong-zh');
    }
  }
  assert.deepEqual(await score(page), { score: expected, total });
  await page.getByTestId('quiz-results').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await view(page, 'quiz-results-zh');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'quiz-print-zh');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
});

test('damaged or old progress is recovered without touching other keys', async () => {
  const page = await openPage(site.browser, site.base);
  await openQuiz(page, LINK);
  await page.evaluate((key) => {
    localStorage.setItem(key, '{"answers": [1, 2');
    localStorage.setItem('kafka-lab.lang', 'en');
    localStorage.setItem('someone-else', 'keep me');
  }, STORAGE_KEY);
  await page.reload();
  const note = page.getByTestId('quiz-storage-note');
  await note.waitFor();
  assert.match(await note.textContent(), /could not be read/);
  assert.equal(await page.locator('[data-testid="quiz-run"] [data-state="open"]').count(), await questions(page).count());
  assert.equal(await page.evaluate(() => localStorage.getItem('someone-else')), 'keep me');
  assert.equal(await page.evaluate(() => localStorage.getItem('kafka-lab.lang')), 'en');
  await view(page, 'quiz-storage-recovered-en');
  // Answering stores a good value again.
  const firstConcept = page.locator('[data-testid="quiz-run"] [data-testid="quiz-question"][data-kind="concept"]').first();
  await answer(firstConcept, [0]);
  const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
  assert.equal(stored.split('\n')[0], HEADER);

  // One damaged line among good ones: the good answer stays.
  const good = stored.split('\n')[1];
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [STORAGE_KEY, `${HEADER}\n${good}\ncommits/7\tno-such-question\t0\n\u0000garbage`],
  );
  await page.reload();
  await page.getByTestId('quiz-storage-note').waitFor();
  assert.match(await page.getByTestId('quiz-storage-note').textContent(), /skipped/);
  assert.notEqual(await firstConcept.getAttribute('data-state'), 'open');
  assert.deepEqual(page.problems, []);
});

test('a browser that refuses storage is told answers last this visit; the keyboard goes on where it was', async () => {
  const page = await openPage(site.browser, site.base);
  // As in a course page's frame with third-party storage blocked, or a full store.
  await page.addInitScript((key) => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function refuse(name, value) {
      if (name === key) throw new DOMException('refused', 'QuotaExceededError');
      return setItem.call(this, name, value);
    };
  }, STORAGE_KEY);
  await openQuiz(page, LINK);
  await page.getByTestId('lang-en').click();
  const concept = questions(page).and(page.locator('[data-kind="concept"]')).first();
  await concept.getByTestId('quiz-choice').first().check();
  // By keyboard: the check button goes, and its verdict takes the focus.
  await concept.getByTestId('quiz-check').focus();
  await page.keyboard.press('Enter');
  await concept.getByTestId('quiz-verdict').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'quiz-feedback');
  const note = page.getByTestId('quiz-storage-note');
  await note.waitFor();
  assert.match(await note.textContent(), /does not let the page store your answers/);
  assert.notEqual(await concept.getAttribute('data-state'), 'open', 'the answer counts for this visit');
  // Opening a predict question moves the focus to it, and Tab goes on inside it.
  const predict = questions(page).and(page.locator('[data-kind="predict"]')).first();
  await predict.getByTestId('quiz-open').focus();
  await page.keyboard.press('Enter');
  await predict.getByTestId('step-through').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'quiz-question');
  await page.keyboard.press('Tab');
  assert.ok(await predict.evaluate((el) => el.contains(document.activeElement)), 'Tab leads into the opened question');
  assert.deepEqual(page.problems, []);
});

test('a course page on another origin receives the finished quiz', async () => {
  const src = `${site.base}#/quiz?part=producer-json&seed=3`;
  const parent = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Course page</title></head>
<body><h1>ak03 course page</h1>
<script>
  window.received = [];
  addEventListener('message', (event) => window.received.push({ origin: event.origin, data: event.data }));
</script>
<iframe title="Kafka Lab quiz" src="${src}" width="1200" height="1400"></iframe>
</body></html>`);
  });
  await new Promise((ok) => parent.listen(0, '127.0.0.1', ok));
  const parentUrl = `http://127.0.0.1:${parent.address().port}/`;
  const appOrigin = new URL(site.base).origin;
  assert.notEqual(new URL(parentUrl).origin, appOrigin);
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(parentUrl);
    const frame = page.frameLocator('iframe');
    await frame.getByTestId('quiz-run').waitFor();
    const run = frame.locator('[data-testid="quiz-run"] [data-testid="quiz-question"]');
    const total = await run.count();
    for (let i = 0; i < total; i += 1) await answerItem(run.nth(i), [0]);
    await page.waitForFunction(() => window.received.length > 0);
    const received = await page.evaluate(() => window.received);
    assert.equal(received.length, 1, 'one message per finished quiz');
    const [{ origin, data }] = received;
    assert.equal(origin, appOrigin);
    assert.equal(data.type, 'kafka-lab:quiz-result');
    assert.deepEqual(data.quiz, { part: 'producer-json', seed: 3 });
    assert.equal(data.total, total);
    assert.equal(data.answers.length, total);
    assert.equal(data.score, data.answers.filter((a) => a.correct).length);
    await screenshot(page, 'quiz-in-iframe-zh');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    parent.close();
  }
});
