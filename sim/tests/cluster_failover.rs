//! Replication and failover: the controller fences a crashed leader after
//! `broker.session.timeout.ms` and elects the first in-sync replica; a follower that stops
//! catching up leaves the ISR after `replica.lag.time.max.ms` and rejoins once it has caught
//! up to the high watermark.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, Scenario, Sim};

fn sim() -> Sim {
    let scenario = Scenario {
        seed: 5,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 3, 3)],
        ..Scenario::default()
    };
    Sim::new(scenario).unwrap()
}

fn events(sim: &Sim, f: impl Fn(&Event) -> bool) -> Vec<(u64, Event)> {
    sim.trace()
        .iter()
        .filter(|e| f(&e.event))
        .map(|e| (e.time, e.event.clone()))
        .collect()
}

#[test]
fn replicas_are_spread_with_a_different_leader_per_partition() {
    let sim = sim();
    let leaders: Vec<i32> = (0..3)
        .map(|p| sim.cluster().leader(&TopicPartition::new("t", p)).unwrap())
        .collect();
    let mut sorted = leaders.clone();
    sorted.sort();
    assert_eq!(sorted, vec![1, 2, 3]);
}

#[test]
fn a_crashed_leader_is_replaced_by_an_in_sync_replica_after_fencing() {
    let mut sim = sim();
    let tp = TopicPartition::new("t", 0);
    let old = sim.cluster().leader(&tp).unwrap();
    let expected = sim.cluster().partition(&tp).unwrap().replicas[1];
    sim.run_until(1_000);
    sim.apply(Command::CrashBroker { broker: old });
    sim.run_until(9_999);
    assert_eq!(sim.cluster().leader(&tp), Some(old), "not yet noticed");
    sim.run_until(10_000);
    assert_eq!(sim.cluster().leader(&tp), Some(expected));
    let p = sim.cluster().partition(&tp).unwrap();
    assert_eq!(p.leader_epoch, 1);
    assert!(!p.isr.contains(&old));
    let elected = events(
        &sim,
        |e| matches!(e, Event::LeaderElected { tp: t, .. } if t.partition == 0),
    );
    assert_eq!(
        elected,
        vec![(
            10_000,
            Event::LeaderElected {
                tp: tp.clone(),
                leader: expected,
                epoch: 1
            }
        )]
    );
    sim.apply(Command::RestartBroker { broker: old });
    sim.run_until(12_000);
    let p = sim.cluster().partition(&tp).unwrap();
    assert_eq!(p.leader, Some(expected), "no preferred-leader election");
    assert!(
        p.isr.contains(&old),
        "the restarted broker catches up and rejoins"
    );
}

#[test]
fn a_slow_follower_leaves_the_isr_and_comes_back() {
    let mut sim = sim();
    let tp = TopicPartition::new("t", 0);
    let follower = sim.cluster().partition(&tp).unwrap().replicas[2];
    sim.apply(Command::DelayFollower {
        broker: follower,
        delay_ms: 100_000,
    });
    sim.run_until(60_000);
    let shrunk = events(
        &sim,
        |e| matches!(e, Event::IsrShrunk { tp: t, .. } if t.partition == 0),
    );
    // It last fetched (caught up, the log being empty) at 0 ms and fetches next at 100.5 s;
    // the ISR check runs every 15 s and removes it at 45 s, the first check more than 30 s
    // after it last caught up.
    assert_eq!(
        shrunk,
        vec![(
            45_000,
            Event::IsrShrunk {
                tp: tp.clone(),
                broker: follower
            }
        )]
    );
    sim.apply(Command::DelayFollower {
        broker: follower,
        delay_ms: 0,
    });
    sim.run_until(100_000);
    assert!(
        !sim.cluster()
            .partition(&tp)
            .unwrap()
            .isr
            .contains(&follower)
    );
    sim.run_until(101_000);
    assert!(
        sim.cluster()
            .partition(&tp)
            .unwrap()
            .isr
            .contains(&follower)
    );
}
