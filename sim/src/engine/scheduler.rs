//! The agenda of the discrete-event simulation: items ordered by time, and two items due at
//! the same millisecond in the order they were scheduled.

use crate::ids::Millis;
use std::collections::VecDeque;

/// Items due at virtual times; ties are broken by the order of scheduling.
///
/// The agenda is a `VecDeque` of (time, slot of `items`) kept sorted, taken from its front; an
/// item goes after every item due by its time, so equal times keep their scheduling order.
/// An item is almost always scheduled after most of those waiting (a message arrives, a timer
/// fires, later than what is already due), so an insertion shifts few entries, and the deque
/// shifts whichever side is shorter; a `BTreeMap` searched, shifted and rebalanced its nodes
/// on every insertion and removal (a sixth of Producer_05's instructions on 3 brokers). A
/// binary heap cannot be read in order, which the folding and the views need. The items
/// themselves (messages with their records, up to a few hundred bytes) wait in a slab, so the
/// agenda only ever moves 16-byte entries.
#[derive(Clone, Debug)]
pub struct Scheduler<T> {
    agenda: VecDeque<(Millis, usize)>,
    items: Vec<Option<T>>,
    /// Slots of `items` emptied by `pop`, filled again first.
    free: Vec<usize>,
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Self {
            agenda: VecDeque::new(),
            items: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T> Scheduler<T> {
    /// Schedules `item` at `at`.
    pub fn schedule(&mut self, at: Millis, item: T) {
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
        // Every item waiting was scheduled before: it goes after those due by `at`.
        let place = self.agenda.partition_point(|&(due, _)| due <= at);
        self.agenda.insert(place, (at, slot));
    }

    /// The time of the next item, if any.
    pub fn next_time(&self) -> Option<Millis> {
        self.agenda.front().map(|&(at, _)| at)
    }

    /// Removes and returns the earliest item with its time.
    pub fn pop(&mut self) -> Option<(Millis, T)> {
        let (at, slot) = self.agenda.pop_front()?;
        Some((at, take(&mut self.items, &mut self.free, slot)))
    }

    /// Removes the first `n` items at once, in agenda order.
    pub fn pop_front(&mut self, n: usize) -> impl Iterator<Item = T> + '_ {
        let n = n.min(self.agenda.len());
        let (items, free) = (&mut self.items, &mut self.free);
        self.agenda
            .drain(..n)
            .map(move |(_, slot)| take(items, free, slot))
    }

    /// The items in agenda order, with their times.
    pub fn iter(&self) -> impl Iterator<Item = (Millis, &T)> {
        self.agenda.iter().map(|&(at, slot)| {
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

/// Takes the item out of `slot` and frees the slot for the next item scheduled.
fn take<T>(items: &mut [Option<T>], free: &mut Vec<usize>, slot: usize) -> T {
    free.push(slot);
    items[slot].take().expect("a scheduled slot holds its item")
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
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).collect();
        assert_eq!(
            order,
            vec![(10, "first at 10"), (10, "second at 10"), (20, "late")]
        );
    }

    #[test]
    fn pop_front_takes_the_earliest_items_in_order() {
        let mut s = Scheduler::default();
        for (at, item) in [(30, "d"), (10, "a"), (20, "c"), (10, "b")] {
            s.schedule(at, item);
        }
        assert_eq!(s.pop_front(3).collect::<Vec<_>>(), vec!["a", "b", "c"]);
        assert_eq!(s.pop(), Some((30, "d")));
        s.schedule(5, "e");
        assert_eq!(s.pop_front(9).collect::<Vec<_>>(), vec!["e"]);
        assert!(s.is_empty());
    }
}
