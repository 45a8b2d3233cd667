//! The producer's side of metadata ([`super::super::metadata`]): its Metadata requests and
//! answers, and the messages that wait for a topic's first answer in the topic's unassigned
//! queue. librdkafka enqueues a message on the UA partition while its topic's state is
//! unknown (`rd_kafka_msg_partitioner`, `RD_KAFKA_TOPIC_S_UNKNOWN`) and partitions them when
//! the metadata arrives (`rd_kafka_topic_assign_uas` in src/rdkafka_topic.c), failing those
//! whose topic does not exist (`_UNKNOWN_TOPIC`) or whose `partition=N` it lacks
//! (`_UNKNOWN_PARTITION`). Their `linger.ms` still counts from `produce()` (`rkm_ts_enq`).

use super::{ClientTimer, Out, PartitionQueue, Pending, ProduceError, ProducerClient};
use crate::Topic;
use crate::TopicPartition;
use crate::config::Profile;
use crate::connection::BOOTSTRAP_BROKER;
use crate::ids::{Millis, NodeId, Process};
use crate::partitioner::{self, PARTITION_UA, StickyState};
use crate::producer::kafka_python;
use crate::producer::metadata::{REFRESH_INTERVAL_MS, TopicState};
use crate::trace::Event;
use crate::wire::{KafkaError, Message, MetadataReason, MetadataRequest, MetadataResponse};
use std::collections::VecDeque;

/// A message waiting for its topic's metadata, with its `partition=N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Unassigned {
    pub(super) partition: Option<i32>,
    pub(super) message: Pending,
}

impl ProducerClient {
    /// Asks for metadata now, or after the request in flight; to the bootstrap broker before
    /// the first answer, then to the first known broker whose connection is usable
    /// (`rd_kafka_broker_any_usable`). Without one, it waits for a connection to come up.
    /// (Every answer carries every topic, so one request stands for all those asked.)
    pub(super) fn request_metadata(&mut self, reason: MetadataReason, now: Millis, out: &mut Out) {
        if self.metadata.in_flight.is_some() {
            self.metadata.again.get_or_insert(reason);
            return;
        }
        let broker = match self.metadata.brokers() {
            [] => Some(BOOTSTRAP_BROKER),
            known => known.iter().copied().find(|&b| self.links.usable(b)),
        };
        let Some(broker) = broker.filter(|&b| self.links.usable(b)) else {
            self.metadata.again.get_or_insert(reason);
            return;
        };
        self.metadata.again = None;
        let asked = self.metadata.ask(broker, reason);
        self.links.open(broker, now);
        out.event(Event::MetadataRequested {
            process: Process::Producer(self.index),
            broker,
            reason,
        });
        out.send(
            NodeId::Client(self.index),
            NodeId::Broker(broker),
            Message::Metadata(MetadataRequest { reason }),
        );
        let timeout = self.settings.socket_timeout_ms;
        out.timer(now + timeout, ClientTimer::MetadataTimeout(asked.number));
    }

    /// `name` as the [`Topic`] the producer already holds (its metadata's, or its waiting
    /// messages'), so that a `produce()` allocates no name of its own.
    pub fn topic_named(&self, name: &str) -> Topic {
        let known = match self.metadata.topic(name) {
            TopicState::Exists(leaders) => Some(&leaders.topic),
            _ => self.unassigned.keys().find(|t| **t == *name),
        };
        known.cloned().unwrap_or_else(|| Topic::from(name))
    }

    /// Whether a Metadata answer has arrived (every answer lists every topic).
    pub fn knows_metadata(&self) -> bool {
        self.metadata.answered
    }

    /// A Metadata answer: the cache takes it, the unassigned messages get their partitions,
    /// and what was asked meanwhile goes.
    pub fn on_metadata(&mut self, answer: MetadataResponse, now: Millis, out: &mut Out) {
        let Some(asked) = self.metadata.in_flight.take() else {
            return;
        };
        out.event(Event::MetadataAnswered {
            process: Process::Producer(self.index),
            broker: asked.broker,
            reason: asked.reason,
        });
        self.metadata.update(answer);
        if self.metadata.refresh_at.is_none() {
            self.schedule_refresh(now, out);
        }
        self.assign_unassigned(now, out);
        if let Some(reason) = self.metadata.again.take() {
            self.request_metadata(reason, now, out);
        }
        self.schedule_scan(now, out);
    }

    /// Schedules the 1 s scan's next tick while it would find something to ask for.
    pub(super) fn schedule_scan(&mut self, now: Millis, out: &mut Out) {
        if self.scan_wanted() && self.metadata.scan_at.is_none_or(|at| at <= now) {
            let at = self.links.next_tick(now + 1);
            self.metadata.scan_at = Some(at);
            out.timer(at, ClientTimer::Metadata);
        }
    }

    /// What the 1 s scan asks for: a topic waiting for its metadata, or a partition whose
    /// leader's connection is down.
    fn scan_wanted(&self) -> bool {
        let used = self.partitions.keys().map(|tp| &tp.topic);
        !self.unassigned.is_empty()
            || self
                .metadata
                .unavailable_leaders(used, |b| self.links.is_down(b))
    }

    /// The metadata request in flight failed (its connection broke, or it timed out): it
    /// goes again, to a usable broker.
    pub(super) fn metadata_failed(&mut self, broker: i32, now: Millis, out: &mut Out) {
        if let Some(asked) = self.metadata.in_flight.take_if(|a| a.broker == broker) {
            let reason = self.metadata.again.take().unwrap_or(asked.reason);
            self.request_metadata(reason, now, out);
        }
    }

    /// The metadata request `number` got no answer within `socket.timeout.ms`.
    pub(super) fn metadata_timed_out(&mut self, number: u64, now: Millis, out: &mut Out) {
        if let Some(asked) = self.metadata.in_flight.filter(|a| a.number == number) {
            self.connection_lost(asked.broker, now, out);
        }
    }

    /// A produce to `topic` failed with an error whose action is to refresh: the topic's
    /// leader is unavailable and the fast leader query (re)starts.
    pub(super) fn leader_unavailable(&mut self, topic: &Topic, now: Millis, out: &mut Out) {
        let fast_ms = self.settings.retry_backoff_ms;
        if self.metadata.leader_unavailable(topic, now, fast_ms) {
            self.metadata.restart_query(now);
            self.run_leader_query(now, out);
        }
    }

    /// The periodic refresh or the fast leader query may be due.
    pub(super) fn on_metadata_timer(&mut self, now: Millis, out: &mut Out) {
        if self.metadata.refresh_at == Some(now) {
            self.schedule_refresh(now, out);
            self.request_metadata(MetadataReason::Periodic, now, out);
        }
        if self.metadata.query_at == Some(now) {
            self.run_leader_query(now, out);
        }
        if self.metadata.scan_at == Some(now) {
            self.metadata.scan_at = None;
            if self.scan_wanted() {
                self.request_metadata(MetadataReason::Unavailable, now, out);
            }
            self.schedule_scan(now, out);
        }
    }

    /// The fast leader query's run: a request while a topic is marked, then the next run
    /// after its backoff; it stops once none is.
    fn run_leader_query(&mut self, now: Millis, out: &mut Out) {
        if !self.metadata.wants_leaders() {
            self.metadata.stop_query();
            return;
        }
        self.request_metadata(MetadataReason::LeaderQuery, now, out);
        let s = &self.settings;
        let (min, max) = (s.retry_backoff_ms, s.retry_backoff_max_ms);
        let jitter = self.metadata_rng.between(0, 2 * RETRY_JITTER) as i64 - RETRY_JITTER as i64;
        self.metadata.query_backoff(now, min, max, jitter);
        let at = self.metadata.query_at.expect("scheduled");
        out.timer(at, ClientTimer::Metadata);
    }

    fn schedule_refresh(&mut self, now: Millis, out: &mut Out) {
        let at = now + REFRESH_INTERVAL_MS;
        self.metadata.refresh_at = Some(at);
        out.timer(at, ClientTimer::Metadata);
    }

    /// The partition a message of a topic the cache knows goes to: `partition=N` if the topic
    /// has it, or the partitioner's choice among the partitions with a leader.
    pub(super) fn choose_partition(
        &mut self,
        topic: &Topic,
        partition: Option<i32>,
        key: Option<&[u8]>,
        size: usize,
        now: Millis,
    ) -> Result<i32, ProduceError> {
        let TopicState::Exists(leaders) = self.metadata.topic(topic) else {
            unreachable!("the cache knows the topic");
        };
        if self.settings.profile == Profile::KafkaPython {
            let has_leader = leaders.has_leader.clone();
            return self.kafka_python_partition(topic, partition, key, &has_leader, size);
        }
        let s = &self.settings;
        let count = leaders.leaders.len() as i32;
        let explicit = partition.unwrap_or(partitioner::PARTITION_UA);
        // The topic's name is cloned only for its first message (a clone and drop per
        // message showed in a burst's profile).
        let sticky = self.sticky.get_or_insert_with(topic, StickyState::default);
        partitioner::target_partition(explicit, count, || {
            partitioner::choose_with_leaders(
                s.partitioner,
                key,
                &leaders.has_leader,
                sticky,
                s.sticky_partitioning_linger_ms,
                now,
                &mut self.rng,
            )
        })
        .map_err(|e| ProduceError::UnknownPartition(e.0))
    }

    /// kafka-python's choice of partition: see [`kafka_python::partition`].
    fn kafka_python_partition(
        &mut self,
        topic: &Topic,
        explicit: Option<i32>,
        key: Option<&[u8]>,
        has_leader: &[bool],
        size: usize,
    ) -> Result<i32, ProduceError> {
        let open_batch = |partition: i32| {
            let tp = TopicPartition::new(topic.clone(), partition);
            self.partitions.get(&tp).is_some_and(|pq| {
                let queued: usize = pq.queue.iter().map(Pending::size).sum();
                !pq.queue.is_empty() && queued + size <= self.settings.batch_size
            })
        };
        let choice =
            kafka_python::partition(topic, explicit, key, has_leader, open_batch, &mut self.rng);
        choice.map_err(ProduceError::BadPartition)
    }

    /// Appends a message to its partition's queue, numbered in the partition's order (`tp` is
    /// cloned only for the partition's first message).
    pub(super) fn enqueue(&mut self, tp: &TopicPartition, mut message: Pending) {
        let pq = self
            .partitions
            .get_or_insert_with(tp, PartitionQueue::default);
        pq.next_msgid += 1;
        message.msgid = pq.next_msgid;
        pq.queue.push_back(message);
    }

    /// Queues a message produced before its topic's metadata arrived; the first one of a
    /// topic asks for it (`rd_kafka_topic_leader_query` on a new topic) unless a request
    /// is already on its way.
    pub(super) fn enqueue_unassigned(
        &mut self,
        topic: Topic,
        partition: Option<i32>,
        message: Pending,
        now: Millis,
        out: &mut Out,
    ) {
        out.event(Event::MessageQueued {
            message: message.id,
            tp: TopicPartition::new(topic.clone(), PARTITION_UA),
            bytes: message.size(),
        });
        self.unassigned
            .entry(topic)
            .or_default()
            .push_back(Unassigned { partition, message });
        if self.metadata.in_flight.is_none() {
            self.request_metadata(MetadataReason::LeaderQuery, now, out);
        }
        self.schedule_scan(now, out);
    }

    /// Partitions the unassigned messages of every topic the cache now knows, in produce
    /// order, or fails them.
    fn assign_unassigned(&mut self, now: Millis, out: &mut Out) {
        for (topic, waiting) in std::mem::take(&mut self.unassigned) {
            // Looked up once per topic, not per message: placing them changes no metadata.
            let exists = match self.metadata.topic(&topic) {
                TopicState::Unknown => unreachable!("an answer arrived"),
                TopicState::NotExists => false,
                TopicState::Exists(_) => true,
            };
            out.reserve_events(waiting.len());
            for Unassigned { partition, message } in waiting {
                let placed = if exists {
                    self.choose_partition(
                        &topic,
                        partition,
                        message.key.as_deref(),
                        message.size(),
                        now,
                    )
                    .map_err(|_| KafkaError::UnknownPartition)
                } else {
                    Err(KafkaError::UnknownTopic)
                };
                match placed {
                    Ok(p) => {
                        let tp = TopicPartition::new(topic.clone(), p);
                        let id = message.id;
                        self.enqueue(&tp, message);
                        out.event(Event::MessagePartitioned { message: id, tp });
                    }
                    Err(error) => {
                        let tp = TopicPartition::new(topic.clone(), PARTITION_UA);
                        self.report(&tp, vec![message], Err(error), out);
                    }
                }
            }
        }
    }

    /// Fails the unassigned messages whose `message.timeout.ms` has passed; returns the
    /// next such timeout.
    pub(super) fn expire_unassigned(&mut self, now: Millis, out: &mut Out) -> Option<Millis> {
        let timeout_ms = self.settings.message_timeout_ms;
        let mut expired = Vec::new();
        for (topic, waiting) in self.unassigned.iter_mut() {
            while waiting
                .front()
                .is_some_and(|u| u.message.timeout_at(timeout_ms).is_some_and(|t| t <= now))
            {
                expired.extend(waiting.pop_front().map(|u| (topic.clone(), u)));
            }
        }
        for (topic, Unassigned { message, .. }) in expired {
            let tp = TopicPartition::new(topic, PARTITION_UA);
            self.report(&tp, vec![message], Err(KafkaError::MsgTimedOut), out);
        }
        self.unassigned
            .values()
            .filter_map(|w| w.front().and_then(|u| u.message.timeout_at(timeout_ms)))
            .min()
    }

    /// Messages waiting for their topic's metadata.
    pub(super) fn unassigned_count(&self) -> usize {
        self.unassigned.values().map(VecDeque::len).sum()
    }
}

/// The fast leader query's jitter, ±20 % (`RD_KAFKA_RETRY_JITTER_PERCENT`).
const RETRY_JITTER: u64 = super::RETRY_JITTER_PERCENT;
