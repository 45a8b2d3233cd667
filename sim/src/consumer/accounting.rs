//! What became of every record: how many times it was processed and by which consumer, the
//! group's duplicates and losses, and the lag per partition.

use crate::TopicPartition;
use crate::collect::{Hint, VecMap};

/// A record by its place in the log.
pub type RecordId = (TopicPartition, i64);

/// Who processed what, in order.
///
/// By partition, then by offset: each partition's records sit in a `Vec` indexed by offset
/// (a log's offsets count up from 0), so recording one is an index, not a search or an
/// insertion. A record processed once, as most are, takes one word there and no allocation
/// of its own; one processed again keeps all its processors in a map of the few such records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    processed: VecMap<TopicPartition, Processed>,
    /// Where the next lookup in `processed` looks first: a consumer takes a partition's
    /// records in runs (a fetched batch is one partition's).
    last: Hint,
}

/// The consumer of a record that nobody processed.
const NOBODY: usize = usize::MAX;

/// One partition's records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Processed {
    /// By offset, the consumer that processed the record first, or [`NOBODY`].
    first: Vec<usize>,
    /// By offset, the records processed more than once: their consumers, once per time.
    again: VecMap<usize, Vec<usize>>,
}

impl Processed {
    fn push(&mut self, index: usize, consumer: usize) {
        // The usual case: the record after the last one recorded, processed for the first time.
        if index == self.first.len() {
            self.first.push(consumer);
            return;
        }
        if index > self.first.len() {
            self.first.resize(index + 1, NOBODY);
        }
        match self.first[index] {
            NOBODY => self.first[index] = consumer,
            first => self
                .again
                .get_or_insert_with(&index, || vec![first])
                .push(consumer),
        }
    }

    fn processors(&self, index: usize) -> &[usize] {
        if let Some(all) = self.again.get(&index) {
            return all;
        }
        match self.first.get(index) {
            Some(first) if *first != NOBODY => std::slice::from_ref(first),
            _ => &[],
        }
    }
}

impl Accounting {
    /// Consumer `consumer` processed the record at `offset` of `tp`. A negative offset names
    /// no record and is not counted.
    pub fn record(&mut self, consumer: usize, tp: &TopicPartition, offset: i64) {
        let Ok(index) = usize::try_from(offset) else {
            return;
        };
        self.processed
            .get_or_insert_hinted(&mut self.last, tp, Processed::default)
            .push(index, consumer);
    }

    /// The consumers that processed a record, once per time.
    pub fn processors(&self, tp: &TopicPartition, offset: i64) -> &[usize] {
        let index = usize::try_from(offset).ok();
        self.processed
            .get(tp)
            .zip(index)
            .map_or(&[], |(processed, index)| processed.processors(index))
    }

    /// Records processed more than once, with how many times.
    pub fn duplicates(&self) -> Vec<(RecordId, usize)> {
        self.processed
            .iter()
            .flat_map(|(tp, processed)| {
                processed
                    .again
                    .iter()
                    .map(move |(&offset, all)| ((tp.clone(), offset as i64), all.len()))
            })
            .collect()
    }

    /// Records the group will never process: below its committed offset, yet never
    /// processed by anyone.
    pub fn losses(&self, committed: &VecMap<TopicPartition, i64>) -> Vec<RecordId> {
        committed
            .iter()
            .flat_map(|(tp, &end)| (0..end).map(move |offset| (tp.clone(), offset)))
            .filter(|(tp, offset)| self.processors(tp, *offset).is_empty())
            .collect()
    }
}

/// Lag per partition: log end minus the committed offset, or the whole log where nothing is
/// committed (the course's Consumer_lag: `high - low`, the log start being 0 here).
pub fn lag(
    ends: &VecMap<TopicPartition, i64>,
    committed: &VecMap<TopicPartition, i64>,
) -> VecMap<TopicPartition, i64> {
    ends.iter()
        .map(|(tp, &end)| (tp.clone(), end - committed.get(tp).copied().unwrap_or(0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_out_of_order_with_gaps_count_each_time_and_a_negative_offset_none() {
        let tp = TopicPartition::new("t", 0);
        let mut acc = Accounting::default();
        for (consumer, offset) in [(0, 4), (1, 2), (0, 2), (2, 2), (0, -1)] {
            acc.record(consumer, &tp, offset);
        }
        assert_eq!(acc.processors(&tp, 2), [1, 0, 2]);
        assert_eq!(acc.processors(&tp, 4), [0]);
        assert!(acc.processors(&tp, 3).is_empty());
        assert!(acc.processors(&tp, 9).is_empty());
        assert!(acc.processors(&tp, -1).is_empty());
        assert_eq!(acc.duplicates(), vec![((tp.clone(), 2), 3)]);
        let committed = VecMap::from([(tp.clone(), 5)]);
        let lost: Vec<i64> = acc.losses(&committed).into_iter().map(|(_, o)| o).collect();
        assert_eq!(lost, [0, 1, 3]);
    }

    #[test]
    fn duplicates_losses_and_lag() {
        let tp = TopicPartition::new("t", 0);
        let mut acc = Accounting::default();
        acc.record(0, &tp, 0);
        acc.record(0, &tp, 1);
        acc.record(1, &tp, 1);
        assert_eq!(acc.processors(&tp, 1), [0, 1]);
        assert_eq!(acc.duplicates(), vec![((tp.clone(), 1), 2)]);
        let committed = VecMap::from([(tp.clone(), 3)]);
        assert_eq!(acc.losses(&committed), vec![(tp.clone(), 2)]);
        let ends = VecMap::from([(tp.clone(), 5), (TopicPartition::new("t", 1), 4)]);
        assert!(acc.processors(&TopicPartition::new("t", 1), 0).is_empty());
        assert_eq!(
            lag(&ends, &committed),
            VecMap::from([(tp, 2), (TopicPartition::new("t", 1), 4)])
        );
    }
}
