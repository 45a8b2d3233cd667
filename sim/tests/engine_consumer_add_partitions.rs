//! CreatePartitions on a subscribed topic: `ak03.fourpartition` grows from 4 to 6 partitions
//! while two Consumer_01 instances (range) share it. Nothing changes until a consumer's
//! periodic metadata refresh (`topic.metadata.refresh.interval.ms`, 300000) sees the new
//! count; then the group rebalances and the range assignor spreads all 6 partitions.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::TopicPartition;
use kafka_sim::engine::{Command, Event, Sim};

fn assignment(sim: &Sim, consumer: usize) -> Vec<TopicPartition> {
    sim.consumer(consumer).unwrap().client.assignment()
}

fn tps(partitions: &[i32]) -> Vec<TopicPartition> {
    partitions.iter().map(|&p| tp(p)).collect()
}

#[test]
fn the_next_metadata_refresh_rebalances_onto_the_new_partitions() {
    let mut scenario = scenario(1, 3, 2);
    scenario.consumers = vec![consumer(Some(0)), consumer(Some(1_000))];
    scenario.faults = vec![(
        60_000,
        Command::AddPartitions {
            topic: TOPIC.to_string(),
            count: 6,
        },
    )];
    let mut sim = Sim::new(scenario).unwrap();

    sim.run_until(59_999);
    // Range orders the members by member id; consumer 1's sorts first.
    assert_eq!(assignment(&sim, 0), tps(&[2, 3]));
    assert_eq!(assignment(&sim, 1), tps(&[0, 1]));
    let generation = sim.group(GROUP).unwrap().generation();

    sim.run_until(60_000);
    assert_eq!(sim.cluster().partition_count(TOPIC), Some(6));
    for p in [4, 5] {
        let partition = sim.cluster().partition(&tp(p)).unwrap();
        assert_eq!(
            partition.replicas.len(),
            2,
            "the topic's replication factor"
        );
        assert_eq!(partition.leader, Some(partition.replicas[0]));
    }
    let added = sim.trace().iter().filter(|e| {
        e.event
            == Event::PartitionsAdded {
                topic: TOPIC.to_string(),
                count: 6,
            }
    });
    assert_eq!(added.count(), 1);

    sim.run_until(299_999);
    assert_eq!(assignment(&sim, 0), tps(&[2, 3]), "no refresh yet");
    assert_eq!(assignment(&sim, 1), tps(&[0, 1]));
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation);

    // Consumer 0 (the leader, its metadata now fresh) refreshes at 300000 and rejoins.
    sim.run_until(300_999);
    assert_eq!(assignment(&sim, 0), tps(&[3, 4, 5]));
    assert_eq!(assignment(&sim, 1), tps(&[0, 1, 2]));
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation + 1);

    sim.run_until(320_000);
    assert_eq!(assignment(&sim, 0), tps(&[3, 4, 5]));
    assert_eq!(assignment(&sim, 1), tps(&[0, 1, 2]));
    // Each member's own refresh sees the change (its subscribed topics' counts are its own,
    // `rd_kafka_cgrp_update_subscribed_topics`): consumer 0's at 300000, consumer 1's at
    // 301000, so the group rebalances twice.
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation + 2);
}
