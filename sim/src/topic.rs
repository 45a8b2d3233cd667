//! Names shared by every part of the model.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A partition of a topic, ordered by topic name then partition number, as both clients sort
/// partitions (librdkafka `rd_kafka_topic_partition_cmp`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: i32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: i32) -> Self {
        Self {
            topic: topic.into(),
            partition,
        }
    }
}

/// Printed as the Java client and the course's console output print it: `ak03.fourpartition-0`.
impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}
