//! Properties over random fault timelines: with enable.idempotence=true and acks=all no
//! acknowledged message is lost, duplicated or reordered while min.insync.replicas holds (at
//! most one of three brokers down at a time, min.insync.replicas=2); and the same seed gives
//! the same trace.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};
use proptest::prelude::*;

fn program() -> Program {
    Program {
        body: vec![
            Stmt::For {
                line: 1,
                count: 40,
                body: vec![
                    Stmt::Call(Call::Produce {
                        line: 2,
                        topic: "t".into(),
                        partition: None,
                        key: Some(vec![Part::Lit("k".into()), Part::Index]),
                        value: Payload::Text(vec![Part::Lit("v".into()), Part::Index]),
                        callback: None,
                    }),
                    Stmt::Call(Call::Poll {
                        line: 3,
                        timeout_ms: 0,
                    }),
                    Stmt::Call(Call::Sleep { line: 4, ms: 250 }),
                ],
            },
            Stmt::Call(Call::Flush {
                line: 5,
                timeout_ms: 200_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    }
}

fn scenario(seed: u64, settings: ProducerSettings, faults: Vec<(u64, Command)>) -> Scenario {
    Scenario {
        seed,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec {
            min_insync_replicas: 2,
            ..TopicSpec::new("t", 2, 3)
        }],
        network: NetworkSpec {
            latency_ms: 2,
            jitter_ms: 3,
            links: Vec::new(),
        },
        producers: vec![ProducerSpec {
            settings,
            program: program(),
            start_at: Some(0),
        }],
        faults,
        ..Scenario::default()
    }
}

/// Crash-and-restart episodes of one broker at a time, plus dropped responses and slow
/// followers anywhere.
fn timelines() -> impl Strategy<Value = Vec<(u64, Command)>> {
    let episodes = prop::collection::vec((1..=3i32, 500..15_000u64), 0..3);
    let drops = prop::collection::vec((1..=3i32, 0..12_000u64), 0..4);
    let delays = prop::collection::vec((1..=3i32, 0..12_000u64, 0..2_000u64), 0..3);
    (episodes, drops, delays).prop_map(|(episodes, drops, delays)| {
        let mut faults = Vec::new();
        let mut at = 0;
        for (broker, down_for) in episodes {
            at += 1_000;
            faults.push((at, Command::CrashBroker { broker }));
            at += down_for;
            faults.push((at, Command::RestartBroker { broker }));
        }
        faults.extend(
            drops
                .into_iter()
                .map(|(broker, t)| (t, Command::DropNextResponse { broker })),
        );
        faults.extend(
            delays
                .into_iter()
                .map(|(broker, t, delay_ms)| (t, Command::DelayFollower { broker, delay_ms })),
        );
        faults
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn idempotent_acks_all_never_loses_duplicates_or_reorders(seed in 0..1_000u64, faults in timelines()) {
        // The scenario's network jitters; its links still answer in order, as TCP does.
        let mut sim = Sim::new(scenario(seed, ProducerSettings::idempotent(), faults)).unwrap();
        sim.run_until(250_000);
        for fate in sim.accounting().iter().filter(|f| f.acknowledged) {
            prop_assert!(!fate.lost, "lost {fate:?}");
            prop_assert!(!fate.duplicated, "duplicated {fate:?}");
            prop_assert!(!fate.out_of_order, "reordered {fate:?}");
        }
        let tally = sim.tally();
        prop_assert_eq!(tally.queued, 40);
        prop_assert_eq!(tally.reports_seen, 40, "flush serves every report");
    }

    #[test]
    fn the_same_seed_gives_the_same_trace(seed in 0..1_000u64, faults in timelines()) {
        let settings = ProducerSettings::default();
        let mut a = Sim::new(scenario(seed, settings.clone(), faults.clone())).unwrap();
        let mut b = Sim::new(scenario(seed, settings, faults)).unwrap();
        a.run_until(60_000);
        b.run_until(60_000);
        prop_assert_eq!(a.trace(), b.trace());
    }
}
