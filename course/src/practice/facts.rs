//! The graded facts: numbers read from a finished run (its trace and the model's accounting),
//! each with its limit and the trace entry where it first went over it.

use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::collect::{VecMap, sort};
use kafka_sim::consumer::{ClientEvent, ProgramEvent};
use kafka_sim::coordinator::Event as Coordinator;
use kafka_sim::engine::{Event, Millis, Sim, TraceEntry};

/// A moment of the run: a trace entry, by its seq and virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub seq: u64,
    pub time: Millis,
}

impl From<&TraceEntry> for Moment {
    fn from(entry: &TraceEntry) -> Moment {
        Moment {
            seq: entry.seq,
            time: entry.time,
        }
    }
}

/// What a fact counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    RecordsProcessedTwice,
    RecordsNeverProcessed,
    MessagesLost,
    MessagesWrittenTwice,
    MessagesNotAcknowledged,
    RebalancesAfterForming,
    PartitionsTakenFromRunning,
    HighestLag,
}

impl Measure {
    /// What the facts table calls it.
    pub fn label(self) -> Text {
        match self {
            Measure::RecordsProcessedTwice => text("重複處理的訊息", "records processed twice"),
            Measure::RecordsNeverProcessed => text(
                "commit過去卻沒有處理的訊息",
                "records committed past but never processed",
            ),
            Measure::MessagesLost => text("遺失的訊息", "messages lost"),
            Measure::MessagesWrittenTwice => {
                text("在log裡寫了兩次的訊息", "messages written twice to the log")
            }
            Measure::MessagesNotAcknowledged => text(
                "Broker沒有確認的訊息",
                "messages the broker never acknowledged",
            ),
            Measure::RebalancesAfterForming => text(
                "group成形之後的Rebalance",
                "rebalances after the group formed",
            ),
            Measure::PartitionsTakenFromRunning => text(
                "從還在讀取的Consumer收回的partition",
                "partitions taken from running consumers",
            ),
            Measure::HighestLag => text("最高的lag (筆)", "highest lag (records)"),
        }
    }

    /// This measure of the run `sim` (played to its end), graded against `limit`.
    pub fn of(self, sim: &Sim, limit: u64) -> Fact {
        let (value, went_wrong) = match self {
            Measure::RecordsProcessedTwice => highest(limit, records_processed_twice(sim)),
            Measure::RecordsNeverProcessed => counted(limit, records_never_processed(sim)),
            Measure::MessagesLost => counted(limit, messages_lost(sim)),
            Measure::MessagesWrittenTwice => counted(limit, messages_written_twice(sim)),
            Measure::MessagesNotAcknowledged => counted(limit, messages_not_acknowledged(sim)),
            Measure::RebalancesAfterForming => highest(limit, rebalances_after_forming(sim)),
            Measure::PartitionsTakenFromRunning => {
                highest(limit, partitions_taken_from_running(sim))
            }
            Measure::HighestLag => highest(limit, lag_levels(sim)),
        };
        Fact {
            measure: self,
            value,
            limit,
            went_wrong,
        }
    }
}

/// One graded number of a run: it passes when `value <= limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub measure: Measure,
    pub value: u64,
    pub limit: u64,
    /// Where it first went over the limit (`None` when it never did).
    pub went_wrong: Option<Moment>,
}

impl Fact {
    pub fn passed(&self) -> bool {
        self.value <= self.limit
    }
}

/// A count known from the end of the run, with the moment each counted item went wrong; over
/// the limit, the fact went wrong when the item one over the limit did.
fn counted(limit: u64, (value, mut moments): (usize, Vec<Moment>)) -> (u64, Option<Moment>) {
    sort::sort(&mut moments);
    let over = usize::try_from(limit)
        .ok()
        .and_then(|limit| moments.get(limit));
    (value as u64, over.copied())
}

/// The highest of a level read after each trace entry; over the limit, the fact went wrong
/// at the first entry where the level went over it.
fn highest<'a>(
    limit: u64,
    levels: impl Iterator<Item = (&'a TraceEntry, u64)>,
) -> (u64, Option<Moment>) {
    let mut value = 0;
    let mut went_wrong = None;
    for (entry, level) in levels {
        if level > limit && went_wrong.is_none() {
            went_wrong = Some(entry.into());
        }
        value = value.max(level);
    }
    (value, went_wrong)
}

/// Records a consumer program processed more than once (the model's
/// `Accounting::duplicates`), counted when a record is processed the second time.
fn records_processed_twice(sim: &Sim) -> impl Iterator<Item = (&TraceEntry, u64)> {
    let mut seen: VecMap<(TopicPartition, i64), usize> = VecMap::new();
    let mut twice = 0;
    sim.trace().iter().map(move |entry| {
        if let Event::ConsumerProgram {
            event: ProgramEvent::Processed { tp, offset },
            ..
        } = &entry.event
        {
            let count = seen.entry((tp.clone(), *offset)).or_insert(0);
            *count += 1;
            twice += u64::from(*count == 2);
        }
        (entry, twice)
    })
}

/// Records below a group's committed offset that no consumer processed (the model's
/// `Accounting::losses`): the group will never read them. Each went wrong at the first commit
/// that went past it.
fn records_never_processed(sim: &Sim) -> (usize, Vec<Moment>) {
    let lost: Vec<(TopicPartition, i64)> = sim
        .coordinator()
        .groups()
        .flat_map(|group| sim.consumer_accounting().losses(&sim.committed(group.id())))
        .collect();
    let moments = lost
        .iter()
        .filter_map(|(lost_tp, offset)| {
            sim.trace()
                .iter()
                .find(|entry| match entry.event.coordinator() {
                    Some(Coordinator::OffsetsCommitted { offsets, .. }) => offsets
                        .iter()
                        .any(|(tp, committed)| tp == lost_tp && offset < committed),
                    _ => false,
                })
        })
        .map(Moment::from)
        .collect();
    (lost.len(), moments)
}

/// Messages the program produced that are not in their partition's log at the end and will
/// not be sent again (the model's `Tally::lost` + `Tally::lost_before_ack`). Each went wrong
/// when its partition got a leader without it, or, if it never reached a broker, when the
/// program was told of it.
fn messages_lost(sim: &Sim) -> (usize, Vec<Moment>) {
    let trace = sim.trace();
    let lost: Vec<_> = sim
        .accounting()
        .into_iter()
        .filter(|fate| fate.lost || fate.lost_before_ack)
        .collect();
    let moments = lost
        .iter()
        .filter_map(|fate| {
            let appended = trace.iter().position(|entry| {
                matches!(&entry.event, Event::RecordAppended { message, .. } if *message == fate.message)
            });
            let elected = appended.and_then(|at| {
                trace[at..].iter().find(
                    |entry| matches!(&entry.event, Event::LeaderElected { tp, .. } if *tp == fate.tp),
                )
            });
            let told = || {
                trace.iter().find(|entry| {
                    matches!(&entry.event, Event::DeliveryReportServed { message, .. } if *message == fate.message)
                })
            };
            elected.or_else(told).map(Moment::from)
        })
        .collect();
    (lost.len(), moments)
}

/// Messages with more than one copy in their partition's log (the model's
/// `Tally::duplicated`); each went wrong when a broker appended it the second time.
fn messages_written_twice(sim: &Sim) -> (usize, Vec<Moment>) {
    let twice: Vec<_> = sim
        .accounting()
        .into_iter()
        .filter(|fate| fate.duplicated)
        .map(|fate| fate.message)
        .collect();
    let mut appended = VecMap::new();
    let moments = sim
        .trace()
        .iter()
        .filter(|entry| match &entry.event {
            Event::RecordAppended {
                broker, message, ..
            } if twice.contains(message) => {
                let count = appended.entry((*broker, *message)).or_insert(0);
                *count += 1;
                *count == 2
            }
            _ => false,
        })
        .map(Moment::from)
        .collect();
    (twice.len(), moments)
}

/// Messages the broker never acknowledged (the model's `Tally::queued - acknowledged`):
/// with acks=0 nobody knows where, or whether, they were written. Each went wrong when its
/// delivery report was served anyway.
fn messages_not_acknowledged(sim: &Sim) -> (usize, Vec<Moment>) {
    let unacknowledged: Vec<_> = sim
        .accounting()
        .into_iter()
        .filter(|fate| !fate.acknowledged)
        .map(|fate| fate.message)
        .collect();
    let moments = sim
        .trace()
        .iter()
        .filter(|entry| {
            matches!(&entry.event, Event::DeliveryReportServed { message, .. } if unacknowledged.contains(message))
        })
        .map(Moment::from)
        .collect();
    (unacknowledged.len(), moments)
}

/// Rebalances the coordinator started after the group first handed out its assignments: the
/// group's first rebalance forms it, every later one stops the members' reading.
fn rebalances_after_forming(sim: &Sim) -> impl Iterator<Item = (&TraceEntry, u64)> {
    let mut formed = false;
    let mut rebalances = 0;
    sim.trace().iter().map(move |entry| {
        match entry.event.coordinator() {
            Some(Coordinator::AssignmentsStored { .. }) => formed = true,
            Some(Coordinator::RebalanceStarted { .. }) if formed => rebalances += 1,
            _ => {}
        }
        (entry, rebalances)
    })
}

/// Partitions taken away from consumers that go on running (their `on_revoke` lists): a
/// consumer that is closing or was killed gives its own up, which is not a move.
fn partitions_taken_from_running(sim: &Sim) -> impl Iterator<Item = (&TraceEntry, u64)> {
    let mut leaving: Vec<usize> = Vec::new();
    let mut taken = 0;
    sim.trace().iter().map(move |entry| {
        match &entry.event {
            Event::ConsumerInterrupted { consumer } | Event::ConsumerKilled { consumer } => {
                leaving.push(*consumer)
            }
            Event::Consumer {
                consumer,
                event: ClientEvent::Revoked { partitions, .. },
            } if !leaving.contains(consumer) => taken += partitions.len() as u64,
            _ => {}
        }
        (entry, taken)
    })
}

/// The group's lag after each entry: on every partition, the high watermark minus the
/// committed offset (the whole log where nothing is committed), summed, as the course's
/// Consumer_lag computes it (the model's `Sim::lag` at the end).
fn lag_levels(sim: &Sim) -> impl Iterator<Item = (&TraceEntry, u64)> {
    let mut ends: VecMap<TopicPartition, i64> = VecMap::new();
    let mut committed: VecMap<TopicPartition, i64> = VecMap::new();
    sim.trace().iter().map(move |entry| {
        match &entry.event {
            Event::HighWatermarkAdvanced { tp, high_watermark } => {
                ends.insert(tp.clone(), *high_watermark);
            }
            Event::Coordinator { event } => match &**event {
                Coordinator::OffsetsCommitted { offsets, .. } => {
                    committed.extend(offsets.iter().cloned())
                }
                Coordinator::OffsetsExpired { partitions, .. } => {
                    partitions.iter().for_each(|tp| {
                        committed.remove(tp);
                    })
                }
                _ => {}
            },
            _ => {}
        }
        let lag = kafka_sim::consumer::accounting::lag(&ends, &committed);
        (entry, lag.values().map(|&lag| lag.max(0) as u64).sum())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seq: u64) -> Moment {
        Moment {
            seq,
            time: seq * 10,
        }
    }

    /// Over the limit, a count went wrong when the item one over the limit did.
    #[test]
    fn a_count_goes_wrong_at_the_item_over_the_limit() {
        let items = || (3, vec![at(9), at(2), at(5)]);
        assert_eq!(counted(0, items()), (3, Some(at(2))));
        assert_eq!(counted(1, items()), (3, Some(at(5))));
        assert_eq!(counted(3, items()), (3, None));
    }
}
