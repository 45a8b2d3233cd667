//! Consumer_03, built from its source: after each batch with records,
//! `commit(asynchronous=False)` blocks until the broker answers and returns the committed
//! offsets, which `print_sync_commit_result` prints (every assigned partition; those with
//! nothing to commit show -1001); nothing is committed for an empty batch.

mod consumer_common;

use consumer_common::*;

#[test]
fn each_batch_is_committed_before_the_next_consume() {
    let consumer_03 = program("consumer-03-commit-sync", "Consumer_03_CommitSync.py");
    let mut lab = lab(7);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 3);
    let c = start(&mut lab, &consumer_03);
    lab.run_until(8_000);
    produce(&mut lab, &tp, 3, 1);
    lab.run_until(12_000);
    let commits: Vec<String> = console(&lab, c)
        .into_iter()
        .filter(|line| line.starts_with("# Committed"))
        .collect();
    assert_eq!(
        commits,
        [
            "# Committed offsets for: ak03.test-0 {offset=3}",
            "# Committed offsets for: ak03.test-1 {offset=-1001}",
            "# Committed offsets for: ak03.test-2 {offset=-1001}",
            "# Committed offsets for: ak03.test-0 {offset=4}",
            "# Committed offsets for: ak03.test-1 {offset=-1001}",
            "# Committed offsets for: ak03.test-2 {offset=-1001}",
        ]
    );
    assert_eq!(lab.committed(GROUP), [(tp, 4)].into());
}
