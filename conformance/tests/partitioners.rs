//! Issue 3/4 conformance (a): for every librdkafka partitioner, a set of keys (the course's and
//! librdkafka test 0048's "hejsan", the empty key, a NULL key, binary keys, the vectors' keys
//! and 200 random ones) and partition counts 4, 7 and 17, the partition real librdkafka
//! delivers to equals `kafka_sim::partitioner::keyed_partition`, and where the model says
//! "random" librdkafka spreads the same key over several partitions.

use kafka_lab_conformance::client_config;
use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::producer::RecordingProducer;
use kafka_sim::partitioner::{Partitioner, keyed_partition};
use kafka_sim::rng::SimRng;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const PARTITION_COUNTS: [i32; 3] = [4, 7, 17];
/// Sends of every (key, partition count); for a random choice the chance that they all land on
/// one partition is at most 4^-23.
const REPEATS: usize = 24;

/// The keys: NULL, empty, the course's and the vectors' strings, binary keys, random keys.
fn keys() -> Vec<Option<Vec<u8>>> {
    let vectors: serde_json::Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/tests/data/vectors.json"
    )))
    .expect("vectors.json");
    let mut keys: BTreeSet<Option<Vec<u8>>> = vectors["partitioner_cases"]
        .as_array()
        .expect("partitioner cases")
        .iter()
        .filter_map(|case| case["key"].as_str())
        .map(|key| Some(key.as_bytes().to_vec()))
        .collect();
    keys.insert(None);
    for fixed in [
        &b""[..],
        b"hejsan",
        b"user-1",
        b"\x00",
        b"\xff\xff\xff\xff",
        b"\x00\x01\x02\xfe",
    ] {
        keys.insert(Some(fixed.to_vec()));
    }
    let mut rng = SimRng::stream(20_260_703, "conformance-keys");
    for _ in 0..200 {
        let len = rng.between(1, 24) as usize;
        keys.insert(Some((0..len).map(|_| rng.next_u64() as u8).collect()));
    }
    keys.into_iter().collect()
}

#[test]
fn every_partitioner_lands_where_the_model_says() {
    let mock = Mock::start(1);
    for count in PARTITION_COUNTS {
        mock.create_topic(&topic(count), count);
    }
    let keys = keys();
    for partitioner in Partitioner::ALL {
        let landed = produce_all(&mock, partitioner, &keys);
        for count in PARTITION_COUNTS {
            for (k, key) in keys.iter().enumerate() {
                let partitions = &landed[&(count, k)];
                match keyed_partition(partitioner, key.as_deref(), count) {
                    Some(p) => assert_eq!(
                        partitions,
                        &BTreeSet::from([p]),
                        "{partitioner} key {key:?} on {count} partitions"
                    ),
                    None => assert!(
                        partitions.len() > 1,
                        "{partitioner} key {key:?} on {count} partitions: the model says random, \
                         librdkafka always chose {partitions:?}"
                    ),
                }
            }
        }
        eprintln!(
            "{partitioner}: {} keys x {PARTITION_COUNTS:?} agree",
            keys.len()
        );
    }
}

/// Produces every key `REPEATS` times to every topic; returns (partition count, key index) ->
/// the partitions the delivery reports gave.
fn produce_all(
    mock: &Mock,
    partitioner: Partitioner,
    keys: &[Option<Vec<u8>>],
) -> BTreeMap<(i32, usize), BTreeSet<i32>> {
    // sticky.partitioning.linger.ms=0: keyless messages of the *_random partitioners are
    // spread per message instead of sticking (CONFIGURATION.md).
    let settings = [
        ("partitioner", partitioner.name()),
        ("sticky.partitioning.linger.ms", "0"),
    ];
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "p", &settings));
    let mut sent = Vec::new();
    for count in PARTITION_COUNTS {
        for (k, key) in keys.iter().enumerate() {
            for _ in 0..REPEATS {
                producer.send(&topic(count), key.as_deref(), b"x");
                sent.push((count, k));
            }
        }
    }
    producer
        .flush(Duration::from_secs(30))
        .expect("flush every message");
    let reports = producer.reports();
    assert_eq!(reports.len(), sent.len(), "one report per message");
    let mut landed: BTreeMap<(i32, usize), BTreeSet<i32>> = BTreeMap::new();
    for report in reports {
        assert_eq!(report.error, None, "delivery of message {}", report.message);
        landed
            .entry(sent[report.message])
            .or_default()
            .insert(report.partition);
    }
    landed
}

fn topic(partitions: i32) -> String {
    format!("keys{partitions}")
}
