//! What the consumer asks of the partition leaders, and what they answer: the "log source"
//! that the driver plays (the cluster's leaders in the engine, an in-memory log in
//! [`super::driver`]).
//!
//! A consumer only ever reads below the high watermark (apache/kafka `Partition.fetchRecords`
//! with `FetchIsolation.HIGH_WATERMARK` for consumers).

use crate::TopicPartition;
use crate::engine::Millis;
use crate::engine::protocol::Bytes;
use std::collections::BTreeMap;

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
    /// The fetch offset is below the log start or beyond the high watermark.
    OffsetOutOfRange { tp: TopicPartition, version: u64 },
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

/// Partition logs kept in memory, every record committed at once (high watermark = log end),
/// nothing deleted (log start = 0): the simple log source of [`super::driver`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryLogs {
    logs: BTreeMap<TopicPartition, Vec<LogRecord>>,
}

impl MemoryLogs {
    /// Empty logs for every partition of `topics` (name -> partition count).
    pub fn new(topics: &BTreeMap<String, i32>) -> Self {
        let logs = topics
            .iter()
            .flat_map(|(topic, &count)| {
                (0..count).map(move |p| (TopicPartition::new(topic, p), vec![]))
            })
            .collect();
        Self { logs }
    }

    /// Appends a record and returns its offset.
    ///
    /// # Panics
    /// If the partition does not exist.
    pub fn append(&mut self, tp: &TopicPartition, key: Option<Bytes>, value: Option<Bytes>) -> i64 {
        let log = self.logs.get_mut(tp).expect("the partition exists");
        let offset = log.len() as i64;
        log.push(LogRecord { offset, key, value });
        offset
    }

    pub fn end_offset(&self, tp: &TopicPartition) -> i64 {
        self.logs.get(tp).map_or(0, |log| log.len() as i64)
    }

    pub fn partitions(&self) -> impl Iterator<Item = &TopicPartition> {
        self.logs.keys()
    }

    /// Whether a fetch from `offset` would return records now.
    pub fn has_records_at(&self, tp: &TopicPartition, offset: i64) -> bool {
        offset < self.end_offset(tp)
    }

    /// The answer to `request` as of now.
    pub fn answer(&self, request: &LogRequest) -> LogResponse {
        match request {
            LogRequest::Fetch {
                tp,
                offset,
                version,
                ..
            } => {
                let end = self.end_offset(tp);
                if *offset < 0 || *offset > end {
                    return LogResponse::OffsetOutOfRange {
                        tp: tp.clone(),
                        version: *version,
                    };
                }
                let log = self.logs.get(tp).map_or(&[][..], Vec::as_slice);
                LogResponse::Fetched {
                    tp: tp.clone(),
                    version: *version,
                    records: log[*offset as usize..].to_vec(),
                    high_watermark: end,
                    log_start: 0,
                }
            }
            LogRequest::ListOffset { tp, end, version } => LogResponse::ListedOffset {
                tp: tp.clone(),
                version: *version,
                offset: match end {
                    LogEnd::Start => 0,
                    LogEnd::End => self.end_offset(tp),
                },
            },
            LogRequest::Watermarks { tp, ticket } => LogResponse::Watermarks {
                tp: tp.clone(),
                ticket: *ticket,
                low: 0,
                high: self.end_offset(tp),
            },
        }
    }
}
