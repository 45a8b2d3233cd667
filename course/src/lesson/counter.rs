//! Counters: the numbers a lesson keeps on screen, each a pure function of the simulation.

use super::trigger::EventKind;
use crate::text::{Text, text};
use kafka_sim::engine::{Event, Sim};
use kafka_sim::producer::MessageFate;
use std::collections::BTreeSet;

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
    /// The group's lag: on every partition, the log end (high watermark) minus the committed
    /// offset, or the whole log where nothing is committed (Consumer_lag, as seed 004
    /// computes it), summed.
    Lag,
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
            Counter::Duplicates => text("重覆的訊息", "duplicates"),
            Counter::Losses => text("遺失的訊息", "losses"),
            Counter::Throughput => text("throughput (訊息/秒)", "throughput (messages/s)"),
            Counter::Processed => text("已處理的訊息", "records processed"),
            Counter::Lag => text("lag (還沒commit的訊息)", "lag (not yet committed)"),
        }
    }

    /// The counter's value in `sim` as it stands.
    pub fn value(self, sim: &Sim) -> u64 {
        let count = |n: usize| n as u64;
        match self {
            Counter::Waiting => count(sim.producers().iter().map(|p| p.client.len()).sum()),
            Counter::InFlight => count(sim.producers().iter().map(|p| p.client.in_flight()).sum()),
            Counter::Acknowledged => count(sim.tally().acknowledged),
            Counter::ReportsSeen => count(sim.tally().reports_seen),
            Counter::InLog => count(sim.tally().in_log),
            Counter::Duplicates => {
                count(sim.tally().duplicated + sim.consumer_accounting().duplicates().len())
            }
            Counter::Losses => count(losses(sim) + consumer_losses(sim)),
            Counter::Throughput => count(sim.tally().in_log) * 1_000 / sim.now().max(1),
            Counter::Processed => count(
                sim.trace()
                    .iter()
                    .filter(|entry| EventKind::RecordProcessed.matches(&entry.event))
                    .count(),
            ),
            Counter::Lag => lag(sim),
        }
    }
}

/// Every group's lag on every topic, summed (each lesson has one group and one topic).
fn lag(sim: &Sim) -> u64 {
    let topics: BTreeSet<&str> = sim
        .cluster()
        .partitions()
        .keys()
        .map(|tp| tp.topic.as_str())
        .collect();
    let lags = sim.coordinator().groups().flat_map(|group| {
        topics
            .iter()
            .flat_map(|topic| sim.lag(group.id(), topic).into_values())
            .collect::<Vec<_>>()
    });
    lags.map(|lag| lag.max(0) as u64).sum()
}

/// Records below a group's committed offset that no consumer processed.
fn consumer_losses(sim: &Sim) -> usize {
    let accounting = sim.consumer_accounting();
    sim.coordinator()
        .groups()
        .map(|group| accounting.losses(&sim.committed(group.id())).len())
        .sum()
}

/// Messages whose delivery report said "delivered", that a broker once appended, and that the
/// partition's current leader does not have. This counts acks=1's acknowledged losses and
/// acks=0's silent ones alike: with acks=0 librdkafka flags the produce request
/// `RD_KAFKA_OP_F_NO_RESPONSE` (rdkafka_msgset_writer.c) and runs its delivery-report callback
/// as soon as the request is written to the socket (rdkafka_broker.c `rd_kafka_send`). A
/// message still on its way to the broker is never counted.
fn losses(sim: &Sim) -> usize {
    let appended: BTreeSet<_> = sim
        .trace()
        .iter()
        .filter_map(|entry| match &entry.event {
            Event::RecordAppended { message, .. } => Some(*message),
            _ => None,
        })
        .collect();
    let led = |fate: &MessageFate| sim.cluster().leader(&fate.tp).is_some();
    sim.accounting()
        .iter()
        .filter(|fate| {
            matches!(fate.report_seen, Some(Ok(_)))
                && fate.copies_in_log == 0
                && appended.contains(&fate.message)
                && led(fate)
        })
        .count()
}
