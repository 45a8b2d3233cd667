//! The scenario file's JSON shape, as written by hand: readable names, and a default for
//! everything that may be left out (the tables in [`de`] say which). [`super::parse`] turns it
//! into an engine scenario.

use super::config_dict::ConfigDict;
use super::producer_program::{CallbackSpec, StmtSpec};
use crate::cluster::ClusterSpec;
use crate::collect::VecMap;
use crate::consumer;
use crate::coordinator::CoordinatorConfig;
use crate::engine::Trigger;
use crate::ids::Millis;

mod command;
mod de;

/// A scenario file (its defaults are in [`de`]'s tables).
#[derive(Debug)]
pub struct File {
    /// Free text for the reader (JSON has no comments).
    pub description: Option<String>,
    pub seed: u64,
    pub epoch_ms: u64,
    pub cluster: ClusterSection,
    pub network: NetworkSection,
    pub topics: Vec<TopicEntry>,
    pub producers: Vec<ProducerEntry>,
    pub consumers: Vec<ConsumerEntry>,
    pub timeline: Vec<TimelineEntry>,
    pub run_until_ms: Option<Millis>,
}

/// The brokers, their timing settings (broker property names with `_` for `.`) and the
/// defaults of the topics.
#[derive(Debug)]
pub struct ClusterSection {
    pub brokers: i32,
    pub replica_lag_time_max_ms: Millis,
    pub broker_session_timeout_ms: Millis,
    pub replica_fetch_wait_max_ms: Millis,
    pub replica_fetch_backoff_ms: Millis,
    /// The broker's `default.replication.factor` (Kafka's default 1): topics without their own.
    pub default_replication_factor: i32,
    /// The broker's `min.insync.replicas` (Kafka's default 1): topics without their own.
    pub min_insync_replicas: usize,
    /// Every broker waits this long before each of its follower fetches (0: no delay).
    pub follower_fetch_delay_ms: Millis,
    /// The brokers' `group.initial.rebalance.delay.ms` (Kafka's default 3000).
    pub group_initial_rebalance_delay_ms: Millis,
}

impl Default for ClusterSection {
    fn default() -> Self {
        let spec = ClusterSpec::default();
        Self {
            brokers: spec.brokers,
            replica_lag_time_max_ms: spec.replica_lag_time_max_ms,
            broker_session_timeout_ms: spec.broker_session_timeout_ms,
            replica_fetch_wait_max_ms: spec.replica_fetch_wait_max_ms,
            replica_fetch_backoff_ms: spec.replica_fetch_backoff_ms,
            default_replication_factor: 1,
            min_insync_replicas: 1,
            follower_fetch_delay_ms: 0,
            group_initial_rebalance_delay_ms: CoordinatorConfig::default()
                .initial_rebalance_delay_ms,
        }
    }
}

impl ClusterSection {
    pub fn spec(&self) -> ClusterSpec {
        ClusterSpec {
            brokers: self.brokers,
            replica_lag_time_max_ms: self.replica_lag_time_max_ms,
            broker_session_timeout_ms: self.broker_session_timeout_ms,
            replica_fetch_wait_max_ms: self.replica_fetch_wait_max_ms,
            replica_fetch_backoff_ms: self.replica_fetch_backoff_ms,
        }
    }

    pub fn coordinator(&self) -> CoordinatorConfig {
        CoordinatorConfig {
            initial_rebalance_delay_ms: self.group_initial_rebalance_delay_ms,
            ..CoordinatorConfig::default()
        }
    }
}

#[derive(Debug)]
pub struct NetworkSection {
    /// One-way latency of every link without its own.
    pub latency_ms: Millis,
    /// Each message takes up to this much longer, drawn from the seed.
    pub jitter_ms: Millis,
    pub links: Vec<LinkEntry>,
}

impl Default for NetworkSection {
    fn default() -> Self {
        let spec = crate::engine::NetworkSpec::default();
        Self {
            latency_ms: spec.latency_ms,
            jitter_ms: spec.jitter_ms,
            links: Vec::new(),
        }
    }
}

/// A link with its own one-way latency, both directions.
#[derive(Debug)]
pub struct LinkEntry {
    pub between: [Endpoint; 2],
    pub latency_ms: Millis,
}

#[derive(Clone, Copy, Debug)]
pub enum Endpoint {
    Broker(i32),
    Producer(usize),
    Consumer(usize),
}

#[derive(Debug)]
pub struct TopicEntry {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: Option<i32>,
    pub min_insync_replicas: Option<usize>,
}

/// Which client's behaviour: librdkafka (the course's), the Java client, or kafka-python.
#[derive(Clone, Copy, Debug, Default)]
pub enum ProfileSpec {
    #[default]
    Librdkafka,
    Java,
    KafkaPython,
}

#[derive(Debug)]
pub struct ProducerEntry {
    /// `Producer(props)`: librdkafka property names to values.
    pub config: ConfigDict,
    pub profile: ProfileSpec,
    pub program: Vec<StmtSpec>,
    /// Delivery callbacks by name, for `produce`'s `callback`.
    pub callbacks: VecMap<String, CallbackSpec>,
    /// The line of `error_cb`'s `print('Error: %s' % err)`, if the program registers one.
    pub error_cb: Option<u32>,
    /// When the program starts; `null`: only by a `start_producer` command.
    pub start_at_ms: Option<Millis>,
}

#[derive(Debug)]
pub struct ConsumerEntry {
    /// `Consumer(props)`: librdkafka property names to values; `group.id` is required.
    pub config: ConfigDict,
    pub profile: ProfileSpec,
    /// The poll loop and its callbacks, statements with their Python lines.
    pub program: consumer::Program,
    /// The line of `error_cb`'s `print('Error: %s' % err)`, if the program registers one
    /// (as for producers; the same as the program's `callbacks.error_cb`).
    pub error_cb: Option<u32>,
    /// When the program starts; `null`: only by a `start_consumer` command.
    pub start_at_ms: Option<Millis>,
}

/// A timeline entry as written: a JSON object whose `at_ms` or `after` (and `wait_ms`) say
/// when, the rest what ([`CommandEntry`]); `build` splits the two.
pub type TimelineEntry = serde_json::Map<String, serde_json::Value>;

/// When a timeline command runs: at a time, or `wait_ms` after the first time an event
/// happens.
#[derive(Debug)]
pub struct When {
    pub at_ms: Option<Millis>,
    pub after: Option<Trigger>,
    pub wait_ms: Option<Millis>,
}

impl When {
    /// The fields of [`When`], taken out of a timeline entry.
    pub const FIELDS: [&str; 3] = ["at_ms", "after", "wait_ms"];
}

/// What a timeline entry does: `{"command": "crash_broker", "broker": 1}` (read by
/// [`CommandEntry::of`]).
#[derive(Clone, Debug)]
pub enum CommandEntry {
    CrashBroker {
        broker: i32,
    },
    RestartBroker {
        broker: i32,
    },
    DropNextResponse {
        broker: i32,
    },
    DelayFollower {
        broker: i32,
        delay_ms: Millis,
    },
    /// CreatePartitions: the topic grows to `count` partitions in all.
    AddPartitions {
        topic: String,
        count: i32,
    },
    StartProducer {
        producer: usize,
    },
    StartConsumer {
        consumer: usize,
    },
    /// Ctrl+C: the program's `except KeyboardInterrupt` and `finally` run (`close()`).
    InterruptConsumer {
        consumer: usize,
    },
    /// `running = False`: the program's `while running:` loop ends at its next head.
    StopConsumer {
        consumer: usize,
    },
    /// `kill -9`: the consumer sends nothing more.
    KillConsumer {
        consumer: usize,
    },
}
