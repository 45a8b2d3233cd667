//! A small toolkit for the producer tests on partition `t-0`: the program's statements, the
//! "follower down, then back" timeline on two brokers, and lookups into the leader's log and
//! the delivery reports the program served. Each test file uses part of it.
#![allow(dead_code)]

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

pub fn tp() -> TopicPartition {
    TopicPartition::new("t", 0)
}

/// `producer.produce('t', key='k', value='v')` at line 1.
pub fn produce() -> Stmt {
    Stmt::Call(Call::Produce {
        line: 1,
        topic: "t".into(),
        partition: None,
        key: Some(vec![Part::Lit("k".into())]),
        value: Payload::Text(vec![Part::Lit("v".into())]),
        callback: None,
    })
}

/// `time.sleep(...)` at line 2.
pub fn sleep(ms: u64) -> Stmt {
    Stmt::Call(Call::Sleep { line: 2, ms })
}

/// `producer.flush(30)` at line 3.
pub fn flush() -> Stmt {
    Stmt::Call(Call::Flush {
        line: 3,
        timeout_ms: 30_000,
    })
}

/// Two brokers, `min.insync.replicas=2`, 20 ms one way; `body` starts at `start_at` with
/// `settings` (the producer is created at 0 and sleeps until then, so that it has its
/// metadata before the follower, maybe broker 1, its bootstrap broker, goes down). The follower is down from 2000 until 15000 ms (out of the ISR at 11000, back in
/// at 15020 when its first fetch arrives); `after_restart` acts on it at 15000.
pub fn follower_outage(
    settings: ProducerSettings,
    body: Vec<Stmt>,
    start_at: u64,
    after_restart: impl FnOnce(&mut Sim, i32),
) -> Sim {
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
            settings,
            program: Program {
                body: [sleep(start_at)].into_iter().chain(body).collect(),
                callbacks: Vec::new(),
                error_cb: None,
            },
            start_at: Some(0),
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
    after_restart(&mut sim, follower);
    assert!(sim.run_until_done(60_000));
    sim
}

/// The message numbers in the leader's log, in offset order.
pub fn log_order(sim: &Sim) -> Vec<u64> {
    let partition = sim.cluster().partition(&tp()).unwrap();
    let log = partition.leader_log().unwrap();
    log.records().iter().map(|r| r.message.number).collect()
}

/// The leader's records as (message, producer epoch, sequence).
pub fn stamps(sim: &Sim) -> Vec<(u64, i16, i32)> {
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

/// Every request's failure, in order.
pub fn failures(sim: &Sim) -> Vec<KafkaError> {
    sim.trace()
        .iter()
        .filter_map(|e| match e.event {
            Event::BatchFailed { error, .. } => Some(error),
            _ => None,
        })
        .collect()
}

/// The delivery reports the program served: (message, offset, error).
pub fn reports(sim: &Sim) -> Vec<(u64, i64, Option<KafkaError>)> {
    sim.trace()
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
        .collect()
}
