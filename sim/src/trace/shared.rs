//! [`Trace`]: a run's trace, held so that a copy of the simulation costs no copy of it.
//!
//! The web app keeps snapshots of a run and steps back by cloning the nearest one and
//! replaying from it. A trace of 100,000 entries took milliseconds to clone, so the entries
//! live in one reference-counted buffer that the clones share, each clone knowing how long
//! its own trace is. A run is deterministic, so a clone replaying from a snapshot traces the
//! very entries the buffer already holds past its end: appending one that is already there
//! is only a step forward. An entry that differs (a run that took another turn) makes the
//! clone copy the buffer once and go its own way, so sharing never changes a trace.

use super::TraceEntry;
use std::ops::Deref;
use std::rc::Rc;

/// The entries of a run's trace, in order; it reads as a slice of [`TraceEntry`].
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// This trace's entries and, when it is shared, maybe the entries a clone traced after
    /// them.
    entries: Rc<Vec<TraceEntry>>,
    /// How many of `entries` are this trace's.
    len: usize,
}

impl Trace {
    /// Appends `entry` and returns it where it now lies, so that a reader of the new entry
    /// needs no copy of its own.
    #[inline]
    pub fn push(&mut self, entry: TraceEntry) -> &TraceEntry {
        match Rc::get_mut(&mut self.entries) {
            // A run tracing on its own: every entry of a burst goes this way.
            Some(entries) if entries.len() == self.len => entries.push(entry),
            _ => self.push_shared(entry),
        }
        self.len += 1;
        &self.entries[self.len - 1]
    }

    /// [`Self::push`] onto a buffer that holds more than this trace or that clones share.
    #[cold]
    fn push_shared(&mut self, entry: TraceEntry) {
        if self.entries.get(self.len) == Some(&entry) {
            return;
        }
        match Rc::get_mut(&mut self.entries) {
            Some(entries) => {
                entries.truncate(self.len);
                entries.push(entry);
            }
            None => {
                let mut own = self[..].to_vec();
                own.push(entry);
                self.entries = Rc::new(own);
            }
        }
    }

    /// Shares `longer`'s entries when this trace is its beginning (a run replaying `longer`'s
    /// run from its start), so that appending what `longer` traced next copies nothing.
    pub fn follow(&mut self, longer: &Trace) {
        if longer.len >= self.len && longer[..self.len] == self[..] {
            self.entries = Rc::clone(&longer.entries);
        }
    }
}

impl Deref for Trace {
    type Target = [TraceEntry];

    fn deref(&self) -> &[TraceEntry] {
        &self.entries[..self.len]
    }
}

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Trace {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Cause, Event};

    fn entry(seq: u64, broker: i32) -> TraceEntry {
        TraceEntry {
            time: seq,
            seq,
            cause: Cause::Start,
            event: Event::BrokerCrashed { broker },
        }
    }

    #[test]
    fn a_clone_shares_the_entries_and_replays_without_copying() {
        let mut run = Trace::default();
        (0..3).for_each(|seq| {
            run.push(entry(seq, 1));
        });
        let mut replay = Trace::default();
        replay.push(entry(0, 1));
        replay.follow(&run);
        replay.push(entry(1, 1));
        assert!(Rc::ptr_eq(&replay.entries, &run.entries));
        assert_eq!(replay[..], run[..2]);
    }

    #[test]
    fn a_clone_that_traces_something_else_goes_its_own_way() {
        let mut run = Trace::default();
        (0..3).for_each(|seq| {
            run.push(entry(seq, 1));
        });
        let mut snapshot = Trace::default();
        snapshot.push(entry(0, 1));
        snapshot.follow(&run);
        snapshot.push(entry(1, 2));
        assert!(!Rc::ptr_eq(&snapshot.entries, &run.entries));
        assert_eq!(snapshot[..], [entry(0, 1), entry(1, 2)]);
        assert_eq!(run[..], [entry(0, 1), entry(1, 1), entry(2, 1)]);
        let before = run.clone();
        run.push(entry(3, 1));
        assert_eq!((run.len(), before.len()), (4, 3));
    }

    #[test]
    fn following_a_trace_that_does_not_begin_with_ours_shares_nothing() {
        let mut run = Trace::default();
        (0..3).for_each(|seq| {
            run.push(entry(seq, 1));
        });
        let mut other = Trace::default();
        other.push(entry(0, 2));
        other.follow(&run);
        assert!(!Rc::ptr_eq(&other.entries, &run.entries));
    }
}
