//! kafka-python 3.0.12's `KafkaConsumer(**configs)`: its keyword arguments, its defaults and
//! the checks its constructor makes, read into the same [`ConsumerConfig`] the librdkafka
//! consumer runs with.
//!
//! Source: kafka-python 3.0.12 `kafka/consumer/group.py` (`KafkaConsumer.DEFAULT_CONFIG`,
//! `KafkaConsumer.__init__`), `kafka/coordinator/heartbeat.py` (`Heartbeat.__init__`),
//! `kafka/coordinator/consumer.py` (`ConsumerCoordinator.__init__`,
//! `_validate_rebalance_protocol`).

use super::{CONNECTION_KEYS, configuration_error as config_error};
use crate::assignor::Strategy;
use crate::config::consumer::{ConsumerConfig, GroupProtocol, IsolationLevel, OffsetReset};
use crate::config::{ConfigError, ConfigValue, Profile, Raised};

/// Every other keyword `KafkaConsumer` accepts and the model does not use (sockets, fetch
/// details, ...; besides [`CONNECTION_KEYS`]): accepted, as the library accepts them
/// (`DEFAULT_CONFIG`'s keys).
const ACCEPTED: &[&str] = &[
    "client_rack",
    "enable_incremental_fetch_sessions",
    "request_timeout_ms",
    "retry_backoff_ms",
    "reconnect_backoff_ms",
    "reconnect_backoff_max_ms",
    "max_in_flight_requests_per_connection",
    "default_offset_commit_callback",
    "check_crcs",
    "allow_auto_create_topics",
    "client_dns_lookup",
    "receive_buffer_bytes",
    "send_buffer_bytes",
    "receive_message_max_bytes",
    "socket_options",
    "consumer_timeout_ms",
    "connections_max_idle_ms",
    "metric_group_prefix",
    "exclude_internal_topics",
];

/// The keywords the model reads; their defaults are `DEFAULT_CONFIG`'s, in [`consumer`].
const MODELLED: &[&str] = &[
    "metadata_max_age_ms",
    "bootstrap_servers",
    "client_id",
    "group_id",
    "group_instance_id",
    "key_deserializer",
    "value_deserializer",
    "fetch_max_wait_ms",
    "fetch_min_bytes",
    "fetch_max_bytes",
    "max_partition_fetch_bytes",
    "auto_offset_reset",
    "enable_auto_commit",
    "auto_commit_interval_ms",
    "isolation_level",
    "partition_assignment_strategy",
    "max_poll_records",
    "max_poll_interval_ms",
    "session_timeout_ms",
    "heartbeat_interval_ms",
];

/// `KafkaConsumer(**configs)` as 3.0.12 builds it, or the `KafkaConfigurationError` (or
/// `TypeError`/`ValueError`) it raises. `partition_assignment_strategy` is written as the
/// assignors' `name`s, comma-separated (`"range,roundrobin"`), for the tuple of classes.
pub(in crate::config) fn consumer(
    pairs: &[(&str, ConfigValue)],
) -> Result<ConsumerConfig, ConfigError> {
    // `set(configs).difference(DEFAULT_CONFIG)`: Python prints the set of the unknown names.
    let unknown: Vec<&str> = pairs
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            !MODELLED.contains(name) && !ACCEPTED.contains(name) && !CONNECTION_KEYS.contains(name)
        })
        .collect();
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| format!("'{n}'")).collect();
        return Err(config_error(format!(
            "Unrecognized configs: {{{}}}",
            names.join(", ")
        )));
    }
    let get = |name: &str| pairs.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v);
    let int = |name: &str, default: i64| -> Result<u32, ConfigError> {
        match get(name) {
            None => Ok(default as u32),
            Some(ConfigValue::Int(i)) => u32::try_from(*i).map_err(|_| {
                ConfigError::new(
                    Raised::ValueError,
                    format!("{name} must not be negative: {i}"),
                )
            }),
            Some(other) => Err(ConfigError::new(
                Raised::TypeError,
                format!("{name} must be an int, not {}", other.python_type()),
            )),
        }
    };
    let text = |name: &str| -> Option<String> {
        match get(name) {
            Some(ConfigValue::None) | None => None,
            Some(value) => value.python_str(),
        }
    };
    let truthy = |name: &str, default: bool| match get(name) {
        None => default,
        Some(ConfigValue::Bool(b)) => *b,
        Some(ConfigValue::Int(i)) => *i != 0,
        Some(ConfigValue::None) => false,
        Some(ConfigValue::Str(s)) => !s.is_empty(),
        Some(_) => true,
    };
    // `KafkaConsumer.__init__`, right after the unknown names.
    let connections_max_idle_ms = int("connections_max_idle_ms", 540_000)?;
    let request_timeout_ms = int("request_timeout_ms", 30_000)?;
    let fetch_wait_max_ms = int("fetch_max_wait_ms", 500)?;
    if !(fetch_wait_max_ms < request_timeout_ms && request_timeout_ms < connections_max_idle_ms) {
        return Err(config_error(format!(
            "connections_max_idle_ms ({connections_max_idle_ms}) must be larger than \
             request_timeout_ms ({request_timeout_ms}) which must be larger than \
             fetch_max_wait_ms ({fetch_wait_max_ms})."
        )));
    }
    let session_timeout_ms = int("session_timeout_ms", 45_000)?;
    let heartbeat_interval_ms = int("heartbeat_interval_ms", 3_000)?;
    let group_id = text("group_id");
    // `Heartbeat.__init__`: only checked for a consumer in a group.
    if group_id.is_some() && heartbeat_interval_ms >= session_timeout_ms {
        return Err(config_error(format!(
            "Heartbeat interval must be lower than the session timeout ({heartbeat_interval_ms} v {session_timeout_ms})"
        )));
    }
    let group_instance_id = text("group_instance_id");
    if group_instance_id.is_some() && group_id.is_none() {
        return Err(config_error("group_instance_id requires group_id"));
    }
    // `KafkaConsumer.__init__` maps the deprecated 'smallest'/'largest'; then
    // `SubscriptionState.__init__` looks the value up upper-cased, and anything but EARLIEST
    // or LATEST is NONE (an unknown one with a warning the `kafka` logger's NullHandler
    // swallows). NONE raises NoOffsetForPartitionError where librdkafka's 'error' reports
    // `_AUTO_OFFSET_RESET`.
    let auto_offset_reset = match text("auto_offset_reset").as_deref() {
        None | Some("largest") => OffsetReset::Latest,
        Some("smallest") => OffsetReset::Earliest,
        // ASCII case only: Python's `upper()` would also map the odd letter like 'ı' to 'I'.
        Some(other) => match other.to_ascii_uppercase().as_str() {
            "EARLIEST" => OffsetReset::Earliest,
            "LATEST" => OffsetReset::Latest,
            _ => OffsetReset::Error,
        },
    };
    // `Fetcher.__init__`: `IsolationLevel.build_from` takes the enum's value (0, 1) or its
    // name, stripped, upper-cased, '-' read as '_' (`kafka/util.py` `EnumHelper`); anything
    // else raises.
    let isolation_level = match get("isolation_level") {
        None | Some(ConfigValue::Int(0) | ConfigValue::Bool(false)) => {
            IsolationLevel::ReadUncommitted
        }
        Some(ConfigValue::Int(1) | ConfigValue::Bool(true)) => IsolationLevel::ReadCommitted,
        Some(value) => {
            let name = value.to_string();
            match name.trim().to_ascii_uppercase().replace('-', "_").as_str() {
                "READ_UNCOMMITTED" => IsolationLevel::ReadUncommitted,
                "READ_COMMITTED" => IsolationLevel::ReadCommitted,
                _ => return Err(config_error("Unrecognized isolation_level")),
            }
        }
    };
    let strategies = strategies(text("partition_assignment_strategy").as_deref())?;
    let enable_auto_commit = truthy("enable_auto_commit", true) && group_id.is_some();
    Ok(ConsumerConfig {
        profile: Profile::KafkaPython,
        bootstrap_servers: Some(text("bootstrap_servers").unwrap_or_else(|| "localhost".into())),
        client_id: text("client_id").unwrap_or_else(|| "kafka-python-3.0.12".into()),
        group_id,
        group_instance_id,
        session_timeout_ms,
        heartbeat_interval_ms,
        metadata_refresh_interval_ms: Some(int("metadata_max_age_ms", 300_000)?),
        max_poll_interval_ms: int("max_poll_interval_ms", 300_000)?,
        partition_assignment_strategy: strategies,
        group_protocol: GroupProtocol::Classic,
        enable_auto_commit,
        auto_commit_interval_ms: int("auto_commit_interval_ms", 5_000)?,
        // Positions move as records are handed over (`_message_generator_v2`, `poll`), and
        // the process records them itself: no librdkafka offset store.
        enable_auto_offset_store: Some(false),
        auto_offset_reset,
        isolation_level,
        fetch_min_bytes: int("fetch_min_bytes", 1)?,
        fetch_max_bytes: int("fetch_max_bytes", 52_428_800)?,
        fetch_wait_max_ms,
        max_partition_fetch_bytes: int("max_partition_fetch_bytes", 1024 * 1024)?,
        max_poll_records: Some(int("max_poll_records", 500)?),
        enable_partition_eof: false,
        error_cb: false,
        on_commit: false,
    })
}

/// The assignors by their `name`, each once; an unknown name is what Python would raise on
/// (the model has no classes to look up). Mixing eager and cooperative assignors fails as
/// `ConsumerCoordinator._validate_rebalance_protocol` fails. Default: `(RangePartitionAssignor,
/// RoundRobinPartitionAssignor)`.
fn strategies(list: Option<&str>) -> Result<Vec<Strategy>, ConfigError> {
    let Some(list) = list else {
        return Ok(vec![Strategy::Range, Strategy::RoundRobin]);
    };
    let mut strategies = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let strategy = match name {
            "range" => Strategy::Range,
            "roundrobin" => Strategy::RoundRobin,
            "sticky" => Strategy::Sticky,
            "cooperative-sticky" => Strategy::CooperativeSticky,
            other => {
                return Err(ConfigError::new(
                    Raised::ValueError,
                    format!(
                        "Unknown partition assignor {other:?}: kafka-python 3.0.12 has range, roundrobin, sticky and cooperative-sticky"
                    ),
                ));
            }
        };
        if !strategies.contains(&strategy) {
            strategies.push(strategy);
        }
    }
    let cooperative = strategies.iter().filter(|s| s.is_cooperative()).count();
    if cooperative > 0 && cooperative < strategies.len() {
        let names: Vec<String> = strategies
            .iter()
            .map(|s| format!("'{}'", s.name()))
            .collect();
        return Err(config_error(format!(
            "Specified partition_assignment_strategy assignors [{}] do not support a common \
             RebalanceProtocol. Mixing EAGER and COOPERATIVE assignors in a single consumer is \
             not supported.",
            names.join(", ")
        )));
    }
    Ok(strategies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(pairs: &[(&str, ConfigValue)]) -> Result<ConsumerConfig, ConfigError> {
        consumer(pairs)
    }

    fn group() -> (&'static str, ConfigValue) {
        ("group_id", ConfigValue::Str("test".into()))
    }

    #[test]
    fn defaults_are_kafka_python_3_0_12s() {
        let c = build(&[group()]).unwrap();
        assert_eq!(c.session_timeout_ms, 45_000);
        assert_eq!(c.heartbeat_interval_ms, 3_000);
        assert_eq!(c.max_poll_interval_ms, 300_000);
        assert_eq!(c.max_poll_records, Some(500));
        assert!(c.enable_auto_commit);
        assert_eq!(c.auto_commit_interval_ms, 5_000);
        assert_eq!(c.auto_offset_reset, OffsetReset::Latest);
        assert_eq!(
            c.partition_assignment_strategy,
            [Strategy::Range, Strategy::RoundRobin]
        );
        assert_eq!(c.client_id, "kafka-python-3.0.12");
        assert_eq!(c.bootstrap_servers.as_deref(), Some("localhost"));
    }

    #[test]
    fn its_constructor_refuses_what_the_library_refuses() {
        let unknown = build(&[group(), ("group.id", ConfigValue::Str("x".into()))]);
        assert_eq!(
            unknown.unwrap_err().message,
            "KafkaConfigurationError: Unrecognized configs: {'group.id'}"
        );
        let slow = build(&[group(), ("heartbeat_interval_ms", ConfigValue::Int(45_000))]);
        assert_eq!(
            slow.unwrap_err().message,
            "KafkaConfigurationError: Heartbeat interval must be lower than the session timeout \
             (45000 v 45000)"
        );
        let waits = build(&[group(), ("fetch_max_wait_ms", ConfigValue::Int(30_000))]);
        assert_eq!(
            waits.unwrap_err().message,
            "KafkaConfigurationError: connections_max_idle_ms (540000) must be larger than \
             request_timeout_ms (30000) which must be larger than fetch_max_wait_ms (30000)."
        );
        let mixed = build(&[
            group(),
            (
                "partition_assignment_strategy",
                ConfigValue::Str("range,cooperative-sticky".into()),
            ),
        ]);
        assert_eq!(mixed.unwrap_err().raised, Raised::KafkaConfigurationError);
    }

    /// `auto_offset_reset` is looked up upper-cased and falls back to NONE; `isolation_level`
    /// takes the enum's value or its name in any case and with '-', else raises.
    #[test]
    fn reset_and_isolation_read_as_kafka_python_reads_them() {
        let reset = |value: &str| {
            let c = build(&[
                group(),
                ("auto_offset_reset", ConfigValue::Str(value.into())),
            ]);
            c.unwrap().auto_offset_reset
        };
        assert_eq!(reset("Earliest"), OffsetReset::Earliest);
        assert_eq!(reset("smallest"), OffsetReset::Earliest);
        assert_eq!(reset("LATEST"), OffsetReset::Latest);
        assert_eq!(reset("none"), OffsetReset::Error);
        assert_eq!(
            reset("SMALLEST"),
            OffsetReset::Error,
            "only the exact deprecated names"
        );
        assert_eq!(reset("beginning"), OffsetReset::Error);
        let isolation = |value: ConfigValue| {
            build(&[group(), ("isolation_level", value)]).map(|c| c.isolation_level)
        };
        for committed in [
            ConfigValue::Str(" READ-committed".into()),
            ConfigValue::Int(1),
        ] {
            assert_eq!(isolation(committed), Ok(IsolationLevel::ReadCommitted));
        }
        assert_eq!(
            isolation(ConfigValue::Int(0)),
            Ok(IsolationLevel::ReadUncommitted)
        );
        let unknown = isolation(ConfigValue::Str("serializable".into())).unwrap_err();
        assert_eq!(
            unknown.message,
            "KafkaConfigurationError: Unrecognized isolation_level"
        );
    }

    #[test]
    fn without_a_group_auto_commit_turns_itself_off() {
        let c = build(&[]).unwrap();
        assert!(!c.enable_auto_commit);
        let manual = build(&[group(), ("enable_auto_commit", ConfigValue::Bool(false))]);
        assert!(!manual.unwrap().enable_auto_commit);
    }
}
