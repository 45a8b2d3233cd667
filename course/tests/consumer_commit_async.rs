//! Consumer_04, built from its source: `commit()` after a batch returns at once; its result
//! arrives through `on_commit` (`print_commit_result`) during a later `consume()`, after the
//! program has gone on.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::{Printed, ProgramEvent};
use kafka_sim_testkit::LabEvent;

#[test]
fn the_commit_result_arrives_in_a_later_consume() {
    let consumer_04 = program("consumer-04-commit-async", "Consumer_04_CommitAsync.py");
    let mut lab = lab(8);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 3);
    let c = start(&mut lab, &consumer_04);
    lab.run_until(8_000);
    let out = console(&lab, c);
    assert_eq!(
        out[4..],
        [
            "# Committed offsets for: ak03.test-0 {offset=3}",
            "# Committed offsets for: ak03.test-1 {offset=-1001}",
            "# Committed offsets for: ak03.test-2 {offset=-1001}",
        ]
    );
    // The callback ran on the line of `print_commit_result`'s print, after the last record
    // had been printed, strictly later in virtual time.
    let time_of = |wanted: fn(&Printed) -> bool| {
        lab.trace()
            .iter()
            .filter(|e| e.consumer == Some(c))
            .find_map(|e| match &e.event {
                LabEvent::Program(ProgramEvent::Printed { printed, .. }) if wanted(printed) => {
                    Some(e.time)
                }
                _ => None,
            })
            .expect("printed")
    };
    let last_record = time_of(|p| matches!(p, Printed::Record { offset: 2, .. }));
    let committed = time_of(|p| matches!(p, Printed::CommitCallback(_)));
    assert!(committed > last_record, "{committed} > {last_record}");
    assert_eq!(lab.committed(GROUP), [(tp, 3)].into());
}
