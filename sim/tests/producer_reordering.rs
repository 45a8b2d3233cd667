//! Reordering without idempotence: with more than one request in flight, a first request the
//! leader refuses retriably (NOT_ENOUGH_REPLICAS while the follower is out of the ISR) and a
//! second one that arrives after the follower is back: the second is written, the first's
//! retry lands after it (librdkafka CONFIGURATION.md, `max.in.flight.requests.per.connection`:
//! "retries may cause reordering unless enable.idempotence"). The idempotent producer keeps
//! the order: the broker refuses the second batch's sequence number until the first is in
//! (KIP-98, OUT_OF_ORDER_SEQUENCE_NUMBER), and librdkafka drains, bumps its epoch and retries
//! both in order, numbered from 0 in the new epoch (`rd_kafka_handle_idempotent_Produce_error`,
//! "skipped sequence numbers": `rd_kafka_idemp_drain_epoch_bump`). Without message 0 first,
//! see producer_idempotent_first_batch.rs.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, NetworkSpec, ProducerSpec, Scenario, Sim};
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

/// Two brokers, `min.insync.replicas=2`, 20 ms one way. The program produces message 0 at
/// 1000 (written and acknowledged: the broker now knows the idempotent producer's sequence;
/// a broker takes any first sequence from a producer id it does not know, apache/kafka
/// `ProducerAppendInfo.checkSequence`, so without it the refused batch could be overtaken).
/// The follower is down from 2000 until 15000 ms (out of the ISR at 11000, back in at 15020
/// when its first fetch arrives). It then produces message 1 at 14990 (at the leader at
/// 15010: refused) and message 2 at 15005 (at the leader at 15025), with `linger.ms=0` so
/// each is its own request.
fn run(settings: ProducerSettings) -> Sim {
    let program = Program {
        body: vec![
            produce(),
            Stmt::Call(Call::Sleep {
                line: 2,
                ms: 13_990,
            }),
            produce(),
            Stmt::Call(Call::Sleep { line: 2, ms: 15 }),
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
            brokers: 2,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec {
            min_insync_replicas: 2,
            ..TopicSpec::new("t", 1, 2)
        }],
        network: NetworkSpec {
            latency_ms: 20,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings {
                linger_ms: 0,
                ..settings
            },
            program,
            start_at: Some(1_000),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    let p = sim.cluster().partition(&tp()).unwrap();
    let follower = p.replicas.iter().copied().find(|&b| Some(b) != p.leader);
    let follower = follower.expect("a follower");
    sim.run_until(2_000);
    sim.apply(Command::CrashBroker { broker: follower });
    sim.run_until(15_000);
    sim.apply(Command::RestartBroker { broker: follower });
    assert!(sim.run_until_done(60_000));
    sim
}

fn tp() -> TopicPartition {
    TopicPartition::new("t", 0)
}

/// The message numbers in the leader's log, in offset order.
fn log_order(sim: &Sim) -> Vec<u64> {
    let partition = sim.cluster().partition(&tp()).unwrap();
    let log = partition.leader_log().unwrap();
    log.records().iter().map(|r| r.message.number).collect()
}

/// The leader's records as (message, producer epoch, sequence).
fn stamps(sim: &Sim) -> Vec<(u64, i16, i32)> {
    let partition = sim.cluster().partition(&tp()).unwrap();
    let log = partition.leader_log().unwrap();
    log.records()
        .iter()
        .map(|r| {
            let epoch = r.stamp.expect("idempotent").producer_epoch;
            (r.message.number, epoch, r.sequence)
        })
        .collect()
}

fn refusals(sim: &Sim, error: KafkaError) -> usize {
    sim.trace()
        .iter()
        .filter(|e| matches!(e.event, Event::BatchFailed { error: e2, .. } if e2 == error))
        .count()
}

/// (acknowledged, out of order, duplicated, lost).
fn outcome(sim: &Sim) -> (usize, usize, usize, usize) {
    let t = sim.tally();
    (t.acknowledged, t.out_of_order, t.duplicated, t.lost)
}

#[test]
fn without_idempotence_the_retry_lands_after_a_later_message() {
    let sim = run(ProducerSettings::default());
    assert_eq!(refusals(&sim, KafkaError::NotEnoughReplicas), 1);
    assert_eq!(log_order(&sim), vec![0, 2, 1]);
    let fates = sim.accounting();
    assert_eq!(
        fates.iter().map(|f| f.out_of_order).collect::<Vec<_>>(),
        vec![false, true, false]
    );
    assert_eq!(outcome(&sim), (3, 1, 0, 0));
}

#[test]
fn with_idempotence_the_order_is_kept() {
    let sim = run(ProducerSettings::idempotent());
    assert_eq!(refusals(&sim, KafkaError::NotEnoughReplicas), 1);
    assert_eq!(refusals(&sim, KafkaError::OutOfOrderSequenceNumber), 1);
    assert_eq!(log_order(&sim), vec![0, 1, 2]);
    assert_eq!(stamps(&sim), vec![(0, 0, 0), (1, 1, 0), (2, 1, 1)]);
    assert_eq!(outcome(&sim), (3, 0, 0, 0));
}
