//! Counters: the numbers a lesson keeps on screen, each a pure function of the simulation and
//! of the trace shown up to the step cursor.

use super::trigger::EventKind;
use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::collect::{VecMap, VecSet};
use kafka_sim::config::Acks;
use kafka_sim::consumer::ProgramEvent;
use kafka_sim::consumer::accounting::{Accounting, lag as consumer_lag};
use kafka_sim::coordinator::Event as CoordinatorEvent;
use kafka_sim::engine::{Event, MessageId, Sim, TraceEntry};
use kafka_sim::producer::{MessageFate, Tally, accounting};

/// A number the page shows beside the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// `len(producer)`: messages not yet delivered plus delivery reports not yet served
    /// (confluent-kafka-python `Producer.__len__` = `rd_kafka_outq_len`).
    Waiting,
    /// Messages in produce requests that have not been answered.
    InFlight,
    /// Messages the broker confirmed (never with acks=0: the broker does not answer).
    Acknowledged,
    /// Delivery callbacks the program's `poll()`/`flush()` has run.
    ReportsSeen,
    /// Messages in the partition's log (on its current leader).
    InLog,
    /// Messages written more than once to the log.
    Duplicates,
    /// Messages the program was told were delivered, which reached a broker's log and are no
    /// longer in the leader's log.
    Losses,
    /// Messages in the log per second of simulated time so far.
    Throughput,
    /// Records the consumers' programs processed (printed), counting every time.
    Processed,
    /// Records below the group's committed offset that no consumer processed: a commit went
    /// ahead of the processing (at-most-once) and the consumer died first.
    Unprocessed,
    /// The group's lag: on every partition, the log end (high watermark) minus the committed
    /// offset, or the whole log where nothing is committed (Consumer_lag, as seed 004
    /// computes it), summed.
    Lag,
    /// Delivery callbacks that reported a failure (`_MSG_TIMED_OUT`, ...).
    Failed,
    /// Errors librdkafka raised for `error_cb` (a broker unreachable), served or not.
    ClientErrors,
    /// `produce()` calls that raised instead of queuing (`BufferError`).
    Refused,
    /// The first producer's `queue.buffering.max.messages`: `produce()` raises `BufferError`
    /// when the queue already holds this many (librdkafka rdkafka_msg.c
    /// `rd_kafka_curr_msgs_add`: refused when count + 1 > the limit).
    QueueLimit,
}

impl Counter {
    /// The counter's name as the page shows it.
    pub fn label(self) -> Text {
        match self {
            Counter::Waiting => text("等待中 len(producer)", "waiting, len(producer)"),
            Counter::InFlight => text("傳送中 (in-flight)", "in flight"),
            Counter::Acknowledged => text("Broker已確認 (ack)", "acknowledged by the broker"),
            Counter::ReportsSeen => text("已執行的delivery callback", "delivery callbacks run"),
            Counter::InLog => text("log裡的訊息", "messages in the log"),
            Counter::Duplicates => text("重複的訊息", "duplicates"),
            Counter::Losses => text("遺失的訊息", "losses"),
            Counter::Throughput => text("throughput (訊息/秒)", "throughput (messages/s)"),
            Counter::Processed => text("已處理的訊息", "records processed"),
            Counter::Unprocessed => text("已commit但沒處理的訊息", "committed, never processed"),
            Counter::Lag => text("lag (還沒commit的訊息)", "lag (not yet committed)"),
            Counter::Failed => text("發佈失敗的訊息", "failed deliveries"),
            Counter::ClientErrors => text("交給error_cb的錯誤", "errors for error_cb"),
            Counter::Refused => text(
                "被拒絕的produce() (BufferError)",
                "produce() refused (BufferError)",
            ),
            Counter::QueueLimit => text(
                "佇列上限 queue.buffering.max.messages",
                "queue limit, queue.buffering.max.messages",
            ),
        }
    }

    /// The counter's value at the step cursor: `shown` is the trace up to the cursor, `sim` the
    /// run stopped right after the step that wrote the cursor's entry. What clients and
    /// programs did (reports served, acknowledgements, requests in flight, `len(producer)`,
    /// records processed, commits) is read from `shown`; what the logs hold is the cluster's,
    /// as the diagram's: both agree with the code line and the consoles inside a millisecond.
    pub fn value(self, sim: &Sim, shown: &[TraceEntry]) -> u64 {
        let count = |n: usize| n as u64;
        let fates = || accounting::fates(shown, sim.cluster(), sim.producers());
        let tally = || Tally::of(&fates());
        match self {
            Counter::Waiting => count(fates().iter().filter(|f| f.report_seen.is_none()).count()),
            Counter::InFlight => count(requests_in_flight(sim, shown)),
            Counter::Acknowledged => count(acknowledged(shown)),
            Counter::ReportsSeen => count(tally().reports_seen),
            Counter::InLog => count(tally().in_log),
            Counter::Duplicates => count(tally().duplicated + processed(shown).duplicates().len()),
            Counter::Losses => count(losses(sim, shown) + consumer_losses(sim, shown)),
            Counter::Throughput => count(tally().in_log) * 1_000 / sim.now().max(1),
            Counter::Processed => count(
                shown
                    .iter()
                    .filter(|entry| EventKind::RecordProcessed.matches(&entry.event))
                    .count(),
            ),
            Counter::Lag => lag(sim, shown),
            Counter::Unprocessed => count(consumer_losses(sim, shown)),
            Counter::Failed => count(
                shown
                    .iter()
                    .filter(|entry| EventKind::DeliveryReportFailed.matches(&entry.event))
                    .count(),
            ),
            Counter::ClientErrors => count(
                shown
                    .iter()
                    .filter(|entry| matches!(entry.event, Event::ClientError { .. }))
                    .count(),
            ),
            Counter::Refused => count(
                shown
                    .iter()
                    .filter(|entry| matches!(entry.event, Event::ProduceRaised { .. }))
                    .count(),
            ),
            Counter::QueueLimit => sim.producers().first().map_or(0, |p| {
                p.client.settings().queue_buffering_max_messages as u64
            }),
        }
    }
}

/// Produce requests sent and not yet answered (acknowledged or failed), as the client's
/// `in_flight()` counts them. With acks=0 a request is done once written: librdkafka flags it
/// `RD_KAFKA_OP_F_NO_RESPONSE` (rdkafka_msgset_writer.c) and expects no answer.
fn requests_in_flight(sim: &Sim, shown: &[TraceEntry]) -> usize {
    let answered = |client: usize| {
        sim.producers()
            .get(client)
            .is_some_and(|p| p.client.settings().acks != Acks::Zero)
    };
    let mut in_flight = VecSet::new();
    for entry in shown {
        match &entry.event {
            Event::BatchSent {
                client, request, ..
            } if answered(*client) => {
                in_flight.insert((*client, *request));
            }
            Event::BatchAcknowledged {
                client, request, ..
            }
            | Event::BatchFailed {
                client, request, ..
            } => {
                in_flight.remove(&(*client, *request));
            }
            _ => {}
        }
    }
    in_flight.len()
}

/// Messages in the produce requests the broker answered with success up to the cursor: the
/// acknowledgement is the ProduceResponse itself (librdkafka `rd_kafka_handle_Produce`), before
/// the client queues the delivery reports. acks=0 requests get no answer and count nothing.
fn acknowledged(shown: &[TraceEntry]) -> usize {
    let mut sent = VecMap::new();
    let mut acknowledged: VecSet<MessageId> = VecSet::new();
    for entry in shown {
        match &entry.event {
            Event::BatchSent {
                client,
                request,
                messages,
                ..
            } => {
                sent.insert((*client, *request), messages);
            }
            Event::BatchAcknowledged {
                client, request, ..
            } => acknowledged.extend(
                sent.get(&(*client, *request))
                    .into_iter()
                    .copied()
                    .flatten(),
            ),
            _ => {}
        }
    }
    acknowledged.len()
}

/// Who processed which record up to the cursor.
fn processed(shown: &[TraceEntry]) -> Accounting {
    let mut accounting = Accounting::default();
    for entry in shown {
        if let Event::ConsumerProgram {
            consumer,
            event: ProgramEvent::Processed { tp, offset },
        } = &entry.event
        {
            accounting.record(*consumer, tp, *offset);
        }
    }
    accounting
}

/// Group `group`'s committed offsets as of the cursor: the last commit the coordinator stored
/// per partition, forgotten when they expire (apache/kafka `GroupMetadataManager`
/// `storeOffsets` and `cleanupGroupMetadata`).
fn committed(group: &str, shown: &[TraceEntry]) -> VecMap<TopicPartition, i64> {
    let mut committed = VecMap::new();
    for entry in shown {
        match &entry.event {
            Event::Coordinator {
                event:
                    CoordinatorEvent::OffsetsCommitted {
                        group: g, offsets, ..
                    },
            } if g == group => committed.extend(offsets.iter().cloned()),
            Event::Coordinator {
                event:
                    CoordinatorEvent::OffsetsExpired {
                        group: g,
                        partitions,
                    },
            } if g == group => partitions.iter().for_each(|tp| {
                committed.remove(tp);
            }),
            _ => {}
        }
    }
    committed
}

/// Every group's lag on every topic, summed (each lesson has one group and one topic): the
/// high watermark now minus the offset committed as of the cursor.
fn lag(sim: &Sim, shown: &[TraceEntry]) -> u64 {
    let ends: VecMap<TopicPartition, i64> = sim
        .cluster()
        .partitions()
        .iter()
        .map(|(tp, partition)| (tp.clone(), partition.high_watermark()))
        .collect();
    sim.coordinator()
        .groups()
        .flat_map(|group| consumer_lag(&ends, &committed(group.id(), shown)).into_values())
        .map(|lag| lag.max(0) as u64)
        .sum()
}

/// Records below a group's committed offset (as of the cursor) that no consumer processed.
fn consumer_losses(sim: &Sim, shown: &[TraceEntry]) -> usize {
    let accounting = processed(shown);
    sim.coordinator()
        .groups()
        .map(|group| accounting.losses(&committed(group.id(), shown)).len())
        .sum()
}

/// Messages whose delivery report said "delivered", that a broker once appended, and that the
/// partition's current leader does not have. This counts acks=1's acknowledged losses and
/// acks=0's silent ones alike: with acks=0 librdkafka flags the produce request
/// `RD_KAFKA_OP_F_NO_RESPONSE` (rdkafka_msgset_writer.c) and runs its delivery-report callback
/// as soon as the request is written to the socket (rdkafka_broker.c `rd_kafka_send`). A
/// message still on its way to the broker is never counted.
fn losses(sim: &Sim, shown: &[TraceEntry]) -> usize {
    let appended: VecSet<_> = shown
        .iter()
        .filter_map(|entry| match &entry.event {
            Event::RecordAppended { message, .. } => Some(*message),
            _ => None,
        })
        .collect();
    let led = |fate: &MessageFate| sim.cluster().leader(&fate.tp).is_some();
    accounting::fates(shown, sim.cluster(), sim.producers())
        .iter()
        .filter(|fate| {
            matches!(fate.report_seen, Some(Ok(_)))
                && fate.copies_in_log == 0
                && appended.contains(&fate.message)
                && led(fate)
        })
        .count()
}
