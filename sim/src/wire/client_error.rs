//! The errors a consumer program sees, named, numbered and described as librdkafka does
//! (`rd_kafka_err2name`, `rd_kafka_err2str`; the table `rd_kafka_err_descs` in
//! librdkafka src/rdkafka.c, the codes in src/rdkafka.h).

use crate::wire::KafkaError;
use crate::wire::group::ErrorCode;
use serde::Serialize;

/// Which error: librdkafka's local errors (negative codes) and the broker's group errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    /// `_NO_OFFSET`: an offset-less commit found nothing stored beyond the committed offsets.
    NoOffset,
    /// `_ASSIGNMENT_LOST`: a commit of the current assignment after it was lost.
    AssignmentLost,
    /// `_MAX_POLL_EXCEEDED`: the application did not poll within `max.poll.interval.ms`.
    MaxPollExceeded,
    /// `_AUTO_OFFSET_RESET`: no committed offset and `auto.offset.reset=error`.
    AutoOffsetReset,
    /// `_FATAL`: the consumer is unusable (a static member fenced by a newer instance).
    Fatal,
    /// `_INVALID_ARG`: e.g. `store_offsets()` while `enable.auto.offset.store=true`.
    InvalidArg,
    /// `_STATE`: e.g. `seek()` on a partition that is not assigned (of a topic the client
    /// has had partitions of).
    State,
    /// `_UNKNOWN_PARTITION`: `seek()` on a partition of a topic the client has no object for.
    UnknownPartition,
    /// `_TIMED_OUT`: a blocking call's timeout ran out before its answer came.
    TimedOut,
    /// An error the group coordinator returned.
    Broker(ErrorCode),
    /// A broker connection's error for `error_cb` (`_TRANSPORT`, `_ALL_BROKERS_DOWN`), the
    /// same codes a producer reports ([`crate::connection`]).
    Connection(KafkaError),
}

impl ErrorKind {
    /// The name as confluent-kafka-python prints it (`KafkaError.name()`).
    pub fn name(self) -> String {
        match self {
            Self::NoOffset => "_NO_OFFSET".into(),
            Self::AssignmentLost => "_ASSIGNMENT_LOST".into(),
            Self::MaxPollExceeded => "_MAX_POLL_EXCEEDED".into(),
            Self::AutoOffsetReset => "_AUTO_OFFSET_RESET".into(),
            Self::Fatal => "_FATAL".into(),
            Self::InvalidArg => "_INVALID_ARG".into(),
            Self::State => "_STATE".into(),
            Self::UnknownPartition => "_UNKNOWN_PARTITION".into(),
            Self::TimedOut => "_TIMED_OUT".into(),
            // librdkafka names the protocol's UNKNOWN_SERVER_ERROR (-1) RD_KAFKA_RESP_ERR_UNKNOWN.
            Self::Broker(ErrorCode::UnknownServerError) => "UNKNOWN".into(),
            Self::Broker(code) => code.to_string(),
            Self::Connection(error) => error.name().into(),
        }
    }

    /// The numeric code (`rd_kafka_resp_err_t`).
    pub fn code(self) -> i32 {
        match self {
            Self::NoOffset => -168,
            Self::AssignmentLost => -142,
            Self::MaxPollExceeded => -147,
            Self::AutoOffsetReset => -140,
            Self::Fatal => -150,
            Self::InvalidArg => -186,
            Self::State => -172,
            Self::UnknownPartition => -190,
            Self::TimedOut => -185,
            Self::Broker(code) => i32::from(code.code()),
            Self::Connection(error) => error.code(),
        }
    }

    /// The description, `rd_kafka_err2str`.
    pub fn description(self) -> &'static str {
        match self {
            Self::NoOffset => "Local: No offset stored",
            Self::AssignmentLost => "Local: Group partition assignment lost",
            Self::MaxPollExceeded => {
                "Local: Maximum application poll interval (max.poll.interval.ms) exceeded"
            }
            Self::AutoOffsetReset => "Local: No offset to automatically reset to",
            Self::Fatal => "Local: Fatal error",
            Self::InvalidArg => "Local: Invalid argument or configuration",
            Self::State => "Local: Erroneous state",
            Self::UnknownPartition => "Local: Unknown partition",
            Self::TimedOut => "Local: Timed out",
            Self::Broker(code) => broker_description(code),
            Self::Connection(error) => error.description(),
        }
    }
}

/// `rd_kafka_err2str` of a broker error: the table `rd_kafka_err_descs` (librdkafka src/rdkafka.c).
fn broker_description(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::UnknownServerError => "Unknown broker error",
        ErrorCode::OffsetMetadataTooLarge => "Broker: Offset metadata string too large",
        ErrorCode::IllegalGeneration => "Broker: Specified group generation id is not valid",
        ErrorCode::InconsistentGroupProtocol => "Broker: Inconsistent group protocol",
        ErrorCode::InvalidGroupId => "Broker: Invalid group.id",
        ErrorCode::UnknownMemberId => "Broker: Unknown member",
        ErrorCode::InvalidSessionTimeout => "Broker: Invalid session timeout",
        ErrorCode::RebalanceInProgress => "Broker: Group rebalance in progress",
        ErrorCode::GroupIdNotFound => "Broker: The group id does not exist",
        ErrorCode::MemberIdRequired => "Broker: Group member needs a valid member ID",
        ErrorCode::FencedInstanceId => {
            "Broker: Static consumer fenced by other consumer with same group.instance.id"
        }
    }
}

/// A `confluent_kafka.KafkaError`: its kind and its text (the description, or a richer
/// message such as the one `_MAX_POLL_EXCEEDED` carries).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ClientError {
    pub fn new(kind: ErrorKind) -> Self {
        Self::with_message(kind, kind.description())
    }

    /// A call that failed with `kind`, as its message says so: `"<what>: <rd_kafka_err2str>"`,
    /// the shape of confluent-kafka-python's `cfl_PyErr_Format(err, "Commit failed: %s", ...)`
    /// (Consumer.c) and of librdkafka's own ("JoinGroup failed: %s", rdkafka_cgrp.c).
    pub fn failed(kind: ErrorKind, what: &str) -> Self {
        Self::with_message(kind, format!("{what}: {}", kind.description()))
    }

    pub fn with_message(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn broker(code: ErrorCode) -> Self {
        Self::new(ErrorKind::Broker(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    /// Printed by the console (`console::python`).
    fn errors_print_as_confluent_kafka_python_prints_them() {
        assert_eq!(
            ClientError::new(ErrorKind::NoOffset).to_string(),
            "KafkaError{code=_NO_OFFSET,val=-168,str=\"Local: No offset stored\"}"
        );
        assert_eq!(
            ClientError::broker(ErrorCode::RebalanceInProgress).to_string(),
            "KafkaError{code=REBALANCE_IN_PROGRESS,val=27,str=\"Broker: Group rebalance in progress\"}"
        );
        assert_eq!(ErrorKind::AssignmentLost.code(), -142);
        // librdkafka's own words and names, not the protocol's (rd_kafka_err_descs).
        assert_eq!(
            ClientError::broker(ErrorCode::UnknownServerError).to_string(),
            "KafkaError{code=UNKNOWN,val=-1,str=\"Unknown broker error\"}"
        );
        assert_eq!(
            ErrorKind::Broker(ErrorCode::GroupIdNotFound).description(),
            "Broker: The group id does not exist"
        );
    }
}
