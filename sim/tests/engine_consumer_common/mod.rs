//! Scenarios with producers and consumers in one `Sim`: Consumer_01's poll loop (with the
//! course's Python line numbers), its configuration, a producer program, and lookups into the
//! trace. Each test file uses part of it.
#![allow(dead_code)]

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::{Callbacks, Program, Stmt};
use kafka_sim::engine::{ConsumerSpec, Millis, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{self, Call, Part, Payload, ProducerSettings};

pub const TOPIC: &str = "ak03.fourpartition";
pub const GROUP: &str = "tdea";

pub fn tp(partition: i32) -> TopicPartition {
    TopicPartition::new(TOPIC, partition)
}

/// Consumer_01_Cgroup's configuration (`auto.offset.reset=earliest`, 6 s session).
pub fn consumer_01_config() -> ConsumerConfig {
    let text = |s: &str| ConfigValue::Str(s.to_string());
    let pairs = [
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text(GROUP)),
        ("auto.offset.reset", text("earliest")),
        ("session.timeout.ms", ConfigValue::Int(6000)),
    ];
    ConsumerConfig::from_pairs(Profile::Librdkafka, &pairs).unwrap()
}

/// Consumer_01_Cgroup: subscribe, then `consume(500, 1.0)` and print every record until
/// Ctrl+C; `close()` in `finally`. Line numbers as in the course's source.
pub fn consumer_01() -> Program {
    let loop_body = vec![
        Stmt::Consume {
            line: 60,
            num_messages: 500,
            timeout_ms: 1000,
        },
        Stmt::ForEachRecord {
            line: 61,
            body: vec![
                Stmt::RaiseIfError { line: 63 },
                Stmt::PrintRecord { line: 76 },
            ],
        },
    ];
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 53,
                topics: vec![TOPIC.to_string()],
            },
            Stmt::Try {
                line: 56,
                body: vec![
                    Stmt::PrintStart { line: 57 },
                    Stmt::Loop {
                        line: 58,
                        times: None,
                        body: loop_body,
                    },
                ],
                interrupt_line: 78,
                except_line: 80,
                finally: vec![Stmt::Close { line: 83 }],
            },
        ],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 30 }]),
            on_revoke: Some(vec![Stmt::PrintPartitions { line: 35 }]),
            ..Callbacks::default()
        },
        crash_after_records: None,
    }
}

pub fn consumer(start_at: Option<Millis>) -> ConsumerSpec {
    ConsumerSpec {
        config: consumer_01_config(),
        program: consumer_01(),
        start_at,
    }
}

/// `for i in range(count): produce(TOPIC, key=str(i), value=str(i)); sleep(gap)`, then
/// `flush()`: keyed records spread over the partitions.
pub fn producer(count: u64, gap_ms: Millis, start_at: Millis) -> ProducerSpec {
    let produce = producer::Stmt::Call(Call::Produce {
        line: 20,
        topic: TOPIC.to_string(),
        partition: None,
        key: Some(vec![Part::Index]),
        value: Payload::Text(vec![Part::Index]),
        callback: None,
    });
    let sleep = producer::Stmt::Call(Call::Sleep {
        line: 21,
        ms: gap_ms,
    });
    let program = producer::Program {
        body: vec![
            producer::Stmt::For {
                line: 19,
                count,
                body: vec![produce, sleep],
            },
            producer::Stmt::Call(Call::Flush {
                line: 22,
                timeout_ms: 60_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    ProducerSpec {
        settings: ProducerSettings::default(),
        program,
        start_at: Some(start_at),
    }
}

/// `brokers` brokers, the four-partition topic with replication factor `rf`.
pub fn scenario(seed: u64, brokers: i32, rf: i32) -> Scenario {
    Scenario {
        seed,
        cluster: ClusterSpec {
            brokers,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(TOPIC, 4, rf)],
        ..Scenario::default()
    }
}

/// The records consumer `consumer` processed, in order.
pub fn processed(sim: &Sim, consumer: usize) -> Vec<(TopicPartition, i64)> {
    sim.processed_by(consumer)
}

/// The partition numbers each running consumer is assigned, sorted by shape.
pub fn assignment_shape(sim: &Sim) -> Vec<Vec<i32>> {
    let mut all = sim.running_assignments();
    all.sort();
    all
}
