//! The producer programs the throughput bench measures and tests replay: keyed `produce()`
//! calls into ak03.fourpartition, each followed by `poll(0)` (and a sleep), or the same loop
//! into another topic.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

const FOUR_PARTITION_TOPIC: &str = "ak03.fourpartition";

/// One producer running `program` on a cluster of `brokers` with ak03.fourpartition (4 partitions).
pub fn scenario(program: Program, brokers: i32, replication: i32) -> Scenario {
    Scenario {
        cluster: ClusterSpec {
            brokers,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(FOUR_PARTITION_TOPIC, 4, replication)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

/// `count` keyed messages `msg_<i>`, each followed by `poll(0)` and a sleep of `pause_ms`,
/// then `flush()`.
pub fn send_loop(count: u64, pause_ms: u64) -> Program {
    keyed_loop(FOUR_PARTITION_TOPIC, "msg_", count, true, pause_ms)
}

/// `count` messages to `topic`, keyed by the loop index with values `<prefix><i>`, each followed
/// by `poll(0)` when `poll` and by a sleep of `pause_ms` when it is not 0, then `flush()`.
pub fn keyed_loop(topic: &str, prefix: &str, count: u64, poll: bool, pause_ms: u64) -> Program {
    let mut body = vec![Stmt::Call(Call::Produce {
        line: 2,
        topic: topic.into(),
        partition: None,
        key: Some(vec![Part::Index]),
        value: Payload::Text(vec![Part::Lit(prefix.into()), Part::Index]),
        callback: None,
    })];
    if poll {
        body.push(Stmt::Call(Call::Poll {
            line: 3,
            timeout_ms: 0,
        }));
    }
    if pause_ms > 0 {
        body.push(Stmt::Call(Call::Sleep {
            line: 4,
            ms: pause_ms,
        }));
    }
    Program {
        body: vec![
            Stmt::For {
                line: 1,
                count,
                body,
            },
            Stmt::Call(Call::Flush {
                line: 5,
                timeout_ms: 60_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    }
}
