//! The librdkafka producer: `produce()` only enqueues; messages are batched per partition and
//! sent by the "broker thread" (here `serve`) within `linger.ms`, `batch.num.messages` and
//! `batch.size`, at most `max.in.flight` requests per connection; failures are retried with
//! exponential backoff until `message.timeout.ms`; delivery reports wait in a queue that only
//! `poll()`/`flush()` serve. The idempotent producer numbers each partition's messages within
//! a producer epoch, bumps the epoch after a gap, and raises a fatal error when the broker's
//! sequence state no longer matches its own.

mod batch;
mod destroy;
mod pending;
mod topics;

pub use super::error::ProduceError;
use super::metadata::{Metadata, TopicState};
use super::settings::ProducerSettings;
use crate::Topic;
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::config::{Acks, Profile};
use crate::connection::{ClientError, Connections, Handle};
use crate::ids::Millis;
use crate::ids::NodeId;
use crate::ids::Process;
use crate::ids::{MessageId, RequestId};
use crate::outbox::Outbox;
use crate::partitioner::StickyState;
use crate::rng::SimRng;
use crate::trace::Event;
use crate::wire::{
    Bytes, KafkaError, Message, MetadataReason, OFFSET_INVALID, ProduceRequest, ProduceResponse,
    ProducerStamp, RecordDraft,
};
use batch::take_batch;
use pending::Pending;
use std::collections::VecDeque;
use topics::Unassigned;

/// Retry backoff jitter, ±20 % (`RD_KAFKA_RETRY_JITTER_PERCENT`, src/rdkafka_int.h).
const RETRY_JITTER_PERCENT: u64 = 20;

/// What `produce()` is given: topic, key and value bytes, and the callback to run on delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    /// The topic, as [`ProducerClient::topic_named`] names it.
    pub topic: Topic,
    /// `partition=N`, or `None` for the partitioner's choice.
    pub partition: Option<i32>,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub callback: Option<usize>,
}

/// A delivery report as the program sees it in its callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryReport {
    pub message: MessageId,
    pub tp: TopicPartition,
    pub offset: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub error: Option<KafkaError>,
    /// The per-message callback given to `produce()`, if any.
    pub callback: Option<usize>,
}

/// One partition's queue and idempotence state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PartitionQueue {
    queue: VecDeque<Pending>,
    next_msgid: u64,
    in_flight: usize,
    /// Idempotent: hold new requests until those in flight have returned (librdkafka
    /// `rktp_eos.wait_drain`, `rd_kafka_idemp_drain_toppar`).
    wait_drain: bool,
    /// Idempotent: the sequence number the next acknowledgement should start at
    /// (librdkafka `rktp_eos.next_ack_seq`).
    next_ack_seq: i32,
    /// Idempotent: the highest msgid acknowledged so far (librdkafka `rktp_eos.acked_msgid`).
    acked_msgid: u64,
    /// Idempotent: the producer epoch the partition's sequences count in, once it has sent
    /// (librdkafka `rktp_eos.pid`), and the msgid that has sequence 0 in it
    /// (`rktp_eos.epoch_base_msgid`).
    epoch: Option<i16>,
    epoch_base_msgid: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct InFlight {
    broker: i32,
    tp: TopicPartition,
    messages: Vec<Pending>,
    base_sequence: Option<i32>,
}

/// An event waiting in the application's queue (librdkafka `rk_rep`) for `poll()`/`flush()`:
/// one batch's delivery reports, or an error for `error_cb`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Delivery(Vec<DeliveryReport>),
    Error(ClientError),
}

/// The producer's timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientTimer {
    /// Linger, backoff or message timeout expiry: serve the queues again.
    Wake,
    /// The client-side timeout of a request (`socket.timeout.ms`, capped by the first
    /// message's remaining `message.timeout.ms`; librdkafka `rd_kafka_ProduceRequest`).
    RequestTimeout(RequestId),
    /// The program's sleep, poll or flush timeout ends (stale tokens are ignored).
    Resume(u64),
    /// Time to connect this handle again, after its broker went down.
    Reconnect(Handle),
    /// The periodic metadata refresh or the fast leader query may be due.
    Metadata,
    /// The metadata request with this number got no answer within `socket.timeout.ms`.
    MetadataTimeout(u64),
}

type Out = Outbox<ClientTimer>;

/// One librdkafka producer instance.
#[derive(Clone, Debug)]
pub struct ProducerClient {
    index: usize,
    settings: ProducerSettings,
    producer_id: Option<i64>,
    partitions: VecMap<TopicPartition, PartitionQueue>,
    in_flight: VecMap<RequestId, InFlight>,
    connections: VecMap<i32, usize>,
    next_request: RequestId,
    replies: VecDeque<Reply>,
    links: Connections,
    curr_msgs: usize,
    curr_bytes: usize,
    next_number: u64,
    sticky: VecMap<Topic, StickyState>,
    rng: SimRng,
    flushing: bool,
    wake_at: Option<Millis>,
    /// The error an idempotent producer raised as fatal (librdkafka `rk_fatal.err`).
    fatal: Option<KafkaError>,
    /// The idempotent producer's epoch, and whether it waits for every request in flight to
    /// return before bumping it (librdkafka `rk_eos.pid`, `RD_KAFKA_IDEMP_STATE_DRAIN_BUMP`).
    producer_epoch: i16,
    bump_pending: bool,
    /// What the producer knows of the cluster: its Metadata answers.
    metadata: Metadata,
    /// Messages waiting for their topic's first metadata, by topic, in produce order.
    unassigned: VecMap<Topic, VecDeque<Unassigned>>,
    /// The fast leader query's jitter, a stream of its own.
    metadata_rng: SimRng,
}

impl ProducerClient {
    /// A producer; an idempotent one gets producer id `1000 + index` at once (the
    /// InitProducerId round trip is not modelled).
    pub fn new(index: usize, settings: ProducerSettings, seed: u64) -> Self {
        let producer_id = settings.enable_idempotence.then_some(1000 + index as i64);
        Self {
            index,
            settings,
            producer_id,
            partitions: VecMap::new(),
            in_flight: VecMap::new(),
            connections: VecMap::new(),
            next_request: 0,
            replies: VecDeque::new(),
            links: Connections::new(seed, &format!("producer-{index}")),
            curr_msgs: 0,
            curr_bytes: 0,
            next_number: 0,
            sticky: VecMap::new(),
            rng: SimRng::stream(seed, &format!("producer-{index}")),
            flushing: false,
            wake_at: None,
            fatal: None,
            producer_epoch: 0,
            bump_pending: false,
            metadata: Metadata::default(),
            unassigned: VecMap::new(),
            metadata_rng: SimRng::stream(seed, &format!("producer-{index}-metadata")),
        }
    }

    pub fn settings(&self) -> &ProducerSettings {
        &self.settings
    }

    /// `len(producer)`: messages not yet reported plus delivery-report events waiting to be
    /// served (librdkafka `rd_kafka_outq_len`: `curr_msgs` + the reply queue's length; a
    /// message stays counted until its report has been served).
    pub fn len(&self) -> usize {
        self.curr_msgs + self.replies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Messages queued in partition queues or waiting for their topic's metadata (not yet
    /// in a request).
    pub fn queued(&self) -> usize {
        self.partitions
            .values()
            .map(|p| p.queue.len())
            .sum::<usize>()
            + self.unassigned_count()
    }

    /// Produce requests waiting for their response.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// The fatal error this producer raised, if any (`rd_kafka_fatal_error`).
    pub fn fatal_error(&self) -> Option<KafkaError> {
        self.fatal
    }

    /// Whether delivery reports or errors are waiting for `poll()`.
    pub fn has_replies(&self) -> bool {
        !self.replies.is_empty()
    }

    /// `flush()` makes `linger.ms` immediate while it runs (librdkafka `rd_kafka_flush`,
    /// `rk_flushing`).
    pub fn set_flushing(&mut self, flushing: bool) {
        self.flushing = flushing;
    }

    /// `produce()`: checks the queue limits, picks the partition and enqueues
    /// (librdkafka `rd_kafka_producev`: `rd_kafka_msg_new0`'s `rd_kafka_curr_msgs_add` fails
    /// with `_QUEUE_FULL` when `queue.buffering.max.messages` or `.kbytes` would be exceeded,
    /// the size counted being key + value; then `rd_kafka_msg_partitioner` takes an explicit
    /// partition as given, without the partitioner, or fails with `_UNKNOWN_PARTITION`, and
    /// fails a topic the metadata does not list with `_UNKNOWN_TOPIC`). Before the topic's
    /// metadata has arrived the message waits unassigned (`topics`). (librdkafka waits
    /// `topic.metadata.propagation.max.ms` before it believes a topic missing; the model's
    /// topics exist from the start, so a missing one is missing at once.)
    pub fn produce(
        &mut self,
        message: NewMessage,
        now: Millis,
        out: &mut Out,
    ) -> Result<MessageId, ProduceError> {
        let NewMessage {
            topic,
            partition,
            key,
            value,
            callback,
        } = message;
        if self.fatal.is_some() {
            return Err(ProduceError::Fatal);
        }
        let known = match self.metadata.topic(&topic) {
            TopicState::NotExists => return Err(ProduceError::UnknownTopic(topic.to_string())),
            TopicState::Unknown => None,
            TopicState::Exists(leaders) => Some(leaders.topic.clone()),
        };
        let size = pending::size(key.as_deref(), value.as_deref());
        let s = &self.settings;
        if self.curr_msgs + 1 > s.queue_buffering_max_messages
            || self.curr_bytes + size > s.queue_buffering_max_kbytes * 1024
        {
            return Err(ProduceError::QueueFull);
        }
        let target = match &known {
            Some(topic) => {
                Some(self.choose_partition(topic, partition, key.as_deref(), size, now)?)
            }
            None => None,
        };
        let id = MessageId {
            client: self.index,
            number: self.next_number,
        };
        self.next_number += 1;
        self.curr_msgs += 1;
        self.curr_bytes += size;
        let pending = Pending::new(id, key, value, callback, now);
        match (known, target) {
            (Some(topic), Some(p)) => {
                let tp = TopicPartition::new(topic, p);
                self.enqueue(&tp, pending);
                out.event(Event::MessageQueued {
                    message: id,
                    tp,
                    bytes: size,
                });
            }
            _ => self.enqueue_unassigned(topic, partition, pending, now, out),
        }
        Ok(id)
    }

    /// `poll()`'s work: takes every waiting event, in the order they were queued; the
    /// reported messages stop counting in `len()`.
    pub fn take_replies(&mut self) -> Vec<Reply> {
        let replies: Vec<Reply> = self.replies.drain(..).collect();
        for r in replies.iter().flat_map(|reply| match reply {
            Reply::Delivery(reports) => reports.as_slice(),
            Reply::Error(_) => &[],
        }) {
            self.curr_msgs -= 1;
            self.curr_bytes -= pending::size(r.key.as_deref(), r.value.as_deref());
        }
        replies
    }

    /// The broker thread's pass over the partitions (librdkafka `rd_kafka_toppar_producer_serve`):
    /// fail timed-out messages, then send every batch that is ready.
    pub fn serve(&mut self, now: Millis, out: &mut Out) {
        let tps: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(_, p)| !p.queue.is_empty())
            .map(|(tp, _)| tp.clone())
            .collect();
        let timeout_ms = self.settings.message_timeout_ms;
        let mut next_wake: Option<Millis> = None;
        let mut wake = |at: Millis| next_wake = Some(next_wake.map_or(at, |w: Millis| w.min(at)));
        if !self.unassigned.is_empty()
            && let Some(at) = self.expire_unassigned(now, out)
        {
            wake(at);
        }
        for tp in tps {
            self.expire_queued(&tp, now, out);
            if let Some(at) = self.send_ready(&tp, now, out) {
                wake(at);
            }
            if let Some(at) = self.partitions[&tp]
                .queue
                .front()
                .and_then(|m| m.timeout_at(timeout_ms))
            {
                wake(at);
            }
        }
        if let Some(at) = next_wake.filter(|&at| at > now)
            && self.wake_at.is_none_or(|w| w <= now || at < w)
        {
            self.wake_at = Some(at);
            out.timer(at, ClientTimer::Wake);
        }
    }

    /// Fails queued messages whose `message.timeout.ms` has passed, with `_MSG_TIMED_OUT`
    /// (librdkafka `rd_kafka_broker_toppar_msgq_scan`; the queue is in produce order, so the
    /// oldest are at the front). librdkafka scans once a second; the model fails them on time.
    fn expire_queued(&mut self, tp: &TopicPartition, now: Millis, out: &mut Out) {
        let timeout_ms = self.settings.message_timeout_ms;
        let pq = self.partitions.get_mut(tp).expect("known partition");
        let mut expired = Vec::new();
        while pq
            .queue
            .front()
            .is_some_and(|m| m.timeout_at(timeout_ms).is_some_and(|t| t <= now))
        {
            expired.extend(pq.queue.pop_front());
        }
        if expired.is_empty() {
            return;
        }
        self.report(tp, expired, Err(KafkaError::MsgTimedOut), out);
        // The timed-out messages leave a gap in the sequence: an idempotent producer starts
        // a new epoch (`rd_kafka_toppar_producer_serve`, "message(s) timed out").
        if self.settings.enable_idempotence {
            self.drain_epoch_bump();
        }
    }

    /// Sends the partition's ready batches; returns when to look again if something waits.
    fn send_ready(&mut self, tp: &TopicPartition, now: Millis, out: &mut Out) -> Option<Millis> {
        // Nothing is sent after a fatal error, nor while the epoch waits for its bump (no
        // valid producer id: `rd_kafka_toppar_producer_serve`, `rd_kafka_idemp_get_pid`).
        if self.fatal.is_some() || self.bump_pending {
            return None;
        }
        let leader = self.metadata.leader(tp).filter(|&b| self.links.usable(b))?;
        let s = self.settings.clone();
        let idempotent = s.enable_idempotence;
        loop {
            let pq = self.partitions.get_mut(tp).expect("known partition");
            if idempotent && pq.wait_drain {
                if pq.in_flight > 0 {
                    return None;
                }
                pq.wait_drain = false;
            }
            let head = pq.queue.front()?;
            // A partition takes up a new epoch once its requests of the old one are back; its
            // sequences then start at 0 from its first queued message (librdkafka
            // `rd_kafka_toppar_pid_change`, `rd_kafka_toppar_reset_base_msgid`).
            if idempotent && pq.epoch != Some(self.producer_epoch) {
                if pq.in_flight > 0 {
                    return None;
                }
                pq.epoch = Some(self.producer_epoch);
                pq.epoch_base_msgid = head.msgid;
                pq.next_ack_seq = 0;
            }
            if self.connections.get(&leader).copied().unwrap_or(0) >= s.max_in_flight
                || pq.in_flight >= s.partition_in_flight_limit()
            {
                return None;
            }
            if head.backoff_until() > now {
                return Some(head.backoff_until());
            }
            // librdkafka `rd_kafka_msgq_allow_wakeup_at`: a batch is ready when it is full by
            // count or size, or the oldest message has waited linger.ms (immediate in flush).
            let linger_end = head.enqueued_at + s.linger_ms;
            let ready = self.flushing
                || linger_end <= now
                || pq.queue.len() >= s.batch_num_messages
                || pq.queue.iter().map(Pending::size).sum::<usize>() >= s.batch_size;
            if !ready {
                return Some(linger_end);
            }
            let batch = take_batch(&mut pq.queue, &s, now);
            self.send_batch(tp, leader, batch, now, out);
        }
    }

    fn send_batch(
        &mut self,
        tp: &TopicPartition,
        leader: i32,
        mut batch: Vec<Pending>,
        now: Millis,
        out: &mut Out,
    ) {
        let id = self.next_request;
        self.next_request += 1;
        let s = &self.settings;
        let epoch_base_msgid = self.partitions[tp].epoch_base_msgid;
        let stamp = self.producer_id.map(|producer_id| ProducerStamp {
            producer_id,
            producer_epoch: self.producer_epoch,
            base_sequence: (batch[0].msgid - epoch_base_msgid) as i32,
        });
        if stamp.is_some() {
            let last = batch.last().expect("non-empty batch").msgid;
            batch[0].fix_batch_end(last);
        }
        let request = ProduceRequest {
            id,
            client: self.index,
            tp: tp.clone(),
            acks: s.acks,
            timeout_ms: s.request_timeout_ms,
            stamp,
            records: batch
                .iter()
                .map(|m| RecordDraft {
                    message: m.id,
                    key: m.key.clone(),
                    value: m.value.clone(),
                })
                .collect(),
        };
        out.event(Event::BatchSent {
            client: self.index,
            request: id,
            broker: leader,
            tp: tp.clone(),
            messages: batch.iter().map(|m| m.id).collect(),
        });
        self.links.open(leader, now);
        out.send(
            NodeId::Client(self.index),
            NodeId::Broker(leader),
            Message::Produce(request),
        );
        if s.acks == Acks::Zero {
            // No response will come: the batch is done once written (librdkafka
            // `rd_kafka_handle_Produce` for `RD_KAFKA_OP_F_NO_RESPONSE`, offset unknown).
            self.report(tp, batch, Ok(OFFSET_INVALID), out);
            return;
        }
        let remaining = batch[0]
            .timeout_at(s.message_timeout_ms)
            .map_or(s.socket_timeout_ms, |t| t.saturating_sub(now));
        let timeout = if remaining == 0 {
            100
        } else {
            remaining.min(s.socket_timeout_ms)
        };
        out.timer(now + timeout, ClientTimer::RequestTimeout(id));
        *self.connections.entry(leader).or_default() += 1;
        self.partitions.get_mut(tp).expect("known").in_flight += 1;
        let base_sequence = stamp.map(|s| s.base_sequence);
        self.in_flight.insert(
            id,
            InFlight {
                broker: leader,
                tp: tp.clone(),
                messages: batch,
                base_sequence,
            },
        );
    }

    pub fn on_timer(&mut self, timer: ClientTimer, now: Millis, out: &mut Out) {
        match timer {
            ClientTimer::Wake => {
                if self.wake_at == Some(now) {
                    self.wake_at = None;
                }
            }
            ClientTimer::Resume(_) | ClientTimer::Reconnect(_) => {}
            ClientTimer::Metadata => self.on_metadata_timer(now, out),
            ClientTimer::MetadataTimeout(number) => self.metadata_timed_out(number, now, out),
            ClientTimer::RequestTimeout(id) => {
                let Some(broker) = self.in_flight.get(&id).map(|f| f.broker) else {
                    return;
                };
                // The timed-out request fails with _TIMED_OUT, and with socket.max.fails=1 the
                // connection is closed, failing the others with _TRANSPORT
                // (librdkafka `rd_kafka_broker_timeout_scan`).
                self.fail_request(id, KafkaError::TimedOut, now, out);
                self.connection_lost(broker, now, out);
            }
        }
    }

    /// Every request in flight to `broker` fails with `_TRANSPORT` (a crash or a closed
    /// connection); a metadata request goes again elsewhere.
    pub fn connection_lost(&mut self, broker: i32, now: Millis, out: &mut Out) {
        self.metadata_failed(broker, now, out);
        let ids: Vec<RequestId> = self
            .in_flight
            .iter()
            .filter(|(_, f)| f.broker == broker)
            .map(|(&id, _)| id)
            .collect();
        for id in ids {
            self.fail_request(id, KafkaError::Transport, now, out);
        }
    }

    /// The program starts at `now` (the phase of the client's 1 s timer): the producer
    /// connects to its bootstrap broker, which it asks for metadata.
    pub fn start(&mut self, now: Millis, out: &mut Out) {
        self.links.start(now);
        self.request_metadata(MetadataReason::Connected, now, out);
    }

    /// `broker` went down: its requests in flight fail, and the connection it closed is
    /// tried again; a connection that was up asks for metadata ("broker down"). Returns
    /// which connects to try when.
    pub fn broker_down(
        &mut self,
        broker: i32,
        now: Millis,
        out: &mut Out,
    ) -> Vec<(Handle, Millis)> {
        let was_up =
            self.links.target(Handle::Broker(broker)).is_some() && self.links.usable(broker);
        self.connection_lost(broker, now, out);
        let reaction = self.links.closed(broker, self.metadata.broker_count(), now);
        self.raise(reaction.errors, out);
        if was_up {
            self.request_metadata(MetadataReason::BrokerDown, now, out);
        }
        self.schedule_scan(now, out);
        reaction.connects
    }

    /// The broker `handle` connects to, if it was opened.
    pub fn connect_target(&self, handle: Handle) -> Option<i32> {
        self.links.target(handle)
    }

    /// The time to connect `handle` again has come; `up` says whether its broker accepts.
    /// A connection that comes up asks for metadata ("connected"). Returns which connects
    /// to try next.
    pub fn reconnect(
        &mut self,
        handle: Handle,
        up: bool,
        now: Millis,
        out: &mut Out,
    ) -> Vec<(Handle, Millis)> {
        let Some(target) = self.links.target(handle) else {
            return Vec::new();
        };
        let was_usable = self.links.usable(target);
        let brokers = self.metadata.broker_count();
        let reaction = self.links.attempt_handle(handle, up, brokers, now);
        self.raise(reaction.errors, out);
        if !was_usable && self.links.usable(target) {
            self.request_metadata(MetadataReason::Connected, now, out);
        }
        reaction.connects
    }

    /// Queues errors for `error_cb` (librdkafka `rd_kafka_q_op_err` on `rk_rep`). kafka-python
    /// has no `error_cb`: it only logs a connection's failure, in its own words
    /// (`kafka/net/connection.py`), so nothing is queued or traced.
    fn raise(&mut self, errors: Vec<ClientError>, out: &mut Out) {
        if self.settings.profile == Profile::KafkaPython {
            return;
        }
        for e in errors {
            out.event(Event::ClientError {
                process: Process::Producer(self.index),
                error: e.error,
                reason: e.reason.clone(),
            });
            self.replies.push_back(Reply::Error(e));
        }
    }

    /// A produce response (a late one for a request already failed is ignored).
    pub fn on_response(&mut self, response: ProduceResponse, now: Millis, out: &mut Out) {
        match response.result {
            Ok(base_offset) => {
                let Some(flight) = self.finish(response.id) else {
                    return;
                };
                out.event(Event::BatchAcknowledged {
                    client: self.index,
                    request: response.id,
                    tp: flight.tp.clone(),
                    base_offset,
                });
                self.acknowledged(flight, base_offset, out);
            }
            Err(error) => self.fail_request(response.id, error, now, out),
        }
    }

    fn finish(&mut self, id: RequestId) -> Option<InFlight> {
        let flight = self.in_flight.remove(&id)?;
        *self.connections.get_mut(&flight.broker).expect("counted") -= 1;
        self.partitions
            .get_mut(&flight.tp)
            .expect("known")
            .in_flight -= 1;
        self.check_drain_done();
        Some(flight)
    }

    /// Asks for an epoch bump once every request in flight has returned (librdkafka
    /// `rd_kafka_idemp_drain_epoch_bump`).
    fn drain_epoch_bump(&mut self) {
        self.bump_pending = true;
        self.check_drain_done();
    }

    /// With nothing in flight, an idempotent (not transactional) producer bumps its own epoch
    /// (librdkafka `rd_kafka_idemp_check_drain_done`, `rd_kafka_idemp_drain_done`).
    fn check_drain_done(&mut self) {
        if self.bump_pending && self.in_flight.is_empty() {
            self.producer_epoch += 1;
            self.bump_pending = false;
        }
    }

    /// A successful batch. When an idempotent producer's acknowledged msgid lags behind
    /// the batch, the messages in between that wait in the queue for a retry are reported
    /// delivered, without an offset, and never sent again: librdkafka assumes the broker
    /// accepts only in sequence, so they must have been written
    /// (`rd_kafka_handle_idempotent_Produce_success`: `acked_msgid < first_msgid - 1`, then
    /// `rd_kafka_dr_implicit_ack` up to the batch's last msgid). A broker without state for
    /// the producer id accepts any first sequence, so after a refused first batch they were not.
    fn acknowledged(&mut self, flight: InFlight, base_offset: i64, out: &mut Out) {
        let first = flight.messages[0].msgid;
        let last = flight.messages.last().expect("non-empty batch").msgid;
        let pq = self.partitions.get_mut(&flight.tp).expect("known");
        if let Some(base_sequence) = flight.base_sequence {
            let mut implicit = Vec::new();
            if pq.acked_msgid + 1 < first {
                while pq.queue.front().is_some_and(|m| m.msgid <= last) {
                    implicit.extend(pq.queue.pop_front());
                }
            }
            pq.next_ack_seq = base_sequence + flight.messages.len() as i32;
            pq.acked_msgid = pq.acked_msgid.max(last);
            if !implicit.is_empty() {
                self.report(&flight.tp, implicit, Ok(OFFSET_INVALID), out);
            }
        }
        self.report(&flight.tp, flight.messages, Ok(base_offset), out);
    }

    /// A failed request: retried or reported, as librdkafka `rd_kafka_handle_Produce_error`
    /// decides. Retriable: `_TRANSPORT`, `_TIMED_OUT`, `REQUEST_TIMED_OUT`,
    /// `NOT_ENOUGH_REPLICAS(_AFTER_APPEND)` (counting a retry), `NOT_LEADER_FOR_PARTITION`
    /// (refresh, not counted); for an idempotent producer `OUT_OF_ORDER_SEQUENCE_NUMBER` on a
    /// batch after the next expected one (an earlier batch failed) is retried uncounted in a
    /// new epoch, and any retry drains the partition's requests first. `OUT_OF_ORDER_SEQUENCE_NUMBER` on the
    /// next expected batch or an earlier one is fatal (librdkafka
    /// `rd_kafka_handle_idempotent_Produce_error`: "sequence desynchronization" when
    /// `first_seq == next_ack_seq`, "rewound sequence number" when below): the batch fails
    /// with that error and the producer raises a fatal error.
    fn fail_request(&mut self, id: RequestId, error: KafkaError, now: Millis, out: &mut Out) {
        let Some(flight) = self.finish(id) else {
            return;
        };
        out.event(Event::BatchFailed {
            client: self.index,
            request: id,
            tp: flight.tp.clone(),
            error,
        });
        // `_TRANSPORT` and NOT_LEADER_FOR_PARTITION carry the refresh action
        // (`rd_kafka_handle_Produce_error`): the partition's leader is queried.
        if matches!(
            error,
            KafkaError::Transport | KafkaError::NotLeaderForPartition
        ) {
            self.leader_unavailable(&flight.tp.topic, now, out);
        }
        let pq = &self.partitions[&flight.tp];
        let counted = match error {
            KafkaError::Transport
            | KafkaError::TimedOut
            | KafkaError::RequestTimedOut
            | KafkaError::NotEnoughReplicas
            | KafkaError::NotEnoughReplicasAfterAppend => Some(1),
            // kafka-python counts every retry (`ProducerBatch.retry`: `attempts += 1`).
            KafkaError::NotLeaderForPartition if self.settings.profile == Profile::KafkaPython => {
                Some(1)
            }
            KafkaError::NotLeaderForPartition => Some(0),
            KafkaError::OutOfOrderSequenceNumber => {
                match flight.base_sequence.map(|s| s - pq.next_ack_seq) {
                    Some(ahead) if ahead > 0 => {
                        self.drain_epoch_bump();
                        Some(0)
                    }
                    Some(_) => {
                        self.report(&flight.tp, flight.messages, Err(error), out);
                        return self.raise_fatal(error, out);
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let final_error = if error == KafkaError::TimedOut {
            KafkaError::MsgTimedOut
        } else {
            error
        };
        let Some(incr) = counted else {
            return self.report(&flight.tp, flight.messages, Err(final_error), out);
        };
        let (retry, give_up): (Vec<Pending>, Vec<Pending>) = flight
            .messages
            .into_iter()
            .partition(|m| m.retries() + incr <= self.settings.retries);
        if !give_up.is_empty() {
            self.report(&flight.tp, give_up, Err(final_error), out);
        }
        if retry.is_empty() {
            return;
        }
        out.event(Event::MessagesRetried {
            client: self.index,
            tp: flight.tp.clone(),
            messages: retry.iter().map(|m| m.id).collect(),
        });
        let backoff_until = now + self.backoff(retry[0].retries() + incr);
        let pq = self.partitions.get_mut(&flight.tp).expect("known");
        if self.settings.enable_idempotence {
            pq.wait_drain = true;
        }
        for mut m in retry {
            m.retry(incr, backoff_until);
            let at = pq.queue.partition_point(|q| q.msgid < m.msgid);
            pq.queue.insert(at, m);
        }
    }

    /// Raises a fatal error: nothing more is sent or produced, and the messages still in the
    /// partition queues fail with `_PURGE_QUEUE`; those in flight keep their own outcome
    /// (librdkafka `rd_kafka_set_fatal_error0`: a purge with `RD_KAFKA_PURGE_F_QUEUE` only).
    fn raise_fatal(&mut self, error: KafkaError, out: &mut Out) {
        self.fatal = Some(error);
        let queued: Vec<(TopicPartition, Vec<Pending>)> = self
            .partitions
            .iter_mut()
            .filter(|(_, pq)| !pq.queue.is_empty())
            .map(|(tp, pq)| (tp.clone(), pq.queue.drain(..).collect()))
            .collect();
        for (tp, messages) in queued {
            self.report(&tp, messages, Err(KafkaError::PurgeQueue), out);
        }
    }

    /// Exponential retry backoff with ±20 % jitter, capped by `retry.backoff.max.ms`
    /// (librdkafka `rd_kafka_retry_msgq`: 2^(retries-1) × retry.backoff.ms). kafka-python
    /// waits a constant `retry_backoff_ms` (`RecordAccumulator.ready`: `backing_off`).
    fn backoff(&mut self, retries: u32) -> Millis {
        let s = &self.settings;
        if s.profile == Profile::KafkaPython {
            return s.retry_backoff_ms;
        }
        let jitter = self
            .rng
            .between(100 - RETRY_JITTER_PERCENT, 100 + RETRY_JITTER_PERCENT);
        let base = s.retry_backoff_ms << retries.saturating_sub(1).min(30);
        (base * jitter / 100).min(s.retry_backoff_max_ms)
    }

    /// Queues one delivery-report event for messages of one partition (librdkafka
    /// `rd_kafka_dr_msgq`: one op per batch, served in order by `poll()`). The messages are
    /// numbered from the batch's base offset, even acks=0's unknown one, `OFFSET_INVALID`
    /// (-1001): past a batch's 1001st message those reports carry 0, 1, 2, ..., which
    /// `msg.offset()` shows as numbers (librdkafka `rd_kafka_msgq_set_metadata`:
    /// `rkm_offset = base_offset++`; confluent-kafka-python `Message_offset`: `None` only
    /// below 0).
    fn report(
        &mut self,
        tp: &TopicPartition,
        messages: Vec<Pending>,
        result: Result<i64, KafkaError>,
        out: &mut Out,
    ) {
        let reports = messages
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let (offset, error) = match result {
                    Ok(base) => (base + i as i64, None),
                    Err(e) => (OFFSET_INVALID, Some(e)),
                };
                out.event(Event::DeliveryReportQueued {
                    message: m.id,
                    error,
                });
                DeliveryReport {
                    message: m.id,
                    tp: tp.clone(),
                    offset,
                    key: m.key,
                    value: m.value,
                    error,
                    callback: m.callback,
                }
            })
            .collect();
        self.replies.push_back(Reply::Delivery(reports));
    }
}
