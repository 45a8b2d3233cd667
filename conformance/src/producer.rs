//! A librdkafka producer (`BaseProducer`: nothing polls it behind the test's back) that records
//! every delivery report together with the `poll()`/`flush()` call it ran in.

use rdkafka::ClientConfig;
use rdkafka::error::KafkaResult;
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{ClientContext, Message};
use std::sync::Mutex;
use std::time::Duration;

/// The application call that served a delivery report: the `n`-th `poll()` or `flush()` of
/// the producer, counted from 0 over both kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Call {
    Poll(usize),
    Flush(usize),
}

/// One delivery report as the application's callback saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The number of the `send` (0, 1, ...) the report is for.
    pub message: usize,
    /// `None`: the callback ran outside every `poll()`/`flush()` of the application.
    pub call: Option<Call>,
    pub partition: i32,
    /// The offset the broker gave it; `None` for a failed delivery.
    pub offset: Option<i64>,
    pub error: Option<RDKafkaErrorCode>,
}

#[derive(Default)]
struct Log {
    calls: usize,
    current: Option<Call>,
    reports: Vec<DeliveryReport>,
}

/// The producer's context: the delivery callback appends to the log.
#[derive(Default)]
pub struct Recorder {
    log: Mutex<Log>,
}

impl ClientContext for Recorder {}

impl ProducerContext for Recorder {
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, message: usize) {
        let mut log = self.log.lock().expect("log");
        let call = log.current;
        let report = match result {
            Ok(delivered) => DeliveryReport {
                message,
                call,
                partition: delivered.partition(),
                offset: Some(delivered.offset()),
                error: None,
            },
            Err((error, undelivered)) => DeliveryReport {
                message,
                call,
                partition: undelivered.partition(),
                offset: None,
                error: error.rdkafka_error_code(),
            },
        };
        log.reports.push(report);
    }
}

/// A producer whose sends are numbered and whose delivery reports are recorded.
pub struct RecordingProducer {
    producer: BaseProducer<Recorder>,
    sent: usize,
}

impl RecordingProducer {
    pub fn new(config: &ClientConfig) -> Self {
        let producer = config
            .create_with_context(Recorder::default())
            .expect("create the producer");
        Self { producer, sent: 0 }
    }

    /// `produce()`: enqueues one message (key `None` = a NULL key) and returns its number.
    pub fn send(&mut self, topic: &str, key: Option<&[u8]>, payload: &[u8]) -> usize {
        let message = self.sent;
        let mut record = BaseRecord::with_opaque_to(topic, message).payload(payload);
        if let Some(key) = key {
            record = record.key(key);
        }
        self.producer
            .send(record)
            .map_err(|(error, _)| error)
            .expect("enqueue the message");
        self.sent += 1;
        message
    }

    /// `poll(timeout)`: serves every delivery report that is ready, as `rd_kafka_poll` does
    /// (`rdkafka.h`: "callbacks ... will be called"; the `rdkafka` crate's `poll` serves one
    /// event per call, so it is repeated while reports keep coming).
    pub fn poll(&self, timeout: Duration) {
        let call = self.begin(Call::Poll);
        self.producer.poll(timeout);
        loop {
            let served = self.report_count();
            self.producer.poll(Duration::ZERO);
            if self.report_count() == served {
                break;
            }
        }
        self.end(call);
    }

    fn report_count(&self) -> usize {
        self.producer
            .context()
            .log
            .lock()
            .expect("log")
            .reports
            .len()
    }

    /// `flush(timeout)`: waits until nothing is queued or in flight, serving reports meanwhile.
    pub fn flush(&self, timeout: Duration) -> KafkaResult<()> {
        let call = self.begin(Call::Flush);
        let result = self.producer.flush(timeout);
        self.end(call);
        result
    }

    /// `len()`: messages queued, in flight or waiting for their report to be served
    /// (`rd_kafka_outq_len`).
    pub fn len(&self) -> i32 {
        self.producer.in_flight_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The underlying producer, for what the recording does not wrap (transactions).
    pub fn base(&self) -> &BaseProducer<Recorder> {
        &self.producer
    }

    /// The reports recorded so far, in the order the callbacks ran.
    pub fn reports(&self) -> Vec<DeliveryReport> {
        self.producer
            .context()
            .log
            .lock()
            .expect("log")
            .reports
            .clone()
    }

    fn begin(&self, kind: fn(usize) -> Call) -> Call {
        let mut log = self.producer.context().log.lock().expect("log");
        let call = kind(log.calls);
        log.calls += 1;
        log.current = Some(call);
        call
    }

    fn end(&self, call: Call) {
        let mut log = self.producer.context().log.lock().expect("log");
        debug_assert_eq!(log.current, Some(call));
        log.current = None;
    }
}
