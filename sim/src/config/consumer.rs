//! The consumer's configuration, and the checks made when it is created.

use super::settings::{Setting, Settings};
use super::{ClientType, ConfigError, ConfigValue, Profile, Raised, parse_pairs};
use crate::assignor::Strategy;

/// `auto.offset.reset`: where a partition without a committed offset starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetReset {
    /// `smallest`, `earliest`, `beginning`.
    Earliest,
    /// `largest`, `latest`, `end`.
    Latest,
    /// `error`: the consumer gets `_AUTO_OFFSET_RESET` instead.
    Error,
}

impl OffsetReset {
    fn from_name(name: &str) -> Self {
        match name {
            "smallest" | "earliest" | "beginning" => OffsetReset::Earliest,
            "error" => OffsetReset::Error,
            _ => OffsetReset::Latest,
        }
    }
}

/// `isolation.level`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsolationLevel {
    ReadUncommitted,
    ReadCommitted,
}

/// `group.protocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupProtocol {
    /// The JoinGroup/SyncGroup protocol with client-side assignors.
    Classic,
    /// KIP-848's broker-driven protocol.
    Consumer,
}

/// How a group moves partitions in a rebalance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RebalanceProtocol {
    /// Every member gives up all its partitions, then gets its new ones.
    Eager,
    /// Members give up only the partitions that move (KIP-429).
    Cooperative,
}

/// The assignors a profile's client has.
/// Source: librdkafka `src/rdkafka_assignor.c` `rd_kafka_assignors_init` (range,
/// roundrobin, cooperative-sticky); apache/kafka `ConsumerPartitionAssignor` implementations.
fn available_strategies(profile: Profile) -> &'static [Strategy] {
    use Strategy::*;
    match profile {
        Profile::Librdkafka => &[Range, RoundRobin, CooperativeSticky],
        Profile::Java | Profile::KafkaPython => &[Range, RoundRobin, Sticky, CooperativeSticky],
    }
}

/// A consumer's configuration after creation: what the client runs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerConfig {
    pub profile: Profile,
    /// `bootstrap.servers` (`metadata.broker.list`).
    pub bootstrap_servers: Option<String>,
    pub client_id: String,
    pub group_id: Option<String>,
    /// Static membership (KIP-345) when set.
    pub group_instance_id: Option<String>,
    pub session_timeout_ms: u32,
    pub heartbeat_interval_ms: u32,
    /// How often the client refreshes its metadata (new partitions, leaders); `None` never.
    /// librdkafka `topic.metadata.refresh.interval.ms` (-1 .. 3600000, default 300000;
    /// CONFIGURATION.md), whose timer `rd_kafka_new` starts only when it is above 0; the
    /// Java client's `metadata.max.age.ms` (300000).
    pub metadata_refresh_interval_ms: Option<u32>,
    pub max_poll_interval_ms: u32,
    /// The assignors by preference, each once.
    pub partition_assignment_strategy: Vec<Strategy>,
    pub group_protocol: GroupProtocol,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: u32,
    /// librdkafka's offset store; Java has none (it commits positions).
    pub enable_auto_offset_store: Option<bool>,
    pub auto_offset_reset: OffsetReset,
    pub isolation_level: IsolationLevel,
    pub fetch_min_bytes: u32,
    /// After librdkafka's adjustment to `message.max.bytes` and the queue size.
    pub fetch_max_bytes: u32,
    /// `fetch.wait.max.ms` (Java: `fetch.max.wait.ms`).
    pub fetch_wait_max_ms: u32,
    /// `max.partition.fetch.bytes` (`fetch.message.max.bytes`).
    pub max_partition_fetch_bytes: u32,
    /// Java's records per poll; librdkafka's classic consumer has no such limit.
    pub max_poll_records: Option<u32>,
    pub enable_partition_eof: bool,
    /// An `error_cb` callable was given.
    pub error_cb: bool,
    /// An `on_commit` callable was given.
    pub on_commit: bool,
}

impl ConsumerConfig {
    /// `Consumer(conf)`: confluent-kafka-python first requires a `group.id` key, then the
    /// pairs are applied in order, then the profile's client runs its creation checks.
    /// Source: confluent-kafka-python `confluent_kafka.c` `common_conf_setup`.
    pub fn from_pairs(
        profile: Profile,
        pairs: &[(&str, ConfigValue)],
    ) -> Result<ConsumerConfig, ConfigError> {
        if profile == Profile::KafkaPython {
            return super::kafka_python::consumer(pairs);
        }
        if !pairs.iter().any(|(name, _)| *name == "group.id") {
            return Err(ConfigError::new(
                Raised::ValueError,
                "Failed to create consumer: group.id must be set",
            ));
        }
        let mut parsed = parse_pairs(profile, ClientType::Consumer, pairs)?;
        let s = &mut parsed.settings;
        let failed = |message: String| match profile {
            Profile::Librdkafka => ConfigError::new(
                Raised::KafkaException,
                format!("Failed to create consumer: {message}"),
            ),
            Profile::Java | Profile::KafkaPython => {
                ConfigError::new(Raised::ConfigException, message)
            }
        };
        if profile == Profile::Librdkafka {
            finalize_librdkafka(s).map_err(|m| failed(m.to_owned()))?;
        }
        let strategies =
            assignors(profile, s.text("partition.assignment.strategy")).map_err(failed)?;
        let u32_of =
            |name: &str| u32::try_from(s.int(name)).expect("the property's range is non-negative");
        Ok(ConsumerConfig {
            profile,
            bootstrap_servers: s.text("metadata.broker.list").map(str::to_owned),
            client_id: s.text("client.id").unwrap_or_default().to_owned(),
            group_id: s.text("group.id").map(str::to_owned),
            group_instance_id: s.text("group.instance.id").map(str::to_owned),
            session_timeout_ms: u32_of("session.timeout.ms"),
            heartbeat_interval_ms: u32_of("heartbeat.interval.ms"),
            metadata_refresh_interval_ms: match profile {
                Profile::Librdkafka => {
                    let ms = s.int("topic.metadata.refresh.interval.ms");
                    u32::try_from(ms).ok().filter(|&ms| ms > 0)
                }
                Profile::Java | Profile::KafkaPython => Some(300_000),
            },
            max_poll_interval_ms: u32_of("max.poll.interval.ms"),
            partition_assignment_strategy: strategies,
            group_protocol: match s.text("group.protocol") {
                Some("consumer") => GroupProtocol::Consumer,
                _ => GroupProtocol::Classic,
            },
            enable_auto_commit: s.bool("enable.auto.commit"),
            auto_commit_interval_ms: u32_of("auto.commit.interval.ms"),
            enable_auto_offset_store: s.bool_opt("enable.auto.offset.store"),
            auto_offset_reset: OffsetReset::from_name(
                s.text("auto.offset.reset").unwrap_or_default(),
            ),
            isolation_level: match s.text("isolation.level") {
                Some("read_committed") => IsolationLevel::ReadCommitted,
                _ => IsolationLevel::ReadUncommitted,
            },
            fetch_min_bytes: u32_of("fetch.min.bytes"),
            fetch_max_bytes: u32_of("fetch.max.bytes"),
            fetch_wait_max_ms: u32_of("fetch.wait.max.ms"),
            max_partition_fetch_bytes: u32_of("fetch.message.max.bytes"),
            max_poll_records: match profile {
                Profile::Librdkafka => None,
                Profile::Java | Profile::KafkaPython => Some(u32_of("max.poll.records")),
            },
            enable_partition_eof: s.bool("enable.partition.eof"),
            error_cb: parsed.callbacks.contains(&"error_cb"),
            on_commit: parsed.callbacks.contains(&"on_commit"),
        })
    }

    /// Whether the group work (joining, rejoining, auto-commit) happens only inside the
    /// program's `poll()`: kafka-python's coordinator `poll()` (`ensure_active_group`,
    /// `_maybe_auto_commit_offsets_async`) is called from `KafkaConsumer._poll_once`
    /// (kafka-python 3.0.12 `kafka/coordinator/consumer.py`); librdkafka does it on its
    /// background thread (`rd_kafka_cgrp_serve`, `rd_kafka_cgrp_offset_commit_tmr_cb`).
    /// Heartbeats are a background thread's in both.
    pub fn group_work_in_poll(&self) -> bool {
        self.profile == Profile::KafkaPython
    }

    /// Cooperative only when every assignor is: librdkafka refuses a mix; the Java client
    /// falls back to eager (the protocol all its assignors support).
    /// Source: librdkafka `rd_kafka_assignor_rebalance_protocol_check`; apache/kafka
    /// `ConsumerCoordinator` (the common `RebalanceProtocol` of the assignors).
    pub fn rebalance_protocol(&self) -> RebalanceProtocol {
        let all_cooperative = self
            .partition_assignment_strategy
            .iter()
            .all(|s| s.is_cooperative());
        if all_cooperative && !self.partition_assignment_strategy.is_empty() {
            RebalanceProtocol::Cooperative
        } else {
            RebalanceProtocol::Eager
        }
    }
}

/// librdkafka's consumer checks at `rd_kafka_new`, in its order, with its messages.
/// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_conf_finalize` (consumer branch).
fn finalize_librdkafka(s: &mut Settings) -> Result<(), &'static str> {
    if !(1..=100_000_000).contains(&s.int("fetch.min.bytes")) {
        return Err(
            "Configuration property \"fetch.min.bytes\" value is outside allowed range 1..100000000",
        );
    }
    if s.text("group.protocol") == Some("consumer") {
        if s.is_modified("session.timeout.ms") {
            return Err(
                "`session.timeout.ms` is not supported for `group.protocol=consumer` or \
                        share consumer. It is defined broker side",
            );
        }
        if s.is_modified("partition.assignment.strategy") {
            return Err("`partition.assignment.strategy` is not supported for \
                        `group.protocol=consumer`. Use `group.remote.assignor` instead");
        }
        if s.is_modified("heartbeat.interval.ms") {
            return Err(
                "`heartbeat.interval.ms` is not supported for `group.protocol=consumer` \
                        or share consumer. It is defined broker side",
            );
        }
    } else if s.int("max.poll.interval.ms") < s.int("session.timeout.ms") {
        // The missing space is librdkafka's.
        return Err("`max.poll.interval.ms`must be >= `session.timeout.ms`");
    }
    let message_max = s.int("message.max.bytes");
    if s.is_modified("fetch.max.bytes") {
        if s.int("fetch.max.bytes") < message_max {
            return Err("`fetch.max.bytes` must be >= `message.max.bytes`");
        }
    } else {
        let queue_bytes = i64::from(s.int("queued.max.messages.kbytes")) * 1024;
        let fetch_max = i64::from(s.int("fetch.max.bytes"))
            .min(queue_bytes)
            .max(i64::from(message_max));
        s.adjust("fetch.max.bytes", Setting::Int(fetch_max as i32));
    }
    Ok(())
}

/// The assignor list: comma-separated names, each kept once at its first place; an unknown
/// name fails, and librdkafka refuses eager and cooperative assignors together.
/// Source: librdkafka `src/rdkafka_assignor.c` `rd_kafka_assignors_init`.
fn assignors(profile: Profile, list: Option<&str>) -> Result<Vec<Strategy>, String> {
    let list = list.unwrap_or_default();
    let mut strategies = Vec::new();
    let names = match profile {
        Profile::Librdkafka => librdkafka_names(list),
        _ => list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect(),
    };
    for name in names {
        let strategy = available_strategies(profile)
            .iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| format!("Unsupported partition.assignment.strategy: {name}"))?;
        if !strategies.contains(strategy) {
            strategies.push(*strategy);
        }
    }
    let mixed = strategies
        .windows(2)
        .any(|pair| pair[0].is_cooperative() != pair[1].is_cooperative());
    if profile == Profile::Librdkafka && mixed {
        return Err(format!(
            "All partition.assignment.strategy ({list}) assignors must have the same protocol \
             type, online migration between assignors with different protocol types is not \
             supported"
        ));
    }
    Ok(strategies)
}

/// librdkafka's names in an assignor list: spaces and commas skipped, then the text up to
/// the next comma, as it is: its `rtrim()` starts at the string's end, on the NUL, and trims
/// nothing, so "range , roundrobin" names "range " and a list ending in spaces names "".
fn librdkafka_names(list: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        let from = rest.trim_start_matches([' ', ',']);
        let (name, after) = from.split_once(',').unwrap_or((from, ""));
        names.push(name);
        rest = after;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignor_lists_are_read_as_librdkafka_reads_them() {
        use Strategy::*;
        let rd = |list| assignors(Profile::Librdkafka, Some(list));
        assert_eq!(rd("range,roundrobin"), Ok(vec![Range, RoundRobin]));
        assert_eq!(
            rd(" roundrobin, range,,range,"),
            Ok(vec![RoundRobin, Range])
        );
        let unsupported =
            |name: &str| Err(format!("Unsupported partition.assignment.strategy: {name}"));
        assert_eq!(rd("range , roundrobin"), unsupported("range "));
        assert_eq!(rd("range, "), unsupported(""));
        assert_eq!(rd("cooperative-sticky"), Ok(vec![CooperativeSticky]));
        assert_eq!(
            rd("range,sticky"),
            Err("Unsupported partition.assignment.strategy: sticky".into())
        );
        assert_eq!(
            assignors(Profile::Java, Some("range,cooperative-sticky")),
            Ok(vec![Range, CooperativeSticky])
        );
    }
}
