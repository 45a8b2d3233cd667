//! What the programs print, in one place: producers' and consumers' prints as data (the
//! events their processes put in the trace) and the text Python prints for them, which the
//! trace's JSON, the course and the app all show.
//!
//! * [`python`]: how Python prints `None`, offsets, `KafkaError` and `TopicPartition`.
//! * [`lines`]: every line the course's programs print, one function per statement.
//! * [`producer`]: a producer program's prints ([`ProducerPrint`]).
//! * [`consumer`]: a consumer program's prints ([`Printed`]) and their lines.
//! * [`kafka_python`]: the lines of seed 004's kafka-python programs.
//!
//! It sits below the trace, which records these prints and writes their text in its JSON.

pub mod consumer;
pub mod kafka_python;
pub mod lines;
pub mod producer;
pub mod python;

pub use consumer::{CallbackKind, CommitResult, CommittedPartition, Printed, consumer_lines};
pub use lines::*;
pub use producer::ProducerPrint;
pub use python::*;

use serde::{Deserialize, Serialize};

/// Which console stream a program wrote to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One line of a program's console, without its newline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// librdkafka's log line `text` as its default logger writes it to stderr at `at_ms`
/// ([`max_poll_log_line`]).
pub fn log_line(at_ms: u64, text: &str) -> Line {
    Line {
        stream: Stream::Stderr,
        text: max_poll_log_line(at_ms, text),
    }
}
