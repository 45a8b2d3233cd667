//! An offset-less synchronous `commit()` with nothing stored beyond the committed offsets
//! raises `_NO_OFFSET` ("Commit failed: Local: No offset stored").

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::course::manual_commit_config;
use kafka_sim::consumer::{ClientError, CommittedPartition, ErrorKind, Printed, Program, Stmt};

/// Consume a few times, committing synchronously after each batch with records, then
/// commit once more with nothing consumed since (Consumer_05's `finally` commit).
fn program() -> Program {
    let batch_loop = Stmt::Loop {
        line: 3,
        times: Some(8),
        body: vec![
            Stmt::Consume {
                line: 4,
                num_messages: 500,
                timeout_ms: 1000,
            },
            Stmt::ForEachRecord {
                line: 5,
                body: vec![
                    Stmt::RaiseIfError { line: 5 },
                    Stmt::PrintRecord { line: 6 },
                ],
            },
            Stmt::IfPulled {
                line: 7,
                body: vec![
                    Stmt::Commit {
                        line: 8,
                        asynchronous: false,
                    },
                    Stmt::PrintSyncResult { line: 9 },
                ],
            },
        ],
    };
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![test_tp(0).topic],
            },
            Stmt::Try {
                line: 2,
                body: vec![
                    batch_loop,
                    Stmt::Commit {
                        line: 10,
                        asynchronous: false,
                    },
                ],
                interrupt_line: 11,
                except_line: 12,
                finally: vec![Stmt::Close { line: 13 }],
            },
        ],
        ..Program::default()
    }
}

#[test]
fn a_commit_with_nothing_new_raises_no_offset() {
    let mut lab = lab(9);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 5);
    let c = lab.start(&manual_commit_config(), &program()).unwrap();
    lab.run_until(20_000);
    assert_eq!(lab.committed(GROUP).get(&tp), Some(&5));
    let out: Vec<(u32, Printed)> = printed(&lab, c)
        .into_iter()
        .filter(|(line, _)| *line != 6)
        .collect();
    // The sync commit after the batch returns every assigned partition; those without a
    // newer stored offset show -1001.
    let committed = |partition, offset| CommittedPartition {
        tp: test_tp(partition),
        offset,
        error: None,
    };
    assert_eq!(
        out,
        [
            (
                9,
                Printed::SyncCommitResult(vec![
                    committed(0, 5),
                    committed(1, -1001),
                    committed(2, -1001)
                ])
            ),
            (
                12,
                Printed::Exception(ClientError::with_message(
                    ErrorKind::NoOffset,
                    "Commit failed: Local: No offset stored"
                ))
            ),
        ]
    );
}
