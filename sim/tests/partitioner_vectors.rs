//! Every `partitioner_cases` entry of the reference vectors: the hash constant each case
//! records and the partition librdkafka (or the Java client) puts the key on.

use kafka_sim::partitioner::{Partitioner, hash, keyed_partition};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let text = std::fs::read_to_string(path).expect("vectors.json");
    let vectors: Value = serde_json::from_str(&text).expect("valid JSON");
    vectors["partitioner_cases"]
        .as_array()
        .expect("partitioner_cases")
        .clone()
}

fn key_bytes(case: &Value) -> Option<Vec<u8>> {
    let hex = case["key_hex"].as_str()?;
    Some(
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect(),
    )
}

/// The hash a case records: murmur2 cases from the unit tests record the raw hash (with
/// `to_positive` beside it); librdkafka's 0048 test records what the partitioner takes the
/// modulo of (toPositive for murmur2). A NULL key hashes as the empty key.
fn check_hash(case: &Value, p: Partitioner, key: &[u8]) {
    let recorded = case["hash"].as_u64().expect("hash") as u32;
    let computed = match p {
        Partitioner::Consistent | Partitioner::ConsistentRandom => hash::crc32(key),
        Partitioner::Murmur2 | Partitioner::Murmur2Random if case.get("to_positive").is_some() => {
            assert_eq!(
                case["to_positive"].as_u64(),
                Some(u64::from(hash::to_positive(hash::murmur2(key)))),
                "{case}"
            );
            assert_eq!(
                case["hash_int32"].as_i64(),
                Some(i64::from(hash::murmur2(key) as i32)),
                "{case}"
            );
            hash::murmur2(key)
        }
        Partitioner::Murmur2 | Partitioner::Murmur2Random => hash::to_positive(hash::murmur2(key)),
        Partitioner::Fnv1a | Partitioner::Fnv1aRandom => hash::fnv1a(key),
        Partitioner::Random => unreachable!("no vector uses the random partitioner"),
    };
    // 0048 records 0 for consistent's empty/NULL keys: CRC32 of nothing is 0 as well.
    assert_eq!(computed, recorded, "hash of {case}");
}

#[test]
fn every_partitioner_case_matches() {
    let cases = cases();
    let mut checked = 0;
    for case in &cases {
        let p: Partitioner = case["partitioner"].as_str().unwrap().parse().unwrap();
        let key = key_bytes(case);
        check_hash(case, p, key.as_deref().unwrap_or_default());
        let n = case["partitions"].as_i64().unwrap() as i32;
        let want = case["expected_partition"].as_i64().map(|e| e as i32);
        assert_eq!(keyed_partition(p, key.as_deref(), n), want, "{case}");
        // A case marked random has no fixed partition; one not marked random has one.
        if let Some(random) = case.get("random").and_then(Value::as_bool) {
            assert_eq!(random, want.is_none(), "{case}");
        }
        if let Some(examples) = case.get("partitions_examples").and_then(Value::as_object) {
            for (count, expected) in examples {
                let count: i32 = count.parse().unwrap();
                let expected = expected.as_i64().map(|e| e as i32);
                assert_eq!(
                    keyed_partition(p, key.as_deref(), count),
                    expected,
                    "{case}"
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 90, "the vectors hold 90 partitioner cases");
}

#[test]
fn the_course_default_puts_hejsan_on_partition_3_of_7() {
    // librdkafka tests/0048-partitioner.c: crc32("hejsan") = 0xd077037e, % 7 = 3.
    assert_eq!(
        keyed_partition(Partitioner::default(), Some(b"hejsan"), 7),
        Some(3)
    );
}
