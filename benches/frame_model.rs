//! What one animation frame costs the view model, at the end of each consumer lesson, where
//! the trace is longest: bringing the simulation and its folds to the shown time
//! (`Run::with_view`, from the live simulation), then what the step-through shows: the
//! narration's beat, the diagram (`moment`), the code marks and consoles (`Programs::view`)
//! and the counters. Then the same at the end of one lesson's run played on to 1,000 and to
//! 100,000 trace events, both at its end and stepping through its last statements: the cost
//! per frame should not follow the trace's length (issue 13: within 1.5x), nor should a step
//! back, which starts again from a snapshot. Printed, not asserted: the browser adds rendering
//! on top (tests/e2e/frame-time.test.mjs).

use course::lesson::{Changes, Lesson};
use kafka_lab::exercise_run::Run;
use kafka_lab::state::playback::Millis;
use kafka_lab::view::moment::counters;
use kafka_sim::engine::Sim;
use std::hint::black_box;
use std::time::{Duration, Instant};

const FRAMES: usize = 200;

/// Steps back timed per batch: each replays from a snapshot, so a step costs more than a frame.
const STEPS_BACK: usize = 20;

/// Batches of frames timed; the median batch is reported, so that another process taking the
/// shared machine for a moment does not count (a frame costs microseconds).
const BATCHES: usize = 9;

/// The lesson whose run is played on to a given length of trace.
const LONG_RUN: &str = "consumer-01-cgroup";

/// Milliseconds per frame of the view model showing `run` at `points` (time, step cursor) in
/// turn: the median of `BATCHES`, each after showing the first point untimed.
fn per_frame(lesson: &Lesson, run: &Run, points: &[(Millis, Option<u64>)]) -> f64 {
    let mut batches: Vec<f64> = (0..BATCHES)
        .map(|_| {
            show(lesson, run, points[0]);
            let started = Instant::now();
            points[1..].iter().for_each(|&at| show(lesson, run, at));
            started.elapsed().as_secs_f64() * 1_000.0 / (points.len() - 1) as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[BATCHES / 2]
}

/// One frame of the step-through at `time` with the step cursor at `cursor`.
fn show(lesson: &Lesson, run: &Run, (time, cursor): (Millis, Option<u64>)) {
    run.with_view(time, cursor, |frame| {
        let beat = frame
            .shown
            .last()
            .and_then(|last| run.narration.at(last.seq));
        black_box(beat.and_then(|beat| lesson.beats.get(beat)));
        black_box(run.moment(frame));
        black_box(frame.programs.view(&run.processes));
        black_box(counters(lesson, frame.sim, frame.projection));
    });
}

/// `FRAMES` frames at the end of `run`, and a first one.
fn at_end(run: &Run) -> Vec<(Millis, Option<u64>)> {
    vec![(run.end, None); FRAMES + 1]
}

/// The last `FRAMES` statements of `run`, stepped through one by one, and the one before.
fn last_statements(run: &Run) -> Vec<(Millis, Option<u64>)> {
    let first = run.stops.len().saturating_sub(FRAMES + 1);
    let stops = run.stops[first..].iter();
    stops.map(|stop| (stop.time, Some(stop.seq))).collect()
}

/// Milliseconds one step back costs at the end of `run`, from its last statement to the one
/// before: the frame starts again from a snapshot (a clone of the simulation and its folds)
/// and replays to it. The median of `BATCHES`, each of `STEPS_BACK` steps, each after
/// showing the last statement untimed.
fn step_back(lesson: &Lesson, run: &Run) -> f64 {
    let stop = |back: usize| {
        let stop = run.stops[run.stops.len().saturating_sub(back)];
        (stop.time, Some(stop.seq))
    };
    let (last, before) = (stop(1), stop(2));
    let mut batches: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let mut spent = Duration::ZERO;
            for _ in 0..STEPS_BACK {
                show(lesson, run, last);
                let started = Instant::now();
                show(lesson, run, before);
                spent += started.elapsed();
            }
            spent.as_secs_f64() * 1_000.0 / STEPS_BACK as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[BATCHES / 2]
}

/// When the lesson's first run has traced `events` entries.
fn time_of(lesson: &Lesson, events: usize) -> u64 {
    let scenario = lesson
        .scenario(&Changes::none())
        .expect("the lesson builds");
    let mut sim = Sim::new(scenario).expect("the scenario is valid");
    while sim.trace().len() < events && sim.step() {}
    sim.now()
}

fn main() {
    for id in [
        "consumer-01-cgroup",
        "consumer-07-rebalance-callback",
        "consumer-cooperative",
        "producer-05-cgroup",
    ] {
        let lesson = course::lesson(id).expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("the lesson runs");
        let (events, records) = run.with_sim(run.end, None, |sim| {
            let records = sim
                .trace()
                .iter()
                .filter(|e| matches!(e.event, kafka_sim::engine::Event::RecordAppended { .. }))
                .count();
            (sim.trace().len(), records)
        });
        let per_frame = per_frame(&lesson, &run, &at_end(&run));
        println!(
            "frame model {id} at its end ({events} trace events, {records} records): {per_frame:.2} ms per frame"
        );
    }
    let lesson = course::lesson(LONG_RUN).expect("the lesson exists");
    let mut costs = Vec::new();
    let mut steps_back = Vec::new();
    for events in [1_000, 100_000] {
        let run = Run::of_lesson_until(&lesson, time_of(&lesson, events)).expect("it runs");
        let traced = run.with_sim(run.end, None, |sim| sim.trace().len());
        let cost = per_frame(&lesson, &run, &at_end(&run));
        costs.push(cost);
        println!("frame model {LONG_RUN} played to {traced} trace events: {cost:.3} ms per frame");
        let stepping = per_frame(&lesson, &run, &last_statements(&run));
        println!(
            "frame model {LONG_RUN} played to {traced} trace events, stepping through its last statements: {stepping:.3} ms per frame"
        );
        let back = step_back(&lesson, &run);
        steps_back.push(back);
        println!(
            "frame model {LONG_RUN} played to {traced} trace events, one step back from its last statement: {back:.3} ms"
        );
    }
    println!(
        "frame model cost at 100,000 events / at 1,000 events: {:.2}x",
        costs[1] / costs[0]
    );
    println!(
        "frame model step back at 100,000 events / at 1,000 events: {:.2}x",
        steps_back[1] / steps_back[0]
    );
}
