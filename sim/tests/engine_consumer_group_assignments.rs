//! Consumer_01 in one `Sim` with the cluster: one to five instances join `ak03.fourpartition`
//! in group `tdea` and get the slides' range assignments; each one that stops (Ctrl+C) gives
//! its partitions back.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::consumer::{CallbackKind, Printed};
use kafka_sim::engine::{Command, Sim};

#[test]
fn five_instances_join_and_leave_with_the_slides_assignments() {
    let mut scenario = scenario(1, 3, 1);
    scenario.consumers = (0..5).map(|n| consumer(Some(n * 20_000))).collect();
    scenario.faults = (0..4)
        .map(|n| {
            let at = 100_000 + n as u64 * 20_000;
            (at, Command::InterruptConsumer { consumer: 4 - n })
        })
        .collect();
    let mut sim = Sim::new(scenario).unwrap();
    let expected_joins: [&[&[i32]]; 5] = [
        &[&[0, 1, 2, 3]],
        &[&[0, 1], &[2, 3]],
        &[&[0, 1], &[2], &[3]],
        &[&[0], &[1], &[2], &[3]],
        &[&[], &[0], &[1], &[2], &[3]],
    ];
    for (n, expected) in expected_joins.iter().enumerate() {
        sim.run_until(n as u64 * 20_000 + 19_999);
        assert_eq!(assignment_shape(&sim), *expected, "after {} joined", n + 1);
    }
    let empty = Printed::Partitions {
        callback: CallbackKind::OnAssign,
        partitions: vec![],
    };
    let printed_empty = (0..5).filter(|&i| {
        sim.consumer_console(i)
            .any(|(_, line, printed)| line == 30 && *printed == empty)
    });
    assert_eq!(printed_empty.count(), 1);
    let expected_leaves: [&[&[i32]]; 4] = [
        &[&[0], &[1], &[2], &[3]],
        &[&[0, 1], &[2], &[3]],
        &[&[0, 1], &[2, 3]],
        &[&[0, 1, 2, 3]],
    ];
    for (n, expected) in expected_leaves.iter().enumerate() {
        sim.run_until(100_000 + n as u64 * 20_000 + 19_999);
        assert_eq!(assignment_shape(&sim), *expected, "after {} left", n + 1);
    }
    let group = sim.group(GROUP).unwrap();
    assert_eq!(group.members().count(), 1);
    assert_eq!(group.generation(), 9);
}
