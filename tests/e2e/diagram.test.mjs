// The cluster as an animated picture (issue 14): messages on the wire are chips with a stable
// data-flight id that move between two moments of virtual time, hovering one says what it
// carries, a crashed broker is drawn down, the lane and the picture highlight each other, and
// the picture exports as SVG and PNG. Screenshots mid-flight in both languages, on a laptop
// and on a phone (390 px, no sideways scroll).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useSite, openPage, screenshot, SHOTS } from './harness.mjs';

const site = useSite();

async function open(id, lang, viewport = { width: 1366, height: 768 }) {
  const page = await openPage(site.browser, site.base, { viewport });
  await page.goto(`${site.base}#/exercise/${id}?lang=${lang}`);
  await page.getByTestId('step-through').first().waitFor();
  // Put the lesson's prediction away (a jump does), so that playing does not stop at it.
  await page.getByTestId('key-moment').click();
  await page.getByTestId('restart').click();
  return page;
}

/** Steps forward until a chip is on the wire, at most `max` steps; its id. */
async function stepToAFlight(page, max) {
  for (let step = 0; step < max; step++) {
    const ids = await page.locator('[data-flight]').evaluateAll((chips) => chips.map((c) => c.dataset.flight));
    if (ids.length > 0) return ids[0];
    await page.getByTestId('step-forward').first().click();
  }
  assert.fail(`no message on the wire within ${max} steps`);
}

/** The transforms chip `id` takes over `ms` of animation frames. */
const transforms = (page, id, ms) => page.evaluate(([id, ms]) => new Promise((done) => {
  const seen = new Set();
  const end = performance.now() + ms;
  const frame = (now) => {
    const chip = document.querySelector(`[data-flight="${id}"]`);
    if (chip) seen.add(chip.getAttribute('transform'));
    if (now < end) requestAnimationFrame(frame); else done([...seen]);
  };
  requestAnimationFrame(frame);
}), [id, ms]);

test('producer-03: a Produce chip travels to its broker and says what it carries', async () => {
  const page = await open('producer-03-async', 'en');
  // The producer's first chip is its Metadata request; its first Produce leaves while the
  // program is blocked in flush(), between two statements: playing (slowly) shows it.
  await page.getByTestId('speed-0.25').click();
  await page.getByTestId('play').click();
  const produce = page.locator('[data-flight].produce').first();
  await produce.waitFor({ timeout: 15000 });
  const id = await produce.getAttribute('data-flight');
  assert.match(id, /^p0-b1-\d+-\d+$/);
  const seen = await transforms(page, id, 250);
  assert.ok(seen.length >= 2, `the chip moves while playing: ${seen}`);
  await page.getByTestId('play').click();
  await screenshot(page.getByTestId('cluster'), 'diagram-producer-03-step-en');
  // Paused from playing, the chips stay where they were, mid-way.
  await page.locator(`[data-flight="${id}"]`).hover();
  assert.match(await page.getByTestId('flight-info').textContent(), /^Produce( ✓)? ak03\.\S+-\d/);
  assert.ok(await page.locator('.net .link.lit').count() >= 1, 'the hovered chip lights its link');
  await screenshot(page, 'diagram-producer-03-midflight-en');
  assert.deepEqual(page.problems, []);
});

test('consumer-01: group messages fly between the members and the coordinator, in both languages', async () => {
  for (const lang of ['zh-TW', 'en']) {
    const page = await open('consumer-01-cgroup', lang);
    await page.getByTestId('key-moment').click();
    const id = await stepToAFlight(page, 200);
    assert.match(id, /^[pcb]\d+-[pcb]\d+-\d+-\d+$/);
    await page.getByTestId('speed-8').click();
    await page.getByTestId('play').click();
    await page.waitForTimeout(600);
    await page.getByTestId('play').click();
    const flights = await page.locator('[data-flight]').count();
    const state = await page.getByTestId('diagram-group').textContent();
    assert.match(state, lang === 'en' ? /Stable|PreparingRebalance|CompletingRebalance/ : /穩定|準備Rebalance|完成Rebalance/);
    // The coordinator's broker is marked.
    assert.match(await page.getByTestId('diagram-broker-1').textContent(), lang === 'en' ? /coordinator/ : /協調者/);
    // A lane row between drawn nodes lights up its link in the picture.
    const row = page.locator('[data-testid="protocol-lane"] .lane-msg[data-link]').last();
    const link = await row.getAttribute('data-link');
    await row.hover();
    assert.equal(await row.evaluate((r) => r.classList.contains('lit')), true);
    const lit = await page.locator(`.net [data-link="${link}"].lit`).count();
    const chips = await page.locator(`.net [data-link="${link}"]`).count();
    assert.equal(lit, chips, 'every chip on the row\'s link is lit');
    await screenshot(page.getByTestId('cluster'), `diagram-consumer-01-${lang}`);
    console.log(`consumer-01 ${lang}: ${flights} messages on the wire when paused`);
    assert.deepEqual(page.problems, []);
  }
});

test('producer-acks at 1x: the time lens skips a quiet stretch and says how much', async () => {
  const page = await open('producer-acks', 'en');
  await page.getByTestId('play').click();
  await page.getByTestId('skipped').filter({ hasText: /^⏩ skipped \d+\.\d s$/ }).waitFor({ timeout: 30_000 });
  assert.deepEqual(page.problems, []);
});

test('producer-acks with the time lens off: time passes evenly, nothing is skipped', async () => {
  const page = await open('producer-acks', 'en');
  const lens = page.getByTestId('lens');
  assert.equal(await lens.getAttribute('aria-pressed'), 'true', 'the lens is on by default');
  await lens.click();
  assert.equal(await lens.getAttribute('aria-pressed'), 'false');
  await page.getByTestId('play').click();
  await page.waitForTimeout(2_000);
  assert.equal(await page.getByTestId('skipped').textContent(), '');
  assert.doesNotMatch(await page.getByTestId('clock').textContent(), /^00:00\.000 /, 'the clock moves on');
  await lens.click();
  assert.equal(await lens.getAttribute('aria-pressed'), 'true');
  assert.deepEqual(page.problems, []);
});

test('producer-acks: the crashed leader is drawn down', async () => {
  for (const lang of ['en', 'zh-TW']) {
    const page = await open('producer-acks', lang);
    await page.getByTestId('key-moment').click();
    const down = page.locator('[data-testid^="diagram-broker-"][data-up="false"]');
    assert.equal(await down.count(), 1, 'one broker is down at the key moment');
    assert.match(await down.textContent(), lang === 'en' ? /✕ down/ : /✕ 當機/);
    await screenshot(page.getByTestId('cluster'), `diagram-producer-acks-down-${lang}`);
    assert.deepEqual(page.problems, []);
  }
});

test('the picture exports as SVG and PNG, and the step\'s console text copies', async () => {
  const page = await open('consumer-01-cgroup', 'en');
  await page.getByTestId('key-moment').click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  assert.match(svg.suggestedFilename(), /^consumer-01-cgroup-\d+\.svg$/);
  const text = await readFile(await svg.path(), 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror') !== null, brokers: doc.querySelectorAll('[data-testid^="diagram-broker-"]').length };
  }, text);
  assert.deepEqual(parsed, { error: false, brokers: 1 });
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.length > 2000, `a real picture: ${bytes.length} bytes`);
  // The console text is built when "copy" is pressed: every console under its process's title.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.base).origin });
  await page.getByTestId('copy-console').click();
  await page.getByTestId('copy-console-status').filter({ hasText: /.+/ }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const first = await page.locator('.console .file-name').first().textContent();
  assert.ok(copied.startsWith(`# ${first}\n`), copied.slice(0, 80));
  assert.deepEqual(page.problems, []);
});

test('on a phone the picture runs top to bottom without sideways scroll', async () => {
  for (const lang of ['zh-TW', 'en']) {
    const page = await open('consumer-01-cgroup', lang, { width: 390, height: 844 });
    await page.getByTestId('key-moment').click();
    await stepToAFlight(page, 200);
    const box = await page.getByTestId('wire-diagram').evaluate((svg) => svg.viewBox.baseVal.width);
    assert.equal(box, 360);
    const wide = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(wide <= 390, `the page is ${wide} px wide`);
    await screenshot(page.getByTestId('wire-diagram'), `diagram-phone-${lang}`);
    assert.deepEqual(page.problems, []);
  }
});

test('with reduced motion the chips stand still between steps', async () => {
  const page = await open('producer-03-async', 'en');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const id = await stepToAFlight(page, 80);
  await page.getByTestId('play').click();
  const seen = await transforms(page, id, 200);
  await page.getByTestId('play').click();
  assert.ok(seen.length <= 1, `the chip jumps, it does not glide: ${seen}`);
  assert.deepEqual(page.problems, []);
});

/** The clock's `now / end` in virtual seconds. */
const clockSeconds = (text) => text.split(' / ').map((c) => {
  const [m, s] = c.trim().split(':');
  return Number(m) * 60 + Number(s);
});

/**
 * Plays `id` at `speed` from the start until its end, or for `limit` real seconds: the real
 * seconds it took and the virtual seconds it reached, of how many.
 */
async function playFor(id, speed, limit) {
  const page = await open(id, 'en');
  await page.getByTestId(`speed-${speed}`).click();
  await page.getByTestId('play').click();
  const real = await page.evaluate((limit) => new Promise((done) => {
    const start = performance.now();
    const clock = document.querySelector('[data-testid="clock"]');
    const poll = () => {
      const [now, end] = clock.textContent.split(' / ');
      const elapsed = (performance.now() - start) / 1000;
      if (now.trim() === end.trim() || elapsed >= limit) done(elapsed); else setTimeout(poll, 50);
    };
    poll();
  }), limit);
  const [reached, end] = clockSeconds(await page.getByTestId('clock').textContent());
  assert.deepEqual(page.problems, []);
  await page.close();
  return { real, reached, end };
}

// The time lens slows only for messages that change something; periodic traffic keeps its
// cadence without slowing time, so a lesson plays at 8x in well under a minute. Printed: the
// real seconds each lesson takes (Consumer_01 at 1x: how far 20 real seconds get it).
test('the lessons play through the time lens in well under a minute at 8x', async () => {
  const plays = [
    ['producer-03-async', '1', 30], ['producer-03-async', '8', 30],
    ['producer-acks', '1', 60], ['producer-acks', '8', 30],
    ['consumer-01-cgroup', '1', 20], ['consumer-01-cgroup', '8', 60],
  ];
  for (const [id, speed, limit] of plays) {
    const { real, reached, end } = await playFor(id, speed, limit);
    const whole = reached >= end;
    console.log(`time lens ${id} at ${speed}x: ${whole ? 'played whole' : 'reached'} ${reached.toFixed(3)} of ${end.toFixed(3)} virtual s in ${real.toFixed(1)} real s`);
    if (speed === '8') {
      assert.ok(whole, `${id} ends at 8x within ${limit} s`);
      assert.ok(real < 45, `${id} plays ${real} s at 8x`);
    }
  }
});

// Heartbeats and empty fetches do not slow time: while Consumer_01 plays, each member counts
// its rounds (♥, ↻) and its links pulse; the followers' fetches on quiet partitions (folded
// by the engine, never on the wire while playing) keep their cadence too.
test('periodic traffic is drawn as a cadence while playing, follower fetches included', async () => {
  const page = await open('consumer-01-cgroup', 'en');
  await page.getByTestId('speed-8').click();
  await page.getByTestId('play').click();
  await page.locator('[data-testid^="cadence-c"]').filter({ hasText: /♥\d+/ }).first().waitFor({ timeout: 20_000 });
  const member = page.locator('[data-testid^="cadence-c"]').first();
  const before = await member.textContent();
  await page.waitForTimeout(1500);
  const after = await member.textContent();
  assert.notEqual(before, after, `the count goes on: ${before} then ${after}`);
  await page.getByTestId('play').click();
  // While playing, no periodic chip is drawn: the cadence stands for them.
  await screenshot(page.getByTestId('wire-diagram'), 'diagram-cadence-consumer-01-en');
  assert.deepEqual(page.problems, []);
  const acks = await open('producer-acks', 'en');
  await acks.getByTestId('speed-8').click();
  await acks.getByTestId('play').click();
  await acks.locator('[data-testid^="cadence-b"]').filter({ hasText: /↻\d+/ }).first().waitFor({ timeout: 20_000 });
  assert.deepEqual(acks.problems, []);
});

// A burst of produce requests shares a spot: the chips fan out and one label counts them, so
// no label lies on another.
test('chips on one spot fan out under one label', async () => {
  const page = await open('producer-03-async', 'en');
  await stepToAFlight(page, 80);
  const labels = await page.locator('.net .flight .label').evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
  const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) assert.ok(!overlap(labels[i], labels[j]), `labels ${i} and ${j} overlap`);
  }
  const chips = await page.locator('[data-flight]').count();
  console.log(`producer-03: ${chips} chips on the wire, ${labels.length} labels`);
  assert.deepEqual(page.problems, []);
});

// The sticky playback bar never covers the picture: brought into view, the picture lands
// below the bar and fits the window (a laptop's 1366 x 768, a phone's 390 x 844, both
// languages); a chip reached by the keyboard is not hidden under the bar.
test('the playback bar leaves the picture in view', async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    for (const lang of ['zh-TW', 'en']) {
      const page = await open('consumer-01-cgroup', lang, viewport);
      await page.getByTestId('key-moment').click();
      await stepToAFlight(page, 200);
      const where = () => page.evaluate(() => {
        const box = (s) => document.querySelector(s).getBoundingClientRect();
        return { bar: box('.playback').bottom, svg: box('.net').top, bottom: box('.net').bottom, chip: box('[data-flight]').top, height: innerHeight };
      });
      await page.locator('.net-box').evaluate((figure) => figure.scrollIntoView({ block: 'start' }));
      const shown = await where();
      const name = `${viewport.width} px, ${lang}`;
      assert.ok(shown.bar <= shown.svg, `${name}: the bar (to ${shown.bar}) covers the picture (from ${shown.svg})`);
      assert.ok(shown.bottom <= shown.height, `${name}: the picture (to ${shown.bottom}) leaves the window (${shown.height})`);
      // The window as the student sees it (not the whole page).
      await page.screenshot({ path: join(SHOTS, `diagram-bar-${viewport.width}-${lang}.png`) });
      // Scrolled so that the chip is under the bar, then focused: it comes out from under.
      await page.evaluate(() => {
        const chip = document.querySelector('[data-flight]').getBoundingClientRect();
        scrollBy(0, chip.top - 10);
      });
      await page.locator('[data-flight]').first().focus();
      const focused = await where();
      assert.ok(focused.chip >= focused.bar, `${name}: the focused chip (at ${focused.chip}) is under the bar (to ${focused.bar})`);
      assert.deepEqual(page.problems, []);
      await page.close();
    }
  }
});
