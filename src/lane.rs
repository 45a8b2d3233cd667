//! The protocol lane and the callouts of the cluster diagram: the last protocol messages
//! (produce requests and answers, group and commit requests, metadata) and the last callbacks
//! the programs ran, found by reading the trace back from the cursor only as far as they reach.

use crate::group_view::Consumers;
use crate::moment::{process_colour, process_label};
use crate::playback::Millis;
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::consumer::{
    CallbackKind, ClientError, ClientEvent, ErrorKind, Printed, ProgramEvent,
};
use kafka_sim::coordinator::{Event as CoordinatorEvent, RemovalReason};
use kafka_sim::engine::{Event, KafkaError, MetadataReason, Process, TraceEntry};
use kafka_sim::ids::RequestId;

/// How many protocol messages the lane keeps.
pub const LANE: usize = 8;

/// How many callbacks stay called out.
pub const CALLOUTS: usize = 3;

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
pub(crate) fn protocol_lane(
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
pub(crate) fn callouts(trace: &[TraceEntry], count: usize, now: Option<u64>) -> Vec<Callout> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
