//! The consumers' side of the projection: the groups' committed offsets, the records the
//! programs processed, and the member id each client last left its group as.

use super::offsets::OffsetSet;
use crate::TopicPartition;
use crate::collect::{Hint, VecMap};
use crate::consumer::{ClientEvent, ProgramEvent};
use crate::coordinator::Event as CoordinatorEvent;
use crate::trace::Event;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    /// Per group, the last offset the coordinator stored per partition, forgotten when it
    /// expires (apache/kafka `GroupMetadataManager` `storeOffsets` and
    /// `cleanupGroupMetadata`).
    committed: VecMap<String, VecMap<TopicPartition, i64>>,
    /// Records the programs processed, counting every time.
    processed: u64,
    /// Per partition, the offsets processed at least once, and at least twice.
    once: VecMap<TopicPartition, OffsetSet>,
    twice: VecMap<TopicPartition, OffsetSet>,
    /// Where the next lookup in `once` looks first.
    last_once: Hint,
    /// Per consumer, the member id it last sent LeaveGroup as.
    left_as: VecMap<usize, String>,
}

impl Groups {
    pub(super) fn fold(&mut self, event: &Event) {
        match event {
            Event::Coordinator { event } => match &**event {
                CoordinatorEvent::OffsetsCommitted { group, offsets, .. } => {
                    if !self.committed.contains_key(group) {
                        self.committed.insert(group.clone(), VecMap::new());
                    }
                    let committed = self.committed.get_mut(group).expect("inserted");
                    committed.extend(offsets.iter().cloned());
                }
                CoordinatorEvent::OffsetsExpired { group, partitions } => {
                    if let Some(committed) = self.committed.get_mut(group) {
                        partitions.iter().for_each(|tp| {
                            committed.remove(tp);
                        });
                    }
                }
                _ => {}
            },
            Event::ConsumerProgram {
                event: ProgramEvent::Processed { tp, offset },
                ..
            } => {
                self.processed += 1;
                let once =
                    self.once
                        .get_or_insert_hinted(&mut self.last_once, tp, OffsetSet::default);
                if !once.insert(*offset) {
                    let twice = self.twice.get_or_insert_with(tp, OffsetSet::default);
                    twice.insert(*offset);
                }
            }
            Event::Consumer {
                consumer,
                event: ClientEvent::LeaveSent { member_id },
            } => {
                self.left_as.insert(*consumer, member_id.clone());
            }
            _ => {}
        }
    }

    /// Group `group`'s committed offsets.
    pub fn committed(&self, group: &str) -> Option<&VecMap<TopicPartition, i64>> {
        self.committed.get(group)
    }

    /// Records the consumers' programs processed, counting every time.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    /// Records processed more than once.
    pub fn duplicates(&self) -> u64 {
        self.twice.values().map(OffsetSet::len).sum()
    }

    /// Records below group `group`'s committed offset that no consumer processed: a commit
    /// went ahead of the processing (at-most-once) and the consumer died first.
    pub fn unprocessed(&self, group: &str) -> u64 {
        let Some(committed) = self.committed(group) else {
            return 0;
        };
        committed
            .iter()
            .map(|(tp, &end)| {
                let processed = self.once.get(tp).map_or(0, |set| set.count_below(end));
                end.max(0) as u64 - processed
            })
            .sum()
    }

    /// The member id consumer `consumer` last left its group as: the client forgets it when
    /// it sends LeaveGroup (librdkafka `rd_kafka_cgrp_leave`), while the coordinator lists the
    /// member until the request arrives.
    pub fn left_as(&self, consumer: usize) -> Option<&str> {
        self.left_as.get(&consumer).map(String::as_str)
    }
}
