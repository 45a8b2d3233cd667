//! The consumer exercises' programs built from their Python sources, run in a `GroupLab` with
//! the course's topics, and lookups into what the consumers printed and were assigned. Each
//! test file uses part of it.
#![allow(dead_code)]

use course::console::consumer_lines;
use course::exercise;
use course::programs::{ConsumerProgram, consumer_program_with_args};
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::consumer::{CallbackKind, Printed};
use kafka_sim_testkit::GroupLab;

/// The `group.id` of every consumer program.
pub const GROUP: &str = "tdea";
/// The topic of the consumer-group exercises (4 partitions).
pub const FOUR: &str = "ak03.fourpartition";
/// The topic of the commit exercises.
pub const TEST: &str = "ak03.test";

/// The program of `file` in exercise `id`, run as `python file args...`.
pub fn program_with_args(id: &str, file: &str, args: &[&str]) -> ConsumerProgram {
    let source = exercise(id)
        .and_then(|e| e.source(file))
        .unwrap_or_else(|| panic!("{id} shows {file}"));
    consumer_program_with_args(source, args).unwrap_or_else(|e| panic!("{file}: {e:?}"))
}

/// The program of `file` in exercise `id`.
pub fn program(id: &str, file: &str) -> ConsumerProgram {
    program_with_args(id, file, &[])
}

/// `ak03.fourpartition` (4 partitions) and `ak03.test` (3), 1 ms one-way latency.
pub fn lab(seed: u64) -> GroupLab {
    let topics = VecMap::from([(FOUR.to_string(), 4), (TEST.to_string(), 3)]);
    GroupLab::new(seed, topics, 1)
}

/// Starts `program` now (`Consumer(props)` with the program's own `props`).
pub fn start(lab: &mut GroupLab, program: &ConsumerProgram) -> usize {
    lab.start(&program.props, &program.program)
        .expect("the course's props make a consumer")
}

pub fn four(partition: i32) -> TopicPartition {
    TopicPartition::new(FOUR, partition)
}

pub fn test_tp(partition: i32) -> TopicPartition {
    TopicPartition::new(TEST, partition)
}

/// Produces `count` records `key=i, value=msg_i` into `tp`, numbered from `first`.
pub fn produce(lab: &mut GroupLab, tp: &TopicPartition, first: u64, count: u64) {
    for i in first..first + count {
        lab.produce(tp, &i.to_string(), &format!("msg_{i}"));
    }
}

/// Consumer `index`'s console, as the Python program prints it.
pub fn console(lab: &GroupLab, index: usize) -> Vec<String> {
    lab.printed(index)
        .iter()
        .flat_map(|(_, p)| consumer_lines(p))
        .collect()
}

/// The partition numbers of each running consumer's current assignment, by index.
pub fn assignments(lab: &GroupLab) -> Vec<Vec<i32>> {
    lab.sim().running_assignments()
}

/// The same, sorted, to compare with a group's expected shape.
pub fn assignment_shape(lab: &GroupLab) -> Vec<Vec<i32>> {
    let mut all = assignments(lab);
    all.sort();
    all
}

/// The offsets of the records consumer `index` processed, in order.
pub fn processed(lab: &GroupLab, index: usize) -> Vec<(TopicPartition, i64)> {
    lab.sim().processed_by(index)
}

/// The rebalance callbacks consumer `index` ran, with their partition numbers.
pub fn callbacks(lab: &GroupLab, index: usize) -> Vec<(CallbackKind, Vec<i32>)> {
    lab.printed(index)
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
