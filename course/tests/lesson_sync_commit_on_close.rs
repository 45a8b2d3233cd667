//! Consumer_05: the Java pattern's synchronous commit before close() has nothing new to commit
//! after the loop's asynchronous commits, and librdkafka raises `_NO_OFFSET`.

mod lesson_common;

use course::lesson::Changes;
use kafka_sim::consumer::{ErrorKind, Printed};

#[test]
fn the_commit_before_close_raises_no_offset() {
    let sim = lesson_common::run("consumer-05-commit-sync-async", &Changes::none());
    let exceptions: Vec<ErrorKind> = sim
        .consumer_console(0)
        .filter_map(|(_, _, printed)| match printed {
            Printed::Exception(error) => Some(error.kind),
            _ => None,
        })
        .collect();
    assert_eq!(exceptions, [ErrorKind::NoOffset]);
}
