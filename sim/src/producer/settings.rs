//! The producer settings the model acts on, with librdkafka's defaults
//! (librdkafka src/rdkafka_conf.c property table, CONFIGURATION.md). Validation and the
//! settings implied by `enable.idempotence` belong to the config module; these are the
//! resolved values.

use crate::config::{Acks, ProducerConfig, Profile, Serializer, StickyRule};
use crate::ids::Millis;
use crate::partitioner::Partitioner;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerSettings {
    /// Whose rules the client follows where kafka-python's differ from librdkafka's.
    pub profile: Profile,
    /// kafka-python's serializers (librdkafka's clients take bytes or str as they are).
    pub key_serializer: Serializer,
    pub value_serializer: Serializer,
    /// `acks` / `request.required.acks` (default -1 = all).
    pub acks: Acks,
    /// `enable.idempotence` (default false).
    pub enable_idempotence: bool,
    /// `linger.ms` / `queue.buffering.max.ms` (default 5).
    pub linger_ms: Millis,
    /// `batch.num.messages` (default 10000).
    pub batch_num_messages: usize,
    /// `batch.size` in bytes (default 1000000).
    pub batch_size: usize,
    /// `queue.buffering.max.messages` (default 100000).
    pub queue_buffering_max_messages: usize,
    /// `queue.buffering.max.kbytes` (default 1048576, 1 GiB).
    pub queue_buffering_max_kbytes: usize,
    /// `max.in.flight` / `max.in.flight.requests.per.connection` (default 1000000).
    pub max_in_flight: usize,
    /// `retries` / `message.send.max.retries` (default 2147483647).
    pub retries: u32,
    /// `retry.backoff.ms` (default 100).
    pub retry_backoff_ms: Millis,
    /// `retry.backoff.max.ms` (default 1000).
    pub retry_backoff_max_ms: Millis,
    /// `message.timeout.ms` / `delivery.timeout.ms` (default 300000; 0 = infinite).
    pub message_timeout_ms: Millis,
    /// `request.timeout.ms`, the broker-side ack timeout (default 30000).
    pub request_timeout_ms: Millis,
    /// `socket.timeout.ms`, the client-side request timeout (default 60000).
    pub socket_timeout_ms: Millis,
    /// `partitioner` (default consistent_random).
    pub partitioner: Partitioner,
    /// `sticky.partitioning.linger.ms` (default 10 = 2 × linger.ms).
    pub sticky_partitioning_linger_ms: Millis,
}

impl Default for ProducerSettings {
    fn default() -> Self {
        Self {
            profile: Profile::Librdkafka,
            key_serializer: Serializer::Identity,
            value_serializer: Serializer::Identity,
            acks: Acks::All,
            enable_idempotence: false,
            linger_ms: 5,
            batch_num_messages: 10_000,
            batch_size: 1_000_000,
            queue_buffering_max_messages: 100_000,
            queue_buffering_max_kbytes: 1_048_576,
            max_in_flight: 1_000_000,
            retries: i32::MAX as u32,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1_000,
            message_timeout_ms: 300_000,
            request_timeout_ms: 30_000,
            socket_timeout_ms: 60_000,
            partitioner: Partitioner::ConsistentRandom,
            sticky_partitioning_linger_ms: 10,
        }
    }
}

/// Requests in flight per partition for an idempotent producer: the broker's de-duplication
/// window (`RD_KAFKA_IDEMP_MAX_INFLIGHT`, librdkafka src/rdkafka_idempotence.h).
const IDEMPOTENT_MAX_IN_FLIGHT: usize = 5;

impl ProducerSettings {
    /// How many requests a partition may have in flight. librdkafka's idempotent producer: 5.
    /// kafka-python mutes a partition while its batch is in flight when order is guaranteed,
    /// that is with idempotence or `max_in_flight_requests_per_connection=1`
    /// (`KafkaProducer.__init__` `guarantee_message_order`, `Sender._send_producer_data`:
    /// `muted.add`).
    pub fn partition_in_flight_limit(&self) -> usize {
        match self.profile {
            Profile::KafkaPython if self.enable_idempotence || self.max_in_flight == 1 => 1,
            Profile::KafkaPython => usize::MAX,
            _ if self.enable_idempotence => IDEMPOTENT_MAX_IN_FLIGHT,
            _ => usize::MAX,
        }
    }

    /// The defaults with `enable.idempotence=true` and what it implies when the user sets
    /// nothing else: acks=all, max.in.flight=5 (librdkafka `rd_kafka_conf_finalize`).
    pub fn idempotent() -> Self {
        Self {
            enable_idempotence: true,
            acks: Acks::All,
            max_in_flight: 5,
            ..Self::default()
        }
    }
}

/// The values the model runs with, from the config module's validated configuration.
/// Not modelled: the Java client's byte-based stickiness (taken as per-message random placement).
impl From<&ProducerConfig> for ProducerSettings {
    fn from(c: &ProducerConfig) -> Self {
        Self {
            profile: c.profile,
            key_serializer: c.key_serializer,
            value_serializer: c.value_serializer,
            acks: c.acks,
            enable_idempotence: c.enable_idempotence,
            linger_ms: c.linger_ms.ceil() as Millis,
            batch_num_messages: c.batch_num_messages.map_or(usize::MAX, |n| n as usize),
            batch_size: c.batch_size as usize,
            queue_buffering_max_messages: c
                .queue_buffering_max_messages
                .map_or(usize::MAX, |n| n as usize),
            queue_buffering_max_kbytes: c.queue_buffering_max_kbytes as usize,
            max_in_flight: c.max_in_flight as usize,
            retries: c.retries,
            retry_backoff_ms: c.retry_backoff_ms.into(),
            retry_backoff_max_ms: c.retry_backoff_max_ms.into(),
            message_timeout_ms: c.message_timeout_ms.into(),
            request_timeout_ms: c.request_timeout_ms.into(),
            partitioner: c.partitioner,
            sticky_partitioning_linger_ms: match c.sticky {
                StickyRule::Linger { ms } => ms,
                StickyRule::BatchBytes { .. } => 0,
            },
            // kafka-python times a request out on the client at `request_timeout_ms`
            // (`kafka/net/connection.py`, `send_request`'s `timeout_at`).
            socket_timeout_ms: match c.profile {
                Profile::KafkaPython => c.request_timeout_ms.into(),
                _ => Self::default().socket_timeout_ms,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigValue, Profile};

    fn from_pairs(pairs: &[(&str, ConfigValue)]) -> ProducerSettings {
        ProducerSettings::from(&ProducerConfig::from_pairs(Profile::Librdkafka, pairs).unwrap())
    }

    #[test]
    fn librdkafka_defaults_agree_with_the_config_module() {
        assert_eq!(from_pairs(&[]), ProducerSettings::default());
    }

    #[test]
    fn idempotence_implies_acks_all_and_five_in_flight() {
        let pairs = [("enable.idempotence", ConfigValue::Bool(true))];
        assert_eq!(from_pairs(&pairs), ProducerSettings::idempotent());
    }

    #[test]
    fn acks_pass_through_as_configured() {
        for (value, acks) in [
            (0, Acks::Zero),
            (1, Acks::One),
            (-1, Acks::All),
            (2, Acks::Count(2)),
        ] {
            assert_eq!(from_pairs(&[("acks", ConfigValue::Int(value))]).acks, acks);
        }
    }
}
