//! Consumer_07, built from its source: with auto-commit off, committing the last processed
//! record of each partition in `on_revoke` leaves no duplicates after a clean rebalance;
//! without that commit, the new owner processes the same records again.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::Stmt;
use kafka_sim_testkit::GroupLab;

/// Two members, a second one joining after the first has processed everything, records
/// arriving all along; both stop at the end.
fn run(consumer_07: &course::programs::ConsumerProgram) -> GroupLab {
    let mut lab = lab(11);
    for p in 0..4 {
        produce(&mut lab, &four(p), 0, 10);
    }
    start(&mut lab, consumer_07);
    lab.run_until(8_000);
    start(&mut lab, consumer_07);
    for second in 8..30 {
        for p in 0..4 {
            produce(&mut lab, &four(p), 10 + second, 1);
        }
        lab.run_until(second * 1_000 + 1_000);
    }
    lab.interrupt(1);
    lab.interrupt(0);
    lab.run_until(60_000);
    lab
}

fn consumer_07() -> course::programs::ConsumerProgram {
    program(
        "consumer-07-rebalance-callback",
        "Consumer_07_RebalanceCallback.py",
    )
}

#[test]
fn committing_in_on_revoke_avoids_duplicates() {
    let lab = run(&consumer_07());
    assert_eq!(lab.accounting().duplicates(), []);
    assert!(!processed(&lab, 1).is_empty());
    // Every record was processed, the last ones committed by the closing members.
    let committed = lab.committed(GROUP);
    assert_eq!(committed, (0..4).map(|p| (four(p), 32)).collect());
    assert_eq!(lab.accounting().losses(&committed), []);
}

#[test]
fn without_it_the_new_owner_processes_the_records_again() {
    let mut consumer_07 = consumer_07();
    let on_revoke = consumer_07
        .program
        .callbacks
        .on_revoke
        .as_mut()
        .expect("on_revoke");
    assert!(matches!(
        on_revoke.pop(),
        Some(Stmt::CommitRemembered { .. })
    ));
    let lab = run(&consumer_07);
    let moved: Vec<_> = lab.accounting().duplicates();
    assert!(!moved.is_empty());
    assert!(moved.iter().all(|(_, times)| *times == 2));
}
