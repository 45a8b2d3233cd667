//! The broker coordinating group `tdea` crashes: the coordinator moves to the next live
//! broker with the group's state, the consumers' requests in flight are sent again there, and
//! the group goes on without a rebalance, committing on the new coordinator until the lag is 0.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::collect::VecMap;
use kafka_sim::coordinator;
use kafka_sim::engine::{Command, Event, KafkaError, Sim};

#[test]
fn the_group_survives_its_coordinator_crashing() {
    let mut scenario = scenario(9, 3, 3);
    scenario.consumers = vec![consumer(Some(0)), consumer(Some(0))];
    scenario.producers = vec![producer(40, 250, 8_000)];
    // "tdea" is in __consumer_offsets partition 34; 34 % 3 = 1: the second broker, id 2.
    assert_eq!(
        Sim::new(scenario.clone()).unwrap().coordinator_of(GROUP),
        Some(2)
    );
    scenario.faults = vec![(10_000, Command::CrashBroker { broker: 2 })];
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(9_999);
    let generation = sim.group(GROUP).unwrap().generation();
    assert_eq!(assignment_shape(&sim), [[0, 1], [2, 3]]);

    sim.run_until(60_000);
    assert_eq!(sim.coordinator_of(GROUP), Some(3));
    let group = sim.group(GROUP).unwrap();
    assert_eq!(group.generation(), generation, "no rebalance");
    assert_eq!(group.members().count(), 2);
    let failed_at_coordinator = sim.trace().iter().any(|e| {
        e.time == 10_000
            && matches!(
                e.event,
                Event::ConsumerRequestFailed {
                    broker: 2,
                    error: KafkaError::Transport,
                    ..
                }
            )
    });
    assert!(failed_at_coordinator);
    let commits_after = sim.trace().iter().any(|e| {
        e.time > 16_000
            && matches!(
                e.event,
                Event::Coordinator {
                    event: coordinator::Event::OffsetsCommitted { .. }
                }
            )
    });
    assert!(commits_after, "the new coordinator takes the commits");
    let ends: VecMap<_, _> = (0..4)
        .map(|p| {
            (
                tp(p),
                sim.cluster().partition(&tp(p)).unwrap().high_watermark(),
            )
        })
        .collect();
    assert_eq!(ends.values().sum::<i64>(), 40);
    assert_eq!(sim.committed(GROUP), ends);
    assert_eq!(
        sim.lag(GROUP, TOPIC),
        (0..4).map(|p| (tp(p), 0)).collect::<VecMap<_, _>>()
    );
    assert!(sim.consumer_accounting().duplicates().is_empty());
}
