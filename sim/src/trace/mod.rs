//! The trace: everything that happened, in order, with its time, sequence number and cause.
//! Views, console output and checks are functions of the trace and the state.
//!
//! Every node records into it, so it depends on no node: the coordinator's events are
//! [`group`], the consumer program's [`consumer`]. (One exception is left: the consumer
//! client's events still live in `consumer/client.rs` and move to [`consumer`] with its split.)

pub mod consumer;
pub mod group;
mod shared;

pub use crate::console::Stream;
pub use crate::wire::MetadataReason;
pub use shared::Trace;

use crate::TopicPartition;
use crate::console::{Line, ProducerPrint, log_line, terminate_log_line};
use crate::ids::{MessageId, Millis, Process, RequestId};
use crate::wire::{Api, KafkaError};
use consumer::ClientEvent;
use consumer::ProgramEvent;
use serde::Serialize;

/// Why an event happened. Every entry of the trace holds one, so it is 16 bytes: a
/// [`Process`] would make it 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Cause {
    /// A command (from the faults timeline or the UI).
    Command,
    /// A statement of a client program, by its line in the Python source.
    Line { process: LineProcess, line: u32 },
    /// A message arriving or a timer firing, scheduled by the event with this trace sequence.
    After(u64),
    /// Set-up at construction.
    Start,
}

/// The process of a [`Cause::Line`], as a [`Process`] with a 32-bit index; it serializes as
/// the `Process` it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LineProcess {
    Producer(u32),
    Consumer(u32),
}

impl LineProcess {
    /// `process`, whose index is a position in a scenario's list of processes: a list that
    /// long (2^32) could not be held in memory, so the index always fits.
    pub fn new(process: Process) -> Self {
        let index = |i: usize| u32::try_from(i).expect("fewer than 2^32 processes");
        match process {
            Process::Producer(i) => Self::Producer(index(i)),
            Process::Consumer(i) => Self::Consumer(index(i)),
        }
    }
}

/// Past-tense facts, appended to the trace. Every entry of the trace is as large as the
/// largest event, so the message lists are boxed slices (16 bytes, not a `Vec`'s 24) and
/// the rare large payloads are boxed (`tests/trace_entry_size.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Event {
    BrokerCrashed {
        broker: i32,
    },
    BrokerRestarted {
        broker: i32,
    },
    /// The controller noticed a crashed broker (`broker.session.timeout.ms` without heartbeat).
    BrokerFenced {
        broker: i32,
    },
    ResponseDropArmed {
        broker: i32,
    },
    /// `broker` processed a request but its answer was lost (`DropNextResponse`): the
    /// connection breaks instead, and the client's requests in flight on it fail.
    ResponseDropped {
        broker: i32,
        #[serde(flatten)]
        response: DroppedResponse,
    },
    FollowerDelayed {
        broker: i32,
        delay_ms: Millis,
    },
    /// CreatePartitions grew a topic to `count` partitions.
    PartitionsAdded {
        topic: String,
        count: i32,
    },
    /// CreatePartitions was refused, with the controller's message.
    PartitionsRefused {
        topic: String,
        count: i32,
        message: String,
    },
    ProducerStarted {
        client: usize,
    },
    RecordAppended {
        broker: i32,
        tp: TopicPartition,
        offset: i64,
        message: MessageId,
    },
    DuplicateIgnored {
        broker: i32,
        tp: TopicPartition,
        base_offset: i64,
    },
    ReplicaFetched {
        broker: i32,
        tp: TopicPartition,
        from_offset: i64,
        count: usize,
    },
    HighWatermarkAdvanced {
        tp: TopicPartition,
        high_watermark: i64,
    },
    LeaderElected {
        tp: TopicPartition,
        leader: i32,
        epoch: i32,
    },
    PartitionOffline {
        tp: TopicPartition,
    },
    IsrShrunk {
        tp: TopicPartition,
        broker: i32,
    },
    IsrExpanded {
        tp: TopicPartition,
        broker: i32,
    },
    LogTruncated {
        broker: i32,
        tp: TopicPartition,
        offset: i64,
        removed: Box<[MessageId]>,
    },
    MessageQueued {
        message: MessageId,
        tp: TopicPartition,
        bytes: usize,
    },
    /// A message that waited for its topic's metadata (queued on partition -1, librdkafka's
    /// UA partition) got its partition (`rd_kafka_topic_assign_uas`).
    MessagePartitioned {
        message: MessageId,
        tp: TopicPartition,
    },
    ProduceRaised {
        client: usize,
        error: String,
    },
    BatchSent {
        client: usize,
        request: RequestId,
        broker: i32,
        tp: TopicPartition,
        messages: Box<[MessageId]>,
    },
    BatchAcknowledged {
        client: usize,
        request: RequestId,
        tp: TopicPartition,
        base_offset: i64,
    },
    BatchFailed {
        client: usize,
        request: RequestId,
        tp: TopicPartition,
        error: KafkaError,
    },
    MessagesRetried {
        client: usize,
        tp: TopicPartition,
        messages: Box<[MessageId]>,
    },
    DeliveryReportQueued {
        message: MessageId,
        error: Option<KafkaError>,
    },
    DeliveryReportServed {
        message: MessageId,
        partition: i32,
        offset: i64,
        error: Option<KafkaError>,
    },
    /// librdkafka queued an error event for the application (a broker unreachable); the
    /// program's `error_cb` runs when `poll()`/`flush()` serves it. `reason` is the text
    /// `str(err)` shows.
    ClientError {
        process: Process,
        error: KafkaError,
        reason: String,
    },
    /// `poll()`/`flush()` served a queued error: `error_cb` runs, if the program has one.
    ClientErrorServed {
        process: Process,
        error: KafkaError,
    },
    /// A program statement ran (a producer's or a consumer's).
    LineExecuted {
        process: Process,
        line: u32,
    },
    /// A producer program printed (its JSON: `process`, `stream`, `text`). Boxed: with it
    /// inline this was the largest event, and every entry of the trace is as large as the
    /// largest event (`tests/trace_entry_size.rs`).
    Printed {
        process: Process,
        #[serde(flatten)]
        printed: Box<ProducerPrint>,
    },
    ProgramFinished {
        process: Process,
    },
    /// The program ended (Python's exit destroys the `Producer`: confluent-kafka-python
    /// `Producer_dealloc` calls `rd_kafka_destroy`) with `messages` (`bytes` of values) not
    /// yet reported: librdkafka logs its TERMINATE warning and drops them unsent, their
    /// delivery reports never made or never served (rdkafka.c `rd_kafka_destroy_app`,
    /// `rd_kafka_destroy_internal` purging the reply queue and the topics' queues).
    ProducerTerminated {
        client: usize,
        messages: usize,
        bytes: usize,
    },
    ConsumerStarted {
        consumer: usize,
    },
    /// Ctrl+C in the consumer's terminal.
    ConsumerInterrupted {
        consumer: usize,
    },
    /// `running = False` in the consumer's program: its `while running:` loop ends at its
    /// next head.
    ConsumerStopRequested {
        consumer: usize,
    },
    /// The consumer's process was killed: it sends nothing more.
    ConsumerKilled {
        consumer: usize,
    },
    /// What a consumer's client did.
    Consumer {
        consumer: usize,
        event: ClientEvent,
    },
    /// What a consumer's program did; its statements and its end are
    /// [`Event::LineExecuted`] and [`Event::ProgramFinished`], as a producer's.
    ConsumerProgram {
        consumer: usize,
        event: ProgramEvent,
    },
    /// What the group coordinator did (`Sim::coordinator_of` names its broker). Boxed: its
    /// events are few and the largest, and every entry of the trace is as large as the
    /// largest event (`tests/trace_entry_size.rs`).
    Coordinator {
        event: Box<group::Event>,
    },
    /// A client sent a Metadata request to `broker`.
    MetadataRequested {
        process: Process,
        broker: i32,
        reason: MetadataReason,
    },
    /// `broker`'s Metadata answer reached the client.
    MetadataAnswered {
        process: Process,
        broker: i32,
        reason: MetadataReason,
    },
    /// A consumer's request got no answer: its broker crashed (`_TRANSPORT`) or no longer
    /// leads the partition. The client sends it again.
    ConsumerRequestFailed {
        consumer: usize,
        broker: i32,
        error: KafkaError,
    },
}

/// Which answer a [`Event::ResponseDropped`] lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum DroppedResponse {
    /// The answer to producer `client`'s produce request `request` (its [`Event::BatchSent`]).
    Produce { client: usize, request: RequestId },
    /// The answer to a request of kind `api` that `process` sent.
    Request { process: Process, api: Api },
}

/// One line of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEntry {
    pub time: Millis,
    pub seq: u64,
    pub cause: Cause,
    pub event: Event,
}

impl Event {
    /// The group coordinator's event, if this is one.
    pub fn coordinator(&self) -> Option<&group::Event> {
        match self {
            Event::Coordinator { event } => Some(event),
            _ => None,
        }
    }
}

impl TraceEntry {
    /// The lines this entry shows on a program's console, and whose console: a producer's
    /// print, a consumer program's print, or librdkafka's MAXPOLL or TERMINATE log line, stamped with the
    /// wall clock (`epoch_ms` at virtual time 0).
    pub fn console(&self, epoch_ms: u64) -> Option<(Process, Vec<Line>)> {
        match &self.event {
            Event::Printed { process, printed } => Some((*process, printed.lines())),
            Event::ConsumerProgram {
                consumer,
                event: ProgramEvent::Printed { printed, .. },
            } => Some((Process::Consumer(*consumer), printed.lines())),
            Event::Consumer {
                consumer,
                event: ClientEvent::Logged { facility, text },
            } => Some((
                Process::Consumer(*consumer),
                vec![log_line(epoch_ms + self.time, *facility, text)],
            )),
            Event::ProducerTerminated {
                client,
                messages,
                bytes,
            } => Some((
                Process::Producer(*client),
                vec![terminate_log_line(epoch_ms + self.time, *messages, *bytes)],
            )),
            _ => None,
        }
    }
}
