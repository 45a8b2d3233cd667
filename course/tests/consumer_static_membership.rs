//! Consumer_static_membership, built from its source and started as `python
//! Consumer_static_membership.py c1` and `c2`: a static member that closes (no LeaveGroup)
//! and comes back with the same `group.instance.id` within `session.timeout.ms` gets its
//! partitions back without a rebalance; the other member never notices.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::{CallbackKind, ClientEvent};
use kafka_sim_testkit::LabEvent;

#[test]
fn a_static_member_back_within_its_session_keeps_its_partitions() {
    let (id, file) = (
        "consumer-static-membership",
        "Consumer_static_membership.py",
    );
    let instance = |name| program_with_args(id, file, &[name]);
    assert_eq!(
        instance("c1").config.group_instance_id.as_deref(),
        Some("c1")
    );
    let mut lab = lab(17);
    let c1 = start(&mut lab, &instance("c1"));
    let c2 = start(&mut lab, &instance("c2"));
    lab.run_until(10_000);
    let before = assignments(&lab);
    let generation = lab.coordinator().group(GROUP).unwrap().generation();
    lab.interrupt(c1);
    lab.run_until(20_000);
    let left = lab.trace().iter().any(|e| {
        e.consumer == Some(c1) && matches!(e.event, LabEvent::Client(ClientEvent::LeaveSent { .. }))
    });
    assert!(!left, "a static member sends no LeaveGroup");
    let back = start(&mut lab, &instance("c1"));
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
