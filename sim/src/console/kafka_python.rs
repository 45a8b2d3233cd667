//! The lines seed 004's kafka-python programs print, formatted as Python formats them.

use super::python::PYTHON_NONE;
use crate::TopicPartition;
use crate::wire::client_error::{ClientError, ErrorKind};
use crate::wire::group::ErrorCode;

/// `print("receive, key: {}, value: {}".format(json.loads(message.key.decode()),
/// json.loads(message.value.decode())))`: `key` and `value` are already `str()` of what
/// `json.loads` gave ([`json_str`]).
pub fn receive_line(key: &str, value: &str) -> String {
    format!("receive, key: {key}, value: {value}")
}

/// `print("total offset: {}".format(str(toff)))` and `print("current offset: ...")`: a list
/// of `(partition, offset)` tuples as Python's `str` writes it (`None`: nothing committed).
pub fn offsets_line(label: &str, offsets: &[(i32, Option<i64>)]) -> String {
    let items: Vec<String> = offsets
        .iter()
        .map(|(partition, offset)| match offset {
            Some(offset) => format!("({partition}, {offset})"),
            None => format!("({partition}, {PYTHON_NONE})"),
        })
        .collect();
    format!("{label} offset: [{}]", items.join(", "))
}

/// `print("kafka left: {}".format(left_sum))`.
pub fn left_line(left: i64) -> String {
    format!("kafka left: {left}")
}

/// `print(offsets, response)` in a `commit_async` callback: the `{TopicPartition:
/// OffsetAndMetadata}` dict as Python's `repr` writes it (`kafka/structs.py` namedtuples),
/// then `str(response)`.
pub fn commit_callback_line(offsets: &[(TopicPartition, i64, i32)], response: &str) -> String {
    let items: Vec<String> = offsets
        .iter()
        .map(|(tp, offset, epoch)| {
            format!(
                "{}: OffsetAndMetadata(offset={offset}, metadata='', leader_epoch={epoch})",
                topic_partition(tp)
            )
        })
        .collect();
    format!("{{{}}} {response}", items.join(", "))
}

/// `repr(TopicPartition(topic, partition))`.
pub fn topic_partition(tp: &TopicPartition) -> String {
    format!(
        "TopicPartition(topic='{}', partition={})",
        tp.topic, tp.partition
    )
}

/// A kafka-python exception: its class in `kafka.errors` and `str()` of it
/// (`KafkaError.__str__` puts the class name first, `BrokerResponseError.__str__` the errno
/// before that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KafkaPythonError {
    pub class: &'static str,
    pub text: String,
}

impl KafkaPythonError {
    /// `KafkaError(arg)` of class `class`.
    pub fn new(class: &'static str, arg: &str) -> Self {
        Self {
            class,
            text: format!("{class}: {arg}"),
        }
    }

    /// The traceback's last line when nothing catches it.
    pub fn traceback(&self) -> String {
        format!("kafka.errors.{}: {}", self.class, self.text)
    }

    /// What a failed OffsetCommit completes with (3.0.12 `kafka/coordinator/consumer.py`
    /// `_handle_offset_commit_response`): a stale membership (UNKNOWN_MEMBER_ID,
    /// ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS) is `CommitFailedError(error_type())`, any
    /// other broker error `error_type()`; a commit with no group to commit in is
    /// `_send_offset_commit_request`'s `CommitFailedError`.
    pub fn of_commit(error: &ClientError) -> Self {
        match error.kind {
            ErrorKind::Broker(code) => {
                let broker = format!("[Error {}] {}", code.code(), broker_class(code));
                match code {
                    ErrorCode::UnknownMemberId
                    | ErrorCode::IllegalGeneration
                    | ErrorCode::RebalanceInProgress => Self::new("CommitFailedError", &broker),
                    _ => Self {
                        class: broker_class(code),
                        text: broker,
                    },
                }
            }
            ErrorKind::AssignmentLost | ErrorKind::State => Self::new(
                "CommitFailedError",
                "Offset commit cannot be completed since the consumer is not part of an active \
                 group for auto partition assignment; it is likely that the consumer was kicked \
                 out of the group.",
            ),
            _ => Self::new("KafkaError", error.kind.description()),
        }
    }
}

/// kafka-python's class for a broker error code (`kafka/errors.py`).
fn broker_class(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::UnknownServerError => "UnknownError",
        ErrorCode::OffsetMetadataTooLarge => "OffsetMetadataTooLargeError",
        ErrorCode::IllegalGeneration => "IllegalGenerationError",
        ErrorCode::InconsistentGroupProtocol => "InconsistentGroupProtocolError",
        ErrorCode::InvalidGroupId => "InvalidGroupIdError",
        ErrorCode::UnknownMemberId => "UnknownMemberIdError",
        ErrorCode::InvalidSessionTimeout => "InvalidSessionTimeoutError",
        ErrorCode::RebalanceInProgress => "RebalanceInProgressError",
        ErrorCode::GroupIdNotFound => "GroupIdNotFoundError",
        ErrorCode::MemberIdRequired => "MemberIdRequiredError",
        ErrorCode::FencedInstanceId => "FencedInstanceIdError",
    }
}

/// `str(json.loads(text))` for what the seed's producer writes (`json.dumps` of a str or a
/// number): a JSON string prints its characters, a number its digits, `true`/`false`/`null`
/// Python's `True`/`False`/`None`; an array or object keeps its JSON text (Python would print
/// its repr). `None` when `json.loads` raises `JSONDecodeError`.
pub fn json_str(text: &str) -> Option<String> {
    use serde_json::Value;
    Some(match serde_json::from_str::<Value>(text).ok()? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => PYTHON_NONE.into(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_print_as_python_prints_them() {
        assert_eq!(
            receive_line(
                &json_str("\"count_num\"").unwrap(),
                &json_str("\"0\"").unwrap()
            ),
            "receive, key: count_num, value: 0"
        );
        assert_eq!(
            offsets_line("current", &[(0, Some(3)), (1, None)]),
            "current offset: [(0, 3), (1, None)]"
        );
        assert_eq!(offsets_line("total", &[]), "total offset: []");
        assert_eq!(json_str("count_num"), None);
        assert_eq!(json_str("7"), Some("7".into()));
        let tp = TopicPartition::new("t", 1);
        assert_eq!(
            commit_callback_line(&[(tp, 3, 0)], PYTHON_NONE),
            "{TopicPartition(topic='t', partition=1): OffsetAndMetadata(offset=3, metadata='', \
             leader_epoch=0)} None"
        );
        assert_eq!(commit_callback_line(&[], PYTHON_NONE), "{} None");
    }

    #[test]
    fn commit_failures_read_as_kafka_python_raises_them() {
        let stale = ClientError::broker(ErrorCode::UnknownMemberId);
        assert_eq!(
            KafkaPythonError::of_commit(&stale).traceback(),
            "kafka.errors.CommitFailedError: CommitFailedError: [Error 25] UnknownMemberIdError"
        );
        let large = ClientError::broker(ErrorCode::OffsetMetadataTooLarge);
        assert_eq!(
            KafkaPythonError::of_commit(&large).text,
            "[Error 12] OffsetMetadataTooLargeError"
        );
    }
}
