//! Event-relative commands: "start consumer 1 when consumer 0 has closed". A lesson's
//! timeline often depends on when something happened in the run (a close that waits for a
//! rebalance, a first assignment after the group's initial delay), which a fixed time cannot
//! say. A [`Trigger`] names such a moment; [`Command::After`](super::Command::After) runs its
//! command a while after the first one.

use crate::consumer::ClientEvent;
use crate::ids::Process;
use crate::trace::Event;
use serde::{Deserialize, Serialize};

/// A moment in a run, each the first time it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Consumer `n` got its first non-empty assignment (its `assign` took effect: after
    /// `on_assign` returned, or at once without one).
    ConsumerAssigned(usize),
    /// Consumer `n`'s `close()` finished (its LeaveGroup sent, its final commit done).
    ConsumerClosed(usize),
    /// Producer `n`'s program ended (after its last statement, e.g. `flush()`).
    ProducerFinished(usize),
}

impl Trigger {
    /// Whether `event` is this moment.
    pub fn matches(self, event: &Event) -> bool {
        match (self, event) {
            (
                Trigger::ConsumerAssigned(n),
                Event::Consumer {
                    consumer,
                    event: ClientEvent::Assigned { partitions },
                },
            ) => *consumer == n && !partitions.is_empty(),
            (
                Trigger::ConsumerClosed(n),
                Event::Consumer {
                    consumer,
                    event: ClientEvent::Closed,
                },
            ) => *consumer == n,
            (Trigger::ProducerFinished(n), Event::ProgramFinished { process }) => {
                *process == Process::Producer(n)
            }
            _ => false,
        }
    }
}
