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

/// The facility of a consumer's librdkafka log line (`rd_kafka_log(rk, level, facility, ...)`),
/// which the default logger prints in the line's third field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LogFacility {
    /// `rd_kafka_cgrp_max_poll_interval_check_tmr_cb` (src/rdkafka_cgrp.c).
    MaxPoll,
    /// `rd_kafka_cgrp_session_timeout_check` (src/rdkafka_cgrp.c).
    SessionTimeout,
    /// An offset reset caused by an error, such as a fetch out of range
    /// (`rd_kafka_offset_reset`, src/rdkafka_offset.c).
    Offset,
    /// A fatal error, logged as it happens when the program has an `error_cb`
    /// (`rd_kafka_set_fatal_error0`, src/rdkafka.c).
    Fatal,
}

impl LogFacility {
    pub fn name(self) -> &'static str {
        match self {
            Self::MaxPoll => "MAXPOLL",
            Self::SessionTimeout => "SESSTMOUT",
            Self::Offset => "OFFSET",
            Self::Fatal => "FATAL",
        }
    }

    /// The syslog level the line is logged at: `LOG_EMERG` (0) for a fatal error,
    /// `LOG_WARNING` (4) for the others.
    pub fn level(self) -> u8 {
        match self {
            Self::Fatal => 0,
            Self::MaxPoll | Self::SessionTimeout | Self::Offset => 4,
        }
    }
}

/// A consumer's librdkafka log line `text` under `facility`, as the default logger writes it
/// to stderr at `at_ms` ([`consumer_log_line`]).
pub fn log_line(at_ms: u64, facility: LogFacility, text: &str) -> Line {
    Line {
        stream: Stream::Stderr,
        text: consumer_log_line(at_ms, facility.level(), facility.name(), text),
    }
}

/// librdkafka's warning when a producer is destroyed holding `messages` not yet reported,
/// `bytes` of values (rdkafka.c `rd_kafka_destroy_app`, logged at `LOG_WARNING` (4) on the
/// application's thread, `[thrd:app]`, by the default logger to stderr: confluent-kafka-python
/// sets a `log_cb` only for a `logger` setting). The name is `rdkafka#producer-1`, the first
/// producer handle of the Python process. `at_ms` is the wall clock in milliseconds.
pub fn terminate_log_line(at_ms: u64, messages: usize, bytes: usize) -> Line {
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let (seconds, millis) = (at_ms / 1_000, at_ms % 1_000);
    Line {
        stream: Stream::Stderr,
        text: format!(
            "%4|{seconds}.{millis:03}|TERMINATE|rdkafka#producer-1| [thrd:app]: Producer \
             terminating with {messages} message{} ({bytes} byte{}) still in queue or transit: \
             use flush() to wait for outstanding message delivery",
            plural(messages),
            plural(bytes)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminate_warning_reads_as_librdkafka_logs_it() {
        assert_eq!(
            terminate_log_line(1_700_000_010_600, 12, 62).text,
            "%4|1700000010.600|TERMINATE|rdkafka#producer-1| [thrd:app]: Producer terminating \
             with 12 messages (62 bytes) still in queue or transit: use flush() to wait for \
             outstanding message delivery"
        );
        assert!(
            terminate_log_line(0, 1, 1)
                .text
                .contains("with 1 message (1 byte) still")
        );
    }
}
