//! Client configuration by librdkafka property names, typed, with librdkafka's defaults, read
//! from the Python dict a course program passes to `Producer(...)` or `Consumer(...)`.
//!
//! Building a config goes the way confluent-kafka-python goes: the Python layer takes the
//! callbacks (`error_cb`, `on_delivery`, `on_commit`, ...), every other pair is set with
//! `rd_kafka_conf_set` (names, aliases, types, ranges and error strings of
//! `src/rdkafka_conf.c`), then `rd_kafka_new` runs librdkafka's construction-time checks
//! (`rd_kafka_conf_finalize`, `rd_kafka_topic_conf_finalize`, the assignor list), which may
//! also fill in values the application left unset.
//!
//! The Java profile reads the same property names (those Java shares with librdkafka) with
//! the Java client's defaults and its own construction-time rules (kafka-semantics.md §D.5,
//! §D.6).
//!
//! The kafka-python profile reads `KafkaProducer(**configs)`'s keyword arguments instead
//! ([`kafka_python`]): other names, other defaults, other checks.

mod consumer;
mod cparse;
mod docs;
mod kafka_python;
mod producer;
mod settings;
mod table;
mod value;

pub use consumer::{ConsumerConfig, GroupProtocol, IsolationLevel, OffsetReset, RebalanceProtocol};
pub use kafka_python::Serializer;
pub use producer::{Acks, Compression, ProducerConfig, StickyRule};
pub use value::ConfigValue;

use std::fmt;

/// The one-line description of a modelled property, by any of its names (for the UI).
pub fn describe(name: &str) -> Option<&'static str> {
    match table::lookup(name) {
        Ok(table::Found::Modelled(property)) => docs::doc(property.name),
        _ => None,
    }
}

/// Whose behaviour a client follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// librdkafka, as confluent-kafka-python uses it: the course's client.
    #[default]
    Librdkafka,
    /// The Java client (apache/kafka `clients`).
    Java,
    /// kafka-python 3.0.12, the pure-Python client (`pip install kafka-python`): its clients
    /// read kafka-python's keyword arguments (`config::kafka_python`).
    KafkaPython,
}

/// The exception a student would see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Raised {
    /// `confluent_kafka.KafkaException` (a `KafkaError` with code `_INVALID_ARG`).
    KafkaException,
    /// Python `TypeError`, from confluent-kafka-python's own checks.
    TypeError,
    /// Python `ValueError`, from confluent-kafka-python's own checks.
    ValueError,
    /// Java `org.apache.kafka.common.config.ConfigException` (Java profile).
    ConfigException,
    /// kafka-python `kafka.errors.KafkaConfigurationError`.
    KafkaConfigurationError,
    /// Python `RuntimeError` (kafka-python: a compression library is missing).
    RuntimeError,
}

impl Raised {
    /// The exception's name as the last line of Python's traceback prints it, but for
    /// `KafkaException`'s module (`cimpl.`), which `console::traceback_class` adds to every
    /// raised `KafkaException` alike.
    pub fn python_name(self) -> &'static str {
        match self {
            Raised::KafkaException => "KafkaException",
            Raised::TypeError => "TypeError",
            Raised::ValueError => "ValueError",
            Raised::ConfigException => "ConfigException",
            Raised::KafkaConfigurationError => "kafka.errors.KafkaConfigurationError",
            Raised::RuntimeError => "RuntimeError",
        }
    }
}

/// A configuration the client refuses, with the client's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub raised: Raised,
    pub message: String,
}

impl ConfigError {
    fn new(raised: Raised, message: impl Into<String>) -> Self {
        ConfigError {
            raised,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Which client is being built: the Python layer's checks and the `rd_kafka_new` message
/// differ between the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClientType {
    Producer,
    Consumer,
}

/// The callbacks a Python program passed, and the settings it passed to librdkafka.
#[derive(Clone, Debug, PartialEq)]
struct Parsed {
    settings: settings::Settings,
    callbacks: Vec<&'static str>,
    delivery_report_only_error: bool,
}

/// A key confluent-kafka-python keeps for itself rather than passing it to librdkafka.
struct PythonKey {
    name: &'static str,
    /// The client it applies to; `None`: both.
    client: Option<ClientType>,
    /// The error when the value is not callable; `None`: any value is accepted.
    not_callable: Option<(Raised, &'static str)>,
}

const fn key(
    name: &'static str,
    client: Option<ClientType>,
    not_callable: Option<(Raised, &'static str)>,
) -> PythonKey {
    PythonKey {
        name,
        client,
        not_callable,
    }
}

/// Source: confluent-kafka-python `src/confluent_kafka/src/confluent_kafka.c`
/// (`common_conf_setup`, `producer_conf_set_special`, `consumer_conf_set_special`).
#[rustfmt::skip]
const PYTHON_KEYS: &[PythonKey] = &[
    key("error_cb", None, Some((Raised::TypeError, "expected error_cb property as a callable function"))),
    key("throttle_cb", None, Some((Raised::ValueError, "expected throttle_cb property as a callable function"))),
    key("stats_cb", None, Some((Raised::TypeError, "expected stats_cb property as a callable function"))),
    key("oauth_cb", None, Some((Raised::TypeError, "expected oauth_cb property as a callable function"))),
    key("logger", None, None),
    key("on_delivery", Some(ClientType::Producer), Some((Raised::KafkaException, "on_delivery requires a callable object"))),
    key("on_commit", Some(ClientType::Consumer), Some((Raised::KafkaException, "on_commit requires a callable object"))),
];

/// Applies the pairs in order, as `common_conf_setup` does: the Python layer's own keys
/// (callbacks, and the producer's `delivery.report.only.error`, which must be a Python bool),
/// then everything else through `rd_kafka_conf_set`; the first failure is raised.
/// Source: confluent-kafka-python `confluent_kafka.c` (`common_conf_setup`, `cfl_PyBool_get`).
fn parse_pairs(
    profile: Profile,
    client: ClientType,
    pairs: &[(&str, ConfigValue)],
) -> Result<Parsed, ConfigError> {
    let mut parsed = Parsed {
        settings: settings::Settings::defaults(profile),
        callbacks: Vec::new(),
        delivery_report_only_error: false,
    };
    for (name, value) in pairs {
        let python_key = PYTHON_KEYS
            .iter()
            .find(|k| k.name == *name && k.client.is_none_or(|c| c == client));
        if let Some(python_key) = python_key {
            if let Some((raised, message)) = python_key.not_callable
                && !matches!(value, ConfigValue::Callable(_))
            {
                return Err(ConfigError::new(raised, message));
            }
            parsed.callbacks.push(python_key.name);
        } else if *name == "delivery.report.only.error" && client == ClientType::Producer {
            let ConfigValue::Bool(only_error) = value else {
                return Err(ConfigError::new(
                    Raised::TypeError,
                    format!(
                        "Expected delivery.report.only.error to be bool type, not {}",
                        value.python_type()
                    ),
                ));
            };
            parsed.delivery_report_only_error = *only_error;
        } else {
            parsed
                .settings
                .set(profile, name, value.python_str().as_deref())
                .map_err(|message| ConfigError::new(Raised::KafkaException, message))?;
        }
    }
    Ok(parsed)
}
