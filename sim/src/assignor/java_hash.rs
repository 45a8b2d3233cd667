//! Iteration order of `java.util.HashMap` and `HashSet`, which the Java sticky assignor's
//! results depend on (which member keeps `maxQuota` partitions, which moved partition goes back).

use crate::TopicPartition;
use crate::collect::sort_small_by_key;

/// `java.lang.String.hashCode`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 units, wrapping.
pub fn string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// `org.apache.kafka.common.TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
pub fn partition_hash(tp: &TopicPartition) -> i32 {
    31i32
        .wrapping_add(tp.partition)
        .wrapping_mul(31)
        .wrapping_add(string_hash(&tp.topic))
}

/// The bucket count of a `HashMap` built with the default constructor that has held at most
/// `peak` entries: 16, doubled whenever the size passed 3/4 of it (`HashMap.resize`).
pub fn table_size(peak: usize) -> usize {
    let mut size = 16;
    while peak > size * 3 / 4 {
        size *= 2;
    }
    size
}

/// `HashMap.hash` spread then the bucket index for a table of `size` buckets.
pub fn bucket(hash: i32, size: usize) -> usize {
    let h = hash as u32;
    ((h ^ (h >> 16)) as usize) & (size - 1)
}

/// The order in which a default `HashMap`/`HashSet` iterates `keys` (given in insertion order,
/// with their hashes): by bucket, then by insertion within a bucket (resizing keeps that order).
pub fn iteration_order<T>(keys: Vec<(i32, T)>, peak: usize) -> Vec<T> {
    let size = table_size(peak.max(keys.len()));
    let mut keyed: Vec<(usize, T)> = keys
        .into_iter()
        .map(|(hash, key)| (bucket(hash, size), key))
        .collect();
    sort_small_by_key(&mut keyed, |(bucket, _)| *bucket);
    keyed.into_iter().map(|(_, key)| key).collect()
}

/// Member ids in the order a `HashMap<String, _>` holding them iterates.
pub fn member_order<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let keys: Vec<(i32, &str)> = ids.into_iter().map(|id| (string_hash(id), id)).collect();
    let peak = keys.len();
    iteration_order(keys, peak)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_matches_java() {
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 97);
        // "consumer1".hashCode() in Java.
        assert_eq!(string_hash("consumer1"), -421_004_549);
    }

    #[test]
    fn consumer_ids_iterate_in_bucket_order() {
        // Buckets 12, 11, 10 (kafka-semantics.md A.3): consumer3 first.
        assert_eq!(
            member_order(["consumer1", "consumer2", "consumer3"]),
            ["consumer3", "consumer2", "consumer1"]
        );
    }

    #[test]
    fn tables_grow_past_three_quarters() {
        assert_eq!(table_size(12), 16);
        assert_eq!(table_size(13), 32);
        assert_eq!(table_size(25), 64);
    }

    #[test]
    fn partition_hash_matches_java() {
        // new TopicPartition("t", 0).hashCode() == 31 * 31 + 116
        assert_eq!(partition_hash(&TopicPartition::new("t", 0)), 1077);
    }
}
