// Layout checks of a step-through page, read from the DOM in one pass: every code line and
// every mark label readable, each run's playback bar beside (not over) its run, the lesson bar
// compact. `layoutProblems(page)` returns a list of what is wrong, empty when all is well.

/** Runs in the page: the problems of the step-throughs on it. */
function inPage() {
  const problems = [];
  const box = (e) => e.getBoundingClientRect();
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const name = (e) => `${e.className} "${e.textContent.trim().slice(0, 40)}"`;

  // Code: no line wider than its panel, no client label pushed out of the gutter.
  for (const view of document.querySelectorAll('.code-view')) {
    const file = view.querySelector('.file-name')?.textContent;
    const scroll = view.querySelector('.code-scroll');
    if (scroll.scrollWidth > scroll.clientWidth) problems.push(`${file}: the code scrolls sideways`);
    for (const line of view.querySelectorAll('.code-line')) {
      const text = line.querySelector('.line-text');
      if (text.scrollWidth > text.clientWidth) problems.push(`${file}:${line.dataset.line} is cut at the right`);
      const gutter = box(line.querySelector('.gutter'));
      for (const mark of line.querySelectorAll('.line-mark')) {
        const b = box(mark);
        if (b.left < gutter.left || b.right > gutter.right) problems.push(`${file}:${line.dataset.line}: label ${mark.textContent} leaves the gutter`);
      }
    }
  }

  // Partition logs: every label clear of the others, of the header line, inside the log's box.
  for (const log of document.querySelectorAll('.partition-log')) {
    const id = log.dataset.testid;
    const head = box(log.querySelector('.plog-head'));
    const outer = box(log.closest('.topic-box') ?? log);
    const chips = [...log.querySelectorAll('.mark-label')];
    chips.forEach((chip, i) => {
      const b = box(chip);
      if (overlap(b, head)) problems.push(`${id}: label ${chip.textContent} covers the header line`);
      if (b.left < outer.left || b.right > outer.right) problems.push(`${id}: label ${chip.textContent} leaves the topic's box`);
      for (const other of chips.slice(i + 1)) {
        if (overlap(b, box(other))) problems.push(`${id}: labels ${chip.textContent} and ${other.textContent} overlap`);
      }
    });
  }

  // Each run: its playback bar clear of the run's content, under its heading without a gap.
  for (const run of document.querySelectorAll('.step-through')) {
    const bar = run.querySelector('.playback');
    const barBox = box(bar);
    for (const part of run.querySelectorAll('.narration, .what-ifs, .counters, .step-grid, .lane-box')) {
      if (overlap(barBox, box(part))) problems.push(`the playback bar covers ${name(part)}`);
    }
    const heading = run.parentElement.querySelector('.run-label');
    if (heading && barBox.top - box(heading).bottom > 16) {
      problems.push(`a gap of ${Math.round(barBox.top - box(heading).bottom)} px under the heading ${heading.textContent}`);
    }
  }

  // The protocol lane: no detail cut; the callbacks' heading apart from it.
  for (const detail of document.querySelectorAll('.lane-detail')) {
    if (detail.scrollWidth > detail.clientWidth) problems.push(`the lane detail ${detail.textContent} is cut`);
  }
  for (const lane of document.querySelectorAll('.lane-box')) {
    const second = lane.querySelectorAll(':scope > h3')[1];
    const above = second?.previousElementSibling;
    if (above && box(second).top - box(above).bottom < 8) problems.push('the callbacks heading touches the protocol lane');
  }

  // Colour is never the only sign of a client: every badge and mark label has its text.
  for (const label of document.querySelectorAll('.mark-label, .owner-badge, .line-mark')) {
    if (!label.textContent.trim()) problems.push(`an unlabelled ${label.className}`);
  }

  // Captions: a kicker is never broken over lines.
  for (const kicker of document.querySelectorAll('figcaption .kicker')) {
    if (kicker.getClientRects().length > 1 || box(kicker).height > 24) problems.push(`the caption ${kicker.textContent} wraps`);
  }
  return problems;
}

/** What is wrong with the layout of the step-throughs on `page` (empty: nothing). */
export function layoutProblems(page) {
  return page.evaluate(inPage);
}

/**
 * How many rows the key moment, the what-if buttons and the counters of a step-through take,
 * and how the narration's width compares with the run's: the lesson bar of a laptop.
 */
export function lessonBar(run) {
  return run.getByTestId('step-through').evaluate((section) => {
    const middles = [...section.querySelectorAll('.what-ifs > *, :scope > .counters')].map((e) => {
      const b = e.getBoundingClientRect();
      return (b.top + b.bottom) / 2;
    });
    middles.sort((a, b) => a - b);
    const rows = middles.filter((m, i) => i === 0 || m - middles[i - 1] > 12).length;
    const narration = section.querySelector('.narration')?.getBoundingClientRect().width ?? 0;
    return { rows, narrationShare: narration / section.getBoundingClientRect().width };
  });
}
