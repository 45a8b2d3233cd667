//! What a follower replica sends its partition's leader and gets back, and the records a
//! replica stores (apache/kafka `ReplicaFetcherThread`, KIP-101's leader epochs).

use super::{Bytes, ProducerStamp};
use crate::TopicPartition;
use crate::ids::MessageId;
use std::rc::Rc;

/// A record as a replica stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub offset: i64,
    /// The leader epoch in which the leader appended it (KIP-101).
    pub leader_epoch: i32,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    /// Set by an idempotent producer; `sequence` is this record's own sequence number.
    pub stamp: Option<ProducerStamp>,
    pub sequence: i32,
    /// The `produce()` call this record came from (for the accounting, not on the wire).
    pub message: MessageId,
}

/// A follower's fetch: it has everything below `fetch_offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    /// The follower's fetch loop that sent it; a restarted loop ignores older answers.
    pub session: u64,
    pub follower: i32,
    pub tp: TopicPartition,
    pub fetch_offset: i64,
    pub leader_epoch: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchResponse {
    pub session: u64,
    pub tp: TopicPartition,
    pub leader_epoch: i32,
    /// The leader's records themselves, shared with its log (`cluster::ReplicaLog`).
    pub records: Vec<Rc<Record>>,
    pub high_watermark: i64,
}
