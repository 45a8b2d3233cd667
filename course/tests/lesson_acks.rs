//! The acks lesson: the leader crashes holding a batch its followers have not copied. acks=0
//! loses it silently, acks=1 loses messages the broker acknowledged, acks=all loses nothing.

mod lesson_common;

use course::lesson::{Change, Changes, Counter};
use kafka_sim::engine::{Event, Scenario};
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

/// acks=all: nothing is acknowledged before `flush(10)` gives up at 10.6 s (the producer
/// learns the leader elected at 9.7 s only at its 1 s metadata scan, librdkafka
/// `rd_kafka_topic_scan_all`, at that very instant); the program's exit destroys the producer,
/// which drops the 12 unsent (`rd_kafka_destroy_app`'s TERMINATE warning): no callback runs,
/// nothing was acknowledged, so nothing acknowledged is lost.
#[test]
fn acks_all_acknowledges_nothing_before_flush_gives_up_and_exit_drops_the_messages() {
    let sim = lesson_common::run("producer-acks", &with_acks("'all'"));
    let tally = sim.tally();
    assert_eq!(
        (
            tally.acknowledged,
            tally.reports_seen,
            tally.in_log,
            tally.lost
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(Counter::Losses.value(&sim, sim.projection()), 0);
    let finished = sim
        .trace()
        .iter()
        .find(|e| matches!(e.event, Event::ProgramFinished { .. }))
        .expect("the program ends");
    let elected = sim
        .trace()
        .iter()
        .find(|e| matches!(e.event, Event::LeaderElected { .. }))
        .expect("a new leader");
    assert_eq!((elected.time, finished.time), (9_700, 10_600));
    let epoch_ms = Scenario::default().epoch_ms;
    let console: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| e.console(epoch_ms))
        .flat_map(|(_, lines)| lines)
        .map(|line| line.text)
        .collect();
    let tail: Vec<&str> = console
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "Message sending completed!",
            "%4|1700000010.600|TERMINATE|rdkafka#producer-1| [thrd:app]: Producer terminating \
             with 12 messages (62 bytes) still in queue or transit: use flush() to wait for \
             outstanding message delivery"
        ]
    );
}

#[test]
fn acks_0_and_1_end_with_every_report_served_and_nothing_to_drop() {
    for acks in ["0", "1"] {
        let sim = lesson_common::run("producer-acks", &with_acks(acks));
        assert!(
            !sim.trace()
                .iter()
                .any(|e| matches!(e.event, Event::ProducerTerminated { .. })),
            "acks={acks}"
        );
    }
}

#[test]
fn the_program_as_written_sets_acks_0() {
    assert_eq!(counters_with(&Changes::none()), counters("0"));
}
