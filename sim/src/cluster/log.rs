//! One replica's copy of a partition: records with their leader epochs, the high watermark this
//! replica knows, and the idempotent producers' last batches (the broker's de-duplication window).

use crate::collect::VecMap;
use crate::wire::{ProducerStamp, Record};
use std::rc::Rc;

/// How many batches per producer the broker remembers for de-duplication
/// (apache/kafka `ProducerStateEntry.NUM_BATCHES_TO_RETAIN` = 5).
pub const BATCHES_TO_RETAIN: usize = 5;

/// A batch the broker remembers for a producer id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BatchMeta {
    base_sequence: i32,
    last_sequence: i32,
    base_offset: i64,
}

/// What the broker remembers of one producer id: its epoch and its last batches in that epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ProducerEntry {
    epoch: i16,
    batches: Vec<BatchMeta>,
}

/// What the de-duplication window says about an incoming batch
/// (apache/kafka `ProducerStateManager` / `ProducerAppendInfo.checkSequence`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceCheck {
    /// The next batch in sequence (or the producer's first): append it.
    InSequence,
    /// One of the last five batches again: answer with its original base offset.
    Duplicate { base_offset: i64 },
    /// A gap, or an old batch outside the window: OUT_OF_ORDER_SEQUENCE_NUMBER.
    OutOfOrder,
}

/// A replica's log. Offsets start at 0 and there is no retention, so offset = index.
///
/// A follower appends the leader's records as they are, offset and leader epoch included
/// (apache/kafka `ReplicaFetcherThread.processPartitionData`, `UnifiedLog.appendAsFollower`),
/// so the replicas share each record (`Rc`): a follower's fetch copies pointers, not records,
/// and three replicas hold one copy of a record (issue 13's burst on 3 brokers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaLog {
    records: Vec<Rc<Record>>,
    high_watermark: i64,
    producers: VecMap<i64, ProducerEntry>,
}

impl ReplicaLog {
    pub fn records(&self) -> &[Rc<Record>] {
        &self.records
    }

    /// The log-end offset: the offset the next record will get.
    pub fn end_offset(&self) -> i64 {
        self.records.len() as i64
    }

    pub fn high_watermark(&self) -> i64 {
        self.high_watermark
    }

    /// Sets the high watermark, never beyond the log end.
    pub fn set_high_watermark(&mut self, hw: i64) {
        self.high_watermark = hw.min(self.end_offset());
    }

    /// The epoch of the last record, -1 for an empty log.
    pub fn last_epoch(&self) -> i32 {
        self.records.last().map_or(-1, |r| r.leader_epoch)
    }

    /// Appends a new record (its offset is the current log end): the leader's append.
    pub fn append(&mut self, mut record: Record) {
        record.offset = self.end_offset();
        self.append_copy(Rc::new(record));
    }

    /// Appends a record another replica's log holds at the same offset: a follower's append.
    pub fn append_copy(&mut self, record: Rc<Record>) {
        debug_assert_eq!(record.offset, self.end_offset(), "appended at the log end");
        self.remember(&record);
        self.records.push(record);
    }

    /// Records from `offset` to the end.
    pub fn read_from(&self, offset: i64) -> &[Rc<Record>] {
        let start = (offset.max(0) as usize).min(self.records.len());
        &self.records[start..]
    }

    /// Checks an idempotent batch of `count` records against the window.
    pub fn check_sequence(&self, stamp: ProducerStamp, count: usize) -> SequenceCheck {
        let last_sequence = stamp.base_sequence + count as i32 - 1;
        let Some(entry) = self.producers.get(&stamp.producer_id) else {
            return SequenceCheck::InSequence;
        };
        // A new epoch starts at sequence 0 ("Invalid sequence number for new epoch"). An older
        // epoch cannot arrive: librdkafka bumps the epoch only once nothing is in flight.
        if stamp.producer_epoch != entry.epoch {
            return if stamp.base_sequence == 0 {
                SequenceCheck::InSequence
            } else {
                SequenceCheck::OutOfOrder
            };
        }
        let batches = &entry.batches;
        if let Some(dup) = batches
            .iter()
            .find(|b| b.base_sequence == stamp.base_sequence && b.last_sequence == last_sequence)
        {
            return SequenceCheck::Duplicate {
                base_offset: dup.base_offset,
            };
        }
        match batches.last() {
            Some(last) if stamp.base_sequence != last.last_sequence + 1 => {
                SequenceCheck::OutOfOrder
            }
            _ => SequenceCheck::InSequence,
        }
    }

    /// Removes every record from `offset` on and returns them; the producer window is rebuilt
    /// from what remains, as the broker rebuilds producer state from the log.
    pub fn truncate_to(&mut self, offset: i64) -> Vec<Rc<Record>> {
        let keep = (offset.max(0) as usize).min(self.records.len());
        let removed = self.records.split_off(keep);
        if !removed.is_empty() {
            self.producers.clear();
            let records = std::mem::take(&mut self.records);
            records.iter().for_each(|r| self.remember(r));
            self.records = records;
        }
        self.high_watermark = self.high_watermark.min(self.end_offset());
        removed
    }

    /// Where this log stops agreeing with `leader`'s: the first offset whose record has a
    /// different leader epoch, or either log's end. A record is identified by (offset, epoch),
    /// so this is where KIP-101/KIP-279 epoch-based truncation ends up (computed directly from
    /// both logs instead of by OffsetsForLeaderEpoch round trips).
    pub fn divergence_with(&self, leader: &ReplicaLog) -> i64 {
        self.records
            .iter()
            .zip(&leader.records)
            .position(|(mine, theirs)| mine.leader_epoch != theirs.leader_epoch)
            .map_or_else(|| self.end_offset().min(leader.end_offset()), |i| i as i64)
    }

    fn remember(&mut self, record: &Record) {
        let Some(stamp) = record.stamp else { return };
        let entry = self
            .producers
            .entry(stamp.producer_id)
            .or_insert_with(|| ProducerEntry {
                epoch: stamp.producer_epoch,
                batches: Vec::new(),
            });
        // A new epoch forgets the old one's batches (apache/kafka
        // `ProducerStateEntry.maybeUpdateProducerEpoch`).
        if entry.epoch != stamp.producer_epoch {
            entry.epoch = stamp.producer_epoch;
            entry.batches.clear();
        }
        let batches = &mut entry.batches;
        match batches.last_mut() {
            Some(last) if last.base_sequence == stamp.base_sequence => {
                last.last_sequence = record.sequence;
            }
            _ => {
                batches.push(BatchMeta {
                    base_sequence: stamp.base_sequence,
                    last_sequence: record.sequence,
                    base_offset: record.offset,
                });
                if batches.len() > BATCHES_TO_RETAIN {
                    batches.remove(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MessageId;

    fn record(epoch: i32, stamp: Option<ProducerStamp>, sequence: i32) -> Record {
        Record {
            offset: 0,
            leader_epoch: epoch,
            key: None,
            value: None,
            stamp,
            sequence,
            message: MessageId {
                client: 0,
                number: 0,
            },
        }
    }

    fn batch(log: &mut ReplicaLog, base_sequence: i32, count: i32) {
        let stamp = Some(ProducerStamp {
            producer_id: 7,
            producer_epoch: 0,
            base_sequence,
        });
        for s in base_sequence..base_sequence + count {
            log.append(record(0, stamp, s));
        }
    }

    #[test]
    fn offsets_follow_the_log_end() {
        let mut log = ReplicaLog::default();
        log.append(record(0, None, 0));
        log.append(record(0, None, 0));
        assert_eq!(log.end_offset(), 2);
        assert_eq!(log.records()[1].offset, 1);
    }

    #[test]
    fn window_detects_duplicates_gaps_and_the_next_batch() {
        let mut log = ReplicaLog::default();
        batch(&mut log, 0, 3);
        batch(&mut log, 3, 2);
        let stamp = |base_sequence| ProducerStamp {
            producer_id: 7,
            producer_epoch: 0,
            base_sequence,
        };
        assert_eq!(log.check_sequence(stamp(5), 1), SequenceCheck::InSequence);
        assert_eq!(
            log.check_sequence(stamp(3), 2),
            SequenceCheck::Duplicate { base_offset: 3 }
        );
        assert_eq!(log.check_sequence(stamp(7), 1), SequenceCheck::OutOfOrder);
        let other = ProducerStamp {
            producer_id: 8,
            producer_epoch: 0,
            base_sequence: 0,
        };
        assert_eq!(log.check_sequence(other, 1), SequenceCheck::InSequence);
    }

    #[test]
    fn a_new_epoch_starts_at_sequence_0() {
        let mut log = ReplicaLog::default();
        batch(&mut log, 0, 3);
        let bumped = |base_sequence| ProducerStamp {
            producer_id: 7,
            producer_epoch: 1,
            base_sequence,
        };
        assert_eq!(log.check_sequence(bumped(3), 1), SequenceCheck::OutOfOrder);
        assert_eq!(log.check_sequence(bumped(0), 1), SequenceCheck::InSequence);
        log.append(record(0, Some(bumped(0)), 0));
        assert_eq!(log.check_sequence(bumped(1), 1), SequenceCheck::InSequence);
        assert_eq!(
            log.check_sequence(bumped(0), 1),
            SequenceCheck::Duplicate { base_offset: 3 }
        );
    }

    #[test]
    fn only_the_last_five_batches_are_remembered() {
        let mut log = ReplicaLog::default();
        (0..6).for_each(|b| batch(&mut log, b, 1));
        let first = ProducerStamp {
            producer_id: 7,
            producer_epoch: 0,
            base_sequence: 0,
        };
        assert_eq!(log.check_sequence(first, 1), SequenceCheck::OutOfOrder);
    }

    #[test]
    fn truncation_removes_the_tail_and_rebuilds_the_window() {
        let mut log = ReplicaLog::default();
        batch(&mut log, 0, 2);
        batch(&mut log, 2, 2);
        log.set_high_watermark(4);
        let removed = log.truncate_to(2);
        assert_eq!(removed.len(), 2);
        assert_eq!(log.high_watermark(), 2);
        let next = ProducerStamp {
            producer_id: 7,
            producer_epoch: 0,
            base_sequence: 2,
        };
        assert_eq!(log.check_sequence(next, 2), SequenceCheck::InSequence);
    }

    #[test]
    fn divergence_is_the_first_epoch_mismatch() {
        let mut leader = ReplicaLog::default();
        let mut follower = ReplicaLog::default();
        for epoch in [0, 0, 1] {
            leader.append(record(epoch, None, 0));
        }
        for epoch in [0, 0, 0, 0] {
            follower.append(record(epoch, None, 0));
        }
        assert_eq!(follower.divergence_with(&leader), 2);
        follower.truncate_to(2);
        assert_eq!(follower.divergence_with(&leader), 2);
        assert_eq!(leader.divergence_with(&follower), 2);
    }
}
