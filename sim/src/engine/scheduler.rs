//! The agenda of the discrete-event simulation: items ordered by (time, sequence number), so
//! two items due at the same millisecond run in the order they were scheduled.

use crate::ids::Millis;
use std::collections::BTreeMap;

/// Items due at virtual times; ties are broken by the order of scheduling.
///
/// The agenda is a `BTreeMap` from (time, sequence number) to a slot of `items`, the one
/// `BTreeMap` left in the model (see `crate::collect` for why the others are sorted `Vec`s): it
/// holds thousands of items in the long runs and is always taken from its earliest end. A
/// sorted `Vec` shifts every item on each take; a binary heap cannot be read in order. The items
/// themselves (messages with their records, up to a few hundred bytes) wait in a slab, so the
/// tree only ever moves 24-byte entries: moving whole items through its nodes was a fifth of
/// the producer benchmarks' time. One key/value type, so one copy of the B-tree code in the
/// page.
#[derive(Clone, Debug)]
pub struct Scheduler<T> {
    agenda: BTreeMap<(Millis, u64), usize>,
    items: Vec<Option<T>>,
    /// Slots of `items` emptied by `pop`, filled again first.
    free: Vec<usize>,
    next_seq: u64,
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Self {
            agenda: BTreeMap::new(),
            items: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
        }
    }
}

impl<T> Scheduler<T> {
    /// Schedules `item` at `at` and returns its sequence number.
    pub fn schedule(&mut self, at: Millis, item: T) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.items[slot] = Some(item);
                slot
            }
            None => {
                self.items.push(Some(item));
                self.items.len() - 1
            }
        };
        self.agenda.insert((at, seq), slot);
        seq
    }

    /// The time of the next item, if any.
    pub fn next_time(&self) -> Option<Millis> {
        self.agenda.keys().next().map(|&(at, _)| at)
    }

    /// Removes and returns the earliest item with its time and sequence number.
    pub fn pop(&mut self) -> Option<(Millis, u64, T)> {
        let ((at, seq), slot) = self.agenda.pop_first()?;
        self.free.push(slot);
        let item = self.items[slot]
            .take()
            .expect("a scheduled slot holds its item");
        Some((at, seq, item))
    }

    /// The items in agenda order, with their times.
    pub fn iter(&self) -> impl Iterator<Item = (Millis, &T)> {
        self.agenda.iter().map(|(&(at, _), &slot)| {
            let item = self.items[slot].as_ref();
            (at, item.expect("a scheduled slot holds its item"))
        })
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
