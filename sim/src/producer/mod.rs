//! The producer as librdkafka (confluent-kafka-python) behaves, and the processes that run the
//! course's producer programs against it.
//!
//! * [`client`]: `produce()` enqueues (or raises `BufferError`), batching per partition,
//!   in-flight limits, retries with backoff, `message.timeout.ms`, the idempotent producer's
//!   sequence numbers, epochs and fatal errors, and the delivery-report queue that only
//!   `poll()`/`flush()` serve.
//! * [`metadata`]: what the producer learned from its Metadata answers (partition leaders)
//!   and when it asks again.
//! * [`program`] and [`process`]: client programs as data and the producer's table of calls,
//!   run in virtual time on the shared interpreter ([`crate::program`]).
//! * [`kafka_python`]: kafka-python's `send()` arguments and the exceptions its futures hold,
//!   for the kafka-python profile (the client above runs its batching, with its rules).
//! * [`payload`]: keys and values as bytes (strings as UTF-8, Producer_04's Employee JSON).
//! * [`accounting`]: what became of every message.
//! * [`crate::connection`] (shared with the consumers): the broker connections, what
//!   `error_cb` hears when a broker is down.

pub mod accounting;
pub mod client;
mod error;
pub mod kafka_python;
pub mod metadata;
mod node;
pub mod payload;
pub mod process;
pub mod program;
mod settings;

pub use crate::connection::ClientError;
pub use crate::wire::OFFSET_INVALID;
pub use accounting::{MessageFate, Tally};
pub use client::{ClientTimer, DeliveryReport, NewMessage, ProduceError, ProducerClient, Reply};
pub use payload::{Employee, Part, Payload, Text};
pub use process::{ProcessState, ProducerProcess};
pub use program::{Call, Callback, CallbackPrints, Except, Program, Stmt, Timeout};
pub use settings::ProducerSettings;
