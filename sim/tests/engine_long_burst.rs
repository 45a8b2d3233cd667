//! A program that runs many statements in one input pauses so that the engine records its
//! events as it runs (`ProducerProcess::paused`), and goes on at once: the trace is the one of
//! a run in one go. What the input sent (the first Metadata request) and the timers it set
//! are taken when the program stops, so the answer points back at the input's last event.

#[path = "../benches/support/send_loop.rs"]
mod send_loop;

use kafka_sim::engine::Sim;
use kafka_sim::trace::{Cause, Event};
use send_loop::{scenario, send_loop};

#[test]
fn a_long_burst_traces_as_one_input() {
    let count = 3_000;
    let mut sim = Sim::new(scenario(send_loop(count, 0), 3, 3)).expect("valid scenario");
    assert!(sim.run_until_done(60_000));
    let trace = sim.trace();
    let answered = trace
        .iter()
        .find(|e| matches!(e.event, Event::MetadataAnswered { .. }))
        .expect("the metadata was answered");
    // The start input recorded every produce (three lines and one queued message each)
    // before the answer, which the request sent at its start caused: it points at the
    // input's last event, not at one recorded before a pause.
    assert!(answered.seq > 4 * count, "{}", answered.seq);
    assert_eq!(answered.cause, Cause::After(answered.seq - 1));
    assert_eq!(sim.tally().acknowledged, count as usize);
}
