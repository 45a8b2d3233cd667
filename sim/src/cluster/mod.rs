//! Brokers and their replicated logs: leaders, followers that fetch as requests over the
//! network, the in-sync replica set, the high watermark, `min.insync.replicas`, crashes,
//! restarts, leader election from the ISR and truncation of what only a dead leader had.
//!
//! Sources: apache/kafka `cluster/Partition.scala` (appendRecordsToLeader,
//! maybeIncrementLeaderHW, maybeShrinkIsr, maybeExpandIsr, checkEnoughReplicasReachOffset),
//! `server/ReplicaManager.scala` (isr-expiration task), KIP-101 and KIP-279 (truncation by
//! leader epoch), KRaft's `broker.session.timeout.ms` (fencing of a silent broker).

mod idle;
mod log;
mod node;
mod partition;
mod placement;
mod reads;
mod replication;

pub use crate::wire::Record;
pub use idle::{Cadence, Folded, LoopItem, LoopStep, Quiet, QuietMemo, order_folded};
pub use log::{BATCHES_TO_RETAIN, ReplicaLog, SequenceCheck};
pub use partition::{DelayedProduce, FollowerProgress, Partition};
pub use reads::Read;

use crate::Topic;
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::ids::Millis;
use crate::outbox::Outbox;
use crate::rng::SimRng;
use crate::wire::MetadataResponse;
use placement::place_replicas;
use serde::{Deserialize, Serialize};

/// The brokers and the timing settings of the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSpec {
    /// Broker ids are 1..=brokers.
    pub brokers: i32,
    /// `replica.lag.time.max.ms` (broker default 30000).
    pub replica_lag_time_max_ms: Millis,
    /// `broker.session.timeout.ms` (KRaft default 9000): how long a crashed broker keeps its
    /// place before the controller fences it.
    pub broker_session_timeout_ms: Millis,
    /// `replica.fetch.wait.max.ms` (default 500): how long a follower's empty fetch waits.
    pub replica_fetch_wait_max_ms: Millis,
    /// `replica.fetch.backoff.ms` (default 1000): wait after a failed fetch.
    pub replica_fetch_backoff_ms: Millis,
}

impl Default for ClusterSpec {
    fn default() -> Self {
        Self {
            brokers: 3,
            replica_lag_time_max_ms: 30_000,
            broker_session_timeout_ms: 9_000,
            replica_fetch_wait_max_ms: 500,
            replica_fetch_backoff_ms: 1_000,
        }
    }
}

/// A topic to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i32,
    /// `min.insync.replicas` (default 1).
    pub min_insync_replicas: usize,
}

impl TopicSpec {
    pub fn new(name: impl Into<String>, partitions: i32, replication_factor: i32) -> Self {
        Self {
            name: name.into(),
            partitions,
            replication_factor,
            min_insync_replicas: 1,
        }
    }
}

/// A broker's liveness and the faults applied to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub up: bool,
    /// Whether the controller has noticed that it is down.
    pub fenced: bool,
    /// Bumped by every crash and restart, so a stale fencing timer does nothing.
    pub incarnation: u32,
    /// Extra wait before each of its follower fetches (`DelayFollower`).
    pub fetch_delay_ms: Millis,
}

/// The cluster's timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterTimer {
    SendFetch {
        broker: i32,
        tp: TopicPartition,
        session: u64,
    },
    FetchWaitExpired {
        leader: i32,
        follower: i32,
        tp: TopicPartition,
        /// Which parked fetch: one answered early must not cut a later one short.
        park: u64,
    },
    ProduceExpired {
        tp: TopicPartition,
        client: usize,
        request: u64,
    },
    Fence {
        broker: i32,
        incarnation: u32,
    },
    IsrCheck,
}

/// The cluster: brokers and partitions.
#[derive(Clone, Debug)]
pub struct Cluster {
    spec: ClusterSpec,
    brokers: VecMap<i32, Broker>,
    partitions: VecMap<TopicPartition, Partition>,
    /// Numbers fetch sessions and parked fetches.
    next_id: u64,
    /// What its handlers asked for and the driver has not taken yet ([`crate::node::Node`]).
    out: Outbox<ClusterTimer>,
}

impl Cluster {
    /// Creates the brokers and the topics, placing replicas as Kafka's rack-unaware placement
    /// does (apache/kafka `AdminUtils.assignReplicasToBrokersRackUnaware`: a random start
    /// broker, the first replicas round-robin, followers shifted by a random amount).
    pub fn new(spec: ClusterSpec, topics: &[TopicSpec], seed: u64) -> Result<Self, String> {
        if spec.brokers < 1 {
            return Err("a cluster needs at least one broker".into());
        }
        let ids: Vec<i32> = (1..=spec.brokers).collect();
        let n = ids.len();
        let mut rng = SimRng::stream(seed, "cluster");
        let mut partitions = VecMap::new();
        for topic in topics {
            let rf = usize::try_from(topic.replication_factor).unwrap_or(0);
            if topic.partitions < 1 || rf < 1 || rf > n {
                return Err(format!(
                    "topic {}: replication factor {} with {} partitions is impossible on {} brokers",
                    topic.name, topic.replication_factor, topic.partitions, n
                ));
            }
            let start = rng.between(0, n as u64 - 1) as usize;
            let shift = rng.between(0, n as u64 - 1) as usize;
            let placed = place_replicas(&ids, start, shift, 0, topic.partitions as usize, rf);
            let name = Topic::from(&topic.name);
            for (p, replicas) in placed.into_iter().enumerate() {
                let created = partitions.len() + 1;
                partitions.insert(
                    TopicPartition::new(name.clone(), p as i32),
                    Partition::new(replicas, topic.min_insync_replicas, 0, created),
                );
            }
        }
        let brokers = ids
            .iter()
            .map(|&id| {
                let broker = Broker {
                    up: true,
                    fenced: false,
                    incarnation: 0,
                    fetch_delay_ms: 0,
                };
                (id, broker)
            })
            .collect();
        Ok(Self {
            spec,
            brokers,
            partitions,
            next_id: 0,
            out: Outbox::default(),
        })
    }

    pub fn spec(&self) -> &ClusterSpec {
        &self.spec
    }

    pub fn brokers(&self) -> &VecMap<i32, Broker> {
        &self.brokers
    }

    pub fn broker_is_up(&self, broker: i32) -> bool {
        self.brokers.get(&broker).is_some_and(|b| b.up)
    }

    /// The rank of `tp`'s fetch loop steps among the items due at the same millisecond
    /// ([`Partition::rank`]).
    pub fn partition_rank(&self, tp: &TopicPartition) -> u16 {
        self.partitions.get(tp).map_or(u16::MAX, |p| p.rank)
    }

    pub fn partitions(&self) -> &VecMap<TopicPartition, Partition> {
        &self.partitions
    }

    pub fn partition(&self, tp: &TopicPartition) -> Option<&Partition> {
        self.partitions.get(tp)
    }

    /// The cluster's own key for `tp`: its topic name is shared by every partition of the
    /// topic, so lookups and comparisons with it stop at the pointer.
    pub fn shared_partition(&self, tp: &TopicPartition) -> Option<&TopicPartition> {
        self.partitions.get_key_value(tp).map(|(key, _)| key)
    }

    /// The number of partitions of `topic`, if it exists.
    pub fn partition_count(&self, topic: &str) -> Option<i32> {
        self.topic(topic).map(|(_, count)| count)
    }

    /// `name`'s shared [`Topic`] (so that partitions named after it share its name) and its
    /// number of partitions, if it exists.
    pub fn topic(&self, name: &str) -> Option<(&Topic, i32)> {
        let mut of_topic = self.partitions.keys().filter(|tp| tp.topic == name);
        let first = of_topic.next()?;
        Some((&first.topic, 1 + of_topic.count() as i32))
    }

    /// The leader the metadata names for `tp`, if any.
    pub fn leader(&self, tp: &TopicPartition) -> Option<i32> {
        self.partitions.get(tp).and_then(|p| p.leader)
    }

    /// What a live broker answers a Metadata request now: every broker of the cluster and
    /// every topic's partition leaders (the controller's view, which the model's brokers all
    /// share at once).
    pub fn metadata(&self) -> MetadataResponse {
        let mut topics: VecMap<Topic, Vec<Option<i32>>> = VecMap::new();
        for (tp, p) in self.partitions.iter() {
            topics.entry(tp.topic.clone()).or_default().push(p.leader);
        }
        MetadataResponse {
            brokers: self.brokers.keys().copied().collect(),
            topics,
        }
    }
}
