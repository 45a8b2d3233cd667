//! A small toolkit for the consumer tests: a lab with the course's topics, and lookups into
//! what the consumers printed and were assigned. Each test file uses part of it.
#![allow(dead_code)]

use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::config::ConfigValue;
use kafka_sim_testkit::GroupLab;

pub const GROUP: &str = "tdea";

/// The topic of the course's consumer-group exercises.
pub const FOUR_PARTITION_TOPIC: &str = "ak03.fourpartition";

/// The topic of the course's commit exercises.
pub const TEST_TOPIC: &str = "ak03.test";

/// The settings of the course's manual-commit consumers (Consumer_03..07): auto-commit off,
/// with `on_commit` and `error_cb`.
pub fn manual_commit_config() -> Vec<(&'static str, ConfigValue)> {
    let text = |value: &str| ConfigValue::Str(value.to_string());
    vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text(GROUP)),
        ("auto.offset.reset", text("earliest")),
        ("enable.auto.commit", ConfigValue::Bool(false)),
        (
            "on_commit",
            ConfigValue::Callable("print_commit_result".into()),
        ),
        ("error_cb", ConfigValue::Callable("error_cb".into())),
    ]
}

/// `ak03.fourpartition` (4 partitions) and `ak03.test` (3), 1 ms one-way latency.
pub fn lab(seed: u64) -> GroupLab {
    let topics = VecMap::from([
        (FOUR_PARTITION_TOPIC.to_string(), 4),
        (TEST_TOPIC.to_string(), 3),
    ]);
    GroupLab::new(seed, topics, 1)
}

pub fn four(partition: i32) -> TopicPartition {
    TopicPartition::new(FOUR_PARTITION_TOPIC, partition)
}

pub fn test_tp(partition: i32) -> TopicPartition {
    TopicPartition::new(TEST_TOPIC, partition)
}

/// Produces `count` records `key=i, value=msg_i` into `tp`, numbered from `first`.
pub fn produce(lab: &mut GroupLab, tp: &TopicPartition, first: u64, count: u64) {
    for i in first..first + count {
        lab.produce(tp, &i.to_string(), &format!("msg_{i}"));
    }
}

/// The partition numbers of each consumer's current assignment, by consumer index, for the
/// consumers still running.
pub fn assignments(lab: &GroupLab) -> Vec<Vec<i32>> {
    lab.sim().running_assignments()
}

/// The same, sorted, to compare with a group's expected shape.
pub fn assignment_shape(lab: &GroupLab) -> Vec<Vec<i32>> {
    let mut all = assignments(lab);
    all.sort();
    all
}

/// The offsets of the records consumer `index` processed, per partition, in order.
pub fn processed(lab: &GroupLab, index: usize) -> Vec<(TopicPartition, i64)> {
    lab.sim().processed_by(index)
}
