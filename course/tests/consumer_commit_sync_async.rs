//! Consumer_05, built from its source, runs what the .py says: `commit()` (asynchronous)
//! after each batch, and on Ctrl+C `commit(asynchronous=False)` in `finally` before
//! `close()`. The last asynchronous commit already committed every stored offset, so the
//! synchronous one has nothing newer to commit and raises `_NO_OFFSET`: the course's reason
//! why the Java pattern does not fit the Python client (seed 000, and the .py's header).

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::{ErrorKind, Printed, ProcessState};

#[test]
fn the_closing_sync_commit_raises_no_offset() {
    let consumer_05 = program(
        "consumer-05-commit-sync-async",
        "Consumer_05_CommitSyncAsync.py",
    );
    let mut lab = lab(9);
    let tp = test_tp(0);
    produce(&mut lab, &tp, 0, 5);
    let c = start(&mut lab, &consumer_05);
    lab.run_until(10_000);
    assert_eq!(lab.committed(GROUP).get(&tp), Some(&5));
    lab.interrupt(c);
    lab.run_until(20_000);
    assert_eq!(lab.consumer(c).state(), ProcessState::Finished);

    let out = console(&lab, c);
    let records: Vec<String> = (0..5)
        .map(|i| format!("ak03.test-0-{i} : ({i} , msg_{i})"))
        .collect();
    assert_eq!(out[0], "Start listen incoming messages ...");
    assert_eq!(out[1..6], records);
    // `on_commit` lists every assigned partition; those with nothing to commit show -1001.
    assert_eq!(
        out[6..],
        [
            "# Committed offsets for: ak03.test-0 {offset=5}",
            "# Committed offsets for: ak03.test-1 {offset=-1001}",
            "# Committed offsets for: ak03.test-2 {offset=-1001}",
            "Aborted by user",
            "KafkaError{code=_NO_OFFSET,val=-168,str=\"Commit failed: Local: No offset stored\"}",
        ]
    );
    // The exception is printed by the `except KafkaException` of the `finally`, not by the
    // loop's `except Exception`.
    let (line, printed) = lab.printed(c).pop().expect("printed");
    assert!(matches!(printed, Printed::Exception(e) if e.kind == ErrorKind::NoOffset));
    let source = course::exercise("consumer-05-commit-sync-async")
        .unwrap()
        .sources[0];
    let close_commit = source.line(course::Anchor::CommitOnClose).unwrap();
    let text: Vec<&str> = source.text.lines().collect();
    assert!(line > close_commit && text[line as usize - 1].trim() == "print(e)");
}
