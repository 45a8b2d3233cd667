//! Folding quiet follower fetch loops changes nothing observable: a run driven by
//! `run_until` (which folds) and the same run stepped item by item with `step` (which never
//! folds) have the same trace, the same cluster state (logs, high watermarks, ISR, what the
//! leaders know of their followers) and the same pending agenda at every checkpoint, across
//! latencies, link overrides, fetch waits, ISR lag limits (some shorter than a slowed
//! follower's round, so that a held partition leaves the ISR), follower delays, crashes,
//! restarts, new partitions, produces and direct appends. Fetch sessions and parked fetches are numbered differently (numbers the
//! model only compares for equality), so the cluster is compared without them.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, Partition, TopicSpec};
use kafka_sim::engine::{Command, NetworkSpec, NodeId, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{ProcessState, ProducerSettings, Program};
use proptest::prelude::*;
use send_loop::keyed_loop;

#[path = "../benches/support/send_loop.rs"]
#[allow(dead_code)]
mod send_loop;

/// `count` keyed messages to `t`, `pause_ms` apart, then `flush()`.
fn program(count: u64, pause_ms: u64) -> Program {
    keyed_loop("t", "m", count, false, pause_ms)
}

#[derive(Clone, Debug)]
struct Case {
    seed: u64,
    brokers: i32,
    partitions: i32,
    latency_ms: u64,
    slow_link: Option<u64>,
    wait_ms: u64,
    lag_ms: u64,
    acks_all: bool,
    messages: u64,
    pause_ms: u64,
    /// (time, action): 0 crash, 1 restart, 2 delay follower, 3 direct append, 4 a new
    /// partition.
    actions: Vec<(u64, u8, i32, u64)>,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        (0..1_000u64, 1..=4i32, 1..=3i32, 1..=3u64),
        (
            prop::option::of(2..=40u64),
            prop::sample::select(vec![7u64, 100, 500]),
            prop::sample::select(vec![30_000u64, 2_000, 700]),
        ),
        (any::<bool>(), 0..=6u64, 0..=3_000u64),
        prop::collection::vec((0..20_000u64, 0..5u8, 1..=4i32, 0..=1_500u64), 0..8),
    )
        .prop_map(
            |(
                (seed, brokers, partitions, latency_ms),
                (slow_link, wait_ms, lag_ms),
                (acks_all, messages, pause_ms),
                mut actions,
            )| {
                actions.sort();
                Case {
                    seed,
                    brokers,
                    partitions,
                    latency_ms,
                    slow_link,
                    wait_ms,
                    lag_ms,
                    acks_all,
                    messages,
                    pause_ms,
                    actions,
                }
            },
        )
}

fn sim(case: &Case) -> Sim {
    let links = case
        .slow_link
        .filter(|_| case.brokers > 1)
        .map(|ms| vec![(NodeId::Broker(1), NodeId::Broker(2), ms)])
        .unwrap_or_default();
    let mut settings = ProducerSettings::default();
    if !case.acks_all {
        settings.acks = kafka_sim::config::Acks::Count(1);
    }
    let scenario = Scenario {
        seed: case.seed,
        cluster: ClusterSpec {
            brokers: case.brokers,
            replica_fetch_wait_max_ms: case.wait_ms,
            replica_lag_time_max_ms: case.lag_ms,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", case.partitions, case.brokers.min(3))],
        network: NetworkSpec {
            latency_ms: case.latency_ms,
            jitter_ms: 0,
            links,
        },
        producers: vec![ProducerSpec {
            settings,
            program: program(case.messages, case.pause_ms),
            start_at: Some(300),
        }],
        ..Scenario::default()
    };
    Sim::new(scenario).expect("valid scenario")
}

/// The old `run_until`: every item stepped, none folded.
fn step_until(sim: &mut Sim, t: u64) {
    while sim.next_time().is_some_and(|at| at <= t) {
        sim.step();
    }
    sim.run_until(t);
}

fn act(sim: &mut Sim, case: &Case, kind: u8, broker: i32, arg: u64) {
    let broker = (broker - 1) % case.brokers + 1;
    match kind {
        0 => sim.apply(Command::CrashBroker { broker }),
        1 => sim.apply(Command::RestartBroker { broker }),
        2 => sim.apply(Command::DelayFollower {
            broker,
            delay_ms: arg,
        }),
        3 => {
            let tp = TopicPartition::new("t", (arg % case.partitions as u64) as i32);
            sim.append(&tp, None, Some(b"x".as_slice().into()));
        }
        _ => {
            let count = sim.cluster().partitions().len() as i32 + 1;
            sim.apply(Command::AddPartitions {
                topic: "t".into(),
                count,
            });
        }
    }
}

/// The cluster's partitions without the numbers of fetch sessions and parked fetches.
fn partitions(sim: &Sim) -> Vec<Partition> {
    sim.cluster()
        .partitions()
        .values()
        .map(|p| {
            let mut p = p.clone();
            p.parked
                .values_mut()
                .for_each(|f| (f.park, f.session) = (0, 0));
            p.sessions.values_mut().for_each(|s| *s = 0);
            p
        })
        .collect()
}

fn same(folded: &Sim, stepped: &Sim) -> Result<(), TestCaseError> {
    prop_assert_eq!(folded.now(), stepped.now());
    prop_assert_eq!(folded.trace(), stepped.trace());
    prop_assert_eq!(partitions(folded), partitions(stepped));
    prop_assert_eq!(folded.cluster().brokers(), stepped.cluster().brokers());
    prop_assert_eq!(folded.scheduled(), stepped.scheduled());
    prop_assert_eq!(folded.next_time(), stepped.next_time());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn folding_quiet_fetches_changes_nothing(case in cases()) {
        let (mut folded, mut stepped) = (sim(&case), sim(&case));
        for &(at, kind, broker, arg) in &case.actions {
            folded.run_until(at);
            step_until(&mut stepped, at);
            same(&folded, &stepped)?;
            act(&mut folded, &case, kind, broker, arg);
            act(&mut stepped, &case, kind, broker, arg);
        }
        let end = 30_000;
        let done = folded.run_until_done(end);
        let mut stepped_done = true;
        let finished = |sim: &Sim| {
            sim.producers().iter().all(|p| {
                matches!(p.state(), ProcessState::Finished | ProcessState::Crashed)
                    && p.client.is_empty()
            })
        };
        while !finished(&stepped) {
            if stepped.next_time().is_none_or(|at| at > end) {
                stepped_done = false;
                break;
            }
            stepped.step();
        }
        prop_assert_eq!(done, stepped_done);
        same(&folded, &stepped)?;
        folded.run_until(end);
        step_until(&mut stepped, end);
        same(&folded, &stepped)?;
    }
}
