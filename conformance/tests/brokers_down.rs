//! Issue 12, point 7: what a consumer's `error_cb` hears when its only broker goes down. A
//! subscribed consumer with an error callback (confluent-kafka-python's `error_cb` is
//! librdkafka's `error_cb`, served from `poll()`) holds its partition on a one-broker mock
//! cluster; the broker goes down (`rd_kafka_mock_broker_set_down`) and the consumer polls on
//! for 8 s. Compared with the model's consumer (`crate::connection`, shared with producers): the
//! codes in order, and the texts' shapes.

use kafka_lab_conformance::client_config;
use kafka_sim::engine::{Event, Process};
use rdkafka::client::ClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use rdkafka::types::RDKafkaErrorCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Every error the client hands to `error_cb`, in order, with when (ms since the client's start).
struct ErrorRecorder {
    start: Instant,
    errors: Mutex<Vec<(Option<RDKafkaErrorCode>, String)>>,
    times: Mutex<Vec<u128>>,
}

impl Default for ErrorRecorder {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            errors: Mutex::default(),
            times: Mutex::default(),
        }
    }
}

impl ClientContext for ErrorRecorder {
    fn error(&self, error: KafkaError, reason: &str) {
        let code = error.rdkafka_error_code();
        self.times
            .lock()
            .expect("times")
            .push(self.start.elapsed().as_millis());
        self.errors
            .lock()
            .expect("errors")
            .push((code, reason.to_owned()));
    }
}

impl ConsumerContext for ErrorRecorder {}

#[test]
fn the_only_broker_going_down_reaches_error_cb() {
    let mock: MockCluster<'static, DefaultProducerContext> =
        MockCluster::new(1).expect("start the mock cluster");
    mock.create_topic("down", 1, 1).expect("create a topic");
    let settings = [("group.id", "down"), ("session.timeout.ms", "6000")];
    let consumer: BaseConsumer<ErrorRecorder> =
        client_config(&mock.bootstrap_servers(), "c0", &settings)
            .create_with_context(ErrorRecorder::default())
            .expect("create the consumer");
    consumer.subscribe(&["down"]).expect("subscribe");
    let deadline = Instant::now() + Duration::from_secs(30);
    while consumer.assignment().expect("assignment").count() == 0 {
        assert!(Instant::now() < deadline, "no assignment");
        consumer.poll(Duration::from_millis(100));
    }
    assert!(consumer.context().errors.lock().expect("errors").is_empty());

    let down_at = consumer.context().start.elapsed().as_millis();
    mock.broker_down(1).expect("take the broker down");
    let end = Instant::now() + Duration::from_secs(8);
    while Instant::now() < end {
        consumer.poll(Duration::from_millis(100));
    }
    let errors = consumer.context().errors.lock().expect("errors").clone();
    let times = consumer.context().times.lock().expect("times").clone();
    for ((code, reason), t) in errors.iter().zip(&times) {
        eprintln!("+{} {code:?}: {reason}", t - down_at);
    }
    // The model's consumer, the same shape: one broker, down 5 s after the start.
    let model = model_errors();
    for (code, reason) in &model {
        eprintln!("model {code}: {reason}");
    }
    // Both report "1/1 brokers are down" once the broker's connection is down: the model
    // first; librdkafka first or right after the GroupCoordinator handle's refused connect
    // (its broker threads race). By the same race librdkafka's line can read "0/1", as the
    // producer's first line below sometimes does: a race the model does not have.
    let all_down = |(code, reason): &(Option<RDKafkaErrorCode>, String)| {
        *code == Some(RDKafkaErrorCode::AllBrokersDown)
            && ["1/1 brokers are down", "0/1 brokers are down"].contains(&reason.as_str())
    };
    assert!(errors.iter().take(2).any(all_down), "{errors:?}");
    assert_eq!(
        model.first(),
        Some(&(
            "_ALL_BROKERS_DOWN".to_owned(),
            "1/1 brokers are down".to_owned()
        ))
    );
    // The refused reconnects of the broker's handle and of the GroupCoordinator handle read
    // the same, the address aside: the first in full, the next with the count of those
    // suppressed since.
    let port = mock
        .bootstrap_servers()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let real_lines = |prefix: &str| -> Vec<String> {
        errors
            .iter()
            .filter(|(c, _)| *c == Some(RDKafkaErrorCode::BrokerTransportFailure))
            .map(|(_, r)| r.replace(&format!("127.0.0.1:{port}"), "HOST"))
            .filter(|r| r.starts_with(prefix))
            .collect()
    };
    let model_lines = |prefix: &str| -> Vec<String> {
        model
            .iter()
            .filter(|(c, _)| c == "_TRANSPORT")
            .map(|(_, r)| {
                r.replace("localhost:9092", "HOST")
                    .replace("127.0.0.1:9092", "HOST")
            })
            .filter(|r| r.starts_with(prefix))
            .collect()
    };
    for prefix in ["HOST/1: ", "GroupCoordinator: HOST: ", "HOST/bootstrap: "] {
        let (real, modelled) = (real_lines(prefix), model_lines(prefix));
        assert!(
            !real.is_empty() && !modelled.is_empty(),
            "{prefix}: {errors:?} {model:?}"
        );
        let n = real.len().min(modelled.len());
        assert_eq!(modelled[..n], real[..n], "{prefix}");
    }
    // Since the re-bootstrap of 2.10 (KIP-899) the bootstrap entry counts in
    // `_ALL_BROKERS_DOWN`: both say "2/2" once it has failed too.
    assert!(errors.iter().any(|(_, r)| r == "2/2 brokers are down"));
    assert!(model.iter().any(|(_, r)| r == "2/2 brokers are down"));
}

/// The errors the model's consumer queues for `error_cb` (code name, reason), for the same
/// story: one broker, a subscribed consumer with `error_cb`, the broker down at 5 s, 8 s more.
fn model_errors() -> Vec<(String, String)> {
    let file = r#"{
      "cluster": { "brokers": 1 },
      "topics": [{ "name": "down", "partitions": 1 }],
      "consumers": [{
        "config": { "bootstrap.servers": "localhost:9092", "group.id": "down",
                    "session.timeout.ms": 6000, "error_cb": { "callable": "error_cb" } },
        "error_cb": 2,
        "program": { "body": [
          { "subscribe": { "line": 5, "topics": ["down"] } },
          { "loop": { "line": 6, "times": null, "body": [
            { "poll": { "line": 7, "timeout_ms": 100 } } ] } } ] }
      }],
      "timeline": [{ "at_ms": 5000, "command": "crash_broker", "broker": 1 }],
      "run_until_ms": 13000
    }"#;
    scenario_errors(file, Process::Consumer(0))
}

/// The errors `process` raised for `error_cb` (code name, reason) in a scenario file's run.
fn scenario_errors(file: &str, process: Process) -> Vec<(String, String)> {
    let outcome = kafka_sim::scenario::parse(file)
        .expect("a valid scenario")
        .run()
        .expect("it runs");
    outcome
        .sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ClientError {
                process: p,
                error,
                reason,
            } if *p == process => Some((error.name().to_owned(), reason.clone())),
            _ => None,
        })
        .collect()
}

impl rdkafka::producer::ProducerContext for ErrorRecorder {
    type DeliveryOpaque = ();
    fn delivery(&self, _: &rdkafka::producer::DeliveryResult<'_>, _: Self::DeliveryOpaque) {}
}

#[test]
fn a_producer_s_only_broker_going_down_reaches_error_cb_as_in_the_model() {
    use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
    let mock: MockCluster<'static, DefaultProducerContext> =
        MockCluster::new(1).expect("start the mock cluster");
    mock.create_topic("t", 1, 1).expect("create a topic");
    let producer: BaseProducer<ErrorRecorder> = client_config(
        &mock.bootstrap_servers(),
        "p0",
        &[("message.timeout.ms", "10000")],
    )
    .create_with_context(ErrorRecorder::default())
    .expect("create the producer");
    let start = producer.context().start;
    let mut down_at = None;
    for i in 0..13 {
        let key = i.to_string();
        let _ = producer.send(BaseRecord::to("t").key(&key).payload("m"));
        producer.poll(Duration::ZERO);
        let until = start + Duration::from_millis(1000 * (i + 1));
        while Instant::now() < until {
            if down_at.is_none() && start.elapsed() >= Duration::from_millis(2500) {
                down_at = Some(start.elapsed().as_millis());
                mock.broker_down(1).expect("take the broker down");
            }
            producer.poll(Duration::from_millis(10));
        }
    }
    producer.poll(Duration::ZERO);
    let down_at = down_at.expect("down");
    // The `rdkafka` crate's `BaseProducer::poll` hands each error event to the context twice
    // (`Client::poll_event` handles it and returns it, then `handle_error_event` again): one
    // of each pair is what librdkafka raised.
    let raised = producer.context().errors.lock().expect("errors").clone();
    let times = producer.context().times.lock().expect("times").clone();
    assert!(
        raised.chunks(2).all(|p| p.len() == 2 && p[0] == p[1]),
        "{raised:?}"
    );
    let errors: Vec<_> = raised.iter().step_by(2).cloned().collect();
    for ((code, reason), t) in errors.iter().zip(times.iter().step_by(2)) {
        eprintln!("+{} {code:?}: {reason}", t - down_at);
    }
    let model = scenario_errors(PRODUCER_SCENARIO, Process::Producer(0));
    for (code, reason) in &model {
        eprintln!("model {code}: {reason}");
    }
    let port = mock
        .bootstrap_servers()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let host = |r: &str| {
        r.replace(&format!("127.0.0.1:{port}"), "HOST")
            .replace("localhost:9092", "HOST")
            .replace("127.0.0.1:9092", "HOST")
    };
    let real: Vec<String> = errors.iter().map(|(_, r)| host(r)).collect();
    let modelled: Vec<String> = model.iter().map(|(_, r)| host(r)).collect();
    // Both: "1/1" first, then the refused connects of the broker and of the bootstrap entry,
    // each first in full, then with the count suppressed; "2/2" right after a refused connect
    // the first time, then repeated.
    // librdkafka formats the count after scheduling the re-bootstrap that clears it
    // (`rd_kafka_broker_set_state` calls `rd_kafka_rebootstrap` before `rd_kafka_op_err`), so
    // its first line sometimes reads "0/1": a race the model does not have.
    assert!(["1/1 brokers are down", "0/1 brokers are down"].contains(&real[0].as_str()));
    assert_eq!(modelled[0], "1/1 brokers are down");
    for lines in [&real, &modelled] {
        for handle in ["HOST/1: ", "HOST/bootstrap: "] {
            let shown: Vec<&String> = lines.iter().filter(|l| l.starts_with(handle)).collect();
            assert_eq!(shown.len(), 2, "{handle} {lines:?}");
            assert_eq!(
                *shown[0],
                format!(
                    "{handle}Connect to ipv4#HOST failed: Connection refused (after 0ms in state CONNECT)"
                )
            );
            assert!(shown[1].ends_with(", 1 identical error(s) suppressed)"));
        }
        let first = lines.iter().position(|l| l == "2/2 brokers are down");
        let first = first.expect("2/2");
        // On the real client a "0/2" can come just before it, by the same race as the first line.
        let before = lines[..first]
            .iter()
            .rev()
            .find(|l| l.as_str() != "0/2 brokers are down");
        assert!(
            before.is_some_and(|l| l.contains(": Connect to ")),
            "{lines:?}"
        );
        // Repeated while both stay down; on the real client a repeat can read "0/2" by the
        // same race as the first line above.
        assert!(
            lines[first + 1..]
                .iter()
                .any(|l| l == "2/2 brokers are down" || l == "0/2 brokers are down")
        );
    }
}

/// The model's producer for the same story: one message a second, `poll(0)` after each, the
/// only broker down at 2.5 s, 10.5 s more.
const PRODUCER_SCENARIO: &str = r#"{
  "cluster": { "brokers": 1 },
  "topics": [{ "name": "t", "partitions": 1 }],
  "producers": [{
    "config": { "bootstrap.servers": "localhost:9092", "message.timeout.ms": 10000, "error_cb": { "callable": "error_cb" } },
    "error_cb": 2,
    "program": [
      { "for": { "line": 5, "count": 13, "body": [
        { "produce": { "topic": "t", "key": "{i}", "value": "m" } },
        { "poll": { "timeout_ms": 0 } },
        { "sleep": { "ms": 1000 } }
      ] } }
    ]
  }],
  "timeline": [{ "at_ms": 2500, "command": "crash_broker", "broker": 1 }]
}"#;
