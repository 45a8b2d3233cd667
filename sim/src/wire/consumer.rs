//! A consumer's requests to the brokers and their answers, in one envelope: the group
//! coordinator's API ([`super::group`]), the reads of partition leaders ([`super::log`]) and
//! Metadata. Each request carries the client's number for it (Kafka's correlation id), which
//! its answer echoes.

use super::group;
use super::log::{LogRequest, LogResponse};
use crate::collect::VecMap;
use serde::Serialize;

/// Why a client asked for metadata (the reason librdkafka logs with the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MetadataReason {
    /// `topic.metadata.refresh.interval.ms` ("periodic topic and broker list refresh",
    /// `rd_kafka_metadata_refresh_cb` in librdkafka src/rdkafka.c): a consumer group member
    /// checks its subscribed topics' partition counts in the answer.
    Periodic,
    /// A fetch failed because its broker no longer leads the partition, or went away
    /// ("partition leader query", `rd_kafka_metadata_leader_query_tmr_cb` in
    /// src/rdkafka_metadata.c, started by `rd_kafka_toppar_leader_unavailable`).
    LeaderQuery,
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
    /// Every topic's partition count.
    Metadata(VecMap<String, i32>),
}
