//! The leader of a partition crashes while a producer writes and a consumer reads: the
//! consumer's requests to it fail, and it fetches from the new leader once the controller
//! has elected one, with no record lost and none processed twice.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::engine::{Command, Event, KafkaError, Sim};

#[test]
fn fetching_moves_to_the_new_leader_without_loss_or_duplicates() {
    let mut scenario = scenario(5, 3, 3);
    scenario.consumers = vec![consumer(Some(0))];
    scenario.producers = vec![producer(60, 100, 5_000)];
    let sim = Sim::new(scenario.clone()).unwrap();
    let old_leader = sim.cluster().leader(&tp(0)).unwrap();
    scenario.faults = vec![(7_000, Command::CrashBroker { broker: old_leader })];
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(60_000);

    let new_leader = sim.cluster().leader(&tp(0)).unwrap();
    assert_ne!(new_leader, old_leader);
    let lost_fetches = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::ConsumerRequestFailed { consumer: 0, broker, error: KafkaError::Transport }
                    if broker == old_leader
            )
        })
        .count();
    assert!(
        lost_fetches > 0,
        "the crash broke the consumer's requests to the leader"
    );
    let mut total = 0;
    for p in 0..4 {
        let partition = sim.cluster().partition(&tp(p)).unwrap();
        let hw = partition.high_watermark();
        assert_eq!(
            hw,
            partition.log_end_offset(),
            "partition {p} is fully replicated"
        );
        let read: Vec<_> = processed(&sim, 0)
            .into_iter()
            .filter(|(t, _)| t.partition == p)
            .collect();
        let all: Vec<_> = (0..hw).map(|o| (tp(p), o)).collect();
        assert_eq!(read, all, "partition {p}: every offset once, in order");
        total += hw;
    }
    // Every produce() made it (retried to the new leader), and duplicates of a retried
    // batch would show as extra offsets.
    assert!(total >= 60, "{total} records in the logs");
    assert!(sim.consumer_accounting().duplicates().is_empty());
}
