//! The producers' side of the projection: each producer's partition queues, its produce
//! requests in flight and the delivery reports waiting for `poll()`/`flush()`, and what became
//! of its messages (acknowledged, reported, appended).
//!
//! A message is queued when produced, leaves its queue in a request, comes back when retried,
//! and is done when its delivery report is created. A request is done when the broker
//! answers it, or, with acks=0, as its messages' reports are created: librdkafka flags the
//! request `RD_KAFKA_OP_F_NO_RESPONSE` and reports its messages as it is written
//! (rdkafka_msgset_writer.c, rdkafka_broker.c `rd_kafka_send`), which the model traces as the
//! reports queued right after the request. That is the one place the rule lives: the views
//! and the counters read it here.

use crate::Topic;
use crate::TopicPartition;
use crate::cluster::Cluster;
use crate::collect::{Hint, VecMap, sort};
use crate::ids::{MessageId, RequestId};
use crate::partitioner::PARTITION_UA;
use crate::trace::Event;
use std::collections::VecDeque;

/// A produce request on its way to, or at, a broker: the numbers of its messages whose
/// delivery reports are not made yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub request: RequestId,
    pub broker: i32,
    pub tp: TopicPartition,
    pub messages: Vec<u64>,
}

/// What the leaders' logs hold of the produced messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogCounts {
    /// Messages with a copy in their partition's leader log.
    pub in_log: u64,
    /// Messages with more than one copy there.
    pub duplicated: u64,
    /// Messages the program was told were delivered, which a broker appended, and that the
    /// partition's current leader does not have. This counts acks=1's acknowledged losses and
    /// acks=0's silent ones alike; a message still on its way to the broker is never counted.
    pub lost: u64,
}

/// Every producer of the run, by client index, and the counts over all their messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Producers {
    clients: Vec<ProducerQueue>,
    /// The topics the messages went to: a message names its topic by index here.
    topics: Vec<Topic>,
    /// `produce()` calls that queued a message.
    produced: u64,
    /// Messages the broker acknowledged (the ProduceResponse itself, librdkafka
    /// `rd_kafka_handle_Produce`, before the client makes the reports): never with acks=0.
    acknowledged: u64,
    /// Delivery reports the program's `poll()`/`flush()` served.
    served: u64,
    /// Served reports that said the message failed (`_MSG_TIMED_OUT`, ...).
    failed: u64,
    /// `produce()` calls that raised instead of queuing (`BufferError`).
    refused: u64,
}

/// One producer's queues, requests and reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerQueue {
    /// Per partition, the numbers of the messages waiting for a request, in produce order.
    queues: VecMap<TopicPartition, VecDeque<u64>>,
    in_flight: VecMap<RequestId, Batch>,
    /// Delivery reports made and not yet served, by message number: whether it failed.
    reports: VecDeque<(u64, bool)>,
    /// Where the last report made went in `reports`: a batch's reports are made in its order,
    /// each right after the one before (a bisection per report showed in a burst's profile).
    last_report: Hint,
    /// Where the last lookup in `queues` found its partition.
    last_queue: Hint,
    /// Per message number, what became of it.
    fates: Vec<Fate>,
}

/// What became of one message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fate {
    queued: bool,
    /// Its topic's index in [`Producers::topics`].
    topic: u16,
    partition: i32,
    acknowledged: bool,
    /// A broker appended it to a log.
    appended: bool,
    /// The program's `poll()`/`flush()` served its delivery report.
    served: bool,
    /// Its served delivery report said delivered.
    delivered: bool,
    /// How many requests in flight carry it: a report made while none does (any acks but
    /// 0) has no batch to leave, so the batches are not searched for it.
    carried: u32,
}

impl Producers {
    pub(super) fn fold(&mut self, event: &Event) {
        match event {
            Event::MessageQueued { message, tp, .. } => {
                let topic = self.topic_index(&tp.topic);
                let client = self.client_mut(message.client);
                client.queue_mut(tp).push_back(message.number);
                let index = message.number as usize;
                if client.fates.len() <= index {
                    client.fates.resize(index + 1, Fate::default());
                }
                client.fates[index] = Fate {
                    queued: true,
                    topic,
                    partition: tp.partition,
                    ..Fate::default()
                };
                self.produced += 1;
            }
            Event::MessagePartitioned { message, tp } => {
                let client = self.client_mut(message.client);
                // The waiting queue and the partition's found in one scan that compares the
                // topic's pointer first: a name made for the lookup, a search that compares
                // names, and a bisection per message after the scan showed in a burst's profile.
                let mut queue = None;
                for (queued, waiting) in client.queues.iter_mut() {
                    if queued.partition == PARTITION_UA && queued.topic == tp.topic {
                        remove_sorted(waiting, &message.number, |n| *n);
                    } else if queued == tp {
                        queue = Some(waiting);
                    }
                }
                match queue {
                    Some(queue) => queue.push_back(message.number),
                    None => client.queue_mut(tp).push_back(message.number),
                }
                client.fate_mut(message.number).partition = tp.partition;
            }
            // The destroyed producer holds nothing any more; the fates stay as they were.
            Event::ProducerTerminated { client, .. } => {
                let client = self.client_mut(*client);
                client.queues.clear();
                client.in_flight.clear();
                client.reports.clear();
            }
            Event::BatchSent {
                client,
                request,
                broker,
                tp,
                messages,
            } => {
                let client = self.client_mut(*client);
                let queue = client.queue_mut(tp);
                for m in messages {
                    remove_sorted(queue, &m.number, |n| *n);
                }
                for m in messages {
                    client.fate_mut(m.number).carried += 1;
                }
                let batch = Batch {
                    request: *request,
                    broker: *broker,
                    tp: tp.clone(),
                    messages: messages.iter().map(|m| m.number).collect(),
                };
                client.in_flight.insert(*request, batch);
            }
            Event::BatchAcknowledged {
                client, request, ..
            } => {
                let client = self.client_mut(*client);
                // librdkafka queues the whole batch's reports as one operation as it handles
                // the answer (rdkafka_broker.c `rd_kafka_dr_msgq0`): they wait from the
                // acknowledgement on, before each report's own trace entry.
                if let Some(batch) = client.in_flight.remove(request) {
                    let mut acknowledged = 0;
                    for number in batch.messages {
                        insert_sorted(&mut client.reports, (number, false), |r| r.0);
                        let fate = client.fate_mut(number);
                        fate.carried -= 1;
                        acknowledged += u64::from(!fate.acknowledged);
                        fate.acknowledged = true;
                    }
                    self.acknowledged += acknowledged;
                }
            }
            Event::BatchFailed {
                client, request, ..
            } => {
                let client = self.client_mut(*client);
                if let Some(batch) = client.in_flight.remove(request) {
                    for number in batch.messages {
                        client.fate_mut(number).carried -= 1;
                    }
                }
            }
            Event::MessagesRetried {
                client,
                tp,
                messages,
            } => {
                let queue = self.client_mut(*client).queue_mut(tp);
                for m in messages {
                    insert_sorted(queue, m.number, |n| *n);
                }
            }
            Event::DeliveryReportQueued { message, error } => {
                self.client_mut(message.client);
                let client = &mut self.clients[message.client];
                let number = message.number;
                let report = (number, error.is_some());
                let next = client.last_report.0 + 1;
                client.last_report.0 = match client.reports.get_mut(next) {
                    Some(placed) if placed.0 == number => {
                        *placed = report;
                        next
                    }
                    _ => insert_sorted(&mut client.reports, report, |r| r.0),
                };
                let fate = client.fates.get(number as usize).filter(|f| f.queued);
                let topics = &self.topics;
                let queue = fate.and_then(|f| {
                    client.queues.iter_mut().find(|(tp, _)| {
                        tp.partition == f.partition && tp.topic == topics[usize::from(f.topic)]
                    })
                });
                if let Some((_, queue)) = queue {
                    remove_sorted(queue, &number, |n| *n);
                }
                // acks=0: the report is made as the request is written; no answer will come.
                if client
                    .fates
                    .get(number as usize)
                    .is_some_and(|f| f.carried > 0)
                {
                    client.in_flight.retain(|_, batch| {
                        batch.messages.retain(|&m| m != number);
                        !batch.messages.is_empty()
                    });
                    client.fate_mut(number).carried = 0;
                }
            }
            Event::DeliveryReportServed { message, error, .. } => {
                let client = self.client_mut(message.client);
                remove_sorted(&mut client.reports, &message.number, |r| r.0);
                let fate = client.fate_mut(message.number);
                if !fate.queued || fate.served {
                    return;
                }
                fate.served = true;
                fate.delivered = error.is_none();
                self.served += 1;
                self.failed += u64::from(error.is_some());
            }
            Event::ProduceRaised { .. } => self.refused += 1,
            Event::RecordAppended { message, .. } => {
                if let Some(fate) = self.fate_mut(message) {
                    fate.appended = true;
                }
            }
            _ => {}
        }
    }

    /// The producer with client index `client` (empty when it has produced nothing yet).
    pub fn client(&self, client: usize) -> Option<&ProducerQueue> {
        self.clients.get(client)
    }

    /// `produce()` calls that queued a message.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    /// Messages the broker acknowledged.
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged
    }

    /// Delivery reports the program served (its callbacks ran, if it has any).
    pub fn served(&self) -> u64 {
        self.served
    }

    /// Served delivery reports that said the message failed.
    pub fn failed(&self) -> u64 {
        self.failed
    }

    /// `len(producer)`: messages not yet delivered plus delivery reports not yet served
    /// (confluent-kafka-python `Producer.__len__` = `rd_kafka_outq_len`).
    pub fn waiting(&self) -> u64 {
        self.produced - self.served
    }

    /// `produce()` calls that raised `BufferError`.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Produce requests sent and not yet answered, over all producers.
    pub fn requests_in_flight(&self) -> usize {
        self.clients.iter().map(|c| c.in_flight.len()).sum()
    }

    /// What the leaders' logs of `cluster` hold of the messages.
    pub(super) fn log_counts(&self, cluster: &Cluster) -> LogCounts {
        let mut copies: Vec<Vec<u32>> = self
            .clients
            .iter()
            .map(|c| vec![0; c.fates.len()])
            .collect();
        let mut led: Vec<(u16, i32)> = Vec::new();
        for (tp, partition) in cluster.partitions() {
            let Some(topic) = self.topics.iter().position(|t| *t == tp.topic) else {
                continue;
            };
            if partition.leader.is_some() {
                led.push((topic as u16, tp.partition));
            }
            for record in partition.leader_log().map_or(&[][..], |log| log.records()) {
                let found = copies
                    .get_mut(record.message.client)
                    .and_then(|c| c.get_mut(record.message.number as usize));
                if let Some(count) = found {
                    *count += 1;
                }
            }
        }
        let mut counts = LogCounts::default();
        for (client, copies) in self.clients.iter().zip(&copies) {
            for (fate, &copies) in client.fates.iter().zip(copies) {
                if !fate.queued {
                    continue;
                }
                counts.in_log += u64::from(copies > 0);
                counts.duplicated += u64::from(copies > 1);
                let lost = fate.delivered
                    && fate.appended
                    && copies == 0
                    && led.contains(&(fate.topic, fate.partition));
                counts.lost += u64::from(lost);
            }
        }
        counts
    }

    fn topic_index(&mut self, topic: &Topic) -> u16 {
        match self.topics.iter().position(|t| t == topic) {
            Some(i) => i as u16,
            None => {
                self.topics.push(topic.clone());
                (self.topics.len() - 1) as u16
            }
        }
    }

    /// Most events of a run fold through here: the check is inlined, the growth (once per
    /// producer) is not.
    #[inline]
    fn client_mut(&mut self, client: usize) -> &mut ProducerQueue {
        if self.clients.len() <= client {
            self.add_clients(client);
        }
        &mut self.clients[client]
    }

    #[cold]
    fn add_clients(&mut self, client: usize) {
        self.clients.resize_with(client + 1, ProducerQueue::default);
    }

    /// The fate of a queued message (not of a record appended without a producer).
    fn fate_mut(&mut self, message: &MessageId) -> Option<&mut Fate> {
        let fate = self
            .clients
            .get_mut(message.client)?
            .fates
            .get_mut(message.number as usize)?;
        fate.queued.then_some(fate)
    }
}

impl ProducerQueue {
    /// Messages waiting in the partition queues, not yet in a request, in produce order:
    /// (number, partition).
    pub fn queued(&self) -> Vec<(u64, i32)> {
        let mut queued: Vec<(u64, i32)> = self
            .queues
            .iter()
            .flat_map(|(tp, queue)| queue.iter().map(|&n| (n, tp.partition)))
            .collect();
        // A view's call: the shared sort, not a `sort_unstable` compiled for this type alone.
        sort::sort(&mut queued);
        queued
    }

    /// Produce requests in flight, by request id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Batch> {
        self.in_flight.values()
    }

    /// Delivery reports waiting for `poll()`/`flush()`, by message number: (number, failed).
    pub fn reports(&self) -> impl Iterator<Item = (u64, bool)> + '_ {
        self.reports.iter().copied()
    }

    /// The queue of `tp`, made on its first message (`tp` is cloned only then: a clone and
    /// drop per message was a good share of folding a burst), in one search, or in none when
    /// it is the partition of the lookup before (a burst's messages queue one topic's).
    fn queue_mut(&mut self, tp: &TopicPartition) -> &mut VecDeque<u64> {
        self.queues
            .get_or_insert_hinted(&mut self.last_queue, tp, VecDeque::new)
    }

    fn fate_mut(&mut self, number: u64) -> &mut Fate {
        let index = number as usize;
        if self.fates.len() <= index {
            self.fates.resize(index + 1, Fate::default());
        }
        &mut self.fates[index]
    }
}

/// Inserts `item` into `items`, sorted by `key`, in place of the item with its key if any
/// (items mostly arrive in order: at the back); returns where it went.
fn insert_sorted<T, K: Ord>(items: &mut VecDeque<T>, item: T, key: impl Fn(&T) -> K) -> usize {
    let k = key(&item);
    if items.back().is_none_or(|last| key(last) < k) {
        items.push_back(item);
        return items.len() - 1;
    }
    let at = items.partition_point(|i| key(i) < k);
    match items.get_mut(at) {
        Some(found) if key(found) == k => *found = item,
        _ => items.insert(at, item),
    }
    at
}

/// Removes the item with key `k` from `items`, sorted by `key` (mostly the front one).
fn remove_sorted<T, K: Ord>(items: &mut VecDeque<T>, k: &K, key: impl Fn(&T) -> K) {
    if items.front().is_some_and(|first| key(first) == *k) {
        items.pop_front();
    } else {
        let at = items.partition_point(|i| key(i) < *k);
        if items.get(at).is_some_and(|i| key(i) == *k) {
            items.remove(at);
        }
    }
}
