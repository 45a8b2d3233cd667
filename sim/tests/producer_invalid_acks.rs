//! `acks=2`: librdkafka accepts any value up to 1000 (CONFIGURATION.md, `request.required.acks`
//! -1 .. 1000), but brokers since 0.11 take only -1, 0 and 1 (apache/kafka
//! `ReplicaManager.appendRecords`): the request is refused with INVALID_REQUIRED_ACKS, a
//! permanent error, so the message fails at once without a retry and nothing is written.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::config::Acks;
use kafka_sim::engine::{KafkaError, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

#[test]
fn the_broker_refuses_acks_2_and_the_message_fails() {
    let program = Program {
        body: vec![
            Stmt::Call(Call::Produce {
                line: 1,
                topic: "t".into(),
                partition: None,
                key: None,
                value: Payload::Text(vec![Part::Lit("v".into())]),
                callback: None,
            }),
            Stmt::Call(Call::Flush {
                line: 2,
                timeout_ms: 10_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let scenario = Scenario {
        topics: vec![TopicSpec::new("t", 1, 3)],
        cluster: ClusterSpec::default(),
        producers: vec![ProducerSpec {
            settings: ProducerSettings {
                acks: Acks::Count(2),
                ..ProducerSettings::default()
            },
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    assert!(sim.run_until_done(10_000));
    let fate = &sim.accounting()[0];
    assert_eq!(fate.report_seen, Some(Err(KafkaError::InvalidRequiredAcks)));
    assert_eq!((fate.sends, fate.copies_in_log), (1, 0));
    let partition = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap();
    assert!(partition.logs.values().all(|log| log.end_offset() == 0));
}
