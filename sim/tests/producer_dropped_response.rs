//! A response lost after the broker wrote the batch: without idempotence the retry writes a
//! duplicate; with `enable.idempotence=true` the broker recognises the retried batch (same
//! producer id and sequence numbers) and answers with the original offset.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

fn run(settings: ProducerSettings) -> Sim {
    let program = Program {
        body: vec![
            Stmt::For {
                line: 1,
                count: 10,
                body: vec![
                    Stmt::Call(Call::Produce {
                        line: 2,
                        topic: "t".into(),
                        partition: None,
                        key: Some(vec![Part::Lit("k".into())]),
                        value: Payload::Text(vec![Part::Lit("v".into()), Part::Index]),
                        callback: None,
                    }),
                    Stmt::Call(Call::Sleep { line: 3, ms: 10 }),
                ],
            },
            Stmt::Call(Call::Flush {
                line: 4,
                timeout_ms: 30_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let scenario = Scenario {
        seed: 9,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 3)],
        producers: vec![ProducerSpec {
            settings,
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    let leader = sim.cluster().leader(&TopicPartition::new("t", 0)).unwrap();
    sim.run_until(32);
    sim.apply(Command::DropNextResponse { broker: leader });
    assert!(sim.run_until_done(60_000));
    sim
}

#[test]
fn without_idempotence_the_retry_writes_a_duplicate() {
    let sim = run(ProducerSettings::default());
    let tally = sim.tally();
    assert_eq!(tally.queued, 10);
    assert_eq!(tally.duplicated, 1);
    assert_eq!(tally.lost, 0);
    let log = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap()
        .leader_log()
        .unwrap();
    assert_eq!(log.end_offset(), 11);
    let dropped = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::ResponseDropped { .. }))
        .count();
    assert_eq!(dropped, 1);
}

#[test]
fn with_idempotence_the_broker_drops_the_duplicate() {
    let sim = run(ProducerSettings::idempotent());
    let tally = sim.tally();
    assert_eq!(
        (tally.duplicated, tally.out_of_order, tally.lost),
        (0, 0, 0)
    );
    assert_eq!(tally.reports_seen, 10);
    let log = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap()
        .leader_log()
        .unwrap();
    assert_eq!(log.end_offset(), 10);
    assert!(
        sim.trace()
            .iter()
            .any(|e| matches!(e.event, Event::DuplicateIgnored { .. }))
    );
    let offsets: Vec<i64> = sim
        .accounting()
        .iter()
        .map(|f| f.report_seen.unwrap().unwrap())
        .collect();
    assert_eq!(
        offsets,
        (0..10).collect::<Vec<i64>>(),
        "the retried message keeps its offset"
    );
}
