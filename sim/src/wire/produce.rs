//! What a producer sends and what the partition leader answers (ProduceRequest, KIP-98's
//! idempotent stamp).

use super::{Bytes, KafkaError};
use crate::TopicPartition;
use crate::config::Acks;
use crate::ids::{MessageId, RequestId};
use serde::{Deserialize, Serialize};

/// A record as the producer sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDraft {
    pub message: MessageId,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
}

/// The idempotent producer's stamp on a batch (KIP-98): producer id and epoch, and the
/// sequence number of the batch's first record; record i of the batch has sequence
/// `base_sequence + i`. Sequences start again at 0 in each epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProducerStamp {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRequest {
    pub id: RequestId,
    pub client: usize,
    pub tp: TopicPartition,
    pub acks: Acks,
    /// The broker-side ack timeout (`request.timeout.ms`).
    pub timeout_ms: u64,
    pub stamp: Option<ProducerStamp>,
    pub records: Vec<RecordDraft>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceResponse {
    pub id: RequestId,
    pub tp: TopicPartition,
    /// The base offset of the batch, or the error.
    pub result: Result<i64, KafkaError>,
}
