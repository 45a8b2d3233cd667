//! The agenda of the discrete-event simulation: items ordered by time, two items due at the
//! same millisecond by their rank (lowest first), then in the order they were scheduled.

use crate::ids::Millis;
use std::collections::VecDeque;

/// The agenda's keys hold an item's time above its rank.
const RANK_BITS: u32 = 16;

/// Items due at virtual times; ties are broken by rank, then by the order of scheduling.
///
/// The agenda is a `VecDeque` of (time and rank, slot of `items`) kept sorted, taken from its
/// front; an item goes after every item due by its time with a rank up to its own, so equal
/// times and ranks keep their scheduling order.
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
    /// Schedules `item` at `at`, after the items due then whose rank is not higher.
    pub fn schedule(&mut self, at: Millis, rank: u16, item: T) {
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
        // Every item waiting was scheduled before: it goes after those due by `at` with a rank
        // up to `rank`.
        let key = at << RANK_BITS | Millis::from(rank);
        let place = self.agenda.partition_point(|&(due, _)| due <= key);
        self.agenda.insert(place, (key, slot));
    }

    /// The time of the next item, if any.
    pub fn next_time(&self) -> Option<Millis> {
        self.agenda.front().map(|&(key, _)| key >> RANK_BITS)
    }

    /// Removes and returns the earliest item with its time and rank.
    pub fn pop(&mut self) -> Option<(Millis, u16, T)> {
        let (key, slot) = self.agenda.pop_front()?;
        Some((
            key >> RANK_BITS,
            rank_of(key),
            take(&mut self.items, &mut self.free, slot),
        ))
    }

    /// Removes the items at `places` (ascending places in agenda order) and returns them in
    /// that order.
    pub fn take_places(&mut self, places: &[usize]) -> Vec<T> {
        let mut taken = Vec::with_capacity(places.len());
        for (removed, &place) in places.iter().enumerate() {
            let (_, slot) = self
                .agenda
                .remove(place - removed)
                .expect("a place in the agenda");
            taken.push(take(&mut self.items, &mut self.free, slot));
        }
        taken
    }

    /// The items of rank `rank` in agenda order, with their places and times.
    pub fn of_rank(&self, rank: u16) -> impl Iterator<Item = (usize, Millis, &T)> {
        let ranked = self.agenda.iter().enumerate();
        ranked
            .filter(move |(_, (key, _))| rank_of(*key) == rank)
            .map(|(place, &(key, slot))| {
                let item = self.items[slot].as_ref();
                (
                    place,
                    key >> RANK_BITS,
                    item.expect("a scheduled slot holds its item"),
                )
            })
    }

    /// The items in agenda order, with their times.
    pub fn iter(&self) -> impl Iterator<Item = (Millis, &T)> {
        self.agenda.iter().map(|&(key, slot)| {
            let item = self.items[slot].as_ref();
            (
                key >> RANK_BITS,
                item.expect("a scheduled slot holds its item"),
            )
        })
    }

    pub fn len(&self) -> usize {
        self.agenda.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agenda.is_empty()
    }
}

/// The rank part of an agenda key.
fn rank_of(key: Millis) -> u16 {
    (key & ((1 << RANK_BITS) - 1)) as u16
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
        s.schedule(20, 0, "late");
        s.schedule(10, 0, "first at 10");
        s.schedule(10, 0, "second at 10");
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).collect();
        assert_eq!(
            order,
            vec![
                (10, 0, "first at 10"),
                (10, 0, "second at 10"),
                (20, 0, "late")
            ]
        );
    }

    #[test]
    fn lower_ranks_go_first_at_the_same_time() {
        let mut s = Scheduler::default();
        s.schedule(10, 2, "rank 2");
        s.schedule(10, 1, "rank 1");
        s.schedule(10, 0, "rank 0");
        s.schedule(9, 5, "earlier");
        s.schedule(10, 1, "rank 1, later");
        let order: Vec<_> = std::iter::from_fn(|| s.pop())
            .map(|(_, _, item)| item)
            .collect();
        assert_eq!(
            order,
            vec!["earlier", "rank 0", "rank 1", "rank 1, later", "rank 2"]
        );
    }

    #[test]
    fn take_places_takes_those_items_in_order() {
        let mut s = Scheduler::default();
        for (at, item) in [(30, "d"), (10, "a"), (20, "c"), (10, "b")] {
            s.schedule(at, 0, item);
        }
        assert_eq!(s.take_places(&[0, 2, 3]), vec!["a", "c", "d"]);
        assert_eq!(s.pop(), Some((10, 0, "b")));
        s.schedule(5, 3, "e");
        assert_eq!(s.pop(), Some((5, 3, "e")));
        assert!(s.is_empty());
    }
}
