//! What the group coordinator did, for the trace: past-tense events beside its responses.

use crate::TopicPartition;
use crate::wire::group::MemberAssignment;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The states of a classic group (apache/kafka `ClassicGroupState`), printed as the broker
/// prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl fmt::Display for GroupState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Empty => "Empty",
            Self::PreparingRebalance => "PreparingRebalance",
            Self::CompletingRebalance => "CompletingRebalance",
            Self::Stable => "Stable",
            Self::Dead => "Dead",
        };
        f.write_str(name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    MemberJoined {
        group: String,
        member_id: String,
        group_instance_id: Option<String>,
    },
    MemberRemoved {
        group: String,
        member_id: String,
        reason: RemovalReason,
    },
    RebalanceStarted {
        group: String,
        /// The generation being left behind.
        generation: i32,
        reason: RebalanceReason,
    },
    /// The join phase ended: the generation was bumped and the join responses sent (or the
    /// group became Empty when nobody was left).
    GenerationCompleted {
        group: String,
        generation: i32,
        protocol: Option<String>,
        leader: Option<String>,
        members: Vec<String>,
    },
    /// The leader's SyncGroup was stored and handed out; the group is Stable.
    AssignmentsStored {
        group: String,
        generation: i32,
        assignments: Vec<MemberAssignment>,
    },
    StateChanged {
        group: String,
        from: GroupState,
        to: GroupState,
    },
    OffsetsCommitted {
        group: String,
        member_id: String,
        generation: i32,
        offsets: Vec<(TopicPartition, i64)>,
    },
    OffsetsExpired {
        group: String,
        partitions: Vec<TopicPartition>,
    },
}

/// Why a member left the group (apache/kafka `GroupMetadataManager`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemovalReason {
    /// No heartbeat within `session.timeout.ms` (`expireClassicGroupMemberHeartbeat`), or a new
    /// member's JoinGroup parked for longer than the 5-minute new-member timeout.
    SessionTimeout,
    /// An explicit LeaveGroup (`classicGroupLeaveToClassicGroup`).
    Left,
    /// Replaced by a new member id joining with the same `group.instance.id` (KIP-345,
    /// `ClassicGroup.replaceStaticMember`); the old instance is fenced.
    Fenced,
    /// A dynamic member that did not rejoin within the rebalance timeout
    /// (`completeClassicGroupJoin`).
    NotRejoined,
    /// A member that did not send SyncGroup within the rebalance timeout (`expirePendingSync`).
    NotSynced,
}

/// Why a rebalance began (the reasons `GroupMetadataManager.prepareRebalance` logs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RebalanceReason {
    MemberAdded {
        member_id: String,
    },
    /// The leader sent JoinGroup in Stable (`classicGroupJoinExistingMember`).
    LeaderRejoined {
        member_id: String,
    },
    /// A member rejoined with different protocols or metadata.
    MetadataChanged {
        member_id: String,
    },
    /// A returning static member would change the selected protocol.
    StaticMemberChangedProtocol {
        member_id: String,
    },
    /// A static member was replaced while the leader was assigning.
    StaticMemberReplacedDuringSync {
        member_id: String,
    },
    MembersLeft {
        member_ids: Vec<String>,
    },
    SessionTimeout {
        member_id: String,
    },
    SyncExpired {
        member_ids: Vec<String>,
    },
}
