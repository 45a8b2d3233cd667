//! The librdkafka high-level consumer (`rd_kafka_cgrp_t` and `rd_kafka_assignment`), as a
//! sans-IO state machine: the group join state machine, heartbeats, `max.poll.interval.ms`,
//! the assignment with its fetchers, the offset store, commits, and the consumer queue that
//! only the application's `poll()`/`consume()`/`close()` serve.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (join states, rebalance ops, heartbeats, commits,
//! leave), src/rdkafka_assignment.c (assign/unassign, commit on removal), src/rdkafka_queue.c
//! (`rd_kafka_q_serve_rkmessages`), src/rdkafka_offset.c, src/rdkafka_partition.c.

use super::error::{ClientError, ErrorKind};
use super::log::{LogEnd, LogRecord, LogRequest, LogResponse};
use super::partition::{Fetch, PartitionState};
use crate::TopicPartition;
use crate::assignor::{self, Client, Member, Strategy};
use crate::collect::{VecMap, VecSet, sort_small_by};
use crate::config::{ConsumerConfig, OffsetReset, Profile, RebalanceProtocol};
use crate::coordinator::{
    CONSUMER_PROTOCOL_TYPE, CommitOffset, ErrorCode, Heartbeat, JoinGroup, JoinGroupResponse,
    LIBRDKAFKA_JOIN_GROUP_VERSION, LeaveGroup, MemberAssignment, MemberIdentity, OffsetCommit,
    OffsetCommitResponse, OffsetFetch, Protocol, Request, Response, Subscription, SyncGroup,
    UNKNOWN_MEMBER_ID,
};
use crate::engine::Millis;
use crate::engine::protocol::Bytes;
use serde::Serialize;
use std::collections::VecDeque;

/// The offset of a partition without one (`RD_KAFKA_OFFSET_INVALID`, src/rdkafka.h), as the
/// `on_commit` callback shows a partition with nothing stored.
pub const OFFSET_INVALID: i64 = -1001;

/// How often `max.poll.interval.ms` is checked: "The timer interval is 2 hz"
/// (`rd_kafka_cgrp_start_max_poll_interval_timer`).
const MAX_POLL_CHECK_MS: Millis = 500;

/// An offset reset (no committed offset, or out of range) queries the leader this long after
/// its cause: `rd_kafka_offset_reset` passes its error on to
/// `rd_kafka_toppar_offset_request(.., err ? 100 : 0)` (librdkafka src/rdkafka_offset.c), so
/// a partition without a committed offset gets its first record ~100 ms after `on_assign`.
const OFFSET_RESET_BACKOFF_MS: Millis = 100;

/// A failed JoinGroup is retried after `rkcg_join_intvl` (1 s, `rd_kafka_cgrp_join_state_serve`,
/// `rd_interval_backoff` in `rd_kafka_cgrp_handle_JoinGroup`).
const JOIN_BACKOFF_MS: Millis = 1000;

/// Fetching pauses while a partition has this many messages queued (`queued.min.messages`
/// default, CONFIGURATION.md).
const QUEUED_MIN_MESSAGES: usize = 100_000;

/// librdkafka's join states (`rd_kafka_cgrp_join_state_names`); WAIT_METADATA is left out
/// because the leader has the metadata at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum JoinState {
    Init,
    WaitJoin,
    WaitSync,
    WaitAssignCall,
    WaitUnassignCall,
    WaitUnassignToComplete,
    WaitIncrUnassignToComplete,
    Steady,
}

/// A message handed to the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub tp: TopicPartition,
    pub offset: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    version: u64,
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

/// One partition of a commit as the `on_commit` callback (or `commit(asynchronous=False)`)
/// reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommittedPartition {
    pub tp: TopicPartition,
    /// [`OFFSET_INVALID`] for a partition with nothing to commit.
    pub offset: i64,
    pub error: Option<ClientError>,
}

/// The outcome of a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitResult {
    pub error: Option<ClientError>,
    pub partitions: Vec<CommittedPartition>,
}

/// What `poll()`/`consume()` take from the consumer queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Served {
    Record(Delivery),
    /// A consumer error, returned as a message whose `error()` is set.
    Error(ClientError),
    /// Runs `on_assign`, `on_revoke` or `on_lost`; then call [`ConsumerClient::rebalance_done`].
    Rebalance(Rebalance),
    /// Runs `on_commit`.
    Committed(CommitResult),
    /// Runs `error_cb`: a client-level error (`RD_KAFKA_OP_ERR`, a broker unreachable), never
    /// returned as a message ([`crate::connection`]).
    ErrorEvent(ClientError),
}

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

/// What the consumer did, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ClientEvent {
    /// The leader ran the assignor (after the cooperative adjustment, if any).
    AssignorRan {
        protocol: String,
        generation: i32,
        assignment: VecMap<String, Vec<TopicPartition>>,
    },
    /// SyncGroup answered: the group's assignment for this member.
    AssignmentReceived {
        generation: i32,
        partitions: Vec<TopicPartition>,
    },
    /// The program's assign call took effect (full or incremental).
    Assigned {
        partitions: Vec<TopicPartition>,
    },
    /// The program's unassign call took effect.
    Revoked {
        partitions: Vec<TopicPartition>,
        lost: bool,
    },
    CommitSent {
        reason: CommitReason,
        /// The join state when it was sent.
        join_state: JoinState,
        generation: i32,
        offsets: Vec<(TopicPartition, i64)>,
    },
    CommitFinished(CommitResult),
    /// A librdkafka log line the program's console shows (stderr).
    Logged {
        text: String,
    },
    LeaveSent {
        member_id: String,
    },
    /// A Heartbeat went to the coordinator (`rd_kafka_cgrp_heartbeat`).
    HeartbeatSent {
        generation: i32,
    },
    /// The coordinator answered a Heartbeat; REBALANCE_IN_PROGRESS is how a member learns
    /// that the group rebalances (`rd_kafka_cgrp_handle_Heartbeat`).
    HeartbeatAnswered {
        error: Option<ErrorCode>,
    },
    Closed,
}

/// Why a commit was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommitReason {
    /// The `auto.commit.interval.ms` timer.
    Auto,
    /// Partitions leaving the assignment with `enable.auto.commit`.
    Removal,
    /// The program's `commit()`.
    Program,
}

/// An output of the consumer, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Coordinator(Request),
    Log(LogRequest),
    Event(ClientEvent),
    /// What the program running on this consumer did.
    Program(super::process::ProgramEvent),
}

/// A commit in flight, in the order the coordinator will answer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingCommit {
    reply: Reply,
    partitions: Vec<(TopicPartition, i64)>,
}

/// Where a commit result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reply {
    /// The consumer queue (`on_commit`); `silent_empty` drops a `_NO_OFFSET` result
    /// (auto-commit and commit on removal, `rd_kafka_cgrp_assigned_offsets_commit`).
    Queue { silent_empty: bool },
    /// A blocking `commit(asynchronous=False)` waiting on this ticket.
    Ticket(u64),
}

/// Why an OffsetFetch was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
enum OffsetQuery {
    /// Start positions of the assignment's pending partitions.
    Assignment,
    /// A `committed()` call.
    Ticket(u64),
}

/// One librdkafka consumer instance (`rd_kafka_t` of type consumer).
#[derive(Clone, Debug)]
pub struct ConsumerClient {
    config: ConsumerConfig,
    /// Topic name -> partition count, for the leader's assignor.
    metadata: VecMap<String, i32>,
    /// The next periodic metadata refresh (`topic.metadata.refresh.interval.ms`).
    metadata_refresh_at: Option<Millis>,
    subscription: Vec<String>,
    join_state: JoinState,
    member_id: String,
    generation: i32,
    /// `rkcg_group_assignment`: what the group gave this member (`None`: never assigned, or
    /// revoked in full).
    group_assignment: Option<Vec<TopicPartition>>,
    /// `rkcg_rebalance_incr_assignment`: partitions to assign once the incremental revoke is
    /// done.
    incr_assignment: Option<Vec<TopicPartition>>,
    /// `rkcg_rebalance_rejoin`.
    rebalance_rejoin: bool,
    /// `RD_KAFKA_CGRP_F_LEAVE_ON_UNASSIGN_DONE`, `RD_KAFKA_CGRP_F_WAIT_LEAVE`.
    leave_on_unassign_done: bool,
    wait_leave: bool,
    lost: bool,
    terminating: bool,
    closed: bool,
    max_poll_exceeded: bool,
    fatal: Option<ClientError>,
    awaiting_join_or_sync: bool,
    join_not_before: Millis,
    /// A join held back because `max.poll.interval.ms` is still exceeded: it waits for the
    /// program's next poll, not for a timer (`rd_kafka_cgrp_join`: "do not rejoin group
    /// until the application has called poll").
    join_held: bool,
    heartbeat_in_flight: bool,
    last_heartbeat: Option<Millis>,
    /// `rkcg_ts_session_timeout`: when the session ends without a coordinator's answer.
    session_deadline: Option<Millis>,
    /// `rkcg_last_heartbeat_err`, as `rd_kafka_err2str` words it.
    last_heartbeat_error: Option<&'static str>,
    /// `rkcg_coord_id`: the broker the client last sent coordinator requests to.
    coordinator: Option<i32>,
    /// `rk_ts_last_poll`: `None` while the program is blocked inside a poll.
    last_poll: Option<Millis>,
    max_poll_check_at: Option<Millis>,
    auto_commit_at: Millis,
    assignment: VecMap<TopicPartition, PartitionState>,
    /// The committed offsets this consumer knows (`rktp_committed_pos`).
    committed: VecMap<TopicPartition, i64>,
    next_version: u64,
    commits: VecDeque<PendingCommit>,
    offset_queries: VecDeque<OffsetQuery>,
    next_ticket: u64,
    answers: VecMap<u64, Answer>,
    /// Tickets whose caller stopped waiting: their answers are dropped.
    abandoned: VecSet<u64>,
    queue: VecDeque<Served>,
    out: Vec<Output>,
}

impl ConsumerClient {
    /// `Consumer(conf)` at `now`. The auto-commit timer starts here (`rd_kafka_cgrp_new`).
    pub fn new(config: ConsumerConfig, metadata: VecMap<String, i32>, now: Millis) -> Self {
        let auto_commit_at = now + Millis::from(config.auto_commit_interval_ms);
        Self {
            metadata_refresh_at: config
                .metadata_refresh_interval_ms
                .map(|ms| now + Millis::from(ms)),
            config,
            metadata,
            subscription: Vec::new(),
            join_state: JoinState::Init,
            member_id: UNKNOWN_MEMBER_ID.to_string(),
            generation: -1,
            group_assignment: None,
            incr_assignment: None,
            rebalance_rejoin: false,
            leave_on_unassign_done: false,
            wait_leave: false,
            lost: false,
            terminating: false,
            closed: false,
            max_poll_exceeded: false,
            fatal: None,
            awaiting_join_or_sync: false,
            join_not_before: now,
            join_held: false,
            heartbeat_in_flight: false,
            last_heartbeat: None,
            session_deadline: None,
            last_heartbeat_error: None,
            coordinator: None,
            last_poll: Some(now),
            max_poll_check_at: None,
            auto_commit_at,
            assignment: VecMap::new(),
            committed: VecMap::new(),
            next_version: 0,
            commits: VecDeque::new(),
            offset_queries: VecDeque::new(),
            next_ticket: 0,
            answers: VecMap::new(),
            abandoned: VecSet::new(),
            queue: VecDeque::new(),
            out: Vec::new(),
        }
    }

    pub fn config(&self) -> &ConsumerConfig {
        &self.config
    }

    pub fn member_id(&self) -> &str {
        &self.member_id
    }

    pub fn generation(&self) -> i32 {
        self.generation
    }

    pub fn join_state(&self) -> JoinState {
        self.join_state
    }

    /// `assignment()`: the partitions the program assigned, sorted by topic and partition as
    /// `rd_kafka_assignment_add` keeps `rk_consumer.assignment.all` (rdkafka_assignment.c).
    pub fn assignment(&self) -> Vec<TopicPartition> {
        self.assignment.keys().cloned().collect()
    }

    /// Whether `tp` is assigned and paused while a rebalance callback waits for the program
    /// (`RD_KAFKA_TOPPAR_F_LIB_PAUSE`): nothing is fetched or delivered from it.
    pub fn is_paused(&self, tp: &TopicPartition) -> bool {
        self.assignment.get(tp).is_some_and(|p| p.paused)
    }

    /// `rd_kafka_assignment_lost()`: what `on_lost` is chosen by.
    pub fn assignment_lost(&self) -> bool {
        self.lost
    }

    /// A rebalance is under way (`RD_KAFKA_CGRP_REBALANCING`).
    pub fn is_rebalancing(&self) -> bool {
        use JoinState::*;
        let joined = !self.member_id.is_empty();
        (joined && self.join_state == WaitJoin)
            || matches!(
                self.join_state,
                WaitSync
                    | WaitUnassignToComplete
                    | WaitIncrUnassignToComplete
                    | WaitAssignCall
                    | WaitUnassignCall
            )
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    pub fn fatal_error(&self) -> Option<&ClientError> {
        self.fatal.as_ref()
    }

    /// `position()`: the offset after the last message handed to the program.
    pub fn position(&self, tp: &TopicPartition) -> Option<i64> {
        self.assignment.get(tp).and_then(|p| p.app_pos)
    }

    pub fn stored_offset(&self, tp: &TopicPartition) -> Option<i64> {
        self.assignment.get(tp).and_then(|p| p.stored)
    }

    /// The committed offset as this consumer last learnt it.
    pub fn committed_offset(&self, tp: &TopicPartition) -> Option<i64> {
        self.committed.get(tp).copied()
    }

    /// Drains what the consumer wants sent and traced since the last call.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        std::mem::take(&mut self.out)
    }

    /// Adds an output of the program running on this consumer, in order with the consumer's.
    pub(super) fn emit(&mut self, output: Output) {
        self.out.push(output);
    }

    /// The answer to a blocking call, once it has come.
    pub fn take_answer(&mut self, ticket: u64) -> Option<Answer> {
        self.answers.remove(&ticket)
    }

    /// The caller of a blocking call stopped waiting (its timeout ran out).
    pub fn abandon(&mut self, ticket: u64) {
        if self.answers.remove(&ticket).is_none() {
            self.abandoned.insert(ticket);
        }
    }

    /// Keeps an answer for its caller, unless the caller gave up.
    fn answer(&mut self, ticket: u64, answer: Answer) {
        if !self.abandoned.remove(&ticket) {
            self.answers.insert(ticket, answer);
        }
    }

    /// When [`ConsumerClient::handle_timeout`] must next run.
    pub fn poll_timeout(&self) -> Option<Millis> {
        if self.closed {
            return None;
        }
        let auto_commit = self
            .config
            .enable_auto_commit
            .then_some(self.auto_commit_at);
        let join = (self.wants_join() && !self.awaiting_join_or_sync && !self.join_held)
            .then_some(self.join_not_before);
        let heartbeat = self
            .heartbeat_eligible()
            .then(|| self.heartbeat_due_at())
            .flatten();
        [
            auto_commit,
            self.max_poll_check_at,
            join,
            heartbeat,
            self.metadata_refresh_at,
            self.session_deadline_now(),
            self.reset_due_at(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Fires the timers due at `now`: auto-commit, the `max.poll.interval.ms` check, a
    /// heartbeat, a join after its backoff.
    pub fn handle_timeout(&mut self, now: Millis) {
        if self.closed {
            return;
        }
        if self.config.enable_auto_commit && now >= self.auto_commit_at {
            let interval = Millis::from(self.config.auto_commit_interval_ms).max(1);
            while self.auto_commit_at <= now {
                self.auto_commit_at += interval;
            }
            self.auto_commit(now);
        }
        if let Some(at) = self.max_poll_check_at
            && now >= at
        {
            self.max_poll_check_at = Some(at + MAX_POLL_CHECK_MS);
            self.check_max_poll(now);
        }
        if self.session_deadline_now().is_some_and(|at| now >= at) {
            self.session_timed_out(now);
        }
        self.drive(now);
    }

    /// Whether the periodic metadata refresh is due at `now`; the host then sends the
    /// Metadata request ([`ConsumerClient::metadata_requested`]) and hands its answer to
    /// [`ConsumerClient::refresh_metadata`].
    pub fn metadata_refresh_due(&self, now: Millis) -> bool {
        !self.closed && self.metadata_refresh_at.is_some_and(|at| now >= at)
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
        let subscribed = |m: &VecMap<String, i32>| -> Vec<Option<i32>> {
            self.subscription
                .iter()
                .map(|t| m.get(t).copied())
                .collect()
        };
        let changed = subscribed(&self.metadata) != subscribed(&metadata);
        self.metadata = metadata;
        if !changed || self.subscription.is_empty() || self.terminating || self.member_id.is_empty()
        {
            return;
        }
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => self.revoke_all_rejoin(now, false),
            RebalanceProtocol::Cooperative => {
                self.join_not_before = now;
                self.rejoin();
            }
        }
        self.drive(now);
    }

    // ----- the program's calls -----

    /// `subscribe(topics)`: the join starts at once.
    pub fn subscribe(&mut self, now: Millis, topics: &[String]) {
        self.subscription = topics.to_vec();
        self.drive(now);
    }

    /// A poll call begins; a blocking one suspends the `max.poll.interval.ms` check
    /// (`rd_kafka_app_poll_start`).
    pub fn poll_started(&mut self, now: Millis, blocking: bool) {
        if blocking {
            self.last_poll = None;
        }
        self.join_held = false;
        self.drive(now);
    }

    /// A poll call returns (`rd_kafka_app_polled`).
    pub fn poll_ended(&mut self, now: Millis) {
        self.last_poll = Some(now);
        self.join_held = false;
        self.drive(now);
    }

    /// The next item of the consumer queue, if any. Records are not yet stored: call
    /// [`ConsumerClient::delivered`] when the poll returns them.
    pub fn next_item(&mut self) -> Option<Served> {
        self.queue.pop_front()
    }

    /// Queues an error event for `error_cb`, served by the next `poll()`/`consume()`.
    pub fn queue_error_event(&mut self, error: ClientError) {
        self.queue.push_back(Served::ErrorEvent(error));
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
    pub fn delivered(&mut self, deliveries: &[Delivery]) {
        let auto_store = self.config.enable_auto_offset_store != Some(false);
        for d in deliveries {
            if let Some(p) = self.assignment.get_mut(&d.tp)
                && p.version == d.version
            {
                let pos = d.offset + 1;
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
        let lost = std::mem::take(&mut self.lost);
        self.clear_assignment(now, lost);
        self.add_partitions(partitions);
        if self.join_state == JoinState::WaitAssignCall {
            self.resume_all();
            self.enter_steady(now);
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `unassign()`. The lost flag is cleared before the removed partitions are served, so
    /// their stored offsets are still sent, and the coordinator refuses them (the member id
    /// or generation is gone). Source: `rd_kafka_cgrp_unassign`.
    pub fn unassign(&mut self, now: Millis) {
        let lost = std::mem::take(&mut self.lost);
        self.clear_assignment(now, lost);
        if self.join_state == JoinState::WaitUnassignCall {
            self.join_state = JoinState::WaitUnassignToComplete;
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `incremental_assign(partitions)`. Source: `rd_kafka_cgrp_incremental_assign`.
    pub fn incremental_assign(&mut self, now: Millis, partitions: &[TopicPartition]) {
        let added: Vec<_> = partitions.iter().map(|tp| (tp.clone(), None)).collect();
        self.add_partitions(&added);
        if self.join_state == JoinState::WaitAssignCall {
            self.resume_all();
            self.enter_steady(now);
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `incremental_unassign(partitions)`. Source: `rd_kafka_cgrp_incremental_unassign`.
    pub fn incremental_unassign(&mut self, now: Millis, partitions: &[TopicPartition]) {
        let lost = std::mem::take(&mut self.lost);
        self.remove_partitions(now, partitions, lost);
        if self.join_state == JoinState::WaitUnassignCall {
            self.resume_all();
            self.join_state = JoinState::WaitIncrUnassignToComplete;
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    /// `commit(...)`. An asynchronous commit reports through `on_commit` (served by a later
    /// poll); a synchronous one returns a ticket whose [`Answer::Commit`] the program waits
    /// for. Source: confluent-kafka-python `Consumer_commit`; librdkafka
    /// `rd_kafka_commit_queue`, `rd_kafka_cgrp_offsets_commit`.
    pub fn commit(&mut self, now: Millis, what: CommitWhat, asynchronous: bool) -> Option<u64> {
        let ticket = (!asynchronous).then(|| self.new_ticket());
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

    /// `seek(partition)`: fetching restarts at `offset`; queued messages are dropped.
    /// Source: librdkafka `rd_kafka_seek_partitions` (`_STATE` when not assigned).
    pub fn seek(
        &mut self,
        now: Millis,
        tp: &TopicPartition,
        offset: i64,
    ) -> Result<(), ClientError> {
        let version = self.bump_version();
        let Some(p) = self.assignment.get_mut(tp) else {
            return Err(ClientError::new(ErrorKind::State));
        };
        p.version = version;
        p.fetch = Fetch::Active {
            next: offset,
            in_flight: false,
        };
        self.queue
            .retain(|item| !matches!(item, Served::Record(d) if d.tp == *tp));
        self.drive(now);
        Ok(())
    }

    /// The partitions of `topic` in the client's metadata, in order: what
    /// `list_topics(topic)` lists (librdkafka `rd_kafka_metadata`).
    pub fn partitions_of(&self, topic: &str) -> Vec<TopicPartition> {
        let count = self.metadata.get(topic).copied().unwrap_or_default();
        (0..count).map(|p| TopicPartition::new(topic, p)).collect()
    }

    /// `committed(partitions)`: an OffsetFetch; the answer is [`Answer::Committed`].
    pub fn committed(&mut self, partitions: &[TopicPartition]) -> u64 {
        let ticket = self.new_ticket();
        self.send_offset_fetch(partitions.to_vec(), OffsetQuery::Ticket(ticket));
        ticket
    }

    /// `get_watermark_offsets(tp)` (not cached): the answer is [`Answer::Watermarks`].
    pub fn get_watermark_offsets(&mut self, tp: &TopicPartition) -> u64 {
        let ticket = self.new_ticket();
        self.out.push(Output::Log(LogRequest::Watermarks {
            tp: tp.clone(),
            ticket,
        }));
        ticket
    }

    /// `close()`: unsubscribe (revoke through the callback, commit stored offsets with
    /// auto-commit, LeaveGroup unless static), or unassign a manual assignment; the program
    /// keeps serving callbacks until [`ConsumerClient::is_closed`].
    /// Source: librdkafka `rd_kafka_consumer_close`, `rd_kafka_cgrp_terminate0`,
    /// `rd_kafka_cgrp_unsubscribe`.
    pub fn close(&mut self, now: Millis) {
        if self.terminating {
            return;
        }
        self.terminating = true;
        if !self.subscription.is_empty() {
            self.subscription.clear();
            self.max_poll_check_at = None;
            if !self.member_id.is_empty() {
                self.leave_on_unassign_done = true;
            }
            if !self.lost {
                self.revoke_all_rejoin(now, false);
            }
        }
        if !matches!(
            self.join_state,
            JoinState::WaitAssignCall | JoinState::WaitUnassignCall
        ) {
            let lost = std::mem::take(&mut self.lost);
            self.clear_assignment(now, lost);
        }
        self.serve_assignment(now);
        self.drive(now);
    }

    // ----- answers from the coordinator and the leaders -----

    pub fn handle_coordinator(&mut self, now: Millis, response: Response) {
        if self.closed {
            return;
        }
        match response {
            Response::JoinGroup(r) => self.on_join(now, r),
            Response::SyncGroup(r) => self.on_sync(now, r.error, r.assignment),
            Response::Heartbeat(r) => self.on_heartbeat(now, r.error),
            Response::LeaveGroup(_) => self.wait_leave = false,
            Response::OffsetCommit(r) => self.on_commit_response(now, r),
            Response::OffsetFetch(r) => {
                let fetched: Vec<_> = r
                    .partitions
                    .into_iter()
                    .map(|f| (f.partition, (f.offset >= 0).then_some(f.offset)))
                    .collect();
                match self.offset_queries.pop_front() {
                    Some(OffsetQuery::Ticket(ticket)) => {
                        self.answer(ticket, Answer::Committed(fetched));
                    }
                    Some(OffsetQuery::Assignment) => self.apply_committed(now, fetched),
                    None => {}
                }
            }
        }
        self.drive(now);
    }

    pub fn handle_log(&mut self, now: Millis, response: LogResponse) {
        if self.closed {
            return;
        }
        match response {
            LogResponse::Fetched {
                tp,
                version,
                records,
                ..
            } => self.on_fetched(&tp, version, records),
            LogResponse::OffsetOutOfRange { tp, version } => {
                if self.current(&tp, version).is_some() {
                    self.reset_offset(now, &tp);
                }
            }
            LogResponse::ListedOffset {
                tp,
                version,
                offset,
            } => {
                if let Some(p) = self.current(&tp, version) {
                    p.fetch = Fetch::Active {
                        next: offset,
                        in_flight: false,
                    };
                }
            }
            LogResponse::Watermarks {
                ticket, low, high, ..
            } => {
                self.answer(ticket, Answer::Watermarks { low, high });
            }
        }
        self.drive(now);
    }

    // ----- the group -----

    /// Whether the member is subscribed and has no membership in progress.
    fn wants_join(&self) -> bool {
        !self.subscription.is_empty()
            && self.join_state == JoinState::Init
            && self.fatal.is_none()
            && !self.terminating
    }

    /// Heartbeats run in STEADY and while a rebalance callback waits
    /// (`rd_kafka_cgrp_join_state_serve`), never after `max.poll.interval.ms` was exceeded
    /// (`rd_kafka_cgrp_heartbeat`).
    fn heartbeat_eligible(&self) -> bool {
        !self.subscription.is_empty()
            && self.fatal.is_none()
            && !self.max_poll_exceeded
            && !self.heartbeat_in_flight
            && matches!(
                self.join_state,
                JoinState::Steady | JoinState::WaitAssignCall | JoinState::WaitUnassignCall
            )
    }

    fn heartbeat_due_at(&self) -> Option<Millis> {
        let interval = Millis::from(self.config.heartbeat_interval_ms);
        Some(self.last_heartbeat.map_or(0, |last| last + interval))
    }

    /// The join-state machine's periodic work and the fetchers (`rd_kafka_cgrp_serve`).
    fn drive(&mut self, now: Millis) {
        if self.closed {
            return;
        }
        if self.wants_join() && !self.awaiting_join_or_sync && now >= self.join_not_before {
            self.join(now);
        }
        if self.heartbeat_eligible() && self.heartbeat_due_at().is_some_and(|at| now >= at) {
            self.heartbeat_in_flight = true;
            self.last_heartbeat = Some(now);
            self.out.push(Output::Event(ClientEvent::HeartbeatSent {
                generation: self.generation,
            }));
            self.out
                .push(Output::Coordinator(Request::Heartbeat(Heartbeat {
                    group_id: self.group_id(),
                    generation: self.generation,
                    member_id: self.member_id.clone(),
                    group_instance_id: self.config.group_instance_id.clone(),
                })));
        }
        self.serve_fetchers(now);
        self.try_terminate();
    }

    /// JoinGroup, unless `max.poll.interval.ms` is still exceeded (`rd_kafka_cgrp_join`). A
    /// cooperative member reports what it owns.
    fn join(&mut self, now: Millis) {
        if self.max_poll_exceeded && self.max_poll_overrun(now).is_some() {
            self.join_held = true;
            return;
        }
        self.max_poll_exceeded = false;
        let owned = match self.rebalance_protocol() {
            RebalanceProtocol::Cooperative => self.group_assignment.clone().unwrap_or_default(),
            RebalanceProtocol::Eager => Vec::new(),
        };
        let protocols = self
            .config
            .partition_assignment_strategy
            .iter()
            .map(|strategy| Protocol {
                name: strategy.name().to_string(),
                metadata: Subscription {
                    topics: self.subscription.clone(),
                    owned_partitions: owned.clone(),
                    generation: self.subscription_generation(*strategy),
                },
            })
            .collect();
        self.join_state = JoinState::WaitJoin;
        self.awaiting_join_or_sync = true;
        self.out
            .push(Output::Coordinator(Request::JoinGroup(JoinGroup {
                group_id: self.group_id(),
                api_version: LIBRDKAFKA_JOIN_GROUP_VERSION,
                member_id: self.member_id.clone(),
                group_instance_id: self.config.group_instance_id.clone(),
                client_id: self.config.client_id.clone(),
                protocol_type: CONSUMER_PROTOCOL_TYPE.to_string(),
                protocols,
                session_timeout_ms: Millis::from(self.config.session_timeout_ms),
                rebalance_timeout_ms: Millis::from(self.config.max_poll_interval_ms),
            })));
    }

    /// Source: `rd_kafka_cgrp_handle_JoinGroup`.
    fn on_join(&mut self, now: Millis, r: JoinGroupResponse) {
        self.awaiting_join_or_sync = false;
        if self.join_state != JoinState::WaitJoin || self.terminating {
            return;
        }
        if let Some(error) = r.error {
            match error {
                ErrorCode::MemberIdRequired => self.member_id = r.member_id,
                ErrorCode::UnknownMemberId => self.member_id.clear(),
                ErrorCode::IllegalGeneration => self.generation = -1,
                ErrorCode::FencedInstanceId => return self.set_fatal(now, error),
                error if join_error_is_permanent(error) => {
                    let kind = ErrorKind::Broker(error);
                    let message = format!("JoinGroup failed: {}", kind.description());
                    self.queue
                        .push_back(Served::Error(ClientError::with_message(kind, message)));
                }
                _ => {}
            }
            if error != ErrorCode::MemberIdRequired {
                self.join_not_before = now + JOIN_BACKOFF_MS;
            }
            let cooperative = self.rebalance_protocol() == RebalanceProtocol::Cooperative;
            if cooperative
                && matches!(
                    error,
                    ErrorCode::IllegalGeneration | ErrorCode::MemberIdRequired
                )
            {
                return self.revoke_all_rejoin(now, true);
            }
            return self.rejoin();
        }
        self.member_id = r.member_id.clone();
        self.generation = r.generation;
        let assignments = if r.leader == r.member_id {
            self.run_assignor(&r)
        } else {
            Vec::new()
        };
        self.join_state = JoinState::WaitSync;
        self.awaiting_join_or_sync = true;
        self.out
            .push(Output::Coordinator(Request::SyncGroup(SyncGroup {
                group_id: self.group_id(),
                generation: self.generation,
                member_id: self.member_id.clone(),
                group_instance_id: self.config.group_instance_id.clone(),
                protocol_type: None,
                protocol_name: None,
                assignments,
            })));
    }

    /// The leader's assignor, then librdkafka's cooperative adjustment
    /// (`rd_kafka_cgrp_assignor_run`, `rd_kafka_cooperative_protocol_adjust_assignment`).
    fn run_assignor(&mut self, r: &JoinGroupResponse) -> Vec<MemberAssignment> {
        let client = match self.config.profile {
            Profile::Librdkafka => Client::Librdkafka,
            Profile::Java => Client::Java,
        };
        let protocol = r.protocol_name.clone().unwrap_or_default();
        let Ok(strategy) = protocol.parse::<Strategy>() else {
            return Vec::new();
        };
        let members: Vec<Member> = r
            .members
            .iter()
            .map(|m| Member {
                id: m.member_id.clone(),
                instance_id: m.group_instance_id.clone(),
                topics: m.metadata.topics.clone(),
                owned: m.metadata.owned_partitions.clone(),
                generation: (m.metadata.generation >= 0).then_some(m.metadata.generation),
            })
            .collect();
        let Ok(mut assignment) = assignor::assign(client, strategy, &self.metadata, &members)
        else {
            return Vec::new();
        };
        if strategy.is_cooperative() {
            assignment = assignor::cooperative_adjust(client, &assignment, &members);
        }
        self.out.push(Output::Event(ClientEvent::AssignorRan {
            protocol,
            generation: r.generation,
            assignment: assignment.clone(),
        }));
        members
            .iter()
            .map(|m| MemberAssignment {
                member_id: m.id.clone(),
                partitions: assignment.get(&m.id).cloned().unwrap_or_default(),
            })
            .collect()
    }

    /// Source: `rd_kafka_cgrp_handle_SyncGroup`, `rd_kafka_cgrp_handle_SyncGroup_memberstate`,
    /// `rd_kafka_cgrp_handle_assignment`.
    fn on_sync(&mut self, now: Millis, error: Option<ErrorCode>, assignment: Vec<TopicPartition>) {
        self.awaiting_join_or_sync = false;
        if self.join_state != JoinState::WaitSync || self.terminating {
            return;
        }
        if let Some(error) = error {
            match error {
                ErrorCode::FencedInstanceId => return self.set_fatal(now, error),
                ErrorCode::IllegalGeneration => self.generation = -1,
                ErrorCode::UnknownMemberId => self.member_id.clear(),
                _ => {}
            }
            let cooperative = self.rebalance_protocol() == RebalanceProtocol::Cooperative;
            if cooperative
                && matches!(
                    error,
                    ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId
                )
            {
                return self.revoke_all_rejoin(now, true);
            }
            return self.rejoin();
        }
        self.session_deadline = Some(now + self.session_timeout());
        self.out
            .push(Output::Event(ClientEvent::AssignmentReceived {
                generation: self.generation,
                partitions: assignment.clone(),
            }));
        // The order the program sees: an assign lists the partitions as the leader's SyncGroup
        // sent them (the wire keeps list order, `rd_kafka_buf_write_topic_partitions`), unsorted;
        // a revoke lists the group assignment, which `rd_kafka_cgrp_group_assignment_set` and
        // `_modify` keep sorted by topic and partition. The cooperative increments come from
        // `rd_kafka_member_partitions_subtract` over `rd_map_t`s, whose iteration is the reverse
        // of insertion (rdmap.c `LIST_INSERT_HEAD`): built from a list, subtracted, listed, the
        // two reversals cancel, so each increment keeps its source list's order
        // (`rd_kafka_cgrp_handle_assignment_cooperative`). confluent-kafka-python's
        // `c_parts_to_py` hands the list to the callback in that order.
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => {
                self.rebalance_op(RebalanceKind::Assign, assignment.clone(), false);
                self.group_assignment = Some(sorted(assignment));
            }
            RebalanceProtocol::Cooperative => {
                let owned = self.group_assignment.clone().unwrap_or_default();
                let change = assignor::increment(&owned, &assignment);
                if change.revoked.is_empty() {
                    self.rebalance_op_incr(RebalanceKind::Assign, change.added, false);
                } else {
                    self.incr_assignment = Some(change.added);
                    self.rebalance_op_incr(RebalanceKind::Revoke, change.revoked, false);
                }
            }
        }
    }

    /// Source: `rd_kafka_cgrp_handle_Heartbeat`.
    fn on_heartbeat(&mut self, now: Millis, error: Option<ErrorCode>) {
        self.heartbeat_in_flight = false;
        self.out
            .push(Output::Event(ClientEvent::HeartbeatAnswered { error }));
        if matches!(error, None | Some(ErrorCode::RebalanceInProgress)) {
            self.extend_session(now);
        }
        let Some(error) = error else { return };
        self.last_heartbeat_error = Some(ErrorKind::Broker(error).description());
        if matches!(
            self.join_state,
            JoinState::Init | JoinState::WaitJoin | JoinState::WaitSync
        ) {
            return;
        }
        let waiting_call = matches!(
            self.join_state,
            JoinState::WaitAssignCall | JoinState::WaitUnassignCall
        );
        match error {
            ErrorCode::RebalanceInProgress if !waiting_call => {
                self.group_is_rebalancing(now);
            }
            ErrorCode::UnknownMemberId => {
                self.member_id.clear();
                self.revoke_all_rejoin_maybe(now, true);
            }
            ErrorCode::IllegalGeneration => {
                self.generation = -1;
                self.revoke_all_rejoin_maybe(now, true);
            }
            ErrorCode::FencedInstanceId => {
                self.set_fatal(now, error);
                self.revoke_all_rejoin_maybe(now, true);
            }
            _ => {}
        }
    }

    /// Eager: revoke everything, then rejoin; cooperative: rejoin keeping the assignment.
    /// Source: `rd_kafka_cgrp_group_is_rebalancing`.
    fn group_is_rebalancing(&mut self, now: Millis) {
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => self.revoke_all_rejoin_maybe(now, false),
            RebalanceProtocol::Cooperative => {
                if !self.is_rebalancing() {
                    self.rejoin();
                }
            }
        }
    }

    /// Source: `rd_kafka_cgrp_revoke_all_rejoin_maybe`.
    fn revoke_all_rejoin_maybe(&mut self, now: Millis, lost: bool) {
        if !self.is_rebalancing() {
            self.revoke_all_rejoin(now, lost);
        }
    }

    /// Revokes the whole group assignment through the program's callback (marking it lost if
    /// so), or rejoins at once when there is nothing to revoke.
    /// Source: `rd_kafka_cgrp_revoke_all_rejoin`.
    fn revoke_all_rejoin(&mut self, now: Millis, lost: bool) {
        let waiting_call = matches!(
            self.join_state,
            JoinState::WaitAssignCall | JoinState::WaitUnassignCall
        );
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => {
                if lost {
                    self.lost = true;
                }
                match self.group_assignment.clone() {
                    Some(assigned) if !waiting_call => {
                        self.rebalance_op(RebalanceKind::Revoke, assigned, false);
                        self.group_assignment = None;
                    }
                    _ => {
                        self.join_not_before = now;
                        self.rejoin();
                    }
                }
            }
            RebalanceProtocol::Cooperative => match self.group_assignment.clone() {
                Some(assigned) if !assigned.is_empty() => {
                    if lost {
                        self.lost = true;
                    }
                    self.rebalance_op_incr(RebalanceKind::Revoke, assigned, !self.terminating);
                }
                _ if self.terminating => {}
                _ => self.rejoin(),
            },
        }
    }

    /// Back to INIT, to join again from the serve loop; with no subscription left, leave
    /// instead (`rd_kafka_cgrp_rejoin`).
    fn rejoin(&mut self) {
        if self.subscription.is_empty() {
            self.leave_maybe();
        }
        self.join_state = JoinState::Init;
    }

    /// Queues an eager rebalance op for the program and pauses the assignment until it is
    /// served (`rd_kafka_rebalance_op`).
    fn rebalance_op(
        &mut self,
        kind: RebalanceKind,
        partitions: Vec<TopicPartition>,
        incremental: bool,
    ) {
        self.join_state = match kind {
            RebalanceKind::Assign => JoinState::WaitAssignCall,
            RebalanceKind::Revoke => JoinState::WaitUnassignCall,
        };
        self.pause_all();
        self.queue.push_back(Served::Rebalance(Rebalance {
            kind,
            partitions,
            incremental,
        }));
    }

    /// The cooperative form; the group assignment follows the increment at once
    /// (`rd_kafka_rebalance_op_incr`, `rd_kafka_cgrp_group_assignment_modify`).
    fn rebalance_op_incr(
        &mut self,
        kind: RebalanceKind,
        partitions: Vec<TopicPartition>,
        rejoin: bool,
    ) {
        self.rebalance_rejoin = rejoin;
        let mut group = self.group_assignment.take().unwrap_or_default();
        match kind {
            RebalanceKind::Assign => group.extend(partitions.iter().cloned()),
            RebalanceKind::Revoke => group.retain(|tp| !partitions.contains(tp)),
        }
        self.group_assignment = (!group.is_empty()).then(|| sorted(group));
        self.rebalance_op(kind, partitions, true);
    }

    /// STEADY, and a subscribed consumer's `max.poll.interval.ms` check (re)starts: it fires
    /// every [`MAX_POLL_CHECK_MS`] from this moment (`rd_kafka_cgrp_start_max_poll_interval_timer`
    /// restarts the timer; `rd_kafka_timers_run` schedules a periodic timer's next run an
    /// interval after the last), so the overrun it logs is anywhere in 1..=500 ms, set by
    /// when the last poll returned relative to the assignment.
    fn enter_steady(&mut self, now: Millis) {
        self.join_state = JoinState::Steady;
        if !self.subscription.is_empty() {
            self.max_poll_check_at = Some(now + MAX_POLL_CHECK_MS);
        }
    }

    /// Assignment operations are done: move on from the waiting join states
    /// (`rd_kafka_cgrp_assignment_done`, `rd_kafka_cgrp_unassign_done`,
    /// `rd_kafka_cgrp_incr_unassign_done`).
    fn assignment_done(&mut self, now: Millis) {
        match self.join_state {
            JoinState::WaitUnassignToComplete => {
                self.leave_maybe();
                self.join_not_before = now;
                self.rejoin();
            }
            JoinState::WaitIncrUnassignToComplete => {
                if self.terminating {
                    self.clear_assignment(now, false);
                    self.join_state = JoinState::Init;
                    self.leave_maybe();
                } else if let Some(added) = self.incr_assignment.take() {
                    self.rebalance_op_incr(RebalanceKind::Assign, added, true);
                } else if self.rebalance_rejoin {
                    self.rebalance_rejoin = false;
                    self.join_not_before = now;
                    self.rejoin();
                } else {
                    // Back in STEADY after an incremental unassign: the max.poll.interval.ms
                    // timer starts again (`rd_kafka_cgrp_incr_unassign_done`).
                    self.enter_steady(now);
                }
            }
            JoinState::Steady if self.rebalance_rejoin => {
                self.rebalance_rejoin = false;
                self.join_not_before = now;
                self.rejoin();
            }
            _ => {}
        }
    }

    /// LeaveGroup if asked to, never for a static member that is closing (KIP-345).
    /// Source: `rd_kafka_cgrp_leave_maybe`, `rd_kafka_cgrp_leave`.
    fn leave_maybe(&mut self) {
        if !self.leave_on_unassign_done {
            return;
        }
        self.leave_on_unassign_done = false;
        if self.config.group_instance_id.is_some() && self.terminating {
            return;
        }
        self.leave();
    }

    fn leave(&mut self) {
        let member_id = std::mem::take(&mut self.member_id);
        if member_id.is_empty() || self.wait_leave {
            return;
        }
        self.wait_leave = true;
        self.out.push(Output::Event(ClientEvent::LeaveSent {
            member_id: member_id.clone(),
        }));
        self.out
            .push(Output::Coordinator(Request::LeaveGroup(LeaveGroup {
                group_id: self.group_id(),
                members: vec![MemberIdentity {
                    member_id,
                    group_instance_id: self.config.group_instance_id.clone(),
                }],
            })));
    }

    fn session_timeout(&self) -> Millis {
        Millis::from(self.config.session_timeout_ms)
    }

    /// `rd_kafka_cgrp_update_session_timeout(rkcg, rd_false)`: a coordinator's answer to a
    /// Heartbeat (none or REBALANCE_IN_PROGRESS) extends a session that has not expired.
    fn extend_session(&mut self, now: Millis) {
        if self.session_deadline.is_some() {
            self.session_deadline = Some(now + self.session_timeout());
        }
        self.last_heartbeat_error = None;
    }

    /// The session deadline, checked only in the steady join state
    /// (`rd_kafka_cgrp_serve`: "Check session timeout regardless of current coordinator
    /// connection state").
    fn session_deadline_now(&self) -> Option<Millis> {
        self.session_deadline
            .filter(|_| self.join_state == JoinState::Steady && !self.terminating)
    }

    /// The host sends this client's coordinator requests to `broker` (`rkcg_coord_id`).
    pub fn coordinator_is(&mut self, broker: i32) {
        self.coordinator = Some(broker);
    }

    /// A Heartbeat got no answer: its connection broke (`_TRANSPORT`).
    pub fn heartbeat_failed(&mut self) {
        self.last_heartbeat_error = Some("Local: Broker transport failure");
    }

    /// No answer from the coordinator for `session.timeout.ms` (its broker is down and no
    /// other leads the group's `__consumer_offsets` partition yet): the client logs it, forgets
    /// its member id and revokes its assignment as lost, then rejoins as a new member.
    /// Source: `rd_kafka_cgrp_session_timeout_check` (src/rdkafka_cgrp.c), at LOG_WARNING
    /// ("SESSTMOUT"), which the default logger prints to stderr.
    fn session_timed_out(&mut self, now: Millis) {
        let Some(deadline) = self.session_deadline.take() else {
            return;
        };
        let after = now - deadline + self.session_timeout();
        let join_state = "steady";
        let broker = self.coordinator.unwrap_or(-1);
        let last = self.last_heartbeat_error.take().unwrap_or("Success");
        self.out.push(Output::Event(ClientEvent::Logged {
            text: format!(
                "Consumer group session timed out (in join-state {join_state}) after {after} ms \
                 without a successful response from the group coordinator (broker {broker}, \
                 last error was {last}): revoking assignment and rejoining group"
            ),
        }));
        self.member_id.clear();
        self.revoke_all_rejoin_maybe(now, true);
    }

    /// How far past `max.poll.interval.ms` the program is (`rd_kafka_max_poll_exceeded`).
    fn max_poll_overrun(&self, now: Millis) -> Option<Millis> {
        let last = self.last_poll?;
        let overrun = now
            .saturating_sub(last)
            .checked_sub(Millis::from(self.config.max_poll_interval_ms))?;
        (overrun > 0).then_some(overrun)
    }

    /// The program did not poll in time: log, queue `_MAX_POLL_EXCEEDED`, leave (dynamic
    /// members), forget the member id, and revoke the assignment as lost.
    /// Source: `rd_kafka_cgrp_max_poll_interval_check_tmr_cb`.
    fn check_max_poll(&mut self, now: Millis) {
        let Some(overrun) = self.max_poll_overrun(now) else {
            return;
        };
        let max = self.config.max_poll_interval_ms;
        self.out.push(Output::Event(ClientEvent::Logged {
            text: format!(
                "Application maximum poll interval ({max}ms) exceeded by {overrun}ms \
                 (adjust max.poll.interval.ms for long-running message processing): \
                 leaving group"
            ),
        }));
        self.queue
            .push_back(Served::Error(ClientError::with_message(
                ErrorKind::MaxPollExceeded,
                format!("Application maximum poll interval ({max}ms) exceeded by {overrun}ms"),
            )));
        self.max_poll_exceeded = true;
        self.max_poll_check_at = None;
        if self.config.group_instance_id.is_none() {
            self.leave();
        }
        self.member_id.clear();
        self.revoke_all_rejoin_maybe(now, true);
    }

    /// A fatal error: queued as `_FATAL` for the program (`rd_kafka_set_fatal_error`).
    fn set_fatal(&mut self, now: Millis, error: ErrorCode) {
        if self.fatal.is_some() {
            return;
        }
        let cause = ClientError::broker(error).message;
        let fatal = ClientError::with_message(
            ErrorKind::Fatal,
            format!("Fatal error: {cause}: Fatal consumer error: {cause}"),
        );
        self.fatal = Some(fatal.clone());
        self.queue.push_back(Served::Error(fatal));
        self.rejoin();
        self.drive(now);
    }

    fn try_terminate(&mut self) {
        let in_progress = !self.commits.is_empty()
            || !self.offset_queries.is_empty()
            || !self.assignment.is_empty()
            || self.wait_leave;
        let waiting_call = matches!(
            self.join_state,
            JoinState::WaitAssignCall | JoinState::WaitUnassignCall
        );
        if self.terminating && !self.closed && !in_progress && !waiting_call {
            self.closed = true;
            self.out.push(Output::Event(ClientEvent::Closed));
        }
    }

    fn rebalance_protocol(&self) -> RebalanceProtocol {
        self.config.rebalance_protocol()
    }

    /// The generation a JoinGroup's subscription carries for `strategy`. librdkafka's range
    /// and roundrobin write -1 (`rd_kafka_assignor_get_metadata_with_empty_userdata`, src/
    /// rdkafka_assignor.c); only its cooperative-sticky writes the generation of its last
    /// assignment (`rd_kafka_sticky_assignor_get_metadata`, src/rdkafka_sticky_assignor.c).
    /// It matters: a broker rebalances a Stable group for a follower's JoinGroup only when
    /// the metadata changed (apache/kafka `classicGroupJoinExistingMember`), so an eager
    /// follower rejoining after a metadata refresh gets the current generation back. The
    /// Java client writes its generation for every assignor (`ConsumerCoordinator.metadata`).
    fn subscription_generation(&self, strategy: Strategy) -> i32 {
        let writes_generation =
            self.config.profile == Profile::Java || strategy == Strategy::CooperativeSticky;
        if writes_generation {
            self.generation
        } else {
            -1
        }
    }

    fn group_id(&self) -> String {
        self.config.group_id.clone().unwrap_or_default()
    }

    // ----- the assignment -----

    fn bump_version(&mut self) -> u64 {
        self.next_version += 1;
        self.next_version
    }

    fn new_ticket(&mut self) -> u64 {
        self.next_ticket += 1;
        self.next_ticket
    }

    fn add_partitions(&mut self, partitions: &[(TopicPartition, Option<i64>)]) {
        for (tp, offset) in partitions {
            let version = self.bump_version();
            self.assignment
                .insert(tp.clone(), PartitionState::new(*offset, version));
        }
        if !partitions.is_empty() {
            self.out.push(Output::Event(ClientEvent::Assigned {
                partitions: partitions.iter().map(|(tp, _)| tp.clone()).collect(),
            }));
        }
    }

    fn clear_assignment(&mut self, now: Millis, lost: bool) {
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
        self.queue
            .retain(|item| !matches!(item, Served::Record(d) if gone.contains(&&d.tp)));
        self.out.push(Output::Event(ClientEvent::Revoked {
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

    fn pause_all(&mut self) {
        for p in self.assignment.values_mut() {
            self.next_version += 1;
            p.version = self.next_version;
            p.paused = true;
            p.rewind_to_app_pos();
        }
        let assigned: Vec<TopicPartition> = self.assignment();
        self.queue
            .retain(|item| !matches!(item, Served::Record(d) if assigned.contains(&d.tp)));
    }

    fn resume_all(&mut self) {
        for p in self.assignment.values_mut() {
            self.next_version += 1;
            p.version = self.next_version;
            p.paused = false;
            p.rewind_to_app_pos();
        }
    }

    /// Starts what can start: OffsetFetch for partitions waiting for their committed offset
    /// (only with no commit in flight, since a commit may be the start position), and tells
    /// the group when nothing is in progress (`rd_kafka_assignment_serve`,
    /// `rd_kafka_assignment_serve_pending`).
    fn serve_assignment(&mut self, now: Millis) {
        let querying = self.offset_queries.contains(&OffsetQuery::Assignment);
        if self.commits.is_empty() && !querying {
            let pending: Vec<TopicPartition> = self
                .assignment
                .iter_mut()
                .filter(|(_, p)| p.fetch == Fetch::AwaitCommitted { queried: false })
                .map(|(tp, p)| {
                    p.fetch = Fetch::AwaitCommitted { queried: true };
                    tp.clone()
                })
                .collect();
            if !pending.is_empty() {
                self.send_offset_fetch(pending, OffsetQuery::Assignment);
            }
        }
        let waiting = self
            .assignment
            .values()
            .any(|p| matches!(p.fetch, Fetch::AwaitCommitted { .. }));
        if self.commits.is_empty() && !waiting {
            self.assignment_done(now);
        }
    }

    fn send_offset_fetch(&mut self, partitions: Vec<TopicPartition>, purpose: OffsetQuery) {
        self.offset_queries.push_back(purpose);
        self.out
            .push(Output::Coordinator(Request::OffsetFetch(OffsetFetch {
                group_id: self.group_id(),
                partitions,
            })));
    }

    /// Committed offsets arrived for pending partitions: start each at its committed offset,
    /// or by `auto.offset.reset` (`rd_kafka_assignment_apply_offsets`,
    /// `rd_kafka_toppar_fetch_start`).
    fn apply_committed(&mut self, now: Millis, fetched: Vec<(TopicPartition, Option<i64>)>) {
        for (tp, offset) in fetched {
            if let Some(offset) = offset {
                self.committed.insert(tp.clone(), offset);
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
                    }
                }
                None => self.reset_offset(now, &tp),
            }
        }
        self.serve_assignment(now);
    }

    /// `auto.offset.reset`: ask the leader for the log start or end, or stop the partition
    /// with `_AUTO_OFFSET_RESET` (`rd_kafka_offset_reset`). The model resets only for a cause
    /// (no committed offset: `_NO_OFFSET` from `rd_kafka_toppar_fetch_start`; out of range),
    /// and librdkafka then sends the ListOffsets after [`OFFSET_RESET_BACKOFF_MS`]
    /// (`rd_kafka_toppar_offset_request(rktp, .., err ? 100 : 0)`, src/rdkafka_offset.c).
    fn reset_offset(&mut self, now: Millis, tp: &TopicPartition) {
        let Some(p) = self.assignment.get_mut(tp) else {
            return;
        };
        let end = match self.config.auto_offset_reset {
            OffsetReset::Earliest => LogEnd::Start,
            OffsetReset::Latest => LogEnd::End,
            OffsetReset::Error => {
                p.fetch = Fetch::Stopped;
                let message = "no previously committed offset available: Local: No offset stored";
                self.queue
                    .push_back(Served::Error(ClientError::with_message(
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
    }

    /// When the first offset reset waiting for its backoff may go.
    fn reset_due_at(&self) -> Option<Millis> {
        self.assignment
            .values()
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
    fn serve_fetchers(&mut self, now: Millis) {
        let max_wait_ms = Millis::from(self.config.fetch_wait_max_ms);
        let mut queued: VecMap<&TopicPartition, usize> = VecMap::new();
        for item in &self.queue {
            if let Served::Record(d) = item {
                *queued.entry(&d.tp).or_default() += 1;
            }
        }
        let mut requests = Vec::new();
        for (tp, p) in &mut self.assignment {
            if p.paused || queued.get(tp).copied().unwrap_or(0) >= QUEUED_MIN_MESSAGES {
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

    /// The partition's state if an answer of `version` is still wanted.
    fn current(&mut self, tp: &TopicPartition, version: u64) -> Option<&mut PartitionState> {
        self.assignment
            .get_mut(tp)
            .filter(|p| p.version == version && !p.paused)
    }

    /// Fetched records join the consumer queue; fetching continues after the last one.
    fn on_fetched(&mut self, tp: &TopicPartition, version: u64, records: Vec<LogRecord>) {
        let Some(p) = self.current(tp, version) else {
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
        self.queue.extend(wanted.into_iter().map(|r| {
            Served::Record(Delivery {
                tp: tp.clone(),
                offset: r.offset,
                key: r.key,
                value: r.value,
                version,
            })
        }));
    }

    // ----- commits -----

    /// The auto-commit timer: stored offsets of the assignment, never while a subscribed
    /// consumer is rebalancing (`rd_kafka_cgrp_offset_commit_tmr_cb`).
    /// A lost assignment is not committed (`rd_kafka_cgrp_assigned_offsets_commit`).
    fn auto_commit(&mut self, now: Millis) {
        if self.terminating
            || self.lost
            || (!self.subscription.is_empty() && self.join_state != JoinState::Steady)
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
            None if self.lost => {
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
    /// [`OFFSET_INVALID`].
    fn stored_list(&self) -> Vec<(TopicPartition, i64)> {
        self.assignment
            .iter()
            .map(|(tp, p)| {
                let newer = p
                    .stored
                    .filter(|s| self.committed.get(tp).is_none_or(|c| s > c));
                (tp.clone(), newer.unwrap_or(OFFSET_INVALID))
            })
            .collect()
    }

    /// OffsetCommit with the valid offsets, in this member's generation.
    fn send_commit(
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
        self.out.push(Output::Event(ClientEvent::CommitSent {
            reason,
            join_state: self.join_state,
            generation: self.generation,
            offsets: offsets
                .iter()
                .map(|o| (o.partition.clone(), o.offset))
                .collect(),
        }));
        self.out
            .push(Output::Coordinator(Request::OffsetCommit(OffsetCommit {
                group_id: self.group_id(),
                generation: self.generation,
                member_id: self.member_id.clone(),
                group_instance_id: self.config.group_instance_id.clone(),
                offsets,
            })));
        self.commits.push_back(PendingCommit { reply, partitions });
        self.drive(now);
    }

    /// Source: `rd_kafka_cgrp_op_handle_OffsetCommit`, `rd_kafka_cgrp_update_committed_offsets`.
    fn on_commit_response(&mut self, now: Millis, response: OffsetCommitResponse) {
        let Some(pending) = self.commits.pop_front() else {
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
                self.committed.insert(tp.clone(), *offset);
            }
        }
        match first_error {
            Some(ErrorCode::UnknownMemberId) => {
                self.member_id.clear();
                self.revoke_all_rejoin_maybe(now, true);
            }
            Some(ErrorCode::IllegalGeneration) if !self.is_rebalancing() => {
                self.generation = -1;
                self.revoke_all_rejoin_maybe(now, true);
            }
            _ => {}
        }
        let error = first_error.map(ClientError::broker);
        self.deliver_commit(pending.reply, error, pending.partitions, &errors);
        if self.commits.is_empty() {
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

    /// Hands a commit's outcome to whoever waits for it; `on_commit` results jump ahead of
    /// messages in the consumer queue (`rd_kafka_op_set_prio(.., RD_KAFKA_PRIO_HIGH)` in
    /// `rd_kafka_cgrp_propagate_commit_result`).
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
            .push(Output::Event(ClientEvent::CommitFinished(result.clone())));
        match reply {
            Reply::Ticket(ticket) => {
                self.answers.insert(ticket, Answer::Commit(result));
            }
            Reply::Queue { .. } => {
                let at = self
                    .queue
                    .iter()
                    .position(|item| !matches!(item, Served::Committed(_)))
                    .unwrap_or(self.queue.len());
                self.queue.insert(at, Served::Committed(result));
            }
        }
    }
}

fn sorted(mut partitions: Vec<TopicPartition>) -> Vec<TopicPartition> {
    sort_small_by(&mut partitions, Ord::cmp);
    partitions
}

/// Whether a JoinGroup error reaches the application: `rd_kafka_cgrp_handle_JoinGroup`
/// (librdkafka src/rdkafka_cgrp.c) queues "JoinGroup failed: ..." as a consumer error for
/// the errors `rd_kafka_err_action` (src/rdkafka_request.c) calls permanent: of the
/// coordinator's errors here, all but the ones it ignores (UNKNOWN_MEMBER_ID,
/// MEMBER_ID_REQUIRED, ILLEGAL_GENERATION) and the fatal FENCED_INSTANCE_ID. Either way the
/// member joins again after the join backoff.
fn join_error_is_permanent(error: ErrorCode) -> bool {
    !matches!(
        error,
        ErrorCode::UnknownMemberId
            | ErrorCode::MemberIdRequired
            | ErrorCode::IllegalGeneration
            | ErrorCode::FencedInstanceId
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigValue;

    fn client(pairs: &[(&str, ConfigValue)]) -> ConsumerClient {
        let mut all = vec![("group.id", ConfigValue::Str("g".into()))];
        all.extend(pairs.iter().cloned());
        let config = ConsumerConfig::from_pairs(Profile::Librdkafka, &all).unwrap();
        ConsumerClient::new(config, VecMap::from([("t".to_string(), 2)]), 0)
    }

    fn tp(p: i32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    fn fetched(c: &mut ConsumerClient, p: i32, offsets: std::ops::Range<i64>) {
        let version = c.assignment[&tp(p)].version;
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
        c.committed.insert(tp(0), 3);
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

    #[test]
    fn store_offsets_needs_auto_store_off() {
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

    #[test]
    fn max_poll_overrun_counts_from_the_end_of_the_last_poll() {
        let mut c = client(&[]);
        c.poll_started(0, true);
        assert_eq!(c.max_poll_overrun(400_000), None, "blocked in poll");
        c.poll_ended(1_000);
        assert_eq!(c.max_poll_overrun(301_000), None);
        assert_eq!(c.max_poll_overrun(301_499), Some(499));
    }

    #[test]
    fn a_join_held_by_max_poll_waits_for_the_next_poll_not_a_timer() {
        let mut c = client(&[
            ("enable.auto.commit", ConfigValue::Bool(false)),
            ("topic.metadata.refresh.interval.ms", ConfigValue::Int(-1)),
        ]);
        c.subscription = vec!["t".to_string()];
        c.max_poll_exceeded = true;
        c.handle_timeout(400_000);
        assert_eq!(c.take_outputs(), []);
        assert_eq!(c.poll_timeout(), None);
        c.poll_started(400_100, true);
        assert!(matches!(
            c.take_outputs()[..],
            [Output::Coordinator(Request::JoinGroup(_))]
        ));
    }

    #[test]
    fn committed_and_watermarks_answer_by_ticket() {
        use crate::coordinator::{FetchedOffset, OffsetFetchResponse};
        let mut c = client(&[]);
        let ticket = c.committed(&[tp(0)]);
        assert!(matches!(
            c.take_outputs()[..],
            [Output::Coordinator(Request::OffsetFetch(_))]
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
