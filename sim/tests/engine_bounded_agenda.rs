//! The agenda does not grow with the number of messages: a fetch parked at the leader and
//! answered early by new data leaves no timer behind that would cut the next one short.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{ProducerSettings, course};

#[test]
fn a_long_producer_run_keeps_a_small_agenda() {
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(course::FOUR_PARTITION_TOPIC, 4, 3)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program: course::producer_05(200),
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    let mut largest = 0;
    while sim.now() < 700_000 && sim.step() {
        largest = largest.max(sim.scheduled());
    }
    // 8 follower fetches or parked-fetch timers, about 10 acks=all expiry timers (30 s, one
    // message every 3 s), about 20 client request timeouts (60 s), the program's and the ISR
    // check's timers. It grew with every message before parked fetches had their own ids.
    assert!(largest <= 45, "agenda grew to {largest}");
    assert_eq!(sim.tally().acknowledged, 200);
}
