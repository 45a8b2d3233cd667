//! What a consumer program shows of itself: the callbacks it ran, what it printed, its
//! program events in the trace, and where it is. The process (`crate::consumer::process`)
//! emits them; the app renders them in the course's formats (`course::console`).

use crate::TopicPartition;
use crate::collect::VecMap;
use crate::wire::client_error::ClientError;
use crate::wire::group::ErrorCode;
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

/// librdkafka's join states (`rd_kafka_cgrp_join_state_names`); WAIT_METADATA is left out
/// because the leader has the metadata at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum JoinState {
    Init,
    WaitJoin,
    WaitSync,
    WaitAssignCall,
    WaitUnassignCall,
    WaitUnassignToComplete,
    WaitIncrUnassignToComplete,
    Steady,
}

/// One partition of a commit as the `on_commit` callback (or `commit(asynchronous=False)`)
/// reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommittedPartition {
    pub tp: TopicPartition,
    /// [`OFFSET_INVALID`] for a partition with nothing to commit.
    pub offset: i64,
    pub error: Option<ClientError>,
}

/// The outcome of a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitResult {
    pub error: Option<ClientError>,
    pub partitions: Vec<CommittedPartition>,
}

/// Why a commit was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommitReason {
    /// The `auto.commit.interval.ms` timer.
    Auto,
    /// Partitions leaving the assignment with `enable.auto.commit`.
    Removal,
    /// The program's `commit()`.
    Program,
}

/// What the consumer did, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ClientEvent {
    /// The leader ran the assignor (after the cooperative adjustment, if any).
    AssignorRan {
        protocol: String,
        generation: i32,
        assignment: VecMap<String, Vec<TopicPartition>>,
    },
    /// SyncGroup answered: the group's assignment for this member.
    AssignmentReceived {
        generation: i32,
        partitions: Vec<TopicPartition>,
    },
    /// The program's assign call took effect (full or incremental).
    Assigned {
        partitions: Vec<TopicPartition>,
    },
    /// The program's unassign call took effect.
    Revoked {
        partitions: Vec<TopicPartition>,
        lost: bool,
    },
    CommitSent {
        reason: CommitReason,
        /// The join state when it was sent.
        join_state: JoinState,
        generation: i32,
        offsets: Vec<(TopicPartition, i64)>,
    },
    CommitFinished(CommitResult),
    /// A librdkafka log line the program's console shows (stderr).
    Logged {
        text: String,
    },
    LeaveSent {
        member_id: String,
    },
    /// A Heartbeat went to the coordinator (`rd_kafka_cgrp_heartbeat`).
    HeartbeatSent {
        generation: i32,
    },
    /// The coordinator answered a Heartbeat; REBALANCE_IN_PROGRESS is how a member learns
    /// that the group rebalances (`rd_kafka_cgrp_handle_Heartbeat`).
    HeartbeatAnswered {
        error: Option<ErrorCode>,
    },
    Closed,
}
