//! What a broker answers to a consumer's read ([`LogRequest`]): fetches, ListOffsets and
//! watermarks, served from the leader replica's log.
//!
//! A consumer reads only below the high watermark (apache/kafka `Partition.fetchRecords` with
//! `FetchIsolation.HIGH_WATERMARK` for consumers); an offset beyond the leader's log end is
//! out of range (`LocalLog.read` throws `OffsetOutOfRangeException`). ListOffsets for the
//! latest offset answers the high watermark (`Partition.fetchOffsetForTimestamp` with
//! `IsolationLevel.READ_UNCOMMITTED`). There is no retention: the log start is 0.

use super::Cluster;
use crate::wire::{LogEnd, LogRecord, LogRequest, LogResponse};

/// A broker's answer to a read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    Answer(LogResponse),
    /// A fetch with nothing to return yet: the broker holds it (up to its `max_wait_ms`,
    /// apache/kafka `DelayedFetch`).
    Hold,
    /// The broker does not lead the partition (NOT_LEADER_OR_FOLLOWER), or is down.
    NotLeader,
}

impl Cluster {
    /// How `broker` answers `request` now.
    pub fn serve_read(&self, broker: i32, request: &LogRequest) -> Read {
        let Some(log) = self
            .partition(request.tp())
            .filter(|p| p.leader == Some(broker) && self.broker_is_up(broker))
            .and_then(|p| p.leader_log())
        else {
            return Read::NotLeader;
        };
        let high_watermark = log.high_watermark();
        let response = match request {
            LogRequest::Fetch {
                tp,
                offset,
                version,
                ..
            } => {
                if *offset < 0 || *offset > log.end_offset() {
                    LogResponse::OffsetOutOfRange {
                        tp: tp.clone(),
                        version: *version,
                        broker,
                    }
                } else if *offset >= high_watermark {
                    return Read::Hold;
                } else {
                    let records = log
                        .read_from(*offset)
                        .iter()
                        .take_while(|r| r.offset < high_watermark)
                        .map(|r| LogRecord {
                            offset: r.offset,
                            key: r.key.clone(),
                            value: r.value.clone(),
                        })
                        .collect();
                    LogResponse::Fetched {
                        tp: tp.clone(),
                        version: *version,
                        records,
                        high_watermark,
                        log_start: 0,
                    }
                }
            }
            LogRequest::ListOffset { tp, end, version } => LogResponse::ListedOffset {
                tp: tp.clone(),
                version: *version,
                offset: match end {
                    LogEnd::Start => 0,
                    LogEnd::End => high_watermark,
                },
            },
            LogRequest::Watermarks { tp, ticket } => LogResponse::Watermarks {
                tp: tp.clone(),
                ticket: *ticket,
                low: 0,
                high: high_watermark,
            },
        };
        Read::Answer(response)
    }

    /// The answer to a held fetch when its wait ends with nothing new: an empty fetch.
    pub fn empty_fetch(&self, request: &LogRequest) -> Option<LogResponse> {
        let LogRequest::Fetch { tp, version, .. } = request else {
            return None;
        };
        Some(LogResponse::Fetched {
            tp: tp.clone(),
            version: *version,
            records: Vec::new(),
            high_watermark: self.partition(tp).map_or(0, |p| p.high_watermark()),
            log_start: 0,
        })
    }
}
