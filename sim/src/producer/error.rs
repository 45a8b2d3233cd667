//! What `produce()` raises instead of enqueuing, as confluent-kafka-python raises it.

use crate::console::{KafkaError as PyKafkaError, UNKNOWN_PARTITION, UNKNOWN_TOPIC};
use crate::partitioner::kafka_python::BadPartition;
use crate::wire::KafkaError;
use std::fmt;

/// Why `produce()` raised instead of enqueuing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProduceError {
    /// The local queue is full: Python raises `BufferError` (confluent-kafka-python
    /// `Producer_produce`) with librdkafka's text.
    QueueFull,
    /// No such topic in the cluster.
    UnknownTopic(String),
    /// `partition=N` names a partition the topic does not have (librdkafka
    /// `rd_kafka_msg_partitioner`: `RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION`).
    UnknownPartition(i32),
    /// The producer has raised a fatal error: librdkafka `rd_kafka_check_produce` refuses
    /// with `_FATAL`.
    Fatal,
    /// kafka-python refuses an explicit partition with `ValueError`.
    BadPartition(BadPartition),
}

impl ProduceError {
    /// The Python exception `produce()` raises: its type and its `str()`. Errors other than
    /// a full queue become `KafkaException(KafkaError(err, "Unable to produce message: ..."))`
    /// (confluent-kafka-python Producer.c `Producer_produce`).
    pub fn python_exception(&self) -> (&'static str, String) {
        match self {
            Self::QueueFull => ("BufferError", KafkaError::QueueFull.description().into()),
            Self::UnknownTopic(_) => ("KafkaException", unable_to_produce(UNKNOWN_TOPIC)),
            Self::UnknownPartition(_) => ("KafkaException", unable_to_produce(UNKNOWN_PARTITION)),
            Self::Fatal => (
                "KafkaException",
                unable_to_produce(PyKafkaError::of(KafkaError::Fatal)),
            ),
            Self::BadPartition(bad) => {
                let text = bad.to_string();
                let message = text.strip_prefix("ValueError: ").unwrap_or(&text);
                ("ValueError", message.to_owned())
            }
        }
    }
}

/// `str(KafkaError(err, "Unable to produce message: <rd_kafka_err2str>"))`.
fn unable_to_produce(error: PyKafkaError) -> String {
    let text = format!("Unable to produce message: {}", error.text);
    error.with_text(&text).to_string()
}

/// As Python's traceback ends: `BufferError: Local: Queue full`.
impl fmt::Display for ProduceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, message) = self.python_exception();
        write!(f, "{kind}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_topic_raises_confluent_kafka_pythons_words_and_nothing_more() {
        let (class, text) = ProduceError::UnknownTopic("nope".into()).python_exception();
        assert_eq!(class, "KafkaException");
        assert_eq!(
            text,
            "KafkaError{code=_UNKNOWN_TOPIC,val=-188,str=\"Unable to produce message: Local: Unknown topic\"}"
        );
    }
}
