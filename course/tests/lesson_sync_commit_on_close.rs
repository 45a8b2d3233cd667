//! Consumer_05: the Java pattern's synchronous commit before close() has nothing new to commit
//! after the loop's asynchronous commits, and librdkafka raises `_NO_OFFSET`.

mod lesson_common;

use course::lesson::{Action, Changes};
use kafka_sim::consumer::{ClientEvent, CommitReason, ErrorKind, Printed};
use kafka_sim::engine::{Event, Sim};

#[test]
fn the_commit_before_close_raises_no_offset() {
    let sim = lesson_common::run("consumer-05-commit-sync-async", &Changes::none());
    let exceptions: Vec<ErrorKind> = sim
        .consumer_console(0)
        .filter_map(|(_, _, printed)| match printed {
            Printed::Exception(error) => Some(error.kind),
            _ => None,
        })
        .collect();
    assert_eq!(exceptions, [ErrorKind::NoOffset]);
}

/// The what-if the lesson offers: Ctrl+C while the loop's last asynchronous commit is still
/// on its way. The synchronous commit then finds offsets newer than the committed ones (the
/// committed position moves only when the answer arrives, rdkafka_offset.c /
/// rdkafka_cgrp.c) and succeeds: `_NO_OFFSET` needs the last async commit to have completed.
#[test]
fn ctrl_c_while_the_async_commit_is_in_flight_commits_without_error() {
    let id = "consumer-05-commit-sync-async";
    let lesson = course::lesson(id).unwrap();
    assert!(lesson.actions.contains(&Action::InterruptWhileCommitting));
    // Taken at the end of the default run, as a student would after watching it.
    let full = lesson_common::run(id, &Changes::none());
    let change = lesson
        .what_if(Action::InterruptWhileCommitting, &full, 0)
        .expect("the loop has committed");
    let mut changes = Changes::none();
    changes.push(change);
    let run = lesson_common::run(id, &changes);
    let program_commits = |sim: &Sim| {
        sim.trace()
            .iter()
            .filter(|entry| {
                matches!(
                    &entry.event,
                    Event::Consumer {
                        consumer: 0,
                        event: ClientEvent::CommitSent {
                            reason: CommitReason::Program,
                            ..
                        },
                    }
                )
            })
            .count()
    };
    assert_eq!(program_commits(&run), program_commits(&full) + 1);
    let exceptions = run
        .consumer_console(0)
        .filter(|(_, _, printed)| matches!(printed, Printed::Exception(_)))
        .count();
    assert_eq!(exceptions, 0, "the synchronous commit succeeds");
}
