//! The agenda of the discrete-event simulation: items ordered by (time, sequence number), so
//! two items due at the same millisecond run in the order they were scheduled.

use crate::ids::Millis;
use std::collections::BTreeMap;

/// Items due at virtual times; ties are broken by the order of scheduling.
///
/// A `BTreeMap`, the one left in the model (see `crate::collect` for why the others are sorted
/// `Vec`s): the agenda holds thousands of large items in the long runs and is always taken from
/// its earliest end. A sorted `Vec` shifts every item on each take; a binary heap moves whole
/// items at each level and made the producer benchmarks 25–40% slower. One key/value type, so
/// one copy of the B-tree code in the page.
#[derive(Clone, Debug)]
pub struct Scheduler<T> {
    agenda: BTreeMap<(Millis, u64), T>,
    next_seq: u64,
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Self {
            agenda: BTreeMap::new(),
            next_seq: 0,
        }
    }
}

impl<T> Scheduler<T> {
    /// Schedules `item` at `at` and returns its sequence number.
    pub fn schedule(&mut self, at: Millis, item: T) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.agenda.insert((at, seq), item);
        seq
    }

    /// The time of the next item, if any.
    pub fn next_time(&self) -> Option<Millis> {
        self.agenda.keys().next().map(|&(at, _)| at)
    }

    /// Removes and returns the earliest item with its time and sequence number.
    pub fn pop(&mut self) -> Option<(Millis, u64, T)> {
        self.agenda
            .pop_first()
            .map(|((at, seq), item)| (at, seq, item))
    }

    pub fn len(&self) -> usize {
        self.agenda.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agenda.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_by_scheduling_order() {
        let mut s = Scheduler::default();
        s.schedule(20, "late");
        s.schedule(10, "first at 10");
        s.schedule(10, "second at 10");
        let order: Vec<_> = std::iter::from_fn(|| s.pop().map(|(t, _, x)| (t, x))).collect();
        assert_eq!(
            order,
            vec![(10, "first at 10"), (10, "second at 10"), (20, "late")]
        );
    }
}
