// Accessibility: every kind of page, in both languages, passes axe-core with no serious or
// critical violation: the home page, a producer and a consumer step-through (with its
// prediction card), a two-run lesson, the quiz bank, a started quiz with an answered question,
// an opened predict question and a practice task, and the not-found page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useSite, openPage, screenshot } from './harness.mjs';

const site = useSite();
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations axe-core finds on the page once its entry animations
 * (new log cells and lane rows fade in from transparent) have finished: a half-faded element
 * is not what the student reads. */
async function violations(page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Opens `hash`, lets `prepare` bring the page to the state to check, then checks both languages. */
async function check(name, hash, prepare = async () => {}) {
  const page = await openPage(site.browser, site.base, { viewport: { width: 1366, height: 768 } });
  await page.goto(`${site.base}${hash}`);
  await prepare(page);
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.getByTestId('lang-en').click();
    const found = await violations(page);
    assert.deepEqual(found, [], `${name} (${lang}): ${JSON.stringify(found, null, 1)}`);
  }
  await screenshot(page, `a11y-${name}-en`);
  assert.deepEqual(page.problems, []);
  await page.close();
}

const stepThrough = async (page) => page.getByTestId('step-through').first().waitFor();

test('home', () => check('home', '#/', async (page) => page.getByTestId('home-quiz-link').waitFor()));

test('a producer step-through at its key moment', () =>
  check('producer-03', '#/exercise/producer-03-async', async (page) => {
    await stepThrough(page);
    await page.getByTestId('key-moment').click();
  }));

test('a consumer step-through asking its prediction', () =>
  check('consumer-01-prediction', '#/exercise/consumer-01-cgroup', async (page) => {
    await stepThrough(page);
    // Played at once to its question: playing pauses there (tests/e2e/predictions.test.mjs).
    await page.getByTestId('speed-instant').click();
    await page.getByTestId('play').first().click();
    await page.getByTestId('prediction').first().waitFor();
  }));

test('a two-run lesson', () =>
  check('consumer-cooperative', '#/exercise/consumer-cooperative', async (page) => {
    await stepThrough(page);
    await page.getByTestId('key-moment').first().click();
  }));

test('the quiz bank', () => check('quiz-bank', '#/quiz', async (page) => page.getByTestId('quiz-bank').waitFor()));

test('a started quiz with an answered question and open predict and practice items', () =>
  check('quiz-run', '#/quiz?part=commits&seed=7', async (page) => {
    const questions = page.locator('[data-testid="quiz-run"] [data-testid="quiz-question"]');
    await questions.first().waitFor();
    const concept = questions.and(page.locator('[data-kind="concept"]')).first();
    await concept.getByTestId('quiz-choice').first().check();
    await concept.getByTestId('quiz-check').click();
    await concept.getByTestId('quiz-verdict').waitFor();
    for (const kind of ['predict', 'practice']) {
      const item = questions.and(page.locator(`[data-kind="${kind}"]`)).first();
      await item.getByTestId('quiz-open').click();
    }
    await page.getByTestId('prediction').first().waitFor({ timeout: 60_000 });
  }));

test('not found', () => check('not-found', '#/no/such/page', async (page) => page.locator('main').waitFor()));
