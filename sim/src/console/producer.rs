//! What a producer program prints, as data. Its prints and a scenario file's delivery
//! callbacks are templates, filled in when they run; the course's `delivery_callback`, and the
//! lines librdkafka and Python write for it (`error_cb`, a traceback), are kept as what they
//! report and written here.

use super::lines::{delivered_line, delivery_failed_line, error_line};
use super::python::{KafkaError, traceback_class};
use super::{Line, Stream};
use crate::TopicPartition;
use crate::wire;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::borrow::Cow;

/// One print of a producer program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProducerPrint {
    /// A `print()` or `sys.stderr.write()` of the program's own text, a print statement's or a
    /// delivery callback's, as it was filled in when it ran.
    Text { stream: Stream, text: String },
    /// `error_cb`'s `print('Error: %s' % err)` (stdout) of an error librdkafka reported:
    /// `reason` is the text `str(err)` shows.
    Error {
        error: wire::KafkaError,
        reason: String,
    },
    /// The course's `delivery_callback` for a delivered message ([`delivered_line`], stderr).
    Delivered { tp: TopicPartition, offset: i64 },
    /// The course's `delivery_callback` for a failed message ([`delivery_failed_line`],
    /// stderr).
    DeliveryFailed { error: wire::KafkaError },
    /// An exception nothing caught: the last line of Python's traceback, `Type: message`
    /// (stderr).
    Uncaught { kind: &'static str, message: String },
}

impl ProducerPrint {
    pub fn stream(&self) -> Stream {
        match self {
            ProducerPrint::Text { stream, .. } => *stream,
            ProducerPrint::Error { .. } => Stream::Stdout,
            ProducerPrint::Delivered { .. }
            | ProducerPrint::DeliveryFailed { .. }
            | ProducerPrint::Uncaught { .. } => Stream::Stderr,
        }
    }

    /// What it writes, without the newline `print` adds.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            ProducerPrint::Text { text, .. } => Cow::Borrowed(text),
            // confluent-kafka-python's `error_cb` builds `KafkaError_new0(err, "%s", reason)`.
            ProducerPrint::Error { error, reason } => {
                Cow::Owned(error_line(&KafkaError::of(*error).with_text(reason)))
            }
            // `msg.offset()`: acks=0's `OFFSET_INVALID` prints `None`.
            ProducerPrint::Delivered { tp, offset } => {
                Cow::Owned(delivered_line(&tp.topic, tp.partition, Some(*offset)))
            }
            ProducerPrint::DeliveryFailed { error } => {
                Cow::Owned(delivery_failed_line(&KafkaError::of(*error)))
            }
            ProducerPrint::Uncaught { kind, message } => {
                Cow::Owned(format!("{}: {message}", traceback_class(kind)))
            }
        }
    }

    /// Its lines on the console: a text holding newlines shows as several lines.
    pub fn lines(&self) -> Vec<Line> {
        let stream = self.stream();
        self.text()
            .trim_end_matches('\n')
            .split('\n')
            .map(|text| Line {
                stream,
                text: text.to_owned(),
            })
            .collect()
    }
}

/// The trace keeps a print as its stream and its text (`{"stream":..,"text":..}`), as the
/// console shows it.
impl Serialize for ProducerPrint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("ProducerPrint", 2)?;
        fields.serialize_field("stream", &self.stream())?;
        fields.serialize_field("text", &self.text())?;
        fields.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_cb_and_a_traceback_print_as_python_does() {
        let error = ProducerPrint::Error {
            error: wire::KafkaError::AllBrokersDown,
            reason: "1/1 brokers are down".into(),
        };
        assert_eq!(
            error.text(),
            "Error: KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str=\"1/1 brokers are down\"}"
        );
        assert_eq!(error.stream(), Stream::Stdout);
        let uncaught = ProducerPrint::Uncaught {
            kind: "BufferError",
            message: "Local: Queue full".into(),
        };
        assert_eq!(uncaught.text(), "BufferError: Local: Queue full");
        assert_eq!(uncaught.stream(), Stream::Stderr);
    }

    #[test]
    fn the_trace_keeps_the_stream_and_the_text() {
        let print = ProducerPrint::Text {
            stream: Stream::Stderr,
            text: "ok 0".into(),
        };
        assert_eq!(
            serde_json::to_string(&print).unwrap(),
            r#"{"stream":"Stderr","text":"ok 0"}"#
        );
    }

    #[test]
    fn a_text_with_newlines_shows_as_lines() {
        let print = ProducerPrint::Text {
            stream: Stream::Stdout,
            text: "a\nb\n".into(),
        };
        let texts: Vec<String> = print.lines().into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b"]);
    }

    #[test]
    fn the_course_delivery_callback_prints_the_report() {
        let delivered = ProducerPrint::Delivered {
            tp: TopicPartition::new("ak03.test", 0),
            offset: -1,
        };
        assert_eq!(
            delivered.text(),
            "% Message delivered to topic:[ak03.test]-partition:[0] @ offset[None]"
        );
        let failed = ProducerPrint::DeliveryFailed {
            error: wire::KafkaError::MsgTimedOut,
        };
        assert_eq!(
            failed.text(),
            "% Message failed delivery: KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}"
        );
        assert_eq!(
            (delivered.stream(), failed.stream()),
            (Stream::Stderr, Stream::Stderr)
        );
    }
}
