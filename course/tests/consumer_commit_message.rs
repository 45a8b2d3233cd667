//! Consumer_06, built from its source: `commit(record)` after each record commits the
//! record's offset + 1 for its partition only, and `on_commit` reports each commit on the
//! line of `print_commit_result`'s print.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::Printed;

#[test]
fn commit_of_a_message_commits_its_offset_plus_one() {
    let consumer_06 = program(
        "consumer-06-commit-specified",
        "Consumer_06_CommitSpecified.py",
    );
    let mut lab = lab(5);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 42);
    let c = start(&mut lab, &consumer_06);
    lab.run_until(10_000);
    assert_eq!(processed(&lab, c).len(), 42);
    assert_eq!(lab.committed(GROUP), [(tp.clone(), 42)].into());
    let on_commit = consumer_06.program.callbacks.on_commit;
    let callbacks: Vec<u32> = lab
        .printed(c)
        .into_iter()
        .filter(|(_, p)| matches!(p, Printed::CommitCallback(_)))
        .map(|(line, _)| line)
        .collect();
    assert_eq!(callbacks.len(), 42);
    assert!(callbacks.iter().all(|&line| Some(line) == on_commit));
    let out = console(&lab, c);
    let commits: Vec<&String> = out
        .iter()
        .filter(|l| l.starts_with("# Committed"))
        .collect();
    assert_eq!(
        commits[0],
        "# Committed offsets for: ak03.test-0 {offset=1}"
    );
    assert_eq!(
        commits[41],
        "# Committed offsets for: ak03.test-0 {offset=42}"
    );
}
