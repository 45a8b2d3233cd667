//! What became of every record: how many times it was processed and by which consumer, the
//! group's duplicates and losses, and the lag per partition.

use crate::TopicPartition;
use crate::collect::VecMap;

/// A record by its place in the log.
pub type RecordId = (TopicPartition, i64);

/// Who processed what, in order.
///
/// By partition, then by offset: each partition's records sit in a `Vec` indexed by offset
/// (a log's offsets count up from 0), so recording one is an index, not a search or an
/// insertion, and a record processed once, as most are, needs no allocation of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    processed: VecMap<TopicPartition, Vec<Processors>>,
}

/// The consumers that processed one record, once per time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Processors {
    #[default]
    Nobody,
    Once(usize),
    Repeatedly(Vec<usize>),
}

impl Processors {
    fn push(&mut self, consumer: usize) {
        *self = match std::mem::take(self) {
            Processors::Nobody => Processors::Once(consumer),
            Processors::Once(first) => Processors::Repeatedly(vec![first, consumer]),
            Processors::Repeatedly(mut all) => {
                all.push(consumer);
                Processors::Repeatedly(all)
            }
        };
    }

    fn as_slice(&self) -> &[usize] {
        match self {
            Processors::Nobody => &[],
            Processors::Once(consumer) => std::slice::from_ref(consumer),
            Processors::Repeatedly(all) => all,
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
        let offsets = self.processed.get_or_insert_with(tp, Vec::new);
        if offsets.len() <= index {
            offsets.resize_with(index + 1, Processors::default);
        }
        offsets[index].push(consumer);
    }

    /// The consumers that processed a record, once per time.
    pub fn processors(&self, tp: &TopicPartition, offset: i64) -> &[usize] {
        let index = usize::try_from(offset).ok();
        self.processed
            .get(tp)
            .zip(index)
            .and_then(|(offsets, index)| offsets.get(index))
            .map_or(&[], Processors::as_slice)
    }

    /// Records processed more than once, with how many times.
    pub fn duplicates(&self) -> Vec<(RecordId, usize)> {
        self.processed
            .iter()
            .flat_map(|(tp, offsets)| {
                offsets
                    .iter()
                    .enumerate()
                    .map(move |(offset, by)| (tp, offset as i64, by.as_slice().len()))
            })
            .filter(|(_, _, times)| *times > 1)
            .map(|(tp, offset, times)| ((tp.clone(), offset), times))
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
