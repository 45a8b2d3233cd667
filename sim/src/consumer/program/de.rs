//! A consumer program (its statements, callbacks and fields), read from a scenario file with
//! the tables of [`crate::program::de`].

use super::{Callbacks, Program, Stmt};
use crate::TopicPartition;
use crate::program::de::{self, At, Read, Spec, kinds, read_structs, spec};
use crate::topic::Topic;
use serde::de::Deserializer;

de::read_by_deserialize!(Topic);

kinds! {
    U32: u32,
    OptU32: Option<u32>,
    U64: u64,
    OptU64: Option<u64>,
    Usize: usize,
    OptUsize: Option<usize>,
    Bool: bool,
    I64: i64,
    Text: String,
    Texts: Vec<String>,
    Body: Vec<Stmt>,
    Tp: TopicPartition,
    Tps: Vec<TopicPartition>,
    Offsets: Vec<(TopicPartition, i64)>,
    OptBody: Option<Vec<Stmt>>,
    Handlers: Callbacks,
    Name: Topic,
    I32: i32,
}

use Kind::*;

const LINE: &[&str] = &["line"];
const BODY: &[&str] = &["line", "body"];
const ASYNC: &[&str] = &["line", "asynchronous"];

/// Every statement, in [`Stmt`]'s order: its name, its fields' names and types, how it is made.
const SPECS: &[Spec<Kind, Stmt>] = &[
    spec("print_start", LINE, &[U32], |f| {
        Ok(Stmt::PrintStart { line: f.get()? })
    }),
    spec("subscribe", &["line", "topics"], &[U32, Texts], |f| {
        Ok(Stmt::Subscribe {
            line: f.get()?,
            topics: f.get()?,
        })
    }),
    spec("assign", &["line", "partitions"], &[U32, Offsets], |f| {
        Ok(Stmt::Assign {
            line: f.get()?,
            partitions: f.get()?,
        })
    }),
    spec(
        "loop",
        &["line", "times", "body"],
        &[U32, OptU64, Body],
        |f| {
            Ok(Stmt::Loop {
                line: f.get()?,
                times: f.opt(),
                body: f.get()?,
            })
        },
    ),
    spec("while_running", BODY, &[U32, Body], |f| {
        Ok(Stmt::WhileRunning {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec(
        "consume",
        &["line", "num_messages", "timeout_ms"],
        &[U32, Usize, U64],
        |f| {
            Ok(Stmt::Consume {
                line: f.get()?,
                num_messages: f.get()?,
                timeout_ms: f.get()?,
            })
        },
    ),
    spec("poll", &["line", "timeout_ms"], &[U32, U64], |f| {
        Ok(Stmt::Poll {
            line: f.get()?,
            timeout_ms: f.get()?,
        })
    }),
    spec("for_each_record", BODY, &[U32, Body], |f| {
        Ok(Stmt::ForEachRecord {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec("raise_if_error", LINE, &[U32], |f| {
        Ok(Stmt::RaiseIfError { line: f.get()? })
    }),
    spec("work", &["line", "ms"], &[U32, U64], |f| {
        Ok(Stmt::Work {
            line: f.get()?,
            ms: f.get()?,
        })
    }),
    spec("print_record", LINE, &[U32], |f| {
        Ok(Stmt::PrintRecord { line: f.get()? })
    }),
    spec("commit_record", ASYNC, &[U32, Bool], |f| {
        Ok(Stmt::CommitRecord {
            line: f.get()?,
            asynchronous: f.get()?,
        })
    }),
    spec("store_record", LINE, &[U32], |f| {
        Ok(Stmt::StoreRecord { line: f.get()? })
    }),
    spec("remember", LINE, &[U32], |f| {
        Ok(Stmt::Remember { line: f.get()? })
    }),
    spec("commit_remembered", LINE, &[U32], |f| {
        Ok(Stmt::CommitRemembered { line: f.get()? })
    }),
    spec("commit", ASYNC, &[U32, Bool], |f| {
        Ok(Stmt::Commit {
            line: f.get()?,
            asynchronous: f.get()?,
        })
    }),
    spec(
        "commit_offsets",
        &["line", "offsets", "asynchronous"],
        &[U32, Offsets, Bool],
        |f| {
            Ok(Stmt::CommitOffsets {
                line: f.get()?,
                offsets: f.get()?,
                asynchronous: f.get()?,
            })
        },
    ),
    spec("print_sync_result", LINE, &[U32], |f| {
        Ok(Stmt::PrintSyncResult { line: f.get()? })
    }),
    spec("if_pulled", BODY, &[U32, Body], |f| {
        Ok(Stmt::IfPulled {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec("if_records", BODY, &[U32, Body], |f| {
        Ok(Stmt::IfRecords {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec(
        "skip_if_error",
        &["line", "print_line"],
        &[U32, OptU32],
        |f| {
            Ok(Stmt::SkipIfError {
                line: f.get()?,
                print_line: f.opt(),
            })
        },
    ),
    spec(
        "seek_once",
        &["line", "print_line", "tp", "offset"],
        &[U32, U32, Tp, I64],
        |f| {
            Ok(Stmt::SeekOnce {
                line: f.get()?,
                print_line: f.get()?,
                tp: f.get()?,
                offset: f.get()?,
            })
        },
    ),
    spec(
        "committed",
        &["line", "topic", "timeout_ms"],
        &[U32, Text, OptU64],
        |f| {
            Ok(Stmt::Committed {
                line: f.get()?,
                topic: f.get()?,
                timeout_ms: f.opt(),
            })
        },
    ),
    spec("for_each_committed", BODY, &[U32, Body], |f| {
        Ok(Stmt::ForEachCommitted {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec(
        "get_watermarks",
        &["line", "timeout_ms"],
        &[U32, OptU64],
        |f| {
            Ok(Stmt::GetWatermarks {
                line: f.get()?,
                timeout_ms: f.opt(),
            })
        },
    ),
    spec("print_lag", LINE, &[U32], |f| {
        Ok(Stmt::PrintLag { line: f.get()? })
    }),
    spec("print_total_lag", LINE, &[U32], |f| {
        Ok(Stmt::PrintTotalLag { line: f.get()? })
    }),
    spec("print_partitions", LINE, &[U32], |f| {
        Ok(Stmt::PrintPartitions { line: f.get()? })
    }),
    spec("sleep", &["line", "ms"], &[U32, U64], |f| {
        Ok(Stmt::Sleep {
            line: f.get()?,
            ms: f.get()?,
        })
    }),
    spec("close", LINE, &[U32], |f| {
        Ok(Stmt::Close { line: f.get()? })
    }),
    spec("for_message", BODY, &[U32, Body], |f| {
        Ok(Stmt::ForMessage {
            line: f.get()?,
            body: f.get()?,
        })
    }),
    spec(
        "poll_records",
        &["line", "timeout_ms", "max_records"],
        &[U32, U64, OptUsize],
        |f| {
            Ok(Stmt::PollRecords {
                line: f.get()?,
                timeout_ms: f.get()?,
                max_records: f.opt(),
            })
        },
    ),
    spec(
        "assign_partitions",
        &["line", "partitions"],
        &[U32, Tps],
        |f| {
            Ok(Stmt::AssignPartitions {
                line: f.get()?,
                partitions: f.get()?,
            })
        },
    ),
    spec("seek", &["line", "tp", "offset"], &[U32, Tp, I64], |f| {
        Ok(Stmt::Seek {
            line: f.get()?,
            tp: f.get()?,
            offset: f.get()?,
        })
    }),
    spec("commit_async", &["line", "callback"], &[U32, OptU32], |f| {
        Ok(Stmt::CommitAsync {
            line: f.get()?,
            callback: f.opt(),
        })
    }),
    spec("print_receive", LINE, &[U32], |f| {
        Ok(Stmt::PrintReceive { line: f.get()? })
    }),
    spec("print", &["line", "text"], &[U32, Text], |f| {
        Ok(Stmt::Print {
            line: f.get()?,
            text: f.get()?,
        })
    }),
    spec(
        "partitions_for_topic",
        &["line", "topic"],
        &[U32, Text],
        |f| {
            Ok(Stmt::PartitionsForTopic {
                line: f.get()?,
                topic: f.get()?,
            })
        },
    ),
    spec("end_offsets", LINE, &[U32], |f| {
        Ok(Stmt::EndOffsets { line: f.get()? })
    }),
    spec("print_end_offsets", LINE, &[U32], |f| {
        Ok(Stmt::PrintEndOffsets { line: f.get()? })
    }),
    spec("committed_each", LINE, &[U32], |f| {
        Ok(Stmt::CommittedEach { line: f.get()? })
    }),
    spec("print_committed_each", LINE, &[U32], |f| {
        Ok(Stmt::PrintCommittedEach { line: f.get()? })
    }),
    spec("print_left", LINE, &[U32], |f| {
        Ok(Stmt::PrintLeft { line: f.get()? })
    }),
    spec(
        "try",
        &["line", "body", "interrupt_line", "except_line", "finally"],
        &[U32, Body, U32, U32, Body],
        |f| {
            Ok(Stmt::Try {
                line: f.get()?,
                body: f.get()?,
                interrupt_line: f.get()?,
                except_line: f.get()?,
                finally: f.get()?,
            })
        },
    ),
    spec(
        "try_kafka",
        &["line", "body", "except_line", "finally"],
        &[U32, Body, U32, Body],
        |f| {
            Ok(Stmt::TryKafka {
                line: f.get()?,
                body: f.get()?,
                except_line: f.get()?,
                finally: f.get()?,
            })
        },
    ),
];

const NAMES: [&str; SPECS.len()] = de::names(SPECS);

impl Read for Stmt {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        de::read_enum(deserializer, at, "Stmt", SPECS, &NAMES, false)
    }
}

const PROGRAM: Spec<Kind, Program> = spec(
    "Program",
    &["body", "callbacks", "crash_after_records"],
    &[Body, Handlers, OptU64],
    |f| {
        Ok(Program {
            body: f.or_default(),
            callbacks: f.or_default(),
            crash_after_records: f.opt(),
        })
    },
);

const CALLBACKS: Spec<Kind, Callbacks> = spec(
    "Callbacks",
    &["on_assign", "on_revoke", "on_lost", "on_commit", "error_cb"],
    &[OptBody, OptBody, OptBody, OptU32, OptU32],
    |f| {
        Ok(Callbacks {
            on_assign: f.opt(),
            on_revoke: f.opt(),
            on_lost: f.opt(),
            on_commit: f.opt(),
            error_cb: f.opt(),
        })
    },
);

/// Unknown fields are skipped: serde's derive did not refuse them here.
const TOPIC_PARTITION: Spec<Kind, TopicPartition> = spec(
    "TopicPartition",
    &["topic", "partition"],
    &[Name, I32],
    |f| {
        Ok(TopicPartition {
            topic: f.get()?,
            partition: f.get()?,
        })
    },
);

read_structs! {
    Program: PROGRAM,
    Callbacks: CALLBACKS,
}

impl Read for TopicPartition {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        de::read_struct(deserializer, at, &TOPIC_PARTITION, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_reads_its_fields() {
        let sample = |kind| match kind {
            U32 | OptU32 | U64 | OptU64 | Usize | OptUsize | I64 => "7",
            Bool => "true",
            Text => "\"t\"",
            Texts => "[\"t\"]",
            Body => "[{\"close\": {\"line\": 9}}]",
            Tp => "{\"topic\": \"t\", \"partition\": 1}",
            Tps => "[{\"topic\": \"t\", \"partition\": 1}]",
            Offsets => "[[{\"topic\": \"t\", \"partition\": 1}, 5]]",
            OptBody | Handlers | Name | I32 => unreachable!("not a statement's field"),
        };
        for stmt in de::read_every_statement(SPECS, sample) {
            assert_eq!(stmt.line(), 7, "{stmt:?}");
        }
    }
}
