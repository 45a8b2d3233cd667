// The home page as a student meets it: the topic's partitions, the group, consumers joining and
// leaving, the language switch, and a wrong address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, screenshot, texts } from './harness.mjs';

const site = useSite();

const owners = (page) => texts(page, '[data-testid^="owner-"]');

test('the home page shows the topic, its partition logs and the empty group', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  await page.getByTestId('topic-name').waitFor();
  assert.equal(await page.getByTestId('topic-name').textContent(), 'ak03.fourpartition');
  assert.equal(await page.locator('[data-testid^="partition-"]').count(), 4);
  const cells = await page.locator('.log .cell').count();
  assert.equal(cells, 24, 'the logs hold Producer_05’s first 24 messages');
  // librdkafka's default partitioner puts key k on partition crc32(k) % 4 (zlib.crc32 in Python).
  assert.deepEqual(await texts(page, '[data-testid="partition-0"] .cell-key'), ['k4', 'k6', 'k14', 'k16', 'k21', 'k23']);
  assert.deepEqual(await texts(page, '[data-testid="partition-0"] .cell-offset'), ['0', '1', '2', '3', '4', '5']);
  assert.equal(await page.getByTestId('group-id').textContent(), 'tdea');
  await page.getByTestId('no-members').waitFor();
  assert.deepEqual(await owners(page), ['未分配', '未分配', '未分配', '未分配']);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
  // Its own English is one click away: no machine translation offered for the Chinese copy.
  assert.equal(await page.locator('meta[name="google"][content="notranslate"]').count(), 1);
  await screenshot(page, 'home-empty-zh');
  assert.deepEqual(page.problems, []);
});

test('adding and removing consumers moves partition ownership as range assigns it', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  const add = page.getByTestId('add-consumer');
  await add.click();
  assert.deepEqual(await owners(page), ['C1', 'C1', 'C1', 'C1']);
  await add.click();
  assert.deepEqual(await owners(page), ['C1', 'C1', 'C2', 'C2']);
  await add.click();
  assert.deepEqual(await owners(page), ['C1', 'C1', 'C2', 'C3']);
  await add.click();
  assert.deepEqual(await owners(page), ['C1', 'C2', 'C3', 'C4']);
  await add.click();
  await page.getByTestId('member-C5').getByText('閒置').waitFor();
  assert.equal(await page.getByTestId('generation').textContent(), '世代 (Generation) 5');
  await screenshot(page, 'home-five-consumers-zh');
  await page.getByTestId('remove-C2').click();
  assert.deepEqual(await owners(page), ['C1', 'C3', 'C4', 'C5']);
  assert.equal(await page.locator('[data-testid^="member-"]').count(), 4);
  assert.deepEqual(page.problems, []);
});

test('the language switch changes every label and is remembered; a corrupted value falls back', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(site.base);
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka 實驗室');
  await page.getByTestId('lang-en').click();
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka Lab');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByTestId('add-consumer').click();
  await page.getByTestId('add-consumer').click();
  await screenshot(page, 'home-two-consumers-en');
  await page.reload();
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka Lab');
  assert.deepEqual(await owners(page), ['Unassigned', 'Unassigned', 'Unassigned', 'Unassigned']);
  // The English copy may be machine-translated into other languages.
  assert.equal(await page.locator('meta[name="google"]').count(), 0);
  await page.evaluate(() => localStorage.setItem('kafka-lab.lang', '{"broken'));
  await page.reload();
  assert.equal(await page.getByTestId('app-title').textContent(), 'Kafka 實驗室');
  assert.deepEqual(page.problems, []);
});

test('a wrong address says so and leads back home', async () => {
  const page = await openPage(site.browser, site.base);
  await page.goto(`${site.base}#/no/such/exercise`);
  await page.getByTestId('not-found').waitFor();
  assert.match(await page.getByTestId('not-found').textContent(), /\/no\/such\/exercise/);
  await screenshot(page, 'not-found-zh');
  await page.getByRole('link', { name: '回到首頁' }).click();
  await page.getByTestId('topic-name').waitFor();
  assert.deepEqual(page.problems, []);
});

test('the page is usable on a phone', async () => {
  const page = await openPage(site.browser, site.base, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(site.base);
  await page.getByTestId('add-consumer').tap();
  assert.deepEqual(await owners(page), ['C1', 'C1', 'C1', 'C1']);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await screenshot(page, 'home-phone-zh');
  // The header wraps rather than squeeze the language switch: both names whole, in both languages.
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 844 });
    for (const lang of ['en', 'zh-TW']) {
      await page.getByTestId(`lang-${lang}`).tap();
      for (const option of await page.locator('.lang-option').all()) {
        const { shown, whole, lines } = await option.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const parent = el.parentElement.getBoundingClientRect();
          const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
          return { shown: Math.min(box.right, parent.right) - Math.max(box.left, parent.left), whole: el.scrollWidth, lines: Math.round((box.height - 12) / line) };
        });
        assert.ok(shown >= whole - 1 && lines === 1, `${lang} at ${width}px: "${await option.textContent()}" shows ${shown} of ${whole}px on ${lines} lines`);
      }
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `at ${width}px the page scrolls sideways by ${overflow}px`);
  }
  await screenshot(page, 'home-phone-320-zh');
  assert.deepEqual(page.problems, []);
});
