//! The producer's configuration, and the checks and adjustments made when it is created.

use super::settings::{Setting, Settings};
use super::{ClientType, ConfigError, ConfigValue, Profile, Raised, Serializer, parse_pairs};
use crate::partitioner::Partitioner;
use serde::{Deserialize, Serialize};

/// `acks` (`request.required.acks`, librdkafka CONFIGURATION.md): how many replicas must have
/// a message before the leader answers the produce request. The config parses it and the
/// produce requests carry it to the broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `0`: the broker sends no response at all.
    Zero,
    /// `1`: the leader alone.
    One,
    /// `all` / `-1`: every in-sync replica.
    All,
    /// `2`..`1000`: librdkafka accepts them; brokers since 0.11 reject the request.
    Count(i32),
}

impl Acks {
    pub(super) fn from_int(acks: i32) -> Self {
        match acks {
            -1 => Acks::All,
            0 => Acks::Zero,
            1 => Acks::One,
            n => Acks::Count(n),
        }
    }
}

/// `compression.type` (`compression.codec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    fn from_name(name: &str) -> Self {
        match name {
            "gzip" => Compression::Gzip,
            "snappy" => Compression::Snappy,
            "lz4" => Compression::Lz4,
            "zstd" => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// When a topic's sticky partition for keyless messages changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StickyRule {
    /// librdkafka (KIP-480): after `sticky.partitioning.linger.ms` (0: every message is
    /// placed at random). See [`crate::partitioner::choose`].
    Linger { ms: u64 },
    /// Java (KIP-794): after `batch.size` bytes. See [`crate::partitioner::java::choose`].
    BatchBytes { bytes: u64 },
}

/// A producer's configuration after creation: what the client runs with.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerConfig {
    pub profile: Profile,
    /// `bootstrap.servers` (`metadata.broker.list`).
    pub bootstrap_servers: Option<String>,
    pub client_id: String,
    pub acks: Acks,
    /// After the creation rules: `transactional.id` implies it, Java may drop it silently.
    pub enable_idempotence: bool,
    pub transactional_id: Option<String>,
    /// `linger.ms` (`queue.buffering.max.ms`), fractional in librdkafka.
    pub linger_ms: f64,
    /// librdkafka's message-count limit per batch; Java has none.
    pub batch_num_messages: Option<u32>,
    pub batch_size: u32,
    /// `queue.buffering.max.messages`; `None` means no limit (librdkafka's 0, and Java).
    pub queue_buffering_max_messages: Option<u32>,
    /// `queue.buffering.max.kbytes` (Java: `buffer.memory` / 1024).
    pub queue_buffering_max_kbytes: u32,
    /// `max.in.flight.requests.per.connection` (`max.in.flight`).
    pub max_in_flight: u32,
    /// `retries` (`message.send.max.retries`).
    pub retries: u32,
    pub retry_backoff_ms: u32,
    pub retry_backoff_max_ms: u32,
    /// `delivery.timeout.ms` (`message.timeout.ms`); 0 is no timeout (librdkafka).
    pub message_timeout_ms: u32,
    pub request_timeout_ms: u32,
    pub partitioner: Partitioner,
    pub sticky: StickyRule,
    pub compression: Compression,
    pub delivery_report_only_error: bool,
    /// An `error_cb` callable was given.
    pub error_cb: bool,
    /// An `on_delivery` callable was given (the default delivery callback).
    pub on_delivery: bool,
    /// kafka-python's `key_serializer=` and `value_serializer=` (the others: none).
    pub key_serializer: Serializer,
    pub value_serializer: Serializer,
}

impl ProducerConfig {
    /// `Producer(conf)`: the pairs of the configuration dict in order, then the creation
    /// checks of the profile's client.
    pub fn from_pairs(
        profile: Profile,
        pairs: &[(&str, ConfigValue)],
    ) -> Result<ProducerConfig, ConfigError> {
        if profile == Profile::KafkaPython {
            return super::kafka_python::producer_config(pairs);
        }
        let mut parsed = parse_pairs(profile, ClientType::Producer, pairs)?;
        let s = &mut parsed.settings;
        match profile {
            Profile::Librdkafka => finalize_librdkafka(s).map_err(|message| {
                ConfigError::new(
                    Raised::KafkaException,
                    format!("Failed to create producer: {message}"),
                )
            })?,
            Profile::Java | Profile::KafkaPython => finalize_java(s)
                .map_err(|message| ConfigError::new(Raised::ConfigException, message))?,
        }
        let u32_of = |name: &str| non_negative(s.int(name));
        let batch_size = u32_of("batch.size");
        let sticky = match profile {
            Profile::Librdkafka => StickyRule::Linger {
                ms: u64::from(u32_of("sticky.partitioning.linger.ms")),
            },
            Profile::Java | Profile::KafkaPython => StickyRule::BatchBytes {
                bytes: u64::from(batch_size),
            },
        };
        Ok(ProducerConfig {
            profile,
            bootstrap_servers: s.text("metadata.broker.list").map(str::to_owned),
            client_id: s.text("client.id").unwrap_or_default().to_owned(),
            acks: Acks::from_int(s.int("request.required.acks")),
            enable_idempotence: s.bool("enable.idempotence"),
            transactional_id: s.text("transactional.id").map(str::to_owned),
            linger_ms: s.float("queue.buffering.max.ms"),
            batch_num_messages: s.int_opt("batch.num.messages").map(non_negative),
            batch_size,
            queue_buffering_max_messages: s
                .int_opt("queue.buffering.max.messages")
                .filter(|&n| n > 0)
                .map(non_negative),
            queue_buffering_max_kbytes: u32_of("queue.buffering.max.kbytes"),
            max_in_flight: u32_of("max.in.flight.requests.per.connection"),
            retries: u32_of("message.send.max.retries"),
            retry_backoff_ms: u32_of("retry.backoff.ms"),
            retry_backoff_max_ms: u32_of("retry.backoff.max.ms"),
            message_timeout_ms: u32_of("message.timeout.ms"),
            request_timeout_ms: u32_of("request.timeout.ms"),
            partitioner: s
                .text("partitioner")
                .and_then(|name| name.parse().ok())
                .unwrap_or_default(),
            sticky,
            compression: Compression::from_name(s.text("compression.codec").unwrap_or_default()),
            delivery_report_only_error: parsed.delivery_report_only_error,
            error_cb: parsed.callbacks.contains(&"error_cb"),
            on_delivery: parsed.callbacks.contains(&"on_delivery"),
            key_serializer: Serializer::Identity,
            value_serializer: Serializer::Identity,
        })
    }
}

/// Values the table's ranges keep at 0 or more.
fn non_negative(value: i32) -> u32 {
    u32::try_from(value).expect("the property's range is non-negative")
}

/// librdkafka's idempotence limit on in-flight requests (`RD_KAFKA_IDEMP_MAX_INFLIGHT`).
const IDEMPOTENT_MAX_IN_FLIGHT: i32 = 5;

const TIMEOUT_NOT_ABOVE_LINGER: &str = "`message.timeout.ms` must be greater than `linger.ms`";

/// librdkafka's producer checks at `rd_kafka_new`, in its order, with its messages; unset
/// properties are adjusted as it adjusts them. The topic checks run here too: librdkafka runs
/// them at creation when a topic property was set, else when the first topic is created.
/// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_conf_finalize` (producer branch and the
/// default topic configuration) and `rd_kafka_topic_conf_finalize`.
fn finalize_librdkafka(s: &mut Settings) -> Result<(), &'static str> {
    let transactional = s.text("transactional.id").is_some();
    let transaction_timeout = s.int("transaction.timeout.ms");
    if transactional {
        if !s.bool("enable.idempotence") {
            if s.is_modified("enable.idempotence") {
                return Err("`transactional.id` requires `enable.idempotence=true`");
            }
            s.adjust("enable.idempotence", Setting::Bool(true));
        }
        if !s.is_modified("socket.timeout.ms") {
            s.adjust(
                "socket.timeout.ms",
                Setting::Int((transaction_timeout - 100).max(900)),
            );
        } else if i64::from(transaction_timeout) + 100 < i64::from(s.int("socket.timeout.ms")) {
            return Err("`socket.timeout.ms` must be set <= `transaction.timeout.ms` + 100");
        }
    }
    let idempotent = s.bool("enable.idempotence");
    if idempotent {
        let in_flight = s.int("max.in.flight.requests.per.connection");
        if s.is_modified("max.in.flight.requests.per.connection") {
            if in_flight > IDEMPOTENT_MAX_IN_FLIGHT {
                return Err("`max.in.flight` must be set <= 5 when `enable.idempotence` is true");
            }
        } else {
            s.adjust(
                "max.in.flight.requests.per.connection",
                Setting::Int(in_flight.min(IDEMPOTENT_MAX_IN_FLIGHT)),
            );
        }
        if s.is_modified("message.send.max.retries") {
            if s.int("message.send.max.retries") < 1 {
                return Err("`retries` must be set >= 1 when `enable.idempotence` is true");
            }
        } else {
            s.adjust("message.send.max.retries", Setting::Int(i32::MAX));
        }
    }
    let linger = s.float("queue.buffering.max.ms");
    if !s.is_modified("sticky.partitioning.linger.ms") {
        // `(int)RD_MIN(900000, (rd_ts_t)(2 * linger))`: the product is truncated.
        let doubled = (2.0 * linger) as i64;
        s.adjust(
            "sticky.partitioning.linger.ms",
            Setting::Int(doubled.min(900_000) as i32),
        );
    }
    let timeout = s.int("message.timeout.ms");
    let linger_modified = s.is_modified("queue.buffering.max.ms");
    if timeout != 0 && f64::from(timeout) <= linger {
        if linger_modified {
            return Err(TIMEOUT_NOT_ABOVE_LINGER);
        }
        s.adjust(
            "queue.buffering.max.ms",
            Setting::Float(f64::from(timeout) - 0.1),
        );
    }
    if idempotent {
        if s.is_modified("request.required.acks") {
            if s.int("request.required.acks") != -1 {
                return Err("`acks` must be set to `all` when `enable.idempotence` is true");
            }
        } else {
            s.adjust("request.required.acks", Setting::Int(-1));
        }
        if transactional {
            if !s.is_modified("message.timeout.ms") {
                s.adjust("message.timeout.ms", Setting::Int(transaction_timeout));
            } else if timeout > transaction_timeout {
                return Err("`message.timeout.ms` must be set <= `transaction.timeout.ms`");
            }
        }
    }
    let timeout = s.int("message.timeout.ms");
    if timeout != 0 && f64::from(timeout) <= s.float("queue.buffering.max.ms") && linger_modified {
        return Err(TIMEOUT_NOT_ABOVE_LINGER);
    }
    Ok(())
}

/// The Java producer's creation rules: idempotence (default on) needs `acks=all`,
/// `retries > 0` and at most 5 requests in flight; when the application did not set
/// `enable.idempotence` itself, a conflicting setting silently turns it off instead of
/// failing. Then `delivery.timeout.ms` must cover `linger.ms + request.timeout.ms`, and is
/// raised to it when not set explicitly.
/// Source: apache/kafka `ProducerConfig.postProcessAndValidateIdempotenceConfigs`,
/// `KafkaProducer.configureDeliveryTimeout`.
fn finalize_java(s: &mut Settings) -> Result<(), &'static str> {
    let user_set = s.is_modified("enable.idempotence");
    if s.bool("enable.idempotence") {
        let conflicts = [
            (
                s.int("message.send.max.retries") == 0,
                "Must set retries to non-zero when using the idempotent producer.",
            ),
            (
                s.int("request.required.acks") != -1,
                "Must set acks to all in order to use the idempotent producer. \
                 Otherwise we cannot guarantee idempotence.",
            ),
            (
                s.int("max.in.flight.requests.per.connection") > IDEMPOTENT_MAX_IN_FLIGHT,
                "Must set max.in.flight.requests.per.connection to at most 5 to use the \
                 idempotent producer.",
            ),
        ];
        if let Some(&(_, message)) = conflicts.iter().find(|(conflict, _)| *conflict) {
            if user_set {
                return Err(message);
            }
            s.adjust("enable.idempotence", Setting::Bool(false));
        }
    }
    if s.text("transactional.id").is_some() && !s.bool("enable.idempotence") {
        return Err("Cannot set a transactional.id without also enabling idempotence.");
    }
    let linger_and_request = (s.float("queue.buffering.max.ms") as i64
        + i64::from(s.int("request.timeout.ms")))
    .min(i64::from(i32::MAX)) as i32;
    if s.int("message.timeout.ms") < linger_and_request {
        if s.is_modified("message.timeout.ms") {
            return Err(
                "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms",
            );
        }
        s.adjust("message.timeout.ms", Setting::Int(linger_and_request));
    }
    Ok(())
}
