//! The acks lesson: the leader crashes holding a batch its followers have not copied. acks=0
//! loses it silently, acks=1 loses messages the broker acknowledged, acks=all loses nothing.

mod lesson_common;

use course::lesson::{Change, Changes, Counter};
use lesson_common::at_key_moment;

fn with_acks(acks: &str) -> Changes {
    let mut changes = Changes::none();
    changes.push(Change::Setting("acks", acks.to_owned()));
    changes
}

fn counters(acks: &str) -> [u64; 4] {
    counters_with(&with_acks(acks))
}

/// Acknowledged, reports seen, in the log and lost, at the key moment.
fn counters_with(changes: &Changes) -> [u64; 4] {
    let sim = at_key_moment("producer-acks", changes);
    [
        Counter::Acknowledged,
        Counter::ReportsSeen,
        Counter::InLog,
        Counter::Losses,
    ]
    .map(|counter| counter.value(&sim, sim.projection()))
}

#[test]
fn acks_0_loses_the_batch_without_an_acknowledgement() {
    assert_eq!(counters("0"), [0, 12, 0, 12]);
}

#[test]
fn acks_1_loses_acknowledged_messages() {
    let sim = at_key_moment("producer-acks", &with_acks("1"));
    assert_eq!(
        sim.tally().lost,
        12,
        "the tally's acknowledged-but-lost count"
    );
    assert_eq!(counters("1"), [12, 12, 0, 12]);
}

#[test]
fn acks_all_loses_nothing() {
    let sim = lesson_common::run("producer-acks", &with_acks("'all'"));
    let tally = sim.tally();
    assert_eq!(
        (
            tally.acknowledged,
            tally.reports_seen,
            tally.in_log,
            tally.lost
        ),
        (12, 12, 12, 0)
    );
    assert_eq!(Counter::Losses.value(&sim, sim.projection()), 0);
}

#[test]
fn the_program_as_written_sets_acks_0() {
    assert_eq!(counters_with(&Changes::none()), counters("0"));
}
