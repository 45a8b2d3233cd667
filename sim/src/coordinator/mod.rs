//! The broker's group coordinator for the classic protocol, as a sans-IO state machine.
//!
//! It follows apache/kafka's `group-coordinator` module (`GroupMetadataManager`,
//! `ClassicGroup`, `OffsetMetadataManager`), which is what a real broker runs; librdkafka's mock
//! cluster differs for static members (see `reference/mock-cluster-notes.md`). The group
//! leader's assignor is not here: the leader client runs it and sends the result in SyncGroup.
//!
//! # Driving contract
//!
//! The coordinator never reads a clock and never does I/O. Its driver (the engine) owns one
//! [`Coordinator`] per coordinating broker and:
//!
//! 1. calls [`Coordinator::handle_request`]`(now, from, request)` when a request reaches the
//!    broker. `from` is the engine's [`ConnectionId`] for the client; the coordinator answers
//!    on it, either in the outputs of this call or, for a parked request, in the outputs of a
//!    later call (JoinGroup waits for the join phase to end; a follower's SyncGroup waits for
//!    the leader's);
//! 2. after every call, reads [`Coordinator::poll_timeout`] and, when virtual time reaches it,
//!    calls [`Coordinator::handle_timeout`]`(deadline)`. Timers that are due when a request
//!    arrives fire first, so a late driver gets the same result as a punctual one; timers fire
//!    in deadline order, each as of its own deadline, and ties in the order heartbeats, join
//!    phase, sync phase (the order the broker schedules them in);
//! 3. delivers every [`Output::Response`] to its connection (adding whatever network delay it
//!    models) and appends every [`Output::Event`] to the trace, in order.
//!
//! `now` must never decrease between calls. The same contract as the other nodes' is the
//! [`crate::node::Node`] implementation (`node.rs`), which the engine drives: its outputs
//! wait in the coordinator until the driver polls them.
//!
//! # What a librdkafka consumer sends (the consumer model's side)
//!
//! JoinGroup v5 ([`LIBRDKAFKA_JOIN_GROUP_VERSION`]) with an empty member id → MEMBER_ID_REQUIRED
//! carrying its member id → JoinGroup again with it → (after `group.initial.rebalance.delay.ms`
//! for a new group, or once everyone rejoined) the JoinGroup response; the leader's lists the
//! members and their subscriptions → the leader runs the assignor → SyncGroup (the leader's with
//! the assignments) → SyncGroup response with the member's partitions. Then a Heartbeat every
//! `heartbeat.interval.ms`: REBALANCE_IN_PROGRESS means rejoin; UNKNOWN_MEMBER_ID means forget
//! the member id and join anew; ILLEGAL_GENERATION means rejoin; FENCED_INSTANCE_ID is fatal.
//! OffsetCommit carries the generation and member id (generation -1 and no member id for
//! `assign()`). On close a dynamic member sends LeaveGroup; a static member does not, and
//! stays until its session times out.
//!
//! # Modelling choices
//!
//! - The broker's member map is a `java.util.HashMap`; where its iteration order decides
//!   something visible (a new leader, the order of the leader's member list, a tied protocol
//!   vote) the model reproduces it exactly (`java_order_map.rs`). Member ids are
//!   `<client.id>-<UUID>` with the UUID drawn from the coordinator's seeded stream.
//! - Dead is not a resting state here: the broker deletes an Empty group whose offsets are all
//!   gone (a tombstone), so the group is reported Dead and forgotten in the same sweep.
//! - Left out: `group.max.size` (unlimited by default), coordinator fail-over and loading
//!   (COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR), transactional offset commits, and the KIP-848
//!   `consumer` protocol (librdkafka's default `group.protocol` is `classic`).

mod group;
mod java_order_map;
mod membership;
mod node;
mod offsets;

pub use crate::trace::group::{Event, GroupState, RebalanceReason, RemovalReason};
pub use crate::wire::group::*;
pub use group::{Assignment, CONSUMER_PROTOCOL_TYPE, CommittedOffset, Group, Member};
pub use membership::NEW_MEMBER_JOIN_TIMEOUT_MS;
pub use offsets::NO_OFFSET;

use crate::collect::{VecMap, VecSet};
use crate::rng::SimRng;
use membership::GroupTimer;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

pub use crate::ids::Millis;

/// One output of the coordinator, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    /// A response to deliver on the connection its request came on.
    Response {
        to: ConnectionId,
        response: Response,
    },
    Event(Event),
}

/// The broker settings the coordinator obeys, with the broker's defaults
/// (apache/kafka `GroupCoordinatorConfig.java`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorConfig {
    /// `group.initial.rebalance.delay.ms`: a new group's first join phase waits this long for
    /// more members (the "~3 s" before a first consumer gets partitions).
    pub initial_rebalance_delay_ms: Millis,
    /// `group.min.session.timeout.ms` and `group.max.session.timeout.ms`: JoinGroup outside
    /// them fails with INVALID_SESSION_TIMEOUT.
    pub min_session_timeout_ms: Millis,
    pub max_session_timeout_ms: Millis,
    /// `offsets.retention.minutes`, in milliseconds.
    pub offsets_retention_ms: Millis,
    /// `offsets.retention.check.interval.ms`: how often expired offsets and groups are removed.
    pub offsets_retention_check_interval_ms: Millis,
    /// `offset.metadata.max.bytes`.
    pub offset_metadata_max_bytes: usize,
}

impl Default for CoordinatorConfig {
    fn default() -> Self {
        Self {
            initial_rebalance_delay_ms: 3_000,
            min_session_timeout_ms: 6_000,
            max_session_timeout_ms: 1_800_000,
            offsets_retention_ms: 7 * 24 * 60 * 60 * 1000,
            offsets_retention_check_interval_ms: 600_000,
            offset_metadata_max_bytes: 4096,
        }
    }
}

/// The group coordinator of one broker: its groups and their committed offsets.
#[derive(Clone, Debug)]
pub struct Coordinator {
    config: CoordinatorConfig,
    /// Draws the UUIDs of new member ids.
    rng: SimRng,
    now: Millis,
    next_cleanup: Millis,
    groups: VecMap<String, Group>,
    /// Groups whose broker crashed and that no broker has loaded yet: their timers wait.
    unloaded: VecSet<String>,
    /// Outputs the driver has not polled yet ([`crate::node::Node::poll_output`]).
    outputs: VecDeque<Output>,
}

/// A timer, ordered for ties at the same millisecond: the expiry sweep, then groups by id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    Cleanup,
    Group(String, GroupTimer),
}

/// What a handler needs besides its group: the time, the settings, the member-id stream and
/// where outputs go.
struct Ctx<'a> {
    now: Millis,
    config: &'a CoordinatorConfig,
    rng: &'a mut SimRng,
    out: &'a mut Vec<Output>,
}

impl Ctx<'_> {
    fn respond(&mut self, to: ConnectionId, response: Response) {
        self.out.push(Output::Response { to, response });
    }

    fn emit(&mut self, event: Event) {
        self.out.push(Output::Event(event));
    }
}

/// Runs `f` with a scratch context at time 0, for unit tests of the handlers.
#[cfg(test)]
fn with_ctx<R>(f: impl FnOnce(&mut Ctx) -> R) -> R {
    let config = CoordinatorConfig::default();
    let mut rng = SimRng::stream(1, "test");
    let mut out = Vec::new();
    f(&mut Ctx {
        now: 0,
        config: &config,
        rng: &mut rng,
        out: &mut out,
    })
}

impl Coordinator {
    /// A coordinator that starts serving at `now`, drawing member ids from `rng` (give each
    /// coordinator its own stream, e.g. `SimRng::stream(seed, "coordinator/1")`). The expiry
    /// sweep runs every `offsets.retention.check.interval.ms` from then
    /// (`GroupCoordinatorShard.onLoaded`).
    pub fn new(config: CoordinatorConfig, rng: SimRng, now: Millis) -> Self {
        Self {
            next_cleanup: now + config.offsets_retention_check_interval_ms,
            config,
            rng,
            now,
            groups: VecMap::new(),
            unloaded: VecSet::new(),
            outputs: VecDeque::new(),
        }
    }

    /// `group_id`'s coordinator crashed: nothing of the group runs (no session expires) until
    /// a broker loads it again ([`Coordinator::load`]).
    pub fn unload(&mut self, group_id: &str) {
        if self.groups.contains_key(group_id) {
            self.unloaded.insert(group_id.to_owned());
        }
    }

    /// The groups waiting to be loaded, by id.
    pub fn unloaded(&self) -> impl Iterator<Item = &String> {
        self.unloaded.iter()
    }

    /// A broker became the leader of `group_id`'s `__consumer_offsets` partition and loaded the
    /// group at `now`: every member's session starts again from now, so no member is dropped
    /// for the time the group had no coordinator (apache/kafka `GroupMetadataManager.onLoaded`:
    /// `rescheduleClassicGroupMemberHeartbeat` for each member; formerly
    /// `GroupCoordinator.onGroupLoaded`).
    pub fn load(&mut self, group_id: &str, now: Millis) {
        if self.unloaded.remove(group_id)
            && let Some(group) = self.groups.get_mut(group_id)
        {
            group.reschedule_heartbeats(now);
        }
    }

    pub fn group(&self, group_id: &str) -> Option<&Group> {
        self.groups.get(group_id)
    }

    pub fn groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.values()
    }

    /// When the next timer is due. There is always one: the periodic expiry sweep.
    pub fn poll_timeout(&self) -> Millis {
        self.next_timer().0
    }

    /// Fires every timer due at or before `now`.
    pub fn handle_timeout(&mut self, now: Millis) -> Vec<Output> {
        let mut out = Vec::new();
        self.advance(now, &mut out);
        out
    }

    /// Handles one request that arrived at `now` from the connection `from`. Timers due by
    /// `now` fire before it, and any it sets for `now` itself right after it.
    pub fn handle_request(
        &mut self,
        now: Millis,
        from: ConnectionId,
        request: Request,
    ) -> Vec<Output> {
        let mut out = Vec::new();
        self.advance(now, &mut out);
        let mut ctx = Ctx {
            now,
            config: &self.config,
            rng: &mut self.rng,
            out: &mut out,
        };
        let groups = &mut self.groups;
        match request {
            Request::JoinGroup(req) => join(groups, &mut ctx, from, req),
            Request::SyncGroup(req) => match groups.get_mut(&req.group_id) {
                Some(group) => group.sync(&mut ctx, from, req),
                None => {
                    let response = SyncGroupResponse::error(ErrorCode::UnknownMemberId);
                    ctx.respond(from, Response::SyncGroup(response));
                }
            },
            Request::Heartbeat(req) => match groups.get_mut(&req.group_id) {
                Some(group) => group.heartbeat(&mut ctx, from, &req),
                None => {
                    let response = HeartbeatResponse {
                        error: Some(ErrorCode::UnknownMemberId),
                    };
                    ctx.respond(from, Response::Heartbeat(response));
                }
            },
            Request::LeaveGroup(req) => match groups.get_mut(&req.group_id) {
                Some(group) => group.leave(&mut ctx, from, req),
                None => {
                    let response = LeaveGroupResponse {
                        error: Some(ErrorCode::UnknownMemberId),
                        members: Vec::new(),
                    };
                    ctx.respond(from, Response::LeaveGroup(response));
                }
            },
            Request::OffsetCommit(req) => offsets::commit(groups, &mut ctx, from, req),
            Request::OffsetFetch(req) => {
                let response = offsets::fetch(groups.get(&req.group_id), req);
                ctx.respond(from, Response::OffsetFetch(response));
            }
        }
        // A timer the request set for `now` itself (a zero rebalance timeout) fires at once.
        self.advance(now, &mut out);
        out
    }

    fn next_timer(&self) -> (Millis, Timer) {
        let loaded = self
            .groups
            .values()
            .filter(|group| !self.unloaded.contains(&group.id));
        let groups = loaded.filter_map(|group| {
            group
                .next_timer()
                .map(|(at, timer)| (at, Timer::Group(group.id.clone(), timer)))
        });
        groups
            .chain([(self.next_cleanup, Timer::Cleanup)])
            .min()
            .expect("the expiry sweep is always scheduled")
    }

    fn advance(&mut self, now: Millis, out: &mut Vec<Output>) {
        assert!(now >= self.now, "time went backwards: {now} < {}", self.now);
        loop {
            let (at, timer) = self.next_timer();
            if at > now {
                break;
            }
            let mut ctx = Ctx {
                now: at,
                config: &self.config,
                rng: &mut self.rng,
                out,
            };
            match timer {
                Timer::Cleanup => {
                    self.next_cleanup = at + self.config.offsets_retention_check_interval_ms;
                    cleanup(&mut self.groups, &mut ctx);
                }
                Timer::Group(id, timer) => {
                    if let Some(group) = self.groups.get_mut(&id) {
                        group.fire(&mut ctx, timer);
                    }
                }
            }
        }
        self.now = now;
    }
}

/// JoinGroup (`GroupCoordinatorService.joinGroup`, `classicGroupJoinToClassicGroup`): the group
/// id and session timeout are checked first; a member without an id creates the group if need
/// be, a member id in an unknown group is UNKNOWN_MEMBER_ID.
fn join(groups: &mut VecMap<String, Group>, ctx: &mut Ctx, from: ConnectionId, req: JoinGroup) {
    let session = ctx.config.min_session_timeout_ms..=ctx.config.max_session_timeout_ms;
    let invalid = if req.group_id.is_empty() {
        Some(ErrorCode::InvalidGroupId)
    } else if !session.contains(&req.session_timeout_ms) {
        Some(ErrorCode::InvalidSessionTimeout)
    } else {
        None
    };
    if let Some(error) = invalid {
        let response = JoinGroupResponse::error(req.member_id, error);
        return ctx.respond(from, Response::JoinGroup(response));
    }
    if req.member_id == UNKNOWN_MEMBER_ID {
        let now = ctx.now;
        groups
            .entry(req.group_id.clone())
            .or_insert_with(|| Group::new(&req.group_id, now))
            .join_new_member(ctx, from, req);
    } else if let Some(group) = groups.get_mut(&req.group_id) {
        group.join_existing_member(ctx, from, req);
    } else {
        let response = JoinGroupResponse::error(req.member_id, ErrorCode::UnknownMemberId);
        ctx.respond(from, Response::JoinGroup(response));
    }
}

/// The periodic sweep (`GroupCoordinatorShard.cleanupGroupMetadata`): expired offsets are
/// removed, and an Empty group left with no offsets is deleted (it goes Dead and a later
/// JoinGroup starts a new group at generation 0).
fn cleanup(groups: &mut VecMap<String, Group>, ctx: &mut Ctx) {
    let mut deleted = Vec::new();
    for group in groups.values_mut() {
        if group.expire_offsets(ctx) && group.state() == GroupState::Empty {
            ctx.emit(Event::StateChanged {
                group: group.id.clone(),
                from: GroupState::Empty,
                to: GroupState::Dead,
            });
            deleted.push(group.id.clone());
        }
    }
    for id in deleted {
        groups.remove(&id);
    }
}
