//! Rebalances as the member lives them: revoking the assignment and rejoining, the rebalance
//! ops the program's callbacks serve, and the join states that wait for the program's assign
//! and unassign calls and for the assignment to settle.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_revoke_all_rejoin`,
//! `rd_kafka_rebalance_op`, `rd_kafka_rebalance_op_incr`, `rd_kafka_cgrp_assignment_done`).

use super::client::ConsumerClient;
use super::membership::JoinPhase;
use super::queue::{Rebalance, RebalanceKind, Served};
use crate::TopicPartition;
use crate::collect::sort_small_by;
use crate::config::RebalanceProtocol;
use crate::ids::Millis;

impl ConsumerClient {
    /// Source: `rd_kafka_cgrp_revoke_all_rejoin_maybe`.
    pub(super) fn revoke_all_rejoin_maybe(&mut self, now: Millis, lost: bool) {
        if !self.membership.is_rebalancing() {
            self.revoke_all_rejoin(now, lost);
        }
    }

    /// Revokes the whole group assignment through the program's callback (marking it lost if
    /// so), or rejoins at once when there is nothing to revoke.
    /// Source: `rd_kafka_cgrp_revoke_all_rejoin`.
    pub(super) fn revoke_all_rejoin(&mut self, now: Millis, lost: bool) {
        let waiting_call = self.membership.join.waiting_call();
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => {
                if lost {
                    self.assignment.mark_lost();
                }
                match self.membership.group_assignment.clone() {
                    Some(assigned) if !waiting_call => {
                        self.rebalance_op(RebalanceKind::Revoke, assigned, false, false);
                        self.membership.group_assignment = None;
                    }
                    _ => {
                        self.membership.join_not_before = now;
                        self.rejoin();
                    }
                }
            }
            RebalanceProtocol::Cooperative => match self.membership.group_assignment.clone() {
                Some(assigned) if !assigned.is_empty() => {
                    if lost {
                        self.assignment.mark_lost();
                    }
                    let rejoin = !self.lifecycle.is_terminating();
                    self.rebalance_op_incr(RebalanceKind::Revoke, assigned, rejoin);
                }
                _ if self.lifecycle.is_terminating() => {}
                _ => self.rejoin(),
            },
        }
    }

    /// Back to INIT, to join again from the serve loop; with no subscription left, leave
    /// instead (`rd_kafka_cgrp_rejoin`).
    pub(super) fn rejoin(&mut self) {
        if self.membership.subscription.is_empty() {
            self.leave_maybe();
        }
        self.membership.join = JoinPhase::Init;
    }

    /// Queues a rebalance op for the program and pauses the assignment until it is served
    /// (`rd_kafka_rebalance_op`); the join state waits for the program's call.
    pub(super) fn rebalance_op(
        &mut self,
        kind: RebalanceKind,
        partitions: Vec<TopicPartition>,
        incremental: bool,
        rejoin: bool,
    ) {
        self.membership.join = match kind {
            RebalanceKind::Assign => JoinPhase::WaitAssignCall { rejoin },
            RebalanceKind::Revoke => JoinPhase::WaitUnassignCall { rejoin },
        };
        self.pause_all();
        self.queue.push(Served::Rebalance(Rebalance {
            kind,
            partitions,
            incremental,
        }));
    }

    /// The cooperative form; the group assignment follows the increment at once
    /// (`rd_kafka_rebalance_op_incr`, `rd_kafka_cgrp_group_assignment_modify`).
    pub(super) fn rebalance_op_incr(
        &mut self,
        kind: RebalanceKind,
        partitions: Vec<TopicPartition>,
        rejoin: bool,
    ) {
        let mut group = self.membership.group_assignment.take().unwrap_or_default();
        match kind {
            RebalanceKind::Assign => group.extend(partitions.iter().cloned()),
            RebalanceKind::Revoke => group.retain(|tp| !partitions.contains(tp)),
        }
        self.membership.group_assignment = (!group.is_empty()).then(|| sorted(group));
        self.rebalance_op(kind, partitions, true, rejoin);
    }

    /// The program's assign call (full or incremental) ends a waiting assign: the assignment
    /// resumes and the member is STEADY (`rd_kafka_cgrp_assign`,
    /// `rd_kafka_cgrp_incremental_assign`).
    pub(super) fn assign_call_done(&mut self, now: Millis) {
        if let JoinPhase::WaitAssignCall { rejoin } = self.membership.join {
            self.assignment.set_paused(false);
            self.enter_steady(now, rejoin);
        }
    }

    /// The program's unassign call ends a waiting unassign (`rd_kafka_cgrp_unassign`).
    pub(super) fn unassign_call_done(&mut self) {
        if let JoinPhase::WaitUnassignCall { .. } = self.membership.join {
            self.membership.join = JoinPhase::WaitUnassignToComplete;
        }
    }

    /// The program's incremental unassign call ends a waiting unassign: what stays assigned
    /// resumes (`rd_kafka_cgrp_incremental_unassign`).
    pub(super) fn incremental_unassign_call_done(&mut self) {
        if let JoinPhase::WaitUnassignCall { rejoin } = self.membership.join {
            self.assignment.set_paused(false);
            self.membership.join = JoinPhase::WaitIncrUnassignToComplete { rejoin };
        }
    }

    /// STEADY, and a subscribed consumer's `max.poll.interval.ms` check (re)starts
    /// (`rd_kafka_cgrp_start_max_poll_interval_timer`; kafka-python: its heartbeat thread's).
    fn enter_steady(&mut self, now: Millis, rejoin: bool) {
        self.membership.join = JoinPhase::Steady { rejoin };
        if !self.membership.subscription.is_empty() {
            let every = self.max_poll_check_every();
            self.max_poll.start_checks(now, every);
        }
    }

    /// Assignment operations are done: move on from the waiting join states
    /// (`rd_kafka_cgrp_assignment_done`, `rd_kafka_cgrp_unassign_done`,
    /// `rd_kafka_cgrp_incr_unassign_done`).
    pub(super) fn assignment_done(&mut self, now: Millis) {
        match self.membership.join {
            JoinPhase::WaitUnassignToComplete => {
                self.leave_maybe();
                self.membership.join_not_before = now;
                self.rejoin();
            }
            JoinPhase::WaitIncrUnassignToComplete { rejoin } => {
                if self.lifecycle.is_terminating() {
                    self.clear_assignment(now, false);
                    self.membership.join = JoinPhase::Init;
                    self.leave_maybe();
                } else if let Some(added) = self.membership.incr_assignment.take() {
                    self.rebalance_op_incr(RebalanceKind::Assign, added, true);
                } else if rejoin {
                    self.membership.join_not_before = now;
                    self.rejoin();
                } else {
                    // Back in STEADY after an incremental unassign: the max.poll.interval.ms
                    // timer starts again (`rd_kafka_cgrp_incr_unassign_done`).
                    self.enter_steady(now, false);
                }
            }
            JoinPhase::Steady { rejoin: true } => {
                self.membership.join_not_before = now;
                self.rejoin();
            }
            _ => {}
        }
    }
}

/// Partitions sorted by topic and partition, as librdkafka keeps the group assignment.
pub(super) fn sorted(mut partitions: Vec<TopicPartition>) -> Vec<TopicPartition> {
    sort_small_by(&mut partitions, Ord::cmp);
    partitions
}
