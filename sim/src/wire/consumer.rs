//! A consumer's requests to the brokers and their answers, in one envelope: the group
//! coordinator's API ([`super::group`]), the reads of partition leaders ([`super::log`]) and
//! Metadata. Each request carries the client's number for it (Kafka's correlation id), which
//! its answer echoes.

use super::Api;
use super::group;
use super::log::{LogRequest, LogResponse};
use super::metadata::MetadataResponse;
use serde::Serialize;

/// Why a client asked for metadata (the reason librdkafka logs with the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MetadataReason {
    /// `topic.metadata.refresh.interval.ms` ("periodic topic and broker list refresh",
    /// `rd_kafka_metadata_refresh_cb` in librdkafka src/rdkafka.c): a consumer group member
    /// checks its subscribed topics' partition counts in the answer.
    Periodic,
    /// A fetch failed because its broker no longer leads the partition, or went away, or a
    /// produce failed with an error whose action is to refresh ("partition leader query",
    /// `rd_kafka_metadata_leader_query_tmr_cb` in src/rdkafka_metadata.c, started by
    /// `rd_kafka_toppar_leader_unavailable`).
    LeaderQuery,
    /// The client's first connection came up ("connected", `rd_kafka_broker_connect_up` in
    /// src/rdkafka_broker.c asks for the known topics, or the brokers).
    Connected,
    /// A connection that was up broke ("broker down", `rd_kafka_broker_fail`: a forced
    /// refresh of the known topics, "to quickly pick up on failover").
    BrokerDown,
    /// The client's 1 s scan found a topic without metadata or a partition whose leader's
    /// connection is down ("refresh unavailable topics", `rd_kafka_topic_scan_all` in
    /// src/rdkafka_topic.c, from `rd_kafka_1s_tmr_cb`).
    Unavailable,
}

/// What a consumer sends a broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerRequest {
    /// To the broker coordinating the group.
    Group(group::Request),
    /// To the partition's leader.
    Log(LogRequest),
    /// To any live broker.
    Metadata(MetadataReason),
}

/// What a broker answers a consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerResponse {
    Group(group::Response),
    Log(LogResponse),
    Metadata(MetadataResponse),
}

impl ConsumerResponse {
    /// The API of the request this answers.
    pub fn api(&self) -> Api {
        match self {
            Self::Group(response) => match response {
                group::Response::JoinGroup(_) => Api::JoinGroup,
                group::Response::SyncGroup(_) => Api::SyncGroup,
                group::Response::Heartbeat(_) => Api::Heartbeat,
                group::Response::LeaveGroup(_) => Api::LeaveGroup,
                group::Response::OffsetCommit(_) => Api::OffsetCommit,
                group::Response::OffsetFetch(_) => Api::OffsetFetch,
            },
            Self::Log(LogResponse::Fetched { .. } | LogResponse::OffsetOutOfRange { .. }) => {
                Api::Fetch
            }
            Self::Log(LogResponse::ListedOffset { .. } | LogResponse::Watermarks { .. }) => {
                Api::ListOffsets
            }
            Self::Metadata(_) => Api::Metadata,
        }
    }
}
