//! What travels between nodes, and the errors it carries: produce requests and responses,
//! follower fetches, the consumers' reads of partition leaders, the group coordinator's API,
//! and the error codes. A leaf below every node: brokers, coordinator and clients all speak it,
//! and it knows none of them.
//!
//! * [`produce`]: ProduceRequest and its response, the idempotent producer's stamp.
//! * [`replica`]: follower fetches and the records a replica stores.
//! * [`log`]: what a consumer asks of a partition's leader (fetch, ListOffsets, watermarks).
//! * [`group`]: the group coordinator's requests and responses (JoinGroup ... OffsetFetch).
//! * [`metadata`]: a Metadata request and its answer (brokers, partition leaders).
//! * [`consumer`]: the envelope a consumer's requests and answers travel in.
//! * [`error`]: [`KafkaError`], librdkafka's error codes.

pub mod client_error;
pub mod consumer;
pub mod error;
pub mod group;
pub mod log;
pub mod metadata;
pub mod produce;
pub mod replica;

pub use client_error::{ClientError, ErrorKind};
pub use consumer::{ConsumerRequest, ConsumerResponse, MetadataReason};
pub use error::KafkaError;
pub use log::{LogEnd, LogRecord, LogRequest, LogResponse};
pub use metadata::{MetadataRequest, MetadataResponse};
pub use produce::{ProduceRequest, ProduceResponse, ProducerStamp, RecordDraft};
pub use replica::{FetchRequest, FetchResponse, Record};

use serde::Serialize;
use std::rc::Rc;

/// Key and value bytes, shared between the replicas' copies of a record.
pub type Bytes = Rc<[u8]>;

/// The offset of a message or partition without one (`RD_KAFKA_OFFSET_INVALID`, librdkafka
/// src/rdkafka.h): an acks=0 delivery report's offset, a partition with nothing stored in
/// `on_commit`.
pub const OFFSET_INVALID: i64 = -1001;

/// A request's API (Kafka's ApiKeys), as the trace names a lost answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Api {
    Produce,
    Fetch,
    ListOffsets,
    Metadata,
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit,
    OffsetFetch,
}

/// A message on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Produce(ProduceRequest),
    ProduceResponse(ProduceResponse),
    Fetch(FetchRequest),
    FetchResponse(FetchResponse),
    /// A producer's Metadata request, and its answer.
    Metadata(MetadataRequest),
    MetadataResponse(MetadataResponse),
    /// A consumer's request `id` (its correlation id, numbered by the sender). Boxed, as is
    /// the answer: they are the largest messages (168 and 128 bytes), every message takes the
    /// size of the largest, and a step moves its message several times.
    ConsumerRequest {
        id: u64,
        request: Box<ConsumerRequest>,
    },
    /// A broker's answer to the consumer's request `id`.
    ConsumerResponse {
        id: u64,
        response: Box<ConsumerResponse>,
    },
    /// The broker's connection to a client broke. TCP delivers in order, so a lost response
    /// is a broken connection: every request in flight on it fails.
    ConnectionClosed {
        broker: i32,
    },
}

impl Message {
    /// The API a response to a client answers; `None` for anything else.
    pub fn response_api(&self) -> Option<Api> {
        match self {
            Self::ProduceResponse(_) => Some(Api::Produce),
            Self::MetadataResponse(_) => Some(Api::Metadata),
            Self::ConsumerResponse { response, .. } => Some(response.api()),
            _ => None,
        }
    }
}
