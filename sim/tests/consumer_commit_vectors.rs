//! Every `commit_semantics_cases` entry of the reference vectors, run as a small scenario on
//! the consumer model (with the coordinator and in-memory logs). Topic `t` of the vectors is
//! `ak03.test` here.

mod consumer_common;

use consumer_common::*;
use kafka_sim::collect::VecMap;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{
    Callbacks, ClientError, ClientEvent, CommitReason, ErrorKind, Printed, Program, Stmt,
};
use kafka_sim_testkit::{GroupLab, LabEvent};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    vectors["commit_semantics_cases"]
        .as_array()
        .unwrap()
        .clone()
}

fn str(v: &str) -> ConfigValue {
    ConfigValue::Str(v.to_string())
}

/// `props` with `extra` set (replacing a key already there).
fn with(
    mut props: Vec<(&'static str, ConfigValue)>,
    extra: &[(&'static str, ConfigValue)],
) -> Vec<(&'static str, ConfigValue)> {
    for (key, value) in extra {
        props.retain(|(k, _)| k != key);
        props.push((key, value.clone()));
    }
    props
}

/// A loop of `times` consumes; per record: an error check, the print, then `per_record`;
/// per batch with records: `after_batch`; then `after_loop`, all in a `try` whose `finally`
/// closes.
fn looping(
    setup: Stmt,
    times: u64,
    per_record: Vec<Stmt>,
    after_batch: Vec<Stmt>,
    after_loop: Vec<Stmt>,
) -> Program {
    let mut record = vec![
        Stmt::RaiseIfError { line: 4 },
        Stmt::PrintRecord { line: 5 },
    ];
    record.extend(per_record);
    Program {
        body: vec![
            setup,
            Stmt::Try {
                line: 1,
                body: [
                    vec![Stmt::Loop {
                        line: 2,
                        times: Some(times),
                        body: vec![
                            Stmt::Consume {
                                line: 3,
                                num_messages: 500,
                                timeout_ms: 1000,
                            },
                            Stmt::ForEachRecord {
                                line: 4,
                                body: record,
                            },
                            Stmt::IfPulled {
                                line: 6,
                                body: after_batch,
                            },
                        ],
                    }],
                    after_loop,
                ]
                .concat(),
                interrupt_line: 18,
                except_line: 19,
                finally: vec![Stmt::Close { line: 20 }],
            },
        ],
        callbacks: Callbacks {
            on_commit: Some(30),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

fn assign(partitions: &[(i32, i64)]) -> Stmt {
    Stmt::Assign {
        line: 0,
        partitions: partitions.iter().map(|&(p, o)| (test_tp(p), o)).collect(),
    }
}

fn subscribe() -> Stmt {
    Stmt::Subscribe {
        line: 0,
        topics: vec![test_tp(0).topic.to_string()],
    }
}

fn sync_commit() -> Vec<Stmt> {
    vec![Stmt::Commit {
        line: 7,
        asynchronous: false,
    }]
}

fn client_events(lab: &GroupLab, index: usize) -> Vec<(u64, ClientEvent)> {
    lab.trace()
        .iter()
        .filter(|e| e.consumer == Some(index))
        .filter_map(|e| match &e.event {
            LabEvent::Client(event) => Some((e.time, event.clone())),
            _ => None,
        })
        .collect()
}

/// A commit sent: when, why, and (partition, offset) pairs.
type Sent = (u64, CommitReason, Vec<(i32, i64)>);

fn commits_sent(lab: &GroupLab, index: usize) -> Vec<Sent> {
    client_events(lab, index)
        .into_iter()
        .filter_map(|(time, e)| match e {
            ClientEvent::CommitSent {
                reason, offsets, ..
            } => Some((
                time,
                reason,
                offsets.iter().map(|(tp, o)| (tp.partition, *o)).collect(),
            )),
            _ => None,
        })
        .collect()
}

fn committed_test(lab: &GroupLab) -> VecMap<i32, i64> {
    lab.committed(GROUP)
        .into_iter()
        .filter(|(tp, _)| tp.topic == test_tp(0).topic)
        .map(|(tp, o)| (tp.partition, o))
        .collect()
}

fn exceptions(lab: &GroupLab, index: usize) -> Vec<ClientError> {
    lab.printed(index)
        .into_iter()
        .filter_map(|(_, p)| match p {
            Printed::Exception(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn auto_store_on_poll() {
    let mut lab = lab(21);
    produce(&mut lab, &test_tp(0), 0, 5);
    let c = lab
        .start(
            &manual_commit_config(),
            &looping(assign(&[(0, 0)]), 3, vec![], vec![], vec![]),
        )
        .unwrap();
    lab.run_until(2_000);
    assert_eq!(processed(&lab, c).len(), 5);
    assert_eq!(lab.consumer(c).client.stored_offset(&test_tp(0)), Some(5));
}

fn commit_no_args() {
    let mut lab = lab(22);
    produce(&mut lab, &test_tp(1), 0, 10);
    let program = looping(assign(&[(0, 0), (1, 0)]), 8, vec![], sync_commit(), vec![]);
    let c = lab.start(&manual_commit_config(), &program).unwrap();
    lab.run_until(3_000);
    assert_eq!(committed_test(&lab), [(1, 10)].into());
    produce(&mut lab, &test_tp(0), 0, 5);
    lab.run_until(20_000);
    assert_eq!(committed_test(&lab), [(0, 5), (1, 10)].into());
    let sent = commits_sent(&lab, c);
    assert_eq!(sent[0].2, [(1, 10)]);
    // Later commits carry only t-0: t-1's stored offset is not beyond its committed one.
    assert!(
        sent[1..]
            .iter()
            .all(|(_, _, offsets)| offsets.iter().all(|(p, _)| *p == 0))
    );
    assert_eq!(sent.last().unwrap().2, [(0, 5)]);
}

fn commit_no_args_nothing_stored() {
    let mut lab = lab(23);
    produce(&mut lab, &test_tp(0), 0, 3);
    let program = looping(assign(&[(0, 0)]), 3, vec![], sync_commit(), sync_commit());
    let c = lab.start(&manual_commit_config(), &program).unwrap();
    lab.run_until(20_000);
    assert_eq!(
        exceptions(&lab, c),
        [ClientError::with_message(
            ErrorKind::NoOffset,
            "Commit failed: Local: No offset stored"
        )]
    );
    assert_eq!(ErrorKind::NoOffset.code(), -168);
    // Outside a try, the same failure ends the program with Python's traceback.
    let uncaught = Program {
        body: [vec![assign(&[(1, 0)])], sync_commit()].concat(),
        ..Program::default()
    };
    let c = lab.start(&manual_commit_config(), &uncaught).unwrap();
    lab.run_until(25_000);
    let last = lab.printed(c).into_iter().find_map(|(_, p)| match p {
        Printed::Traceback(text) => Some(text),
        _ => None,
    });
    assert_eq!(
        last.as_deref(),
        Some(
            "cimpl.KafkaException: KafkaError{code=_NO_OFFSET,val=-168,str=\"Commit failed: Local: No offset stored\"}"
        )
    );
}

fn commit_message() {
    let mut lab = lab(24);
    produce(&mut lab, &test_tp(0), 0, 42);
    let commit_each = vec![Stmt::CommitRecord {
        line: 7,
        asynchronous: true,
    }];
    let program = looping(subscribe(), 8, commit_each, vec![], vec![]);
    lab.start(&manual_commit_config(), &program).unwrap();
    lab.run_until(10_000);
    assert_eq!(committed_test(&lab)[&0], 42);
}

fn commit_offsets_explicit() {
    let mut lab = lab(25);
    produce(&mut lab, &test_tp(0), 0, 30);
    let rewind = Stmt::CommitOffsets {
        line: 7,
        offsets: vec![(test_tp(0), 17)],
        asynchronous: false,
    };
    let program = looping(
        assign(&[(0, 0)]),
        4,
        vec![],
        [sync_commit(), vec![rewind]].concat(),
        vec![],
    );
    lab.start(&manual_commit_config(), &program).unwrap();
    lab.run_until(10_000);
    // Committed 30, then rewound verbatim to 17.
    assert_eq!(committed_test(&lab)[&0], 17);
}

fn store_offsets_message() {
    let mut lab = lab(26);
    produce(&mut lab, &test_tp(0), 0, 42);
    let props = with(
        manual_commit_config(),
        &[("enable.auto.offset.store", ConfigValue::Bool(false))],
    );
    let store = vec![Stmt::StoreRecord { line: 6 }];
    let c = lab
        .start(
            &props,
            &looping(assign(&[(0, 0)]), 10, store.clone(), vec![], vec![]),
        )
        .unwrap();
    lab.run_until(1_500);
    assert_eq!(lab.consumer(c).client.stored_offset(&test_tp(0)), Some(42));
    // With enable.auto.offset.store=true, store_offsets raises _INVALID_ARG.
    let c = lab
        .start(
            &manual_commit_config(),
            &looping(assign(&[(1, 0)]), 2, store, vec![], vec![]),
        )
        .unwrap();
    produce(&mut lab, &test_tp(1), 0, 1);
    lab.run_until(5_000);
    let raised = &exceptions(&lab, c)[0];
    assert_eq!(raised.kind, ErrorKind::InvalidArg);
    // confluent-kafka-python's words (Consumer.c `Consumer_store_offsets`).
    assert_eq!(
        raised.to_string(),
        "KafkaError{code=_INVALID_ARG,val=-186,str=\"StoreOffsets failed: Local: Invalid argument or configuration\"}"
    );
}

fn auto_commit_timer() {
    let mut lab = lab(27);
    produce(&mut lab, &test_tp(0), 0, 5);
    let props = with(
        manual_commit_config(),
        &[("enable.auto.commit", ConfigValue::Bool(true))],
    );
    let c = lab
        .start(&props, &looping(subscribe(), 30, vec![], vec![], vec![]))
        .unwrap();
    lab.run_until(7_000);
    produce(&mut lab, &test_tp(0), 5, 3);
    lab.run_until(17_000);
    let auto: Vec<_> = commits_sent(&lab, c)
        .into_iter()
        .filter(|(_, reason, _)| *reason == CommitReason::Auto)
        .map(|(time, _, offsets)| (time, offsets))
        .collect();
    assert_eq!(auto, [(5_000, vec![(0, 5)]), (10_000, vec![(0, 8)])]);
    let steady = client_events(&lab, c).into_iter().all(|(_, e)| match e {
        ClientEvent::CommitSent {
            reason: CommitReason::Auto,
            join_state,
            ..
        } => join_state == kafka_sim::consumer::JoinState::Steady,
        _ => true,
    });
    assert!(steady);
}

fn commit_on_revoke() {
    let mut lab = lab(28);
    produce(&mut lab, &test_tp(0), 0, 100);
    let props = with(
        manual_commit_config(),
        &[
            ("enable.auto.commit", ConfigValue::Bool(true)),
            ("auto.commit.interval.ms", ConfigValue::Int(60_000)),
        ],
    );
    let program = looping(subscribe(), 60, vec![], vec![], vec![]);
    let first = lab.start(&props, &program).unwrap();
    lab.run_until(8_000);
    assert_eq!(committed_test(&lab), VecMap::new());
    lab.start(&props, &program).unwrap();
    lab.run_until(20_000);
    assert_eq!(committed_test(&lab), [(0, 100)].into());
    let removal = commits_sent(&lab, first)
        .into_iter()
        .find(|(_, reason, _)| *reason == CommitReason::Removal);
    assert_eq!(removal.unwrap().2, [(0, 100)]);
    // The stored offset was forgotten: whoever owns t-0 now has nothing stored.
    for c in lab.consumers() {
        assert_eq!(c.client.stored_offset(&test_tp(0)), None);
    }
}

fn commit_on_close() {
    for (instance, leaves) in [(None, true), (Some("s1"), false)] {
        let mut lab = lab(29);
        produce(&mut lab, &test_tp(0), 0, 10);
        let mut props = with(
            manual_commit_config(),
            &[
                ("enable.auto.commit", ConfigValue::Bool(true)),
                ("auto.commit.interval.ms", ConfigValue::Int(60_000)),
            ],
        );
        if let Some(instance) = instance {
            props.push(("group.instance.id", str(instance)));
        }
        let c = lab
            .start(&props, &looping(subscribe(), 60, vec![], vec![], vec![]))
            .unwrap();
        lab.run_until(5_000);
        lab.interrupt(c);
        lab.run_until(10_000);
        assert_eq!(committed_test(&lab), [(0, 10)].into());
        let left = client_events(&lab, c)
            .iter()
            .any(|(_, e)| matches!(e, ClientEvent::LeaveSent { .. }));
        assert_eq!(left, leaves, "{instance:?}");
        assert!(lab.consumer(c).client.is_closed());
    }
}

fn no_commit_on_close_manual() {
    let mut lab = lab(30);
    produce(&mut lab, &test_tp(0), 0, 10);
    let c = lab
        .start(
            &manual_commit_config(),
            &looping(subscribe(), 60, vec![], vec![], vec![]),
        )
        .unwrap();
    lab.run_until(5_000);
    assert_eq!(processed(&lab, c).len(), 10);
    lab.interrupt(c);
    lab.run_until(10_000);
    assert!(lab.consumer(c).client.is_closed());
    assert_eq!(committed_test(&lab), VecMap::new());
}

fn assignment_lost_no_commit() {
    let mut lab = lab(31);
    produce(&mut lab, &test_tp(0), 0, 1);
    let props = with(
        manual_commit_config(),
        &[
            ("session.timeout.ms", ConfigValue::Int(6_000)),
            ("max.poll.interval.ms", ConfigValue::Int(7_000)),
        ],
    );
    let per_record = vec![
        Stmt::Work { line: 5, ms: 9_000 },
        Stmt::Commit {
            line: 6,
            asynchronous: true,
        },
    ];
    let mut program = looping(subscribe(), 30, per_record, vec![], vec![]);
    let Stmt::Try { body, .. } = &mut program.body[1] else {
        unreachable!()
    };
    let Stmt::Loop { body, .. } = &mut body[0] else {
        unreachable!()
    };
    let Stmt::ForEachRecord { body, .. } = &mut body[1] else {
        unreachable!()
    };
    body.remove(0); // no error check: the program goes on polling
    let c = lab.start(&props, &program).unwrap();
    lab.run_until(30_000);
    assert_eq!(committed_test(&lab), VecMap::new());
    let results: Vec<_> = lab
        .printed(c)
        .into_iter()
        .filter_map(|(_, p)| match p {
            Printed::CommitCallback(r) => r.error.map(|e| e.kind),
            _ => None,
        })
        .collect();
    // The commit() after the overrun, before the lost assignment was revoked (later ones,
    // on the new assignment, have nothing stored).
    assert_eq!(results, [ErrorKind::AssignmentLost, ErrorKind::NoOffset]);
    assert!(
        client_events(&lab, c)
            .iter()
            .any(|(_, e)| matches!(e, ClientEvent::LeaveSent { .. }))
    );
}

fn start_position() {
    let run = |reset: Option<&str>, committed: Option<i64>| {
        let mut lab = lab(32);
        produce(&mut lab, &test_tp(0), 0, 5);
        let mut props = manual_commit_config();
        props.retain(|(k, _)| *k != "auto.offset.reset");
        if let Some(reset) = reset {
            props.push(("auto.offset.reset", str(reset)));
        }
        let mut setup = vec![];
        if let Some(offset) = committed {
            setup.push(Stmt::CommitOffsets {
                line: 0,
                offsets: vec![(test_tp(0), offset)],
                asynchronous: false,
            });
        }
        let mut program = looping(subscribe(), 20, vec![], vec![], vec![]);
        program.body.splice(0..0, setup);
        let c = lab.start(&props, &program).unwrap();
        lab.run_until(6_000);
        produce(&mut lab, &test_tp(0), 5, 2);
        lab.run_until(10_000);
        processed(&lab, c)
            .iter()
            .map(|(_, o)| *o)
            .collect::<Vec<i64>>()
    };
    assert_eq!(
        run(None, None),
        [5, 6],
        "largest (default): only new messages"
    );
    assert_eq!(run(Some("earliest"), None), [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(run(Some("earliest"), Some(3)), [3, 4, 5, 6]);
}

#[test]
fn every_commit_semantics_case_holds() {
    let cases = cases();
    assert_eq!(cases.len(), 12);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        match id {
            "auto-store-on-poll" => auto_store_on_poll(),
            "commit-no-args" => commit_no_args(),
            "commit-no-args-nothing-stored" => commit_no_args_nothing_stored(),
            "commit-message" => commit_message(),
            "commit-offsets-explicit" => commit_offsets_explicit(),
            "store-offsets-message" => store_offsets_message(),
            "auto-commit-timer" => auto_commit_timer(),
            "commit-on-revoke" => commit_on_revoke(),
            "commit-on-close" => commit_on_close(),
            "no-commit-on-close-manual" => no_commit_on_close_manual(),
            "assignment-lost-no-commit" => assignment_lost_no_commit(),
            "start-position" => start_position(),
            other => panic!("no scenario for vector {other}"),
        }
    }
}
