//! An idempotent producer whose queued message times out starts a new epoch: the message
//! leaves a gap in the partition's sequence, which the broker would refuse with
//! OUT_OF_ORDER_SEQUENCE_NUMBER, so librdkafka bumps the epoch once nothing is in flight
//! (`rd_kafka_toppar_producer_serve`: "message(s) timed out", `rd_kafka_idemp_drain_epoch_bump`)
//! and numbers the next messages from 0 in it (`rd_kafka_toppar_pid_change`), which the broker
//! accepts (apache/kafka `ProducerAppendInfo.checkSequence`: a new epoch starts at 0).

mod producer_common;

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{ProducerSettings, Program};
use producer_common::*;

/// One broker, `message.timeout.ms=5000`. Message 0 at 0 (acknowledged); the broker is down
/// from 1000 to 8000; message 1 at 2000 waits in the queue and times out at 7000; message 2
/// at 9000; then `flush()`.
fn run() -> Sim {
    let program = Program {
        body: vec![
            produce(),
            sleep(2_000),
            produce(),
            sleep(7_000),
            produce(),
            flush(),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 1)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings {
                message_timeout_ms: 5_000,
                ..ProducerSettings::idempotent()
            },
            program,
            start_at: Some(0),
        }],
        faults: vec![
            (1_000, Command::CrashBroker { broker: 1 }),
            (8_000, Command::RestartBroker { broker: 1 }),
        ],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    assert!(sim.run_until_done(60_000));
    sim
}

#[test]
fn the_message_after_a_timeout_is_sequence_0_of_a_new_epoch() {
    let sim = run();
    let served = reports(&sim);
    assert_eq!(
        served,
        vec![
            (0, 0, None),
            (1, -1001, Some(KafkaError::MsgTimedOut)),
            (2, 1, None)
        ]
    );
    assert_eq!(stamps(&sim), vec![(0, 0, 0), (2, 1, 0)]);
    let failed = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::BatchFailed { .. }))
        .count();
    assert_eq!(failed, 0);
}
