//! The course's "synchronous" send on librdkafka: produce() then flush() for each message.
//! flush() makes linger.ms immediate and blocks until the report is served, so each message
//! costs one full acks=all round trip and throughput is bound by it.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Event, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

#[test]
fn each_message_waits_for_its_own_round_trip() {
    let program = Program {
        body: vec![Stmt::For {
            line: 1,
            count: 5,
            body: vec![
                Stmt::Call(Call::Produce {
                    line: 2,
                    topic: "t".into(),
                    partition: None,
                    key: Some(vec![Part::Index]),
                    value: Payload::Text(vec![Part::Lit("msg_".into()), Part::Index]),
                    callback: None,
                }),
                Stmt::Call(Call::Flush {
                    line: 3,
                    timeout_ms: 10_000,
                }),
            ],
        }],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 3)],
        network: NetworkSpec {
            latency_ms: 2,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    assert!(sim.run_until_done(10_000));
    let sent_at: Vec<u64> = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::BatchSent { .. }))
        .map(|e| e.time)
        .collect();
    // The first message waits for the producer's first metadata (4 ms); no linger while
    // flushing; 8 ms per acks=all round trip (2 ms each way, one follower fetch to copy the
    // record and one to report it).
    assert_eq!(sent_at, vec![4, 12, 20, 28, 36]);
    assert_eq!(sim.now(), 44);
    assert_eq!(sim.tally().reports_seen, 5);
}
