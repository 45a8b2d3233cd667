//! The group membership: the join state machine with what each state holds, JoinGroup and
//! SyncGroup (with the leader's assignor), LeaveGroup, and a fatal error.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_join`,
//! `rd_kafka_cgrp_handle_JoinGroup`, `rd_kafka_cgrp_handle_SyncGroup`, `rd_kafka_cgrp_leave`).

use super::client::{ClientEvent, ConsumerClient, Output};
use super::queue::{RebalanceKind, Served};
use crate::TopicPartition;
use crate::assignor::{self, Client, Member, Strategy};
use crate::config::{Profile, RebalanceProtocol};
use crate::console::LogFacility;
use crate::coordinator::{
    CONSUMER_PROTOCOL_TYPE, ErrorCode, JoinGroup, JoinGroupResponse, LIBRDKAFKA_JOIN_GROUP_VERSION,
    LeaveGroup, MemberAssignment, MemberIdentity, Protocol, Request, Subscription, SyncGroup,
    UNKNOWN_MEMBER_ID,
};
use crate::ids::Millis;
use crate::trace::consumer::AssignorRun;
pub use crate::trace::consumer::JoinState;
use crate::wire::client_error::{ClientError, ErrorKind};

/// A failed JoinGroup is retried after `rkcg_join_intvl` (1 s, `rd_kafka_cgrp_join_state_serve`,
/// `rd_interval_backoff` in `rd_kafka_cgrp_handle_JoinGroup`).
const JOIN_BACKOFF_MS: Millis = 1000;

/// The join state with what only some states hold. `rejoin` is `rkcg_rebalance_rejoin`: a
/// cooperative rebalance op rejoins once its assign or unassign is done
/// (`rd_kafka_rebalance_op_incr`); only the states that op leads through can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JoinPhase {
    Init,
    WaitJoin,
    WaitSync,
    WaitAssignCall { rejoin: bool },
    WaitUnassignCall { rejoin: bool },
    WaitUnassignToComplete,
    WaitIncrUnassignToComplete { rejoin: bool },
    Steady { rejoin: bool },
}

impl JoinPhase {
    pub fn state(self) -> JoinState {
        match self {
            JoinPhase::Init => JoinState::Init,
            JoinPhase::WaitJoin => JoinState::WaitJoin,
            JoinPhase::WaitSync => JoinState::WaitSync,
            JoinPhase::WaitAssignCall { .. } => JoinState::WaitAssignCall,
            JoinPhase::WaitUnassignCall { .. } => JoinState::WaitUnassignCall,
            JoinPhase::WaitUnassignToComplete => JoinState::WaitUnassignToComplete,
            JoinPhase::WaitIncrUnassignToComplete { .. } => JoinState::WaitIncrUnassignToComplete,
            JoinPhase::Steady { .. } => JoinState::Steady,
        }
    }

    /// `rkcg_rebalance_rejoin`: a cooperative rebalance op will rejoin once it is done.
    pub fn rejoin(self) -> bool {
        matches!(
            self,
            JoinPhase::WaitAssignCall { rejoin: true }
                | JoinPhase::WaitUnassignCall { rejoin: true }
                | JoinPhase::WaitIncrUnassignToComplete { rejoin: true }
                | JoinPhase::Steady { rejoin: true }
        )
    }

    /// A rebalance callback waits for the program's assign or unassign call.
    pub fn waiting_call(self) -> bool {
        matches!(
            self,
            JoinPhase::WaitAssignCall { .. } | JoinPhase::WaitUnassignCall { .. }
        )
    }
}

/// This member of the group (`rd_kafka_cgrp_t`'s membership fields).
#[derive(Clone, Debug)]
pub(super) struct Membership {
    pub subscription: Vec<String>,
    pub join: JoinPhase,
    pub member_id: String,
    pub generation: i32,
    /// `rkcg_group_assignment`: what the group gave this member (`None`: never assigned, or
    /// revoked in full).
    pub group_assignment: Option<Vec<TopicPartition>>,
    /// `rkcg_rebalance_incr_assignment`: partitions to assign once the incremental revoke is
    /// done. librdkafka keeps it on the group, not in a join state, and so does the model: a
    /// rejoin does not drop it.
    pub incr_assignment: Option<Vec<TopicPartition>>,
    /// `rkcg_wait_resp`: a JoinGroup or SyncGroup awaits its answer; no other join goes
    /// meanwhile, whatever the join state became.
    pub wait_resp: bool,
    /// `rkcg_join_intvl`: no join before this.
    pub join_not_before: Millis,
    /// `RD_KAFKA_CGRP_F_WAIT_LEAVE`: a LeaveGroup awaits its answer.
    pub wait_leave: bool,
}

impl Membership {
    pub fn new(now: Millis) -> Self {
        Self {
            subscription: Vec::new(),
            join: JoinPhase::Init,
            member_id: UNKNOWN_MEMBER_ID.to_string(),
            generation: -1,
            group_assignment: None,
            incr_assignment: None,
            wait_resp: false,
            join_not_before: now,
            wait_leave: false,
        }
    }

    /// A rebalance is under way (`RD_KAFKA_CGRP_REBALANCING`, rdkafka_cgrp.c): a rejoin of a
    /// member that has joined, any state between SyncGroup and the end of the (un)assign, a
    /// pending incremental assignment, or a rebalance-induced rejoin still to come.
    pub fn is_rebalancing(&self) -> bool {
        let joined = !self.member_id.is_empty();
        let by_state = match self.join.state() {
            JoinState::WaitJoin => joined,
            JoinState::Init | JoinState::Steady => false,
            _ => true,
        };
        by_state || self.incr_assignment.is_some() || self.join.rejoin()
    }
}

impl ConsumerClient {
    /// `subscribe(topics)`: the join starts at once.
    pub fn subscribe(&mut self, now: Millis, topics: &[String]) {
        self.membership.subscription = topics.to_vec();
        self.drive(now);
    }

    /// Whether the member is subscribed and has no membership in progress.
    pub(super) fn wants_join(&self) -> bool {
        !self.membership.subscription.is_empty()
            && self.membership.join == JoinPhase::Init
            && self.fatal.is_none()
            && !self.lifecycle.is_terminating()
    }

    /// When a join may go, if one is wanted and no answer is awaited.
    pub(super) fn join_due_at(&self) -> Option<Millis> {
        (self.wants_join() && !self.membership.wait_resp && self.may_join_now())
            .then_some(self.membership.join_not_before)
    }

    /// librdkafka joins from its background thread; kafka-python only from the program's
    /// `poll()` (3.0.12 `ConsumerCoordinator.poll` runs `ensure_active_group` when
    /// `need_rejoin()`), so a subscribed consumer that never polls (seed 004's lag script)
    /// never joins, and a rejoin waits for the next poll.
    fn may_join_now(&self) -> bool {
        !self.config.group_work_in_poll() || self.max_poll.in_blocking_poll()
    }

    /// JoinGroup, unless `max.poll.interval.ms` is still exceeded (`rd_kafka_cgrp_join`). A
    /// cooperative member reports what it owns.
    pub(super) fn join(&mut self, now: Millis) {
        if !self
            .max_poll
            .join_allowed(now, self.config.max_poll_interval_ms)
        {
            return;
        }
        let owned = match self.rebalance_protocol() {
            RebalanceProtocol::Cooperative => {
                self.membership.group_assignment.clone().unwrap_or_default()
            }
            RebalanceProtocol::Eager => Vec::new(),
        };
        let protocols = self
            .config
            .partition_assignment_strategy
            .iter()
            .map(|strategy| Protocol {
                name: strategy.name().to_string(),
                metadata: Subscription {
                    topics: self.membership.subscription.clone(),
                    owned_partitions: owned.clone(),
                    generation: self.subscription_generation(*strategy),
                },
            })
            .collect();
        self.membership.join = JoinPhase::WaitJoin;
        self.membership.wait_resp = true;
        self.send(Request::JoinGroup(JoinGroup {
            group_id: self.group_id(),
            api_version: LIBRDKAFKA_JOIN_GROUP_VERSION,
            member_id: self.membership.member_id.clone(),
            group_instance_id: self.config.group_instance_id.clone(),
            client_id: self.config.client_id.clone(),
            protocol_type: CONSUMER_PROTOCOL_TYPE.to_string(),
            protocols,
            session_timeout_ms: Millis::from(self.config.session_timeout_ms),
            rebalance_timeout_ms: Millis::from(self.config.max_poll_interval_ms),
        }));
    }

    /// Source: `rd_kafka_cgrp_handle_JoinGroup`.
    pub(super) fn on_join(&mut self, now: Millis, r: JoinGroupResponse) {
        self.membership.wait_resp = false;
        if self.membership.join != JoinPhase::WaitJoin || self.lifecycle.is_terminating() {
            return;
        }
        if let Some(error) = r.error {
            match error {
                ErrorCode::MemberIdRequired => self.membership.member_id = r.member_id,
                ErrorCode::UnknownMemberId => self.membership.member_id.clear(),
                ErrorCode::IllegalGeneration => self.membership.generation = -1,
                ErrorCode::FencedInstanceId => return self.set_fatal(now, error),
                error if join_error_is_permanent(error) => {
                    let failed = ClientError::failed(ErrorKind::Broker(error), "JoinGroup failed");
                    self.queue.push(Served::Error(failed));
                }
                _ => {}
            }
            if error != ErrorCode::MemberIdRequired {
                self.membership.join_not_before = now + JOIN_BACKOFF_MS;
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
        self.membership.member_id = r.member_id.clone();
        self.membership.generation = r.generation;
        let assignments = if r.leader == r.member_id {
            self.run_assignor(&r)
        } else {
            Vec::new()
        };
        self.membership.join = JoinPhase::WaitSync;
        self.membership.wait_resp = true;
        self.send(Request::SyncGroup(SyncGroup {
            group_id: self.group_id(),
            generation: self.membership.generation,
            member_id: self.membership.member_id.clone(),
            group_instance_id: self.config.group_instance_id.clone(),
            protocol_type: None,
            protocol_name: None,
            assignments,
        }));
    }

    /// The leader's assignor, then librdkafka's cooperative adjustment
    /// (`rd_kafka_cgrp_assignor_run`, `rd_kafka_cooperative_protocol_adjust_assignment`).
    fn run_assignor(&mut self, r: &JoinGroupResponse) -> Vec<MemberAssignment> {
        let client = match self.config.profile {
            Profile::Librdkafka => Client::Librdkafka,
            Profile::Java => Client::Java,
            Profile::KafkaPython => Client::KafkaPython,
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
        self.out
            .push_back(Output::Event(ClientEvent::AssignorRan(Box::new(
                AssignorRun {
                    protocol,
                    generation: r.generation,
                    assignment: assignment.clone(),
                },
            ))));
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
    pub(super) fn on_sync(
        &mut self,
        now: Millis,
        error: Option<ErrorCode>,
        assignment: Vec<TopicPartition>,
    ) {
        self.membership.wait_resp = false;
        if self.membership.join != JoinPhase::WaitSync || self.lifecycle.is_terminating() {
            return;
        }
        if let Some(error) = error {
            match error {
                ErrorCode::FencedInstanceId => return self.set_fatal(now, error),
                ErrorCode::IllegalGeneration => self.membership.generation = -1,
                ErrorCode::UnknownMemberId => self.membership.member_id.clear(),
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
        self.heartbeat.start_session(now, self.session_timeout());
        if self.config.group_work_in_poll() {
            let interval = self.config.auto_commit_interval_ms;
            self.commits.restart_auto_commit(now, interval);
        }
        self.out
            .push_back(Output::Event(ClientEvent::AssignmentReceived {
                generation: self.membership.generation,
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
                self.rebalance_op(RebalanceKind::Assign, assignment.clone(), false, false);
                self.membership.group_assignment = Some(super::rebalance::sorted(assignment));
            }
            RebalanceProtocol::Cooperative => {
                let owned = self.membership.group_assignment.clone().unwrap_or_default();
                let change = assignor::increment(&owned, &assignment);
                if change.revoked.is_empty() {
                    self.rebalance_op_incr(RebalanceKind::Assign, change.added, false);
                } else {
                    self.membership.incr_assignment = Some(change.added);
                    self.rebalance_op_incr(RebalanceKind::Revoke, change.revoked, false);
                }
            }
        }
    }

    /// LeaveGroup if asked to, never for a static member that is closing (KIP-345).
    /// Source: `rd_kafka_cgrp_leave_maybe`, `rd_kafka_cgrp_leave`.
    pub(super) fn leave_maybe(&mut self) {
        if !self.lifecycle.take_leave_on_unassign_done() {
            return;
        }
        if self.config.group_instance_id.is_some() {
            return;
        }
        self.leave();
    }

    pub(super) fn leave(&mut self) {
        let member_id = std::mem::take(&mut self.membership.member_id);
        if member_id.is_empty() || self.membership.wait_leave {
            return;
        }
        self.membership.wait_leave = true;
        self.out.push_back(Output::Event(ClientEvent::LeaveSent {
            member_id: member_id.clone(),
        }));
        self.send(Request::LeaveGroup(LeaveGroup {
            group_id: self.group_id(),
            members: vec![MemberIdentity {
                member_id,
                group_instance_id: self.config.group_instance_id.clone(),
            }],
        }));
    }

    /// A fatal error: queued as `_FATAL` for the program, and logged as it happens when the
    /// program has an `error_cb` (which enables error events; without one librdkafka only
    /// debug-logs it). Source: `rd_kafka_set_fatal_error0` (src/rdkafka.c).
    pub(super) fn set_fatal(&mut self, now: Millis, error: ErrorCode) {
        if self.fatal.is_some() {
            return;
        }
        let cause = ClientError::broker(error).message;
        let text = format!("Fatal error: {cause}: Fatal consumer error: {cause}");
        if self.config.error_cb {
            self.out.push_back(Output::Event(ClientEvent::Logged {
                facility: LogFacility::Fatal,
                text: text.clone(),
            }));
        }
        let fatal = ClientError::with_message(ErrorKind::Fatal, text);
        self.fatal = Some(fatal.clone());
        self.queue.push(Served::Error(fatal));
        self.rejoin();
        self.drive(now);
    }

    /// The generation a JoinGroup's subscription carries for `strategy`. librdkafka's range
    /// and roundrobin write -1 (`rd_kafka_assignor_get_metadata_with_empty_userdata`, src/
    /// rdkafka_assignor.c); only its cooperative-sticky writes the generation of its last
    /// assignment (`rd_kafka_sticky_assignor_get_metadata`, src/rdkafka_sticky_assignor.c).
    /// It matters: a broker rebalances a Stable group for a follower's JoinGroup only when
    /// the metadata changed (apache/kafka `classicGroupJoinExistingMember`), so an eager
    /// follower rejoining after a metadata refresh gets the current generation back. The
    /// Java client writes its generation for every assignor (`ConsumerCoordinator.metadata`);
    /// kafka-python's range and roundrobin write none (`RangePartitionAssignor.metadata`), its
    /// sticky assignors theirs (`StickyPartitionAssignor.metadata`, `_metadata`).
    fn subscription_generation(&self, strategy: Strategy) -> i32 {
        let writes_generation = match self.config.profile {
            Profile::Java => true,
            Profile::Librdkafka => strategy == Strategy::CooperativeSticky,
            Profile::KafkaPython => {
                matches!(strategy, Strategy::Sticky | Strategy::CooperativeSticky)
            }
        };
        if writes_generation {
            self.membership.generation
        } else {
            -1
        }
    }
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
    use crate::consumer::client::tests::{client, logged};

    /// The FATAL lines a fenced static member's client logs, with or without `error_cb`.
    fn fatal_logged(error_cb: bool) -> Vec<String> {
        let mut pairs = vec![("group.instance.id", ConfigValue::Str("c1".into()))];
        if error_cb {
            pairs.push(("error_cb", ConfigValue::Callable("error_cb".into())));
        }
        let mut c = client(&pairs);
        c.set_fatal(0, ErrorCode::FencedInstanceId);
        logged(&mut c, LogFacility::Fatal)
    }

    #[test]
    fn a_fenced_member_logs_its_fatal_error_only_with_an_error_cb() {
        let fenced = "Broker: Static consumer fenced by other consumer with same \
                      group.instance.id";
        assert_eq!(
            fatal_logged(true),
            [format!(
                "Fatal error: {fenced}: Fatal consumer error: {fenced}"
            )]
        );
        assert!(fatal_logged(false).is_empty(), "only debug-logged");
    }

    /// `RD_KAFKA_CGRP_REBALANCING` counts a rejoin still to come and a pending incremental
    /// assignment, whatever the join state.
    #[test]
    fn rebalancing_follows_librdkafkas_macro() {
        let mut m = Membership::new(0);
        assert!(!m.is_rebalancing());
        m.join = JoinPhase::WaitJoin;
        assert!(!m.is_rebalancing(), "a first join is not a rebalance");
        m.member_id = "rdkafka-1".into();
        assert!(m.is_rebalancing(), "a rejoin is");
        m.join = JoinPhase::Steady { rejoin: false };
        assert!(!m.is_rebalancing());
        m.join = JoinPhase::Steady { rejoin: true };
        assert!(m.is_rebalancing());
        m.join = JoinPhase::Steady { rejoin: false };
        m.incr_assignment = Some(Vec::new());
        assert!(m.is_rebalancing());
    }
}
