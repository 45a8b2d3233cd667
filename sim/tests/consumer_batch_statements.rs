//! Two statements of the course's program variants: `if(records):` before the record loop (a
//! commit before processing, at-most-once) and `if record.error(): print(...); continue`
//! (a program that goes on after `_MAX_POLL_EXCEEDED` and joins again).

mod consumer_common;

use consumer_common::*;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{CallbackKind, Callbacks, ErrorKind, Printed, Program, Stmt};

/// `consume()`, then `if(records): commit(asynchronous=False)`, then the records.
fn commit_first(crash_after_records: Option<u64>) -> Program {
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![test_tp(0).topic.to_string()],
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
                    Stmt::IfRecords {
                        line: 4,
                        body: vec![Stmt::Commit {
                            line: 5,
                            asynchronous: false,
                        }],
                    },
                    Stmt::ForEachRecord {
                        line: 6,
                        body: vec![
                            Stmt::RaiseIfError { line: 7 },
                            Stmt::PrintRecord { line: 8 },
                        ],
                    },
                ],
            },
        ],
        callbacks: Callbacks::default(),
        crash_after_records,
    }
}

#[test]
fn a_commit_before_processing_covers_the_records_a_crash_leaves_unprocessed() {
    let mut lab = lab(5);
    produce(&mut lab, &test_tp(0), 0, 12);
    lab.start(&manual_commit_config(), &commit_first(Some(5)))
        .unwrap();
    lab.run_until(60_000);
    let processed = processed(&lab, 0);
    assert_eq!(processed.len(), 5, "it dies after the 5th record");
    assert_eq!(
        lab.committed(GROUP),
        [(test_tp(0), 12)].into(),
        "the whole batch was committed before processing"
    );
}

#[test]
fn an_empty_batch_commits_nothing() {
    let mut lab = lab(5);
    lab.start(&manual_commit_config(), &commit_first(None))
        .unwrap();
    lab.run_until(20_000);
    assert!(lab.committed(GROUP).is_empty());
    let raised = lab
        .printed(0)
        .into_iter()
        .any(|(_, printed)| matches!(printed, Printed::Exception(_)));
    assert!(!raised, "no commit of nothing (_NO_OFFSET) was attempted");
}

/// Each record takes 9 s against a 7 s `max.poll.interval.ms`; an error is printed and the
/// loop goes on.
fn slow_and_forgiving() -> Program {
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
                            Stmt::SkipIfError {
                                line: 5,
                                print_line: Some(6),
                            },
                            Stmt::Work { line: 8, ms: 9_000 },
                            Stmt::PrintRecord { line: 9 },
                        ],
                    },
                ],
            },
        ],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 10 }]),
            on_lost: Some(vec![Stmt::PrintPartitions { line: 12 }]),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

#[test]
fn a_skipped_error_is_printed_and_the_program_joins_again() {
    let mut lab = lab(13);
    produce(&mut lab, &four(0), 0, 1);
    let props = [
        ("group.id", ConfigValue::Str("tdea".into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("max.poll.interval.ms", ConfigValue::Int(7000)),
    ];
    let c = lab.start(&props, &slow_and_forgiving()).unwrap();
    lab.run_until(30_000);
    let printed = lab.printed(c);
    let error_at = printed
        .iter()
        .position(|(line, p)| {
            *line == 6 && matches!(p, Printed::Error(e) if e.kind == ErrorKind::MaxPollExceeded)
        })
        .expect("the _MAX_POLL_EXCEEDED record is printed on the print line");
    let callbacks: Vec<CallbackKind> = printed
        .iter()
        .filter_map(|(_, p)| match p {
            Printed::Partitions { callback, .. } => Some(*callback),
            _ => None,
        })
        .collect();
    assert_eq!(
        callbacks,
        [
            CallbackKind::OnAssign,
            CallbackKind::OnLost,
            CallbackKind::OnAssign
        ]
    );
    let assigned_again = printed
        .iter()
        .rposition(|(_, p)| matches!(p, Printed::Partitions { .. }))
        .unwrap();
    assert!(
        error_at < assigned_again,
        "the loop went on after the error"
    );
}
