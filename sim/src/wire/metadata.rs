//! A Metadata request and its answer: the brokers, and each topic's partitions with their
//! leaders, as the broker that answers knows them when the request arrives (Kafka's
//! MetadataResponse; the model's brokers share one view of the cluster).

use crate::Topic;
use crate::collect::VecMap;

/// What a Metadata request asks for: every topic (the model's clients know few topics, and
/// asking for all of them answers a refresh of any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetadataRequest {
    pub reason: super::MetadataReason,
}

/// A Metadata answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataResponse {
    /// The brokers of the cluster, by id.
    pub brokers: Vec<i32>,
    /// Each topic's partition leaders, by partition (`None`: no leader, an offline
    /// partition, Kafka's LEADER_NOT_AVAILABLE).
    pub topics: VecMap<Topic, Vec<Option<i32>>>,
}

impl MetadataResponse {
    /// Each topic's partition count, by name.
    pub fn partition_counts(&self) -> VecMap<String, i32> {
        self.topics
            .iter()
            .map(|(topic, leaders)| (topic.to_string(), leaders.len() as i32))
            .collect()
    }
}
