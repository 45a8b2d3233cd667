//! What a consumer program prints, as data, and its lines in the course's formats.

use super::kafka_python::{commit_callback_line, left_line, offsets_line, receive_line};
use super::lines::{
    ABORTED, START_LISTENING, assigned_line, commit_line, error_line, failed_commit_line, lag_line,
    lost_line, record_line, revoked_line, seek_line, total_lag_line,
};
use super::python::{KafkaError, PartitionOffset, try_decode_utf8};
use super::{Line, Stream};
use crate::TopicPartition;
use crate::wire::Bytes;
use crate::wire::client_error::ClientError;
use serde::{Serialize, Serializer};

/// Which rebalance callback ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CallbackKind {
    OnAssign,
    OnRevoke,
    OnLost,
}

/// What a consumer program prints: [`consumer_lines`] formats it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Printed {
    StartListening,
    /// A record line; key and value print through `try_decode_utf8`. They are the record's
    /// own bytes, shared, rather than text decoded for every record a program prints (two new
    /// strings per record showed in the consumer benchmark); they serialize decoded.
    Record {
        tp: TopicPartition,
        offset: i64,
        #[serde(serialize_with = "decoded")]
        key: Option<Bytes>,
        #[serde(serialize_with = "decoded")]
        value: Option<Bytes>,
    },
    /// A rebalance callback's partition list.
    Partitions {
        callback: CallbackKind,
        partitions: Vec<TopicPartition>,
    },
    /// `on_commit`: a failure line, or one committed line per partition.
    CommitCallback(CommitResult),
    /// `print_sync_commit_result(offsets)`.
    SyncCommitResult(Vec<CommittedPartition>),
    /// `print(e)` of an exception.
    Exception(ClientError),
    /// `sys.stderr.write('Aborted by user\n')`.
    Aborted,
    Seeking {
        tp: TopicPartition,
        offset: i64,
    },
    /// `error_cb`.
    Error(ClientError),
    /// Consumer_lag's line for one partition; `committed` is `None` for `OFFSET_INVALID`.
    Lag {
        tp: TopicPartition,
        committed: Option<i64>,
        end: i64,
        lag: i64,
    },
    /// `print('Total lag: %d' % total_lag)`.
    TotalLag(i64),
    /// kafka-python seed 004: `print("receive, key: {}, value: {}".format(...))`, key and
    /// value after `json.loads`.
    Receive {
        key: String,
        value: String,
    },
    /// A fixed text, `print("start to cal offset:")`.
    Text(String),
    /// kafka-python seed 004's `total offset: [...]` (`label` "total") or
    /// `current offset: [...]` ("current").
    Offsets {
        label: String,
        offsets: Vec<(i32, Option<i64>)>,
    },
    /// kafka-python seed 004's `kafka left: N`.
    Left(i64),
    /// The last line of the traceback Python writes for an exception nothing caught.
    Traceback(String),
    /// kafka-python `commit_async`'s callback: `print(offsets, response)`, the offsets dict
    /// as `(partition, offset, leader_epoch)` and `response` as `str()` prints it (`None`
    /// on success).
    CommitAsyncCallback {
        offsets: Vec<(TopicPartition, i64, i32)>,
        response: String,
    },
}

/// One partition of a commit as the `on_commit` callback (or `commit(asynchronous=False)`)
/// reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommittedPartition {
    pub tp: TopicPartition,
    /// `OFFSET_INVALID` (-1001) for a partition with nothing to commit.
    pub offset: i64,
    pub error: Option<ClientError>,
}

/// The outcome of a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitResult {
    pub error: Option<ClientError>,
    pub partitions: Vec<CommittedPartition>,
}

impl Printed {
    /// `sys.stderr.write('Aborted by user\n')` writes stderr; every other line is a `print`.
    pub fn stream(&self) -> Stream {
        match self {
            Printed::Aborted | Printed::Traceback(_) => Stream::Stderr,
            _ => Stream::Stdout,
        }
    }

    /// Its lines on the console.
    pub fn lines(&self) -> Vec<Line> {
        let stream = self.stream();
        consumer_lines(self)
            .into_iter()
            .map(|text| Line { stream, text })
            .collect()
    }
}

/// The lines a consumer program's print prints, in the course's formats
/// ([`super::lines`]): one per partition for the commit results.
pub fn consumer_lines(printed: &Printed) -> Vec<String> {
    let committed = |partitions: &[CommittedPartition]| -> Vec<String> {
        partitions
            .iter()
            .map(|p| commit_line(&p.tp.topic, p.tp.partition, p.offset))
            .collect()
    };
    match printed {
        Printed::StartListening => vec![START_LISTENING.to_owned()],
        Printed::Record {
            tp,
            offset,
            key,
            value,
        } => vec![record_line(
            &tp.topic,
            tp.partition,
            *offset,
            try_decode_utf8(key.as_deref()).as_deref(),
            try_decode_utf8(value.as_deref()).as_deref(),
        )],
        Printed::Partitions {
            callback,
            partitions,
        } => {
            let names: Vec<(&str, i32)> = partitions
                .iter()
                .map(|tp| (tp.topic.as_str(), tp.partition))
                .collect();
            vec![match callback {
                CallbackKind::OnAssign => assigned_line(&names),
                CallbackKind::OnRevoke => revoked_line(&names),
                CallbackKind::OnLost => lost_line(&names),
            }]
        }
        Printed::CommitCallback(result) => match &result.error {
            Some(error) => vec![failed_commit(error, &result.partitions)],
            None => committed(&result.partitions),
        },
        Printed::SyncCommitResult(partitions) => committed(partitions),
        Printed::Exception(error) => vec![error.to_string()],
        Printed::Aborted => vec![ABORTED.to_owned()],
        Printed::Seeking { tp, offset } => vec![seek_line(&tp.topic, tp.partition, *offset)],
        Printed::Error(error) => vec![error_line(error)],
        Printed::Lag {
            tp,
            committed,
            end,
            lag,
        } => vec![lag_line(&tp.topic, tp.partition, *committed, *end, *lag)],
        Printed::TotalLag(total) => vec![total_lag_line(*total)],
        Printed::Receive { key, value } => vec![receive_line(key, value)],
        Printed::Text(text) | Printed::Traceback(text) => vec![text.clone()],
        Printed::Offsets { label, offsets } => vec![offsets_line(label, offsets)],
        Printed::Left(left) => vec![left_line(*left)],
        Printed::CommitAsyncCallback { offsets, response } => {
            vec![commit_callback_line(offsets, response)]
        }
    }
}

/// A record's key or value as the program prints it: `try_decode_utf8`'s text, or `None`.
fn decoded<S: Serializer>(data: &Option<Bytes>, serializer: S) -> Result<S::Ok, S::Error> {
    try_decode_utf8(data.as_deref()).serialize(serializer)
}

/// [`failed_commit_line`] of a failed commit of the model.
fn failed_commit(error: &ClientError, partitions: &[CommittedPartition]) -> String {
    let names: Vec<String> = partitions
        .iter()
        .map(|p| p.error.as_ref().map(|e| e.kind.name()).unwrap_or_default())
        .collect();
    let offsets: Vec<PartitionOffset> = partitions
        .iter()
        .zip(&names)
        .map(|(p, name)| PartitionOffset {
            topic: &p.tp.topic,
            partition: p.tp.partition,
            offset: p.offset,
            leader_epoch: None,
            error: p.error.as_ref().map(|e| KafkaError::of_client(name, e)),
        })
        .collect();
    failed_commit_line(&KafkaError::of_client(&error.kind.name(), error), &offsets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::group::ErrorCode;

    #[test]
    fn a_record_prints_and_serializes_its_key_and_value_through_try_decode_utf8() {
        let printed = Printed::Record {
            tp: TopicPartition::new("t", 1),
            offset: 7,
            key: Some(Bytes::from(&b""[..])),
            value: Some(Bytes::from(&b"msg_7"[..])),
        };
        assert_eq!(consumer_lines(&printed), ["t-1-7 : (None , msg_7)"]);
        assert_eq!(
            serde_json::to_string(&printed).unwrap(),
            r#"{"Record":{"tp":{"topic":"t","partition":1},"offset":7,"key":null,"value":"msg_7"}}"#
        );
    }

    #[test]
    fn a_failed_commit_callback_prints_the_error_and_its_partitions() {
        // The commit on removal after on_lost: refused, and each sent partition says why.
        let error = ClientError::broker(ErrorCode::UnknownMemberId);
        let printed = Printed::CommitCallback(CommitResult {
            error: Some(error.clone()),
            partitions: vec![CommittedPartition {
                tp: TopicPartition::new("ak03.test", 0),
                offset: 12,
                error: Some(error),
            }],
        });
        assert_eq!(
            consumer_lines(&printed),
            [
                "# Failed to commit offsets: KafkaError{code=UNKNOWN_MEMBER_ID,val=25,str=\"Broker: Unknown member\"}: [TopicPartition{topic=ak03.test,partition=0,offset=12,leader_epoch=None,error=KafkaError{code=UNKNOWN_MEMBER_ID,val=25,str=\"Broker: Unknown member\"}}]"
            ]
        );
    }
}
