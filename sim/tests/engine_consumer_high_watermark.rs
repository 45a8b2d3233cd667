//! RF 3 with a follower that fetches 10 s late: the leader holds records above the high
//! watermark back from the consumer, then delivers them once the high watermark moves.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::engine::{Command, Sim};

#[test]
fn a_consumer_reads_exactly_what_is_below_the_high_watermark() {
    let mut scenario = scenario(3, 3, 3);
    scenario.consumers = vec![consumer(Some(0))];
    scenario.producers = vec![producer(20, 0, 5_000)];
    let sim = Sim::new(scenario.clone()).unwrap();
    // A follower of partition 0, slowed down from the start.
    let p0 = sim.cluster().partition(&tp(0)).unwrap();
    let slow = p0.replicas[2];
    scenario.faults = vec![(
        0,
        Command::DelayFollower {
            broker: slow,
            delay_ms: 10_000,
        },
    )];
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(12_000);
    let mut held_back = 0;
    for p in 0..4 {
        let partition = sim.cluster().partition(&tp(p)).unwrap();
        let (hw, end) = (partition.high_watermark(), partition.log_end_offset());
        held_back += end - hw;
        let below_hw: Vec<_> = (0..hw).map(|o| (tp(p), o)).collect();
        let read: Vec<_> = processed(&sim, 0)
            .into_iter()
            .filter(|(t, _)| t.partition == p)
            .collect();
        assert_eq!(
            read, below_hw,
            "partition {p} at 12 s: hw {hw}, log end {end}"
        );
    }
    assert!(held_back > 0, "some records wait above the high watermark");
    sim.run_until(40_000);
    for p in 0..4 {
        let end = sim.cluster().partition(&tp(p)).unwrap().log_end_offset();
        let read: Vec<_> = processed(&sim, 0)
            .into_iter()
            .filter(|(t, _)| t.partition == p)
            .collect();
        let all: Vec<_> = (0..end).map(|o| (tp(p), o)).collect();
        assert_eq!(read, all, "partition {p} at 40 s");
    }
    let total: i64 = (0..4)
        .map(|p| sim.cluster().partition(&tp(p)).unwrap().log_end_offset())
        .sum();
    assert_eq!(total, 20);
}
