//! What a consumer program shows of itself: the callbacks it ran, what it printed, its
//! program events in the trace, and where it is. The process ([`super::process`]) emits them;
//! the app renders them in the course's formats (`course::console`).

use super::client::{CommitResult, CommittedPartition};
use super::error::ClientError;
use crate::TopicPartition;
use serde::Serialize;

/// Which rebalance callback ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CallbackKind {
    OnAssign,
    OnRevoke,
    OnLost,
}

/// What a program prints, as data: the app renders it in the course's formats
/// (`course::console`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Printed {
    StartListening,
    /// A record line; key and value after `try_decode_utf8`.
    Record {
        tp: TopicPartition,
        offset: i64,
        key: Option<String>,
        value: Option<String>,
    },
    /// A rebalance callback's partition list.
    Partitions {
        callback: CallbackKind,
        partitions: Vec<TopicPartition>,
    },
    /// `on_commit`: a failure line, or one committed line per partition.
    CommitCallback(CommitResult),
    /// `print_sync_commit_result(offsets)`.
    SyncCommitResult(Vec<CommittedPartition>),
    /// `print(e)` of an exception.
    Exception(ClientError),
    /// `sys.stderr.write('Aborted by user\n')`.
    Aborted,
    Seeking {
        tp: TopicPartition,
        offset: i64,
    },
    /// `error_cb`.
    Error(ClientError),
    /// Consumer_lag's line for one partition; `committed` is `None` for `OFFSET_INVALID`.
    Lag {
        tp: TopicPartition,
        committed: Option<i64>,
        end: i64,
        lag: i64,
    },
    /// `print('Total lag: %d' % total_lag)`.
    TotalLag(i64),
}

/// What the program did, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ProgramEvent {
    /// A statement starts, by its line in the Python source.
    LineExecuted {
        line: u32,
    },
    Printed {
        line: u32,
        printed: Printed,
    },
    /// A record went through the business logic (its print).
    Processed {
        tp: TopicPartition,
        offset: i64,
    },
    Finished,
    Crashed,
}

/// Where the program is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ProcessState {
    Running,
    Finished,
    /// Killed or crashed: no `close()`, nothing more happens.
    Crashed,
}
