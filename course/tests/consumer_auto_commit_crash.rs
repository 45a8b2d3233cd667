//! Consumer_02 (auto-commit every 5 s), built from its source, killed between two
//! auto-commits: the records it processed since the last commit are processed again by the
//! consumer that takes over.

mod consumer_common;

use consumer_common::*;

#[test]
fn records_since_the_last_auto_commit_are_processed_twice() {
    let consumer_02 = program("consumer-02-auto-commit", "Consumer_02_AutoCommit.py");
    let mut lab = lab(3);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 10);
    let first = start(&mut lab, &consumer_02);
    // Joined after the 3 s initial delay; the auto-commit at 5 s commits offset 10.
    lab.run_until(6_000);
    assert_eq!(lab.committed(GROUP).get(&tp), Some(&10));
    assert!(
        console(&lab, first)
            .contains(&"# Committed offsets for: ak03.test-0 {offset=10}".to_owned())
    );
    produce(&mut lab, &tp, 10, 5);
    lab.run_until(8_000);
    assert_eq!(processed(&lab, first).len(), 15);
    lab.kill(first);
    let second = start(&mut lab, &consumer_02);
    // The dead member's session (45 s) must expire before the new one is assigned.
    lab.run_until(70_000);
    let again: Vec<i64> = processed(&lab, second).iter().map(|(_, o)| *o).collect();
    assert_eq!(again, [10, 11, 12, 13, 14]);
    let duplicates: Vec<i64> = lab
        .accounting()
        .duplicates()
        .iter()
        .map(|((_, offset), times)| {
            assert_eq!(*times, 2);
            *offset
        })
        .collect();
    assert_eq!(duplicates, [10, 11, 12, 13, 14]);
    assert_eq!(lab.accounting().processors(&tp, 12), [first, second]);
    assert_eq!(lab.committed(GROUP).get(&tp), Some(&15));
    assert!(lab.accounting().losses(&lab.committed(GROUP)).is_empty());
}
