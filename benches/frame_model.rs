//! What one animation frame costs the view model, at the end of each consumer lesson, where
//! the trace is longest: bringing the simulation and its projection to the shown time
//! (`Run::with_view`, from the live simulation), then the diagram (`moment`), the code marks
//! and consoles (`programs_view`) and the counters. Then the same at the end of one lesson's
//! run played on to 1,000 and to 100,000 trace events: the cost per frame should not follow
//! the trace's length. Printed, not asserted: the browser adds rendering on top
//! (tests/e2e/frame-time.test.mjs).

use course::lesson::{Changes, Lesson};
use kafka_lab::exercise_run::{Run, programs_view};
use kafka_lab::moment::{counters, moment};
use kafka_sim::engine::Sim;
use std::hint::black_box;
use std::time::Instant;

const FRAMES: u32 = 200;

/// The lesson whose run is played on to a given length of trace.
const LONG_RUN: &str = "consumer-01-cgroup";

/// Milliseconds per frame of the view model at the end of `run`.
fn per_frame(lesson: &Lesson, run: &Run) -> f64 {
    let started = Instant::now();
    for _ in 0..FRAMES {
        run.with_view(run.end, None, |sim, projection| {
            let shown = sim.trace();
            black_box(moment(
                sim,
                projection,
                &run.topic,
                run.group.as_deref(),
                shown,
            ));
            black_box(programs_view(&run.processes, shown));
            black_box(counters(lesson, sim, projection));
        });
    }
    started.elapsed().as_secs_f64() * 1_000.0 / f64::from(FRAMES)
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
        let per_frame = per_frame(&lesson, &run);
        println!(
            "frame model {id} at its end ({events} trace events, {records} records): {per_frame:.2} ms per frame"
        );
    }
    let lesson = course::lesson(LONG_RUN).expect("the lesson exists");
    let mut costs = Vec::new();
    for events in [1_000, 100_000] {
        let run = Run::of_lesson_until(&lesson, time_of(&lesson, events)).expect("it runs");
        let traced = run.with_sim(run.end, None, |sim| sim.trace().len());
        let cost = per_frame(&lesson, &run);
        costs.push(cost);
        println!("frame model {LONG_RUN} played to {traced} trace events: {cost:.3} ms per frame");
    }
    println!(
        "frame model cost at 100,000 events / at 1,000 events: {:.2}x",
        costs[1] / costs[0]
    );
}
