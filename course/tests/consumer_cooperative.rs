//! Consumer_cooperative, built from its source: with cooperative-sticky, a second member
//! joining moves only what must move, in two rebalances: round one revokes two partitions
//! from the first member and hands everyone `on_assign([])`; round two assigns them to the
//! newcomer (and the first member `on_assign([])` again, vector `coop-join-1to2`), in the order
//! the sticky assignor listed them, `[1, 0]`, as librdkafka hands the received list on
//! (`rd_kafka_cgrp_handle_assignment_cooperative`). The first member never revokes the
//! partitions it keeps.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::CallbackKind;

#[test]
fn a_join_moves_only_what_must_move_in_two_rounds() {
    let cooperative = program("consumer-cooperative", "Consumer_cooperative.py");
    let mut lab = lab(19);
    let c1 = start(&mut lab, &cooperative);
    lab.run_until(10_000);
    let c2 = start(&mut lab, &cooperative);
    lab.run_until(30_000);
    let first = callbacks(&lab, c1);
    let second = callbacks(&lab, c2);
    assert_eq!(first[0], (CallbackKind::OnAssign, vec![0, 1, 2, 3]));
    let (CallbackKind::OnRevoke, revoked) = &first[1] else {
        panic!("c1 revokes in round one: {first:?}")
    };
    assert_eq!(revoked, &[0, 1]);
    assert_eq!(
        first[2..],
        [
            (CallbackKind::OnAssign, vec![]),
            (CallbackKind::OnAssign, vec![])
        ]
    );
    assert_eq!(
        second,
        [
            (CallbackKind::OnAssign, vec![]),
            (CallbackKind::OnAssign, vec![1, 0])
        ]
    );
    let kept: Vec<i32> = (0..4).filter(|p| !revoked.contains(p)).collect();
    // `assignment()` is sorted (`rd_kafka_assignment_add`).
    let now: Vec<i32> = lab
        .consumer(c1)
        .client
        .assignment()
        .iter()
        .map(|tp| tp.partition)
        .collect();
    assert_eq!(now, kept);
    // Two generations after the first one: the join, then the second round.
    assert_eq!(lab.coordinator().group(GROUP).unwrap().generation(), 3);
}
