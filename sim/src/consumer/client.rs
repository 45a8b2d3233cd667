//! The librdkafka high-level consumer (`rd_kafka_cgrp_t` and `rd_kafka_assignment`), as a
//! sans-IO state machine. [`ConsumerClient`] is the facade: it composes one part per concern,
//! each in its own module, and runs the serve loop over them.
//!
//! * `membership`: the join state machine, JoinGroup/SyncGroup with the leader's assignor,
//!   LeaveGroup; `rebalance`: revoke-and-rejoin, the rebalance ops, and the join states that
//!   wait for the program's calls.
//! * `heartbeat`: heartbeats and the session; `max_poll`: `max.poll.interval.ms`.
//! * `assignment`: assign/unassign, start positions, the offset store; `fetch`: the fetchers
//!   and offset resets.
//! * `commits`: commits and their results; `queue`: the consumer queue that only the
//!   application's `poll()`/`consume()`/`close()` serve, and the answers to its blocking calls.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_serve`, `rd_kafka_cgrp_terminate0`,
//! `rd_kafka_consumer_close`), src/rdkafka_assignment.c, src/rdkafka_queue.c.

use super::assignment::Assignment;
use super::commits::Commits;
use super::heartbeat::Heartbeat;
use super::max_poll::MaxPoll;
use super::membership::Membership;
use super::queue::{ConsumerQueue, Tickets};
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::config::{ConsumerConfig, RebalanceProtocol};
use crate::coordinator::{Request, Response};
use crate::ids::Millis;
pub use crate::trace::consumer::ClientEvent;
use crate::wire::client_error::ClientError;
use crate::wire::log::LogRequest;
use std::collections::VecDeque;

pub use super::commits::{
    CommitReason, CommitResult, CommitWhat, CommittedPartition, OFFSET_INVALID,
};
pub use super::membership::JoinState;
pub use super::queue::{Answer, Delivery, Rebalance, RebalanceKind, Served};

/// An output of the consumer, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Boxed: a group request is several times larger than the other outputs and rare next
    /// to a program's per-record events, and every queued output is as large as the largest.
    Coordinator(Box<Request>),
    Log(LogRequest),
    Event(ClientEvent),
    /// What the program running on this consumer did.
    Program(super::process::ProgramEvent),
}

/// Where the client is in its life: `close()` starts terminating
/// (`RD_KAFKA_CGRP_F_TERMINATE`), and the client is closed once nothing is in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lifecycle {
    Running,
    /// `leave_on_unassign_done` is `RD_KAFKA_CGRP_F_LEAVE_ON_UNASSIGN_DONE`: leave the group
    /// once the final unassign is done.
    Terminating {
        leave_on_unassign_done: bool,
    },
    Closed,
}

impl Lifecycle {
    pub fn is_terminating(self) -> bool {
        self != Lifecycle::Running
    }

    pub fn is_closed(self) -> bool {
        self == Lifecycle::Closed
    }

    /// Whether a leave was asked for; it is asked once.
    pub fn take_leave_on_unassign_done(&mut self) -> bool {
        match self {
            Lifecycle::Terminating {
                leave_on_unassign_done,
            } => std::mem::take(leave_on_unassign_done),
            _ => false,
        }
    }
}

/// One librdkafka consumer instance (`rd_kafka_t` of type consumer).
#[derive(Clone, Debug)]
pub struct ConsumerClient {
    pub(super) config: ConsumerConfig,
    /// Topic name -> partition count, for the leader's assignor.
    pub(super) metadata: VecMap<String, i32>,
    /// The next periodic metadata refresh (`topic.metadata.refresh.interval.ms`).
    metadata_refresh_at: Option<Millis>,
    pub(super) membership: Membership,
    pub(super) heartbeat: Heartbeat,
    pub(super) max_poll: MaxPoll,
    pub(super) assignment: Assignment,
    pub(super) commits: Commits,
    pub(super) queue: ConsumerQueue,
    pub(super) tickets: Tickets,
    pub(super) lifecycle: Lifecycle,
    /// `rk_fatal`: once set, the member never joins again.
    pub(super) fatal: Option<ClientError>,
    /// Outputs not yet drained, in order; a queue kept for the client's life, so that a
    /// `consume()` of many records, which emits thousands at once, reuses its room.
    pub(super) out: VecDeque<Output>,
}

impl ConsumerClient {
    /// `Consumer(conf)` at `now`. The auto-commit timer starts here (`rd_kafka_cgrp_new`).
    pub fn new(config: ConsumerConfig, metadata: VecMap<String, i32>, now: Millis) -> Self {
        Self {
            metadata_refresh_at: config
                .metadata_refresh_interval_ms
                .map(|ms| now + Millis::from(ms)),
            membership: Membership::new(now),
            heartbeat: Heartbeat::default(),
            max_poll: MaxPoll::new(now),
            assignment: Assignment::default(),
            commits: Commits::new(now, config.auto_commit_interval_ms),
            queue: ConsumerQueue::default(),
            tickets: Tickets::default(),
            lifecycle: Lifecycle::Running,
            fatal: None,
            out: VecDeque::new(),
            config,
            metadata,
        }
    }

    pub fn config(&self) -> &ConsumerConfig {
        &self.config
    }

    pub fn member_id(&self) -> &str {
        &self.membership.member_id
    }

    pub fn generation(&self) -> i32 {
        self.membership.generation
    }

    pub fn join_state(&self) -> JoinState {
        self.membership.join.state()
    }

    /// A rebalance is under way (`RD_KAFKA_CGRP_REBALANCING`).
    pub fn is_rebalancing(&self) -> bool {
        self.membership.is_rebalancing()
    }

    pub fn is_closed(&self) -> bool {
        self.lifecycle.is_closed()
    }

    pub fn fatal_error(&self) -> Option<&ClientError> {
        self.fatal.as_ref()
    }

    /// Drains what the consumer wants sent and traced since the last call.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        self.out.drain(..).collect()
    }

    /// The oldest output not yet drained ([`crate::node::Node::poll_output`]).
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// Adds an output of the program running on this consumer, in order with the consumer's.
    pub(super) fn emit(&mut self, output: Output) {
        self.out.push_back(output);
    }

    /// Sends a request to the group coordinator.
    pub(super) fn send(&mut self, request: Request) {
        self.out.push_back(Output::Coordinator(Box::new(request)));
    }

    /// The answer to a blocking call, once it has come.
    pub fn take_answer(&mut self, ticket: u64) -> Option<Answer> {
        self.tickets.take(ticket)
    }

    /// The caller of a blocking call stopped waiting (its timeout ran out).
    pub fn abandon(&mut self, ticket: u64) {
        self.tickets.abandon(ticket);
    }

    /// When [`ConsumerClient::handle_timeout`] must next run.
    pub fn poll_timeout(&self) -> Option<Millis> {
        if self.lifecycle.is_closed() {
            return None;
        }
        let auto_commit = self
            .auto_commit_armed()
            .then_some(self.commits.auto_commit_at());
        let join = self.join_due_at().filter(|_| !self.max_poll.join_held());
        [
            auto_commit,
            self.max_poll.check_at(),
            join,
            self.heartbeat_due_at(),
            self.metadata_refresh_at,
            self.session_deadline(),
            self.reset_due_at(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Fires the timers due at `now`: auto-commit, the `max.poll.interval.ms` check, a
    /// heartbeat, a join after its backoff.
    pub fn handle_timeout(&mut self, now: Millis) {
        if self.lifecycle.is_closed() {
            return;
        }
        if self.config.group_work_in_poll() {
            if self.max_poll.in_blocking_poll() {
                self.auto_commit_in_poll(now);
            }
        } else if self.config.enable_auto_commit
            && self
                .commits
                .auto_commit_due(now, self.config.auto_commit_interval_ms)
        {
            self.auto_commit(now);
        }
        if self.max_poll.check_due(now, self.max_poll_check_every()) {
            self.check_max_poll(now);
        }
        if self.session_deadline().is_some_and(|at| now >= at) {
            self.session_timed_out(now);
        }
        self.drive(now);
    }

    /// Whether the auto-commit deadline is watched now: always for librdkafka's timer; for
    /// kafka-python only while the program is blocked in `poll()`, whose fetch wait is cut
    /// at the deadline (`KafkaConsumer._poll_once` caps it by
    /// `ConsumerCoordinator.time_to_next_poll`).
    fn auto_commit_armed(&self) -> bool {
        self.config.enable_auto_commit
            && (!self.config.group_work_in_poll() || self.max_poll.in_blocking_poll())
    }

    /// kafka-python's auto-commit: only from the coordinator's `poll()`, which the program's
    /// `poll()` (and so `for message in consumer`) runs first thing and again at each round
    /// while it waits; the commit goes when the deadline has passed, and the next deadline is
    /// an interval from now (kafka-python 3.0.12 `ConsumerCoordinator.poll`,
    /// `_maybe_auto_commit_offsets_async`). A real clock wakes just after the deadline; in
    /// virtual time that is the deadline itself.
    pub(super) fn auto_commit_in_poll(&mut self, now: Millis) {
        if self.config.group_work_in_poll()
            && self.config.enable_auto_commit
            && now >= self.commits.auto_commit_at()
        {
            let interval = self.config.auto_commit_interval_ms;
            self.commits.restart_auto_commit(now, interval);
            self.auto_commit(now);
        }
    }

    /// Whether the periodic metadata refresh is due at `now`; the host then sends the
    /// Metadata request ([`ConsumerClient::metadata_requested`]) and hands its answer to
    /// [`ConsumerClient::refresh_metadata`].
    pub fn metadata_refresh_due(&self, now: Millis) -> bool {
        !self.lifecycle.is_closed() && self.metadata_refresh_at.is_some_and(|at| now >= at)
    }

    /// The periodic Metadata request went out: the timer runs again from now, whenever the
    /// answer comes (`rd_kafka_metadata_refresh_cb` is a periodic timer).
    pub fn metadata_requested(&mut self, now: Millis) {
        if let Some(ms) = self.config.metadata_refresh_interval_ms {
            self.metadata_refresh_at = Some(now + Millis::from(ms));
        }
    }

    /// The periodic refresh's answer: topic -> partition count now. When a subscribed
    /// topic's partition count changed, the member rejoins: an eager one revokes its
    /// assignment first, a cooperative one rejoins at once ("Metadata for subscribed
    /// topic(s) has changed"). The refresh timer runs on every interval (`rd_kafka_new`,
    /// `rd_kafka_metadata_refresh_cb` in librdkafka src/rdkafka.c); the check is
    /// `rd_kafka_cgrp_metadata_update_check` and `rd_kafka_cgrp_update_subscribed_topics`
    /// in src/rdkafka_cgrp.c, called with do_join from every metadata answer
    /// (src/rdkafka_metadata.c).
    pub fn refresh_metadata(&mut self, now: Millis, metadata: VecMap<String, i32>) {
        let subscription = &self.membership.subscription;
        let subscribed = |m: &VecMap<String, i32>| -> Vec<Option<i32>> {
            subscription.iter().map(|t| m.get(t).copied()).collect()
        };
        let changed = subscribed(&self.metadata) != subscribed(&metadata);
        self.metadata = metadata;
        if !changed
            || self.membership.subscription.is_empty()
            || self.lifecycle.is_terminating()
            || self.membership.member_id.is_empty()
        {
            return;
        }
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => self.revoke_all_rejoin(now, false),
            RebalanceProtocol::Cooperative => {
                self.membership.join_not_before = now;
                self.rejoin();
            }
        }
        self.drive(now);
    }

    /// The partitions of `topic` in the client's metadata, in order: what
    /// `list_topics(topic)` lists (librdkafka `rd_kafka_metadata`).
    pub fn partitions_of(&self, topic: &str) -> Vec<TopicPartition> {
        let count = self.metadata.get(topic).copied().unwrap_or_default();
        (0..count).map(|p| TopicPartition::new(topic, p)).collect()
    }

    /// The next item of the consumer queue, if any. Records are not yet stored: call
    /// [`ConsumerClient::delivered`] when the poll returns them.
    pub fn next_item(&mut self) -> Option<Served> {
        self.queue.pop()
    }

    /// Queues an error event for `error_cb`, served by the next `poll()`/`consume()`.
    pub fn queue_error_event(&mut self, error: ClientError) {
        self.queue.push(Served::ErrorEvent(error));
    }

    /// `close()`: unsubscribe (revoke through the callback, commit stored offsets with
    /// auto-commit, LeaveGroup unless static), or unassign a manual assignment; the program
    /// keeps serving callbacks until [`ConsumerClient::is_closed`].
    /// Source: librdkafka `rd_kafka_consumer_close`, `rd_kafka_cgrp_terminate0`,
    /// `rd_kafka_cgrp_unsubscribe`.
    pub fn close(&mut self, now: Millis) {
        if self.lifecycle.is_terminating() {
            return;
        }
        self.lifecycle = Lifecycle::Terminating {
            leave_on_unassign_done: false,
        };
        if !self.membership.subscription.is_empty() {
            self.membership.subscription.clear();
            self.max_poll.stop_checks();
            if !self.membership.member_id.is_empty() {
                self.lifecycle = Lifecycle::Terminating {
                    leave_on_unassign_done: true,
                };
            }
            if !self.assignment.is_lost() {
                self.revoke_all_rejoin(now, false);
            }
        }
        if !self.membership.join.waiting_call() {
            let lost = self.assignment.take_lost();
            self.clear_assignment(now, lost);
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    pub fn handle_coordinator(&mut self, now: Millis, response: Response) {
        if self.lifecycle.is_closed() {
            return;
        }
        match response {
            Response::JoinGroup(r) => self.on_join(now, r),
            Response::SyncGroup(r) => self.on_sync(now, r.error, r.assignment),
            Response::Heartbeat(r) => self.on_heartbeat(now, r.error),
            Response::LeaveGroup(_) => self.membership.wait_leave = false,
            Response::OffsetCommit(r) => self.on_commit_response(now, r),
            Response::OffsetFetch(r) => {
                let fetched: Vec<_> = r
                    .partitions
                    .into_iter()
                    .map(|f| (f.partition, (f.offset >= 0).then_some(f.offset)))
                    .collect();
                self.on_offset_fetch(now, fetched);
            }
        }
        self.drive(now);
    }

    /// The serve loop's work (`rd_kafka_cgrp_serve`): a join that may go, a heartbeat that
    /// is due, the fetchers, and the end of a close.
    pub(super) fn drive(&mut self, now: Millis) {
        if self.lifecycle.is_closed() {
            return;
        }
        if self.join_due_at().is_some_and(|at| now >= at) {
            self.join(now);
        }
        self.heartbeat_if_due(now);
        self.serve_fetchers(now);
        self.try_terminate();
    }

    /// Closed once nothing is in progress: no commit or offset query in flight, nothing
    /// assigned, no LeaveGroup unanswered, no rebalance callback waiting.
    fn try_terminate(&mut self) {
        let in_progress = self.commits.in_flight()
            || self.assignment.offset_queries_in_flight()
            || !self.assignment.is_empty()
            || self.membership.wait_leave;
        let terminating = self.lifecycle.is_terminating() && !self.lifecycle.is_closed();
        if terminating && !in_progress && !self.membership.join.waiting_call() {
            self.lifecycle = Lifecycle::Closed;
            self.out.push_back(Output::Event(ClientEvent::Closed));
        }
    }

    pub(super) fn rebalance_protocol(&self) -> RebalanceProtocol {
        self.config.rebalance_protocol()
    }

    pub(super) fn group_id(&self) -> String {
        self.config.group_id.clone().unwrap_or_default()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::config::{ConfigValue, Profile};
    use crate::console::LogFacility;
    use crate::wire::log::{LogRecord, LogResponse};

    /// A consumer in group "g" that knows topic "t" with two partitions.
    pub fn client(pairs: &[(&str, ConfigValue)]) -> ConsumerClient {
        let mut all = vec![("group.id", ConfigValue::Str("g".into()))];
        all.extend(pairs.iter().cloned());
        let config = ConsumerConfig::from_pairs(Profile::Librdkafka, &all).unwrap();
        ConsumerClient::new(config, VecMap::from([("t".to_string(), 2)]), 0)
    }

    pub fn tp(p: i32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    /// The log lines the client output under `facility`, taking its outputs.
    pub fn logged(c: &mut ConsumerClient, facility: LogFacility) -> Vec<String> {
        c.take_outputs()
            .into_iter()
            .filter_map(|output| match output {
                Output::Event(ClientEvent::Logged { facility: f, text }) if f == facility => {
                    Some(text)
                }
                _ => None,
            })
            .collect()
    }

    /// The leader's answer with `offsets` to the fetch of partition `p`.
    pub fn fetched(c: &mut ConsumerClient, p: i32, offsets: std::ops::Range<i64>) {
        let version = c.assignment.get(&tp(p)).unwrap().version;
        let records = offsets
            .map(|offset| LogRecord {
                offset,
                key: None,
                value: None,
            })
            .collect();
        c.handle_log(
            1,
            LogResponse::Fetched {
                tp: tp(p),
                version,
                records,
                high_watermark: 0,
                log_start: 0,
            },
        );
    }
}
