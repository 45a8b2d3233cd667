//! The coordinator's requests and responses: the fields of Kafka's group and offset APIs that
//! change what the broker does, with the consumer protocol's metadata typed instead of bytes.

use crate::TopicPartition;
use crate::ids::Millis;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The member id of a member the coordinator does not know yet (`JoinGroupRequest.UNKNOWN_MEMBER_ID`).
pub const UNKNOWN_MEMBER_ID: &str = "";

/// The JoinGroup version librdkafka sends (`rd_kafka_JoinGroupRequest` negotiates 0..=5): it
/// must obtain a member id first (KIP-394, v4+) and never gets `skip_assignment` (KIP-814, v9+).
pub const LIBRDKAFKA_JOIN_GROUP_VERSION: i16 = 5;

/// The JoinGroup version the Java consumer sends (apache/kafka `JoinGroupRequest.json`, v9).
pub const JAVA_JOIN_GROUP_VERSION: i16 = 9;

/// The engine's handle for the connection a request arrived on; responses go back on it, also
/// when the coordinator parks a request and answers it later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConnectionId(pub u32);

/// A request to the group coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    JoinGroup(JoinGroup),
    SyncGroup(SyncGroup),
    Heartbeat(Heartbeat),
    LeaveGroup(LeaveGroup),
    OffsetCommit(OffsetCommit),
    OffsetFetch(OffsetFetch),
}

/// The consumer protocol's subscription, the metadata of each protocol a member offers
/// (apache/kafka `ConsumerProtocolSubscription.json`; owned partitions since v1, KIP-429;
/// generation since v2, KIP-792, -1 when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub topics: Vec<String>,
    pub owned_partitions: Vec<TopicPartition>,
    pub generation: i32,
}

/// One protocol (assignor) a member supports, in the member's order of preference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protocol {
    pub name: String,
    pub metadata: Subscription,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinGroup {
    pub group_id: String,
    /// Decides KIP-394 (v4+) and KIP-814 (v9+); see [`LIBRDKAFKA_JOIN_GROUP_VERSION`].
    pub api_version: i16,
    /// [`UNKNOWN_MEMBER_ID`] for a member joining for the first time.
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// The client's `client.id` (librdkafka's default is `rdkafka`), the prefix of its member id.
    pub client_id: String,
    pub protocol_type: String,
    pub protocols: Vec<Protocol>,
    pub session_timeout_ms: Millis,
    /// librdkafka and Java send `max.poll.interval.ms`.
    pub rebalance_timeout_ms: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncGroup {
    pub group_id: String,
    pub generation: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// Sent from v5 on (Java); librdkafka (v3) sends neither.
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    /// The leader's assignment; empty from followers.
    pub assignments: Vec<MemberAssignment>,
}

/// The partitions the leader gives one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAssignment {
    pub member_id: String,
    pub partitions: Vec<TopicPartition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub group_id: String,
    pub generation: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveGroup {
    pub group_id: String,
    /// librdkafka (v0..=1) sends its own member id; v3+ may name members by instance id only.
    pub members: Vec<MemberIdentity>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberIdentity {
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetCommit {
    pub group_id: String,
    /// -1 with an empty member id for a consumer outside group management (`assign()`).
    pub generation: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub offsets: Vec<CommitOffset>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitOffset {
    pub partition: TopicPartition,
    pub offset: i64,
    pub metadata: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetFetch {
    pub group_id: String,
    pub partitions: Vec<TopicPartition>,
}

/// A response, addressed by the coordinator to the connection of its request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    JoinGroup(JoinGroupResponse),
    SyncGroup(SyncGroupResponse),
    Heartbeat(HeartbeatResponse),
    LeaveGroup(LeaveGroupResponse),
    OffsetCommit(OffsetCommitResponse),
    OffsetFetch(OffsetFetchResponse),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinGroupResponse {
    pub error: Option<ErrorCode>,
    /// -1 on error.
    pub generation: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    /// Empty when there is none (on error).
    pub leader: String,
    /// KIP-814: the returning static leader gets the members but must not assign again.
    pub skip_assignment: bool,
    pub member_id: String,
    /// The members and their metadata for the selected protocol: for the leader only.
    pub members: Vec<JoinedMember>,
}

impl JoinGroupResponse {
    /// An error response: the wire defaults for every other field.
    pub fn error(member_id: impl Into<String>, error: ErrorCode) -> Self {
        Self {
            error: Some(error),
            generation: -1,
            protocol_type: None,
            protocol_name: None,
            leader: String::new(),
            skip_assignment: false,
            member_id: member_id.into(),
            members: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinedMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: Subscription,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncGroupResponse {
    pub error: Option<ErrorCode>,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub assignment: Vec<TopicPartition>,
}

impl SyncGroupResponse {
    pub fn error(error: ErrorCode) -> Self {
        Self {
            error: Some(error),
            protocol_type: None,
            protocol_name: None,
            assignment: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeartbeatResponse {
    pub error: Option<ErrorCode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveGroupResponse {
    /// Set when the whole request failed (an unknown group).
    pub error: Option<ErrorCode>,
    pub members: Vec<LeftMember>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub error: Option<ErrorCode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetCommitResponse {
    pub partitions: Vec<PartitionResult>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionResult {
    pub partition: TopicPartition,
    pub error: Option<ErrorCode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetFetchResponse {
    pub partitions: Vec<FetchedOffset>,
}

/// A committed offset as OffsetFetch returns it: -1 and empty metadata when there is none
/// (apache/kafka `OffsetMetadataManager.fetchOffsets`, `INVALID_OFFSET`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchedOffset {
    pub partition: TopicPartition,
    pub offset: i64,
    pub metadata: String,
}

/// The Kafka errors the coordinator returns, printed by their protocol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    UnknownServerError,
    OffsetMetadataTooLarge,
    IllegalGeneration,
    InconsistentGroupProtocol,
    InvalidGroupId,
    UnknownMemberId,
    InvalidSessionTimeout,
    RebalanceInProgress,
    GroupIdNotFound,
    MemberIdRequired,
    FencedInstanceId,
}

impl ErrorCode {
    /// The wire code (apache/kafka `Errors.java`).
    pub fn code(self) -> i16 {
        match self {
            Self::UnknownServerError => -1,
            Self::OffsetMetadataTooLarge => 12,
            Self::IllegalGeneration => 22,
            Self::InconsistentGroupProtocol => 23,
            Self::InvalidGroupId => 24,
            Self::UnknownMemberId => 25,
            Self::InvalidSessionTimeout => 26,
            Self::RebalanceInProgress => 27,
            Self::GroupIdNotFound => 69,
            Self::MemberIdRequired => 79,
            Self::FencedInstanceId => 82,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::UnknownServerError => "UNKNOWN_SERVER_ERROR",
            Self::OffsetMetadataTooLarge => "OFFSET_METADATA_TOO_LARGE",
            Self::IllegalGeneration => "ILLEGAL_GENERATION",
            Self::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            Self::InvalidGroupId => "INVALID_GROUP_ID",
            Self::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            Self::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            Self::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            Self::GroupIdNotFound => "GROUP_ID_NOT_FOUND",
            Self::MemberIdRequired => "MEMBER_ID_REQUIRED",
            Self::FencedInstanceId => "FENCED_INSTANCE_ID",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
