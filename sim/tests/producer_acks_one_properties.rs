//! acks=1 over random leader crashes: whenever the accounting says "lost", the broker did
//! acknowledge the message and no replica's log holds it any more; and the counts add up.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::config::Acks;
use kafka_sim::engine::{Command, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};
use proptest::prelude::*;

/// 30 messages on one partition, one every 200 ms, then `flush()`.
fn program() -> Program {
    Program {
        body: vec![
            Stmt::For {
                line: 1,
                count: 30,
                body: vec![
                    Stmt::Call(Call::Produce {
                        line: 2,
                        topic: "t".into(),
                        partition: None,
                        key: None,
                        value: Payload::Text(vec![Part::Lit("v".into()), Part::Index]),
                        callback: None,
                    }),
                    Stmt::Call(Call::Sleep { line: 3, ms: 200 }),
                ],
            },
            Stmt::Call(Call::Flush {
                line: 4,
                timeout_ms: 200_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    }
}

fn scenario(seed: u64, follower_delay_ms: u64) -> Scenario {
    Scenario {
        seed,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 3)],
        network: NetworkSpec {
            latency_ms: 2,
            jitter_ms: 3,
            links: Vec::new(),
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings {
                acks: Acks::One,
                ..ProducerSettings::default()
            },
            program: program(),
            start_at: Some(0),
        }],
        faults: (1..=3)
            .map(|broker| {
                let delay = Command::DelayFollower {
                    broker,
                    delay_ms: follower_delay_ms,
                };
                (0, delay)
            })
            .collect(),
        ..Scenario::default()
    }
}

/// Crashes the partition's leader of the moment after each gap, restarts it `down_for`
/// later, and lets everything settle with every broker up.
fn run(seed: u64, follower_delay_ms: u64, crashes: &[(u64, u64)]) -> Sim {
    let tp = TopicPartition::new("t", 0);
    let mut sim = Sim::new(scenario(seed, follower_delay_ms)).unwrap();
    for &(gap, down_for) in crashes {
        sim.run_until(sim.now() + gap);
        if let Some(leader) = sim.cluster().leader(&tp) {
            sim.apply(Command::CrashBroker { broker: leader });
            sim.run_until(sim.now() + down_for);
            sim.apply(Command::RestartBroker { broker: leader });
        }
    }
    sim.run_until(300_000);
    sim
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_lost_message_was_acknowledged_and_is_in_no_log(
        seed in 0..1_000u64,
        follower_delay_ms in 0..1_500u64,
        crashes in prop::collection::vec((100..3_000u64, 1_000..15_000u64), 1..4),
    ) {
        let sim = run(seed, follower_delay_ms, &crashes);
        let partition = sim.cluster().partition(&TopicPartition::new("t", 0)).unwrap();
        let fates = sim.accounting();
        for fate in fates.iter().filter(|f| f.lost) {
            prop_assert!(fate.acknowledged, "lost but never acknowledged: {fate:?}");
            prop_assert_eq!(fate.report_seen.map(|r| r.is_ok()), Some(true));
            for log in partition.logs.values() {
                prop_assert!(
                    log.records().iter().all(|r| r.message != fate.message),
                    "lost but still in a log: {:?}",
                    fate
                );
            }
        }
        let tally = sim.tally();
        let count = |f: fn(&kafka_sim::producer::MessageFate) -> bool| fates.iter().filter(|m| f(m)).count();
        prop_assert_eq!(tally.queued, 30);
        prop_assert_eq!(tally.reports_seen, 30, "flush serves every report");
        prop_assert_eq!(tally.in_log, count(|f| f.copies_in_log > 0));
        prop_assert_eq!(
            tally.acknowledged,
            tally.lost + count(|f| f.acknowledged && f.copies_in_log > 0),
            "every acknowledged message is in the log or lost"
        );
        prop_assert_eq!(tally.lost, count(|f| f.acknowledged && f.copies_in_log == 0));
    }
}
/// The property is not vacuous: slow followers and one leader crash lose acknowledged messages.
#[test]
fn slow_followers_and_a_leader_crash_lose_acknowledged_messages() {
    let tally = run(0, 1_400, &[(1_100, 5_000)]).tally();
    assert_eq!((tally.acknowledged, tally.in_log, tally.lost), (30, 25, 5));
}
