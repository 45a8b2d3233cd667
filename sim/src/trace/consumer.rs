//! What a consumer shows of itself: its client's events, its program's events in the trace
//! (what it printed is [`crate::console`]'s), and where it is. The process
//! (`crate::consumer::process`) emits them.

use crate::TopicPartition;
use crate::collect::VecMap;
use crate::console::LogFacility;
pub use crate::console::{CallbackKind, CommitResult, CommittedPartition, Printed};
use crate::wire::group::ErrorCode;
use serde::Serialize;

/// What the program did, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ProgramEvent {
    /// A statement starts, by its line in the Python source.
    LineExecuted {
        line: u32,
    },
    /// Boxed: a record's print is the largest of the events a consumer traces for each
    /// record, and every entry of the trace is as large as the largest event.
    Printed {
        line: u32,
        printed: Box<Printed>,
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

/// What [`ClientEvent::AssignorRan`] records: it serializes as a struct variant would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssignorRun {
    pub protocol: String,
    pub generation: i32,
    pub assignment: VecMap<String, Vec<TopicPartition>>,
}

/// What the consumer did, for the trace. The rare large payloads are boxed: every entry of
/// the trace is as large as the largest event (`tests/trace_entry_size.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ClientEvent {
    /// The leader ran the assignor (after the cooperative adjustment, if any).
    AssignorRan(Box<AssignorRun>),
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
    CommitFinished(Box<CommitResult>),
    /// A librdkafka log line the program's console shows (stderr), under its facility.
    Logged {
        facility: LogFacility,
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
