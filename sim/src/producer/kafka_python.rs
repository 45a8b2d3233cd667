//! What kafka-python 3.0.12's `KafkaProducer` does differently from librdkafka at the program's
//! edge: `send()` serializes with the configured serializers and checks its arguments, and a
//! failed send's future holds a kafka-python exception, which `future.get()` raises and an
//! errback receives.

use super::error::ProduceError;
use super::payload::json_string;
use super::process::PyException;
use super::settings::ProducerSettings;
use crate::Topic;
use crate::TopicPartition;
use crate::config::Serializer;
use crate::ids::Millis;
use crate::partitioner::kafka_python::{self as partitioner, BadPartition};
use crate::rng::SimRng;
use crate::wire::{Bytes, KafkaError};

/// The module Python's traceback names kafka-python's exceptions by.
pub const ERRORS_MODULE: &str = "kafka.errors.";

/// A kafka-python exception, `str(e)` being `KafkaError.__str__`'s `Class: message` (and
/// `[Error N] Class: message` for a broker's error, `BrokerResponseError.__str__`).
/// Source: kafka-python `kafka/errors.py`.
fn kafka_error(kind: &'static str, message: String) -> PyException {
    PyException { kind, message }
}

/// What `send()` raises where librdkafka's `produce()` would raise. A topic the cluster does
/// not have: kafka-python waits `max_block_ms` (60 s) for its metadata, then raises
/// `KafkaTimeoutError` (`KafkaProducer._wait_on_metadata`); the model raises at once.
pub fn send_exception(error: ProduceError) -> PyException {
    match error {
        ProduceError::UnknownTopic(_) => metadata_timed_out(),
        other => PyException::from(other),
    }
}

/// `max_block_ms`'s default: how long `send()` waits for metadata (`KafkaProducer.DEFAULT_CONFIG`).
pub const MAX_BLOCK_MS: Millis = 60_000;

/// A topic the metadata never lists: `send()` waits `max_block_ms` for it
/// (`KafkaProducer._wait_on_metadata`).
pub fn metadata_timed_out() -> PyException {
    kafka_error(
        "kafka.errors.KafkaTimeoutError",
        "KafkaTimeoutError: Failed to update metadata after 60.0 secs.".into(),
    )
}

/// kafka-python's choice of partition (`KafkaProducer.send`, `_partition`): an explicit
/// partition is checked, not drawn; otherwise `DefaultPartitioner` decides. A keyless message
/// is appended with `abort_on_new_batch=True` (KIP-480): when its partition has no open batch
/// with room (`open_batch`), `send()` calls `_partition` again, and `DefaultPartitioner`
/// (which has no `on_new_batch`) draws a second time; the message goes where that draw says.
/// The model's open batch is the partition's unsent messages, while they fit in `batch_size`
/// with this one (`RecordAccumulator.append`, `ProducerBatch.try_append`).
pub fn partition(
    topic: &Topic,
    explicit: Option<i32>,
    key: Option<&[u8]>,
    has_leader: &[bool],
    open_batch: impl FnOnce(i32) -> bool,
    rng: &mut SimRng,
) -> Result<i32, BadPartition> {
    if let Some(partition) = explicit {
        let count = has_leader.len() as i32;
        return partitioner::explicit(partition, count, topic.as_str());
    }
    let first = partitioner::choose(key, has_leader, rng);
    if key.is_some() || open_batch(first) {
        return Ok(first);
    }
    Ok(partitioner::choose(key, has_leader, rng))
}

/// `future.get(timeout)` ran out of time: `Timeout after waiting for %s secs.` with the
/// timeout as the program wrote it. Source: kafka-python `kafka/producer/future.py`
/// `FutureRecordMetadata.get`.
pub fn get_timed_out(timeout: &str) -> PyException {
    kafka_error(
        "kafka.errors.KafkaTimeoutError",
        format!("KafkaTimeoutError: Timeout after waiting for {timeout} secs."),
    )
}

/// `flush(timeout)` ran out of time. Source: kafka-python
/// `kafka/producer/record_accumulator.py` `RecordAccumulator.await_flush_completion`.
pub fn flush_timed_out() -> PyException {
    kafka_error(
        "kafka.errors.KafkaTimeoutError",
        "KafkaTimeoutError: Timeout waiting for future".into(),
    )
}

/// The exception a failed send's future holds. A batch past `delivery_timeout_ms` fails with
/// `KafkaTimeoutError("Expiring %d record(s) for %s: %s ms has passed since batch creation")`
/// (kafka-python `kafka/producer/sender.py` `Sender._send_producer_data`); the model expires
/// a batch at its timeout exactly. A broker's error is its class built with the response's
/// `error_message`, which the brokers leave null (`Sender._complete_batch`). A network error
/// fails the request's future with the error its connection closed with
/// (`Sender._failed_produce`, `kafka/net/connection.py` `fail_in_flight_requests`): a broker
/// that went away closed the socket, `KafkaConnectionError('socket disconnected')`
/// (`kafka/net/transport.py` `_sock_recv`); a request unanswered for `request_timeout_ms`
/// closes it with `RequestTimedOutError('Request timed out after %d ms')`
/// (`KafkaConnection._request_timed_out`).
pub fn delivery_exception(
    error: KafkaError,
    tp: &TopicPartition,
    records: usize,
    settings: &ProducerSettings,
) -> PyException {
    let delivery_timeout_ms = settings.message_timeout_ms;
    let broker = |kind: &'static str| {
        let class = kind.strip_prefix(ERRORS_MODULE).unwrap_or(kind);
        kafka_error(kind, format!("[Error {}] {class}: None", error.code()))
    };
    match error {
        KafkaError::MsgTimedOut => kafka_error(
            "kafka.errors.KafkaTimeoutError",
            format!(
                "KafkaTimeoutError: Expiring {records} record(s) for TopicPartition(topic='{}', \
                 partition={}): {delivery_timeout_ms} ms has passed since batch creation",
                tp.topic, tp.partition
            ),
        ),
        KafkaError::NotLeaderForPartition => broker("kafka.errors.NotLeaderForPartitionError"),
        KafkaError::RequestTimedOut => broker("kafka.errors.RequestTimedOutError"),
        KafkaError::NotEnoughReplicas => broker("kafka.errors.NotEnoughReplicasError"),
        KafkaError::NotEnoughReplicasAfterAppend => {
            broker("kafka.errors.NotEnoughReplicasAfterAppendError")
        }
        KafkaError::InvalidRequiredAcks => broker("kafka.errors.InvalidRequiredAcksError"),
        KafkaError::OutOfOrderSequenceNumber => {
            broker("kafka.errors.OutOfOrderSequenceNumberError")
        }
        KafkaError::Transport | KafkaError::AllBrokersDown => kafka_error(
            "kafka.errors.KafkaConnectionError",
            "KafkaConnectionError: socket disconnected".into(),
        ),
        KafkaError::TimedOut => kafka_error(
            "kafka.errors.RequestTimedOutError",
            format!(
                "[Error 7] RequestTimedOutError: Request timed out after {} ms",
                settings.request_timeout_ms
            ),
        ),
        // A message sent before the topic's metadata arrived (the model's send() does not
        // block for it as kafka-python's does) fails as send() would have raised.
        KafkaError::UnknownTopic => metadata_timed_out(),
        KafkaError::QueueFull
        | KafkaError::PurgeQueue
        | KafkaError::Fatal
        | KafkaError::UnknownPartition => {
            kafka_error("kafka.errors.KafkaError", "KafkaError".into())
        }
    }
}

/// `send(topic, key=, value=)`'s key and value as bytes: both serializers run (key first),
/// then the key's type is checked, then the value's.
pub fn serialize_record(
    serializers: (Serializer, Serializer),
    key: Option<String>,
    value: Option<String>,
) -> Result<(Option<Bytes>, Option<Bytes>), PyException> {
    if key.is_none() && value.is_none() {
        return Err(PyException {
            kind: "ValueError",
            message: "Need at least one: key or value".into(),
        });
    }
    let key = serialize(serializers.0, key, "key");
    let value = serialize(serializers.1, value, "value");
    for result in [&key, &value] {
        if let Err(e) = result
            && e.kind == "AttributeError"
        {
            return Err(e.clone());
        }
    }
    Ok((key?, value?))
}

/// `KafkaProducer._serialize` then `send()`'s type check: the serializer is called on the
/// value, `None` included; what it returns must be bytes or `None`. `text` is a Python str
/// (`None` for no value). Source: kafka-python `kafka/producer/kafka.py` `KafkaProducer.send`.
fn serialize(
    serializer: Serializer,
    text: Option<String>,
    what: &str,
) -> Result<Option<Bytes>, PyException> {
    match (serializer, text) {
        (Serializer::JsonDumps, None) => Ok(Some(b"null".to_vec().into())),
        (Serializer::JsonDumps, Some(s)) => Ok(Some(json_string(&s).into_bytes().into())),
        (Serializer::Encode, Some(s)) => Ok(Some(s.into_bytes().into())),
        (Serializer::Encode, None) => Err(PyException {
            kind: "AttributeError",
            message: "'NoneType' object has no attribute 'encode'".into(),
        }),
        (Serializer::Identity, None) => Ok(None),
        (Serializer::Identity, Some(_)) => Err(PyException {
            kind: "TypeError",
            message: format!("Unsupported type for serialized {what}: <class 'str'>"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(b: &[u8]) -> Option<Bytes> {
        Some(b.to_vec().into())
    }

    #[test]
    fn serializers_run_on_none_too() {
        let json = |t: Option<&str>| serialize(Serializer::JsonDumps, t.map(Into::into), "key");
        assert_eq!(json(Some("count_num")), Ok(bytes(b"\"count_num\"")));
        assert_eq!(json(None), Ok(bytes(b"null")));
        let encode = serialize(Serializer::Encode, None, "key").unwrap_err();
        assert_eq!(encode.kind, "AttributeError");
        let raw = serialize(Serializer::Identity, Some("v".into()), "value").unwrap_err();
        assert_eq!(
            raw.message,
            "Unsupported type for serialized value: <class 'str'>"
        );
        assert_eq!(serialize(Serializer::Identity, None, "key"), Ok(None));
    }

    #[test]
    fn broker_errors_print_their_code_and_class() {
        let tp = TopicPartition::new("t", 1);
        let settings = ProducerSettings {
            message_timeout_ms: 120_000,
            request_timeout_ms: 30_000,
            ..ProducerSettings::default()
        };
        let e = delivery_exception(KafkaError::NotEnoughReplicas, &tp, 1, &settings);
        assert_eq!(e.kind, "kafka.errors.NotEnoughReplicasError");
        assert_eq!(e.message, "[Error 19] NotEnoughReplicasError: None");
        let e = delivery_exception(KafkaError::MsgTimedOut, &tp, 2, &settings);
        assert_eq!(
            e.message,
            "KafkaTimeoutError: Expiring 2 record(s) for TopicPartition(topic='t', partition=1): \
             120000 ms has passed since batch creation"
        );
        let e = delivery_exception(KafkaError::Transport, &tp, 1, &settings);
        assert_eq!(e.message, "KafkaConnectionError: socket disconnected");
        let e = delivery_exception(KafkaError::TimedOut, &tp, 1, &settings);
        assert_eq!(
            e.message,
            "[Error 7] RequestTimedOutError: Request timed out after 30000 ms"
        );
    }
}
