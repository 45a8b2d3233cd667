//! consumer-at-most-once and consumer-crash-points: a crash right after the 5th record of a
//! batch of 12, and what each commit style leaves behind.

mod lesson_common;

use course::lesson::{Action, Changes, Counter};
use kafka_sim::engine::Sim;

/// (processed, duplicates, committed but never processed) of each run of lesson `id`.
fn outcome(id: &str) -> Vec<(u64, u64, u64)> {
    outcome_with(id, &Changes::none())
}

fn outcome_with(id: &str, changes: &Changes) -> Vec<(u64, u64, u64)> {
    let lesson = course::lesson(id).unwrap();
    let value = |counter: Counter, sim: &Sim| counter.value(sim, sim.projection());
    lesson_common::runs(&lesson, changes)
        .iter()
        .map(|sim| {
            (
                value(Counter::Processed, sim),
                value(Counter::Duplicates, sim),
                value(Counter::Unprocessed, sim),
            )
        })
        .collect()
}

#[test]
fn committing_first_loses_the_rest_of_the_batch_committing_after_repeats_it() {
    assert_eq!(
        outcome("consumer-at-most-once"),
        [(5, 0, 7), (17, 5, 0)],
        "at-most-once loses offsets 5..11; at-least-once processes 0..4 twice"
    );
    let lesson = course::lesson("consumer-at-most-once").unwrap();
    assert_eq!(lesson.predictions[0].answer(&lesson), Some(2), "7");
}

#[test]
fn per_batch_and_auto_commit_repeat_five_per_record_repeats_one() {
    assert_eq!(
        outcome("consumer-crash-points"),
        [(17, 5, 0), (13, 1, 0), (17, 5, 0)]
    );
    let lesson = course::lesson("consumer-crash-points").unwrap();
    assert_eq!(lesson.predictions[0].answer(&lesson), Some(2), "5");
}

#[test]
fn a_later_crash_point_loses_fewer_and_repeats_more() {
    let lesson = course::lesson("consumer-at-most-once").unwrap();
    let sim = lesson_common::run("consumer-at-most-once", &Changes::none());
    let mut changes = Changes::none();
    let crash_point = Action::SetCrashPoint(&["1", "5", "11"]);
    assert!(lesson.actions.contains(&crash_point));
    changes.push(lesson.what_if(crash_point, &sim, 2).expect("after 11"));
    assert_eq!(
        outcome_with("consumer-at-most-once", &changes),
        [(11, 0, 1), (23, 11, 0)]
    );
}
