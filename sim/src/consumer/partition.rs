//! One assigned partition: where fetching stands, and the three offsets librdkafka keeps per
//! partition: the application position (the offset after the last message handed to the
//! program), the stored offset (what an offset-less commit would commit) and the committed one.

use crate::ids::Millis;
use crate::wire::LogEnd;

/// librdkafka's fetch states for a partition (`rd_kafka_fetch_states`, src/rdkafka_partition.h),
/// reduced to what the model needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fetch {
    /// On the assignment's pending list: the committed offset must be read from the
    /// coordinator first (`rd_kafka_assignment_serve_pending`); `queried` once OffsetFetch is
    /// in flight.
    AwaitCommitted { queried: bool },
    /// No usable offset: asking the leader for one end of the log (`auto.offset.reset`,
    /// `RD_KAFKA_TOPPAR_FETCH_OFFSET_QUERY`), not before `not_before` (the reset's backoff).
    Reset {
        end: LogEnd,
        in_flight: bool,
        not_before: Millis,
    },
    /// Fetching from `next` (`RD_KAFKA_TOPPAR_FETCH_ACTIVE`).
    Active { next: i64, in_flight: bool },
    /// Stopped after `auto.offset.reset=error` (`RD_KAFKA_TOPPAR_FETCH_NONE`).
    Stopped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PartitionState {
    pub fetch: Fetch,
    /// Bumped by every pause, resume, seek and removal: answers and queued messages of an
    /// older version are dropped (librdkafka `rktp_op_version`).
    pub version: u64,
    /// Paused by the library while a rebalance callback is waiting (`RD_KAFKA_TOPPAR_F_LIB_PAUSE`).
    pub paused: bool,
    /// `rktp_app_pos`: the offset after the last message handed to the application.
    pub app_pos: Option<i64>,
    /// `rktp_stored_pos`: `None` is `RD_KAFKA_OFFSET_INVALID`.
    pub stored: Option<i64>,
}

impl PartitionState {
    /// A partition just added to the assignment: started at `offset` if one was given,
    /// otherwise waiting for its committed offset. The stored offset starts out invalid.
    /// Source: librdkafka src/rdkafka_assignment.c `rd_kafka_assignment_add`,
    /// `rd_kafka_assignment_serve_pending`.
    pub fn new(offset: Option<i64>, version: u64) -> Self {
        let fetch = match offset {
            Some(next) => Fetch::Active {
                next,
                in_flight: false,
            },
            None => Fetch::AwaitCommitted { queried: false },
        };
        Self {
            fetch,
            version,
            paused: false,
            app_pos: None,
            stored: None,
        }
    }

    /// Fetching starts at `offset` (the committed offset, or an offset reset's answer). With
    /// kafka-python (`positions`), that is the partition's position until a record moves it,
    /// and every commit of consumed offsets commits it: `SubscriptionState.all_consumed_offsets`
    /// takes every partition whose position is valid, and an offset reset is a `seek`
    /// (kafka-python 3.0.12 `kafka/consumer/subscription_state.py`, `Fetcher._reset_offset_if_needed`).
    /// librdkafka's stored offset stays invalid until a message is handed over.
    pub fn start_at(&mut self, offset: i64, positions: bool) {
        if positions {
            self.stored = Some(offset);
        }
    }

    /// Where fetching resumes after a pause or a dropped answer: the application position if
    /// there is one (librdkafka `rd_kafka_toppar_pause_resume`).
    pub fn rewind_to_app_pos(&mut self) {
        if let (Fetch::Active { next, in_flight }, Some(pos)) = (&mut self.fetch, self.app_pos) {
            *next = pos;
            *in_flight = false;
        } else if let Fetch::Active { in_flight, .. } | Fetch::Reset { in_flight, .. } =
            &mut self.fetch
        {
            *in_flight = false;
        }
    }
}
