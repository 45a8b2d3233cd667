//! The consumer exercises as programs the simulator runs (`kafka_sim::consumer::Program`).
//!
//! A poll-loop consumer (`PrintStart` and `Consume` anchors) starts with `subscribe()`
//! (`Subscribe`) or `assign()` (`Assign`), then runs `try: while True: consume(); for record
//! in records: ...` with what its anchors add: `commit(record)` per record or `commit()` after a
//! batch under `IfPulled` (`Commit`), `Remember` (Consumer_07's `offsets_dict`), `Seek`
//! (Consumer_assign_seek's one rewind), and a synchronous commit in `finally` before `close()`
//! (`CommitOnClose`, Consumer_05). A lag program (`Committed` and `Watermarks` anchors,
//! Consumer_lag) queries instead of consuming. The callbacks follow `OnAssign`, `OnRevoke`
//! (with `CommitOnRevoke`), `OnCommit` and `ErrorCallback`.

use super::ProgramError;
use super::producer::sleep_ms;
use super::python::{Main, arguments, keyword, seconds_ms};
use crate::exercise::{Anchor, Source};
use kafka_sim::TopicPartition;
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::{Callbacks, Program, Stmt};

/// A consumer exercise ready to run.
#[derive(Clone, Debug)]
pub struct ConsumerProgram {
    /// The topics the program subscribes to, assigns or queries (`topicName`).
    pub topics: Vec<String>,
    /// The `props` dict as `Consumer(props)` receives it.
    pub props: Vec<(&'static str, ConfigValue)>,
    /// What `Consumer(props)` makes of it.
    pub config: ConsumerConfig,
    /// The client the program uses: confluent-kafka's librdkafka, or kafka-python (whose
    /// `props` are `KafkaConsumer`'s keyword arguments).
    pub profile: Profile,
    pub program: Program,
}

/// The consumer program of `source`, run without command-line arguments.
pub fn consumer_program(source: &Source) -> Result<ConsumerProgram, ProgramError> {
    consumer_program_with_args(source, &[])
}

/// The consumer program of `source` run as `python <file> args...` (Consumer_static_membership
/// takes its `group.instance.id` from `sys.argv[1]`).
pub fn consumer_program_with_args(
    source: &Source,
    args: &[&str],
) -> Result<ConsumerProgram, ProgramError> {
    if super::kafka_python::is_kafka_python(source) {
        return super::kafka_python::consumer_program(source);
    }
    let b = Builder {
        main: Main::new(*source, args),
    };
    let topic = b
        .main
        .text("topicName")
        .ok_or(ProgramError::NotAConsumer("topicName"))?;
    let props = b.main.props().ok_or(ProgramError::NotAConsumer("props"))?;
    let config =
        ConsumerConfig::from_pairs(Profile::Librdkafka, &props).map_err(ProgramError::Config)?;
    let body = if b.main.has(Anchor::Committed) {
        b.lag_loop(&topic)?
    } else {
        b.poll_loop(&topic)?
    };
    Ok(ConsumerProgram {
        topics: vec![topic],
        props,
        config,
        profile: Profile::Librdkafka,
        program: Program {
            body,
            callbacks: b.callbacks()?,
            crash_after_records: None,
        },
    })
}

/// Reads one consumer source's statements, a missing anchor refused as not a consumer; the
/// kafka-python consumers' readers are added to it in [`super::kafka_python`].
pub(super) struct Builder<'a> {
    pub(super) main: Main<'a>,
}

impl Builder<'_> {
    pub(super) fn line(&self, anchor: Anchor) -> Result<u32, ProgramError> {
        self.main
            .line(anchor)
            .ok_or(ProgramError::NotAConsumer(anchor.name()))
    }

    pub(super) fn after(&self, anchor: Anchor, needle: &'static str) -> Result<u32, ProgramError> {
        self.main
            .after(anchor, needle)
            .ok_or(ProgramError::NotAConsumer(needle))
    }

    fn before(&self, anchor: Anchor, needle: &'static str) -> Result<u32, ProgramError> {
        self.main
            .before(anchor, needle)
            .ok_or(ProgramError::NotAConsumer(needle))
    }

    /// Whether the call on `line` blocks: `asynchronous=False`.
    fn synchronous(&self, line: u32) -> bool {
        self.main.text_of(line).contains("asynchronous=False")
    }

    /// The `TopicPartition(topic, partition, offset)`s of the call on `line`.
    fn partitions(&self, line: u32) -> Result<Vec<(TopicPartition, i64)>, ProgramError> {
        let text = self.main.text_of(line);
        text.match_indices("TopicPartition(")
            .map(|(at, _)| self.topic_partition(&text[at..]))
            .collect::<Option<_>>()
            .ok_or(ProgramError::NotAConsumer("TopicPartition"))
    }

    /// The `TopicPartition(topic, partition, offset)` `text` starts with, evaluated.
    fn topic_partition(&self, text: &str) -> Option<(TopicPartition, i64)> {
        let args = arguments(text, "TopicPartition")?;
        let value = |i: usize| self.main.value(args.get(i)?);
        match (value(0)?, value(1)?, value(2)?) {
            (ConfigValue::Str(topic), ConfigValue::Int(partition), ConfigValue::Int(offset)) => {
                let partition = i32::try_from(partition).ok()?;
                Some((TopicPartition::new(&topic, partition), offset))
            }
            _ => None,
        }
    }

    /// `try: print(start); while True: records = consume(...); for record in records: ...`.
    fn poll_loop(&self, topic: &str) -> Result<Vec<Stmt>, ProgramError> {
        let consume = self.line(Anchor::Consume)?;
        let consume_args = arguments(self.main.text_of(consume), "consumer.consume")
            .ok_or(ProgramError::NotAConsumer("consume"))?;
        let num_messages = keyword(&consume_args, "num_messages")
            .and_then(|n| n.parse().ok())
            .ok_or(ProgramError::NotAConsumer("num_messages"))?;
        let timeout_ms = keyword(&consume_args, "timeout")
            .and_then(seconds_ms)
            .ok_or(ProgramError::NotAConsumer("timeout"))?;

        let mut per_record = vec![self.error_check()?];
        if self.main.has(Anchor::Work) {
            let line = self.line(Anchor::Work)?;
            per_record.push(Stmt::Work {
                line,
                ms: self.sleep_ms(line)?,
            });
        }
        per_record.push(Stmt::PrintRecord {
            line: self.line(Anchor::PrintRecord)?,
        });
        let mut before_batch = Vec::new();
        let mut after_batch = Vec::new();
        if self.main.has(Anchor::Commit) {
            let line = self.line(Anchor::Commit)?;
            let asynchronous = !self.synchronous(line);
            if self.main.text_of(line).contains("commit(record") {
                per_record.push(Stmt::CommitRecord { line, asynchronous });
            } else {
                let mut body = vec![Stmt::Commit { line, asynchronous }];
                if !asynchronous {
                    body.push(Stmt::PrintSyncResult {
                        line: self.after(Anchor::Commit, "print_sync_commit_result(")?,
                    });
                }
                if self.main.has(Anchor::IfRecords) {
                    before_batch.push(Stmt::IfRecords {
                        line: self.line(Anchor::IfRecords)?,
                        body,
                    });
                } else {
                    after_batch.push(Stmt::IfPulled {
                        line: self.line(Anchor::IfPulled)?,
                        body,
                    });
                }
            }
        }
        if self.main.has(Anchor::Remember) {
            per_record.push(Stmt::Remember {
                line: self.line(Anchor::Remember)?,
            });
        }
        if self.main.has(Anchor::Seek) {
            let line = self.line(Anchor::Seek)?;
            let (tp, offset) = self
                .partitions(line)?
                .pop()
                .ok_or(ProgramError::NotAConsumer("seek"))?;
            after_batch.push(Stmt::SeekOnce {
                line,
                print_line: self.before(Anchor::Seek, "print(")?,
                tp,
                offset,
            });
        }

        let mut loop_body = vec![Stmt::Consume {
            line: consume,
            num_messages,
            timeout_ms,
        }];
        loop_body.extend(before_batch);
        loop_body.push(Stmt::ForEachRecord {
            line: self.after(Anchor::Consume, "for record in records:")?,
            body: per_record,
        });
        loop_body.extend(after_batch);
        let body = vec![
            Stmt::PrintStart {
                line: self.line(Anchor::PrintStart)?,
            },
            Stmt::Loop {
                line: self.after(Anchor::PrintStart, "while True:")?,
                times: None,
                body: loop_body,
            },
        ];
        Ok(vec![
            self.start(topic)?,
            self.try_(self.before(Anchor::PrintStart, "try:")?, body)?,
        ])
    }

    /// `if record.error():` raising `KafkaException`, or printing the error and going on
    /// with the next record (`SkipError`).
    fn error_check(&self) -> Result<Stmt, ProgramError> {
        if self.main.has(Anchor::SkipError) {
            return Ok(Stmt::SkipIfError {
                line: self.line(Anchor::SkipError)?,
                print_line: Some(self.after(Anchor::SkipError, "print(")?),
            });
        }
        Ok(Stmt::RaiseIfError {
            line: self.after(Anchor::Consume, "if record.error():")?,
        })
    }

    /// The milliseconds of the `time.sleep(seconds)` on `line`: a number, or a variable the
    /// program assigns (Consumer_max_poll's `processingTime`).
    fn sleep_ms(&self, line: u32) -> Result<u64, ProgramError> {
        let sleep = ProgramError::NotAConsumer("time.sleep");
        let args = arguments(self.main.text_of(line), "time.sleep").ok_or(sleep.clone())?;
        let seconds = match self.main.value(args.first().ok_or(sleep.clone())?) {
            Some(ConfigValue::Int(seconds)) => u64::try_from(seconds).ok(),
            _ => None,
        };
        seconds.map(|s| s * 1_000).ok_or(sleep)
    }

    /// `subscribe([topicName], ...)` or `assign([TopicPartition(...)])`.
    fn start(&self, topic: &str) -> Result<Stmt, ProgramError> {
        if self.main.has(Anchor::Assign) {
            let line = self.line(Anchor::Assign)?;
            Ok(Stmt::Assign {
                line,
                partitions: self.partitions(line)?,
            })
        } else {
            Ok(Stmt::Subscribe {
                line: self.line(Anchor::Subscribe)?,
                topics: vec![topic.to_owned()],
            })
        }
    }

    /// The `timeout=` seconds of the call `function` on the anchor's line, in ms (`None`
    /// without one: the call waits forever).
    fn timeout_of(&self, anchor: Anchor, function: &str) -> Option<u64> {
        let line = self.line(anchor).ok()?;
        let args = arguments(self.main.text_of(line), function)?;
        keyword(&args, "timeout").and_then(seconds_ms)
    }

    /// `try: while True: committed(...); for tp in committed: get_watermark_offsets(tp);
    /// print(lag) ...; print(total); time.sleep(5)` (Consumer_lag).
    fn lag_loop(&self, topic: &str) -> Result<Vec<Stmt>, ProgramError> {
        let sleep = self.line(Anchor::Sleep)?;
        let body = vec![Stmt::Loop {
            line: self.before(Anchor::Committed, "while True:")?,
            times: None,
            body: vec![
                Stmt::Committed {
                    line: self.line(Anchor::Committed)?,
                    topic: topic.to_owned(),
                    timeout_ms: self.timeout_of(Anchor::Committed, "consumer.committed"),
                },
                Stmt::ForEachCommitted {
                    line: self.after(Anchor::Committed, "for tp in committed:")?,
                    body: vec![
                        Stmt::GetWatermarks {
                            line: self.line(Anchor::Watermarks)?,
                            timeout_ms: self
                                .timeout_of(Anchor::Watermarks, "consumer.get_watermark_offsets"),
                        },
                        Stmt::PrintLag {
                            line: self.after(Anchor::Watermarks, "print(")?,
                        },
                    ],
                },
                Stmt::PrintTotalLag {
                    line: self.after(Anchor::Watermarks, "print('Total lag")?,
                },
                Stmt::Sleep {
                    line: sleep,
                    ms: sleep_ms(&self.main, sleep)
                        .ok_or(ProgramError::NotAConsumer("time.sleep"))?,
                },
            ],
        }];
        Ok(vec![
            self.try_(self.before(Anchor::Committed, "try:")?, body)?,
        ])
    }

    /// `try: body except KeyboardInterrupt: ... except Exception as e: print(e) finally: ...
    /// consumer.close()`, the `finally` first committing synchronously in its own `try` when
    /// the program does (Consumer_05).
    fn try_(&self, line: u32, body: Vec<Stmt>) -> Result<Stmt, ProgramError> {
        let close = Stmt::Close {
            line: self.line(Anchor::Close)?,
        };
        let finally = if self.main.has(Anchor::CommitOnClose) {
            let commit = self.line(Anchor::CommitOnClose)?;
            vec![Stmt::TryKafka {
                line: self.before(Anchor::CommitOnClose, "try:")?,
                body: vec![
                    Stmt::Commit {
                        line: commit,
                        asynchronous: !self.synchronous(commit),
                    },
                    Stmt::PrintSyncResult {
                        line: self.after(Anchor::CommitOnClose, "print_sync_commit_result(")?,
                    },
                ],
                except_line: self.after(Anchor::CommitOnClose, "print(e)")?,
                finally: vec![close],
            }]
        } else {
            vec![close]
        };
        Ok(Stmt::Try {
            line,
            body,
            interrupt_line: self.line(Anchor::Aborted)?,
            except_line: self.after(Anchor::Aborted, "print(e)")?,
            finally,
        })
    }

    /// The callbacks the program registers, each by the line of its `print`.
    fn callbacks(&self) -> Result<Callbacks, ProgramError> {
        let print = |anchor, needle| -> Result<Option<u32>, ProgramError> {
            match self.main.has(anchor) {
                true => self.after(anchor, needle).map(Some),
                false => Ok(None),
            }
        };
        let partitions = |anchor, needle| -> Result<Option<Vec<Stmt>>, ProgramError> {
            Ok(print(anchor, needle)?.map(|line| vec![Stmt::PrintPartitions { line }]))
        };
        let mut on_revoke = partitions(Anchor::OnRevoke, "print('Revoking")?;
        if let (Some(body), Some(line)) = (&mut on_revoke, self.main.line(Anchor::CommitOnRevoke)) {
            body.push(Stmt::CommitRemembered { line });
        }
        Ok(Callbacks {
            on_assign: partitions(Anchor::OnAssign, "print('Setting")?,
            on_revoke,
            on_lost: partitions(Anchor::OnLost, "print('Lost")?,
            on_commit: print(Anchor::OnCommit, "print('# Committed offsets for:")?,
            error_cb: print(Anchor::ErrorCallback, "print(")?,
        })
    }
}
