//! The Java client's built-in partitioning, for the Java profile: a keyed message goes to
//! `toPositive(murmur2(key)) % partitions` (an empty key is hashed too); a keyless one goes to
//! the topic's sticky partition, which switches once `batch.size` bytes were produced to it
//! (KIP-480, refined by KIP-794).
//!
//! Simplified from apache/kafka `BuiltInPartitioner`: the switch happens at `batch.size` bytes
//! (the real client may wait for the batch to be ready, up to 2 × `batch.size`), and the next
//! partition is uniform among the partitions with a leader (adaptive partitioning, which
//! weighs partitions by queue size, is not modelled).

use super::hash;
use crate::rng::SimRng;

/// The sticky partition of one topic and the bytes produced to it since it was chosen
/// (apache/kafka `BuiltInPartitioner.StickyPartitionInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StickyState {
    partition: Option<i32>,
    produced_bytes: u64,
}

impl StickyState {
    /// The current sticky partition, if one has been chosen.
    pub fn current(&self) -> Option<i32> {
        self.partition
    }
}

/// The partition of one record of `record_bytes` bytes; `has_leader[i]` says whether partition
/// `i` is available (its length is the partition count). Keyless records are counted against
/// the sticky partition, which switches for the next record once `batch_size` bytes are reached.
/// Source: apache/kafka `KafkaProducer.partition`, `BuiltInPartitioner.partitionForKey`,
/// `peekCurrentPartitionInfo`, `updatePartitionInfo` and `nextPartition`.
pub fn choose(
    key: Option<&[u8]>,
    record_bytes: u64,
    batch_size: u64,
    has_leader: &[bool],
    sticky: &mut StickyState,
    rng: &mut SimRng,
) -> i32 {
    assert!(!has_leader.is_empty(), "a topic has at least one partition");
    if let Some(key) = key {
        return (hash::to_positive(hash::murmur2(key)) % has_leader.len() as u32) as i32;
    }
    let partition = *sticky
        .partition
        .get_or_insert_with(|| next_partition(has_leader, rng));
    sticky.produced_bytes += record_bytes;
    // A batch size below 1 acts as 1 (`KafkaProducer`: `Math.max(1, batch.size)`).
    if sticky.produced_bytes >= batch_size.max(1) {
        sticky.partition = Some(next_partition(has_leader, rng));
        sticky.produced_bytes = 0;
    }
    partition
}

/// Uniform among the partitions with a leader, or among all when none has one.
/// Source: apache/kafka `BuiltInPartitioner.nextPartition` (without load statistics).
fn next_partition(has_leader: &[bool], rng: &mut SimRng) -> i32 {
    let led: Vec<i32> = (0..has_leader.len() as i32)
        .filter(|&p| has_leader[p as usize])
        .collect();
    if led.is_empty() {
        rng.between(0, has_leader.len() as u64 - 1) as i32
    } else {
        led[rng.between(0, led.len() as u64 - 1) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_with_murmur2_including_the_empty_key() {
        let mut rng = SimRng::stream(1, "partitioner");
        let mut sticky = StickyState::default();
        let all = [true; 12];
        // apache/kafka UtilsTest.testMurmur2: toPositive(murmur2("foobar")) % 12 == 6.
        assert_eq!(
            choose(Some(b"foobar"), 10, 16384, &all, &mut sticky, &mut rng),
            6
        );
        // 0x106e08d9 % 12 == 9.
        assert_eq!(choose(Some(b""), 10, 16384, &all, &mut sticky, &mut rng), 9);
        assert_eq!(
            sticky.current(),
            None,
            "keyed records leave the sticky state alone"
        );
    }

    #[test]
    fn keyless_records_switch_after_batch_size_bytes() {
        let mut rng = SimRng::stream(9, "partitioner");
        let mut mirror = rng.clone();
        let mut sticky = StickyState::default();
        let all = [true; 1000];
        let first = mirror.between(0, 999) as i32;
        let second = mirror.between(0, 999) as i32;
        // 100-byte records, batch.size 300: records 1-3 fill the first partition.
        let got: Vec<i32> = (0..4)
            .map(|_| choose(None, 100, 300, &all, &mut sticky, &mut rng))
            .collect();
        assert_eq!(got, [first, first, first, second]);
    }

    #[test]
    fn only_partitions_with_a_leader_are_chosen() {
        let mut rng = SimRng::stream(4, "partitioner");
        let mut sticky = StickyState::default();
        let has_leader = [false, true, false, true];
        for _ in 0..40 {
            let p = choose(None, 1, 1, &has_leader, &mut sticky, &mut rng);
            assert!(p == 1 || p == 3, "{p}");
        }
    }
}
