//! Consumer_03, _04 and _06: the program commits what it processed before the crash, so the
//! restarted instance processes nothing again (compare Consumer_02's auto commit).

mod lesson_common;

use course::lesson::{Changes, Counter};
use kafka_sim::engine::{Event, Sim};

#[test]
fn a_crash_after_the_commit_duplicates_nothing() {
    for id in [
        "consumer-03-commit-sync",
        "consumer-04-commit-async",
        "consumer-06-commit-specified",
    ] {
        let sim = lesson_common::run(id, &Changes::none());
        assert_eq!(Counter::Processed.value(&sim, sim.projection()), 12, "{id}");
        assert_eq!(Counter::Duplicates.value(&sim, sim.projection()), 0, "{id}");
        assert_eq!(
            Counter::Lag.value(&sim, sim.projection()),
            0,
            "{id}: everything committed"
        );
    }
}

/// The narration says the crash comes after the batch's commit has completed: at the kill, the
/// group's committed offset already covers every record the instance processed (lag 0).
#[test]
fn the_crash_comes_after_the_commit_completed() {
    for id in [
        "consumer-03-commit-sync",
        "consumer-04-commit-async",
        "consumer-06-commit-specified",
    ] {
        let lesson = course::lesson(id).unwrap();
        let full = lesson_common::run(id, &Changes::none());
        let killed = full
            .trace()
            .iter()
            .find(|entry| matches!(entry.event, Event::ConsumerKilled { consumer: 0 }))
            .map(|entry| entry.seq)
            .expect("the instance is killed");
        let mut sim = Sim::new(lesson.scenario(&Changes::none()).unwrap()).unwrap();
        while sim.trace().last().is_none_or(|entry| entry.seq < killed) {
            assert!(sim.step(), "{id}: the replay reaches the kill");
        }
        assert_eq!(Counter::Processed.value(&sim, sim.projection()), 12, "{id}");
        assert_eq!(Counter::Lag.value(&sim, sim.projection()), 0, "{id}");
    }
}
