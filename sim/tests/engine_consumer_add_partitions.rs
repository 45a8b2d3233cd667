//! CreatePartitions on a subscribed topic: `ak03.fourpartition` grows from 4 to 6 partitions
//! while two Consumer_01 instances (range) share it. Nothing changes until a consumer's
//! periodic metadata refresh (`topic.metadata.refresh.interval.ms`, 300000) sees the new
//! count; then the group rebalances once and the range assignor spreads all 6 partitions. The
//! other member's own refresh a second later makes it revoke and rejoin, but a real broker
//! does not rebalance again for it (its subscription did not change): the generation rises by
//! one. (librdkafka's mock cluster would rebalance again: it rebalances on every JoinGroup,
//! `rd_kafka_mock_cgrp_classic_member_add`; conformance/README.md.)

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::TopicPartition;
use kafka_sim::consumer::{CallbackKind, Printed};
use kafka_sim::engine::{Command, Event, MetadataReason, Process, Sim};

fn assignment(sim: &Sim, consumer: usize) -> Vec<TopicPartition> {
    sim.consumer(consumer).unwrap().client.assignment()
}

fn tps(partitions: &[i32]) -> Vec<TopicPartition> {
    partitions.iter().map(|&p| tp(p)).collect()
}

#[test]
fn the_next_metadata_refresh_rebalances_onto_the_new_partitions() {
    let mut scenario = scenario(1, 3, 2);
    scenario.consumers = vec![consumer(Some(0)), consumer(Some(5_000))];
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

    // Consumer 0 (the leader) sends its periodic Metadata request at 300000; the answer
    // shows 6 partitions and it rejoins. Consumer 1 hears of the rebalance from its next
    // heartbeat, and the leader assigns from its fresh metadata.
    sim.run_until(304_000);
    let metadata: Vec<(u64, &Event)> = sim
        .trace()
        .iter()
        .filter(|e| e.time >= 300_000)
        .filter(|e| {
            matches!(
                e.event,
                Event::MetadataRequested { .. } | Event::MetadataAnswered { .. }
            )
        })
        .map(|e| (e.time, &e.event))
        .collect();
    let periodic = MetadataReason::Periodic;
    assert_eq!(
        metadata,
        [
            (
                300_000,
                &Event::MetadataRequested {
                    process: Process::Consumer(0),
                    broker: 1,
                    reason: periodic
                }
            ),
            (
                300_002,
                &Event::MetadataAnswered {
                    process: Process::Consumer(0),
                    broker: 1,
                    reason: periodic
                }
            ),
        ],
        "the refresh is a request on the network, answered a round trip later"
    );
    assert_eq!(assignment(&sim, 0), tps(&[3, 4, 5]));
    assert_eq!(assignment(&sim, 1), tps(&[0, 1, 2]));
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation + 1);

    sim.run_until(320_000);
    assert_eq!(assignment(&sim, 0), tps(&[3, 4, 5]));
    assert_eq!(assignment(&sim, 1), tps(&[0, 1, 2]));
    // Consumer 1's own refresh at 305000 sees the change too (its subscribed topics' counts
    // are its own, `rd_kafka_cgrp_update_subscribed_topics`): it revokes and rejoins. Its
    // range subscription is the same as before (generation -1, nothing owned), and it is
    // not the leader, so the Stable group answers its JoinGroup with the current generation
    // (apache/kafka `classicGroupJoinExistingMember`): no second rebalance.
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation + 1);
    let callbacks_after_refresh: Vec<(CallbackKind, Vec<i32>)> = sim
        .consumer_console(1)
        .filter(|(time, _, _)| *time >= 305_000)
        .filter_map(|(_, _, printed)| match printed {
            Printed::Partitions {
                callback,
                partitions,
            } => Some((
                *callback,
                partitions.iter().map(|tp| tp.partition).collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        callbacks_after_refresh,
        [
            (CallbackKind::OnRevoke, vec![0, 1, 2]),
            (CallbackKind::OnAssign, vec![0, 1, 2])
        ]
    );
}
