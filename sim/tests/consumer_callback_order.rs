//! The order of the partition lists a program's rebalance callbacks get and of
//! `assignment()`, as librdkafka hands them on (src/rdkafka_cgrp.c; conformance
//! `callback_order`): with cooperative-sticky a joining member's `on_assign` lists its
//! partitions as the leader's assignor listed them, not sorted; when it then exceeds
//! `max.poll.interval.ms`, `on_lost` lists the same partitions sorted, as the group assignment
//! holds them (`rd_kafka_cgrp_group_assignment_set`), and so does `assignment()`
//! (`rd_kafka_assignment_add`).

mod consumer_common;

use consumer_common::*;
use kafka_sim::TopicPartition;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{CallbackKind, Callbacks, Printed, Program, Stmt};
use kafka_sim_testkit::GroupLab;

/// A poll loop whose records take `work_ms` each, printing every callback's list.
fn program(work_ms: u64) -> Program {
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
                    Stmt::Poll {
                        line: 3,
                        timeout_ms: 1000,
                    },
                    Stmt::ForEachRecord {
                        line: 4,
                        body: vec![Stmt::Work {
                            line: 5,
                            ms: work_ms,
                        }],
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

fn callbacks(lab: &GroupLab, consumer: usize) -> Vec<(CallbackKind, Vec<i32>)> {
    lab.printed(consumer)
        .into_iter()
        .filter_map(|(_, printed)| match printed {
            Printed::Partitions {
                callback,
                partitions,
            } => Some((callback, partitions.iter().map(|tp| tp.partition).collect())),
            _ => None,
        })
        .collect()
}

#[test]
fn on_assign_keeps_the_assignors_order_on_lost_and_assignment_are_sorted() {
    let mut lab = lab(19);
    let props = [
        ("group.id", ConfigValue::Str(GROUP.into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        (
            "partition.assignment.strategy",
            ConfigValue::Str("cooperative-sticky".into()),
        ),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("max.poll.interval.ms", ConfigValue::Int(7000)),
    ];
    let steady = lab.start(&props, &program(0)).unwrap();
    lab.run_until(10_000);
    // The newcomer's records take longer than max.poll.interval.ms each.
    let slow = lab.start(&props, &program(9_000)).unwrap();
    lab.run_until(18_000);
    assert_eq!(
        callbacks(&lab, slow),
        [
            (CallbackKind::OnAssign, vec![]),
            (CallbackKind::OnAssign, vec![1, 0])
        ]
    );
    let held: Vec<TopicPartition> = lab.consumer(slow).client.assignment();
    assert_eq!(held, [four(0), four(1)]);
    produce(&mut lab, &four(0), 0, 1);
    lab.run_until(40_000);
    let after = callbacks(&lab, slow);
    assert_eq!(after[2], (CallbackKind::OnLost, vec![0, 1]), "{after:?}");
    assert!(
        callbacks(&lab, steady)
            .iter()
            .all(|(kind, _)| *kind != CallbackKind::OnLost)
    );
}
