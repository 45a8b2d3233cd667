//! The producer's metadata cache and when it asks for more: the producer knows partition
//! leaders only from its Metadata answers (librdkafka's `rd_kafka_metadata_cache` and the
//! topics' `rkt_p[]` leaders, updated by `rd_kafka_topic_metadata_update` in
//! src/rdkafka_topic.c), and it asks
//!
//! * when its first connection comes up ("connected", `rd_kafka_broker_connect_up`);
//! * when a connection that was up breaks ("broker down", `rd_kafka_broker_fail`);
//! * on the client's 1 s tick, while a topic it uses has no metadata yet or a partition
//!   whose leader's connection is down ("refresh unavailable topics",
//!   `rd_kafka_topic_scan_all` and `rd_kafka_toppar_needs_query` in src/rdkafka_topic.c;
//!   a leader never connected to, `RD_KAFKA_BROKER_STATE_INIT` with sparse connections,
//!   does not count);
//! * every `topic.metadata.refresh.interval.ms` ("periodic topic and broker list refresh",
//!   `rd_kafka_metadata_refresh_cb` in src/rdkafka.c);
//! * by the fast leader query: a produce error whose action is to refresh
//!   (`rd_kafka_handle_Produce_error`: `_TRANSPORT`, NOT_LEADER_FOR_PARTITION, ...) marks the
//!   topic's leader unavailable (`rd_kafka_toppar_leader_unavailable`), and so does a topic
//!   new to the client (`rd_kafka_topic_leader_query`); the query runs at once, then again
//!   after `retry.backoff.ms`, doubling with ±20 % jitter up to `retry.backoff.max.ms`
//!   (`rd_kafka_metadata_leader_query_tmr_cb`, `rd_kafka_timer_exp_backoff`), until an
//!   answer shows every partition of the marked topics with a leader.
//!
//! One request is in flight at a time; what is asked meanwhile goes when it returns (the
//! model's answers carry every topic, so one answers all).

use crate::Topic;
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::ids::Millis;
use crate::wire::{MetadataReason, MetadataResponse};
use std::borrow::Borrow;

/// `topic.metadata.refresh.interval.ms` (default 300000, CONFIGURATION.md).
pub const REFRESH_INTERVAL_MS: Millis = 300_000;

/// A topic's partitions as the last answer gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaders {
    /// The topic's shared name.
    pub topic: Topic,
    /// Each partition's leader, by partition.
    pub leaders: Vec<Option<i32>>,
    /// Whether each partition has a leader (what the partitioner is given).
    pub has_leader: Vec<bool>,
}

/// What the cache says of a topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicState<'a> {
    /// No answer yet: messages wait in the topic's unassigned queue
    /// (`RD_KAFKA_TOPIC_S_UNKNOWN`, `rd_kafka_msg_partitioner`).
    Unknown,
    /// The last answer did not list it (`RD_KAFKA_TOPIC_S_NOTEXISTS`).
    NotExists,
    Exists(&'a Leaders),
}

/// The request in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asked {
    pub broker: i32,
    pub reason: MetadataReason,
    /// Its number, so that a stale timeout does nothing.
    pub number: u64,
}

/// The cache and the schedule of requests.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    topics: VecMap<Topic, Leaders>,
    /// The brokers the last answer listed.
    brokers: Vec<i32>,
    pub(super) answered: bool,
    pub in_flight: Option<Asked>,
    requests: u64,
    /// A request to send when the one in flight returns.
    pub again: Option<MetadataReason>,
    /// Topics whose leader is unavailable (`RD_KAFKA_TOPIC_F_LEADER_UNAVAIL`).
    unavailable: Vec<Topic>,
    /// The fast leader query's next run and its interval (`rkmc_query_tmr`).
    pub query_at: Option<Millis>,
    query_interval: Millis,
    /// The next periodic refresh.
    pub refresh_at: Option<Millis>,
    /// The next 1 s tick that scans for unavailable topics, while one is wanted.
    pub scan_at: Option<Millis>,
}

impl Metadata {
    /// What the cache says of `topic` (a name, or a [`Topic`], which compares by pointer
    /// first: `produce()` asks for every message).
    pub fn topic<Q: Ord + ?Sized>(&self, topic: &Q) -> TopicState<'_>
    where
        Topic: Borrow<Q>,
    {
        match self.topics.get(topic) {
            Some(leaders) => TopicState::Exists(leaders),
            None if self.answered => TopicState::NotExists,
            None => TopicState::Unknown,
        }
    }

    /// Whether the 1 s scan would ask again: `topics` (those the client uses) include one
    /// with a partition whose leader's connection `down` says is down.
    pub fn unavailable_leaders<'a>(
        &self,
        mut topics: impl Iterator<Item = &'a Topic>,
        down: impl Fn(i32) -> bool,
    ) -> bool {
        topics.any(|t| {
            self.topics
                .get(&**t)
                .is_some_and(|l| l.leaders.iter().flatten().any(|&b| down(b)))
        })
    }

    /// The leader the cache names for `tp`.
    pub fn leader(&self, tp: &TopicPartition) -> Option<i32> {
        let leaders = self.topics.get(&*tp.topic)?;
        *leaders.leaders.get(usize::try_from(tp.partition).ok()?)?
    }

    /// How many brokers the client knows: those the last answer listed, or the bootstrap
    /// entry before any.
    pub fn broker_count(&self) -> usize {
        self.brokers.len().max(1)
    }

    /// The brokers the client knows, by id (empty before the first answer).
    pub fn brokers(&self) -> &[i32] {
        &self.brokers
    }

    /// Numbers a new request.
    pub fn ask(&mut self, broker: i32, reason: MetadataReason) -> Asked {
        self.requests += 1;
        let asked = Asked {
            broker,
            reason,
            number: self.requests,
        };
        self.in_flight = Some(asked);
        asked
    }

    /// Takes an answer into the cache (`rd_kafka_topic_metadata_update`): a marked topic
    /// whose partitions all have leaders is no longer marked.
    pub fn update(&mut self, answer: MetadataResponse) {
        self.answered = true;
        self.brokers = answer.brokers;
        self.topics = answer
            .topics
            .into_iter()
            .map(|(topic, leaders)| {
                let has_leader = leaders.iter().map(Option::is_some).collect();
                let name = topic.clone();
                (
                    topic,
                    Leaders {
                        topic: name,
                        leaders,
                        has_leader,
                    },
                )
            })
            .collect();
        let topics = &self.topics;
        self.unavailable.retain(|t| {
            topics
                .get(&**t)
                .is_none_or(|l| l.has_leader.iter().any(|&has| !has))
        });
    }

    /// Marks `topic`'s leader unavailable; returns whether the fast leader query must
    /// (re)start at once: it is not running, or its next run is more than
    /// `topic.metadata.refresh.fast.interval.ms` away (`rd_kafka_metadata_fast_leader_query`;
    /// the interval defaults to `retry.backoff.ms`, `fast_ms`).
    pub fn leader_unavailable(&mut self, topic: &Topic, now: Millis, fast_ms: Millis) -> bool {
        if !self.unavailable.contains(topic) {
            self.unavailable.push(topic.clone());
        }
        self.query_at.is_none_or(|at| at > now + fast_ms)
    }

    /// Whether a topic is marked (the fast leader query goes on).
    pub fn wants_leaders(&self) -> bool {
        !self.unavailable.is_empty()
    }

    /// The fast leader query starts again from its first run, at once.
    pub fn restart_query(&mut self, now: Millis) {
        self.query_interval = 0;
        self.query_at = Some(now);
    }

    /// The fast leader query ran at `now`: its next run (`rd_kafka_timer_exp_backoff`: the
    /// interval doubles, within `min_ms`..`max_ms`; `jitter_percent` applies to this run
    /// only, and not at either bound).
    pub fn query_backoff(
        &mut self,
        now: Millis,
        min_ms: Millis,
        max_ms: Millis,
        jitter_percent: i64,
    ) {
        let doubled = self.query_interval * 2;
        let jittered = doubled as i64 + jitter_percent * doubled as i64 / 100;
        let (interval, delay) = if jittered < min_ms as i64 {
            (min_ms, min_ms)
        } else if jittered > max_ms as i64 {
            (max_ms, max_ms)
        } else {
            (doubled, jittered as Millis)
        };
        self.query_interval = interval;
        self.query_at = Some(now + delay);
    }

    /// The fast leader query stops (no topic is marked).
    pub fn stop_query(&mut self) {
        self.query_at = None;
        self.query_interval = 0;
    }
}
