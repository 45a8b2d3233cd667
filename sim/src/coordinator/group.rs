//! One classic group's data and the bookkeeping rules of apache/kafka `ClassicGroup.java`:
//! membership, the leader, protocol selection and generations. The request handlers that drive
//! it are in `membership.rs` and `offsets.rs`.

use super::java_order_map::JavaOrderMap;
use super::{Ctx, Millis};
use crate::TopicPartition;
use crate::collect::{VecMap, VecSet};
use crate::rng::SimRng;
use crate::trace::group::{Event, GroupState, RemovalReason};
use crate::wire::group::{
    ConnectionId, ErrorCode, JoinGroupResponse, JoinedMember, Protocol, Response, Subscription,
    SyncGroupResponse,
};

/// The protocol type of consumers (apache/kafka `ConsumerProtocol.PROTOCOL_TYPE`).
pub const CONSUMER_PROTOCOL_TYPE: &str = "consumer";

/// A classic group as its coordinator holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub(super) id: String,
    pub(super) state: State,
    /// When the group entered its state (`currentStateTimestamp`): an Empty group's offsets
    /// expire counting from it.
    pub(super) state_since: Millis,
    pub(super) generation: i32,
    /// Set by the first member ever added, kept when the group empties (`ClassicGroup.add`);
    /// `None` for a group that only stores offsets (a "simple" group).
    pub(super) protocol_type: Option<String>,
    pub(super) protocol_name: Option<String>,
    pub(super) leader: Option<String>,
    pub(super) members: JavaOrderMap<Member>,
    /// `group.instance.id` to the member id that currently holds it.
    pub(super) static_members: VecMap<String, String>,
    /// Member ids handed out with MEMBER_ID_REQUIRED (KIP-394), to the deadline by which they
    /// must join with it (their session timeout).
    pub(super) pending_members: VecMap<String, Millis>,
    /// A member joined during the initial delay, which extends it (`newMemberAdded`).
    pub(super) new_member_added: bool,
    /// The topics the members subscribe to, known for consumer groups once a generation forms.
    pub(super) subscribed_topics: Option<VecSet<String>>,
    pub(super) offsets: VecMap<TopicPartition, CommittedOffset>,
}

/// The state with the data that only exists in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum State {
    Empty,
    PreparingRebalance(Joining),
    CompletingRebalance(PendingSync),
    /// Followers may still owe their SyncGroup after the leader's moved the group to Stable.
    Stable(Option<PendingSync>),
}

/// The join phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Joining {
    /// The group came from Empty: only the delay timer ends this join phase
    /// (`maybeCompleteJoinPhase` checks `previousState == EMPTY`).
    pub(super) initial: bool,
    pub(super) timer: JoinTimer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JoinTimer {
    /// `group.initial.rebalance.delay.ms`, extended while members keep arriving, up to the
    /// rebalance timeout (`tryCompleteInitialRebalanceElseSchedule`).
    InitialDelay {
        at: Millis,
        delay: Millis,
        remaining: Millis,
    },
    /// The rebalance timeout: members that have not rejoined by then are dropped.
    RebalanceTimeout { at: Millis },
}

impl JoinTimer {
    pub(super) fn at(self) -> Millis {
        match self {
            Self::InitialDelay { at, .. } | Self::RebalanceTimeout { at } => at,
        }
    }
}

/// Members whose SyncGroup has not arrived yet, and when they will be removed for it
/// (`pendingSyncMembers`, `schedulePendingSync`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PendingSync {
    pub(super) members: VecSet<String>,
    pub(super) deadline: Millis,
}

/// One member (apache/kafka `ClassicGroupMember`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub(super) id: String,
    pub(super) instance_id: Option<String>,
    pub(super) session_timeout: Millis,
    pub(super) rebalance_timeout: Millis,
    pub(super) protocols: Vec<Protocol>,
    pub(super) assignment: Option<Assignment>,
    /// The connection of a parked JoinGroup (`awaitingJoinFuture`).
    pub(super) awaiting_join: Option<ConnectionId>,
    /// The connection of a parked SyncGroup (`awaitingSyncFuture`).
    pub(super) awaiting_sync: Option<ConnectionId>,
    /// Added in the join phase under way; may expire while its JoinGroup is parked.
    pub(super) is_new: bool,
    /// When the member is checked for liveness next; `None` once that check has passed.
    pub(super) heartbeat_deadline: Option<Millis>,
}

/// The partitions a member was given, tagged with the generation that gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub generation: i32,
    pub partitions: Vec<TopicPartition>,
}

/// A committed offset as `__consumer_offsets` keeps it (`OffsetAndMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommittedOffset {
    pub offset: i64,
    pub metadata: String,
    pub commit_time: Millis,
}

impl Member {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn group_instance_id(&self) -> Option<&str> {
        self.instance_id.as_deref()
    }

    /// The protocols the member offered in its last JoinGroup, in preference order.
    pub fn protocols(&self) -> &[Protocol] {
        &self.protocols
    }

    /// `None` before the member's first assignment and after a rebalance reset it.
    pub fn assignment(&self) -> Option<&Assignment> {
        self.assignment.as_ref()
    }

    /// Members parked in JoinGroup or SyncGroup need no heartbeat, except new ones
    /// (`ClassicGroupMember.hasSatisfiedHeartbeat`).
    pub(super) fn has_satisfied_heartbeat(&self) -> bool {
        !self.is_new && (self.awaiting_join.is_some() || self.awaiting_sync.is_some())
    }

    fn metadata(&self, protocol: &str) -> Subscription {
        self.protocols
            .iter()
            .find(|p| p.name == protocol)
            .map(|p| p.metadata.clone())
            .unwrap_or_default()
    }

    /// The member's most preferred protocol among the candidates (`ClassicGroupMember.vote`).
    fn vote<'a>(&'a self, candidates: &VecSet<&str>) -> Option<&'a str> {
        self.protocols
            .iter()
            .map(|p| p.name.as_str())
            .find(|name| candidates.contains(name))
    }
}

impl Group {
    pub(super) fn new(id: &str, now: Millis) -> Self {
        Self {
            id: id.to_string(),
            state: State::Empty,
            state_since: now,
            generation: 0,
            protocol_type: None,
            protocol_name: None,
            leader: None,
            members: JavaOrderMap::default(),
            static_members: VecMap::new(),
            pending_members: VecMap::new(),
            new_member_added: false,
            subscribed_topics: None,
            offsets: VecMap::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn state(&self) -> GroupState {
        match self.state {
            State::Empty => GroupState::Empty,
            State::PreparingRebalance(_) => GroupState::PreparingRebalance,
            State::CompletingRebalance(_) => GroupState::CompletingRebalance,
            State::Stable(_) => GroupState::Stable,
        }
    }

    pub fn generation(&self) -> i32 {
        self.generation
    }

    pub fn protocol_name(&self) -> Option<&str> {
        self.protocol_name.as_deref()
    }

    pub fn leader(&self) -> Option<&str> {
        self.leader.as_deref()
    }

    /// Members in the broker's iteration order.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    pub fn member(&self, member_id: &str) -> Option<&Member> {
        self.members.get(member_id)
    }

    pub fn committed(&self, partition: &TopicPartition) -> Option<&CommittedOffset> {
        self.offsets.get(partition)
    }

    pub(super) fn is_leader(&self, member_id: &str) -> bool {
        self.leader.as_deref() == Some(member_id)
    }

    /// Moves to `next`, stamping the time (`ClassicGroup.transitionTo`).
    pub(super) fn transition(&mut self, ctx: &mut Ctx, next: State) {
        let from = self.state();
        self.state = next;
        self.state_since = ctx.now;
        ctx.emit(Event::StateChanged {
            group: self.id.clone(),
            from,
            to: self.state(),
        });
    }

    /// PreparingRebalance may be entered from Empty, CompletingRebalance and Stable
    /// (`ClassicGroup.canRebalance`).
    pub(super) fn can_rebalance(&self) -> bool {
        !matches!(self.state, State::PreparingRebalance(_))
    }

    /// `<client.id or group.instance.id>-<random UUID>` (`ClassicGroup.generateMemberId`), the
    /// UUID drawn from the coordinator's seeded stream.
    pub(super) fn generate_member_id(
        rng: &mut SimRng,
        client_id: &str,
        instance_id: Option<&str>,
    ) -> String {
        let (high, low) = (rng.next_u64(), rng.next_u64());
        // Version 4 and the IETF variant, as `UUID.randomUUID` sets them.
        let high = (high & !0xf000) | 0x4000;
        let low = (low & (u64::MAX >> 2)) | (1 << 63);
        format!(
            "{}-{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            instance_id.unwrap_or(client_id),
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xffff,
            low >> 48,
            low & 0xffff_ffff_ffff
        )
    }

    /// Adds a member; the first one fixes the protocol type and the first one without a
    /// leader becomes it (`ClassicGroup.add`).
    pub(super) fn add(&mut self, ctx: &mut Ctx, member: Member, protocol_type: &str) {
        if self.members.is_empty() {
            self.protocol_type = Some(protocol_type.to_string());
        }
        if self.leader.is_none() {
            self.leader = Some(member.id.clone());
        }
        if let Some(instance) = &member.instance_id {
            self.static_members
                .insert(instance.clone(), member.id.clone());
        }
        self.pending_members.remove(&member.id);
        ctx.emit(Event::MemberJoined {
            group: self.id.clone(),
            member_id: member.id.clone(),
            group_instance_id: member.instance_id.clone(),
        });
        self.members.insert(member.id.clone(), member);
    }

    /// Removes a member; when it led, the first remaining member in the broker's iteration
    /// order leads (`ClassicGroup.remove`).
    pub(super) fn remove(&mut self, ctx: &mut Ctx, member_id: &str, reason: RemovalReason) {
        if let Some(member) = self.members.remove(member_id) {
            if let Some(instance) = &member.instance_id {
                self.static_members.remove(instance);
            }
            ctx.emit(Event::MemberRemoved {
                group: self.id.clone(),
                member_id: member_id.to_string(),
                reason,
            });
        }
        if self.is_leader(member_id) {
            self.leader = self.members.keys().next().map(str::to_string);
        }
        self.pending_members.remove(member_id);
        if let State::CompletingRebalance(pending) | State::Stable(Some(pending)) = &mut self.state
        {
            pending.members.remove(member_id);
        }
    }

    /// Every member has a JoinGroup parked and no KIP-394 member id is outstanding
    /// (`ClassicGroup.hasAllMembersJoined`).
    pub(super) fn has_all_members_joined(&self) -> bool {
        self.pending_members.is_empty() && self.members.values().all(|m| m.awaiting_join.is_some())
    }

    /// The largest rebalance timeout of the members (`ClassicGroup.rebalanceTimeoutMs`).
    pub(super) fn rebalance_timeout(&self) -> Millis {
        self.members
            .values()
            .map(|m| m.rebalance_timeout)
            .max()
            .unwrap_or(0)
    }

    /// Keeps the leader if it rejoined, else picks the first rejoined member; false when nobody
    /// rejoined (`ClassicGroup.maybeElectNewJoinedLeader`).
    pub(super) fn maybe_elect_new_joined_leader(&mut self) -> bool {
        let Some(leader) = &self.leader else {
            return false;
        };
        if self
            .members
            .get(leader)
            .is_some_and(|m| m.awaiting_join.is_some())
        {
            return true;
        }
        let joined = self
            .members
            .values()
            .find(|m| m.awaiting_join.is_some())
            .map(|m| m.id.clone());
        let elected = joined.is_some();
        if elected {
            self.leader = joined;
        }
        elected
    }

    /// A returning static member takes the old member's place, assignment and leadership under
    /// a new member id; whatever the old one had parked is answered FENCED_INSTANCE_ID
    /// (`ClassicGroup.replaceStaticMember`).
    pub(super) fn replace_static_member(&mut self, ctx: &mut Ctx, old_id: &str, new_id: &str) {
        let Some(old) = self.members.remove(old_id) else {
            return;
        };
        ctx.emit(Event::MemberRemoved {
            group: self.id.clone(),
            member_id: old_id.to_string(),
            reason: RemovalReason::Fenced,
        });
        if let Some(to) = old.awaiting_join {
            ctx.respond(
                to,
                Response::JoinGroup(JoinGroupResponse::error(
                    old_id,
                    ErrorCode::FencedInstanceId,
                )),
            );
        }
        if let Some(to) = old.awaiting_sync {
            ctx.respond(
                to,
                Response::SyncGroup(SyncGroupResponse::error(ErrorCode::FencedInstanceId)),
            );
        }
        let replacement = Member {
            id: new_id.to_string(),
            awaiting_join: None,
            awaiting_sync: None,
            is_new: false,
            ..old
        };
        if let Some(instance) = &replacement.instance_id {
            self.static_members
                .insert(instance.clone(), new_id.to_string());
        }
        ctx.emit(Event::MemberJoined {
            group: self.id.clone(),
            member_id: new_id.to_string(),
            group_instance_id: replacement.instance_id.clone(),
        });
        self.members.insert(new_id.to_string(), replacement);
        if self.is_leader(old_id) {
            self.leader = Some(new_id.to_string());
        }
    }

    /// A request naming `instance_id` must come from the member id that holds it
    /// (FENCED_INSTANCE_ID otherwise), and the member must exist (`ClassicGroup.validateMember`).
    pub(super) fn validate_member(
        &self,
        member_id: &str,
        instance_id: Option<&str>,
    ) -> Result<(), ErrorCode> {
        if let Some(instance) = instance_id {
            match self.static_members.get(instance) {
                None => return Err(ErrorCode::UnknownMemberId),
                Some(holder) if holder != member_id => return Err(ErrorCode::FencedInstanceId),
                Some(_) => {}
            }
        }
        if self.members.contains_key(member_id) {
            Ok(())
        } else {
            Err(ErrorCode::UnknownMemberId)
        }
    }

    /// An Empty group takes any non-empty protocol list; otherwise the type must match and one
    /// of the protocols must be supported by every member (`ClassicGroup.supportsProtocols`).
    pub(super) fn supports_protocols(&self, protocol_type: &str, protocols: &[Protocol]) -> bool {
        if matches!(self.state, State::Empty) {
            return !protocol_type.is_empty() && !protocols.is_empty();
        }
        self.protocol_type.as_deref() == Some(protocol_type)
            && protocols
                .iter()
                .any(|p| self.supporters(&p.name) == self.members.len())
    }

    fn supporters(&self, protocol: &str) -> usize {
        self.members
            .values()
            .filter(|m| m.protocols.iter().any(|p| p.name == protocol))
            .count()
    }

    /// Each member votes for its most preferred protocol among those all members support; the
    /// most votes win, a tie going to the first in the vote map's iteration order
    /// (`ClassicGroup.selectProtocol`, `Stream.max` keeps the first maximum).
    pub(super) fn select_protocol(&self) -> String {
        let candidates: VecSet<&str> = self
            .members
            .values()
            .flat_map(|m| m.protocols.iter().map(|p| p.name.as_str()))
            .filter(|name| self.supporters(name) == self.members.len())
            .collect();
        let mut votes: JavaOrderMap<usize> = JavaOrderMap::default();
        for member in self.members.values() {
            let choice = member
                .vote(&candidates)
                .expect("a member only joins with a protocol that every member supports");
            let count = votes.get(choice).copied().unwrap_or(0);
            votes.insert(choice.to_string(), count + 1);
        }
        let mut winner: Option<(&str, usize)> = None;
        for (name, &count) in votes.iter() {
            if winner.is_none_or(|(_, best)| count > best) {
                winner = Some((name, count));
            }
        }
        winner
            .map(|(name, _)| name.to_string())
            .expect("a non-empty group has a vote")
    }

    /// The union of the members' subscriptions under the selected protocol, for consumer groups
    /// (`ClassicGroup.computeSubscribedTopics`).
    fn compute_subscribed_topics(&self) -> Option<VecSet<String>> {
        if self.protocol_type.as_deref() != Some(CONSUMER_PROTOCOL_TYPE) {
            return None;
        }
        if self.members.is_empty() {
            return Some(VecSet::new());
        }
        let protocol = self.protocol_name.as_deref()?;
        Some(
            self.members
                .values()
                .flat_map(|m| m.metadata(protocol).topics)
                .collect(),
        )
    }

    /// Starts the next generation: with members it selects the protocol and waits for their
    /// SyncGroup for up to the rebalance timeout; without, the group is Empty
    /// (`ClassicGroup.initNextGeneration`, `schedulePendingSync`).
    pub(super) fn init_next_generation(&mut self, ctx: &mut Ctx) {
        self.generation += 1;
        let next = if self.members.is_empty() {
            self.protocol_name = None;
            State::Empty
        } else {
            self.protocol_name = Some(self.select_protocol());
            State::CompletingRebalance(PendingSync {
                members: self.members.keys().map(str::to_string).collect(),
                deadline: ctx.now + self.rebalance_timeout(),
            })
        };
        self.subscribed_topics = self.compute_subscribed_topics();
        self.transition(ctx, next);
    }

    /// The members with their metadata for the selected protocol, as the leader receives them
    /// (`ClassicGroup.currentClassicGroupMembers`).
    pub(super) fn current_members(&self) -> Vec<JoinedMember> {
        let protocol = self.protocol_name.as_deref().unwrap_or_default();
        self.members
            .values()
            .map(|m| JoinedMember {
                member_id: m.id.clone(),
                group_instance_id: m.instance_id.clone(),
                metadata: m.metadata(protocol),
            })
            .collect()
    }

    /// The answer to a member's JoinGroup in the current generation; the member list goes to
    /// the leader only.
    pub(super) fn join_response(&self, member_id: &str) -> JoinGroupResponse {
        JoinGroupResponse {
            error: None,
            generation: self.generation,
            protocol_type: self.protocol_type.clone(),
            protocol_name: self.protocol_name.clone(),
            leader: self.leader.clone().unwrap_or_default(),
            skip_assignment: false,
            member_id: member_id.to_string(),
            members: if self.is_leader(member_id) {
                self.current_members()
            } else {
                Vec::new()
            },
        }
    }
}

/// A member as a test builds it: no timers, nothing parked.
#[cfg(test)]
pub(super) fn test_member(id: &str, instance: Option<&str>, protocols: &[&str]) -> Member {
    Member {
        id: id.into(),
        instance_id: instance.map(str::to_string),
        session_timeout: 45_000,
        rebalance_timeout: 300_000,
        protocols: protocols
            .iter()
            .map(|name| Protocol {
                name: name.to_string(),
                metadata: Subscription::default(),
            })
            .collect(),
        assignment: None,
        awaiting_join: None,
        awaiting_sync: None,
        is_new: false,
        heartbeat_deadline: None,
    }
}

/// A Stable group holding `members`, added in order.
#[cfg(test)]
pub(super) fn test_group(members: Vec<Member>) -> Group {
    let mut group = Group::new("g", 0);
    super::with_ctx(|ctx| {
        for m in members {
            group.add(ctx, m, CONSUMER_PROTOCOL_TYPE);
        }
    });
    group.state = State::Stable(None);
    group
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coordinator::with_ctx;

    #[test]
    fn member_ids_are_prefixed_version_4_uuids_drawn_from_the_seed() {
        let mut rng = SimRng::stream(7, "coordinator");
        let dynamic = Group::generate_member_id(&mut rng, "rdkafka", None);
        let fixed = Group::generate_member_id(&mut rng, "rdkafka", Some("con1"));
        let uuid = dynamic.strip_prefix("rdkafka-").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "4");
        assert!("89ab".contains(&uuid[19..20]), "{uuid}");
        assert!(fixed.starts_with("con1-"));
        let mut again = SimRng::stream(7, "coordinator");
        assert_eq!(
            Group::generate_member_id(&mut again, "rdkafka", None),
            dynamic
        );
    }

    #[test]
    fn the_most_preferred_common_protocol_of_each_member_is_its_vote() {
        let group = test_group(vec![
            test_member("a", None, &["roundrobin", "range"]),
            test_member("b", None, &["sticky", "roundrobin", "range"]),
            test_member("c", None, &["range", "roundrobin"]),
        ]);
        assert_eq!(group.select_protocol(), "roundrobin");
        let tied = test_group(vec![
            test_member("a", None, &["roundrobin", "range"]),
            test_member("b", None, &["range", "roundrobin"]),
        ]);
        assert_eq!(tied.select_protocol(), "range");
    }

    #[test]
    fn a_removed_leader_is_replaced_by_the_first_member_in_java_order() {
        let ids: Vec<String> = (0..6).map(|i| format!("consumer-{i}")).collect();
        let mut group = test_group(
            ids.iter()
                .map(|id| test_member(id, None, &["range"]))
                .collect(),
        );
        assert_eq!(group.leader(), Some("consumer-0"));
        with_ctx(|ctx| group.remove(ctx, "consumer-0", RemovalReason::Left));
        // java.util.HashMap iterates these keys from consumer-5 down to consumer-0.
        assert_eq!(group.leader(), Some("consumer-5"));
    }

    #[test]
    fn the_leader_is_kept_if_it_rejoined_else_the_first_rejoined_member_leads() {
        let mut group = test_group(vec![
            test_member("consumer-0", None, &["range"]),
            test_member("consumer-1", None, &["range"]),
            test_member("consumer-2", None, &["range"]),
        ]);
        assert!(!group.maybe_elect_new_joined_leader(), "nobody rejoined");
        for id in ["consumer-0", "consumer-2"] {
            group.members.get_mut(id).unwrap().awaiting_join = Some(ConnectionId(0));
        }
        group.leader = Some("consumer-1".into());
        assert!(group.maybe_elect_new_joined_leader());
        assert_eq!(group.leader(), Some("consumer-2"), "first in java order");
        assert!(group.maybe_elect_new_joined_leader());
        assert_eq!(group.leader(), Some("consumer-2"));
    }

    #[test]
    fn a_static_instance_answers_only_to_the_member_id_holding_it() {
        let group = test_group(vec![
            test_member("con1-x", Some("con1"), &["range"]),
            test_member("dyn", None, &["range"]),
        ]);
        assert_eq!(group.validate_member("con1-x", Some("con1")), Ok(()));
        assert_eq!(
            group.validate_member("con1-old", Some("con1")),
            Err(ErrorCode::FencedInstanceId)
        );
        assert_eq!(
            group.validate_member("dyn", Some("con9")),
            Err(ErrorCode::UnknownMemberId)
        );
        assert_eq!(group.validate_member("dyn", None), Ok(()));
        assert_eq!(
            group.validate_member("gone", None),
            Err(ErrorCode::UnknownMemberId)
        );
    }

    #[test]
    fn a_joining_member_needs_a_protocol_all_current_members_support() {
        let group = test_group(vec![test_member("a", None, &["range", "roundrobin"])]);
        let offer = |names: &[&str]| test_member("x", None, names).protocols;
        assert!(group.supports_protocols("consumer", &offer(&["roundrobin"])));
        assert!(!group.supports_protocols("consumer", &offer(&["cooperative-sticky"])));
        assert!(!group.supports_protocols("connect", &offer(&["range"])));
        let empty = Group::new("g", 0);
        assert!(empty.supports_protocols("consumer", &offer(&["anything"])));
        assert!(!empty.supports_protocols("consumer", &[]));
        assert!(!empty.supports_protocols("", &offer(&["range"])));
    }
}
