//! The protocol lane and the callouts of the cluster diagram: the last protocol messages
//! (produce requests and answers, group and commit requests, metadata) and the last callbacks
//! the programs ran, folded entry by entry ([`Lane`]) so that a frame's cost does not grow with
//! the trace.

use crate::diagram::flights::Node;
use crate::view::group::Consumers;
use crate::view::process::{process_colour, process_label};
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::console::PYTHON_NONE;
use kafka_sim::consumer::{
    CallbackKind, ClientError, ClientEvent, ErrorKind, Printed, ProgramEvent,
};
use kafka_sim::coordinator::{ErrorCode, Event as CoordinatorEvent, RemovalReason};
use kafka_sim::engine::{Event, KafkaError, MetadataReason, Process, TraceEntry};
use kafka_sim::ids::Millis;
use kafka_sim::ids::RequestId;
use std::collections::VecDeque;

/// How many protocol messages the lane keeps.
pub const LANE: usize = 8;

/// How many callbacks stay called out.
pub const CALLOUTS: usize = 3;

/// A message in the protocol lane: who sent it to whom, what, and what it carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolMessage {
    pub seq: u64,
    pub time: Millis,
    pub from: Endpoint,
    pub to: Endpoint,
    pub kind: ProtocolKind,
    pub detail: Detail,
    /// Sent at the moment shown.
    pub now: bool,
}

/// What a lane message carried, typed: the component writes it
/// (`components::protocol_lane::detail_text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    Nothing,
    /// A produce request: its partition and how many messages it carries.
    Batch {
        partition: i32,
        messages: usize,
    },
    /// A produce answer: the partition and the batch's base offset.
    Acked {
        partition: i32,
        base_offset: i64,
    },
    /// A produce answer with an error.
    Failed {
        partition: i32,
        error: KafkaError,
    },
    /// Why a Metadata request went out.
    Metadata(MetadataReason),
    /// A heartbeat answered with an error (REBALANCE_IN_PROGRESS, ...).
    HeartbeatError(ErrorCode),
    /// A generation completed (JoinGroup) or its assignments stored (SyncGroup).
    Generation(i32),
    /// A commit's offsets: each partition and its offset.
    Offsets(Vec<(i32, i64)>),
    /// A member's ordinary heartbeats folded: how many requests, the last one's generation,
    /// and whether it was answered.
    Heartbeats {
        sent: u32,
        generation: Option<i32>,
        answered: bool,
    },
    /// An ordinary heartbeat's answer.
    Answered,
}

/// Who sends or receives a lane message, as the moment shown names it; the components
/// translate the words and the diagram places chips by it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A client process, with its label (`P`, `C1`).
    Client(Process, String),
    Broker(i32),
    /// The group's coordinator while no live broker hosts it.
    Coordinator,
    /// The broker an answered produce request went to, when its sending was not seen.
    SomeBroker,
    /// The whole group (a generation completed, assignments stored).
    Group,
    /// A member that is gone, by the member id the coordinator knew it by.
    Member(String),
}

impl Endpoint {
    /// Its name where it has one in every language: a client's label, `B1`, a member id.
    pub fn label(&self) -> Option<String> {
        match self {
            Endpoint::Client(_, label) => Some(label.clone()),
            Endpoint::Broker(b) => Some(format!("B{b}")),
            Endpoint::Member(id) => Some(id.clone()),
            Endpoint::Coordinator | Endpoint::SomeBroker | Endpoint::Group => None,
        }
    }

    /// The diagram's node it is, if it is one.
    pub fn node(&self) -> Option<Node> {
        match self {
            Endpoint::Client(Process::Producer(p), _) => Some(Node::Producer(*p)),
            Endpoint::Client(Process::Consumer(c), _) => Some(Node::Consumer(*c)),
            Endpoint::Broker(b) => Some(Node::Broker(*b)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolKind {
    Produce,
    ProduceResponse,
    ProduceError,
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit,
    /// A client's Metadata request and its answer.
    Metadata,
    MetadataResponse,
    /// A partition's records: a consumer's or a follower's Fetch.
    Fetch,
    ListOffsets,
    OffsetFetch,
    /// A broker closed a client's connection (a lost response is a broken connection).
    Closed,
}

impl ProtocolKind {
    /// The Kafka protocol's name for it.
    pub fn name(self) -> &'static str {
        match self {
            ProtocolKind::Produce => "Produce",
            ProtocolKind::ProduceResponse => "Produce ✓",
            ProtocolKind::ProduceError => "Produce ✗",
            ProtocolKind::JoinGroup => "JoinGroup",
            ProtocolKind::SyncGroup => "SyncGroup",
            ProtocolKind::Heartbeat => "Heartbeat",
            ProtocolKind::LeaveGroup => "LeaveGroup",
            ProtocolKind::OffsetCommit => "OffsetCommit",
            ProtocolKind::Metadata => "Metadata",
            ProtocolKind::MetadataResponse => "Metadata ✓",
            ProtocolKind::Fetch => "Fetch",
            ProtocolKind::ListOffsets => "ListOffsets",
            ProtocolKind::OffsetFetch => "OffsetFetch",
            ProtocolKind::Closed => "✂",
        }
    }
}

/// A callback a program ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callout {
    pub seq: u64,
    pub label: String,
    pub colour: usize,
    pub kind: CalloutKind,
    /// Ran at the moment shown.
    pub now: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalloutKind {
    /// `delivery_callback(err, msg)`: the partition and offset, or the error's name; for a
    /// kafka-python producer (`future`), its future completing, which runs the callbacks or
    /// errbacks added to it (kafka-python `kafka/producer/future.py`).
    Delivery {
        partition: i32,
        offset: i64,
        error: Option<KafkaError>,
        future: bool,
    },
    /// `on_assign`, `on_revoke` or `on_lost` with its partitions.
    Rebalance {
        callback: CallbackKind,
        partitions: Vec<i32>,
    },
    /// `on_commit`: whether the commit succeeded.
    OnCommit { ok: bool },
    /// `error_cb(err)` with a producer's error event (`_TRANSPORT`, `_ALL_BROKERS_DOWN`).
    Error { error: KafkaError },
}

/// Why a Metadata request went out, in Kafka's own words (a setting's name, the leader the
/// client looks for, or the reason librdkafka logs), the same in both languages.
pub fn metadata_reason(reason: MetadataReason) -> &'static str {
    match reason {
        MetadataReason::Periodic => "topic.metadata.refresh.interval.ms",
        MetadataReason::LeaderQuery => "leader?",
        MetadataReason::Connected => "connected",
        MetadataReason::BrokerDown => "broker down",
        MetadataReason::Unavailable => "refresh unavailable topics",
    }
}

/// Who sends or receives a lane message, as the trace names it: the moment shown labels it.
enum Peer<'a> {
    Process(Process),
    Broker(i32),
    /// The broker an answered produce request went to.
    RequestBroker,
    /// The broker hosting the group's coordinator now.
    Coordinator,
    /// The whole group (a generation completed, assignments stored).
    Group,
    Member(&'a str),
}

/// A message of the lane as one trace entry tells it, other than an ordinary heartbeat.
struct Message<'a> {
    from: Peer<'a>,
    to: Peer<'a>,
    kind: ProtocolKind,
    detail: Detail,
}

/// The lane message `event` is, unless it is an ordinary heartbeat (see [`heartbeat`]) or no
/// message at all.
fn message(event: &Event) -> Option<Message<'_>> {
    let partitions = |offsets: &[(TopicPartition, i64)]| {
        Detail::Offsets(offsets.iter().map(|(tp, o)| (tp.partition, *o)).collect())
    };
    let (from, to, kind, detail) = match event {
        Event::BatchSent {
            client,
            broker,
            tp,
            messages,
            ..
        } => (
            Peer::Process(Process::Producer(*client)),
            Peer::Broker(*broker),
            ProtocolKind::Produce,
            Detail::Batch {
                partition: tp.partition,
                messages: messages.len(),
            },
        ),
        Event::BatchAcknowledged {
            client,
            tp,
            base_offset,
            ..
        } => (
            Peer::RequestBroker,
            Peer::Process(Process::Producer(*client)),
            ProtocolKind::ProduceResponse,
            Detail::Acked {
                partition: tp.partition,
                base_offset: *base_offset,
            },
        ),
        Event::BatchFailed {
            client, tp, error, ..
        } => (
            Peer::RequestBroker,
            Peer::Process(Process::Producer(*client)),
            ProtocolKind::ProduceError,
            Detail::Failed {
                partition: tp.partition,
                error: *error,
            },
        ),
        Event::MetadataRequested {
            process,
            broker,
            reason,
        } => (
            Peer::Process(*process),
            Peer::Broker(*broker),
            ProtocolKind::Metadata,
            Detail::Metadata(*reason),
        ),
        Event::MetadataAnswered {
            process, broker, ..
        } => (
            Peer::Broker(*broker),
            Peer::Process(*process),
            ProtocolKind::MetadataResponse,
            Detail::Nothing,
        ),
        Event::Consumer {
            consumer,
            event:
                ClientEvent::HeartbeatAnswered {
                    error: Some(error), ..
                },
        } => (
            Peer::Coordinator,
            Peer::Process(Process::Consumer(*consumer)),
            ProtocolKind::Heartbeat,
            Detail::HeartbeatError(*error),
        ),
        Event::Coordinator { event } => match &**event {
            CoordinatorEvent::MemberJoined { member_id, .. } => (
                Peer::Member(member_id),
                Peer::Coordinator,
                ProtocolKind::JoinGroup,
                Detail::Nothing,
            ),
            CoordinatorEvent::GenerationCompleted { generation, .. } => (
                Peer::Coordinator,
                Peer::Group,
                ProtocolKind::JoinGroup,
                Detail::Generation(*generation),
            ),
            CoordinatorEvent::AssignmentsStored { generation, .. } => (
                Peer::Coordinator,
                Peer::Group,
                ProtocolKind::SyncGroup,
                Detail::Generation(*generation),
            ),
            CoordinatorEvent::OffsetsCommitted {
                member_id, offsets, ..
            } => (
                Peer::Member(member_id),
                Peer::Coordinator,
                ProtocolKind::OffsetCommit,
                partitions(offsets),
            ),
            CoordinatorEvent::MemberRemoved {
                member_id,
                reason: RemovalReason::Left,
                ..
            } => (
                Peer::Member(member_id),
                Peer::Coordinator,
                ProtocolKind::LeaveGroup,
                Detail::Nothing,
            ),
            _ => return None,
        },
        _ => return None,
    };
    Some(Message {
        from,
        to,
        kind,
        detail,
    })
}

/// Whether `event` is a lane message that is not an ordinary heartbeat: the lane's heartbeat
/// rows fold only up to the last such message.
fn is_message(event: &Event) -> bool {
    message(event).is_some()
}

/// An ordinary heartbeat of member `consumer`: a request of its generation (`Some`), or an
/// answer without error (`None`).
fn heartbeat(event: &Event) -> Option<(usize, Option<i32>)> {
    match event {
        Event::Consumer {
            consumer,
            event: ClientEvent::HeartbeatSent { generation },
        } => Some((*consumer, Some(*generation))),
        Event::Consumer {
            consumer,
            event: ClientEvent::HeartbeatAnswered { error: None },
        } => Some((*consumer, None)),
        _ => None,
    }
}

/// A row of the lane before it is labelled.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Row {
    /// A message of its own, at trace entry `seq`; `broker` is the one an answered produce
    /// request went to.
    Message { seq: u64, broker: Option<i32> },
    /// An ordinary heartbeat answer whose request's row is behind another message: drawn as
    /// the answer it is.
    Answer {
        seq: u64,
        time: Millis,
        member: usize,
    },
    /// A member's ordinary heartbeats, folded; `seq` and `time` are the last one's.
    Heartbeats {
        seq: u64,
        time: Millis,
        beats: Heartbeats,
    },
}

/// The protocol lane and the callouts up to some trace entry, folded entry by entry so that a
/// frame draws them without reading the trace back (the run keeps it with its simulation).
/// It holds the rows the lane may still show, unlabelled (the moment shown labels them), the
/// last callbacks, and the brokers of the produce requests not answered yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lane {
    /// The last `LANE` rows, and before them the heartbeat rows that may still fold.
    rows: VecDeque<Row>,
    /// The seqs of the last `CALLOUTS` callbacks.
    callbacks: VecDeque<u64>,
    /// The broker each unanswered produce request went to, by producer and request: a
    /// request is answered once (the producer forgets it then: producer/client.rs `finish`).
    sent_to: VecMap<(usize, RequestId), i32>,
}

impl Lane {
    /// The fold of `trace` from its start.
    pub fn of(trace: &[TraceEntry]) -> Lane {
        let mut lane = Lane::default();
        trace.iter().for_each(|entry| lane.fold(entry));
        lane
    }

    /// Folds in the next trace entry. A member's ordinary heartbeats (each request and its
    /// answer without error, every `heartbeat.interval.ms`) fold into one row that counts the
    /// requests, so they show without crowding the lane; an answer with an error is its own
    /// row (REBALANCE_IN_PROGRESS is how a member learns of a rebalance: librdkafka
    /// `rd_kafka_cgrp_handle_Heartbeat`), as is every other message, and it ends the fold.
    pub fn fold(&mut self, entry: &TraceEntry) {
        if callback(&entry.event).is_some() {
            if self.callbacks.len() == CALLOUTS {
                self.callbacks.pop_front();
            }
            self.callbacks.push_back(entry.seq);
        }
        match heartbeat(&entry.event) {
            Some((member, sent)) => self.fold_heartbeat(entry, member, sent),
            None if is_message(&entry.event) => {
                let broker = match &entry.event {
                    Event::BatchSent {
                        client,
                        request,
                        broker,
                        ..
                    } => {
                        self.sent_to.insert((*client, *request), *broker);
                        None
                    }
                    Event::BatchAcknowledged {
                        client, request, ..
                    }
                    | Event::BatchFailed {
                        client, request, ..
                    } => self.sent_to.remove(&(*client, *request)),
                    _ => None,
                };
                self.rows.push_back(Row::Message {
                    seq: entry.seq,
                    broker,
                });
            }
            None => return,
        }
        // Rows older than the last `LANE` are never shown again, unless they are heartbeat
        // rows after the last message, which a later heartbeat moves to the end.
        let folding = self
            .rows
            .iter()
            .rev()
            .take_while(|row| matches!(row, Row::Heartbeats { .. }))
            .count();
        while self.rows.len() > LANE.max(folding) {
            self.rows.pop_front();
        }
    }

    fn fold_heartbeat(&mut self, entry: &TraceEntry, member: usize, sent: Option<i32>) {
        // The member's row, if only other members' heartbeat rows came after it.
        let back = self
            .rows
            .iter()
            .rev()
            .map_while(|row| match row {
                Row::Heartbeats { beats, .. } => Some(beats.member),
                _ => None,
            })
            .position(|other| other == member);
        let mut beats = match back.and_then(|back| self.rows.remove(self.rows.len() - 1 - back)) {
            Some(Row::Heartbeats { beats, .. }) => beats,
            _ if sent.is_none() => {
                self.rows.push_back(Row::Answer {
                    seq: entry.seq,
                    time: entry.time,
                    member,
                });
                return;
            }
            _ => Heartbeats::of(member),
        };
        beats.add(sent);
        self.rows.push_back(Row::Heartbeats {
            seq: entry.seq,
            time: entry.time,
            beats,
        });
    }

    /// The last `LANE` rows of the protocol lane, labelled for the moment shown (`trace` is
    /// the trace folded in, `count` the run's producers, `coordinator` the coordinator's
    /// broker now); `now` marks those sent at the shown millisecond.
    pub(crate) fn protocol(
        &self,
        trace: &[TraceEntry],
        count: usize,
        consumers: &Consumers,
        coordinator: Option<i32>,
        now: Option<Millis>,
    ) -> Vec<ProtocolMessage> {
        let consumer = |member: usize| {
            let process = Process::Consumer(member);
            Endpoint::Client(process, process_label(process, count))
        };
        let coordinator = coordinator.map_or(Endpoint::Coordinator, Endpoint::Broker);
        let first = self.rows.len().saturating_sub(LANE);
        self.rows
            .range(first..)
            .filter_map(|row| {
                let (seq, time, from, to, kind, detail) = match row {
                    Row::Message { seq, broker } => {
                        let entry = entry(trace, *seq)?;
                        let message = message(&entry.event)?;
                        let label = |peer: &Peer| match peer {
                            Peer::Process(process) => {
                                Endpoint::Client(*process, process_label(*process, count))
                            }
                            Peer::Broker(broker) => Endpoint::Broker(*broker),
                            Peer::RequestBroker => {
                                broker.map_or(Endpoint::SomeBroker, Endpoint::Broker)
                            }
                            Peer::Coordinator => coordinator.clone(),
                            Peer::Group => Endpoint::Group,
                            Peer::Member(member_id) => consumers.endpoint(member_id),
                        };
                        let (from, to) = (label(&message.from), label(&message.to));
                        (*seq, entry.time, from, to, message.kind, message.detail)
                    }
                    Row::Answer { seq, time, member } => (
                        *seq,
                        *time,
                        coordinator.clone(),
                        consumer(*member),
                        ProtocolKind::Heartbeat,
                        Detail::Answered,
                    ),
                    Row::Heartbeats { seq, time, beats } => (
                        *seq,
                        *time,
                        consumer(beats.member),
                        coordinator.clone(),
                        ProtocolKind::Heartbeat,
                        beats.detail(),
                    ),
                };
                Some(ProtocolMessage {
                    seq,
                    time,
                    from,
                    to,
                    kind,
                    detail,
                    now: Some(time) == now,
                })
            })
            .collect()
    }

    /// The last `CALLOUTS` callbacks, oldest first; `futures` says which producers are
    /// kafka-python's (their reports complete futures); `now` marks those run at the cursor's
    /// entry or the one before it (a callback's line follows its event).
    pub(crate) fn callouts(
        &self,
        trace: &[TraceEntry],
        futures: &[bool],
        now: Option<u64>,
    ) -> Vec<Callout> {
        let count = futures.len();
        self.callbacks
            .iter()
            .filter_map(|&seq| {
                let entry = entry(trace, seq)?;
                let (process, mut kind) = callback(&entry.event)?;
                if let (CalloutKind::Delivery { future, .. }, Process::Producer(p)) =
                    (&mut kind, process)
                {
                    *future = futures.get(p).copied().unwrap_or(false);
                }
                Some(Callout {
                    seq,
                    label: process_label(process, count),
                    colour: process_colour(process),
                    kind,
                    now: now.is_some_and(|now| now <= seq + 1),
                })
            })
            .collect()
    }
}

/// Trace entry `seq` of `trace`.
fn entry(trace: &[TraceEntry], seq: u64) -> Option<&TraceEntry> {
    trace.get(trace.partition_point(|entry| entry.seq < seq))
}

/// A member's ordinary heartbeats folded into one lane row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Heartbeats {
    member: usize,
    /// Requests sent.
    sent: u32,
    /// The generation the last request carried.
    generation: Option<i32>,
    /// The last request was answered without error.
    answered: bool,
}

impl Heartbeats {
    fn of(member: usize) -> Heartbeats {
        Heartbeats {
            member,
            sent: 0,
            generation: None,
            answered: false,
        }
    }

    /// A request of `generation` (`Some`) or an answer without error (`None`).
    fn add(&mut self, sent: Option<i32>) {
        match sent {
            Some(generation) => {
                self.sent += 1;
                (self.generation, self.answered) = (Some(generation), false);
            }
            None => self.answered = true,
        }
    }

    fn detail(&self) -> Detail {
        Detail::Heartbeats {
            sent: self.sent,
            generation: self.generation,
            answered: self.answered,
        }
    }
}

/// The callback `event` runs in a program, if it is one.
fn callback(event: &Event) -> Option<(Process, CalloutKind)> {
    match event {
        Event::DeliveryReportServed {
            message,
            partition,
            offset,
            error,
        } => Some((
            Process::Producer(message.client),
            CalloutKind::Delivery {
                partition: *partition,
                offset: *offset,
                error: *error,
                future: false,
            },
        )),
        Event::ConsumerProgram {
            consumer,
            event: ProgramEvent::Printed { printed, .. },
        } => {
            let kind = match &**printed {
                Printed::Partitions {
                    callback,
                    partitions,
                } => CalloutKind::Rebalance {
                    callback: *callback,
                    partitions: partitions.iter().map(|tp| tp.partition).collect(),
                },
                Printed::CommitCallback(result) => CalloutKind::OnCommit {
                    ok: result.error.is_none(),
                },
                // kafka-python's `commit_async` callback: `response` is `None` on success.
                Printed::CommitAsyncCallback { response, .. } => CalloutKind::OnCommit {
                    ok: response == PYTHON_NONE,
                },
                // `error_cb` of a consumer (a broker connection's error).
                Printed::Error(ClientError {
                    kind: ErrorKind::Connection(error),
                    ..
                }) => CalloutKind::Error { error: *error },
                _ => return None,
            };
            Some((Process::Consumer(*consumer), kind))
        }
        Event::ClientErrorServed { process, error } => {
            Some((*process, CalloutKind::Error { error: *error }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
