//! Consumer_02: a crash between two auto-commits means the restarted instance processes
//! again what the crashed one had processed.

mod lesson_common;

use course::lesson::{Changes, Counter};
use kafka_sim::TopicPartition;

#[test]
fn the_restarted_instance_processes_the_uncommitted_records_again() {
    let sim = lesson_common::run("consumer-02-auto-commit", &Changes::none());
    let tp = TopicPartition::new("ak03.test", 0);
    let duplicates = sim.consumer_accounting().duplicates();
    assert_eq!(
        duplicates,
        (0..12)
            .map(|offset| ((tp.clone(), offset), 2))
            .collect::<Vec<_>>()
    );
    assert_eq!(Counter::Duplicates.value(&sim, sim.projection()), 12);
    assert_eq!(sim.consumer_accounting().processors(&tp, 0), [0, 1]);
}
