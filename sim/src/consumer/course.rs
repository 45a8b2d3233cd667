//! The course's consumer exercises as programs, each statement tagged with its line in the
//! Python source (course/python/Consumer_*.py), with the settings each passes to
//! `Consumer(props)`.

use super::program::{Callbacks, Program, Stmt};
use crate::config::ConfigValue;

/// The topic of the consumer-group exercises.
pub const FOUR_PARTITION_TOPIC: &str = "ak03.fourpartition";

/// The topic of the commit exercises.
pub const TEST_TOPIC: &str = "ak03.test";

/// Where the statements of the shared poll loop are in one program.
struct LoopLines {
    subscribe: u32,
    try_: u32,
    start: u32,
    loop_: u32,
    consume: u32,
    for_: u32,
    error: u32,
    record: u32,
    interrupt: u32,
    except: u32,
    close: u32,
}

/// `subscribe`, then `try: print; while True: records = consume(500, 1.0); for record in
/// records: <error check>; <print>; per_record` then `after_batch`; `except`s, `finally:
/// finally_ ; close()`.
fn poll_loop(
    lines: &LoopLines,
    topic: &str,
    per_record: Vec<Stmt>,
    after_batch: Vec<Stmt>,
    finally_: Vec<Stmt>,
) -> Vec<Stmt> {
    let mut record_body = vec![
        Stmt::RaiseIfError { line: lines.error },
        Stmt::PrintRecord { line: lines.record },
    ];
    record_body.extend(per_record);
    let mut loop_body = vec![
        Stmt::Consume {
            line: lines.consume,
            num_messages: 500,
            timeout_ms: 1000,
        },
        Stmt::ForEachRecord {
            line: lines.for_,
            body: record_body,
        },
    ];
    loop_body.extend(after_batch);
    let mut finally = finally_;
    finally.push(Stmt::Close { line: lines.close });
    vec![
        Stmt::Subscribe {
            line: lines.subscribe,
            topics: vec![topic.to_string()],
        },
        Stmt::Try {
            line: lines.try_,
            body: vec![
                Stmt::PrintStart { line: lines.start },
                Stmt::Loop {
                    line: lines.loop_,
                    times: None,
                    body: loop_body,
                },
            ],
            interrupt_line: lines.interrupt,
            except_line: lines.except,
            finally,
        },
    ]
}

fn print_partitions(line: u32) -> Option<Vec<Stmt>> {
    Some(vec![Stmt::PrintPartitions { line }])
}

fn text(value: &str) -> ConfigValue {
    ConfigValue::Str(value.to_string())
}

/// Consumer_01_Cgroup: the group exercise on `ak03.fourpartition`, printing assignments and
/// revocations.
pub fn consumer_01() -> Program {
    let lines = LoopLines {
        subscribe: 53,
        try_: 56,
        start: 57,
        loop_: 58,
        consume: 60,
        for_: 61,
        error: 63,
        record: 76,
        interrupt: 78,
        except: 80,
        close: 83,
    };
    Program {
        body: poll_loop(&lines, FOUR_PARTITION_TOPIC, vec![], vec![], vec![]),
        callbacks: Callbacks {
            on_assign: print_partitions(30),
            on_revoke: print_partitions(35),
            error_cb: Some(12),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

pub fn consumer_01_config() -> Vec<(&'static str, ConfigValue)> {
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text("tdea")),
        ("auto.offset.reset", text("earliest")),
        ("session.timeout.ms", ConfigValue::Int(6000)),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}

/// Consumer_02_AutoCommit: auto-commit every 5 s, `on_commit` printing the results.
pub fn consumer_02() -> Program {
    let lines = LoopLines {
        subscribe: 48,
        try_: 51,
        start: 52,
        loop_: 53,
        consume: 55,
        for_: 56,
        error: 58,
        record: 71,
        interrupt: 73,
        except: 75,
        close: 78,
    };
    Program {
        body: poll_loop(&lines, TEST_TOPIC, vec![], vec![], vec![]),
        callbacks: Callbacks {
            on_commit: Some(28),
            error_cb: Some(11),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

pub fn consumer_02_config() -> Vec<(&'static str, ConfigValue)> {
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text("tdea")),
        ("auto.offset.reset", text("earliest")),
        ("enable.auto.commit", ConfigValue::Bool(true)),
        ("auto.commit.interval.ms", ConfigValue::Int(5000)),
        (
            "on_commit",
            ConfigValue::Callable("print_commit_result".into()),
        ),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}

/// The manual-commit exercises' settings: auto-commit off, with `on_commit`.
pub fn manual_commit_config() -> Vec<(&'static str, ConfigValue)> {
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text("tdea")),
        ("auto.offset.reset", text("earliest")),
        ("enable.auto.commit", ConfigValue::Bool(false)),
        (
            "on_commit",
            ConfigValue::Callable("print_commit_result".into()),
        ),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}

/// Consumer_03_CommitSync: `commit(asynchronous=False)` after every batch with records.
pub fn consumer_03() -> Program {
    let lines = LoopLines {
        subscribe: 45,
        try_: 48,
        start: 49,
        loop_: 50,
        consume: 54,
        for_: 55,
        error: 57,
        record: 71,
        interrupt: 78,
        except: 80,
        close: 83,
    };
    let after_batch = vec![Stmt::IfPulled {
        line: 74,
        body: vec![
            Stmt::Commit {
                line: 75,
                asynchronous: false,
            },
            Stmt::PrintSyncResult { line: 76 },
        ],
    }];
    Program {
        body: poll_loop(&lines, TEST_TOPIC, vec![], after_batch, vec![]),
        callbacks: Callbacks {
            error_cb: Some(10),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

/// Consumer_06_CommitSpecified: `commit(record)` (asynchronous) after each record.
pub fn consumer_06() -> Program {
    let lines = LoopLines {
        subscribe: 48,
        try_: 51,
        start: 52,
        loop_: 53,
        consume: 55,
        for_: 56,
        error: 58,
        record: 71,
        interrupt: 75,
        except: 77,
        close: 80,
    };
    let per_record = vec![Stmt::CommitRecord {
        line: 73,
        asynchronous: true,
    }];
    Program {
        body: poll_loop(&lines, TEST_TOPIC, per_record, vec![], vec![]),
        callbacks: Callbacks {
            on_commit: Some(29),
            error_cb: Some(12),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

/// Consumer_07_RebalanceCallback: remembers the last record per partition and commits them
/// in `on_revoke` (`commit_on_revoke`).
pub fn consumer_07() -> Program {
    let lines = LoopLines {
        subscribe: 78,
        try_: 83,
        start: 84,
        loop_: 85,
        consume: 87,
        for_: 88,
        error: 90,
        record: 103,
        interrupt: 108,
        except: 110,
        close: 113,
    };
    let per_record = vec![Stmt::Remember { line: 106 }];
    Program {
        body: poll_loop(&lines, FOUR_PARTITION_TOPIC, per_record, vec![], vec![]),
        callbacks: Callbacks {
            on_assign: print_partitions(37),
            on_revoke: Some(vec![
                Stmt::PrintPartitions { line: 53 },
                Stmt::CommitRemembered { line: 56 },
            ]),
            on_commit: Some(31),
            error_cb: Some(14),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

/// Consumer_cooperative: Consumer_01 with `partition.assignment.strategy=cooperative-sticky`.
pub fn consumer_cooperative() -> Program {
    let lines = LoopLines {
        subscribe: 54,
        try_: 57,
        start: 58,
        loop_: 59,
        consume: 61,
        for_: 62,
        error: 64,
        record: 77,
        interrupt: 79,
        except: 81,
        close: 84,
    };
    Program {
        body: poll_loop(&lines, FOUR_PARTITION_TOPIC, vec![], vec![], vec![]),
        callbacks: Callbacks {
            on_assign: print_partitions(31),
            on_revoke: print_partitions(36),
            error_cb: Some(13),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

pub fn consumer_cooperative_config() -> Vec<(&'static str, ConfigValue)> {
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text("tdea")),
        ("auto.offset.reset", text("earliest")),
        ("partition.assignment.strategy", text("cooperative-sticky")),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}

/// Consumer_static_membership: Consumer_01 as a static member (`group.instance.id`).
pub fn consumer_static_membership() -> Program {
    let lines = LoopLines {
        subscribe: 57,
        try_: 60,
        start: 61,
        loop_: 62,
        consume: 64,
        for_: 65,
        error: 67,
        record: 80,
        interrupt: 82,
        except: 84,
        close: 87,
    };
    Program {
        body: poll_loop(&lines, FOUR_PARTITION_TOPIC, vec![], vec![], vec![]),
        callbacks: Callbacks {
            on_assign: print_partitions(30),
            on_revoke: print_partitions(35),
            error_cb: Some(12),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

pub fn consumer_static_membership_config(instance: &str) -> Vec<(&'static str, ConfigValue)> {
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text("tdea")),
        ("group.instance.id", text(instance)),
        ("session.timeout.ms", ConfigValue::Int(30000)),
        ("auto.offset.reset", text("earliest")),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}
