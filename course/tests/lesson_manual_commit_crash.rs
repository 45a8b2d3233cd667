//! Consumer_03, _04 and _06: the program commits what it processed before the crash, so the
//! restarted instance processes nothing again (compare Consumer_02's auto commit).

mod lesson_common;

use course::lesson::{Changes, Counter};

#[test]
fn a_crash_after_the_commit_duplicates_nothing() {
    for id in [
        "consumer-03-commit-sync",
        "consumer-04-commit-async",
        "consumer-06-commit-specified",
    ] {
        let sim = lesson_common::run(id, &Changes::none());
        assert_eq!(Counter::Processed.value(&sim, sim.trace()), 12, "{id}");
        assert_eq!(Counter::Duplicates.value(&sim, sim.trace()), 0, "{id}");
        assert_eq!(
            Counter::Lag.value(&sim, sim.trace()),
            0,
            "{id}: everything committed"
        );
    }
}
