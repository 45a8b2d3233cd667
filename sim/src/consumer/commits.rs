//! The offset store's way to the coordinator: the program's `commit()`, the auto-commit timer,
//! the commit on removal, the commits in flight and their results, and the committed offsets
//! this consumer knows.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_offsets_commit`,
//! `rd_kafka_cgrp_op_handle_OffsetCommit`, `rd_kafka_cgrp_propagate_commit_result`),
//! src/rdkafka_offset.c; confluent-kafka-python `Consumer_commit`.

use super::client::{ClientEvent, ConsumerClient, Output};
use super::membership::JoinState;
use super::queue::Answer;
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::coordinator::{CommitOffset, ErrorCode, OffsetCommit, OffsetCommitResponse, Request};
use crate::ids::Millis;
use crate::wire::client_error::{ClientError, ErrorKind};
use std::collections::VecDeque;

pub use crate::trace::consumer::{CommitReason, CommitResult, CommittedPartition};
pub use crate::wire::OFFSET_INVALID;

/// What `commit()` is asked to commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommitWhat {
    /// `commit()`: the stored offsets of the current assignment.
    Stored,
    /// `commit(message=m)`: `m.offset() + 1` for m's partition.
    Message { tp: TopicPartition, offset: i64 },
    /// `commit(offsets=[...])`: verbatim.
    Offsets(Vec<(TopicPartition, i64)>),
}

/// A commit in flight, in the order the coordinator will answer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingCommit {
    reply: Reply,
    partitions: Vec<(TopicPartition, i64)>,
}

/// Where a commit result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reply {
    /// The consumer queue (`on_commit`); `silent_empty` drops a `_NO_OFFSET` result
    /// (auto-commit and commit on removal, `rd_kafka_cgrp_assigned_offsets_commit`).
    Queue { silent_empty: bool },
    /// A blocking `commit(asynchronous=False)` waiting on this ticket.
    Ticket(u64),
}

/// The commits in flight, the committed offsets and the auto-commit timer.
#[derive(Clone, Debug)]
pub(super) struct Commits {
    in_flight: VecDeque<PendingCommit>,
    /// The committed offsets this consumer knows (`rktp_committed_pos`).
    committed: VecMap<TopicPartition, i64>,
    /// The next `auto.commit.interval.ms` tick; the timer starts with the client
    /// (`rd_kafka_cgrp_new`).
    auto_commit_at: Millis,
}

impl Commits {
    pub fn new(now: Millis, auto_commit_interval_ms: u32) -> Self {
        Self {
            in_flight: VecDeque::new(),
            committed: VecMap::new(),
            auto_commit_at: now + Millis::from(auto_commit_interval_ms),
        }
    }

    pub fn in_flight(&self) -> bool {
        !self.in_flight.is_empty()
    }

    pub fn committed(&self, tp: &TopicPartition) -> Option<i64> {
        self.committed.get(tp).copied()
    }

    /// An offset learnt from the coordinator's OffsetFetch.
    pub fn learn(&mut self, tp: TopicPartition, offset: i64) {
        self.committed.insert(tp, offset);
    }

    pub fn auto_commit_at(&self) -> Millis {
        self.auto_commit_at
    }

    /// kafka-python's deadline: one interval from `now`, after an auto-commit and when an
    /// assignment arrives (`_maybe_auto_commit_offsets_async`, `_on_join_complete_async`
    /// in kafka-python 3.0.12 `kafka/coordinator/consumer.py`).
    pub fn restart_auto_commit(&mut self, now: Millis, interval_ms: u32) {
        self.auto_commit_at = now + Millis::from(interval_ms);
    }

    /// Whether the auto-commit timer fires at `now`; if so it moves on past `now`.
    pub fn auto_commit_due(&mut self, now: Millis, interval_ms: u32) -> bool {
        if now < self.auto_commit_at {
            return false;
        }
        let interval = Millis::from(interval_ms).max(1);
        while self.auto_commit_at <= now {
            self.auto_commit_at += interval;
        }
        true
    }
}

impl ConsumerClient {
    /// `commit(...)`. An asynchronous commit reports through `on_commit` (served by a later
    /// poll); a synchronous one returns a ticket whose [`Answer::Commit`] the program waits
    /// for. Source: confluent-kafka-python `Consumer_commit`; librdkafka
    /// `rd_kafka_commit_queue`, `rd_kafka_cgrp_offsets_commit`.
    pub fn commit(&mut self, now: Millis, what: CommitWhat, asynchronous: bool) -> Option<u64> {
        let ticket = (!asynchronous).then(|| self.tickets.issue());
        let reply = ticket.map_or(
            Reply::Queue {
                silent_empty: false,
            },
            Reply::Ticket,
        );
        let offsets = match what {
            CommitWhat::Stored => None,
            CommitWhat::Message { tp, offset } => Some(vec![(tp, offset + 1)]),
            CommitWhat::Offsets(list) => Some(list),
        };
        self.offsets_commit(now, offsets, reply, CommitReason::Program);
        ticket
    }

    /// The committed offset as this consumer last learnt it.
    pub fn committed_offset(&self, tp: &TopicPartition) -> Option<i64> {
        self.commits.committed(tp)
    }

    /// The auto-commit timer: stored offsets of the assignment, never while a subscribed
    /// consumer is rebalancing (`rd_kafka_cgrp_offset_commit_tmr_cb`).
    /// A lost assignment is not committed (`rd_kafka_cgrp_assigned_offsets_commit`).
    pub(super) fn auto_commit(&mut self, now: Millis) {
        if self.lifecycle.is_terminating()
            || self.assignment.is_lost()
            || (!self.membership.subscription.is_empty()
                && self.membership.join.state() != JoinState::Steady)
        {
            return;
        }
        self.offsets_commit(
            now,
            None,
            Reply::Queue { silent_empty: true },
            CommitReason::Auto,
        );
    }

    /// `rd_kafka_cgrp_offsets_commit`: with no list, the assignment and its stored offsets
    /// (only where stored > committed, `rd_kafka_topic_partition_list_set_offsets`); fails
    /// with `_ASSIGNMENT_LOST`, `_FATAL` or `_NO_OFFSET` before anything is sent.
    fn offsets_commit(
        &mut self,
        now: Millis,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        reply: Reply,
        reason: CommitReason,
    ) {
        let list = match offsets {
            Some(list) => list,
            None if self.assignment.is_empty() => Vec::new(),
            // The error is set before the assignment is copied into the request, so the
            // result carries no partitions (`on_commit(err, [])`): `rd_kafka_cgrp_offsets_commit`
            // ("goto err" while `rko_u.offset_commit.partitions` is still NULL).
            None if self.assignment.is_lost() => {
                return self.fail_commit(reply, ErrorKind::AssignmentLost, Vec::new());
            }
            None => self.stored_list(),
        };
        if self.fatal.is_some() {
            return self.fail_commit(reply, ErrorKind::Fatal, list);
        }
        if list.iter().all(|(_, offset)| *offset < 0) {
            return self.fail_commit(reply, ErrorKind::NoOffset, list);
        }
        self.send_commit(now, list, reply, reason);
    }

    /// The assignment with each stored offset that is newer than the committed one, else
    /// [`OFFSET_INVALID`]. kafka-python commits every consumed position, changed or not
    /// (`SubscriptionState.all_consumed_offsets`, kafka-python 3.0.12
    /// `kafka/consumer/subscription_state.py`).
    fn stored_list(&self) -> Vec<(TopicPartition, i64)> {
        let every_position = self.config.group_work_in_poll();
        self.assignment
            .iter()
            .map(|(tp, p)| {
                let newer = p.stored.filter(|s| {
                    every_position || self.commits.committed(tp).is_none_or(|c| *s > c)
                });
                (tp.clone(), newer.unwrap_or(OFFSET_INVALID))
            })
            .collect()
    }

    /// OffsetCommit with the valid offsets, in this member's generation.
    pub(super) fn send_commit(
        &mut self,
        now: Millis,
        partitions: Vec<(TopicPartition, i64)>,
        reply: Reply,
        reason: CommitReason,
    ) {
        if partitions.iter().all(|(_, offset)| *offset < 0) {
            return self.fail_commit(reply, ErrorKind::NoOffset, partitions);
        }
        let offsets: Vec<CommitOffset> = partitions
            .iter()
            .filter(|(_, offset)| *offset >= 0)
            .map(|(tp, offset)| CommitOffset {
                partition: tp.clone(),
                offset: *offset,
                metadata: String::new(),
            })
            .collect();
        let membership = &self.membership;
        self.out.push_back(Output::Event(ClientEvent::CommitSent {
            reason,
            join_state: membership.join.state(),
            generation: membership.generation,
            offsets: offsets
                .iter()
                .map(|o| (o.partition.clone(), o.offset))
                .collect(),
        }));
        self.send(Request::OffsetCommit(OffsetCommit {
            group_id: self.group_id(),
            generation: membership.generation,
            member_id: membership.member_id.clone(),
            group_instance_id: self.config.group_instance_id.clone(),
            offsets,
        }));
        self.commits
            .in_flight
            .push_back(PendingCommit { reply, partitions });
        self.drive(now);
    }

    /// Source: `rd_kafka_cgrp_op_handle_OffsetCommit`, `rd_kafka_cgrp_update_committed_offsets`.
    pub(super) fn on_commit_response(&mut self, now: Millis, response: OffsetCommitResponse) {
        let Some(pending) = self.commits.in_flight.pop_front() else {
            return;
        };
        let errors: VecMap<TopicPartition, ErrorCode> = response
            .partitions
            .iter()
            .filter_map(|r| r.error.map(|e| (r.partition.clone(), e)))
            .collect();
        let first_error = pending
            .partitions
            .iter()
            .find_map(|(tp, offset)| (*offset >= 0).then(|| errors.get(tp).copied()).flatten());
        for (tp, offset) in &pending.partitions {
            if *offset >= 0 && !errors.contains_key(tp) {
                self.commits.learn(tp.clone(), *offset);
            }
        }
        match first_error {
            Some(ErrorCode::UnknownMemberId) => {
                self.membership.member_id.clear();
                self.revoke_all_rejoin_maybe(now, true);
            }
            Some(ErrorCode::IllegalGeneration) if !self.membership.is_rebalancing() => {
                self.membership.generation = -1;
                self.revoke_all_rejoin_maybe(now, true);
            }
            _ => {}
        }
        let error = first_error.map(ClientError::broker);
        self.deliver_commit(pending.reply, error, pending.partitions, &errors);
        if !self.commits.in_flight() {
            self.serve_assignment(now);
        }
    }

    /// A commit that failed before anything was sent.
    fn fail_commit(
        &mut self,
        reply: Reply,
        kind: ErrorKind,
        partitions: Vec<(TopicPartition, i64)>,
    ) {
        let error = Some(ClientError::new(kind));
        self.deliver_commit(reply, error, partitions, &VecMap::new());
    }

    /// Hands a commit's outcome to whoever waits for it: a blocking caller by its ticket, or
    /// `on_commit` through the consumer queue, ahead of the messages.
    fn deliver_commit(
        &mut self,
        reply: Reply,
        error: Option<ClientError>,
        partitions: Vec<(TopicPartition, i64)>,
        errors: &VecMap<TopicPartition, ErrorCode>,
    ) {
        let partitions = partitions
            .into_iter()
            .map(|(tp, offset)| CommittedPartition {
                error: errors
                    .get(&tp)
                    .filter(|_| offset >= 0)
                    .map(|&code| ClientError::broker(code)),
                tp,
                offset,
            })
            .collect();
        let result = CommitResult { error, partitions };
        let silent = matches!(reply, Reply::Queue { silent_empty: true })
            && result
                .error
                .as_ref()
                .is_some_and(|e| e.kind == ErrorKind::NoOffset);
        if silent {
            return;
        }
        self.out
            .push_back(Output::Event(ClientEvent::CommitFinished(Box::new(
                result.clone(),
            ))));
        match reply {
            Reply::Ticket(ticket) => self.tickets.answer(ticket, Answer::Commit(result)),
            Reply::Queue { .. } => self.queue.push_commit_result(result),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigValue;
    use crate::consumer::client::tests::{client, fetched, tp};
    use crate::consumer::queue::{Delivery, Served};

    #[test]
    fn an_offset_less_commit_takes_only_newer_stored_offsets() {
        let mut c = client(&[("enable.auto.commit", ConfigValue::Bool(false))]);
        c.assign(0, &[(tp(0), Some(0)), (tp(1), Some(0))]);
        fetched(&mut c, 0, 0..3);
        let items: Vec<Delivery> = std::iter::from_fn(|| c.next_item())
            .filter_map(|item| match item {
                Served::Record(d) => Some(d),
                _ => None,
            })
            .collect();
        c.delivered(&items);
        assert_eq!(c.stored_offset(&tp(0)), Some(3));
        assert_eq!(c.stored_list(), [(tp(0), 3), (tp(1), OFFSET_INVALID)]);
        c.commits.learn(tp(0), 3);
        let nothing_new = [(tp(0), OFFSET_INVALID), (tp(1), OFFSET_INVALID)];
        assert_eq!(c.stored_list(), nothing_new);
        c.take_outputs();
        c.commit(2, CommitWhat::Stored, true);
        let Some(Served::Committed(result)) = c.next_item() else {
            panic!("the result goes to on_commit")
        };
        assert_eq!(result.error, Some(ClientError::new(ErrorKind::NoOffset)));
        assert_eq!(result.partitions.len(), 2);
        let sent = c.take_outputs();
        assert!(sent.iter().all(|o| !matches!(o, Output::Coordinator(_))));
    }

    #[test]
    fn commit_results_jump_ahead_of_queued_messages() {
        let mut c = client(&[]);
        c.assign(0, &[(tp(0), Some(0))]);
        fetched(&mut c, 0, 0..2);
        c.commit(1, CommitWhat::Offsets(vec![(tp(0), -1)]), true);
        assert!(matches!(c.next_item(), Some(Served::Committed(_))));
        assert!(matches!(c.next_item(), Some(Served::Record(_))));
    }
}
