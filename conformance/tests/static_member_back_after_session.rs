//! A static member (KIP-345, `group.instance.id`) closes and stays away longer than
//! `session.timeout.ms`: the coordinator drops it when the session runs out and the other
//! member takes every partition; when it comes back it joins as new and the group rebalances
//! again (librdkafka `rd_kafka_cgrp_leave_maybe`: no LeaveGroup for a static member; apache/kafka
//! `GroupCoordinator` session expiry). Mock and model agree callback for callback.

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

/// Away 10 s on the mock (session 4 s) and 9 s on the model (session 6 s, see
/// `model_consumer`): the rebalance that follows the session's end must finish before the
/// member comes back, and the mock's took over 3 s on a loaded machine (at 7 s away the member
/// came back in the middle of it, and the other member never held all four).
#[test]
fn the_other_member_takes_everything_then_gives_back_the_returning_members_share() {
    let expected = StaticReturn {
        held_before: tps(&[0, 1]),
        held_after_return: tps(&[0, 1]),
        other_callbacks: vec![
            GroupEvent::Revoked(tps(&[2, 3])),
            GroupEvent::Assigned(tps(&[0, 1, 2, 3])),
            GroupEvent::Revoked(tps(&[0, 1, 2, 3])),
            GroupEvent::Assigned(tps(&[2, 3])),
        ],
    };
    let mock = Mock::start(1);
    let real = static_member_returns(&mock, Duration::from_secs(10));
    assert_eq!(real, expected, "the mock");
    assert_eq!(
        model_consumer::static_member_returns(9_000),
        expected,
        "the model"
    );
}
