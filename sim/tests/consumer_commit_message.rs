//! Consumer_06: `commit(record)` after each record commits the record's offset + 1 for its
//! partition only, and `on_commit` reports each commit.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::course::{consumer_06, manual_commit_config};
use kafka_sim::consumer::{CommitResult, CommittedPartition, Printed};

#[test]
fn commit_of_a_message_commits_its_offset_plus_one() {
    let mut lab = lab(5);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 42);
    let c = lab.start(&manual_commit_config(), &consumer_06()).unwrap();
    lab.run_until(10_000);
    assert_eq!(processed(&lab, c).len(), 42);
    assert_eq!(lab.committed(GROUP), [(tp.clone(), 42)].into());
    let callbacks: Vec<CommitResult> = printed(&lab, c)
        .into_iter()
        .filter_map(|(line, p)| match p {
            Printed::CommitCallback(result) => {
                assert_eq!(line, 29);
                Some(result)
            }
            _ => None,
        })
        .collect();
    assert_eq!(callbacks.len(), 42);
    assert_eq!(
        callbacks[41],
        CommitResult {
            error: None,
            partitions: vec![CommittedPartition {
                tp,
                offset: 42,
                error: None
            }]
        }
    );
}
