//! The scenario format's statements for the course's programs (issue 12, point 6) against
//! real librdkafka on the mock cluster: `produce(..., partition=N)` (where it lands, its
//! delivery report, a partition the topic does not have), `if msg.error(): print; continue`
//! before the processing (what is printed and processed), and `while running:` ended by a
//! flag (the poll running returns, the loop ends, `close()` revokes). The model side is the
//! same program as a scenario file (`kafka_sim::scenario`).

use kafka_lab_conformance::client_config;
use kafka_lab_conformance::member::partitions;
use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::producer::RecordingProducer;
use kafka_sim::TopicPartition;
use kafka_sim::consumer::{CallbackKind, Printed};
use kafka_sim::engine::Event;
use kafka_sim::scenario::{self, Outcome};
use rdkafka::ClientContext;
use rdkafka::Message;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::producer::BaseRecord;
use rdkafka::types::RDKafkaErrorCode;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn run_model(file: serde_json::Value) -> Outcome {
    let parsed = scenario::parse(&file.to_string()).expect("a valid scenario");
    parsed.run().expect("the model runs")
}

/// `produce(topic, value, partition=p)` on a real producer: the enqueue's error, if any.
fn send_to(
    producer: &RecordingProducer,
    number: usize,
    partition: i32,
) -> Result<(), RDKafkaErrorCode> {
    let record = BaseRecord::with_opaque_to("t", number)
        .partition(partition)
        .key("k")
        .payload("m");
    producer
        .base()
        .send(record)
        .map_err(|(error, _)| error.rdkafka_error_code().expect("a librdkafka error"))
}

#[test]
fn an_explicit_partition_lands_there_and_a_missing_one_raises_as_in_the_model() {
    let mock = Mock::start(1);
    mock.create_topic("t", 4);
    let config = client_config(&mock.bootstrap(), "p", &[]);

    // Before the topic's metadata has arrived, librdkafka cannot check the partition: the
    // message waits in the topic's unassigned queue and fails in its delivery report
    // (rdkafka_topic.c `rd_kafka_topic_assign_uas`). The broker answers slowly meanwhile, so
    // that the metadata cannot arrive before the send (on a loaded machine it did).
    mock.set_round_trip_time(1, Duration::from_millis(500));
    let early = RecordingProducer::new(&config);
    assert_eq!(send_to(&early, 0, 4), Ok(()));
    early.flush(Duration::from_secs(10)).expect("flush");
    mock.set_round_trip_time(1, Duration::ZERO);
    let early_reports = early.reports();
    assert_eq!(early_reports.len(), 1);
    assert_eq!(
        early_reports[0].error,
        Some(RDKafkaErrorCode::UnknownPartition)
    );

    // Once it has (a first message delivered), `produce()` itself refuses
    // (rdkafka_msg.c `rd_kafka_msg_partitioner`), which Python raises as KafkaException.
    let producer = RecordingProducer::new(&config);
    assert_eq!(send_to(&producer, 0, 0), Ok(()));
    producer.flush(Duration::from_secs(10)).expect("flush");
    for n in 1..=3 {
        assert_eq!(send_to(&producer, n, 1), Ok(()));
    }
    let raised = send_to(&producer, 4, 4);
    producer.flush(Duration::from_secs(10)).expect("flush");
    let real_partitions: Vec<(i32, Option<RDKafkaErrorCode>)> = producer
        .reports()
        .iter()
        .map(|r| (r.partition, r.error))
        .collect();
    assert_eq!(raised, Err(RDKafkaErrorCode::UnknownPartition));
    assert_eq!(
        real_partitions,
        [(0, None), (1, None), (1, None), (1, None)]
    );

    let model = run_model(json!({
        "cluster": {"brokers": 1},
        "topics": [{"name": "t", "partitions": 4}],
        "producers": [{"program": [
            {"produce": {"topic": "t", "key": "k", "value": "m", "partition": 0}},
            {"flush": {"timeout_ms": 10000}},
            {"for": {"count": 3, "body": [
                {"produce": {"topic": "t", "key": "k", "value": "m", "partition": 1}}]}},
            {"try": {"body": [
                {"produce": {"topic": "t", "key": "k", "value": "m", "partition": 4}}],
                "except": [{"catch": "Exception", "body": [{"print": {"text": "{exception}"}}]}]}},
            {"flush": {"timeout_ms": 10000}}]}]
    }));
    let mut model_partitions = Vec::new();
    let mut model_raised = Vec::new();
    for entry in model.sim.trace() {
        match &entry.event {
            Event::DeliveryReportServed {
                partition, error, ..
            } => model_partitions.push((*partition, error.is_some())),
            Event::ProduceRaised { error, .. } => model_raised.push(error.clone()),
            _ => {}
        }
    }
    assert_eq!(
        model_partitions,
        [(0, false), (1, false), (1, false), (1, false)]
    );
    assert_eq!(model_raised.len(), 1);
    assert!(
        model_raised[0].contains("code=_UNKNOWN_PARTITION,val=-190"),
        "{model_raised:?}"
    );
}

/// What the program printed or processed: an error item by its name, a record by where it
/// was.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Error(String),
    Record(i32, i64),
}

/// The course's error names for the codes this test meets (`rd_kafka_err2name`).
fn error_name(error: &KafkaError) -> String {
    match error.rdkafka_error_code() {
        Some(RDKafkaErrorCode::AutoOffsetReset) => "_AUTO_OFFSET_RESET".into(),
        other => format!("{other:?}"),
    }
}

#[test]
fn an_error_item_is_printed_and_skipped_without_processing_as_in_the_model() {
    let mock = Mock::start(1);
    mock.create_topic("t", 2);
    let producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "p", &[]));
    for (n, partition) in [0, 0, 0, 1, 1, 1].into_iter().enumerate() {
        assert_eq!(send_to(&producer, n, partition), Ok(()));
    }
    producer.flush(Duration::from_secs(10)).expect("flush");
    // Partition 0 has a committed offset, partition 1 none: with auto.offset.reset=error
    // its fetch start fails and poll() returns an error item for it.
    mock.commit("g", &TopicPartition::new("t", 0), 0);

    let settings = [
        ("group.id", "g"),
        ("auto.offset.reset", "error"),
        ("enable.auto.commit", "false"),
        ("session.timeout.ms", "6000"),
    ];
    let consumer: BaseConsumer = client_config(&mock.bootstrap(), "c", &settings)
        .create()
        .expect("create the consumer");
    consumer.subscribe(&["t"]).expect("subscribe");
    let work = Duration::from_millis(200);
    let mut real = Vec::new();
    let mut worked = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    while real.len() < 4 && Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(100)) {
            None => {}
            Some(Err(error)) => real.push(Seen::Error(error_name(&error))),
            Some(Ok(message)) => {
                thread::sleep(work);
                worked += 1;
                real.push(Seen::Record(message.partition(), message.offset()));
            }
        }
    }
    drop(consumer);

    let loop_body = json!([
        {"poll": {"line": 4, "timeout_ms": 1000}},
        {"for_each_record": {"line": 5, "body": [
            {"skip_if_error": {"line": 6, "print_line": 7}},
            {"work": {"line": 9, "ms": 200}},
            {"print_record": {"line": 10}}]}}]);
    let model = run_model(json!({
        "cluster": {"brokers": 1},
        "topics": [{"name": "t", "partitions": 2}],
        "producers": [{"program": [
            {"for": {"count": 3, "body": [
                {"produce": {"topic": "t", "value": "m", "partition": 0}},
                {"produce": {"topic": "t", "value": "m", "partition": 1}}]}},
            {"flush": {"timeout_ms": 10000}}]}],
        "consumers": [
            {"config": {"group.id": "g"}, "program": {"body": [
                {"assign": {"line": 1, "partitions": [[{"topic": "t", "partition": 0}, 0]]}},
                {"commit_offsets": {"line": 2, "asynchronous": false,
                    "offsets": [[{"topic": "t", "partition": 0}, 0]]}},
                {"close": {"line": 3}}]}},
            {"config": {"group.id": "g", "auto.offset.reset": "error",
                        "enable.auto.commit": false, "session.timeout.ms": 6000},
             "program": {"body": [
                {"subscribe": {"line": 1, "topics": ["t"]}},
                {"try": {"line": 2, "body": [{"loop": {"line": 3, "times": null, "body": loop_body}}],
                         "interrupt_line": 12, "except_line": 14, "finally": [{"close": {"line": 16}}]}}]},
             "start_at_ms": null}],
        "timeline": [
            {"after": {"consumer_closed": 0}, "command": "start_consumer", "consumer": 1},
            {"after": {"consumer_assigned": 1}, "wait_ms": 5000,
             "command": "interrupt_consumer", "consumer": 1}]
    }));
    let mut seen: Vec<Seen> = model
        .sim
        .consumer_console(1)
        .filter_map(|(_, _, printed)| match printed {
            Printed::Error(e) => Some(Seen::Error(e.kind.name())),
            Printed::Record { tp, offset, .. } => Some(Seen::Record(tp.partition, *offset)),
            _ => None,
        })
        .collect();
    let model_worked = model
        .sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::LineExecuted { line: 9, .. }))
        .count();

    // The error may come before, between or after the records: compare them as sets.
    real.sort();
    seen.sort();
    let expected = [
        Seen::Error("_AUTO_OFFSET_RESET".into()),
        Seen::Record(0, 0),
        Seen::Record(0, 1),
        Seen::Record(0, 2),
    ];
    assert_eq!(real, expected, "librdkafka");
    assert_eq!(seen, expected, "model");
    assert_eq!(
        (worked, model_worked),
        (3, 3),
        "processing time for records only"
    );
}

#[test]
fn clearing_running_ends_the_loop_after_the_poll_returns_then_close_revokes_as_in_the_model() {
    let mock = Mock::start(1);
    mock.create_topic("t", 1);
    let producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "p", &[]));
    for n in 0..3 {
        assert_eq!(send_to(&producer, n, 0), Ok(()));
    }
    producer.flush(Duration::from_secs(10)).expect("flush");

    let settings = [
        ("group.id", "g"),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "6000"),
    ];
    let callbacks = Arc::new(Mutex::new(Vec::new()));
    let consumer: BaseConsumer<Callbacks> = client_config(&mock.bootstrap(), "c", &settings)
        .create_with_context(Callbacks(Arc::clone(&callbacks)))
        .expect("create the consumer");
    consumer.subscribe(&["t"]).expect("subscribe");
    let mut consumed = Vec::new();
    let running = AtomicBool::new(true);
    let records = AtomicUsize::new(0);
    let poll = Duration::from_secs(1);
    let (stopped_at, exited_at) = thread::scope(|scope| {
        let stopper = scope.spawn(|| {
            // The signal handler: once the three records are in (the group's first
            // rebalance takes about 3 s on the mock), while the next poll(1.0) blocks.
            let deadline = Instant::now() + Duration::from_secs(30);
            while records.load(Ordering::SeqCst) < 3 && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(50));
            }
            thread::sleep(Duration::from_millis(300));
            running.store(false, Ordering::SeqCst);
            Instant::now()
        });
        while running.load(Ordering::SeqCst) {
            if let Some(message) = consumer.poll(poll) {
                consumed.push(message.expect("a record").offset());
                records.store(consumed.len(), Ordering::SeqCst);
            }
        }
        let exited_at = Instant::now();
        (stopper.join().expect("the stopper"), exited_at)
    });
    drop(consumer); // finally: consumer.close()
    let waited = exited_at - stopped_at;
    assert!(
        waited <= poll + Duration::from_millis(300),
        "the running poll() returned within its timeout: {waited:?}"
    );
    assert_eq!(consumed, [0, 1, 2]);

    let model = run_model(json!({
        "cluster": {"brokers": 1},
        "topics": [{"name": "t", "partitions": 1}],
        "producers": [{"program": [
            {"for": {"count": 3, "body": [{"produce": {"topic": "t", "value": "m", "partition": 0}}]}},
            {"flush": {"timeout_ms": 10000}}]}],
        "consumers": [{"config": {"group.id": "g", "auto.offset.reset": "earliest",
                                  "session.timeout.ms": 6000},
            "program": {"body": [
                {"subscribe": {"line": 1, "topics": ["t"]}},
                {"try": {"line": 2, "body": [{"while_running": {"line": 3, "body": [
                    {"poll": {"line": 4, "timeout_ms": 1000}},
                    {"for_each_record": {"line": 5, "body": [
                        {"skip_if_error": {"line": 6}}, {"print_record": {"line": 7}}]}}]}}],
                    "interrupt_line": 9, "except_line": 11, "finally": [{"close": {"line": 13}}]}}],
                "callbacks": {"on_assign": [{"print_partitions": {"line": 20}}],
                              "on_revoke": [{"print_partitions": {"line": 22}}]}}}],
        "timeline": [{"at_ms": 6500, "command": "stop_consumer", "consumer": 0}]
    }));
    assert!(model.finished, "the model's program ends by itself");
    let model_consumed: Vec<i64> = model.sim.processed_by(0).iter().map(|(_, o)| *o).collect();
    assert_eq!(model_consumed, consumed);
    let close_at = model
        .sim
        .trace()
        .iter()
        .find(|e| matches!(e.event, Event::LineExecuted { line: 13, .. }))
        .expect("close() ran")
        .time;
    assert!((6_500..=7_500).contains(&close_at), "{close_at}");
    let model_callbacks: CallbackLog = model
        .sim
        .consumer_console(0)
        .filter_map(|(_, _, printed)| match printed {
            Printed::Partitions {
                callback,
                partitions,
            } => Some((*callback, partitions.clone())),
            _ => None,
        })
        .collect();
    let tp = TopicPartition::new("t", 0);
    assert_eq!(
        model_callbacks,
        [
            (CallbackKind::OnAssign, vec![tp.clone()]),
            (CallbackKind::OnRevoke, vec![tp.clone()])
        ]
    );
    let real_callbacks = callbacks.lock().expect("callbacks").clone();
    assert_eq!(real_callbacks, model_callbacks);
}

/// The rebalance callbacks a Python `on_assign`/`on_revoke` would print, kept outside the
/// consumer so that those `close()` runs are still there after it.
struct Callbacks(Arc<Mutex<CallbackLog>>);

/// Each rebalance callback with its partitions, in order.
type CallbackLog = Vec<(CallbackKind, Vec<TopicPartition>)>;

impl ClientContext for Callbacks {}

impl ConsumerContext for Callbacks {
    fn pre_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        let seen = match rebalance {
            Rebalance::Assign(list) => (CallbackKind::OnAssign, partitions(list)),
            Rebalance::Revoke(list) => (CallbackKind::OnRevoke, partitions(list)),
            Rebalance::Error(error) => panic!("rebalance error: {error}"),
        };
        self.0.lock().expect("callbacks").push(seen);
    }
}
