//! The consumer scenarios of `observe.rs` run on the model (`kafka_sim_testkit::GroupLab`:
//! one broker, 1 ms one-way latency, librdkafka's defaults plus the same settings), returned in
//! the same shape so that the tests compare them field by field.

use crate::member::GroupEvent;
use crate::observe::{
    CommitObservation, CrashObservation, OutOfRange, SeekObservation, StaticReturn, crash_settings,
    static_settings,
};
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::console::LogFacility;
use kafka_sim::consumer::client::ConsumerClient;
use kafka_sim::consumer::{
    CallbackKind, Callbacks, ClientEvent, Printed, ProcessState, Program, ProgramEvent, Stmt,
};
use kafka_sim::engine::Millis;
use kafka_sim_testkit::{GroupLab, LabEvent};

/// A property as confluent-kafka-python passes it: numbers and booleans typed, the rest text.
fn value(text: &str) -> ConfigValue {
    match (text.parse::<i64>(), text) {
        (Ok(n), _) => ConfigValue::Int(n),
        (_, "true") => ConfigValue::Bool(true),
        (_, "false") => ConfigValue::Bool(false),
        _ => ConfigValue::Str(text.to_string()),
    }
}

/// The settings as the model takes them. `session.timeout.ms` is raised to 6000: the model's
/// broker, as Apache Kafka's, refuses sessions below `group.min.session.timeout.ms` (6000,
/// apache/kafka `GroupCoordinatorConfig`) with INVALID_SESSION_TIMEOUT, while the mock takes
/// the harness's 4000. It only changes when the crashed member is dropped, not what is
/// processed or committed.
pub(crate) fn props(settings: &[(&'static str, &str)]) -> Vec<(&'static str, ConfigValue)> {
    settings
        .iter()
        .map(|&(key, text)| match key {
            "session.timeout.ms" => (key, ConfigValue::Int(6_000)),
            _ => (key, value(text)),
        })
        .collect()
}

/// A lab with one single-partition topic holding records `0..records`.
fn filled(tp: &TopicPartition, records: usize) -> GroupLab {
    let mut lab = GroupLab::new(0, VecMap::from([(tp.topic.to_string(), 1)]), 1);
    for n in 0..records {
        lab.produce(tp, "", &n.to_string());
    }
    lab
}

/// `while True: msg = consumer.poll(0.1)` (lines 2-3), an error printed and skipped (`if
/// msg.error(): print(...); continue`, lines 4-5), then `body` for a record.
pub(crate) fn error_skipping_loop(body: Vec<Stmt>) -> Stmt {
    let mut each = vec![Stmt::SkipIfError {
        line: 4,
        print_line: Some(5),
    }];
    each.extend(body);
    Stmt::Loop {
        line: 2,
        times: None,
        body: vec![
            Stmt::Poll {
                line: 3,
                timeout_ms: 100,
            },
            Stmt::ForEachRecord {
                line: 3,
                body: each,
            },
        ],
    }
}

/// `msg = consumer.poll(timeout=20)` and, for the record, `body` (`next_record` of the
/// harness waits up to 20 s for one record).
fn poll_one(line: u32, body: Vec<Stmt>) -> Vec<Stmt> {
    vec![
        Stmt::Poll {
            line,
            timeout_ms: 20_000,
        },
        Stmt::ForEachRecord { line, body },
    ]
}

fn print_record(line: u32) -> Stmt {
    Stmt::PrintRecord { line }
}

/// The offsets consumer `index` processed, in order.
fn processed(lab: &GroupLab, index: usize) -> Vec<i64> {
    lab.trace()
        .iter()
        .filter(|e| e.consumer == Some(index))
        .filter_map(|e| match &e.event {
            LabEvent::Program(ProgramEvent::Processed { offset, .. }) => Some(*offset),
            _ => None,
        })
        .collect()
}

/// Runs until `done` holds, in 100 ms steps, for at most `limit_ms` of virtual time.
fn run_while(lab: &mut GroupLab, limit_ms: Millis, done: impl Fn(&GroupLab) -> bool) {
    let end = lab.now() + limit_ms;
    while !done(lab) && lab.now() < end {
        lab.run_until(lab.now() + 100);
    }
}

/// `observe::manual_commits` on the model: `commit()` (inside `try`, its `print(e)` on line
/// 3), poll one record and `commit(message)` (sync, result printed on line 7), poll two more
/// and `commit()` (printed on line 11), then `commit()` again (its `print(e)` on line 13).
pub fn manual_commits(records: usize) -> CommitObservation {
    let tp = TopicPartition::new("ak03.commits", 0);
    let mut lab = filled(&tp, records);
    let try_commit = |except_line| Stmt::TryKafka {
        line: except_line - 1,
        body: vec![Stmt::Commit {
            line: except_line - 1,
            asynchronous: false,
        }],
        except_line,
        finally: Vec::new(),
    };
    let mut body = vec![
        Stmt::Subscribe {
            line: 1,
            topics: vec![tp.topic.to_string()],
        },
        try_commit(3),
    ];
    body.extend(poll_one(
        4,
        vec![
            print_record(5),
            Stmt::CommitRecord {
                line: 6,
                asynchronous: false,
            },
            Stmt::PrintSyncResult { line: 7 },
        ],
    ));
    body.push(Stmt::Loop {
        line: 8,
        times: Some(2),
        body: poll_one(8, vec![print_record(9)]),
    });
    body.push(Stmt::Commit {
        line: 10,
        asynchronous: false,
    });
    body.push(Stmt::PrintSyncResult { line: 11 });
    body.push(try_commit(13));
    let program = Program {
        body,
        ..Program::default()
    };
    let settings = props(&[
        ("group.id", "ak03-manual"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ]);
    lab.start(&settings, &program).expect("valid settings");
    run_while(&mut lab, 60_000, |lab| {
        lab.printed(0).iter().any(|(line, _)| *line == 13)
            || lab.consumer(0).state() != ProcessState::Running
    });
    let out = lab.printed(0);
    let on = |wanted: u32| out.iter().filter(move |(line, _)| *line == wanted);
    let exception = |line| match on(line).next() {
        Some((_, Printed::Exception(e))) => Err(format!("{:?}", e.kind)),
        _ => Ok(()),
    };
    let committed = |line| match on(line).next() {
        Some((_, Printed::SyncCommitResult(parts))) => parts.first().map(|p| p.offset),
        _ => None,
    };
    let record = |wanted: u32| {
        out.iter()
            .rev()
            .find_map(|(line, p)| match p {
                Printed::Record { offset, .. } if *line == wanted => Some(*offset),
                _ => None,
            })
            .expect("a record")
    };
    CommitObservation {
        commit_before_consuming: exception(3),
        first_record: record(5),
        committed_after_commit_record: committed(7),
        last_record: record(9),
        committed_after_commit_stored: committed(11),
        commit_again: exception(13),
    }
}

/// `observe::crash_after_auto_commit` on the model: consumer 0 processes `before` records
/// with `poll()`, sleeps 2.5 s (the auto-commit timer keeps running), processes `after` more
/// and is killed; then consumer 1 joins and reads the partition to its end.
pub fn crash_after_auto_commit(before: u64, after: u64) -> CrashObservation {
    let tp = TopicPartition::new("ak03.crash", 0);
    let records = before + after + 3;
    let mut lab = filled(&tp, records as usize);
    let settings = props(&crash_settings());
    let subscribe = Stmt::Subscribe {
        line: 1,
        topics: vec![tp.topic.to_string()],
    };
    let crashing = Program {
        body: vec![
            subscribe.clone(),
            Stmt::Loop {
                line: 2,
                times: Some(before),
                body: poll_one(3, vec![print_record(4)]),
            },
            Stmt::Sleep { line: 5, ms: 2_500 },
            Stmt::Loop {
                line: 6,
                times: Some(after),
                body: poll_one(7, vec![print_record(8)]),
            },
        ],
        crash_after_records: Some(before + after),
        ..Program::default()
    };
    lab.start(&settings, &crashing).expect("valid settings");
    run_while(&mut lab, 60_000, |lab| {
        lab.consumer(0).state() != ProcessState::Running
    });
    let committed_after_crash = lab.committed("ak03-crash").get(&tp).copied();
    let next = Program {
        body: vec![
            subscribe,
            Stmt::Loop {
                line: 2,
                times: None,
                body: poll_one(3, vec![print_record(4)]),
            },
        ],
        ..Program::default()
    };
    lab.start(&settings, &next).expect("valid settings");
    let last = records as i64 - 1;
    run_while(&mut lab, 60_000, |lab| {
        processed(lab, 1).last() == Some(&last)
    });
    CrashObservation {
        processed_before_crash: processed(&lab, 0),
        committed_after_crash,
        processed_by_next_owner: processed(&lab, 1),
    }
}

/// `observe::static_member_returns` on the model: Consumer_static_membership's loop
/// (`poll(0.1)` in `try`, `close()` in `finally`, the rebalance callbacks print their
/// partitions); consumer 0 is interrupted (Ctrl+C: `close()`), comes back after `away_ms`
/// as a new process with the same `group.instance.id`, and both run 8 s more.
pub fn static_member_returns(away_ms: Millis) -> StaticReturn {
    let topic = "ak03.static";
    let mut lab = GroupLab::new(0, VecMap::from([(topic.to_string(), 4)]), 1);
    let program = Program {
        body: vec![Stmt::Try {
            line: 1,
            body: vec![
                Stmt::Subscribe {
                    line: 2,
                    topics: vec![topic.to_string()],
                },
                Stmt::Loop {
                    line: 3,
                    times: None,
                    body: vec![Stmt::Poll {
                        line: 4,
                        timeout_ms: 100,
                    }],
                },
            ],
            interrupt_line: 5,
            except_line: 6,
            finally: vec![Stmt::Close { line: 7 }],
        }],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 8 }]),
            on_revoke: Some(vec![Stmt::PrintPartitions { line: 9 }]),
            ..Callbacks::default()
        },
        ..Program::default()
    };
    let first = lab
        .start(&props(&static_settings("i0")), &program)
        .expect("valid settings");
    let other = lab
        .start(&props(&static_settings("i1")), &program)
        .expect("valid settings");
    run_while(&mut lab, 30_000, |lab| {
        let held = |i| lab.consumer(i).client.assignment().len();
        held(first) + held(other) == 4 && held(first) > 0
    });
    lab.run_until(lab.now() + 1_000);
    let held_before = lab.consumer(first).client.assignment();
    let seen = callbacks(&lab, other).len();
    lab.interrupt(first);
    run_while(&mut lab, 30_000, |lab| {
        lab.consumer(first).state() != ProcessState::Running
    });
    lab.run_until(lab.now() + away_ms);
    let back = lab
        .start(&props(&static_settings("i0")), &program)
        .expect("valid settings");
    lab.run_until(lab.now() + 8_000);
    StaticReturn {
        held_before,
        held_after_return: lab.consumer(back).client.assignment(),
        other_callbacks: callbacks(&lab, other).split_off(seen),
    }
}

/// The rebalance callbacks consumer `index` ran, as the harness records them.
pub(crate) fn callbacks(lab: &GroupLab, index: usize) -> Vec<GroupEvent> {
    lab.printed(index)
        .into_iter()
        .filter_map(|(_, printed)| match printed {
            Printed::Partitions {
                callback: CallbackKind::OnAssign,
                partitions,
            } => Some(GroupEvent::Assigned(partitions)),
            Printed::Partitions {
                callback: CallbackKind::OnRevoke | CallbackKind::OnLost,
                partitions,
            } => Some(GroupEvent::Revoked(partitions)),
            _ => None,
        })
        .collect()
}

/// [`crate::observe::seeks`] on the model's consumer client: `seek()` right after
/// `subscribe()`, then, once the group's assignment gave it partition 0 of the two, to it and
/// to partition 1.
pub fn seeks() -> SeekObservation {
    let topic = "ak03.seek";
    let config =
        ConsumerConfig::from_pairs(Profile::Librdkafka, &props(&[("group.id", "ak03-seek")]))
            .expect("valid settings");
    let mut client = ConsumerClient::new(config, VecMap::from([(topic.to_string(), 2)]), 0);
    let (own, others) = (TopicPartition::new(topic, 0), TopicPartition::new(topic, 1));
    let seek = |client: &mut ConsumerClient, tp| {
        client.seek(0, tp, 0).map_err(|e| format!("{:?}", e.kind))
    };
    let right_after_subscribe = seek(&mut client, &own);
    client.assign(0, &[(own.clone(), None)]);
    SeekObservation {
        right_after_subscribe,
        own_partition: seek(&mut client, &own),
        others_partition: seek(&mut client, &others),
    }
}

/// `observe::fetch_out_of_range` on the model: `assign()` partition 0 of an empty topic at
/// offset 100, then [`error_skipping_loop`].
pub fn fetch_out_of_range(reset: &str) -> OutOfRange {
    let tp = TopicPartition::new("ak03.range", 0);
    let mut lab = filled(&tp, 0);
    let program = Program {
        body: vec![
            Stmt::Assign {
                line: 1,
                partitions: vec![(tp.clone(), 100)],
            },
            error_skipping_loop(Vec::new()),
        ],
        ..Program::default()
    };
    let settings = props(&[
        ("group.id", "ak03-range"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", reset),
    ]);
    lab.start(&settings, &program).expect("valid settings");
    lab.run_until(10_000);
    let error = lab
        .printed(0)
        .into_iter()
        .find_map(|(_, printed)| match printed {
            Printed::Error(e) => Some(e.message),
            _ => None,
        });
    let warning = lab.trace().iter().find_map(|e| match &e.event {
        LabEvent::Client(ClientEvent::Logged {
            facility: LogFacility::Offset,
            text,
        }) => Some(text.clone()),
        _ => None,
    });
    OutOfRange { error, warning }
}
