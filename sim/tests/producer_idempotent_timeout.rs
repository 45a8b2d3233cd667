//! An idempotent producer whose queued message times out starts a new epoch: the message
//! leaves a gap in the partition's sequence, which the broker would refuse with
//! OUT_OF_ORDER_SEQUENCE_NUMBER, so librdkafka bumps the epoch once nothing is in flight
//! (`rd_kafka_toppar_producer_serve`: "message(s) timed out", `rd_kafka_idemp_drain_epoch_bump`)
//! and numbers the next messages from 0 in it (`rd_kafka_toppar_pid_change`), which the broker
//! accepts (apache/kafka `ProducerAppendInfo.checkSequence`: a new epoch starts at 0).

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

fn produce() -> Stmt {
    Stmt::Call(Call::Produce {
        line: 1,
        topic: "t".into(),
        key: Some(vec![Part::Lit("k".into())]),
        value: Payload::Text(vec![Part::Lit("v".into())]),
        callback: None,
    })
}

fn sleep(ms: u64) -> Stmt {
    Stmt::Call(Call::Sleep { line: 2, ms })
}

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
            Stmt::Call(Call::Flush {
                line: 3,
                timeout_ms: 30_000,
            }),
        ],
        callbacks: Vec::new(),
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
    let served: Vec<(u64, i64, Option<KafkaError>)> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.event {
            Event::DeliveryReportServed {
                message,
                offset,
                error,
                ..
            } => Some((message.number, offset, error)),
            _ => None,
        })
        .collect();
    assert_eq!(
        served,
        vec![
            (0, 0, None),
            (1, -1001, Some(KafkaError::MsgTimedOut)),
            (2, 1, None)
        ]
    );
    let partition = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap();
    let records = partition.leader_log().unwrap().records();
    let stamps: Vec<(u64, i16, i32)> = records
        .iter()
        .map(|r| {
            (
                r.message.number,
                r.stamp.unwrap().producer_epoch,
                r.sequence,
            )
        })
        .collect();
    assert_eq!(stamps, vec![(0, 0, 0), (2, 1, 0)]);
    let failed = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::BatchFailed { .. }))
        .count();
    assert_eq!(failed, 0);
}
