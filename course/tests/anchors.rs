//! Every anchor's marker is found exactly once in its program, so the highlighted line numbers
//! are found, never hard-coded.

use kafka_sim::collect::VecSet;

use course::{Anchor, exercise, exercises};

#[test]
fn every_marker_occurs_exactly_once_on_one_line() {
    for exercise in exercises() {
        for source in exercise.sources {
            for &(anchor, marker) in source.anchors {
                assert!(!marker.contains('\n'), "{}: multi-line marker", source.file);
                let count = source.text.matches(marker).count();
                assert_eq!(
                    count,
                    1,
                    "{}: marker {marker:?} of {} found {count} times",
                    source.file,
                    anchor.name()
                );
            }
        }
    }
}

#[test]
fn no_program_declares_an_anchor_twice() {
    for exercise in exercises() {
        for source in exercise.sources {
            let anchors: VecSet<Anchor> = source.anchors.iter().map(|&(a, _)| a).collect();
            assert_eq!(anchors.len(), source.anchors.len(), "{}", source.file);
        }
    }
}

#[test]
fn every_line_holds_its_marker() {
    for exercise in exercises() {
        for source in exercise.sources {
            let lines: Vec<&str> = source.text.lines().collect();
            for &(anchor, marker) in source.anchors {
                let line = exercise.line(source.file, anchor);
                assert!(
                    lines[line as usize - 1].contains(marker),
                    "{} line {line}",
                    source.file
                );
            }
        }
    }
}

#[test]
fn the_loop_statements_come_in_program_order() {
    let sync = exercise("consumer-03-commit-sync").expect("exercise");
    let file = "Consumer_03_CommitSync.py";
    let order = [
        Anchor::Subscribe,
        Anchor::Consume,
        Anchor::PrintRecord,
        Anchor::Commit,
        Anchor::Close,
    ];
    let lines: Vec<u32> = order.iter().map(|&a| sync.line(file, a)).collect();
    assert!(lines.is_sorted(), "{lines:?}");
}

#[test]
fn an_anchor_the_program_lacks_is_none() {
    let auto_commit = exercise("consumer-02-auto-commit").expect("exercise");
    let source = auto_commit
        .source("Consumer_02_AutoCommit.py")
        .expect("source");
    assert_eq!(source.line(Anchor::Commit), None);
    assert_eq!(auto_commit.source("Nope.py"), None);
}

#[test]
#[should_panic(expected = "has no anchor commit")]
fn line_panics_on_an_undeclared_anchor() {
    let auto_commit = exercise("consumer-02-auto-commit").expect("exercise");
    auto_commit.line("Consumer_02_AutoCommit.py", Anchor::Commit);
}

#[test]
fn the_programs_that_loop_over_records_mark_the_same_statements() {
    for exercise in exercises() {
        for source in exercise.sources {
            if source.text.contains("consumer.consume(") {
                for anchor in [Anchor::Consume, Anchor::PrintRecord, Anchor::Close] {
                    assert!(
                        source.line(anchor).is_some(),
                        "{} lacks {}",
                        source.file,
                        anchor.name()
                    );
                }
            }
            if source.text.contains("producer.produce(") {
                for anchor in [Anchor::Produce, Anchor::Flush] {
                    assert!(source.line(anchor).is_some(), "{}", source.file);
                }
            }
        }
    }
}
