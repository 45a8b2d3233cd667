//! Consumer_01, built from its source: one to five instances join `ak03.fourpartition` in
//! group `tdea` and get the slides' range assignments (seed 000); each one that stops gives
//! its partitions back.

mod consumer_common;

use consumer_common::*;

#[test]
fn five_instances_join_and_leave_with_the_slides_assignments() {
    let consumer_01 = program("consumer-01-cgroup", "Consumer_01_Cgroup.py");
    let mut lab = lab(1);
    let expected_joins: [&[&[i32]]; 5] = [
        &[&[0, 1, 2, 3]],
        &[&[0, 1], &[2, 3]],
        &[&[0, 1], &[2], &[3]],
        &[&[0], &[1], &[2], &[3]],
        &[&[], &[0], &[1], &[2], &[3]],
    ];
    for (n, expected) in expected_joins.iter().enumerate() {
        start(&mut lab, &consumer_01);
        lab.run_until(lab.now() + 20_000);
        assert_eq!(assignment_shape(&lab), *expected, "after {} joined", n + 1);
    }
    // The slides' console lines: the first instance's first assignment, and the member
    // left out printing an empty list.
    assert_eq!(
        console(&lab, 0)[..2],
        [
            "Start listen incoming messages ...",
            "Setting newly assigned partitions: [ak03.fourpartition-0, ak03.fourpartition-1, ak03.fourpartition-2, ak03.fourpartition-3]",
        ]
    );
    let empty = "Setting newly assigned partitions: []".to_owned();
    let printed_empty = (0..5).filter(|&i| console(&lab, i).last() == Some(&empty));
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
