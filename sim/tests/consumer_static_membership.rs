//! Consumer_static_membership: a static member that closes (no LeaveGroup) and comes back
//! with the same `group.instance.id` within `session.timeout.ms` gets its partitions back
//! without a rebalance; the other member never notices.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::course::{consumer_static_membership, consumer_static_membership_config};
use kafka_sim::consumer::{CallbackKind, ClientEvent, LabEvent, Printed};

fn callbacks(lab: &kafka_sim::consumer::GroupLab, index: usize) -> Vec<(CallbackKind, Vec<i32>)> {
    printed(lab, index)
        .into_iter()
        .filter_map(|(_, p)| match p {
            Printed::Partitions {
                callback,
                partitions,
            } => Some((callback, partitions.iter().map(|tp| tp.partition).collect())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_static_member_back_within_its_session_keeps_its_partitions() {
    let mut lab = lab(17);
    let program = consumer_static_membership();
    let c1 = lab
        .start(&consumer_static_membership_config("c1"), &program)
        .unwrap();
    let c2 = lab
        .start(&consumer_static_membership_config("c2"), &program)
        .unwrap();
    lab.run_until(10_000);
    let before = assignments(&lab);
    let generation = lab.coordinator().group(GROUP).unwrap().generation();
    lab.interrupt(c1);
    lab.run_until(20_000);
    let left = lab.trace().iter().any(|e| {
        e.consumer == Some(c1) && matches!(e.event, LabEvent::Client(ClientEvent::LeaveSent { .. }))
    });
    assert!(!left, "a static member sends no LeaveGroup");
    let back = lab
        .start(&consumer_static_membership_config("c1"), &program)
        .unwrap();
    lab.run_until(40_000);
    assert_eq!(
        lab.coordinator().group(GROUP).unwrap().generation(),
        generation
    );
    let back_partitions: Vec<i32> = lab
        .consumer(back)
        .client
        .assignment()
        .iter()
        .map(|tp| tp.partition)
        .collect();
    assert_eq!(back_partitions, before[c1]);
    assert_eq!(
        callbacks(&lab, c2),
        [(CallbackKind::OnAssign, before[c2].clone())]
    );
    assert_eq!(
        callbacks(&lab, c1),
        [
            (CallbackKind::OnAssign, before[c1].clone()),
            (CallbackKind::OnRevoke, before[c1].clone())
        ]
    );
    assert_eq!(
        callbacks(&lab, back),
        [(CallbackKind::OnAssign, before[c1].clone())]
    );
}
