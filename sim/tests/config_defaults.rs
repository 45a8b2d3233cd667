//! Every `config_defaults` entry of the reference vectors, for both profiles: the value a
//! client built from an empty configuration (a consumer needs a `group.id`) runs with.

use kafka_sim::assignor::Strategy;
use kafka_sim::config::{
    Acks, ConsumerConfig, GroupProtocol, IsolationLevel, OffsetReset, ProducerConfig, Profile,
    StickyRule,
};
use kafka_sim::partitioner::Partitioner;
use serde_json::{Value, json};

fn entries() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("vectors.json")).unwrap();
    vectors["config_defaults"].as_array().unwrap().clone()
}

struct Clients {
    producer: ProducerConfig,
    consumer: ConsumerConfig,
}

fn defaults(profile: Profile) -> Clients {
    Clients {
        producer: ProducerConfig::from_pairs(profile, &[]).unwrap(),
        consumer: ConsumerConfig::from_pairs(profile, &[("group.id", "g".into())]).unwrap(),
    }
}

/// Our value in the vectors' vocabulary, where it can be written in it directly.
fn observed(property: &str, c: &Clients) -> Option<Value> {
    let (p, k) = (&c.producer, &c.consumer);
    let value = match property {
        "session.timeout.ms" => json!(k.session_timeout_ms),
        "heartbeat.interval.ms" => json!(k.heartbeat_interval_ms),
        "max.poll.interval.ms" => json!(k.max_poll_interval_ms),
        "enable.auto.commit" => json!(k.enable_auto_commit),
        "auto.commit.interval.ms" => json!(k.auto_commit_interval_ms),
        "enable.auto.offset.store" => json!(k.enable_auto_offset_store),
        "group.protocol" => json!(match k.group_protocol {
            GroupProtocol::Classic => "classic",
            GroupProtocol::Consumer => "consumer",
        }),
        "group.instance.id" => json!(k.group_instance_id),
        "isolation.level" => json!(match k.isolation_level {
            IsolationLevel::ReadCommitted => "read_committed",
            IsolationLevel::ReadUncommitted => "read_uncommitted",
        }),
        "max.poll.records" => json!(k.max_poll_records),
        "enable.idempotence" => json!(p.enable_idempotence),
        "max.in.flight.requests.per.connection" => json!(p.max_in_flight),
        "retries / message.send.max.retries" => json!(p.retries),
        "linger.ms / queue.buffering.max.ms" => json!(p.linger_ms as u64),
        "batch.size" => json!(p.batch_size),
        "delivery.timeout.ms / message.timeout.ms" => json!(p.message_timeout_ms),
        _ => return None,
    };
    Some(value)
}

/// The entries written in prose: the vector's exact text, then our typed value.
fn check_prose(entry: &Value, rd: &Clients, java: &Clients) {
    let says = |librdkafka: Value, java: Value| {
        assert_eq!(
            (&entry["librdkafka"], &entry["java"]),
            (&librdkafka, &java),
            "{entry}"
        );
    };
    match entry["property"].as_str().unwrap() {
        "auto.offset.reset" => {
            says(json!("largest (=latest)"), json!("latest"));
            assert_eq!(rd.consumer.auto_offset_reset, OffsetReset::Latest);
            assert_eq!(java.consumer.auto_offset_reset, OffsetReset::Latest);
        }
        "partition.assignment.strategy" => {
            says(
                json!("range,roundrobin"),
                json!("[RangeAssignor, CooperativeStickyAssignor]"),
            );
            use Strategy::*;
            assert_eq!(
                rd.consumer.partition_assignment_strategy,
                [Range, RoundRobin]
            );
            assert_eq!(
                java.consumer.partition_assignment_strategy,
                [Range, CooperativeSticky]
            );
        }
        "acks / request.required.acks" => {
            says(json!("-1 (all)"), json!("all"));
            assert_eq!(rd.producer.acks, Acks::All);
            assert_eq!(java.producer.acks, Acks::All);
        }
        "partitioner" => {
            says(
                json!("consistent_random (CRC32)"),
                json!("murmur2 (built-in) + sticky for null keys"),
            );
            assert_eq!(rd.producer.partitioner, Partitioner::ConsistentRandom);
            assert_eq!(java.producer.partitioner, Partitioner::Murmur2Random);
            assert!(matches!(
                java.producer.sticky,
                StickyRule::BatchBytes { .. }
            ));
        }
        "sticky.partitioning.linger.ms" => {
            says(json!("2*linger.ms = 10"), Value::Null);
            assert_eq!(rd.producer.sticky, StickyRule::Linger { ms: 10 });
            assert!(!matches!(java.producer.sticky, StickyRule::Linger { .. }));
        }
        "batch.size as sticky switch" => {
            says(
                Value::Null,
                json!("switch after batch.size bytes (KIP-794 adaptive)"),
            );
            assert!(!matches!(rd.producer.sticky, StickyRule::BatchBytes { .. }));
            assert_eq!(
                java.producer.sticky,
                StickyRule::BatchBytes { bytes: 16384 }
            );
        }
        other => panic!("no check for config_defaults entry {other:?}"),
    }
}

#[test]
fn every_config_default_matches_in_both_profiles() {
    let rd = defaults(Profile::Librdkafka);
    let java = defaults(Profile::Java);
    let entries = entries();
    for entry in &entries {
        let property = entry["property"].as_str().unwrap();
        match (observed(property, &rd), observed(property, &java)) {
            (Some(ours_rd), Some(ours_java)) => {
                assert_eq!(ours_rd, entry["librdkafka"], "librdkafka {property}");
                assert_eq!(ours_java, entry["java"], "java {property}");
            }
            _ => check_prose(entry, &rd, &java),
        }
    }
    assert_eq!(entries.len(), 22, "the vectors hold 22 config defaults");
}

#[test]
fn librdkafka_defaults_the_vectors_do_not_list() {
    let rd = defaults(Profile::Librdkafka);
    assert_eq!(rd.producer.client_id, "rdkafka");
    assert_eq!(rd.producer.batch_num_messages, Some(10000));
    assert_eq!(rd.producer.queue_buffering_max_messages, Some(100_000));
    assert_eq!(rd.producer.queue_buffering_max_kbytes, 1_048_576);
    assert_eq!(rd.producer.request_timeout_ms, 30_000);
    assert_eq!(rd.producer.retry_backoff_ms, 100);
    assert_eq!(rd.producer.retry_backoff_max_ms, 1000);
    assert_eq!(rd.consumer.fetch_max_bytes, 52_428_800);
    assert_eq!(rd.consumer.fetch_min_bytes, 1);
    assert_eq!(rd.consumer.fetch_wait_max_ms, 500);
    assert_eq!(rd.consumer.max_partition_fetch_bytes, 1_048_576);
    assert!(!rd.consumer.enable_partition_eof);
    assert_eq!(rd.consumer.group_id.as_deref(), Some("g"));
    let java = defaults(Profile::Java);
    assert_eq!(java.producer.client_id, "");
    assert_eq!(java.producer.batch_num_messages, None);
    assert_eq!(java.producer.queue_buffering_max_messages, None);
}
