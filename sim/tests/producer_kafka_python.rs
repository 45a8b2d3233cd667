//! kafka-python 3.0.12's producer profile: `KafkaProducer(**configs)`'s defaults and checks,
//! `send()` → future, `future.get(timeout)` as a truly synchronous send, callbacks run by the
//! sender thread, `flush()`, and `close(timeout=1)` at exit (kafka/producer/kafka.py,
//! kafka/producer/future.py, kafka/producer/sender.py).

use kafka_sim::config::{Acks, ConfigValue, ProducerConfig, Profile, Raised, Serializer};
use kafka_sim::engine::Event;
use kafka_sim::scenario::{self, Outcome};

fn config(pairs: &[(&str, ConfigValue)]) -> Result<ProducerConfig, (Raised, String)> {
    ProducerConfig::from_pairs(Profile::KafkaPython, pairs).map_err(|e| (e.raised, e.message))
}

#[test]
fn defaults_are_kafka_python_3s() {
    let c = config(&[]).unwrap();
    assert_eq!(c.acks, Acks::All);
    assert!(c.enable_idempotence, "3.0 turns idempotence on by default");
    assert_eq!(c.linger_ms, 0.0);
    assert_eq!(c.batch_size, 16_384);
    assert_eq!(c.max_in_flight, 5);
    assert_eq!(c.retry_backoff_ms, 100);
    assert_eq!(c.message_timeout_ms, 120_000, "delivery_timeout_ms");
    assert_eq!(c.request_timeout_ms, 30_000);
    assert_eq!(c.client_id, "kafka-python-producer-1");
    assert_eq!(c.bootstrap_servers.as_deref(), Some("localhost"));
    assert_eq!(c.key_serializer, Serializer::Identity);
}

#[test]
fn a_conflicting_setting_turns_default_idempotence_off() {
    let c = config(&[("acks", 1.into())]).unwrap();
    assert!(!c.enable_idempotence);
    assert_eq!(c.acks, Acks::One);
    let c = config(&[("acks", "all".into()), ("retries", 0.into())]).unwrap();
    assert!(!c.enable_idempotence);
    let c = config(&[("max_in_flight_requests_per_connection", 5.into())]).unwrap();
    assert!(c.enable_idempotence, "5 in flight is allowed");
}

#[test]
fn conflicts_raise_when_idempotence_was_asked_for() {
    let e = config(&[
        ("enable_idempotence", true.into()),
        ("acks", 1.into()),
        ("max_in_flight_requests_per_connection", 6.into()),
    ])
    .unwrap_err();
    assert_eq!(
        e,
        (
            Raised::KafkaConfigurationError,
            "KafkaConfigurationError: enable_idempotence=True is incompatible with \
             user-provided acks=1, max_in_flight_requests_per_connection=6"
                .into()
        )
    );
    let e = config(&[("transactional_id", "t".into()), ("retries", 0.into())]).unwrap_err();
    assert!(
        e.1.ends_with("incompatible with user-provided retries=0"),
        "{e:?}"
    );
    let e = config(&[
        ("enable_idempotence", false.into()),
        ("transactional_id", "t".into()),
    ])
    .unwrap_err();
    assert_eq!(
        e.1,
        "KafkaConfigurationError: Cannot set transactional_id without enable_idempotence."
    );
}

#[test]
fn bad_keywords_and_values_raise_as_kafka_python_does() {
    let e = config(&[("bootstrap.servers", "x".into()), ("lingerms", 5.into())]).unwrap_err();
    assert_eq!(
        e,
        (
            Raised::ValueError,
            "Unrecognized configs: {'bootstrap.servers': 'x', 'lingerms': 5}".into()
        )
    );
    let e = config(&[
        ("delivery_timeout_ms", 30_000.into()),
        ("linger_ms", 5.into()),
    ])
    .unwrap_err();
    assert_eq!(
        e.1,
        "KafkaConfigurationError: Must set delivery_timeout_ms higher than linger_ms + \
         request_timeout_ms"
    );
    let e = config(&[("compression_type", "snappy".into())]).unwrap_err();
    assert_eq!(
        e,
        (
            Raised::RuntimeError,
            "Libraries for snappy compression codec not found".into()
        )
    );
    let e = config(&[("compression_type", "brotli".into())]).unwrap_err();
    assert_eq!(
        e,
        (Raised::ValueError, "Not supported codec: brotli".into())
    );
}

/// A one-broker run of a kafka-python producer program (statements as JSON).
fn run(config: &str, program: &str, extra: &str) -> Outcome {
    let json = format!(
        r#"{{"seed": 4, "cluster": {{"brokers": 1}},
            "topics": [{{"name": "t", "partitions": 2}}],
            "network": {{"latency_ms": 5}},
            "producers": [{{"profile": "kafka-python", "config": {{{config}}},
              "callbacks": {{"cb": {{"delivered": "ok {{partition}}@{{offset}}",
                                     "failed": "err {{error}}"}}}},
              "program": [{program}]}}]{extra}}}"#
    );
    scenario::parse(&json).unwrap().run().unwrap()
}

const JSON: &str = r#""key_serializer": {"callable": "lambda k: json.dumps(k).encode()"},
                      "value_serializer": {"callable": "lambda v: json.dumps(v).encode()"}"#;

fn console(outcome: &Outcome) -> Vec<String> {
    let process = outcome.sim.producer(0).unwrap();
    process
        .console()
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

/// (time, event) pairs of the batches sent and answered.
fn batches(outcome: &Outcome) -> Vec<(u64, usize)> {
    outcome
        .sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::BatchSent { messages, .. } => Some((e.time, messages.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn get_makes_each_send_its_own_request() {
    let program = r#"{"for": {"count": 3, "body": [
        {"send": {"topic": "t", "key": "count_num", "value": "{i}", "partition": 1}},
        {"get": {"timeout": 10}}]}}"#;
    let outcome = run(JSON, program, "");
    // One message per request, each sent after the previous answer (2 × 5 ms + the broker).
    let sent = batches(&outcome);
    assert_eq!(sent.iter().map(|b| b.1).collect::<Vec<_>>(), [1, 1, 1]);
    assert!(sent.windows(2).all(|w| w[1].0 >= w[0].0 + 10), "{sent:?}");
}

#[test]
fn sends_without_get_share_a_batch_and_callbacks_run_before_flush_returns() {
    let program = r#"{"for": {"count": 3, "body": [
            {"send": {"topic": "t", "key": "k", "value": "{i}", "callback": "cb"}}]}},
        {"flush": {"timeout_ms": 10000}},
        {"print": {"text": "flushed"}}"#;
    let outcome = run(JSON, program, "");
    // The first send() waited for the metadata's round trip (10 ms), the next two did not.
    assert_eq!(batches(&outcome), [(10, 3)]);
    let p = kafka_sim::partitioner::kafka_python::keyed(b"\"k\"", 2);
    let expected: Vec<String> = (0..3)
        .map(|o| format!("ok {p}@{o}"))
        .chain(["flushed".to_owned()])
        .collect();
    assert_eq!(console(&outcome), expected);
}

#[test]
fn a_json_key_serializer_turns_no_key_into_null() {
    let program = r#"{"for": {"count": 6, "body": [
        {"send": {"topic": "t", "value": "{i}", "callback": "cb"}}, {"get": {}}]}}"#;
    let outcome = run(JSON, program, "");
    let p = kafka_sim::partitioner::kafka_python::keyed(b"null", 2);
    assert!(
        console(&outcome)
            .iter()
            .all(|line| line.starts_with(&format!("ok {p}@"))),
        "{:?}",
        console(&outcome)
    );
}

#[test]
fn get_times_out_then_raises_the_futures_failure() {
    let config = format!(r#"{JSON}, "request_timeout_ms": 1000, "delivery_timeout_ms": 2000"#);
    let program = r#"{"send": {"topic": "t", "value": "v", "partition": 0, "callback": "cb"}},
        {"try": {"body": [{"get": {"timeout": 0.5}}],
                 "except": [{"catch": "KafkaError", "body": [{"print": {"text": "{exception}"}}]}]}},
        {"get": {"timeout": 10}}"#;
    let crash = r#", "timeline": [{"at_ms": 11, "command": "crash_broker", "broker": 1}]"#;
    let outcome = run(&config, program, crash);
    let expiry = "KafkaTimeoutError: Expiring 1 record(s) for TopicPartition(topic='t', \
                  partition=0): 2000 ms has passed since batch creation";
    assert_eq!(
        console(&outcome),
        [
            "KafkaTimeoutError: Timeout after waiting for 0.5 secs.".to_owned(),
            format!("err {expiry}"),
            format!("kafka.errors.KafkaTimeoutError: {expiry}"),
        ]
    );
}

#[test]
fn exit_flushes_for_a_second() {
    // Without get() or flush(), atexit's close(timeout=1) still delivers the record.
    let program = r#"{"send": {"topic": "t", "value": "v", "callback": "cb"}}"#;
    let outcome = run(JSON, program, "");
    assert_eq!(console(&outcome).len(), 1);
    assert!(console(&outcome)[0].starts_with("ok "));
    // A broker that does not answer: close() gives up after a second and Python prints it.
    let crash = r#", "timeline": [{"at_ms": 11, "command": "crash_broker", "broker": 1}]"#;
    let outcome = run(JSON, program, crash);
    assert_eq!(
        console(&outcome),
        ["kafka.errors.KafkaTimeoutError: KafkaTimeoutError: Timeout waiting for future"]
    );
    let finished = outcome.sim.trace().iter().find_map(|e| match e.event {
        Event::ProgramFinished { .. } => Some(e.time),
        _ => None,
    });
    assert_eq!(
        finished,
        Some(1010),
        "the send waited 10 ms for metadata, close() a second"
    );
}

#[test]
fn send_raises_as_kafka_python_does() {
    let cases = [
        (
            "",
            r#"{"send": {"topic": "t", "value": "v"}}"#,
            "TypeError: Unsupported type for serialized value: <class 'str'>",
        ),
        (
            JSON,
            r#"{"send": {"topic": "t"}}"#,
            "ValueError: Need at least one: key or value",
        ),
        (
            JSON,
            r#"{"send": {"topic": "t", "value": "v", "partition": 2}}"#,
            "ValueError: Unrecognized partition 2 for topic t",
        ),
        (
            JSON,
            r#"{"send": {"topic": "t", "value": "v", "partition": -1}}"#,
            "ValueError: partition must be >= 0",
        ),
        (
            JSON,
            r#"{"get": {"timeout": 1}}"#,
            "NameError: name 'future' is not defined",
        ),
    ];
    for (config, program, expected) in cases {
        assert_eq!(console(&run(config, program, "")), [expected], "{program}");
    }
}

#[test]
fn a_kafka_python_program_has_no_poll() {
    let json = r#"{"topics": [{"name": "t"}], "producers": [{"profile": "kafka-python",
        "program": [{"poll": {"timeout_ms": 1}}]}]}"#;
    let e = scenario::parse(json).unwrap_err();
    assert_eq!(e.path, "producers[0].program[0].poll");
    assert!(
        e.message
            .starts_with("AttributeError: 'KafkaProducer' object has no attribute 'poll'"),
        "{e}"
    );
    let json = r#"{"topics": [{"name": "t"}], "producers": [{
        "program": [{"send": {"topic": "t", "value": "v"}}]}]}"#;
    let e = scenario::parse(json).unwrap_err();
    assert!(
        e.message
            .contains("'cimpl.Producer' object has no attribute 'send'")
    );
}

#[test]
fn scenario_config_errors_print_the_traceback_line() {
    let json = r#"{"topics": [{"name": "t"}], "producers": [{"profile": "kafka-python",
        "config": {"enable_idempotence": true, "acks": 0}, "program": []}]}"#;
    let e = scenario::parse(json).unwrap_err();
    assert_eq!(
        e.to_string(),
        "producers[0].config: kafka.errors.KafkaConfigurationError: KafkaConfigurationError: \
         enable_idempotence=True is incompatible with user-provided acks=0"
    );
}
