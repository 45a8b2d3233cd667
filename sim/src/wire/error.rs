//! The error codes, named and described as librdkafka prints them (`rd_kafka_err2str`, table
//! `rd_kafka_err_descs` in librdkafka src/rdkafka.c).

use serde::{Deserialize, Serialize};

/// The errors the model can produce, local (negative codes) and broker ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KafkaError {
    QueueFull,
    MsgTimedOut,
    TimedOut,
    Transport,
    NotLeaderForPartition,
    RequestTimedOut,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    InvalidRequiredAcks,
    OutOfOrderSequenceNumber,
    /// A queued message purged when the producer raised a fatal error.
    PurgeQueue,
    /// The instance has raised a fatal error.
    Fatal,
    /// Every broker the client knows is down (an `error_cb` event, never a delivery error).
    AllBrokersDown,
    /// The topic does not exist (a message that waited for the topic's metadata).
    UnknownTopic,
    /// The topic has no such partition (`partition=N` on a message that waited for the
    /// topic's metadata).
    UnknownPartition,
}

impl KafkaError {
    /// The name as `rd_kafka_err2name` and confluent-kafka-python print it.
    pub fn name(self) -> &'static str {
        match self {
            Self::QueueFull => "_QUEUE_FULL",
            Self::MsgTimedOut => "_MSG_TIMED_OUT",
            Self::TimedOut => "_TIMED_OUT",
            Self::Transport => "_TRANSPORT",
            Self::NotLeaderForPartition => "NOT_LEADER_FOR_PARTITION",
            Self::RequestTimedOut => "REQUEST_TIMED_OUT",
            Self::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            Self::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            Self::InvalidRequiredAcks => "INVALID_REQUIRED_ACKS",
            Self::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            Self::PurgeQueue => "_PURGE_QUEUE",
            Self::Fatal => "_FATAL",
            Self::AllBrokersDown => "_ALL_BROKERS_DOWN",
            Self::UnknownTopic => "_UNKNOWN_TOPIC",
            Self::UnknownPartition => "_UNKNOWN_PARTITION",
        }
    }

    /// The numeric code (`rd_kafka_resp_err_t`, librdkafka src/rdkafka.h).
    pub fn code(self) -> i32 {
        match self {
            Self::QueueFull => -184,
            Self::MsgTimedOut => -192,
            Self::TimedOut => -185,
            Self::Transport => -195,
            Self::NotLeaderForPartition => 6,
            Self::RequestTimedOut => 7,
            Self::NotEnoughReplicas => 19,
            Self::NotEnoughReplicasAfterAppend => 20,
            Self::InvalidRequiredAcks => 21,
            Self::OutOfOrderSequenceNumber => 45,
            Self::PurgeQueue => -152,
            Self::Fatal => -150,
            Self::AllBrokersDown => -187,
            Self::UnknownTopic => -188,
            Self::UnknownPartition => -190,
        }
    }

    /// The description, `rd_kafka_err2str`.
    pub fn description(self) -> &'static str {
        match self {
            Self::QueueFull => "Local: Queue full",
            Self::MsgTimedOut => "Local: Message timed out",
            Self::TimedOut => "Local: Timed out",
            Self::Transport => "Local: Broker transport failure",
            Self::NotLeaderForPartition => "Broker: Not leader for partition",
            Self::RequestTimedOut => "Broker: Request timed out",
            Self::NotEnoughReplicas => "Broker: Not enough in-sync replicas",
            Self::NotEnoughReplicasAfterAppend => {
                "Broker: Message(s) written to insufficient number of in-sync replicas"
            }
            Self::InvalidRequiredAcks => "Broker: Invalid required acks value",
            Self::OutOfOrderSequenceNumber => {
                "Broker: Broker received an out of order sequence number"
            }
            Self::PurgeQueue => "Local: Purged in queue",
            Self::Fatal => "Local: Fatal error",
            Self::AllBrokersDown => "Local: All broker connections are down",
            Self::UnknownTopic => "Local: Unknown topic",
            Self::UnknownPartition => "Local: Unknown partition",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_print_as_confluent_kafka_python_prints_them() {
        assert_eq!(
            KafkaError::NotEnoughReplicas.description(),
            "Broker: Not enough in-sync replicas"
        );
        assert_eq!(KafkaError::QueueFull.description(), "Local: Queue full");
    }
}
