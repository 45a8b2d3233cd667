//! What a consumer asks of a partition's leader, and what it answers. The cluster serves them
//! (`Cluster::serve_read`); a consumer only ever reads below the high watermark (apache/kafka
//! `Partition.fetchRecords` with `FetchIsolation.HIGH_WATERMARK` for consumers).

use super::Bytes;
use crate::TopicPartition;
use crate::ids::Millis;

/// A record as a fetch returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRecord {
    pub offset: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
}

/// Which end of a partition's log a ListOffsets request asks for (`auto.offset.reset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogEnd {
    /// The log start offset (`earliest`).
    Start,
    /// The high watermark (`latest`).
    End,
}

/// A request to a partition's leader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogRequest {
    /// Records from `offset` up to the high watermark. The leader answers at once when it has
    /// any; otherwise it may hold the request up to `max_wait_ms` (`fetch.wait.max.ms`,
    /// Kafka's long poll) and answer when records arrive or the wait ends. `version` is echoed
    /// so that the consumer can drop answers to fetches it no longer wants.
    Fetch {
        tp: TopicPartition,
        offset: i64,
        max_wait_ms: Millis,
        version: u64,
    },
    /// ListOffsets for one end of the log.
    ListOffset {
        tp: TopicPartition,
        end: LogEnd,
        version: u64,
    },
    /// Both ends, for `get_watermark_offsets()`; `ticket` is echoed.
    Watermarks { tp: TopicPartition, ticket: u64 },
}

impl LogRequest {
    /// The partition the request is about.
    pub fn tp(&self) -> &TopicPartition {
        match self {
            Self::Fetch { tp, .. } | Self::ListOffset { tp, .. } | Self::Watermarks { tp, .. } => {
                tp
            }
        }
    }
}

/// A leader's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogResponse {
    Fetched {
        tp: TopicPartition,
        version: u64,
        records: Vec<LogRecord>,
        high_watermark: i64,
        log_start: i64,
    },
    /// The fetch offset is below the log start or beyond the log end; `broker` answered
    /// (librdkafka names it in the error it hands the program).
    OffsetOutOfRange {
        tp: TopicPartition,
        version: u64,
        broker: i32,
    },
    ListedOffset {
        tp: TopicPartition,
        version: u64,
        offset: i64,
    },
    Watermarks {
        tp: TopicPartition,
        ticket: u64,
        low: i64,
        high: i64,
    },
}
