//! Issue 12 (the producer's metadata): a message produced right after the producer is
//! created waits for the topic's metadata in the unassigned queue (librdkafka
//! `rd_kafka_msg_partitioner`, `RD_KAFKA_TOPIC_S_UNKNOWN`) and is partitioned and sent only
//! when the Metadata answer arrives (`rd_kafka_topic_assign_uas`); a message produced once
//! the metadata is known goes at once. With every answer of the mock broker delayed by a
//! round-trip time, the first delivery report therefore comes at least one round trip later
//! than a later one. The model shows the same: its producer asks for metadata when it starts
//! and partitions its first message on the answer.

use kafka_lab_conformance::client_config;
use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::producer::RecordingProducer;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Event, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};
use std::time::{Duration, Instant};

const TOPIC: &str = "t";
/// The mock broker's delay of every answer; the model's link is half of it each way.
const RTT_MS: u64 = 200;
/// When the second message is produced, long after the first one's report.
const SECOND_AT_MS: u64 = 2_000;

/// Milliseconds from `produce()` to its delivery report, for the first message (right
/// after the producer is created) and for the second (at `SECOND_AT_MS`), on librdkafka.
fn real_delays() -> (u64, u64) {
    let mock = Mock::start(1);
    mock.create_topic(TOPIC, 1);
    mock.set_round_trip_time(1, Duration::from_millis(RTT_MS));
    let config = client_config(&mock.bootstrap(), "p", &[]);
    let start = Instant::now();
    let mut producer = RecordingProducer::new(&config);
    let mut delays = Vec::new();
    for at in [0, SECOND_AT_MS] {
        std::thread::sleep(Duration::from_millis(at).saturating_sub(start.elapsed()));
        let sent = Instant::now();
        let message = producer.send(TOPIC, None, b"m");
        while !producer.reports().iter().any(|r| r.message == message) {
            producer.poll(Duration::from_millis(1));
            assert!(sent.elapsed() < Duration::from_secs(10), "no report");
        }
        delays.push(sent.elapsed().as_millis() as u64);
    }
    (delays[0], delays[1])
}

/// The same on the model: one broker, `RTT_MS` round trips.
fn model_delays() -> (u64, u64) {
    let produce = Stmt::Call(Call::Produce {
        line: 1,
        topic: TOPIC.into(),
        partition: None,
        key: None,
        value: Payload::Text(vec![Part::Lit("m".into())]),
        callback: None,
    });
    let program = Program {
        body: vec![
            produce.clone(),
            Stmt::Call(Call::Sleep {
                line: 2,
                ms: SECOND_AT_MS,
            }),
            produce,
            Stmt::Call(Call::Flush {
                line: 3,
                timeout_ms: 10_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(TOPIC, 1, 1)],
        network: NetworkSpec {
            latency_ms: RTT_MS / 2,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).expect("a valid scenario");
    assert!(sim.run_until_done(60_000));
    let reports: Vec<u64> = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::DeliveryReportQueued { .. }))
        .map(|e| e.time)
        .collect();
    assert_eq!(reports.len(), 2);
    (reports[0], reports[1] - SECOND_AT_MS)
}

#[test]
fn the_first_message_waits_for_the_metadata_round_trip_as_in_the_model() {
    let (real_first, real_later) = real_delays();
    let (model_first, model_later) = model_delays();
    println!(
        "produce() to delivery report, {RTT_MS} ms round trips: librdkafka first {real_first} ms, \
         later {real_later} ms; model first {model_first} ms, later {model_later} ms"
    );
    // librdkafka: the later message takes one round trip (its Produce); the first one waits
    // at least one more, for the Metadata answer (and, on the real client, for the
    // connection's ApiVersion handshake, which the model does not have).
    assert!((RTT_MS..RTT_MS + 150).contains(&real_later), "{real_later}");
    assert!(real_first >= real_later + RTT_MS, "{real_first}");
    // The model: one Produce round trip later (sent at once: flush() makes linger.ms
    // immediate), one Metadata round trip more for the first message, whose linger.ms counts
    // from produce() and is over by then. The model has no connection set-up, so the real
    // client's first message takes longer still (seen: 1227 ms against 400).
    assert_eq!(model_later, RTT_MS);
    assert_eq!(model_first, 2 * RTT_MS);
}
