//! Triggers: the moments of a run that narration and the key moment point at, found in the
//! trace.

use crate::exercise::{Anchor, Source};
use kafka_sim::consumer::{ClientEvent, ProgramEvent};
use kafka_sim::coordinator::Event as Coordinator;
use kafka_sim::engine::{Event, Process, TraceEntry};
use std::ops::RangeInclusive;

/// A kind of trace event a beat can wait for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A producer sent a batch (a produce request) to a broker.
    BatchSent,
    /// The broker's answer to a produce request arrived with success.
    BatchAcknowledged,
    /// A produce request failed (an error answer or a broken connection).
    BatchFailed,
    /// Failed messages went back into the queue to be sent again.
    MessagesRetried,
    /// `poll()`/`flush()` ran a delivery callback for a message that was delivered.
    DeliveryReportServed,
    /// `poll()`/`flush()` ran a delivery callback for a message that failed.
    DeliveryReportFailed,
    /// A broker's answer was lost on the way back (the request was processed).
    ResponseDropped,
    /// librdkafka queued an error for `error_cb` (a broker unreachable).
    ClientError,
    /// `produce()` raised instead of queuing (`BufferError`).
    ProduceRaised,
    /// A program printed a line (its console shows it from here).
    Printed,
    /// The broker recognised a retried batch of the idempotent producer and did not write it.
    DuplicateIgnored,
    /// A record was appended to a partition's log (leader or follower).
    RecordAppended,
    /// The high watermark moved: records below it are committed and readable.
    HighWatermarkAdvanced,
    BrokerCrashed,
    BrokerRestarted,
    /// The controller noticed the crashed broker.
    BrokerFenced,
    /// A partition got a new leader.
    LeaderElected,
    /// A restarted replica cut off records that the new leader does not have.
    LogTruncated,
    /// A program's last statement ran.
    ProgramFinished,
    /// A consumer instance started.
    ConsumerStarted,
    /// Ctrl+C in a consumer's terminal.
    ConsumerInterrupted,
    /// A consumer's process died.
    ConsumerKilled,
    /// The group coordinator started a rebalance.
    RebalanceStarted,
    /// The coordinator removed a member (it left, or its session timed out).
    MemberRemoved,
    /// A consumer's assignment took effect (after `on_assign`).
    Assigned,
    /// A consumer's partitions were taken away (after `on_revoke`).
    Revoked,
    /// The coordinator stored a commit of the group's offsets.
    OffsetsCommitted,
    /// A consumer program processed (printed) a record.
    RecordProcessed,
    /// A consumer's librdkafka wrote a log line to stderr (the MAXPOLL warning).
    Logged,
    /// A consumer's program died without `close()`: killed, or crashed while processing.
    ProgramCrashed,
}

impl EventKind {
    /// Whether `event` is of this kind.
    pub fn matches(self, event: &Event) -> bool {
        match self {
            EventKind::BatchSent => matches!(event, Event::BatchSent { .. }),
            EventKind::BatchAcknowledged => matches!(event, Event::BatchAcknowledged { .. }),
            EventKind::BatchFailed => matches!(event, Event::BatchFailed { .. }),
            EventKind::MessagesRetried => matches!(event, Event::MessagesRetried { .. }),
            EventKind::DeliveryReportServed => {
                matches!(event, Event::DeliveryReportServed { error: None, .. })
            }
            EventKind::DeliveryReportFailed => {
                matches!(event, Event::DeliveryReportServed { error: Some(_), .. })
            }
            EventKind::ResponseDropped => matches!(event, Event::ResponseDropped { .. }),
            EventKind::ClientError => matches!(event, Event::ClientError { .. }),
            EventKind::ProduceRaised => matches!(event, Event::ProduceRaised { .. }),
            EventKind::Printed => matches!(event, Event::Printed { .. }),
            EventKind::DuplicateIgnored => matches!(event, Event::DuplicateIgnored { .. }),
            EventKind::RecordAppended => matches!(event, Event::RecordAppended { .. }),
            EventKind::HighWatermarkAdvanced => {
                matches!(event, Event::HighWatermarkAdvanced { .. })
            }
            EventKind::BrokerCrashed => matches!(event, Event::BrokerCrashed { .. }),
            EventKind::BrokerRestarted => matches!(event, Event::BrokerRestarted { .. }),
            EventKind::BrokerFenced => matches!(event, Event::BrokerFenced { .. }),
            EventKind::LeaderElected => matches!(event, Event::LeaderElected { .. }),
            EventKind::LogTruncated => matches!(event, Event::LogTruncated { .. }),
            EventKind::ProgramFinished => matches!(event, Event::ProgramFinished { .. }),
            EventKind::ConsumerStarted => matches!(event, Event::ConsumerStarted { .. }),
            EventKind::ConsumerInterrupted => matches!(event, Event::ConsumerInterrupted { .. }),
            EventKind::ConsumerKilled => matches!(event, Event::ConsumerKilled { .. }),
            EventKind::RebalanceStarted => matches!(
                event.coordinator(),
                Some(Coordinator::RebalanceStarted { .. })
            ),
            EventKind::MemberRemoved => {
                matches!(event.coordinator(), Some(Coordinator::MemberRemoved { .. }))
            }
            EventKind::Assigned => matches!(
                event,
                Event::Consumer {
                    event: ClientEvent::Assigned { .. },
                    ..
                }
            ),
            EventKind::Revoked => matches!(
                event,
                Event::Consumer {
                    event: ClientEvent::Revoked { .. },
                    ..
                }
            ),
            EventKind::OffsetsCommitted => matches!(
                event.coordinator(),
                Some(Coordinator::OffsetsCommitted { .. })
            ),
            EventKind::RecordProcessed => matches!(
                event,
                Event::ConsumerProgram {
                    event: ProgramEvent::Processed { .. },
                    ..
                }
            ),
            EventKind::ProgramCrashed => matches!(
                event,
                Event::ConsumerProgram {
                    event: ProgramEvent::Crashed,
                    ..
                }
            ),
            EventKind::Logged => matches!(
                event,
                Event::Consumer {
                    event: ClientEvent::Logged { .. },
                    ..
                }
            ),
        }
    }
}

/// When a beat starts, or where the key moment is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// The beginning of the run.
    Start,
    /// A process executes the statement at `anchor` of its program.
    Line { process: Process, anchor: Anchor },
    /// An event of this kind is recorded.
    Event(EventKind),
    /// The `n`-th time (from 1) the inner trigger happens.
    Nth(usize, Box<Trigger>),
    /// The first time the second trigger happens after the first one has.
    After(Box<Trigger>, Box<Trigger>),
}

impl Trigger {
    /// The `n`-th (from 1) occurrence of `trigger`.
    pub fn nth(n: usize, trigger: Trigger) -> Trigger {
        Trigger::Nth(n, Box::new(trigger))
    }

    /// The first producer executing the statement at `anchor` of its program.
    pub fn producer(anchor: Anchor) -> Trigger {
        Trigger::Line {
            process: Process::Producer(0),
            anchor,
        }
    }

    /// The first `then` after the first `first`.
    pub fn after(first: Trigger, then: Trigger) -> Trigger {
        Trigger::After(Box::new(first), Box::new(then))
    }

    /// The trace seq of the first occurrence; `source_of` names each process's program.
    pub(crate) fn first(
        &self,
        trace: &[TraceEntry],
        source_of: &dyn Fn(Process) -> Option<&'static Source>,
    ) -> Option<u64> {
        self.occurrences(trace, source_of).next()
    }

    /// Every trace seq at which the trigger happens, in order.
    fn occurrences<'a>(
        &'a self,
        trace: &'a [TraceEntry],
        source_of: &'a dyn Fn(Process) -> Option<&'static Source>,
    ) -> Box<dyn Iterator<Item = u64> + 'a> {
        match self {
            Trigger::Start => Box::new(trace.first().map(|entry| entry.seq).into_iter()),
            Trigger::Line { process, anchor } => {
                let lines = source_of(*process).and_then(|source| executed_lines(source, *anchor));
                Box::new(
                    trace
                        .iter()
                        .filter(move |entry| match (&entry.event, &lines) {
                            (Event::LineExecuted { process: p, line }, Some(lines)) => {
                                p == process && lines.contains(line)
                            }
                            _ => false,
                        })
                        .map(|entry| entry.seq),
                )
            }
            Trigger::Event(kind) => Box::new(
                trace
                    .iter()
                    .filter(move |entry| kind.matches(&entry.event))
                    .map(|entry| entry.seq),
            ),
            Trigger::Nth(n, inner) => Box::new(
                inner
                    .occurrences(trace, source_of)
                    .skip(n.saturating_sub(1))
                    .take(1),
            ),
            Trigger::After(first, then) => {
                let start = first.first(trace, source_of);
                Box::new(
                    then.occurrences(trace, source_of)
                        .skip_while(move |&seq| start.is_none_or(|start| seq <= start))
                        .take(usize::from(start.is_some())),
                )
            }
        }
    }
}

/// The lines the trace shows when the statement at `anchor` runs: its own line, or for a
/// callback (anchored on its `def` line) any statement of its body, up to the next line that
/// is not indented.
fn executed_lines(source: &Source, anchor: Anchor) -> Option<RangeInclusive<u32>> {
    let line = source.line(anchor)?;
    if !source.marker(anchor)?.starts_with("def ") {
        return Some(line..=line);
    }
    let body = source
        .text
        .lines()
        .skip(line as usize)
        .take_while(|text| text.is_empty() || text.starts_with([' ', '\t']))
        .count();
    Some(line + 1..=line + u32::try_from(body).ok()?)
}
