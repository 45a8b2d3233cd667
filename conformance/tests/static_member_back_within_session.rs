//! A static member (KIP-345, `group.instance.id`) closes and comes back within
//! `session.timeout.ms`. Closing sends no LeaveGroup (librdkafka `rd_kafka_cgrp_leave_maybe`),
//! so it is still a member: a real broker hands the returning instance its old assignment
//! without a rebalance (apache/kafka `GroupMetadataManager`
//! `updateStaticMemberThenRebalanceOrCompleteJoin`), and so does the model. librdkafka's mock
//! rebalances the group instead (`mock-cluster-notes.md`): the test asserts both, so that it
//! notices if the mock changes.

use kafka_lab_conformance::member::GroupEvent;
use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_consumer;
use kafka_lab_conformance::observe::{StaticReturn, static_member_returns};
use kafka_sim::TopicPartition;
use std::time::Duration;

fn tps(partitions: &[i32]) -> Vec<TopicPartition> {
    partitions
        .iter()
        .map(|&p| TopicPartition::new("ak03.static", p))
        .collect()
}

#[test]
fn the_returning_member_gets_its_partitions_and_only_the_mock_rebalances() {
    let mock = Mock::start(1);
    let real = static_member_returns(&mock, Duration::ZERO);
    let model = model_consumer::static_member_returns(0);
    assert_eq!(
        real,
        StaticReturn {
            held_before: tps(&[0, 1]),
            held_after_return: tps(&[0, 1]),
            other_callbacks: vec![
                GroupEvent::Revoked(tps(&[2, 3])),
                GroupEvent::Assigned(tps(&[2, 3])),
            ],
        },
        "the mock"
    );
    assert_eq!(
        model,
        StaticReturn {
            held_before: tps(&[0, 1]),
            held_after_return: tps(&[0, 1]),
            other_callbacks: Vec::new(),
        },
        "the model"
    );
}
