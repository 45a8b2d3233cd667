//! The assignment (`rk_consumer.assignment`): the program's assign and unassign calls, the
//! partitions' start positions (OffsetFetch for the committed offset, `auto.offset.reset`),
//! the offset store, and the removal of partitions with their commit.
//!
//! Source: librdkafka src/rdkafka_assignment.c (`rd_kafka_assignment_add`,
//! `rd_kafka_assignment_serve`, `rd_kafka_assignment_serve_removals`), src/rdkafka_cgrp.c
//! (`rd_kafka_cgrp_assign`, `rd_kafka_cgrp_unassign` and their incremental forms),
//! src/rdkafka_offset.c.

use super::client::{ClientEvent, ConsumerClient, Output};
use super::commits::{CommitReason, OFFSET_INVALID, Reply};
use super::fetch::ResetCause;
use super::partition::{Fetch, PartitionState};
use super::queue::{Answer, Delivery, Rebalance, RebalanceKind};
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::coordinator::{OffsetFetch, Request};
use crate::ids::Millis;
use crate::topic::Topic;
use crate::wire::client_error::{ClientError, ErrorKind};
use std::collections::VecDeque;

/// Why an OffsetFetch was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum OffsetQuery {
    /// Start positions of the assignment's pending partitions.
    Assignment,
    /// A `committed()` call.
    Ticket(u64),
}

/// The assigned partitions and what librdkafka keeps beside them.
#[derive(Clone, Debug, Default)]
pub(super) struct Assignment {
    partitions: VecMap<TopicPartition, PartitionState>,
    /// The last partition version handed out (`rktp_op_version`).
    last_version: u64,
    /// `rd_kafka_assignment_lost()`: the group took the assignment away; cleared by the
    /// program's next assign or unassign call.
    lost: bool,
    /// The OffsetFetch requests in flight, in the order the coordinator answers them.
    offset_queries: VecDeque<OffsetQuery>,
    /// The topics this client has a local topic object for (`rd_kafka_topic_t`): made when a
    /// partition of theirs is first assigned (`rd_kafka_assignment_add` materializes it,
    /// `rd_kafka_topic_partition_ensure_toppar`), and kept after it is unassigned.
    topics: Vec<Topic>,
}

impl Assignment {
    pub fn is_empty(&self) -> bool {
        self.partitions.is_empty()
    }

    pub fn get(&self, tp: &TopicPartition) -> Option<&PartitionState> {
        self.partitions.get(tp)
    }

    pub fn get_mut(&mut self, tp: &TopicPartition) -> Option<&mut PartitionState> {
        self.partitions.get_mut(tp)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&TopicPartition, &PartitionState)> {
        self.partitions.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&TopicPartition, &mut PartitionState)> {
        self.partitions.iter_mut()
    }

    /// The partitions, sorted by topic and partition.
    pub fn partitions(&self) -> Vec<TopicPartition> {
        self.partitions.keys().cloned().collect()
    }

    pub fn contains(&self, tp: &TopicPartition) -> bool {
        self.partitions.contains_key(tp)
    }

    pub fn is_lost(&self) -> bool {
        self.lost
    }

    /// `rd_kafka_assignment_set_lost()`.
    pub fn mark_lost(&mut self) {
        self.lost = true;
    }

    /// The lost flag, cleared: the program's assign or unassign call takes it.
    pub fn take_lost(&mut self) -> bool {
        std::mem::take(&mut self.lost)
    }

    pub fn offset_queries_in_flight(&self) -> bool {
        !self.offset_queries.is_empty()
    }

    pub fn next_version(&mut self) -> u64 {
        self.last_version += 1;
        self.last_version
    }

    /// Whether the client has a local object for `topic`: what `seek()` finds a partition by.
    pub fn knows_topic(&self, topic: &Topic) -> bool {
        self.topics.contains(topic)
    }

    fn add(&mut self, tp: TopicPartition, offset: Option<i64>) {
        if !self.topics.contains(&tp.topic) {
            self.topics.push(tp.topic.clone());
        }
        let version = self.next_version();
        self.partitions
            .insert(tp, PartitionState::new(offset, version));
    }

    fn remove(&mut self, tp: &TopicPartition) -> Option<PartitionState> {
        self.partitions.remove(tp)
    }

    /// Pauses (or resumes) every partition for a rebalance callback: answers and queued
    /// messages of the old version are dropped, fetching resumes at the application position
    /// (`rd_kafka_assignment_pause`, `rd_kafka_assignment_resume`: `RD_KAFKA_TOPPAR_F_LIB_PAUSE`).
    pub fn set_paused(&mut self, paused: bool) {
        for p in self.partitions.values_mut() {
            self.last_version += 1;
            p.version = self.last_version;
            p.paused = paused;
            p.rewind_to_app_pos();
        }
    }

    /// The partition's state if an answer of `version` is still wanted.
    pub fn current(&mut self, tp: &TopicPartition, version: u64) -> Option<&mut PartitionState> {
        self.partitions
            .get_mut(tp)
            .filter(|p| p.version == version && !p.paused)
    }

    /// Whether a partition still waits for its committed offset.
    fn awaiting_committed(&self) -> bool {
        self.partitions
            .values()
            .any(|p| matches!(p.fetch, Fetch::AwaitCommitted { .. }))
    }

    /// The pending partitions not yet asked for, now marked as asked.
    fn take_unqueried(&mut self) -> Vec<TopicPartition> {
        self.partitions
            .iter_mut()
            .filter(|(_, p)| p.fetch == Fetch::AwaitCommitted { queried: false })
            .map(|(tp, p)| {
                p.fetch = Fetch::AwaitCommitted { queried: true };
                tp.clone()
            })
            .collect()
    }
}

impl ConsumerClient {
    /// `assignment()`: the partitions the program assigned, sorted by topic and partition as
    /// `rd_kafka_assignment_add` keeps `rk_consumer.assignment.all` (rdkafka_assignment.c).
    pub fn assignment(&self) -> Vec<TopicPartition> {
        self.assignment.partitions()
    }

    /// Whether `tp` is assigned and paused while a rebalance callback waits for the program
    /// (`RD_KAFKA_TOPPAR_F_LIB_PAUSE`): nothing is fetched or delivered from it.
    pub fn is_paused(&self, tp: &TopicPartition) -> bool {
        self.assignment.partitions.get(tp).is_some_and(|p| p.paused)
    }

    /// `rd_kafka_assignment_lost()`: what `on_lost` is chosen by.
    pub fn assignment_lost(&self) -> bool {
        self.assignment.is_lost()
    }

    /// `position()`: the offset after the last message handed to the program.
    pub fn position(&self, tp: &TopicPartition) -> Option<i64> {
        self.assignment.get(tp).and_then(|p| p.app_pos)
    }

    pub fn stored_offset(&self, tp: &TopicPartition) -> Option<i64> {
        self.assignment.get(tp).and_then(|p| p.stored)
    }

    /// Whether a record is still wanted: a pause, seek or removal since it was fetched
    /// makes it outdated (`rd_kafka_op_version_outdated`).
    pub fn is_current(&self, delivery: &Delivery) -> bool {
        self.assignment
            .get(&delivery.tp)
            .is_some_and(|p| p.version == delivery.version)
    }

    /// Messages handed to the program: the application position becomes offset + 1 and, with
    /// `enable.auto.offset.store`, so does the stored offset.
    /// Source: librdkafka src/rdkafka_queue.c `rd_kafka_q_serve_rkmessages` (after the
    /// batch), src/rdkafka_op.c `rd_kafka_fetch_op_app_prepare`, src/rdkafka_offset.c
    /// `rd_kafka_update_app_pos`.
    pub fn delivered<'a>(&mut self, deliveries: impl IntoIterator<Item = &'a Delivery>) {
        let auto_store = self.config.enable_auto_offset_store != Some(false);
        let mut deliveries = deliveries.into_iter().peekable();
        while let Some(d) = deliveries.next() {
            // Each record only ever raises its partition's position, so a run of one
            // partition's records moves it once, to the furthest: one lookup per run.
            let mut offset = d.offset;
            while let Some(next) =
                deliveries.next_if(|next| next.tp == d.tp && next.version == d.version)
            {
                offset = offset.max(next.offset);
            }
            if let Some(p) = self.assignment.get_mut(&d.tp)
                && p.version == d.version
            {
                let pos = offset + 1;
                if p.app_pos.is_none_or(|a| pos > a) {
                    p.app_pos = Some(pos);
                    if auto_store {
                        p.stored = Some(pos);
                    }
                }
            }
        }
    }

    /// The confluent-kafka-python wrapper after a rebalance callback that did not assign
    /// itself: `assign()`/`unassign()`, or their incremental forms when cooperative.
    /// Source: confluent-kafka-python src/confluent_kafka/src/Consumer.c `Consumer_rebalance_cb`.
    pub fn rebalance_done(&mut self, now: Millis, rebalance: &Rebalance) {
        match (rebalance.kind, rebalance.incremental) {
            (RebalanceKind::Assign, false) => {
                let partitions: Vec<_> = rebalance
                    .partitions
                    .iter()
                    .map(|tp| (tp.clone(), None))
                    .collect();
                self.assign(now, &partitions);
            }
            (RebalanceKind::Revoke, false) => self.unassign(now),
            (RebalanceKind::Assign, true) => self.incremental_assign(now, &rebalance.partitions),
            (RebalanceKind::Revoke, true) => self.incremental_unassign(now, &rebalance.partitions),
        }
    }

    /// `assign(partitions)`: replaces the assignment; a partition without an offset starts
    /// at its committed offset. Source: `rd_kafka_cgrp_assign`.
    pub fn assign(&mut self, now: Millis, partitions: &[(TopicPartition, Option<i64>)]) {
        let lost = self.assignment.take_lost();
        self.clear_assignment(now, lost);
        self.add_partitions(partitions);
        self.assign_call_done(now);
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `unassign()`. The lost flag is cleared before the removed partitions are served, so
    /// their stored offsets are still sent, and the coordinator refuses them (the member id
    /// or generation is gone). Source: `rd_kafka_cgrp_unassign`.
    pub fn unassign(&mut self, now: Millis) {
        let lost = self.assignment.take_lost();
        self.clear_assignment(now, lost);
        self.unassign_call_done();
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `incremental_assign(partitions)`. Source: `rd_kafka_cgrp_incremental_assign`.
    pub fn incremental_assign(&mut self, now: Millis, partitions: &[TopicPartition]) {
        let added: Vec<_> = partitions.iter().map(|tp| (tp.clone(), None)).collect();
        self.add_partitions(&added);
        self.assign_call_done(now);
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `incremental_unassign(partitions)`. Source: `rd_kafka_cgrp_incremental_unassign`.
    pub fn incremental_unassign(&mut self, now: Millis, partitions: &[TopicPartition]) {
        let lost = self.assignment.take_lost();
        self.remove_partitions(now, partitions, lost);
        self.incremental_unassign_call_done();
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `store_offsets(...)`: `_INVALID_ARG` unless `enable.auto.offset.store=false`; stores
    /// for assigned partitions. Source: librdkafka `rd_kafka_offsets_store`.
    pub fn store_offsets(&mut self, offsets: &[(TopicPartition, i64)]) -> Result<(), ClientError> {
        if self.config.enable_auto_offset_store != Some(false) {
            return Err(ClientError::new(ErrorKind::InvalidArg));
        }
        for (tp, offset) in offsets {
            if let Some(p) = self.assignment.get_mut(tp) {
                p.stored = Some(*offset);
            }
        }
        Ok(())
    }

    /// `committed(partitions)`: an OffsetFetch; the answer is [`Answer::Committed`].
    pub fn committed(&mut self, partitions: &[TopicPartition]) -> u64 {
        let ticket = self.tickets.issue();
        self.send_offset_fetch(partitions.to_vec(), OffsetQuery::Ticket(ticket));
        ticket
    }

    /// The coordinator's OffsetFetch answer, for whichever query asked.
    pub(super) fn on_offset_fetch(
        &mut self,
        now: Millis,
        fetched: Vec<(TopicPartition, Option<i64>)>,
    ) {
        match self.assignment.offset_queries.pop_front() {
            Some(OffsetQuery::Ticket(ticket)) => {
                self.tickets.answer(ticket, Answer::Committed(fetched));
            }
            Some(OffsetQuery::Assignment) => self.apply_committed(now, fetched),
            None => {}
        }
    }

    fn add_partitions(&mut self, partitions: &[(TopicPartition, Option<i64>)]) {
        for (tp, offset) in partitions {
            self.assignment.add(tp.clone(), *offset);
        }
        if !partitions.is_empty() {
            self.out.push_back(Output::Event(ClientEvent::Assigned {
                partitions: partitions.iter().map(|(tp, _)| tp.clone()).collect(),
            }));
        }
    }

    pub(super) fn clear_assignment(&mut self, now: Millis, lost: bool) {
        let all = self.assignment();
        self.remove_partitions(now, &all, lost);
    }

    /// Removes partitions: their queued messages are dropped, and with `enable.auto.commit`
    /// their stored offsets are committed; the stored offsets are then forgotten.
    /// Source: `rd_kafka_assignment_serve_removals`.
    fn remove_partitions(&mut self, now: Millis, partitions: &[TopicPartition], lost: bool) {
        let removed: Vec<(TopicPartition, PartitionState)> = partitions
            .iter()
            .filter_map(|tp| self.assignment.remove(tp).map(|p| (tp.clone(), p)))
            .collect();
        if removed.is_empty() {
            return;
        }
        let gone: Vec<&TopicPartition> = removed.iter().map(|(tp, _)| tp).collect();
        self.queue.drop_records(|tp| gone.contains(&tp));
        self.out.push_back(Output::Event(ClientEvent::Revoked {
            partitions: gone.iter().map(|tp| (*tp).clone()).collect(),
            lost,
        }));
        let any_stored = removed.iter().any(|(_, p)| p.stored.is_some());
        if any_stored && self.config.enable_auto_commit {
            let offsets = removed
                .into_iter()
                .map(|(tp, p)| (tp, p.stored.unwrap_or(OFFSET_INVALID)))
                .collect();
            self.send_commit(
                now,
                offsets,
                Reply::Queue { silent_empty: true },
                CommitReason::Removal,
            );
        }
    }

    /// Pauses the assignment while a rebalance callback waits; its queued messages are
    /// dropped.
    pub(super) fn pause_all(&mut self) {
        self.assignment.set_paused(true);
        let assignment = &self.assignment;
        self.queue.drop_records(|tp| assignment.contains(tp));
    }

    /// Starts what can start: OffsetFetch for partitions waiting for their committed offset
    /// (only with no commit in flight, since a commit may be the start position), and tells
    /// the group when nothing is in progress (`rd_kafka_assignment_serve`,
    /// `rd_kafka_assignment_serve_pending`).
    pub(super) fn serve_assignment(&mut self, now: Millis) {
        let querying = self
            .assignment
            .offset_queries
            .contains(&OffsetQuery::Assignment);
        if !self.commits.in_flight() && !querying {
            let pending = self.assignment.take_unqueried();
            if !pending.is_empty() {
                self.send_offset_fetch(pending, OffsetQuery::Assignment);
            }
        }
        if !self.commits.in_flight() && !self.assignment.awaiting_committed() {
            self.assignment_done(now);
        }
    }

    fn send_offset_fetch(&mut self, partitions: Vec<TopicPartition>, purpose: OffsetQuery) {
        self.assignment.offset_queries.push_back(purpose);
        self.send(Request::OffsetFetch(OffsetFetch {
            group_id: self.group_id(),
            partitions,
        }));
    }

    /// Committed offsets arrived for pending partitions: start each at its committed offset,
    /// or by `auto.offset.reset` (`rd_kafka_assignment_apply_offsets`,
    /// `rd_kafka_toppar_fetch_start`).
    fn apply_committed(&mut self, now: Millis, fetched: Vec<(TopicPartition, Option<i64>)>) {
        let positions = self.config.group_work_in_poll();
        for (tp, offset) in fetched {
            if let Some(offset) = offset {
                self.commits.learn(tp.clone(), offset);
            }
            let Some(p) = self.assignment.get_mut(&tp) else {
                continue;
            };
            if p.fetch != (Fetch::AwaitCommitted { queried: true }) {
                continue;
            }
            match offset {
                Some(next) => {
                    p.fetch = Fetch::Active {
                        next,
                        in_flight: false,
                    };
                    p.start_at(next, positions);
                }
                None => self.reset_offset(now, &tp, ResetCause::NoOffset),
            }
        }
        self.serve_assignment(now);
    }
}

#[cfg(test)]
mod tests {
    use crate::consumer::client::Output;
    use crate::consumer::client::tests::{client, tp};
    use crate::consumer::queue::Answer;
    use crate::coordinator::{FetchedOffset, OffsetFetchResponse, Request, Response};

    #[test]
    fn committed_answers_by_ticket() {
        let mut c = client(&[]);
        let ticket = c.committed(&[tp(0)]);
        assert!(matches!(
            c.take_outputs()[..],
            [Output::Coordinator(ref r)] if matches!(**r, Request::OffsetFetch(_))
        ));
        let fetched = FetchedOffset {
            partition: tp(0),
            offset: 7,
            metadata: String::new(),
        };
        let response = OffsetFetchResponse {
            partitions: vec![fetched],
        };
        c.handle_coordinator(1, Response::OffsetFetch(response));
        assert_eq!(
            c.take_answer(ticket),
            Some(Answer::Committed(vec![(tp(0), Some(7))]))
        );
    }

    #[test]
    fn store_offsets_needs_auto_store_off() {
        use crate::config::ConfigValue;
        use crate::wire::client_error::{ClientError, ErrorKind};
        let mut c = client(&[]);
        c.assign(0, &[(tp(0), Some(0))]);
        assert_eq!(
            c.store_offsets(&[(tp(0), 5)]),
            Err(ClientError::new(ErrorKind::InvalidArg))
        );
        let mut c = client(&[("enable.auto.offset.store", ConfigValue::Bool(false))]);
        c.assign(0, &[(tp(0), Some(0))]);
        assert_eq!(c.store_offsets(&[(tp(0), 5)]), Ok(()));
        assert_eq!(c.stored_offset(&tp(0)), Some(5));
    }
}
