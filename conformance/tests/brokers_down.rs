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

/// Every error the client hands to `error_cb`, in order.
#[derive(Default)]
struct ErrorRecorder {
    errors: Mutex<Vec<(Option<RDKafkaErrorCode>, String)>>,
}

impl ClientContext for ErrorRecorder {
    fn error(&self, error: KafkaError, reason: &str) {
        let code = error.rdkafka_error_code();
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

    mock.broker_down(1).expect("take the broker down");
    let end = Instant::now() + Duration::from_secs(8);
    while Instant::now() < end {
        consumer.poll(Duration::from_millis(100));
    }
    let errors = consumer.context().errors.lock().expect("errors").clone();
    for (code, reason) in &errors {
        eprintln!("{code:?}: {reason}");
    }
    // The model's consumer, the same shape: one broker, down 5 s after the start.
    let model = model_errors();
    for (code, reason) in &model {
        eprintln!("model {code}: {reason}");
    }
    // Both report "1/1 brokers are down" once the broker's connection is down: the model
    // first; librdkafka first or right after the GroupCoordinator handle's refused connect
    // (its broker threads race).
    let all_down = (
        Some(RDKafkaErrorCode::AllBrokersDown),
        "1/1 brokers are down".to_owned(),
    );
    assert!(errors.iter().take(2).any(|e| *e == all_down), "{errors:?}");
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
    for prefix in ["HOST/1: ", "GroupCoordinator: HOST: "] {
        let (real, modelled) = (real_lines(prefix), model_lines(prefix));
        assert!(
            !real.is_empty() && !modelled.is_empty(),
            "{prefix}: {errors:?} {model:?}"
        );
        let n = real.len().min(modelled.len());
        assert_eq!(modelled[..n], real[..n], "{prefix}");
    }
    // What the model leaves out (conformance/README.md): since the re-bootstrap of 2.10
    // (KIP-899) librdkafka also reports the refused connects of the `bootstrap.servers`
    // entry, which then counts in `_ALL_BROKERS_DOWN`.
    assert!(errors.iter().any(|(_, r)| r.contains("/bootstrap: ")));
    assert!(errors.iter().any(|(_, r)| r == "2/2 brokers are down"));
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
                process: Process::Consumer(0),
                error,
                reason,
            } => Some((error.name().to_owned(), reason.clone())),
            _ => None,
        })
        .collect()
}
