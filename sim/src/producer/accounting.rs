//! What became of every produced message, read from the trace and the partition logs: queued,
//! sent, acknowledged, its delivery report seen by the program, in the log, lost (acknowledged
//! but gone after a failover), lost before any acknowledgement, duplicated, out of order.

use super::process::ProducerProcess;
use crate::TopicPartition;
use crate::cluster::Cluster;
use crate::collect::VecMap;
use crate::config::Acks;
use crate::ids::MessageId;
use crate::partitioner::PARTITION_UA;
use crate::trace::{Event, TraceEntry};
use crate::wire::KafkaError;
use serde::Serialize;

/// The fate of one `produce()` call that got into the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MessageFate {
    pub message: MessageId,
    pub tp: TopicPartition,
    /// How many produce requests carried it (1 + retries that were sent).
    pub sends: u32,
    /// The broker confirmed it (a success with acks=1 or all; never with acks=0).
    pub acknowledged: bool,
    /// The delivery report the program's `poll()`/`flush()` served: `Ok(offset)` or the error.
    pub report_seen: Option<Result<i64, KafkaError>>,
    /// Copies in the current leader's log.
    pub copies_in_log: usize,
    /// A copy is below the high watermark (consumers can read it).
    pub committed: bool,
    /// Acknowledged, yet no copy in the leader's log.
    pub lost: bool,
    /// Its delivery report is made, it was never acknowledged and no copy is in the leader's
    /// log: it failed (`_MSG_TIMED_OUT`, ...) or, with acks=0, vanished on its way, before
    /// any broker kept it.
    pub lost_before_ack: bool,
    /// More than one copy in the leader's log.
    pub duplicated: bool,
    /// In the partition's log after a message its producer produced later. All messages
    /// with one key share a partition, so this is Kafka's per-key order, checked per partition.
    pub out_of_order: bool,
}

/// Counts over all messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub queued: usize,
    pub sent: usize,
    pub acknowledged: usize,
    pub reports_seen: usize,
    pub in_log: usize,
    pub committed: usize,
    pub lost: usize,
    pub lost_before_ack: usize,
    pub duplicated: usize,
    pub out_of_order: usize,
}

impl Tally {
    pub fn of(fates: &[MessageFate]) -> Self {
        let count = |f: fn(&MessageFate) -> bool| fates.iter().filter(|m| f(m)).count();
        Self {
            queued: fates.len(),
            sent: count(|m| m.sends > 0),
            acknowledged: count(|m| m.acknowledged),
            reports_seen: count(|m| m.report_seen.is_some()),
            in_log: count(|m| m.copies_in_log > 0),
            committed: count(|m| m.committed),
            lost: count(|m| m.lost),
            lost_before_ack: count(|m| m.lost_before_ack),
            duplicated: count(|m| m.duplicated),
            out_of_order: count(|m| m.out_of_order),
        }
    }
}

/// Builds the fates from the trace (queued, sent, acknowledged, seen) and the leaders' logs.
pub fn fates(
    trace: &[TraceEntry],
    cluster: &Cluster,
    processes: &[ProducerProcess],
) -> Vec<MessageFate> {
    // With each fate, whether a delivery report was queued for it, by client and number:
    // both count from 0, so a message's place is found without a search (a burst's 50,000
    // messages made five bisections each).
    let mut fates: Vec<Vec<Option<(MessageFate, bool)>>> = Vec::new();
    for entry in trace {
        match &entry.event {
            Event::MessageQueued { message, tp, .. } => {
                let fate = MessageFate {
                    message: *message,
                    tp: tp.clone(),
                    sends: 0,
                    acknowledged: false,
                    report_seen: None,
                    copies_in_log: 0,
                    committed: false,
                    lost: false,
                    lost_before_ack: false,
                    duplicated: false,
                    out_of_order: false,
                };
                if fates.len() <= message.client {
                    fates.resize_with(message.client + 1, Vec::new);
                }
                let client = &mut fates[message.client];
                let number = message.number as usize;
                if client.len() <= number {
                    client.resize_with(number + 1, || None);
                }
                client[number] = Some((fate, false));
            }
            Event::MessagePartitioned { message, tp } => {
                if let Some((f, _)) = slot(&mut fates, message) {
                    f.tp = tp.clone();
                }
            }
            Event::BatchSent { messages, .. } => {
                for m in messages {
                    if let Some((f, _)) = slot(&mut fates, m) {
                        f.sends += 1;
                    }
                }
            }
            Event::DeliveryReportQueued { message, error } => {
                let acks = processes
                    .get(message.client)
                    .map(|p| p.client.settings().acks);
                let acknowledged = error.is_none() && acks != Some(Acks::Zero);
                if let Some((f, reported)) = slot(&mut fates, message) {
                    *reported = true;
                    f.acknowledged |= acknowledged;
                }
            }
            Event::DeliveryReportServed {
                message,
                offset,
                error,
                ..
            } => {
                if let Some((f, _)) = slot(&mut fates, message) {
                    f.report_seen = Some(error.map_or(Ok(*offset), Err));
                }
            }
            _ => {}
        }
    }
    for (tp, partition) in cluster.partitions() {
        let Some(log) = partition.leader_log() else {
            continue;
        };
        let mut latest: VecMap<usize, u64> = VecMap::new();
        for record in log.records() {
            let Some((fate, _)) = slot(&mut fates, &record.message) else {
                continue;
            };
            debug_assert_eq!(&fate.tp, tp);
            fate.copies_in_log += 1;
            fate.committed |= record.offset < log.high_watermark();
            let newest = latest
                .entry(record.message.client)
                .or_insert(record.message.number);
            if fate.copies_in_log == 1 && record.message.number < *newest {
                fate.out_of_order = true;
            }
            *newest = (*newest).max(record.message.number);
        }
    }
    // A message that never got its partition (it waited for the topic's metadata) counts as
    // if its partition had a leader: nothing was ever written of it.
    let led = |tp: &TopicPartition| tp.partition == PARTITION_UA || cluster.leader(tp).is_some();
    fates
        .into_iter()
        .flatten()
        .flatten()
        .map(|(mut f, reported)| {
            f.duplicated = f.copies_in_log > 1;
            f.lost = f.acknowledged && f.copies_in_log == 0 && led(&f.tp);
            f.lost_before_ack = !f.acknowledged && f.copies_in_log == 0 && led(&f.tp) && reported;
            f
        })
        .collect()
}

/// The fate of `message` and whether its report was queued, if it was queued.
fn slot<'a>(
    fates: &'a mut [Vec<Option<(MessageFate, bool)>>],
    message: &MessageId,
) -> Option<&'a mut (MessageFate, bool)> {
    fates
        .get_mut(message.client)?
        .get_mut(message.number as usize)?
        .as_mut()
}
