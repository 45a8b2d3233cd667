//! What became of every record: how many times it was processed and by which consumer, the
//! group's duplicates and losses, and the lag per partition.

use crate::TopicPartition;
use std::collections::BTreeMap;

/// A record by its place in the log.
pub type RecordId = (TopicPartition, i64);

/// Who processed what, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    processed: BTreeMap<RecordId, Vec<usize>>,
}

impl Accounting {
    /// Consumer `consumer` processed the record at `offset` of `tp`.
    pub fn record(&mut self, consumer: usize, tp: &TopicPartition, offset: i64) {
        self.processed
            .entry((tp.clone(), offset))
            .or_default()
            .push(consumer);
    }

    /// The consumers that processed a record, once per time.
    pub fn processors(&self, tp: &TopicPartition, offset: i64) -> &[usize] {
        self.processed
            .get(&(tp.clone(), offset))
            .map_or(&[], Vec::as_slice)
    }

    /// Records processed more than once, with how many times.
    pub fn duplicates(&self) -> Vec<(RecordId, usize)> {
        self.processed
            .iter()
            .filter(|(_, by)| by.len() > 1)
            .map(|(id, by)| (id.clone(), by.len()))
            .collect()
    }

    /// Records the group will never process: below its committed offset, yet never
    /// processed by anyone.
    pub fn losses(&self, committed: &BTreeMap<TopicPartition, i64>) -> Vec<RecordId> {
        committed
            .iter()
            .flat_map(|(tp, &end)| (0..end).map(move |offset| (tp.clone(), offset)))
            .filter(|id| !self.processed.contains_key(id))
            .collect()
    }
}

/// Lag per partition: log end minus the committed offset, or the whole log where nothing is
/// committed (the course's Consumer_lag: `high - low`, the log start being 0 here).
pub fn lag(
    ends: &BTreeMap<TopicPartition, i64>,
    committed: &BTreeMap<TopicPartition, i64>,
) -> BTreeMap<TopicPartition, i64> {
    ends.iter()
        .map(|(tp, &end)| (tp.clone(), end - committed.get(tp).copied().unwrap_or(0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_losses_and_lag() {
        let tp = TopicPartition::new("t", 0);
        let mut acc = Accounting::default();
        acc.record(0, &tp, 0);
        acc.record(0, &tp, 1);
        acc.record(1, &tp, 1);
        assert_eq!(acc.processors(&tp, 1), [0, 1]);
        assert_eq!(acc.duplicates(), vec![((tp.clone(), 1), 2)]);
        let committed = BTreeMap::from([(tp.clone(), 3)]);
        assert_eq!(acc.losses(&committed), vec![(tp.clone(), 2)]);
        let ends = BTreeMap::from([(tp.clone(), 5), (TopicPartition::new("t", 1), 4)]);
        assert_eq!(
            lag(&ends, &committed),
            BTreeMap::from([(tp, 2), (TopicPartition::new("t", 1), 4)])
        );
    }
}
