//! The fetchers: one Fetch or ListOffsets in flight per assigned partition, offset resets by
//! `auto.offset.reset`, `seek()`, and the leaders' answers, whose records join the consumer
//! queue.
//!
//! Source: librdkafka src/rdkafka_fetcher.c, src/rdkafka_offset.c (`rd_kafka_offset_reset`),
//! src/rdkafka_partition.c (`rd_kafka_toppar_fetch_decide`, `rd_kafka_toppar_seek`).

use super::client::{ClientEvent, ConsumerClient, Output};
use super::partition::Fetch;
use super::queue::{Answer, Delivery, Served};
use crate::TopicPartition;
use crate::config::{OffsetReset, Profile};
use crate::console::LogFacility;
use crate::console::kafka_python::{KafkaPythonError, topic_partition};
use crate::ids::Millis;
use crate::wire::client_error::{ClientError, ErrorKind};
use crate::wire::log::{LogEnd, LogRecord, LogRequest, LogResponse};

/// An offset reset (no committed offset, or out of range) queries the leader this long after
/// its cause: `rd_kafka_offset_reset` passes its error on to
/// `rd_kafka_toppar_offset_request(.., err ? 100 : 0)` (librdkafka src/rdkafka_offset.c), so
/// a partition without a committed offset gets its first record ~100 ms after `on_assign`.
const OFFSET_RESET_BACKOFF_MS: Millis = 100;

/// The reasons `rd_kafka_offset_reset` is given: by `rd_kafka_toppar_fetch_start` for a
/// partition with no committed offset (src/rdkafka_partition.c), and by the fetcher for a
/// fetch out of range (`rd_kafka_fetch_reply_handle_partition_error`, src/rdkafka_fetcher.c).
const NO_OFFSET_REASON: &str = "no previously committed offset available";
const OUT_OF_RANGE_REASON: &str =
    "fetch failed due to requested offset not available on the broker";
/// `rd_kafka_err2str(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)`.
const OUT_OF_RANGE: &str = "Broker: Offset out of range";

/// Why a partition's offset is reset: `rd_kafka_offset_reset`'s error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ResetCause {
    /// No committed offset to start from (`_NO_OFFSET`).
    NoOffset,
    /// `broker`, the leader, answered a fetch with OFFSET_OUT_OF_RANGE.
    OutOfRange { broker: i32 },
}

/// Fetching pauses while a partition has this many messages queued (`queued.min.messages`
/// default, CONFIGURATION.md).
const QUEUED_MIN_MESSAGES: usize = 100_000;

impl ConsumerClient {
    /// `seek(partition)`: fetching restarts at `offset`; queued messages are dropped. A
    /// partition not assigned fails: with `_UNKNOWN_PARTITION` while the client has no object
    /// for its topic (no partition of it was ever assigned, as right after `subscribe()`),
    /// else with `_STATE` (its partition object is not fetching). Source: librdkafka
    /// `rd_kafka_seek_partitions` (`rd_kafka_toppar_get2` without create-on-miss),
    /// `rd_kafka_toppar_seek` (`!RD_KAFKA_TOPPAR_FETCH_IS_STARTED`).
    pub fn seek(
        &mut self,
        now: Millis,
        tp: &TopicPartition,
        offset: i64,
    ) -> Result<(), ClientError> {
        let version = self.assignment.next_version();
        if !self.assignment.knows_topic(&tp.topic) {
            return Err(ClientError::new(ErrorKind::UnknownPartition));
        }
        let Some(p) = self.assignment.get_mut(tp) else {
            return Err(ClientError::new(ErrorKind::State));
        };
        p.version = version;
        p.fetch = Fetch::Active {
            next: offset,
            in_flight: false,
        };
        self.queue.drop_records(|queued| queued == tp);
        self.drive(now);
        Ok(())
    }

    /// `get_watermark_offsets(tp)` (not cached): the answer is [`Answer::Watermarks`].
    pub fn get_watermark_offsets(&mut self, tp: &TopicPartition) -> u64 {
        let ticket = self.tickets.issue();
        self.out.push_back(Output::Log(LogRequest::Watermarks {
            tp: tp.clone(),
            ticket,
        }));
        ticket
    }

    pub fn handle_log(&mut self, now: Millis, response: LogResponse) {
        if self.lifecycle.is_closed() {
            return;
        }
        match response {
            LogResponse::Fetched {
                tp,
                version,
                records,
                ..
            } => self.on_fetched(&tp, version, records),
            LogResponse::OffsetOutOfRange {
                tp,
                version,
                broker,
            } => {
                if self.assignment.current(&tp, version).is_some() {
                    self.reset_offset(now, &tp, ResetCause::OutOfRange { broker });
                }
            }
            LogResponse::ListedOffset {
                tp,
                version,
                offset,
            } => {
                let positions = self.config.group_work_in_poll();
                if let Some(p) = self.assignment.current(&tp, version) {
                    p.fetch = Fetch::Active {
                        next: offset,
                        in_flight: false,
                    };
                    p.start_at(offset, positions);
                }
            }
            LogResponse::Watermarks {
                ticket, low, high, ..
            } => {
                self.tickets
                    .answer(ticket, Answer::Watermarks { low, high });
            }
        }
        self.drive(now);
    }

    /// `auto.offset.reset`: ask the leader for the log start or end, or stop the partition
    /// with `_AUTO_OFFSET_RESET` (`rd_kafka_offset_reset`). The model resets only for a cause
    /// (no committed offset: `_NO_OFFSET` from `rd_kafka_toppar_fetch_start`; out of range),
    /// and librdkafka then sends the ListOffsets after [`OFFSET_RESET_BACKOFF_MS`]
    /// (`rd_kafka_toppar_offset_request(rktp, .., err ? 100 : 0)`, src/rdkafka_offset.c).
    /// A reset for a broker's error is logged as a warning; one to `error` is only in the
    /// error the program polls. No cached log start is used: a broker's error answer carries
    /// none (apache/kafka `ReplicaManager.readFromLog`: `leaderLogStartOffset` -1), so
    /// `rd_kafka_offset_reset` queries the leader.
    pub(super) fn reset_offset(&mut self, now: Millis, tp: &TopicPartition, cause: ResetCause) {
        let Some(p) = self.assignment.get_mut(tp) else {
            return;
        };
        let at = match p.fetch {
            Fetch::Active { next, .. } => Some(next),
            _ => None,
        };
        let end = match self.config.auto_offset_reset {
            OffsetReset::Earliest => LogEnd::Start,
            OffsetReset::Latest => LogEnd::End,
            OffsetReset::Error => {
                p.fetch = Fetch::Stopped;
                let message = match (self.config.profile, cause) {
                    (Profile::KafkaPython, _) => kafka_python_reset_error(tp, at),
                    (_, ResetCause::NoOffset) => {
                        format!("{NO_OFFSET_REASON}: {}", ErrorKind::NoOffset.description())
                    }
                    (_, ResetCause::OutOfRange { broker }) => {
                        format!("{OUT_OF_RANGE_REASON}: {OUT_OF_RANGE} (broker {broker})")
                    }
                };
                self.queue.push(Served::Error(ClientError::with_message(
                    ErrorKind::AutoOffsetReset,
                    message,
                )));
                return;
            }
        };
        p.fetch = Fetch::Reset {
            end,
            in_flight: false,
            not_before: now + OFFSET_RESET_BACKOFF_MS,
        };
        if let (Profile::Librdkafka, ResetCause::OutOfRange { broker }) =
            (self.config.profile, cause)
        {
            let to = match end {
                LogEnd::Start => "BEGINNING",
                LogEnd::End => "END",
            };
            let at = at.map_or_else(|| "INVALID".to_owned(), |at| at.to_string());
            self.out.push_back(Output::Event(ClientEvent::Logged {
                facility: LogFacility::Offset,
                text: format!(
                    "{} [{}]: offset reset (at offset {at} (leader epoch -1), broker {broker}) \
                     to offset {to} (leader epoch -1): {OUT_OF_RANGE_REASON}: {OUT_OF_RANGE}",
                    tp.topic, tp.partition
                ),
            }));
        }
    }

    /// When the first offset reset waiting for its backoff may go.
    pub(super) fn reset_due_at(&self) -> Option<Millis> {
        self.assignment
            .iter()
            .map(|(_, p)| p)
            .filter(|p| !p.paused)
            .filter_map(|p| match p.fetch {
                Fetch::Reset {
                    in_flight: false,
                    not_before,
                    ..
                } => Some(not_before),
                _ => None,
            })
            .min()
    }

    /// Sends the fetches and offset queries that can go: one request in flight per
    /// partition, none while paused or with `queued.min.messages` waiting, an offset reset
    /// not before its backoff.
    pub(super) fn serve_fetchers(&mut self, now: Millis) {
        let max_wait_ms = Millis::from(self.config.fetch_wait_max_ms);
        let full = self.queue.partitions_holding(QUEUED_MIN_MESSAGES);
        let mut requests = Vec::new();
        for (tp, p) in self.assignment.iter_mut() {
            if p.paused || full.contains(tp) {
                continue;
            }
            match &mut p.fetch {
                Fetch::Active { next, in_flight } if !*in_flight => {
                    *in_flight = true;
                    requests.push(LogRequest::Fetch {
                        tp: tp.clone(),
                        offset: *next,
                        max_wait_ms,
                        version: p.version,
                    });
                }
                Fetch::Reset {
                    end,
                    in_flight,
                    not_before,
                } if !*in_flight && now >= *not_before => {
                    *in_flight = true;
                    requests.push(LogRequest::ListOffset {
                        tp: tp.clone(),
                        end: *end,
                        version: p.version,
                    });
                }
                _ => {}
            }
        }
        self.out.extend(requests.into_iter().map(Output::Log));
    }

    /// Fetched records join the consumer queue; fetching continues after the last one.
    fn on_fetched(&mut self, tp: &TopicPartition, version: u64, records: Vec<LogRecord>) {
        let Some(p) = self.assignment.current(tp, version) else {
            return;
        };
        let Fetch::Active { next, in_flight } = &mut p.fetch else {
            return;
        };
        *in_flight = false;
        let from = *next;
        let wanted: Vec<LogRecord> = records.into_iter().filter(|r| r.offset >= from).collect();
        if let Some(last) = wanted.last() {
            *next = last.offset + 1;
        }
        self.queue
            .extend_records(wanted.into_iter().map(|r| Delivery {
                tp: tp.clone(),
                offset: r.offset,
                key: r.key,
                value: r.value,
                version,
            }));
    }
}

/// What kafka-python 3.0.12's `poll()` raises for a partition it may not reset
/// (`auto_offset_reset='none'`), as the traceback's last line: with no committed offset
/// `SubscriptionState.reset_missing_positions` raises `NoOffsetForPartitionError({tp})`; a
/// fetch out of range `Fetcher._parse_fetched_data` raises `OffsetOutOfRangeError({tp:
/// fetch_offset})` (`kafka/consumer/subscription_state.py`, `kafka/consumer/fetcher.py`).
fn kafka_python_reset_error(tp: &TopicPartition, out_of_range: Option<i64>) -> String {
    let tp = topic_partition(tp);
    let error = match out_of_range {
        Some(offset) => KafkaPythonError {
            class: "OffsetOutOfRangeError",
            text: format!("[Error 1] OffsetOutOfRangeError: {{{tp}: {offset}}}"),
        },
        None => KafkaPythonError::new("NoOffsetForPartitionError", &format!("{{{tp}}}")),
    };
    error.traceback()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigValue;
    use crate::consumer::client::tests::{client, logged, tp};

    #[test]
    fn seek_fails_by_whether_the_client_knows_the_partitions_topic() {
        let mut c = client(&[]);
        // Right after subscribe(): no partition of "t" was ever assigned.
        let unknown = c.seek(0, &tp(0), 0).unwrap_err();
        assert_eq!(unknown.kind, ErrorKind::UnknownPartition);
        c.assign(0, &[(tp(0), Some(0))]);
        assert!(c.seek(0, &tp(0), 3).is_ok());
        // "t" is known now: its partition 1, not assigned, is not being fetched.
        assert_eq!(c.seek(0, &tp(1), 0).unwrap_err().kind, ErrorKind::State);
        c.unassign(0);
        assert_eq!(c.seek(0, &tp(0), 0).unwrap_err().kind, ErrorKind::State);
    }

    /// A fetch at `offset` of partition 0, then the leader's (broker 1) OFFSET_OUT_OF_RANGE.
    fn out_of_range(reset: &str, offset: i64) -> ConsumerClient {
        let mut c = client(&[("auto.offset.reset", ConfigValue::Str(reset.into()))]);
        c.assign(0, &[(tp(0), Some(offset))]);
        let version = c.assignment.get(&tp(0)).unwrap().version;
        let response = LogResponse::OffsetOutOfRange {
            tp: tp(0),
            version,
            broker: 1,
        };
        c.handle_log(2, response);
        c
    }

    #[test]
    fn a_fetch_out_of_range_with_reset_error_says_the_broker_refused_it() {
        let mut c = out_of_range("error", 100);
        let Some(Served::Error(error)) = c.next_item() else {
            panic!("an error for the program");
        };
        assert_eq!(error.kind, ErrorKind::AutoOffsetReset);
        assert_eq!(
            error.message,
            "fetch failed due to requested offset not available on the broker: Broker: Offset \
             out of range (broker 1)"
        );
        let offset_lines = logged(&mut c, LogFacility::Offset);
        assert!(
            offset_lines.is_empty(),
            "auto.offset.reset=error only debug-logs"
        );
    }

    #[test]
    fn a_fetch_out_of_range_reset_to_the_end_is_logged_as_a_warning() {
        let mut c = out_of_range("latest", 100);
        assert_eq!(
            logged(&mut c, LogFacility::Offset),
            [
                "t [0]: offset reset (at offset 100 (leader epoch -1), broker 1) to offset END \
                 (leader epoch -1): fetch failed due to requested offset not available on the \
                 broker: Broker: Offset out of range"
            ]
        );
    }

    #[test]
    fn watermarks_answer_by_ticket() {
        let mut c = client(&[]);
        let ticket = c.get_watermark_offsets(&tp(1));
        let response = LogResponse::Watermarks {
            tp: tp(1),
            ticket,
            low: 0,
            high: 12,
        };
        c.handle_log(2, response);
        assert_eq!(
            c.take_answer(ticket),
            Some(Answer::Watermarks { low: 0, high: 12 })
        );
    }
}
