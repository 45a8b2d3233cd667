//! Consumer_01: one to five instances join `ak03.fourpartition` in group `tdea` and get the
//! slides' range assignments; each one that stops gives its partitions back.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::course::{consumer_01, consumer_01_config};
use kafka_sim::consumer::{CallbackKind, Printed};

#[test]
fn five_instances_join_and_leave_with_the_slides_assignments() {
    let mut lab = lab(1);
    let expected_joins: [&[&[i32]]; 5] = [
        &[&[0, 1, 2, 3]],
        &[&[0, 1], &[2, 3]],
        &[&[0, 1], &[2], &[3]],
        &[&[0], &[1], &[2], &[3]],
        &[&[], &[0], &[1], &[2], &[3]],
    ];
    for (n, expected) in expected_joins.iter().enumerate() {
        lab.start(&consumer_01_config(), &consumer_01()).unwrap();
        lab.run_until(lab.now() + 20_000);
        assert_eq!(assignment_shape(&lab), *expected, "after {} joined", n + 1);
    }
    // The member left out printed an empty assignment, as the slide shows.
    let empty = (
        30,
        Printed::Partitions {
            callback: CallbackKind::OnAssign,
            partitions: vec![],
        },
    );
    let printed_empty = (0..5).filter(|&i| printed(&lab, i).contains(&empty));
    assert_eq!(printed_empty.count(), 1);
    let expected_leaves: [&[&[i32]]; 4] = [
        &[&[0], &[1], &[2], &[3]],
        &[&[0, 1], &[2], &[3]],
        &[&[0, 1], &[2, 3]],
        &[&[0, 1, 2, 3]],
    ];
    for (n, expected) in expected_leaves.iter().enumerate() {
        lab.interrupt(4 - n);
        lab.run_until(lab.now() + 20_000);
        assert_eq!(assignment_shape(&lab), *expected, "after {} left", n + 1);
    }
}
