//! The idempotence lesson: the broker's answer to the first batch is lost and the producer
//! retries. Without idempotence the whole batch is written again; with it the broker
//! recognises the batch and writes nothing twice.

mod lesson_common;

use course::lesson::{Change, Changes, Counter};
use kafka_sim::TopicPartition;
use lesson_common::at_key_moment;

fn with_idempotence(on: &str) -> Changes {
    let mut changes = Changes::none();
    changes.push(Change::Setting("enable.idempotence", on.to_owned()));
    changes
}

#[test]
fn without_idempotence_the_retried_batch_is_duplicated() {
    let sim = at_key_moment("producer-idempotence", &with_idempotence("False"));
    assert_eq!(Counter::Duplicates.value(&sim, sim.projection()), 12);
    let tp = TopicPartition::new("ak03.test", 0);
    let log = sim.cluster().partition(&tp).unwrap().leader_log().unwrap();
    assert_eq!(log.end_offset(), 24);
}

#[test]
fn with_idempotence_nothing_is_duplicated() {
    let sim = at_key_moment("producer-idempotence", &Changes::none());
    assert_eq!(Counter::Duplicates.value(&sim, sim.projection()), 0);
    assert_eq!(Counter::InLog.value(&sim, sim.projection()), 12);
    let tp = TopicPartition::new("ak03.test", 0);
    let log = sim.cluster().partition(&tp).unwrap().leader_log().unwrap();
    assert_eq!(log.end_offset(), 12);
}
