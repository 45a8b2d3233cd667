//! What one animation frame costs the view model, at the end of each consumer lesson, where
//! the trace is longest: bringing the simulation to the shown time (`Run::with_sim`, from the
//! live simulation), then the diagram (`moment`), the code marks and consoles
//! (`programs_view`) and the counters, all of which read the trace up to the cursor. Printed,
//! not asserted: the browser adds rendering on top (tests/e2e/frame-time.test.mjs).

use course::lesson::Changes;
use kafka_lab::exercise_run::{Run, programs_view};
use kafka_lab::moment::{counters, moment};
use std::hint::black_box;
use std::time::Instant;

const FRAMES: u32 = 200;

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
        let started = Instant::now();
        for _ in 0..FRAMES {
            run.with_sim(run.end, None, |sim| {
                let shown = sim.trace();
                black_box(moment(sim, &run.topic, run.group.as_deref(), shown));
                black_box(programs_view(&run.processes, shown));
                black_box(counters(&lesson, sim, shown));
            });
        }
        let per_frame = started.elapsed().as_secs_f64() * 1_000.0 / f64::from(FRAMES);
        println!(
            "frame model {id} at its end ({events} trace events, {records} records): {per_frame:.2} ms per frame"
        );
    }
}
