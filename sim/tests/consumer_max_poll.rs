//! A program that processes for longer than `max.poll.interval.ms` between polls: librdkafka
//! logs it, leaves the group, treats its assignment as lost (`on_lost`, no commit), and
//! rejoins with a new member id on its next poll.

mod consumer_common;

use consumer_common::*;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{
    CallbackKind, Callbacks, ClientEvent, ErrorKind, OFFSET_INVALID, Printed, Program, Stmt,
};
use kafka_sim::coordinator::ErrorCode;
use kafka_sim_testkit::LabEvent;

fn slow_program() -> Program {
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![four(0).topic.to_string()],
            },
            Stmt::Loop {
                line: 2,
                times: None,
                body: vec![
                    Stmt::Consume {
                        line: 3,
                        num_messages: 500,
                        timeout_ms: 1000,
                    },
                    Stmt::ForEachRecord {
                        line: 4,
                        body: vec![
                            Stmt::Work { line: 5, ms: 9_000 },
                            Stmt::PrintRecord { line: 6 },
                        ],
                    },
                ],
            },
        ],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 10 }]),
            on_revoke: Some(vec![Stmt::PrintPartitions { line: 11 }]),
            on_lost: Some(vec![Stmt::PrintPartitions { line: 12 }]),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

#[test]
fn exceeding_max_poll_interval_leaves_loses_and_rejoins() {
    let mut lab = lab(13);
    produce(&mut lab, &four(0), 0, 1);
    let props = [
        ("group.id", ConfigValue::Str("tdea".into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("max.poll.interval.ms", ConfigValue::Int(7000)),
    ];
    let c = lab.start(&props, &slow_program()).unwrap();
    lab.run_until(3_500);
    let first_member = lab.consumer(c).client.member_id().to_string();
    assert!(first_member.starts_with("rdkafka-"));
    lab.run_until(30_000);
    let client_events: Vec<&ClientEvent> = lab
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            LabEvent::Client(event) => Some(event),
            _ => None,
        })
        .collect();
    let log = client_events.iter().find_map(|e| match e {
        ClientEvent::Logged { text, .. } => Some(text.clone()),
        _ => None,
    });
    let log = log.expect("the MAXPOLL warning");
    assert!(log.starts_with("Application maximum poll interval (7000ms) exceeded by "));
    assert!(log.ends_with(
        "ms (adjust max.poll.interval.ms for long-running message processing): leaving group"
    ));
    assert!(client_events.contains(&&ClientEvent::LeaveSent {
        member_id: first_member.clone()
    }));
    assert!(
        client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::Revoked { lost: true, .. }))
    );
    // The commit on removal goes out with no member id and is refused: nothing of the lost
    // assignment is committed after the auto-commit at 5 s.
    assert_eq!(lab.committed(GROUP), [(four(0), 1)].into());
    let all: Vec<_> = (0..4).map(four).collect();
    let callbacks: Vec<(CallbackKind, Vec<_>)> = lab
        .printed(c)
        .into_iter()
        .filter_map(|(_, p)| match p {
            Printed::Partitions {
                callback,
                partitions,
            } => Some((callback, partitions)),
            _ => None,
        })
        .collect();
    assert_eq!(
        callbacks,
        [
            (CallbackKind::OnAssign, all.clone()),
            (CallbackKind::OnLost, all.clone()),
            (CallbackKind::OnAssign, all),
        ]
    );
    let second_member = lab.consumer(c).client.member_id();
    assert!(second_member.starts_with("rdkafka-") && second_member != first_member);
    // Generation 2 was the empty group the leave left behind.
    assert_eq!(lab.coordinator().group(GROUP).unwrap().generation(), 3);
}

/// What `on_commit` got: the error's kind, and (partition, offset) for each partition.
type OnCommit = (Option<ErrorKind>, Vec<(i32, i64)>);

/// After the check fired, the program's asynchronous `commit()` of the lost assignment fails
/// with `_ASSIGNMENT_LOST` and no partitions (`rd_kafka_cgrp_offsets_commit` fails before it
/// copies the assignment); `on_lost` runs; its unassign commits the stored offsets of the
/// removed partitions (`rd_kafka_assignment_serve_removals`, the lost flag already cleared by
/// `rd_kafka_cgrp_unassign`) with no member id, refused with UNKNOWN_MEMBER_ID. The same
/// sequence as librdkafka on the mock cluster (conformance `consumer_timing`).
#[test]
fn the_commits_after_the_check_fail_as_librdkafka_reports_them() {
    let mut lab = lab(13);
    produce(&mut lab, &four(0), 0, 3);
    let props = [
        ("group.id", ConfigValue::Str("tdea".into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("max.poll.interval.ms", ConfigValue::Int(7000)),
        ("auto.commit.interval.ms", ConfigValue::Int(1000)),
    ];
    let program = Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![four(0).topic.to_string()],
            },
            Stmt::Loop {
                line: 2,
                times: Some(60),
                body: vec![
                    Stmt::Poll {
                        line: 3,
                        timeout_ms: 100,
                    },
                    Stmt::ForEachRecord {
                        line: 3,
                        body: vec![
                            Stmt::SkipIfError {
                                line: 4,
                                print_line: Some(5),
                            },
                            Stmt::Sleep { line: 6, ms: 8_000 },
                            Stmt::Commit {
                                line: 7,
                                asynchronous: true,
                            },
                        ],
                    },
                ],
            },
        ],
        callbacks: Callbacks {
            on_lost: Some(vec![Stmt::PrintPartitions { line: 12 }]),
            on_commit: Some(13),
            ..Callbacks::default()
        },
        crash_after_records: None,
    };
    let c = lab.start(&props, &program).unwrap();
    lab.run_until(14_000);
    let printed: Vec<Printed> = lab.printed(c).into_iter().map(|(_, p)| p).collect();
    let lost_at = printed
        .iter()
        .position(|p| matches!(p, Printed::Partitions { .. }))
        .expect("on_lost ran");
    let commits: Vec<OnCommit> = printed
        .iter()
        .filter_map(|p| match p {
            Printed::CommitCallback(result) => Some((
                result.error.as_ref().map(|e| e.kind),
                result
                    .partitions
                    .iter()
                    .map(|p| (p.tp.partition, p.offset))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let stored = vec![
        (0, 1),
        (1, OFFSET_INVALID),
        (2, OFFSET_INVALID),
        (3, OFFSET_INVALID),
    ];
    assert_eq!(
        commits,
        [
            // The auto-commit during the sleep, reported by the next poll.
            (None, stored.clone()),
            (Some(ErrorKind::AssignmentLost), vec![]),
            (Some(ErrorKind::Broker(ErrorCode::UnknownMemberId)), stored),
        ]
    );
    let unknown_member_at = printed
        .iter()
        .rposition(|p| matches!(p, Printed::CommitCallback(_)))
        .unwrap();
    assert!(
        lost_at < unknown_member_at,
        "the refused commit follows on_lost"
    );
    let error = printed.iter().find_map(|p| match p {
        Printed::Error(e) => Some(e.kind),
        _ => None,
    });
    assert_eq!(error, Some(ErrorKind::MaxPollExceeded));
}

/// The check runs every 500 ms from the moment the assignment took effect (STEADY), so the
/// overrun it reports is in 1..=500 ms, and it is the same phase every run
/// (`rd_kafka_cgrp_start_max_poll_interval_timer`, 500 ms).
#[test]
fn the_overrun_is_what_the_500_ms_check_saw() {
    let mut lab = lab(13);
    produce(&mut lab, &four(0), 0, 1);
    let props = [
        ("group.id", ConfigValue::Str("tdea".into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("max.poll.interval.ms", ConfigValue::Int(7000)),
    ];
    let c = lab.start(&props, &slow_program()).unwrap();
    lab.run_until(30_000);
    let time_of = |wanted: &dyn Fn(&LabEvent) -> bool| {
        lab.trace()
            .iter()
            .find(|e| e.consumer == Some(c) && wanted(&e.event))
            .map(|e| (e.time, e.event.clone()))
            .expect("it happened")
    };
    let (assigned, _) = time_of(&|e| matches!(e, LabEvent::Client(ClientEvent::Assigned { .. })));
    let (logged, event) = time_of(
        &|e| matches!(e, LabEvent::Client(ClientEvent::Logged { text, .. }) if text.contains("poll interval")),
    );
    assert_eq!((logged - assigned) % 500, 0, "a check tick");
    let LabEvent::Client(ClientEvent::Logged { text, .. }) = event else {
        unreachable!()
    };
    let overrun: u64 = text
        .split("exceeded by ")
        .nth(1)
        .and_then(|rest| rest.split("ms").next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!((1..=500).contains(&overrun), "{text}");
}
