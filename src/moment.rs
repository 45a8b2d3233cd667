//! The cluster diagram's view model: what the diagram draws at one moment of a run, as small
//! comparable structs computed from the simulation and its trace. Pure (no browser), so it is
//! tested natively; the components in `components::cluster` only draw it.
//!
//! What clients hold (a producer's queue and its batches in flight) and what they did (the
//! protocol lane, the callbacks) is read from the trace up to the cursor, so that stepping
//! within one millisecond moves them entry by entry. The cluster's state (brokers, logs, the
//! high watermark, replicas) and the group's are the simulation's right after the step that
//! traced the cursor's entry (`Run::with_sim`), so they follow the cursor too.

use crate::live_view::Owner;
use crate::playback::Millis;
use course::lesson::{Counter, Lesson};
use kafka_sim::TopicPartition;
use kafka_sim::cluster::{Cluster, Partition};
use kafka_sim::collect::{VecMap, sort_small_by};
use kafka_sim::consumer::{
    CallbackKind, ClientError, ClientEvent, ErrorKind, Printed, ProcessState, ProgramEvent,
};
use kafka_sim::coordinator::{Event as CoordinatorEvent, RemovalReason};
use kafka_sim::engine::protocol::RequestId;
use kafka_sim::engine::{Event, KafkaError, MetadataReason, Process, Sim, TraceEntry};

/// How many offsets a partition's log draws: the last ones, where the marks are.
pub const WINDOW: usize = 16;

/// How many protocol messages the lane keeps.
pub const LANE: usize = 8;

/// How many callbacks stay called out.
pub const CALLOUTS: usize = 3;

/// A process's colour slot: consumers C1..C9 use slots 0..8, as on the home page; producers
/// take vermillion and reddish purple, which no consumer of the course's five uses.
pub fn process_colour(process: Process) -> usize {
    match process {
        Process::Producer(i) => 5 + i % 2,
        Process::Consumer(i) => i % 9,
    }
}

/// A process's label: `P` (or `P1`, `P2`... when a run has several producers), `C1`, `C2`...
pub fn process_label(process: Process, producers: usize) -> String {
    match process {
        Process::Producer(_) if producers == 1 => "P".into(),
        Process::Producer(i) => format!("P{}", i + 1),
        Process::Consumer(i) => format!("C{}", i + 1),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    pub producers: Vec<ProducerBox>,
    pub brokers: Vec<BrokerBox>,
    pub topic: String,
    pub partitions: Vec<PartitionLog>,
    /// The consumer group, when the run has consumers.
    pub group: Option<GroupBox>,
    /// The last protocol messages, oldest first.
    pub protocol: Vec<ProtocolMessage>,
    /// The last callbacks the programs ran, oldest first.
    pub callouts: Vec<Callout>,
}

/// A producer with its local queue and its produce requests in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerBox {
    pub label: String,
    pub colour: usize,
    /// Messages in the partition queues, not yet in a request, in produce order.
    pub queued: Vec<MessageChip>,
    pub in_flight: Vec<BatchChip>,
    /// Delivery reports waiting for `poll()`/`flush()`: confluent-kafka-python asks for one per
    /// message even without a callback (Producer.c sets librdkafka's `dr_msg_cb` for every
    /// producer), and the message counts in `len(producer)` until its report is served.
    pub reports: Vec<ReportChip>,
}

/// A delivery report in the producer's queue: the message it reports on, and whether the
/// message failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportChip {
    pub number: u64,
    pub failed: bool,
}

/// One `produce()` call: its number (from 0) and its partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageChip {
    pub number: u64,
    pub partition: i32,
}

/// A produce request on its way to, or at, a broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchChip {
    pub request: u64,
    pub broker: i32,
    pub partition: i32,
    pub messages: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerBox {
    pub id: i32,
    pub up: bool,
    /// Partitions of the topic it leads.
    pub leads: Vec<i32>,
    /// Partitions of the topic it follows.
    pub follows: Vec<i32>,
}

/// A partition's log, windowed: only the offsets from `first` on are drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLog {
    pub partition: i32,
    pub leader: Option<i32>,
    pub isr: Vec<i32>,
    /// The first offset drawn; the `first` records before it are counted, not drawn.
    pub first: i64,
    pub cells: Vec<LogCell>,
    pub end: i64,
    pub high_watermark: i64,
    /// Marks on the log (positions, the committed offset, followers' ends), by offset.
    pub marks: Vec<OffsetMark>,
    /// The group member that owns it.
    pub owner: Option<Owner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogCell {
    pub offset: i64,
    pub key: String,
    pub value: String,
}

/// Something that points at an offset of a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetMark {
    pub offset: i64,
    pub kind: MarkKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A follower replica's log end: how far replication has come.
    Replica { broker: i32 },
    /// A consumer's position: the next offset it reads. `fetch_start` when `position()` is
    /// still INVALID (no record handed over since the partition was assigned: librdkafka
    /// resets `rktp_app_pos` when fetching stops, rdkafka_partition.c
    /// `rd_kafka_toppar_fetch_stopped`) and the mark sits on the group's committed offset,
    /// where its first fetch starts (rdkafka_assignment.c `rd_kafka_assignment_serve_pending`).
    Position {
        label: String,
        colour: usize,
        fetch_start: bool,
    },
    /// The group's committed offset.
    Committed,
}

/// The consumer group as the coordinator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupBox {
    pub id: String,
    pub generation: i32,
    /// The group's state (`Stable`, `PreparingRebalance`...).
    pub state: String,
    pub leader: Option<String>,
    pub members: Vec<GroupMember>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMember {
    pub label: String,
    pub colour: usize,
    pub partitions: Vec<i32>,
    /// The id the coordinator gave it (`rdkafka-` + a UUID on a real broker): range and
    /// roundrobin order members by it, not by join order (rdkafka_range_assignor.c).
    pub member_id: String,
}

/// A message in the protocol lane: who sent it to whom, what, and what it carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolMessage {
    pub seq: u64,
    pub time: Millis,
    pub from: String,
    pub to: String,
    pub kind: ProtocolKind,
    pub detail: String,
    /// Sent at the moment shown.
    pub now: bool,
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
    /// `delivery_callback(err, msg)`: the partition and offset, or the error's name.
    Delivery {
        partition: i32,
        offset: i64,
        error: Option<KafkaError>,
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

/// The trace shown at `time` with the cursor at entry `cursor` (up to `time` when `None`).
pub fn shown(trace: &[TraceEntry], time: Millis, cursor: Option<u64>) -> &[TraceEntry] {
    let end =
        trace.partition_point(|entry| entry.time <= time && cursor.is_none_or(|c| entry.seq <= c));
    &trace[..end]
}

/// The lesson's counters at the cursor: `sim` as it stood at the cursor and `trace`
/// the entries shown, so the numbers agree with the code line and the narration.
pub fn counters(lesson: &Lesson, sim: &Sim, trace: &[TraceEntry]) -> Vec<(Counter, u64)> {
    lesson
        .counters
        .iter()
        .map(|&counter| (counter, counter.value(sim, trace)))
        .collect()
}

/// The moment of `sim` (the run as it stood at the cursor) for `topic` and the
/// consumers' `group`, with `trace` the entries shown.
pub fn moment(sim: &Sim, topic: &str, group: Option<&str>, trace: &[TraceEntry]) -> Moment {
    let now = trace.last().map(|entry| (entry.time, entry.seq));
    let count = sim.producers().len();
    let cluster = sim.cluster();
    let partitions: Vec<(i32, &Partition)> = (0..cluster.partition_count(topic).unwrap_or(0))
        .filter_map(|p| Some((p, cluster.partition(&TopicPartition::new(topic, p))?)))
        .collect();
    let consumers = Consumers::of(sim, count);
    // The broker hosting the group's coordinator now (`Sim::coordinator_of`).
    let coordinator = group
        .and_then(|g| sim.coordinator_of(g))
        .map_or_else(|| "coordinator".to_string(), |b| format!("B{b}"));
    let mut logs: Vec<PartitionLog> = partitions
        .iter()
        .map(|&(p, partition)| partition_log(p, partition))
        .collect();
    consumers.mark(sim, topic, group, &mut logs);
    Moment {
        producers: producer_boxes(trace, count),
        brokers: broker_boxes(cluster, &partitions),
        topic: topic.to_string(),
        partitions: logs,
        group: group.and_then(|id| consumers.group_box(sim, id, topic)),
        protocol: protocol_lane(
            trace,
            count,
            &consumers,
            &coordinator,
            now.map(|(time, _)| time),
        ),
        callouts: callouts(trace, count, now.map(|(_, seq)| seq)),
    }
}

/// The running consumers as the diagram names them.
struct Consumers {
    /// Per consumer index: label, colour, member id and the partitions it reads (the client's
    /// view; empty once the process crashed or closed, though a static or crashed member stays
    /// in the group until its session times out).
    members: Vec<(Owner, String, Vec<TopicPartition>)>,
}

impl Consumers {
    fn of(sim: &Sim, producers: usize) -> Consumers {
        let members = (0..sim.consumer_count())
            .map(|i| {
                let process = Process::Consumer(i);
                let owner = Owner {
                    label: process_label(process, producers),
                    colour: process_colour(process),
                };
                let (member, assignment) = sim
                    .consumer(i)
                    .map(|p| {
                        let reading = !p.client.is_closed() && p.state() != ProcessState::Crashed;
                        let assignment = if reading {
                            p.client.assignment()
                        } else {
                            Vec::new()
                        };
                        let member = match p.client.member_id() {
                            "" => left_as(sim, i).unwrap_or_default(),
                            id => id.to_string(),
                        };
                        (member, assignment)
                    })
                    .unwrap_or_default();
                (owner, member, assignment)
            })
            .collect();
        Consumers { members }
    }

    /// The label of a member id: its consumer's, or the id itself (a member that is gone).
    fn label(&self, member: &str) -> String {
        self.members
            .iter()
            .find(|(_, id, _)| id == member && !member.is_empty())
            .map_or_else(|| member.to_string(), |(owner, _, _)| owner.label.clone())
    }

    /// Owners, positions and the group's committed offsets on the logs of `topic`.
    fn mark(&self, sim: &Sim, topic: &str, group: Option<&str>, logs: &mut [PartitionLog]) {
        let committed = group.map(|g| sim.committed(g)).unwrap_or_default();
        for (i, (owner, _, assignment)) in self.members.iter().enumerate() {
            for tp in assignment.iter().filter(|tp| tp.topic == topic) {
                let Some(log) = logs.iter_mut().find(|l| l.partition == tp.partition) else {
                    continue;
                };
                log.owner.get_or_insert_with(|| owner.clone());
                let position = sim.consumer(i).and_then(|p| p.client.position(tp));
                let next = position
                    .map(|offset| (offset, false))
                    .or_else(|| committed.get(tp).map(|&offset| (offset, true)));
                if let Some((offset, fetch_start)) = next {
                    log.marks.push(OffsetMark {
                        offset,
                        kind: MarkKind::Position {
                            label: owner.label.clone(),
                            colour: owner.colour,
                            fetch_start,
                        },
                    });
                }
            }
        }
        // A crashed or closed member still in the group keeps its partitions in the
        // coordinator's eyes until the group rebalances without it.
        let stopped = group.and_then(|g| sim.group(g)).into_iter().flat_map(|g| {
            g.members().filter_map(|member| {
                let (owner, _, _) = self
                    .members
                    .iter()
                    .find(|(_, id, a)| id == member.id() && a.is_empty())?;
                Some((owner, member.assignment()?))
            })
        });
        for (owner, assignment) in stopped {
            for tp in assignment.partitions.iter().filter(|tp| tp.topic == topic) {
                if let Some(log) = logs.iter_mut().find(|l| l.partition == tp.partition) {
                    log.owner.get_or_insert_with(|| owner.clone());
                }
            }
        }
        for (tp, offset) in committed {
            if let Some(log) = logs
                .iter_mut()
                .find(|l| tp.topic == topic && l.partition == tp.partition)
            {
                log.marks.push(OffsetMark {
                    offset,
                    kind: MarkKind::Committed,
                });
            }
        }
    }

    fn group_box(&self, sim: &Sim, id: &str, topic: &str) -> Option<GroupBox> {
        let group = sim.group(id)?;
        let mut members: Vec<GroupMember> = group
            .members()
            .map(|member| {
                let found = self.members.iter().find(|(_, m, _)| m == member.id());
                let (label, colour, partitions) = match found {
                    Some((owner, _, assignment)) => {
                        let held = match member.assignment() {
                            Some(given) if assignment.is_empty() => &given.partitions,
                            _ => assignment,
                        };
                        (
                            owner.label.clone(),
                            owner.colour,
                            held.iter()
                                .filter(|tp| tp.topic == topic)
                                .map(|tp| tp.partition)
                                .collect(),
                        )
                    }
                    None => (member.id().to_string(), 7, Vec::new()),
                };
                GroupMember {
                    label,
                    colour,
                    partitions,
                    member_id: member.id().to_string(),
                }
            })
            .collect();
        // In member-id order, the order range and roundrobin hand partitions out in.
        sort_small_by(&mut members, |a, b| a.member_id.cmp(&b.member_id));
        Some(GroupBox {
            id: id.to_string(),
            generation: group.generation(),
            state: group.state().to_string(),
            leader: group.leader().map(|leader| self.label(leader)),
            members,
        })
    }
}

/// The member id consumer `consumer` last left the group as: the client forgets it when it
/// sends LeaveGroup (librdkafka `rd_kafka_cgrp_leave`), while the coordinator lists the member
/// until the request arrives.
fn left_as(sim: &Sim, consumer: usize) -> Option<String> {
    sim.trace()
        .iter()
        .rev()
        .find_map(|entry| match &entry.event {
            Event::Consumer {
                consumer: c,
                event: ClientEvent::LeaveSent { member_id },
            } if *c == consumer => Some(member_id.clone()),
            _ => None,
        })
}

/// Each producer's queue and batches in flight, replayed from the trace: a message is queued
/// when produced, leaves the queue in a request, comes back when retried, and leaves for good
/// when its delivery report is created (with acks=0 that is as its request leaves).
fn producer_boxes(trace: &[TraceEntry], count: usize) -> Vec<ProducerBox> {
    let mut queued: Vec<VecMap<u64, i32>> = vec![VecMap::new(); count];
    let mut in_flight: Vec<VecMap<RequestId, BatchChip>> = vec![VecMap::new(); count];
    let mut reports: Vec<VecMap<u64, bool>> = vec![VecMap::new(); count];
    for entry in trace {
        match &entry.event {
            Event::MessageQueued { message, tp, .. } => {
                queued[message.client].insert(message.number, tp.partition);
            }
            Event::BatchSent {
                client,
                request,
                broker,
                tp,
                messages,
            } => {
                for m in messages {
                    queued[*client].remove(&m.number);
                }
                let chip = BatchChip {
                    request: *request,
                    broker: *broker,
                    partition: tp.partition,
                    messages: messages.iter().map(|m| m.number).collect(),
                };
                in_flight[*client].insert(*request, chip);
            }
            Event::BatchAcknowledged {
                client, request, ..
            } => {
                // librdkafka queues the whole batch's reports as one operation as it handles
                // the answer (rdkafka_broker.c `rd_kafka_dr_msgq0`): they are shown with the
                // acknowledgement, before each report's own trace entry.
                if let Some(chip) = in_flight[*client].remove(request) {
                    for number in chip.messages {
                        reports[*client].insert(number, false);
                    }
                }
            }
            Event::BatchFailed {
                client, request, ..
            } => {
                in_flight[*client].remove(request);
            }
            Event::MessagesRetried {
                client,
                tp,
                messages,
            } => {
                for m in messages {
                    queued[*client].insert(m.number, tp.partition);
                }
            }
            Event::DeliveryReportServed { message, .. } => {
                reports[message.client].remove(&message.number);
            }
            Event::DeliveryReportQueued { message, error } => {
                reports[message.client].insert(message.number, error.is_some());
                queued[message.client].remove(&message.number);
                // acks=0: the report is made as the request leaves; no answer will come.
                let chips = &mut in_flight[message.client];
                chips.retain(|_, chip| {
                    chip.messages.retain(|&m| m != message.number);
                    !chip.messages.is_empty()
                });
            }
            _ => {}
        }
    }
    queued
        .into_iter()
        .zip(in_flight)
        .zip(reports)
        .enumerate()
        .map(|(i, ((queued, in_flight), reports))| ProducerBox {
            label: process_label(Process::Producer(i), count),
            colour: process_colour(Process::Producer(i)),
            queued: queued
                .into_iter()
                .map(|(number, partition)| MessageChip { number, partition })
                .collect(),
            in_flight: in_flight.into_values().collect(),
            reports: reports
                .into_iter()
                .map(|(number, failed)| ReportChip { number, failed })
                .collect(),
        })
        .collect()
}

fn broker_boxes(cluster: &Cluster, partitions: &[(i32, &Partition)]) -> Vec<BrokerBox> {
    cluster
        .brokers()
        .iter()
        .map(|(&id, broker)| {
            let with = |leads: bool| {
                partitions
                    .iter()
                    .filter(|(_, part)| {
                        part.replicas.contains(&id) && (part.leader == Some(id)) == leads
                    })
                    .map(|&(p, _)| p)
                    .collect()
            };
            BrokerBox {
                id,
                up: broker.up,
                leads: with(true),
                follows: with(false),
            }
        })
        .collect()
}

/// The first offset of a window of `WINDOW` offsets that ends at the log end.
pub fn window_start(end: i64) -> i64 {
    (end - WINDOW as i64).max(0)
}

fn partition_log(p: i32, partition: &Partition) -> PartitionLog {
    let end = partition.log_end_offset();
    let first = window_start(end);
    let cells = partition
        .leader_log()
        .map(|log| {
            log.read_from(first)
                .iter()
                .map(|record| LogCell {
                    offset: record.offset,
                    key: text_of(record.key.as_deref()),
                    value: text_of(record.value.as_deref()),
                })
                .collect()
        })
        .unwrap_or_default();
    let marks = partition
        .logs
        .iter()
        .filter(|(broker, _)| Some(**broker) != partition.leader)
        .map(|(&broker, log)| OffsetMark {
            offset: log.end_offset(),
            kind: MarkKind::Replica { broker },
        })
        .collect();
    PartitionLog {
        partition: p,
        leader: partition.leader,
        isr: partition.isr.iter().copied().collect(),
        first,
        cells,
        end,
        high_watermark: partition.high_watermark(),
        marks,
        owner: None,
    }
}

/// Why a Metadata request went out, in Kafka's own words (a setting's name, or the leader
/// the client looks for), the same in both languages.
fn metadata_reason(reason: MetadataReason) -> &'static str {
    match reason {
        MetadataReason::Periodic => "topic.metadata.refresh.interval.ms",
        MetadataReason::LeaderQuery => "leader?",
    }
}

/// The last `LANE` rows of the protocol lane; `now` marks those sent at the shown millisecond.
/// A member's ordinary heartbeats (each request and its answer without error, every
/// `heartbeat.interval.ms`) fold into one row that counts the requests, so they show without
/// crowding the lane; an answer with an error is its own row (REBALANCE_IN_PROGRESS is how a
/// member learns of a rebalance: librdkafka `rd_kafka_cgrp_handle_Heartbeat`), as is every
/// other message, and it ends the fold.
fn protocol_lane(
    trace: &[TraceEntry],
    count: usize,
    consumers: &Consumers,
    coordinator: &str,
    now: Option<Millis>,
) -> Vec<ProtocolMessage> {
    let producer = |client: usize| process_label(Process::Producer(client), count);
    let consumer = |i: usize| process_label(Process::Consumer(i), count);
    let partitions = |offsets: &[(TopicPartition, i64)]| {
        let list: Vec<String> = offsets
            .iter()
            .map(|(tp, offset)| format!("P{}@{offset}", tp.partition))
            .collect();
        list.join(" ")
    };
    // Where each produce request went, so that its answer is drawn from that broker.
    let mut sent_to: VecMap<RequestId, i32> = VecMap::new();
    let message = |entry: &TraceEntry, sent_to: &VecMap<RequestId, i32>| {
        let (from, to, kind, detail) = match &entry.event {
            Event::BatchSent {
                client,
                broker,
                tp,
                messages,
                ..
            } => (
                producer(*client),
                format!("B{broker}"),
                ProtocolKind::Produce,
                format!("P{} ×{}", tp.partition, messages.len()),
            ),
            Event::BatchAcknowledged {
                client,
                request,
                tp,
                base_offset,
            } => (
                broker_of(sent_to, *request),
                producer(*client),
                ProtocolKind::ProduceResponse,
                format!("P{} @{base_offset}", tp.partition),
            ),
            Event::BatchFailed {
                client,
                request,
                tp,
                error,
            } => (
                broker_of(sent_to, *request),
                producer(*client),
                ProtocolKind::ProduceError,
                format!("P{} {}", tp.partition, error.name()),
            ),
            Event::MetadataRequested {
                process,
                broker,
                reason,
            } => (
                process_label(*process, count),
                format!("B{broker}"),
                ProtocolKind::Metadata,
                metadata_reason(*reason).to_string(),
            ),
            Event::MetadataAnswered {
                process, broker, ..
            } => (
                format!("B{broker}"),
                process_label(*process, count),
                ProtocolKind::MetadataResponse,
                String::new(),
            ),
            Event::Consumer {
                consumer: i,
                event:
                    ClientEvent::HeartbeatAnswered {
                        error: Some(error), ..
                    },
            } => (
                coordinator.to_string(),
                consumer(*i),
                ProtocolKind::Heartbeat,
                error.to_string(),
            ),
            Event::Coordinator { event } => {
                let coordinator = coordinator.to_string();
                match event {
                    CoordinatorEvent::MemberJoined { member_id, .. } => (
                        consumers.label(member_id),
                        coordinator,
                        ProtocolKind::JoinGroup,
                        String::new(),
                    ),
                    CoordinatorEvent::GenerationCompleted { generation, .. } => (
                        coordinator,
                        "group".into(),
                        ProtocolKind::JoinGroup,
                        format!("✓ gen {generation}"),
                    ),
                    CoordinatorEvent::AssignmentsStored { generation, .. } => (
                        coordinator,
                        "group".into(),
                        ProtocolKind::SyncGroup,
                        format!("✓ gen {generation}"),
                    ),
                    CoordinatorEvent::OffsetsCommitted {
                        member_id, offsets, ..
                    } => (
                        consumers.label(member_id),
                        coordinator,
                        ProtocolKind::OffsetCommit,
                        partitions(offsets),
                    ),
                    CoordinatorEvent::MemberRemoved {
                        member_id,
                        reason: RemovalReason::Left,
                        ..
                    } => (
                        consumers.label(member_id),
                        coordinator,
                        ProtocolKind::LeaveGroup,
                        String::new(),
                    ),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(ProtocolMessage {
            seq: entry.seq,
            time: entry.time,
            from,
            to,
            kind,
            detail,
            now: Some(entry.time) == now,
        })
    };
    let mut lane: Vec<(ProtocolMessage, Option<Heartbeats>)> = Vec::new();
    for entry in trace {
        let ordinary = match &entry.event {
            Event::Consumer {
                consumer,
                event: ClientEvent::HeartbeatSent { generation },
            } => Some((*consumer, Some(*generation))),
            Event::Consumer {
                consumer,
                event: ClientEvent::HeartbeatAnswered { error: None },
            } => Some((*consumer, None)),
            _ => None,
        };
        match ordinary {
            Some((member, sent)) => {
                // The member's row, if only other members' heartbeat rows came after it.
                let back = lane
                    .iter()
                    .rev()
                    .take_while(|(_, beats)| beats.is_some())
                    .position(|(_, beats)| beats.as_ref().is_some_and(|b| b.member == member));
                let (mut row, beats) = match back {
                    Some(back) => lane.remove(lane.len() - 1 - back),
                    // An answer whose request's row is behind another message: its own row,
                    // drawn as the answer it is.
                    None if sent.is_none() => {
                        let row = ProtocolMessage {
                            seq: entry.seq,
                            time: entry.time,
                            from: coordinator.to_string(),
                            to: consumer(member),
                            kind: ProtocolKind::Heartbeat,
                            detail: "✓".into(),
                            now: Some(entry.time) == now,
                        };
                        lane.push((row, None));
                        continue;
                    }
                    None => {
                        let row = ProtocolMessage {
                            seq: entry.seq,
                            time: entry.time,
                            from: consumer(member),
                            to: coordinator.to_string(),
                            kind: ProtocolKind::Heartbeat,
                            detail: String::new(),
                            now: false,
                        };
                        (row, None)
                    }
                };
                let mut beats = beats.unwrap_or_else(|| Heartbeats::of(member));
                beats.add(sent);
                (row.seq, row.time) = (entry.seq, entry.time);
                row.now = Some(entry.time) == now;
                row.detail = beats.detail();
                lane.push((row, Some(beats)));
            }
            None => {
                if let Event::BatchSent {
                    request, broker, ..
                } = &entry.event
                {
                    sent_to.insert(*request, *broker);
                }
                lane.extend(message(entry, &sent_to).map(|row| (row, None)));
            }
        }
    }
    let first = lane.len().saturating_sub(LANE);
    lane.drain(first..).map(|(row, _)| row).collect()
}

/// The broker a produce request went to, as the lane names it (`B2`); `broker` when the
/// request was sent before the shown part of the trace.
fn broker_of(sent_to: &VecMap<RequestId, i32>, request: RequestId) -> String {
    sent_to
        .get(&request)
        .map_or_else(|| "broker".into(), |broker| format!("B{broker}"))
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

    /// `×3 gen 4 ✓`: how many requests (when more than one), their generation, and ✓ once
    /// the last is answered.
    fn detail(&self) -> String {
        let count = (self.sent > 1).then(|| format!("×{}", self.sent));
        let generation = self.generation.map(|g| format!("gen {g}"));
        let answered = self.answered.then(|| "✓".to_string());
        let parts: Vec<String> = [count, generation, answered]
            .into_iter()
            .flatten()
            .collect();
        parts.join(" ")
    }
}

/// The last `CALLOUTS` callbacks; `now` marks those run at the cursor's entry or the one
/// before it (a callback's line follows its event).
fn callouts(trace: &[TraceEntry], count: usize, now: Option<u64>) -> Vec<Callout> {
    let mut found: Vec<Callout> = trace
        .iter()
        .rev()
        .filter_map(|entry| {
            let (process, kind) = match &entry.event {
                Event::DeliveryReportServed {
                    message,
                    partition,
                    offset,
                    error,
                } => (
                    Process::Producer(message.client),
                    CalloutKind::Delivery {
                        partition: *partition,
                        offset: *offset,
                        error: *error,
                    },
                ),
                Event::ConsumerProgram {
                    consumer,
                    event: ProgramEvent::Printed { printed, .. },
                } => {
                    let kind = match printed {
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
                        // `error_cb` of a consumer (a broker connection's error).
                        Printed::Error(ClientError {
                            kind: ErrorKind::Connection(error),
                            ..
                        }) => CalloutKind::Error { error: *error },
                        _ => return None,
                    };
                    (Process::Consumer(*consumer), kind)
                }
                Event::ClientErrorServed { process, error } => {
                    (*process, CalloutKind::Error { error: *error })
                }
                _ => return None,
            };
            Some(Callout {
                seq: entry.seq,
                label: process_label(process, count),
                colour: process_colour(process),
                kind,
                now: now.is_some_and(|seq| seq <= entry.seq + 1),
            })
        })
        .take(CALLOUTS)
        .collect();
    found.reverse();
    found
}

/// Bytes shown as the course's `try_decode_utf8` shows them.
pub fn text_of(bytes: Option<&[u8]>) -> String {
    bytes.map_or_else(
        || "None".into(),
        |b| String::from_utf8_lossy(b).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;

    const STEP_MESSAGES: u64 = 12;
    use kafka_sim::cluster::{ClusterSpec, TopicSpec};
    use kafka_sim::engine::{ProducerSpec, Scenario};

    fn run(id: &str) -> Run {
        let lesson = course::lesson(id).expect("the lesson exists");
        Run::of_lesson(&lesson, &Changes::none()).expect("it runs")
    }

    fn moment_at(run: &Run, time: Millis, cursor: Option<u64>) -> Moment {
        run.with_sim(time, cursor, |sim| {
            moment(
                sim,
                &run.topic,
                run.group.as_deref(),
                shown(sim.trace(), time, cursor),
            )
        })
    }

    #[test]
    fn at_the_end_the_queue_is_empty_and_the_log_holds_every_message() {
        let run = run("producer-03-async");
        let end = moment_at(&run, run.end, None);
        let producer = &end.producers[0];
        assert_eq!((producer.label.as_str(), producer.colour), ("P", 5));
        assert_eq!(producer.queued, vec![]);
        assert_eq!(producer.in_flight, vec![]);
        let log = &end.partitions[0];
        assert_eq!((log.first, log.end, log.high_watermark), (0, 12, 12));
        assert_eq!(log.cells.len(), STEP_MESSAGES as usize);
        assert_eq!(log.leader, Some(1));
        assert_eq!(
            end.brokers,
            vec![BrokerBox {
                id: 1,
                up: true,
                leads: vec![0],
                follows: vec![]
            }]
        );
        let offsets: Vec<_> = end
            .callouts
            .iter()
            .filter_map(|c| match c.kind {
                CalloutKind::Delivery { offset, .. } => Some(offset),
                _ => None,
            })
            .collect();
        assert_eq!(
            offsets,
            vec![9, 10, 11],
            "the last three delivery callbacks"
        );
        // The answer comes from the broker the request went to.
        assert_eq!(
            end.protocol
                .last()
                .map(|m| (m.kind, m.from.as_str(), m.to.as_str())),
            Some((ProtocolKind::ProduceResponse, "B1", "P"))
        );
    }

    #[test]
    fn a_batch_leaves_the_queue_for_the_wire_and_then_the_log() {
        let run = run("producer-03-async");
        let trace = run.at(run.end).trace().to_vec();
        let sent = trace
            .iter()
            .find(|e| matches!(e.event, Event::BatchSent { .. }))
            .expect("a batch is sent");
        let before = moment_at(&run, sent.time, Some(sent.seq - 1));
        let after = moment_at(&run, sent.time, Some(sent.seq));
        let Event::BatchSent { messages, .. } = &sent.event else {
            unreachable!()
        };
        assert_eq!(before.producers[0].queued.len(), messages.len());
        assert_eq!(before.producers[0].in_flight.len(), 0);
        assert_eq!(after.producers[0].queued.len(), 0);
        assert_eq!(after.producers[0].in_flight.len(), 1);
        assert_eq!(
            after.producers[0].in_flight[0].messages.len(),
            messages.len()
        );
        assert_eq!(after.protocol.last().map(|m| m.now), Some(true));
    }

    /// Fire-and-forget has no delivery callback, yet every message's report waits in the queue
    /// until flush() serves it (confluent-kafka-python always asks for reports).
    #[test]
    fn reports_wait_for_flush_without_a_callback() {
        let run = run("producer-01-fire-and-forget");
        let trace = run.at(run.end).trace().to_vec();
        let first_served = trace
            .iter()
            .find(|e| matches!(e.event, Event::DeliveryReportServed { .. }))
            .expect("flush() serves the reports");
        let before = moment_at(&run, first_served.time, Some(first_served.seq - 1));
        let producer = &before.producers[0];
        assert_eq!(producer.reports.len(), STEP_MESSAGES as usize);
        assert!(producer.reports.iter().all(|report| !report.failed));
        assert_eq!(producer.queued, vec![]);
        let served = trace
            .iter()
            .filter(|e| matches!(e.event, Event::DeliveryReportServed { .. }))
            .count();
        assert_eq!(served, STEP_MESSAGES as usize, "served without a callback");
        assert_eq!(moment_at(&run, run.end, None).producers[0].reports, vec![]);
    }

    /// error_cb runs show among the callbacks when poll() serves them, not when queued.
    #[test]
    fn error_cb_runs_are_callouts_when_served() {
        let run = run("producer-broker-down");
        let trace = run.at(run.end).trace().to_vec();
        let queued = trace
            .iter()
            .find(|e| matches!(e.event, Event::ClientError { .. }))
            .expect("the broker goes down");
        let errors = |m: &Moment| {
            m.callouts
                .iter()
                .filter(|c| matches!(c.kind, CalloutKind::Error { .. }))
                .count()
        };
        assert_eq!(errors(&moment_at(&run, queued.time, Some(queued.seq))), 0);
        let served = trace
            .iter()
            .find(|e| matches!(e.event, Event::ClientErrorServed { .. }))
            .expect("poll() serves it");
        let at = moment_at(&run, served.time, Some(served.seq));
        assert_eq!(
            at.callouts.last().map(|c| &c.kind),
            Some(&CalloutKind::Error {
                error: KafkaError::AllBrokersDown
            })
        );
    }

    #[test]
    fn long_logs_are_windowed_to_their_last_offsets() {
        let exercise = course::exercise("producer-03-async").expect("the exercise exists");
        let program = course::programs::producer_program(&exercise.sources[0], Some(40))
            .expect("a producer program");
        let mut sim = Sim::new(Scenario {
            cluster: ClusterSpec {
                brokers: 1,
                ..ClusterSpec::default()
            },
            topics: vec![TopicSpec::new(program.topic.clone(), 1, 1)],
            producers: vec![ProducerSpec {
                settings: (&program.config).into(),
                program: program.program,
                start_at: Some(0),
            }],
            ..Scenario::default()
        })
        .expect("the scenario is valid");
        sim.run_until_done(60_000);
        let log = &moment(&sim, &program.topic, None, sim.trace()).partitions[0];
        assert_eq!((log.first, log.end), (24, 40));
        assert_eq!(log.cells.len(), WINDOW);
        assert_eq!(log.cells.first().map(|c| c.offset), Some(24));
        assert_eq!(window_start(5), 0);
    }

    /// Producer_03's key moment: the broker has acked and the narration says no callback has
    /// run; the callbacks run later in the same millisecond, and the counters must not show them.
    #[test]
    fn counters_follow_the_cursor_inside_a_millisecond() {
        let lesson = course::lesson("producer-03-async").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let key = run.key_moment.expect("a key moment");
        let values = |cursor: Option<u64>| {
            run.with_sim(key.time, cursor, |sim| {
                counters(&lesson, sim, shown(sim.trace(), key.time, cursor))
            })
        };
        use Counter::*;
        let throughput = 12_000 / key.time;
        assert_eq!(
            values(Some(key.seq)),
            vec![
                (Waiting, 12),
                (InFlight, 0),
                (Acknowledged, 12),
                (ReportsSeen, 0),
                (Throughput, throughput)
            ]
        );
        assert_eq!(
            values(None),
            vec![
                (Waiting, 0),
                (InFlight, 0),
                (Acknowledged, 12),
                (ReportsSeen, 12),
                (Throughput, throughput)
            ]
        );
    }
}

#[cfg(test)]
mod consumer_tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;

    #[test]
    fn a_consumer_group_owns_partitions_by_label_and_the_fifth_gets_none() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let at = run.key_moment.expect("a key moment").time;
        let moment = run.with_sim(at, None, |sim| {
            moment(
                sim,
                &run.topic,
                run.group.as_deref(),
                shown(sim.trace(), at, None),
            )
        });
        let group = moment.group.expect("the group exists");
        assert_eq!(group.state, "Stable");
        let mut members: Vec<(String, usize)> = group
            .members
            .iter()
            .map(|m| (m.label.clone(), m.partitions.len()))
            .collect();
        members.sort();
        let expected: Vec<(String, usize)> =
            [("C1", 1), ("C2", 1), ("C3", 1), ("C4", 1), ("C5", 0)]
                .map(|(l, n)| (l.to_string(), n))
                .into();
        assert_eq!(members, expected);
        for member in &group.members {
            for p in &member.partitions {
                let owner = moment.partitions[*p as usize].owner.as_ref();
                assert_eq!(owner.map(|o| o.label.as_str()), Some(member.label.as_str()));
            }
        }
        let lane: Vec<ProtocolKind> = moment.protocol.iter().map(|m| m.kind).collect();
        assert!(lane.contains(&ProtocolKind::SyncGroup), "{lane:?}");
    }

    /// Consumer_01's key moment follows a rebalance: every partition was just assigned and no
    /// record handed over, so `position()` is INVALID; the marks stand where each consumer's
    /// first fetch starts, the committed offset. At C5's `on_assign` line C1 and C2 hold their
    /// partitions; C3's and C4's SyncGroup answers arrive later in that millisecond. Later the
    /// mark is `position()` itself.
    #[test]
    fn positions_show_where_each_consumer_reads_next() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let positions = |time: Millis, cursor: Option<u64>| {
            let moment = run.with_sim(time, cursor, |sim| {
                moment(
                    sim,
                    &run.topic,
                    run.group.as_deref(),
                    shown(sim.trace(), time, cursor),
                )
            });
            let mut positions: Vec<(i32, String, i64, bool, Option<i64>)> = Vec::new();
            for log in &moment.partitions {
                let committed = log.marks.iter().find(|m| m.kind == MarkKind::Committed);
                for mark in &log.marks {
                    if let MarkKind::Position {
                        label, fetch_start, ..
                    } = &mark.kind
                    {
                        let committed = committed.map(|m| m.offset);
                        positions.push((
                            log.partition,
                            label.clone(),
                            mark.offset,
                            *fetch_start,
                            committed,
                        ));
                    }
                }
            }
            positions
        };
        let key = run.key_moment.expect("a key moment");
        let fetch_start = |(p, label, offset): (i32, &str, i64)| {
            (p, label.to_string(), offset, true, Some(offset))
        };
        let expected = [(1, "C1", 4), (3, "C2", 4)].map(fetch_start);
        assert_eq!(positions(key.time, Some(key.seq)), expected);
        let expected = [(0, "C4", 2), (1, "C1", 4), (2, "C3", 2), (3, "C2", 4)].map(fetch_start);
        assert_eq!(positions(key.time, None), expected);
        // At the end C3, C2 and C5 have read everything; C4 got partition 0 in the last
        // rebalance and has had nothing to read since.
        let expected = [
            (0, "C4", 4, true),
            (1, "C3", 6, false),
            (2, "C2", 4, false),
            (3, "C5", 6, false),
        ]
        .map(|(p, label, offset, fetch_start)| {
            (p, label.to_string(), offset, fetch_start, Some(offset))
        });
        assert_eq!(positions(run.end, None), expected);
    }

    /// Consumer_01's producer appends a record in a millisecond that C1's heartbeat timer
    /// opened: with the cursor on the heartbeat the log, its high watermark and the lag are
    /// as they were then, one record short of the end of that millisecond.
    #[test]
    fn the_log_and_the_lag_follow_the_cursor_inside_a_millisecond() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let trace = run.at(run.end).trace().to_vec();
        let (beat, appended) = trace
            .windows(2)
            .find_map(|pair| match (&pair[0].event, &pair[1].event) {
                (
                    Event::Consumer {
                        event: ClientEvent::HeartbeatSent { .. },
                        ..
                    },
                    Event::RecordAppended { tp, .. },
                ) if pair[0].time == pair[1].time => Some((pair[0].clone(), tp.partition)),
                _ => None,
            })
            .expect("a record is appended in a heartbeat's millisecond");
        let at = |cursor: Option<u64>| {
            run.with_sim(beat.time, cursor, |sim| {
                let shown = shown(sim.trace(), beat.time, cursor);
                let log = moment(sim, &run.topic, run.group.as_deref(), shown).partitions
                    [appended as usize]
                    .clone();
                (log.end, log.high_watermark, counters(&lesson, sim, shown))
            })
        };
        use Counter::*;
        assert_eq!((beat.time, appended), (6_006, 1));
        assert_eq!(at(Some(beat.seq)), (1, 1, vec![(Processed, 2), (Lag, 0)]));
        assert_eq!(
            at(Some(beat.seq + 1)),
            (2, 2, vec![(Processed, 2), (Lag, 1)])
        );
        assert_eq!(
            at(None),
            at(Some(beat.seq + 1)),
            "the end of the millisecond"
        );
    }

    /// The heartbeat lane rows of `events` (consumer index, event), one every 3 s, shown at
    /// 24 s: (seq, from, to, detail, sent at the shown millisecond).
    fn heartbeat_lane(
        events: Vec<(usize, ClientEvent)>,
    ) -> Vec<(u64, String, String, String, bool)> {
        use kafka_sim::engine::Cause;
        let trace: Vec<TraceEntry> = events
            .into_iter()
            .enumerate()
            .map(|(seq, (consumer, event))| TraceEntry {
                time: 3_000 * seq as u64,
                seq: seq as u64,
                cause: Cause::Start,
                event: Event::Consumer { consumer, event },
            })
            .collect();
        let consumers = Consumers {
            members: Vec::new(),
        };
        let lane = protocol_lane(&trace, 1, &consumers, "B1", Some(24_000));
        assert!(lane.iter().all(|m| m.kind == ProtocolKind::Heartbeat));
        lane.into_iter()
            .map(|m| (m.seq, m.from, m.to, m.detail, m.now))
            .collect()
    }

    fn row(
        seq: u64,
        from: &str,
        to: &str,
        detail: &str,
        now: bool,
    ) -> (u64, String, String, String, bool) {
        (seq, from.into(), to.into(), detail.into(), now)
    }

    /// Ordinary heartbeats fold into one row per member, moved to the newest; an answer with
    /// an error is its own row and ends the fold.
    #[test]
    fn ordinary_heartbeats_fold_into_one_row_per_member() {
        use kafka_sim::coordinator::ErrorCode;
        let sent = || ClientEvent::HeartbeatSent { generation: 1 };
        let answered = |error| ClientEvent::HeartbeatAnswered { error };
        let lane = heartbeat_lane(vec![
            (0, sent()),
            (1, sent()),
            (0, answered(None)),
            (1, answered(None)),
            (0, sent()),
            (0, answered(None)),
            (1, sent()),
            (1, answered(Some(ErrorCode::RebalanceInProgress))),
            (1, sent()),
        ]);
        assert_eq!(
            lane,
            vec![
                row(5, "C1", "B1", "×2 gen 1 ✓", false),
                row(6, "C2", "B1", "×2 gen 1", false),
                row(7, "B1", "C2", "REBALANCE_IN_PROGRESS", false),
                row(8, "C2", "B1", "gen 1", true),
            ]
        );
    }

    /// An answer whose request's row lies behind another message is drawn as an answer, from
    /// the coordinator, not as a second request of the member.
    #[test]
    fn an_answer_behind_another_message_is_its_own_answer_row() {
        use kafka_sim::coordinator::ErrorCode;
        let lane = heartbeat_lane(vec![
            (0, ClientEvent::HeartbeatSent { generation: 1 }),
            (
                1,
                ClientEvent::HeartbeatAnswered {
                    error: Some(ErrorCode::RebalanceInProgress),
                },
            ),
            (0, ClientEvent::HeartbeatAnswered { error: None }),
        ]);
        assert_eq!(
            lane,
            vec![
                row(0, "C1", "B1", "gen 1", false),
                row(1, "B1", "C2", "REBALANCE_IN_PROGRESS", false),
                row(2, "B1", "C1", "✓", false),
            ]
        );
    }

    /// A member learns of a rebalance from its Heartbeat's answer: the lane shows the request
    /// and the REBALANCE_IN_PROGRESS answer.
    #[test]
    fn the_lane_shows_a_heartbeat_answered_rebalance_in_progress() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let answered = run.with_sim(run.end, None, |sim| {
            sim.trace()
                .iter()
                .find_map(|entry| match &entry.event {
                    Event::Consumer {
                        consumer,
                        event: ClientEvent::HeartbeatAnswered { error: Some(_) },
                    } => Some((entry.time, entry.seq, *consumer)),
                    _ => None,
                })
                .expect("a heartbeat is answered with an error")
        });
        let (time, seq, consumer) = answered;
        let lane = run.with_sim(time, Some(seq), |sim| {
            let moment = moment(
                sim,
                &run.topic,
                run.group.as_deref(),
                shown(sim.trace(), time, Some(seq)),
            );
            moment.protocol
        });
        let label = format!("C{}", consumer + 1);
        let last = lane.last().expect("the lane has messages");
        assert_eq!(
            (
                last.from.as_str(),
                last.to.as_str(),
                last.kind,
                last.detail.as_str(),
                last.now
            ),
            (
                "B1",
                label.as_str(),
                ProtocolKind::Heartbeat,
                "REBALANCE_IN_PROGRESS",
                true
            )
        );
        let sent = lane
            .iter()
            .rev()
            .find(|m| m.kind == ProtocolKind::Heartbeat && m.from == label);
        assert_eq!(sent.map(|m| m.to.as_str()), Some("B1"), "{lane:?}");
    }

    /// A consumer's Metadata request and its answer are rows of the lane (issue 12 point 7).
    #[test]
    fn metadata_requests_show_in_the_lane() {
        use kafka_sim::engine::Cause;
        let process = Process::Consumer(0);
        let reason = MetadataReason::Periodic;
        let events = [
            Event::MetadataRequested {
                process,
                broker: 1,
                reason,
            },
            Event::MetadataAnswered {
                process,
                broker: 1,
                reason,
            },
        ];
        let trace: Vec<TraceEntry> = events
            .into_iter()
            .enumerate()
            .map(|(seq, event)| TraceEntry {
                time: 300_000 + 2 * seq as u64,
                seq: seq as u64,
                cause: Cause::Start,
                event,
            })
            .collect();
        let consumers = Consumers {
            members: Vec::new(),
        };
        let lane = protocol_lane(&trace, 0, &consumers, "B1", Some(300_002));
        let rows: Vec<(&str, &str, ProtocolKind, &str)> = lane
            .iter()
            .map(|m| (m.from.as_str(), m.to.as_str(), m.kind, m.detail.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "C1",
                    "B1",
                    ProtocolKind::Metadata,
                    "topic.metadata.refresh.interval.ms"
                ),
                ("B1", "C1", ProtocolKind::MetadataResponse, ""),
            ]
        );
    }
}
