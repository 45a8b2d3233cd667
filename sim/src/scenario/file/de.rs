//! The scenario file's structs, read with the tables of [`crate::program::de`]: each field's
//! name and type, and its default when it is left out.

use super::{
    ClusterSection, ConsumerEntry, Endpoint, File, LinkEntry, NetworkSection, ProducerEntry,
    ProfileSpec, TimelineEntry, TopicEntry,
};
use crate::collect::VecMap;
use crate::consumer;
use crate::engine::Scenario;
use crate::program::de::{self, At, NEWTYPE, Read, Spec, kinds, read_structs, spec};
use crate::scenario::config_dict::ConfigDict;
use crate::scenario::producer_program::{CallbackSpec, StmtSpec};
use serde::de::Deserializer;

kinds! {
    I32: i32,
    OptI32: Option<i32>,
    U64: u64,
    OptU64: Option<u64>,
    Usize: usize,
    OptUsize: Option<usize>,
    OptU32: Option<u32>,
    Str: String,
    OptStr: Option<String>,
    Cluster: ClusterSection,
    Network: NetworkSection,
    Links: Vec<LinkEntry>,
    Between: [Endpoint; 2],
    Topics: Vec<TopicEntry>,
    Producers: Vec<ProducerEntry>,
    Consumers: Vec<ConsumerEntry>,
    Timeline: Vec<TimelineEntry>,
    Config: ConfigDict,
    Profile: ProfileSpec,
    ProducerProgram: Vec<StmtSpec>,
    Callbacks: VecMap<String, CallbackSpec>,
    ConsumerProgram: consumer::Program,
}

use Kind::*;

/// Every field may be left out.
const FILE: Spec<Kind, File> = spec(
    "File",
    &[
        "description",
        "seed",
        "epoch_ms",
        "cluster",
        "network",
        "topics",
        "producers",
        "consumers",
        "timeline",
        "run_until_ms",
    ],
    &[
        OptStr, U64, U64, Cluster, Network, Topics, Producers, Consumers, Timeline, OptU64,
    ],
    |f| {
        Ok(File {
            description: f.opt(),
            seed: f.or_default(),
            epoch_ms: f.or(Scenario::default().epoch_ms),
            cluster: f.or_default(),
            network: f.or_default(),
            topics: f.or_default(),
            producers: f.or_default(),
            consumers: f.or_default(),
            timeline: f.or_default(),
            run_until_ms: f.opt(),
        })
    },
);

/// Every field may be left out: [`ClusterSection::default`]'s.
const CLUSTER: Spec<Kind, ClusterSection> = spec(
    "ClusterSection",
    &[
        "brokers",
        "replica_lag_time_max_ms",
        "broker_session_timeout_ms",
        "replica_fetch_wait_max_ms",
        "replica_fetch_backoff_ms",
        "default_replication_factor",
        "min_insync_replicas",
        "follower_fetch_delay_ms",
        "group_initial_rebalance_delay_ms",
    ],
    &[I32, U64, U64, U64, U64, I32, Usize, U64, U64],
    |f| {
        let default = ClusterSection::default();
        Ok(ClusterSection {
            brokers: f.or(default.brokers),
            replica_lag_time_max_ms: f.or(default.replica_lag_time_max_ms),
            broker_session_timeout_ms: f.or(default.broker_session_timeout_ms),
            replica_fetch_wait_max_ms: f.or(default.replica_fetch_wait_max_ms),
            replica_fetch_backoff_ms: f.or(default.replica_fetch_backoff_ms),
            default_replication_factor: f.or(default.default_replication_factor),
            min_insync_replicas: f.or(default.min_insync_replicas),
            follower_fetch_delay_ms: f.or(default.follower_fetch_delay_ms),
            group_initial_rebalance_delay_ms: f.or(default.group_initial_rebalance_delay_ms),
        })
    },
);

/// Every field may be left out: [`NetworkSection::default`]'s.
const NETWORK: Spec<Kind, NetworkSection> = spec(
    "NetworkSection",
    &["latency_ms", "jitter_ms", "links"],
    &[U64, U64, Links],
    |f| {
        let default = NetworkSection::default();
        Ok(NetworkSection {
            latency_ms: f.or(default.latency_ms),
            jitter_ms: f.or(default.jitter_ms),
            links: f.or(default.links),
        })
    },
);

const LINK: Spec<Kind, LinkEntry> = spec(
    "LinkEntry",
    &["between", "latency_ms"],
    &[Between, U64],
    |f| {
        Ok(LinkEntry {
            between: f.get()?,
            latency_ms: f.get()?,
        })
    },
);

/// `{"broker": 1}`, `{"producer": 0}`, `{"consumer": 0}`.
const ENDPOINTS: &[Spec<Kind, Endpoint>] = &[
    spec("broker", NEWTYPE, &[I32], |f| {
        Ok(Endpoint::Broker(f.get()?))
    }),
    spec("producer", NEWTYPE, &[Usize], |f| {
        Ok(Endpoint::Producer(f.get()?))
    }),
    spec("consumer", NEWTYPE, &[Usize], |f| {
        Ok(Endpoint::Consumer(f.get()?))
    }),
];

/// A topic's partitions default to 1, its other settings to the cluster's.
const TOPIC: Spec<Kind, TopicEntry> = spec(
    "TopicEntry",
    &[
        "name",
        "partitions",
        "replication_factor",
        "min_insync_replicas",
    ],
    &[Str, I32, OptI32, OptUsize],
    |f| {
        Ok(TopicEntry {
            name: f.get()?,
            partitions: f.or(1),
            replication_factor: f.opt(),
            min_insync_replicas: f.opt(),
        })
    },
);

/// The program is required; the client starts at 0 unless `start_at_ms` says otherwise.
const PRODUCER: Spec<Kind, ProducerEntry> = spec(
    "ProducerEntry",
    &[
        "config",
        "profile",
        "program",
        "callbacks",
        "error_cb",
        "start_at_ms",
    ],
    &[Config, Profile, ProducerProgram, Callbacks, OptU32, OptU64],
    |f| {
        Ok(ProducerEntry {
            config: f.or_default(),
            profile: f.or_default(),
            program: f.get()?,
            callbacks: f.or_default(),
            error_cb: f.opt(),
            start_at_ms: f.or(Some(0)),
        })
    },
);

/// The configuration (for its `group.id`) and the program are required.
const CONSUMER: Spec<Kind, ConsumerEntry> = spec(
    "ConsumerEntry",
    &["config", "profile", "program", "error_cb", "start_at_ms"],
    &[Config, Profile, ConsumerProgram, OptU32, OptU64],
    |f| {
        Ok(ConsumerEntry {
            config: f.get()?,
            profile: f.or_default(),
            program: f.get()?,
            error_cb: f.opt(),
            start_at_ms: f.or(Some(0)),
        })
    },
);

const ENDPOINT_NAMES: [&str; 3] = de::names(ENDPOINTS);

read_structs! {
    File: FILE,
    ClusterSection: CLUSTER,
    NetworkSection: NETWORK,
    LinkEntry: LINK,
    TopicEntry: TOPIC,
    ProducerEntry: PRODUCER,
    ConsumerEntry: CONSUMER,
}

impl Read for Endpoint {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        de::read_enum(
            deserializer,
            at,
            "Endpoint",
            ENDPOINTS,
            &ENDPOINT_NAMES,
            true,
        )
    }
}

impl Read for ProfileSpec {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        use ProfileSpec::*;
        const NAMES: &[&str] = &["librdkafka", "java", "kafka-python"];
        let i = de::read_unit(deserializer, at, "ProfileSpec", NAMES)?;
        Ok([Librdkafka, Java, KafkaPython][i])
    }
}
