//! The same scenario and seed give the same trace, byte for byte as JSON Lines, with
//! producers, consumers, a broker crash and a consumer killed.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::engine::{Command, Scenario, Sim};

fn run(scenario: &Scenario) -> Vec<String> {
    let mut sim = Sim::new(scenario.clone()).unwrap();
    sim.run_until(45_000);
    sim.trace()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect()
}

#[test]
fn same_seed_same_trace() {
    let mut scenario = scenario(11, 3, 3);
    scenario.network.jitter_ms = 3;
    scenario.consumers = vec![consumer(Some(0)), consumer(Some(1_000)), consumer(None)];
    scenario.producers = vec![producer(30, 200, 4_000)];
    scenario.faults = vec![
        (6_000, Command::CrashBroker { broker: 2 }),
        (8_000, Command::StartConsumer { consumer: 2 }),
        (12_000, Command::KillConsumer { consumer: 1 }),
        (20_000, Command::RestartBroker { broker: 2 }),
    ];
    let first = run(&scenario);
    assert_eq!(first, run(&scenario));
    assert!(first.iter().any(|l| l.contains("ConsumerKilled")));
    assert!(first.iter().any(|l| l.contains("\"Consumer\":2")));
    scenario.seed = 12;
    assert_ne!(
        first,
        run(&scenario),
        "another seed draws other jitter and member ids"
    );
}
