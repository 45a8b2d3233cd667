//! acks=1: the leader answers as soon as it has written the batch. If it dies before its
//! followers copied the batch, a follower becomes leader without it, the old leader truncates
//! it when it comes back, and the accounting reports an acknowledged message as lost.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::config::Acks;
use kafka_sim::engine::{Command, Event, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

fn scenario(acks: Acks) -> Scenario {
    let program = Program {
        body: vec![
            Stmt::Call(Call::Produce {
                line: 1,
                topic: "t".into(),
                partition: None,
                key: None,
                value: Payload::Text(vec![Part::Lit("m".into())]),
                callback: None,
            }),
            Stmt::Call(Call::Flush {
                line: 2,
                timeout_ms: 60_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let settings = ProducerSettings {
        acks,
        ..ProducerSettings::default()
    };
    Scenario {
        seed: 3,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 3)],
        producers: vec![ProducerSpec {
            settings,
            program,
            start_at: Some(600),
        }],
        ..Scenario::default()
    }
}

/// Slows both followers (their parked empty fetches return at 502 ms, the next ones go out
/// at 1502 ms), produces at 600 ms, crashes the leader at 700 ms with only its own copy, and
/// restarts it after the failover.
fn run(acks: Acks) -> Sim {
    let mut sim = Sim::new(scenario(acks)).unwrap();
    let tp = TopicPartition::new("t", 0);
    let leader = sim.cluster().leader(&tp).unwrap();
    for follower in sim.cluster().partition(&tp).unwrap().replicas.clone() {
        if follower != leader {
            sim.apply(Command::DelayFollower {
                broker: follower,
                delay_ms: 1_000,
            });
        }
    }
    sim.run_until(700);
    sim.apply(Command::CrashBroker { broker: leader });
    sim.run_until(20_000);
    sim.apply(Command::RestartBroker { broker: leader });
    sim.run_until(40_000);
    sim
}

#[test]
fn an_acknowledged_message_is_lost_after_the_leader_dies() {
    let sim = run(Acks::One);
    let tally = sim.tally();
    assert_eq!(
        (tally.queued, tally.acknowledged, tally.reports_seen),
        (1, 1, 1)
    );
    assert_eq!((tally.in_log, tally.lost), (0, 1));
    let fate = &sim.accounting()[0];
    assert_eq!(
        fate.report_seen,
        Some(Ok(0)),
        "the program was told offset 0"
    );
    let truncated = sim
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::LogTruncated { removed, .. } if removed.len() == 1));
    assert!(truncated, "the restarted old leader drops the record");
    let p = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap();
    assert!(p.logs.values().all(|log| log.end_offset() == 0));
}

#[test]
fn with_acks_all_the_same_crash_loses_nothing_acknowledged() {
    let sim = run(Acks::All);
    let tally = sim.tally();
    assert_eq!(tally.lost, 0);
    assert_eq!(tally.in_log, 1, "retried to the new leader");
    assert_eq!(tally.acknowledged, 1);
    assert_eq!(sim.accounting()[0].sends, 2);
}
