//! Random timelines of joins, clean stops, crashes, slow processing and produced records:
//! no partition is consumed by two members of one generation, a committed offset never
//! passes the log end, auto-commit never commits during a rebalance, and the same seed gives
//! the same trace.

mod consumer_common;

use consumer_common::*;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{
    Callbacks, ClientEvent, CommitReason, JoinState, ProcessState, Program, Stmt,
};
use kafka_sim_testkit::{GroupLab, LabEvent};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Action {
    /// A member that spends `work_ms` per record.
    Start {
        work_ms: u64,
    },
    Stop(usize),
    Kill(usize),
    Produce {
        partition: i32,
        count: u64,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        prop::sample::select(vec![0u64, 20, 9_000]).prop_map(|work_ms| Action::Start { work_ms }),
        (0usize..6).prop_map(Action::Stop),
        (0usize..6).prop_map(Action::Kill),
        (0i32..4, 1u64..20).prop_map(|(partition, count)| Action::Produce { partition, count }),
    ]
}

/// Consumer_01's loop without the error check (errors are skipped), with `work_ms` of
/// processing per record.
fn program(work_ms: u64) -> Program {
    let record = vec![
        Stmt::Work {
            line: 5,
            ms: work_ms,
        },
        Stmt::PrintRecord { line: 6 },
    ];
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![four(0).topic.to_string()],
            },
            Stmt::Try {
                line: 2,
                body: vec![Stmt::Loop {
                    line: 3,
                    times: None,
                    body: vec![
                        Stmt::Consume {
                            line: 4,
                            num_messages: 500,
                            timeout_ms: 1000,
                        },
                        Stmt::ForEachRecord {
                            line: 5,
                            body: record,
                        },
                    ],
                }],
                interrupt_line: 7,
                except_line: 8,
                finally: vec![Stmt::Close { line: 9 }],
            },
        ],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 10 }]),
            on_revoke: Some(vec![Stmt::PrintPartitions { line: 11 }]),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

fn props(cooperative: bool) -> Vec<(&'static str, ConfigValue)> {
    let strategy = if cooperative {
        "cooperative-sticky"
    } else {
        "range,roundrobin"
    };
    vec![
        ("group.id", ConfigValue::Str(GROUP.into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("session.timeout.ms", ConfigValue::Int(6_000)),
        ("max.poll.interval.ms", ConfigValue::Int(7_000)),
        (
            "partition.assignment.strategy",
            ConfigValue::Str(strategy.into()),
        ),
    ]
}

/// Two running members of the same generation never hold the same partition.
fn check_exclusive(lab: &GroupLab) {
    let consumers = lab.consumers();
    let live: Vec<_> = consumers
        .iter()
        .filter(|c| c.state() == ProcessState::Running && !c.client.is_closed())
        .collect();
    for (i, a) in live.iter().enumerate() {
        for b in &live[i + 1..] {
            let shared = a
                .client
                .assignment()
                .into_iter()
                .any(|tp| b.client.assignment().contains(&tp));
            assert!(
                !(shared && a.client.generation() == b.client.generation()),
                "generation {} assigned a partition twice at {}",
                a.client.generation(),
                lab.now()
            );
        }
    }
}

fn check_committed_within_log(lab: &GroupLab) {
    for (tp, offset) in lab.committed(GROUP) {
        assert!(offset <= lab.end_offset(&tp), "{tp} committed {offset}");
    }
}

fn run(seed: u64, cooperative: bool, timeline: &[(u64, Action)]) -> GroupLab {
    let mut lab = lab(seed);
    let mut started = 0;
    for (delay, action) in timeline {
        let until = lab.now() + delay;
        while lab.now() < until {
            lab.run_until((lab.now() + 500).min(until));
            check_exclusive(&lab);
            check_committed_within_log(&lab);
        }
        match action {
            Action::Start { work_ms } => {
                lab.start(&props(cooperative), &program(*work_ms)).unwrap();
                started += 1;
            }
            Action::Stop(i) if *i < started => lab.interrupt(*i),
            Action::Kill(i) if *i < started => lab.kill(*i),
            Action::Produce { partition, count } => produce(&mut lab, &four(*partition), 0, *count),
            _ => {}
        }
    }
    let end = lab.now() + 40_000;
    while lab.now() < end {
        lab.run_until(lab.now() + 500);
        check_exclusive(&lab);
        check_committed_within_log(&lab);
    }
    lab
}

proptest! {
    // A new draw every run (proptest's random seed). A case takes ~10 ms; a run that never
    // ends is a bug of the model: a timer armed in the past that fires without effect spins
    // the driver at one instant (it was the rejoin held by `max.poll.interval.ms`, see
    // `ConsumerClient::poll_timeout`).
    #![proptest_config(ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn group_invariants_hold_and_runs_repeat(
        seed in any::<u64>(),
        cooperative in any::<bool>(),
        timeline in prop::collection::vec((0u64..8_000, action()), 1..12),
    ) {
        let lab = run(seed, cooperative, &timeline);
        for entry in lab.trace() {
            if let LabEvent::Client(ClientEvent::CommitSent { reason: CommitReason::Auto, join_state, .. }) = &entry.event {
                prop_assert_eq!(*join_state, JoinState::Steady);
            }
        }
        let again = run(seed, cooperative, &timeline);
        prop_assert_eq!(format!("{:?}", lab.trace()), format!("{:?}", again.trace()));
    }
}
