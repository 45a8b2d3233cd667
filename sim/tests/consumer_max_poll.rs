//! A program that processes for longer than `max.poll.interval.ms` between polls: librdkafka
//! logs it, leaves the group, treats its assignment as lost (`on_lost`, no commit), and
//! rejoins with a new member id on its next poll.

mod consumer_common;

use consumer_common::*;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{CallbackKind, Callbacks, ClientEvent, LabEvent, Printed, Program, Stmt};

fn slow_program() -> Program {
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![four(0).topic],
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
        ClientEvent::Logged { text } => Some(text.clone()),
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
