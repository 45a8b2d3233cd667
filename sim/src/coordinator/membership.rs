//! The classic group protocol's handlers, as apache/kafka `GroupMetadataManager.java` runs them:
//! JoinGroup, SyncGroup, Heartbeat, LeaveGroup and the group's timers.

use super::group::{Assignment, Group, JoinTimer, Joining, Member, State};
use super::{Ctx, Millis};
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::trace::group::{Event, RebalanceReason, RemovalReason};
use crate::wire::group::{
    ConnectionId, ErrorCode, Heartbeat, HeartbeatResponse, JoinGroup, JoinGroupResponse,
    LeaveGroup, LeaveGroupResponse, LeftMember, MemberAssignment, Response, SyncGroup,
    SyncGroupResponse, UNKNOWN_MEMBER_ID,
};

/// How long a new member's JoinGroup may stay parked before the member is dropped
/// (apache/kafka `GroupCoordinatorConfig.CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS`).
pub const NEW_MEMBER_JOIN_TIMEOUT_MS: Millis = 5 * 60 * 1000;

/// The first JoinGroup version that must obtain its member id first (KIP-394,
/// `JoinGroupRequest.requiresKnownMemberId`).
const KNOWN_MEMBER_ID_VERSION: i16 = 4;

/// The first JoinGroup version that understands `skip_assignment` (KIP-814,
/// `JoinGroupRequest.supportsSkippingAssignment`).
const SKIP_ASSIGNMENT_VERSION: i16 = 9;

/// A group's timers, ordered for ties at the same millisecond.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum GroupTimer {
    /// A member's (or a KIP-394 pending member's) liveness deadline.
    Heartbeat(String),
    Join,
    Sync,
}

impl Group {
    /// A JoinGroup without a member id (`classicGroupJoinNewMember`): a static member takes
    /// over its instance's place, a dynamic one gets MEMBER_ID_REQUIRED and a member id to
    /// rejoin with (KIP-394, v4+), older clients are added at once.
    pub(super) fn join_new_member(&mut self, ctx: &mut Ctx, from: ConnectionId, req: JoinGroup) {
        if !self.supports_protocols(&req.protocol_type, &req.protocols) {
            let error =
                JoinGroupResponse::error(UNKNOWN_MEMBER_ID, ErrorCode::InconsistentGroupProtocol);
            return ctx.respond(from, Response::JoinGroup(error));
        }
        let instance = req.group_instance_id.clone();
        let new_id = Group::generate_member_id(ctx.rng, &req.client_id, instance.as_deref());
        if let Some(instance) = instance {
            match self.static_members.get(&instance).cloned() {
                Some(old_id) => self.rejoin_static_member(ctx, from, req, &old_id, &new_id),
                None => self.add_member(ctx, from, req, new_id),
            }
        } else if req.api_version >= KNOWN_MEMBER_ID_VERSION {
            self.pending_members
                .insert(new_id.clone(), ctx.now + req.session_timeout_ms);
            let response = JoinGroupResponse::error(new_id, ErrorCode::MemberIdRequired);
            ctx.respond(from, Response::JoinGroup(response));
        } else {
            self.add_member(ctx, from, req, new_id);
        }
    }

    /// A JoinGroup with a member id (`classicGroupJoinExistingMember`).
    pub(super) fn join_existing_member(
        &mut self,
        ctx: &mut Ctx,
        from: ConnectionId,
        req: JoinGroup,
    ) {
        let member_id = req.member_id.clone();
        let reject = |ctx: &mut Ctx, error| {
            ctx.respond(
                from,
                Response::JoinGroup(JoinGroupResponse::error(&member_id, error)),
            );
        };
        if !self.supports_protocols(&req.protocol_type, &req.protocols) {
            return reject(ctx, ErrorCode::InconsistentGroupProtocol);
        }
        if self.pending_members.contains_key(&member_id) {
            // A pending member is dynamic by construction; the broker fails the request.
            if req.group_instance_id.is_some() {
                return reject(ctx, ErrorCode::UnknownServerError);
            }
            return self.add_member(ctx, from, req, member_id.clone());
        }
        if let Err(error) = self.validate_member(&member_id, req.group_instance_id.as_deref()) {
            return reject(ctx, error);
        }
        let unchanged = self.members.get(&member_id).map(|m| &m.protocols) == Some(&req.protocols);
        let changed = RebalanceReason::MetadataChanged {
            member_id: member_id.clone(),
        };
        match self.state {
            State::PreparingRebalance(_) => {
                self.update_member(&member_id, from, &req);
                self.maybe_complete_join_phase(ctx);
            }
            // The member lost its JoinGroup response: send it again.
            State::CompletingRebalance(_) if unchanged => {
                ctx.respond(from, Response::JoinGroup(self.join_response(&member_id)));
            }
            State::CompletingRebalance(_) => {
                self.update_member(&member_id, from, &req);
                self.maybe_prepare_rebalance_or_complete_join(ctx, changed);
            }
            // The leader rejoins to make the group notice changes the metadata does not
            // show (topic metadata).
            State::Stable(_) if self.is_leader(&member_id) => {
                self.update_member(&member_id, from, &req);
                let reason = RebalanceReason::LeaderRejoined {
                    member_id: member_id.clone(),
                };
                self.maybe_prepare_rebalance_or_complete_join(ctx, reason);
            }
            State::Stable(_) if !unchanged => {
                self.update_member(&member_id, from, &req);
                self.maybe_prepare_rebalance_or_complete_join(ctx, changed);
            }
            State::Stable(_) => {
                ctx.respond(from, Response::JoinGroup(self.join_response(&member_id)));
            }
            State::Empty => reject(ctx, ErrorCode::UnknownMemberId),
        }
    }

    /// Records a rejoining member's protocols and timeouts and parks its JoinGroup
    /// (`ClassicGroup.updateMember`).
    fn update_member(&mut self, member_id: &str, from: ConnectionId, req: &JoinGroup) {
        if let Some(member) = self.members.get_mut(member_id) {
            member.protocols = req.protocols.clone();
            member.rebalance_timeout = req.rebalance_timeout_ms;
            member.session_timeout = req.session_timeout_ms;
            member.awaiting_join = Some(from);
        }
    }

    /// `addMemberThenRebalanceOrCompleteJoin`: a new member has until the new-member join
    /// timeout to see its JoinGroup answered.
    fn add_member(&mut self, ctx: &mut Ctx, from: ConnectionId, req: JoinGroup, id: String) {
        if let State::PreparingRebalance(Joining { initial: true, .. }) = self.state {
            self.new_member_added = true;
        }
        let member = Member {
            id: id.clone(),
            instance_id: req.group_instance_id,
            session_timeout: req.session_timeout_ms,
            rebalance_timeout: req.rebalance_timeout_ms,
            protocols: req.protocols,
            assignment: None,
            awaiting_join: Some(from),
            awaiting_sync: None,
            is_new: true,
            heartbeat_deadline: Some(ctx.now + NEW_MEMBER_JOIN_TIMEOUT_MS),
        };
        self.add(ctx, member, &req.protocol_type);
        let reason = RebalanceReason::MemberAdded { member_id: id };
        self.maybe_prepare_rebalance_or_complete_join(ctx, reason);
    }

    /// A known `group.instance.id` joins with a new member id
    /// (`updateStaticMemberThenRebalanceOrCompleteJoin`): in a Stable group whose selected
    /// protocol stays the same there is no rebalance, the member gets the current generation
    /// and keeps its assignment. From JoinGroup v9 a returning leader gets the member list with
    /// `skip_assignment` (KIP-814); older versions, librdkafka's among them, are told the old
    /// member id leads, so the returning leader acts as a follower.
    fn rejoin_static_member(
        &mut self,
        ctx: &mut Ctx,
        from: ConnectionId,
        req: JoinGroup,
        old_id: &str,
        new_id: &str,
    ) {
        let previous_leader = self.leader.clone().unwrap_or_default();
        self.replace_static_member(ctx, old_id, new_id);
        let member = self
            .members
            .get_mut(new_id)
            .expect("the replacement was just inserted");
        member.heartbeat_deadline = Some(ctx.now + member.session_timeout);
        self.update_member(new_id, from, &req);
        match self.state {
            State::Stable(_) if self.protocol_name.as_deref() == Some(&self.select_protocol()) => {
                let mut response = self.join_response(new_id);
                if req.api_version >= SKIP_ASSIGNMENT_VERSION {
                    response.skip_assignment = self.is_leader(new_id);
                } else {
                    response.leader = previous_leader;
                    response.members.clear();
                }
                if let Some(member) = self.members.get_mut(new_id) {
                    member.awaiting_join = None;
                }
                ctx.respond(from, Response::JoinGroup(response));
            }
            State::Stable(_) => {
                let reason = RebalanceReason::StaticMemberChangedProtocol {
                    member_id: new_id.to_string(),
                };
                self.maybe_prepare_rebalance_or_complete_join(ctx, reason);
            }
            // The leader may be assigning to the old member id: start over.
            State::CompletingRebalance(_) => {
                let reason = RebalanceReason::StaticMemberReplacedDuringSync {
                    member_id: new_id.to_string(),
                };
                self.prepare_rebalance(ctx, reason);
            }
            State::PreparingRebalance(_) | State::Empty => self.maybe_complete_join_phase(ctx),
        }
    }

    /// `maybePrepareRebalanceOrCompleteJoin`.
    fn maybe_prepare_rebalance_or_complete_join(&mut self, ctx: &mut Ctx, reason: RebalanceReason) {
        if self.can_rebalance() {
            self.prepare_rebalance(ctx, reason);
        } else {
            self.maybe_complete_join_phase(ctx);
        }
    }

    /// Enters PreparingRebalance (`prepareRebalance`): parked SyncGroups are answered
    /// REBALANCE_IN_PROGRESS; a group coming from Empty waits `group.initial.rebalance.delay.ms`
    /// for more members, any other waits up to the rebalance timeout for every member to rejoin.
    fn prepare_rebalance(&mut self, ctx: &mut Ctx, reason: RebalanceReason) {
        if let State::CompletingRebalance(_) = self.state {
            for member in self.members.values_mut() {
                member.assignment = None;
            }
            self.propagate_assignment(ctx, Some(ErrorCode::RebalanceInProgress));
        }
        ctx.emit(Event::RebalanceStarted {
            group: self.id.clone(),
            generation: self.generation,
            reason,
        });
        let initial = matches!(self.state, State::Empty);
        let timer = if initial {
            let delay = ctx.config.initial_rebalance_delay_ms;
            JoinTimer::InitialDelay {
                at: ctx.now + delay,
                delay,
                remaining: self.rebalance_timeout().saturating_sub(delay),
            }
        } else {
            JoinTimer::RebalanceTimeout {
                at: ctx.now + self.rebalance_timeout(),
            }
        };
        self.transition(ctx, State::PreparingRebalance(Joining { initial, timer }));
        if !initial && self.has_all_members_joined() {
            self.complete_join(ctx);
        }
    }

    /// Ends the join phase early once everyone has rejoined, except the initial one, which
    /// only its delay ends (`maybeCompleteJoinPhase`).
    fn maybe_complete_join_phase(&mut self, ctx: &mut Ctx) {
        if let State::PreparingRebalance(Joining { initial: false, .. }) = self.state
            && self.has_all_members_joined()
        {
            self.complete_join(ctx);
        }
    }

    /// `completeClassicGroupJoin`: dynamic members that have not rejoined are dropped (static
    /// ones stay until their session times out); if nobody rejoined the phase is extended by
    /// another rebalance timeout; otherwise the next generation starts and every parked
    /// JoinGroup is answered, the leader's with the member list.
    fn complete_join(&mut self, ctx: &mut Ctx) {
        let not_rejoined: Vec<String> = self
            .members
            .values()
            .filter(|m| m.awaiting_join.is_none() && m.instance_id.is_none())
            .map(|m| m.id.clone())
            .collect();
        for id in &not_rejoined {
            self.remove(ctx, id, RemovalReason::NotRejoined);
        }
        if !self.maybe_elect_new_joined_leader() && !self.members.is_empty() {
            // Virtual time must move on even for a zero rebalance timeout.
            let at = ctx.now + self.rebalance_timeout().max(1);
            if let State::PreparingRebalance(joining) = &mut self.state {
                joining.timer = JoinTimer::RebalanceTimeout { at };
            }
            return;
        }
        self.init_next_generation(ctx);
        let ids: Vec<String> = self.members.keys().map(str::to_string).collect();
        ctx.emit(Event::GenerationCompleted {
            group: self.id.clone(),
            generation: self.generation,
            protocol: self.protocol_name.clone(),
            leader: self.leader.clone(),
            members: ids.clone(),
        });
        for id in ids {
            let response = self.join_response(&id);
            let member = self.members.get_mut(&id).expect("listed above");
            if let Some(to) = member.awaiting_join.take() {
                ctx.respond(to, Response::JoinGroup(response));
            }
            member.heartbeat_deadline = Some(ctx.now + member.session_timeout);
            member.is_new = false;
        }
    }

    /// Answers every parked SyncGroup with the member's assignment or the error, and restarts
    /// those members' session timers (`propagateAssignment`).
    fn propagate_assignment(&mut self, ctx: &mut Ctx, error: Option<ErrorCode>) {
        let (protocol_type, protocol_name) = match error {
            None => (self.protocol_type.clone(), self.protocol_name.clone()),
            Some(_) => (None, None),
        };
        for member in self.members.values_mut() {
            if let Some(to) = member.awaiting_sync.take() {
                let response = SyncGroupResponse {
                    error,
                    protocol_type: protocol_type.clone(),
                    protocol_name: protocol_name.clone(),
                    assignment: partitions_of(member),
                };
                ctx.respond(to, Response::SyncGroup(response));
                member.heartbeat_deadline = Some(ctx.now + member.session_timeout);
            }
        }
    }

    /// SyncGroup (`classicGroupSyncToClassicGroup`): followers are parked until the leader's
    /// assignment arrives; the leader's is stored, handed out (members it left out get none)
    /// and the group becomes Stable. In Stable a SyncGroup returns the member's assignment.
    pub(super) fn sync(&mut self, ctx: &mut Ctx, from: ConnectionId, req: SyncGroup) {
        let reject = |ctx: &mut Ctx, error| {
            ctx.respond(from, Response::SyncGroup(SyncGroupResponse::error(error)));
        };
        if let Err(error) = self.validate_sync(&req) {
            return reject(ctx, error);
        }
        match &mut self.state {
            State::Empty => reject(ctx, ErrorCode::UnknownMemberId),
            State::PreparingRebalance(_) => reject(ctx, ErrorCode::RebalanceInProgress),
            State::CompletingRebalance(pending) => {
                pending.members.remove(&req.member_id);
                let pending = pending.clone();
                if let Some(member) = self.members.get_mut(&req.member_id) {
                    member.awaiting_sync = Some(from);
                }
                if self.is_leader(&req.member_id) {
                    self.store_assignment(ctx, req.assignments);
                    let still_pending = (!pending.members.is_empty()).then_some(pending);
                    self.transition(ctx, State::Stable(still_pending));
                }
            }
            State::Stable(pending) => {
                if let Some(waiting) = pending {
                    waiting.members.remove(&req.member_id);
                    if waiting.members.is_empty() {
                        *pending = None;
                    }
                }
                let member = self.members.get(&req.member_id).expect("validated");
                let response = SyncGroupResponse {
                    error: None,
                    protocol_type: self.protocol_type.clone(),
                    protocol_name: self.protocol_name.clone(),
                    assignment: partitions_of(member),
                };
                ctx.respond(from, Response::SyncGroup(response));
            }
        }
    }

    /// `validateSyncGroup`: the member, its generation, and the protocol if the client names it.
    fn validate_sync(&self, req: &SyncGroup) -> Result<(), ErrorCode> {
        if matches!(self.state, State::Empty) {
            return Err(ErrorCode::UnknownMemberId);
        }
        self.validate_member(&req.member_id, req.group_instance_id.as_deref())?;
        let inconsistent = |asked: &Option<String>, current: &Option<String>| matches!((asked, current), (Some(a), Some(c)) if a != c);
        if req.generation != self.generation {
            Err(ErrorCode::IllegalGeneration)
        } else if inconsistent(&req.protocol_type, &self.protocol_type)
            || inconsistent(&req.protocol_name, &self.protocol_name)
        {
            Err(ErrorCode::InconsistentGroupProtocol)
        } else {
            Ok(())
        }
    }

    /// `setAndPropagateAssignment`: the leader's assignment, a later entry for the same member
    /// replacing an earlier one as the broker's map does.
    fn store_assignment(&mut self, ctx: &mut Ctx, assignments: Vec<MemberAssignment>) {
        let mut by_member: VecMap<String, Vec<TopicPartition>> = VecMap::new();
        for assignment in assignments {
            by_member.insert(assignment.member_id, assignment.partitions);
        }
        let generation = self.generation;
        let mut stored = Vec::new();
        for member in self.members.values_mut() {
            let partitions = by_member.remove(&member.id).unwrap_or_default();
            stored.push(MemberAssignment {
                member_id: member.id.clone(),
                partitions: partitions.clone(),
            });
            member.assignment = Some(Assignment {
                generation,
                partitions,
            });
        }
        ctx.emit(Event::AssignmentsStored {
            group: self.id.clone(),
            generation,
            assignments: stored,
        });
        self.propagate_assignment(ctx, None);
    }

    /// Heartbeat (`classicGroupHeartbeatToClassicGroup`): restarts the session timer; during
    /// PreparingRebalance the answer is REBALANCE_IN_PROGRESS, which is how members learn that
    /// they must rejoin.
    pub(super) fn heartbeat(&mut self, ctx: &mut Ctx, from: ConnectionId, req: &Heartbeat) {
        let error = match self.validate_member(&req.member_id, req.group_instance_id.as_deref()) {
            Err(error) => Some(error),
            Ok(()) if req.generation != self.generation => Some(ErrorCode::IllegalGeneration),
            Ok(()) => match self.state {
                State::Empty => Some(ErrorCode::UnknownMemberId),
                State::PreparingRebalance(_) => {
                    self.restart_session_timer(ctx, &req.member_id);
                    Some(ErrorCode::RebalanceInProgress)
                }
                State::CompletingRebalance(_) | State::Stable(_) => {
                    self.restart_session_timer(ctx, &req.member_id);
                    None
                }
            },
        };
        ctx.respond(from, Response::Heartbeat(HeartbeatResponse { error }));
    }

    /// `rescheduleClassicGroupMemberHeartbeat`.
    pub(super) fn restart_session_timer(&mut self, ctx: &Ctx, member_id: &str) {
        if let Some(member) = self.members.get_mut(member_id) {
            member.heartbeat_deadline = Some(ctx.now + member.session_timeout);
        }
    }

    /// LeaveGroup (`classicGroupLeaveToClassicGroup`): members named by member id, by instance
    /// id alone, or still pending; any departure rebalances a Stable or CompletingRebalance
    /// group and may end a join phase.
    pub(super) fn leave(&mut self, ctx: &mut Ctx, from: ConnectionId, req: LeaveGroup) {
        let mut results = Vec::new();
        let mut left = Vec::new();
        for identity in req.members {
            // Ok(Some(id)): a member to remove; Ok(None): a pending member id, already dropped.
            let outcome = if identity.member_id == UNKNOWN_MEMBER_ID {
                identity
                    .group_instance_id
                    .as_ref()
                    .and_then(|instance| self.static_members.get(instance).cloned())
                    .map(Some)
                    .ok_or(ErrorCode::UnknownMemberId)
            } else if self.pending_members.remove(&identity.member_id).is_some() {
                Ok(None)
            } else {
                self.validate_member(&identity.member_id, identity.group_instance_id.as_deref())
                    .map(|()| Some(identity.member_id.clone()))
            };
            let error = match outcome {
                Ok(member) => {
                    if let Some(id) = &member {
                        self.remove_leaving_member(ctx, id);
                    }
                    left.push(member.unwrap_or_else(|| identity.member_id.clone()));
                    None
                }
                Err(error) => Some(error),
            };
            results.push(LeftMember {
                member_id: identity.member_id,
                group_instance_id: identity.group_instance_id,
                error,
            });
        }
        if !left.is_empty() {
            match self.state {
                State::Stable(_) | State::CompletingRebalance(_) => {
                    let reason = RebalanceReason::MembersLeft { member_ids: left };
                    self.maybe_prepare_rebalance_or_complete_join(ctx, reason);
                }
                State::PreparingRebalance(_) => self.maybe_complete_join_phase(ctx),
                State::Empty => {}
            }
        }
        let response = LeaveGroupResponse {
            error: None,
            members: results,
        };
        ctx.respond(from, Response::LeaveGroup(response));
    }

    /// `removeCurrentMemberFromClassicGroup`: a parked JoinGroup is answered UNKNOWN_MEMBER_ID.
    fn remove_leaving_member(&mut self, ctx: &mut Ctx, member_id: &str) {
        if let Some(to) = self
            .members
            .get_mut(member_id)
            .and_then(|m| m.awaiting_join.take())
        {
            let response = JoinGroupResponse::error(UNKNOWN_MEMBER_ID, ErrorCode::UnknownMemberId);
            ctx.respond(to, Response::JoinGroup(response));
        }
        self.remove(ctx, member_id, RemovalReason::Left);
    }

    /// Every member owes a heartbeat one session from `now` (a new coordinator loaded it).
    pub(super) fn reschedule_heartbeats(&mut self, now: Millis) {
        for member in self.members.values_mut() {
            member.heartbeat_deadline = Some(now + member.session_timeout);
        }
    }

    /// The group's earliest timer.
    pub(super) fn next_timer(&self) -> Option<(Millis, GroupTimer)> {
        let pending = self
            .pending_members
            .iter()
            .map(|(id, &at)| (at, GroupTimer::Heartbeat(id.clone())));
        let members = self.members.values().filter_map(|m| {
            m.heartbeat_deadline
                .map(|at| (at, GroupTimer::Heartbeat(m.id.clone())))
        });
        let phase = match &self.state {
            State::PreparingRebalance(joining) => Some((joining.timer.at(), GroupTimer::Join)),
            State::CompletingRebalance(pending) | State::Stable(Some(pending)) => {
                Some((pending.deadline, GroupTimer::Sync))
            }
            State::Empty | State::Stable(None) => None,
        };
        pending.chain(members).chain(phase).min()
    }

    /// Runs a timer that is due.
    pub(super) fn fire(&mut self, ctx: &mut Ctx, timer: GroupTimer) {
        match timer {
            GroupTimer::Heartbeat(member_id) => self.expire_heartbeat(ctx, &member_id),
            GroupTimer::Join => self.expire_join(ctx),
            GroupTimer::Sync => self.expire_sync(ctx),
        }
    }

    /// `expireClassicGroupMemberHeartbeat`: a pending member id lapses; a member that owes a
    /// heartbeat is removed (its parked JoinGroup answered UNKNOWN_MEMBER_ID) and the group
    /// rebalances, or finishes a join phase that was only waiting for it.
    fn expire_heartbeat(&mut self, ctx: &mut Ctx, member_id: &str) {
        if self.pending_members.remove(member_id).is_some() {
            if let State::PreparingRebalance(_) = self.state
                && self.has_all_members_joined()
            {
                self.complete_join(ctx);
            }
            return;
        }
        let Some(member) = self.members.get_mut(member_id) else {
            return;
        };
        member.heartbeat_deadline = None;
        if member.has_satisfied_heartbeat() {
            return;
        }
        if let Some(to) = member.awaiting_join.take() {
            let response = JoinGroupResponse::error(UNKNOWN_MEMBER_ID, ErrorCode::UnknownMemberId);
            ctx.respond(to, Response::JoinGroup(response));
        }
        self.remove(ctx, member_id, RemovalReason::SessionTimeout);
        match self.state {
            State::Stable(_) | State::CompletingRebalance(_) => {
                let reason = RebalanceReason::SessionTimeout {
                    member_id: member_id.to_string(),
                };
                self.maybe_prepare_rebalance_or_complete_join(ctx, reason);
            }
            State::PreparingRebalance(_) if self.has_all_members_joined() => {
                self.complete_join(ctx);
            }
            State::PreparingRebalance(_) | State::Empty => {}
        }
    }

    /// The join phase's timer (`tryCompleteInitialRebalanceElseSchedule`,
    /// `completeClassicGroupJoin`): the initial delay is extended by up to another delay while
    /// new members keep arriving and rebalance time remains.
    fn expire_join(&mut self, ctx: &mut Ctx) {
        let State::PreparingRebalance(joining) = &mut self.state else {
            return;
        };
        match joining.timer {
            JoinTimer::InitialDelay {
                delay, remaining, ..
            } if self.new_member_added && remaining != 0 => {
                self.new_member_added = false;
                let next = ctx.config.initial_rebalance_delay_ms.min(remaining);
                joining.timer = JoinTimer::InitialDelay {
                    at: ctx.now + next,
                    delay: next,
                    remaining: remaining.saturating_sub(delay),
                };
            }
            _ => self.complete_join(ctx),
        }
    }

    /// `expirePendingSync`: members that never sent SyncGroup are removed and the group
    /// rebalances.
    fn expire_sync(&mut self, ctx: &mut Ctx) {
        let (State::CompletingRebalance(pending) | State::Stable(Some(pending))) = &self.state
        else {
            return;
        };
        let late: Vec<String> = pending.members.iter().cloned().collect();
        if late.is_empty() {
            // Everybody synced after all (`hasReceivedSyncFromAllMembers`): nothing to do.
            self.state = State::Stable(None);
            return;
        }
        for id in &late {
            self.remove(ctx, id, RemovalReason::NotSynced);
        }
        self.prepare_rebalance(ctx, RebalanceReason::SyncExpired { member_ids: late });
    }
}

fn partitions_of(member: &Member) -> Vec<TopicPartition> {
    member
        .assignment
        .as_ref()
        .map(|a| a.partitions.clone())
        .unwrap_or_default()
}
