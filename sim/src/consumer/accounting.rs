//! What became of every record: how many times it was processed and by which consumer, the
//! group's duplicates and losses, and the lag per partition.

use crate::TopicPartition;
use crate::collect::VecMap;

/// A record by its place in the log.
pub type RecordId = (TopicPartition, i64);

/// Who processed what, in order.
///
/// By partition, then by offset: partitions take turns, so one map keyed by (partition,
/// offset) would insert in its middle (a long shift per record in a sorted `Vec`), while each
/// partition's offsets arrive in ascending order and land at the end of its own map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    processed: VecMap<TopicPartition, VecMap<i64, Vec<usize>>>,
}

impl Accounting {
    /// Consumer `consumer` processed the record at `offset` of `tp`.
    pub fn record(&mut self, consumer: usize, tp: &TopicPartition, offset: i64) {
        self.processed
            .entry(tp.clone())
            .or_default()
            .entry(offset)
            .or_default()
            .push(consumer);
    }

    /// The consumers that processed a record, once per time.
    pub fn processors(&self, tp: &TopicPartition, offset: i64) -> &[usize] {
        self.processed
            .get(tp)
            .and_then(|offsets| offsets.get(&offset))
            .map_or(&[], Vec::as_slice)
    }

    /// Records processed more than once, with how many times.
    pub fn duplicates(&self) -> Vec<(RecordId, usize)> {
        self.processed
            .iter()
            .flat_map(|(tp, offsets)| offsets.iter().map(move |(&offset, by)| (tp, offset, by)))
            .filter(|(_, _, by)| by.len() > 1)
            .map(|(tp, offset, by)| ((tp.clone(), offset), by.len()))
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
        assert_eq!(
            lag(&ends, &committed),
            VecMap::from([(tp, 2), (TopicPartition::new("t", 1), 4)])
        );
    }
}
