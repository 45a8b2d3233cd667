//! Producer_03's key moment: the broker has acked, the 12 delivery reports wait in the
//! client's queue and no callback has run. The counters must say so at the step cursor even
//! though the callbacks run later in the same millisecond.

use course::lesson::{Changes, Counter};
use kafka_sim::engine::Sim;

#[test]
fn no_callback_has_run_at_the_ack() {
    let lesson = course::lesson("producer-03-async").expect("the lesson exists");
    let scenario = || {
        lesson
            .scenario(&Changes::none())
            .expect("the scenario builds")
    };
    let mut full = Sim::new(scenario()).expect("the scenario is valid");
    full.run_until_done(60_000);
    let seq = lesson
        .key_moment_in(full.trace())
        .expect("the key moment happens");
    let time = full.trace().iter().find(|e| e.seq == seq).unwrap().time;
    // The app's view: the run at the end of the key moment's millisecond, the trace up to it.
    let mut sim = Sim::new(scenario()).expect("the scenario is valid");
    sim.run_until(time);
    let end = sim.trace().iter().position(|e| e.seq == seq).unwrap() + 1;
    let shown = &sim.trace()[..end];
    let beat = lesson
        .beat_at(sim.trace(), seq)
        .expect("a beat is shown")
        .text;
    assert!(
        beat.en
            .starts_with("The broker acks: 12 delivery reports wait"),
        "{}",
        beat.en
    );
    let projection = kafka_sim::projection::Projection::of(shown);
    let value = |counter: Counter| counter.value(&sim, &projection);
    assert_eq!(value(Counter::ReportsSeen), 0);
    assert_eq!(value(Counter::Acknowledged), 12);
    assert_eq!(value(Counter::Waiting), 12);
    assert_eq!(value(Counter::InFlight), 0);
    // At the end of the millisecond the callbacks have run: the old reading.
    assert_eq!(Counter::ReportsSeen.value(&sim, sim.projection()), 12);
}
