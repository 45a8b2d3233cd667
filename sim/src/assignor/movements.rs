//! The sticky assignors' record of partition moves during one balance, which lets a partition
//! that moved A -> B be moved back when B must give one to A (KIP-54 stickiness).
//!
//! RD `src/rdkafka_sticky_assignor.c` (`PartitionMovements_*`); KJ `AbstractStickyAssignor.java`
//! (`PartitionMovements`); kafka-python `kafka/coordinator/assignors/sticky/
//! partition_movements.py` (`PartitionMovements`, Java's records in Python sets). They differ in
//! ways that change results, kept here per client.

use super::{Arbitrary, Client, Undefined, java_hash};
use crate::TopicPartition;
use crate::collect::VecMap;

/// A move from `src` to `dst` (`ConsumerPair`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair<'a> {
    pub src: &'a str,
    pub dst: &'a str,
}

/// The partitions of one topic that moved along one pair, in the order they were recorded.
struct Moved<'a> {
    pair: Pair<'a>,
    partitions: Vec<TopicPartition>,
    /// The most partitions the list ever held: sizes Java's `HashSet` table.
    peak: usize,
}

pub struct Movements<'a> {
    client: Client,
    by_partition: VecMap<TopicPartition, Pair<'a>>,
    by_topic: VecMap<String, Vec<Moved<'a>>>,
    /// The first place in this run where librdkafka's code leaves defined behaviour (a failed
    /// `rd_assert`, a NULL or freed pointer read), here or in the balance that drives the
    /// movements (librdkafka profile only).
    pub undefined: Option<Undefined>,
    /// The first place where kafka-python chose by hash order, here or in the partition order.
    pub arbitrary: Option<Arbitrary>,
}

impl<'a> Movements<'a> {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            by_partition: VecMap::new(),
            by_topic: VecMap::new(),
            undefined: None,
            arbitrary: None,
        }
    }

    /// `getTheActualPartitionToBeMoved`: to move `tp` from `owner` to `new`, move instead a
    /// partition of the same topic that earlier moved from `new` to the owner, if any, and say
    /// along which pair it was found. librdkafka builds the reverse pair from the current owner
    /// (before looking up where `tp` came from); Java and kafka-python from `tp`'s original
    /// owner.
    pub fn partition_to_move(
        &mut self,
        tp: &TopicPartition,
        owner: &'a str,
        new: &'a str,
    ) -> Option<(TopicPartition, Pair<'a>)> {
        if !self.by_topic.contains_key(tp.topic.as_str()) {
            return None;
        }
        // `rd_assert(!rd_strcmp(oldConsumer, cpair->dst))`
        if self
            .by_partition
            .get(tp)
            .is_some_and(|pair| pair.dst != owner)
        {
            self.note_undefined(Undefined::StaleMovementRecord);
        }
        let moved = self.by_topic.get(tp.topic.as_str())?;
        let origin = match self.client {
            Client::Librdkafka => owner,
            Client::Java | Client::KafkaPython => {
                self.by_partition.get(tp).map_or(owner, |pair| pair.src)
            }
        };
        let reverse = Pair {
            src: new,
            dst: origin,
        };
        let list = moved.iter().find(|m| m.pair == reverse)?;
        let first = match self.client {
            // `&plist->elems[0]`
            Client::Librdkafka => list.partitions.first().cloned(),
            // `Set.iterator().next()`
            Client::Java => {
                let keyed = list
                    .partitions
                    .iter()
                    .map(|p| (java_hash::partition_hash(p), p))
                    .collect();
                java_hash::iteration_order(keyed, list.peak)
                    .first()
                    .map(|p| (*p).clone())
            }
            // `next(iter(set))`: hash order; the model takes the smallest.
            Client::KafkaPython => {
                if list.partitions.len() > 1 {
                    self.arbitrary.get_or_insert(Arbitrary::MovedPartition);
                }
                list.partitions.iter().min().cloned()
            }
        }?;
        Some((first, reverse))
    }

    /// The first partition still recorded along `pair` for `topic`. librdkafka's
    /// `getTheActualPartitionToBeMoved` returns a pointer into that list; once `record` removes
    /// the element, the pointer reads the next one, and that is the partition librdkafka then
    /// moves (`processPartitionMovement`).
    pub fn first_along(&self, topic: &str, pair: Pair<'a>) -> Option<TopicPartition> {
        self.by_topic
            .get(topic)?
            .iter()
            .find(|m| m.pair == pair)?
            .partitions
            .first()
            .cloned()
    }

    /// `movePartition`: record that `tp` goes from `old` to `new`, cancelling a move back.
    pub fn record(&mut self, tp: &TopicPartition, old: &'a str, new: &'a str) {
        match self.by_partition.get(tp).copied() {
            Some(existing) => {
                self.remove(tp, existing);
                // `rd_assert(!rd_strcmp(existing_cpair->dst, old_consumer))`
                if existing.dst != old {
                    self.note_undefined(Undefined::StaleMovementRecord);
                }
                if existing.src != new {
                    self.add(
                        tp,
                        Pair {
                            src: existing.src,
                            dst: new,
                        },
                    );
                }
            }
            None => self.add(tp, Pair { src: old, dst: new }),
        }
    }

    /// `removeMovementRecordOfPartition`. librdkafka leaves the partition's entry in
    /// `partitionMovements` (Java and kafka-python remove it), so a partition moved back still
    /// looks moved.
    fn remove(&mut self, tp: &TopicPartition, pair: Pair<'a>) {
        if self.client != Client::Librdkafka {
            self.by_partition.remove(tp);
        }
        // librdkafka reads the topic's map and the pair's list unchecked (`rd_assert(plist)`).
        let Some(moved) = self.by_topic.get_mut(tp.topic.as_str()) else {
            self.note_undefined(Undefined::StaleMovementRecord);
            return;
        };
        let listed = match moved.iter_mut().find(|m| m.pair == pair) {
            Some(m) => {
                if let Some(i) = m.partitions.iter().position(|p| p == tp) {
                    m.partitions.remove(i);
                }
                true
            }
            None => false,
        };
        moved.retain(|m| !m.partitions.is_empty());
        if moved.is_empty() {
            self.by_topic.remove(tp.topic.as_str());
        }
        if !listed {
            self.note_undefined(Undefined::StaleMovementRecord);
        }
    }

    /// Records `why` if it is the run's first (librdkafka profile only).
    pub fn note_undefined(&mut self, why: Undefined) {
        if self.client == Client::Librdkafka {
            self.undefined.get_or_insert(why);
        }
    }

    /// `addPartitionMovementRecord`.
    fn add(&mut self, tp: &TopicPartition, pair: Pair<'a>) {
        self.by_partition.insert(tp.clone(), pair);
        let moved = self.by_topic.entry(tp.topic.to_string()).or_default();
        let index = match moved.iter().position(|m| m.pair == pair) {
            Some(i) => i,
            None => {
                moved.push(Moved {
                    pair,
                    partitions: Vec::new(),
                    peak: 0,
                });
                moved.len() - 1
            }
        };
        let m = &mut moved[index];
        // A Java `HashSet` or Python `set` holds a partition once; librdkafka's list appends.
        if self.client == Client::Librdkafka || !m.partitions.contains(tp) {
            m.partitions.push(tp.clone());
        }
        m.peak = m.peak.max(m.partitions.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: i32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    #[test]
    fn a_move_back_is_found_along_the_reverse_pair() {
        let mut m = Movements::new(Client::Librdkafka);
        m.record(&tp(0), "a", "b");
        m.record(&tp(1), "a", "b");
        assert_eq!(m.partition_to_move(&tp(5), "b", "c"), None);
        let (first, pair) = m.partition_to_move(&tp(5), "b", "a").unwrap();
        assert_eq!(first, tp(0));
        // Moving 0 back removes it from the list: librdkafka's pointer now reads partition 1.
        m.record(&first, "b", "a");
        assert_eq!(m.first_along("t", pair), Some(tp(1)));
    }

    #[test]
    fn librdkafka_keeps_the_stale_record_of_a_partition_moved_back() {
        let mut rd = Movements::new(Client::Librdkafka);
        let mut java = Movements::new(Client::Java);
        for m in [&mut rd, &mut java] {
            m.record(&tp(0), "a", "b");
            m.record(&tp(0), "b", "a");
        }
        assert!(rd.by_partition.contains_key(&tp(0)));
        assert!(!java.by_partition.contains_key(&tp(0)));
        assert!(rd.by_topic.is_empty() && java.by_topic.is_empty());
        // Moving it again meets the stale record: librdkafka's `rd_assert`s fail there.
        assert_eq!(rd.undefined, None);
        rd.record(&tp(0), "a", "c");
        java.record(&tp(0), "a", "c");
        assert_eq!(rd.undefined, Some(Undefined::StaleMovementRecord));
        assert_eq!(java.undefined, None);
    }

    #[test]
    fn a_second_move_keeps_the_original_source() {
        let mut m = Movements::new(Client::Java);
        m.record(&tp(0), "a", "b");
        m.record(&tp(0), "b", "c");
        assert_eq!(m.by_partition[&tp(0)], Pair { src: "a", dst: "c" });
    }
}
