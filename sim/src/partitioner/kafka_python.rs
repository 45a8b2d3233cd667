//! kafka-python 3.0.12's partitioning, for the kafka-python profile: `KafkaProducer._partition`
//! (kafka/producer/kafka.py) checks an explicit partition, else asks the default partitioner,
//! `DefaultPartitioner.partition` (kafka/partitioner/default.py): a serialized key (the empty
//! one too) goes to `murmur2(key) & 0x7fffffff % len(all_partitions)`, the same murmur2 as Java's;
//! a keyless message (`serialized_key is None`) to `random.choice` of the partitions with a
//! leader, or of all partitions when none has one. kafka-python does not stick keyless messages
//! unless the program opts in to its `StickyPartitioner`.

use super::hash;
use crate::rng::SimRng;
use std::fmt;

/// An explicit partition kafka-python refuses: `send()` raises `ValueError` with this text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadPartition {
    /// `partition < 0`; -1 is not "let the partitioner choose" here, `None` is.
    Negative,
    /// Not one of the topic's partitions.
    Unrecognized { partition: i32, topic: String },
}

impl fmt::Display for BadPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Negative => f.write_str("ValueError: partition must be >= 0"),
            Self::Unrecognized { partition, topic } => write!(
                f,
                "ValueError: Unrecognized partition {partition} for topic {topic}"
            ),
        }
    }
}

/// `KafkaProducer._partition` with an explicit partition: it must be >= 0 and exist.
pub fn explicit(partition: i32, partition_count: i32, topic: &str) -> Result<i32, BadPartition> {
    if partition < 0 {
        Err(BadPartition::Negative)
    } else if partition >= partition_count {
        Err(BadPartition::Unrecognized {
            partition,
            topic: topic.to_owned(),
        })
    } else {
        Ok(partition)
    }
}

/// The keyed choice: `all_partitions[murmur2(key) & 0x7fffffff % len]`, `all_partitions` being
/// the sorted partition ids, so the index is the partition.
///
/// # Panics
/// If `partition_count` is not positive (kafka-python never partitions for an unknown topic).
pub fn keyed(key: &[u8], partition_count: i32) -> i32 {
    assert!(partition_count > 0, "a topic has at least one partition");
    (hash::to_positive(hash::murmur2(key)) % partition_count as u32) as i32
}

/// The partitions a keyless message is drawn from: those with a leader (`has_leader[i]`), or
/// all when none has one.
pub fn keyless_pool(has_leader: &[bool]) -> Vec<i32> {
    let all = 0..has_leader.len() as i32;
    let led: Vec<i32> = all.clone().filter(|&p| has_leader[p as usize]).collect();
    if led.is_empty() { all.collect() } else { led }
}

/// `DefaultPartitioner.partition`: `key` is the serialized key (`None` for no key).
pub fn choose(key: Option<&[u8]>, has_leader: &[bool], rng: &mut SimRng) -> i32 {
    assert!(!has_leader.is_empty(), "a topic has at least one partition");
    match key {
        Some(key) => keyed(key, has_leader.len() as i32),
        None => {
            let pool = keyless_pool(has_leader);
            pool[rng.between(0, pool.len() as u64 - 1) as usize]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_as_kafka_python_does() {
        // kafka-python 3.0.12 by hand: DefaultPartitioner().partition('t', None, key, None,
        // None, cluster) with 12 partitions gives 6 for b'foobar' and 9 for b'' (murmur2 of
        // nothing is 0x106e08d9); 'count_num' of seed 004 with json.dumps -> b'"count_num"'
        // lands on 0 of 2.
        assert_eq!(keyed(b"foobar", 12), 6);
        assert_eq!(keyed(b"", 12), 9);
        assert_eq!(keyed(b"\"count_num\"", 2), 0);
    }

    #[test]
    fn keyless_messages_go_to_partitions_with_a_leader() {
        assert_eq!(keyless_pool(&[false, true, false, true]), [1, 3]);
        assert_eq!(keyless_pool(&[false, false]), [0, 1]);
        let mut rng = SimRng::stream(3, "partitioner");
        for _ in 0..40 {
            let p = choose(None, &[true, false, true], &mut rng);
            assert!(p == 0 || p == 2, "{p}");
        }
    }

    #[test]
    fn explicit_partitions_are_checked_with_kafka_pythons_messages() {
        assert_eq!(explicit(1, 2, "t"), Ok(1));
        assert_eq!(
            explicit(-1, 2, "t").unwrap_err().to_string(),
            "ValueError: partition must be >= 0"
        );
        assert_eq!(
            explicit(2, 2, "kafka_demo").unwrap_err().to_string(),
            "ValueError: Unrecognized partition 2 for topic kafka_demo"
        );
    }
}
