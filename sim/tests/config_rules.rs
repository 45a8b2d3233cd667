//! What a client runs with after creation: the course's own configurations, and the values
//! librdkafka (or the Java client) fills in or adjusts.

use kafka_sim::assignor::Strategy;
use kafka_sim::config::{
    Acks, ConfigValue, ConsumerConfig, OffsetReset, ProducerConfig, Profile, RebalanceProtocol,
    StickyRule,
};

fn cb(name: &str) -> ConfigValue {
    ConfigValue::Callable(name.into())
}

fn rd_producer(pairs: &[(&str, ConfigValue)]) -> ProducerConfig {
    ProducerConfig::from_pairs(Profile::Librdkafka, pairs).unwrap()
}

fn java_producer(pairs: &[(&str, ConfigValue)]) -> ProducerConfig {
    ProducerConfig::from_pairs(Profile::Java, pairs).unwrap()
}

fn consumer(profile: Profile, pairs: &[(&str, ConfigValue)]) -> ConsumerConfig {
    let mut all = vec![("group.id", ConfigValue::from("g"))];
    all.extend_from_slice(pairs);
    ConsumerConfig::from_pairs(profile, &all).unwrap()
}

#[test]
fn the_course_producer_without_acks() {
    let p = rd_producer(&[
        ("bootstrap.servers", "10.34.4.109:9092".into()),
        ("acks", 0.into()),
        ("error_cb", cb("error_cb")),
    ]);
    assert_eq!(p.acks, Acks::Zero);
    assert_eq!(p.bootstrap_servers.as_deref(), Some("10.34.4.109:9092"));
    assert!(p.error_cb);
    assert!(!p.on_delivery);
}

#[test]
fn the_course_idempotent_producer_gets_librdkafkas_implied_settings() {
    let p = rd_producer(&[
        ("bootstrap.servers", "10.34.4.109:9092".into()),
        ("enable.idempotence", true.into()),
        ("error_cb", cb("error_cb")),
    ]);
    assert!(p.enable_idempotence);
    assert_eq!(p.acks, Acks::All);
    assert_eq!(p.max_in_flight, 5);
    assert_eq!(p.retries, 2_147_483_647);
    // Values the application set itself are kept when they are compatible.
    let own = rd_producer(&[
        ("enable.idempotence", "true".into()),
        ("max.in.flight", 3.into()),
        ("retries", 7.into()),
        ("acks", "all".into()),
    ]);
    assert_eq!(
        (own.max_in_flight, own.retries, own.acks),
        (3, 7, Acks::All)
    );
}

#[test]
fn a_transactional_id_implies_idempotence_and_the_transaction_timeout() {
    let p = rd_producer(&[("transactional.id", "tx-1".into())]);
    assert!(p.enable_idempotence);
    assert_eq!(p.message_timeout_ms, 60_000);
    assert_eq!(p.transactional_id.as_deref(), Some("tx-1"));
}

#[test]
fn sticky_linger_follows_linger_unless_set() {
    let sticky = |pairs: &[(&str, ConfigValue)]| rd_producer(pairs).sticky;
    assert_eq!(
        sticky(&[("linger.ms", 100.into())]),
        StickyRule::Linger { ms: 200 }
    );
    assert_eq!(
        sticky(&[("linger.ms", 0.4.into())]),
        StickyRule::Linger { ms: 0 }
    );
    assert_eq!(
        sticky(&[
            ("linger.ms", 600_000.into()),
            ("message.timeout.ms", 0.into())
        ]),
        StickyRule::Linger { ms: 900_000 }
    );
    assert_eq!(
        sticky(&[
            ("linger.ms", 100.into()),
            ("sticky.partitioning.linger.ms", 0.into())
        ]),
        StickyRule::Linger { ms: 0 }
    );
}

#[test]
fn an_unset_linger_is_lowered_below_a_short_message_timeout() {
    let p = rd_producer(&[("message.timeout.ms", 3.into())]);
    assert_eq!(p.linger_ms, 2.9);
    assert_eq!(
        p.sticky,
        StickyRule::Linger { ms: 10 },
        "computed before the adjustment"
    );
}

#[test]
fn values_arrive_as_python_prints_them() {
    let p = rd_producer(&[
        ("linger.ms", 0.5.into()),
        ("enable.idempotence", 1.into()),
        ("compression.type", "LZ4".into()),
        ("partitioner", "murmur2_random".into()),
        ("queue.buffering.max.messages", 0.into()),
    ]);
    assert_eq!(p.linger_ms, 0.5);
    assert!(p.enable_idempotence);
    assert_eq!(p.compression, kafka_sim::config::Compression::Lz4);
    assert_eq!(
        p.partitioner,
        kafka_sim::partitioner::Partitioner::Murmur2Random
    );
    assert_eq!(p.queue_buffering_max_messages, None, "0 is no limit");
}

#[test]
fn java_turns_idempotence_off_silently_unless_asked_for() {
    assert!(java_producer(&[]).enable_idempotence);
    assert!(!java_producer(&[("acks", 1.into())]).enable_idempotence);
    assert!(!java_producer(&[("retries", 0.into())]).enable_idempotence);
    assert!(
        !java_producer(&[("max.in.flight.requests.per.connection", 6.into())]).enable_idempotence
    );
    // librdkafka has it off by default and never turns it on by itself.
    assert!(!rd_producer(&[]).enable_idempotence);
}

#[test]
fn java_raises_an_unset_delivery_timeout_to_linger_plus_request_timeout() {
    let p = java_producer(&[("linger.ms", 100_000.into())]);
    assert_eq!(p.message_timeout_ms, 130_000);
    assert_eq!(java_producer(&[]).message_timeout_ms, 120_000);
}

#[test]
fn the_course_consumers() {
    let c = consumer(
        Profile::Librdkafka,
        &[
            ("bootstrap.servers", "localhost:9092".into()),
            ("group.id", "tdea".into()),
            ("auto.offset.reset", "earliest".into()),
            ("session.timeout.ms", 6000.into()),
            ("error_cb", cb("error_cb")),
        ],
    );
    assert_eq!(c.group_id.as_deref(), Some("tdea"));
    assert_eq!(c.auto_offset_reset, OffsetReset::Earliest);
    assert_eq!(c.session_timeout_ms, 6000);
    assert!(c.error_cb);
    let c = consumer(
        Profile::Librdkafka,
        &[
            ("auto.offset.reset", "smallest".into()),
            ("enable.auto.commit", false.into()),
            ("on_commit", cb("commit_completed")),
            ("security.protocol", "SASL_PLAINTEXT".into()),
            ("sasl.mechanism", "SCRAM-SHA-256".into()),
        ],
    );
    assert_eq!(c.auto_offset_reset, OffsetReset::Earliest);
    assert!(!c.enable_auto_commit);
    assert!(c.on_commit);
}

#[test]
fn rebalance_protocol_follows_the_assignors() {
    let protocol = |profile, list: &str| {
        consumer(profile, &[("partition.assignment.strategy", list.into())]).rebalance_protocol()
    };
    assert_eq!(
        consumer(Profile::Librdkafka, &[]).rebalance_protocol(),
        RebalanceProtocol::Eager
    );
    assert_eq!(
        protocol(Profile::Librdkafka, "cooperative-sticky"),
        RebalanceProtocol::Cooperative
    );
    assert_eq!(
        consumer(Profile::Java, &[]).rebalance_protocol(),
        RebalanceProtocol::Eager
    );
    assert_eq!(
        protocol(Profile::Java, "cooperative-sticky"),
        RebalanceProtocol::Cooperative
    );
    let java_sticky = consumer(
        Profile::Java,
        &[("partition.assignment.strategy", "sticky".into())],
    );
    assert_eq!(
        java_sticky.partition_assignment_strategy,
        [Strategy::Sticky]
    );
    assert_eq!(java_sticky.rebalance_protocol(), RebalanceProtocol::Eager);
}

#[test]
fn fetch_max_bytes_is_fitted_to_the_queue_and_message_size() {
    let c = consumer(
        Profile::Librdkafka,
        &[("queued.max.messages.kbytes", 1000.into())],
    );
    assert_eq!(c.fetch_max_bytes, 1_024_000);
    let c = consumer(
        Profile::Librdkafka,
        &[("queued.max.messages.kbytes", 1.into())],
    );
    assert_eq!(
        c.fetch_max_bytes, 1_000_000,
        "never below message.max.bytes"
    );
}
