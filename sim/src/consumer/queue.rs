//! What the application is served: the consumer queue that only its `poll()`/`consume()`/
//! `close()` serve (records, errors, rebalance and commit callbacks), and the answers to its
//! blocking calls, by ticket.
//!
//! Source: librdkafka src/rdkafka_queue.c (`rd_kafka_q_serve_rkmessages`), src/rdkafka_op.c.

use super::commits::CommitResult;
use crate::TopicPartition;
use crate::collect::{VecMap, VecSet};
use crate::wire::Bytes;
use crate::wire::client_error::ClientError;
use serde::Serialize;
use std::collections::VecDeque;

/// A message handed to the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub tp: TopicPartition,
    pub offset: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    /// The partition's version when it was fetched (`rko_version`).
    pub(super) version: u64,
}

/// Which rebalance callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RebalanceKind {
    Assign,
    Revoke,
}

/// A rebalance op waiting for the program (`RD_KAFKA_OP_REBALANCE`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rebalance {
    pub kind: RebalanceKind,
    pub partitions: Vec<TopicPartition>,
    /// Cooperative: `incremental_assign`/`incremental_unassign` follow the callback.
    pub incremental: bool,
}

/// What `poll()`/`consume()` take from the consumer queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Served {
    Record(Delivery),
    /// A consumer error, returned as a message whose `error()` is set.
    Error(ClientError),
    /// Runs `on_assign`, `on_revoke` or `on_lost`; then call
    /// [`ConsumerClient::rebalance_done`](super::ConsumerClient::rebalance_done).
    Rebalance(Rebalance),
    /// Runs `on_commit`.
    Committed(CommitResult),
    /// Runs `error_cb`: a client-level error (`RD_KAFKA_OP_ERR`, a broker unreachable), never
    /// returned as a message ([`crate::connection`]).
    ErrorEvent(ClientError),
}

/// The answer to a blocking call, by its ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Commit(CommitResult),
    /// `committed()`: per partition, `None` where nothing is committed.
    Committed(Vec<(TopicPartition, Option<i64>)>),
    Watermarks {
        low: i64,
        high: i64,
    },
}

/// The consumer queue (`rkcg_q`), in serving order.
#[derive(Clone, Debug, Default)]
pub(super) struct ConsumerQueue {
    items: VecDeque<Served>,
}

impl ConsumerQueue {
    pub fn push(&mut self, item: Served) {
        self.items.push_back(item);
    }

    pub fn pop(&mut self) -> Option<Served> {
        self.items.pop_front()
    }

    /// Fetched records, in order.
    pub fn extend_records(&mut self, records: impl IntoIterator<Item = Delivery>) {
        self.items.extend(records.into_iter().map(Served::Record));
    }

    /// Drops the queued records of the partitions `gone` picks (a pause, seek or removal).
    pub fn drop_records(&mut self, gone: impl Fn(&TopicPartition) -> bool) {
        self.items
            .retain(|item| !matches!(item, Served::Record(d) if gone(&d.tp)));
    }

    /// An `on_commit` result jumps ahead of the messages, behind earlier results
    /// (`rd_kafka_op_set_prio(.., RD_KAFKA_PRIO_HIGH)` in `rd_kafka_cgrp_propagate_commit_result`).
    pub fn push_commit_result(&mut self, result: CommitResult) {
        let at = self
            .items
            .iter()
            .position(|item| !matches!(item, Served::Committed(_)))
            .unwrap_or(self.items.len());
        self.items.insert(at, Served::Committed(result));
    }

    /// The partitions with at least `limit` records queued (`queued.min.messages`). No
    /// partition can while the whole queue is shorter, and then the queue is not scanned:
    /// counting on every serve was a fifth of a consumer's time with many records queued.
    pub fn partitions_holding(&self, limit: usize) -> VecSet<&TopicPartition> {
        if self.items.len() < limit {
            return VecSet::new();
        }
        let mut queued: VecMap<&TopicPartition, usize> = VecMap::new();
        for item in &self.items {
            if let Served::Record(d) = item {
                *queued.entry(&d.tp).or_default() += 1;
            }
        }
        queued
            .iter()
            .filter(|(_, count)| **count >= limit)
            .map(|(tp, _)| *tp)
            .collect()
    }
}

/// The answers to blocking calls (`commit(asynchronous=False)`, `committed()`,
/// `get_watermark_offsets()`), kept until their caller takes them.
#[derive(Clone, Debug, Default)]
pub(super) struct Tickets {
    last: u64,
    answers: VecMap<u64, Answer>,
    /// Tickets whose caller stopped waiting: their answers are dropped.
    abandoned: VecSet<u64>,
}

impl Tickets {
    pub fn issue(&mut self) -> u64 {
        self.last += 1;
        self.last
    }

    /// Keeps an answer for its caller, unless the caller gave up.
    pub fn answer(&mut self, ticket: u64, answer: Answer) {
        if !self.abandoned.remove(&ticket) {
            self.answers.insert(ticket, answer);
        }
    }

    pub fn take(&mut self, ticket: u64) -> Option<Answer> {
        self.answers.remove(&ticket)
    }

    pub fn abandon(&mut self, ticket: u64) {
        if self.answers.remove(&ticket).is_none() {
            self.abandoned.insert(ticket);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(partition: i32, offset: i64) -> Delivery {
        Delivery {
            tp: TopicPartition::new("t", partition),
            offset,
            key: None,
            value: None,
            version: 0,
        }
    }

    #[test]
    fn only_partitions_at_the_limit_are_full_and_a_short_queue_is_not_counted() {
        let mut queue = ConsumerQueue::default();
        queue.extend_records([delivery(0, 0), delivery(1, 0), delivery(0, 1)]);
        let full: Vec<_> = queue.partitions_holding(2).into_iter().cloned().collect();
        assert_eq!(full, vec![TopicPartition::new("t", 0)]);
        assert!(queue.partitions_holding(4).is_empty());
        queue.push(Served::ErrorEvent(ClientError::new(
            crate::wire::client_error::ErrorKind::State,
        )));
        assert!(queue.partitions_holding(3).is_empty());
    }
}
