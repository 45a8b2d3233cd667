//! A course program whose messages cannot be delivered: Producer_03 (async, with
//! `delivery_callback`) against a cluster whose only broker crashed a second before the
//! program starts, and Producer_acks (acks=0) whose broker crashes while the batch is on its way.
//!
//! Producer_03 runs with `message.timeout.ms=5000` (its props set none; 5 s is shorter than
//! its final `flush(10)`): librdkafka fails every queued message with `_MSG_TIMED_OUT`
//! (`rd_kafka_broker_toppar_msgq_scan`), `flush()` serves the reports, so the callback's
//! error branch prints `str(err)` (confluent-kafka-python confluent_kafka.c `KafkaError_str0`),
//! and returns as soon as `len(producer)` is 0. With acks=0 a batch is reported delivered
//! once sent, offset unknown (librdkafka `rd_kafka_handle_Produce` for a request without a
//! response), even though the broker crashed before it arrived.
//!
//! Only the delivery callback's lines (stderr) are compared exactly; the connection errors a
//! program's `error_cb` prints on stdout (`_TRANSPORT`, `_ALL_BROKERS_DOWN`) are checked by
//! `sim/tests/producer_error_cb.rs` and the producer-broker-down lesson's test.

use course::console::{self, KafkaError};
use course::exercise;
use course::programs::{ProducerProgram, producer_program};
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, NetworkSpec, ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{OFFSET_INVALID, ProducerSettings};

fn program(id: &str, file: &str) -> ProducerProgram {
    let source = exercise(id)
        .and_then(|e| e.source(file))
        .unwrap_or_else(|| panic!("{id} shows {file}"));
    producer_program(source, Some(3)).expect("a producer program")
}

/// One broker, 20 ms one way; it crashes at `crash_at` and the program starts at `start_at`.
fn run(p: &ProducerProgram, settings: ProducerSettings, crash_at: u64, start_at: u64) -> Sim {
    let mut sim = scenario(p, 1, settings, crash_at, start_at);
    assert!(sim.run_until_done(60_000), "{} finishes", p.topic);
    sim
}

/// [`run`]'s simulation, not started, with the program's topic in `partitions` partitions.
fn scenario(
    p: &ProducerProgram,
    partitions: i32,
    settings: ProducerSettings,
    crash_at: u64,
    start_at: u64,
) -> Sim {
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(&p.topic, partitions, 1)],
        network: NetworkSpec {
            latency_ms: 20,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings,
            program: p.program.clone(),
            start_at: Some(start_at),
        }],
        faults: vec![(crash_at, Command::CrashBroker { broker: 1 })],
        ..Scenario::default()
    };
    Sim::new(scenario).expect("valid scenario")
}

fn lines(sim: &Sim, stream: Stream) -> Vec<String> {
    let console = sim.producer(0).expect("producer 0").console();
    console
        .iter()
        .filter(|(s, _)| *s == stream)
        .map(|(_, line)| line.clone())
        .collect()
}

#[test]
fn timed_out_messages_print_the_callbacks_error_branch() {
    let p = program("producer-03-async", "Producer_03_Async.py");
    let settings = ProducerSettings {
        message_timeout_ms: 5_000,
        ..ProducerSettings::from(&p.config)
    };
    let sim = run(&p, settings, 0, 1_000);
    let failed = console::delivery_failed_line(&console::MSG_TIMED_OUT);
    assert_eq!(
        failed,
        "% Message failed delivery: KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}"
    );
    assert_eq!(lines(&sim, Stream::Stderr), vec![failed; 3]);
    // The program's own lines; `error_cb` adds the refused connects to the bootstrap broker.
    let stdout: Vec<String> = lines(&sim, Stream::Stdout)
        .into_iter()
        .filter(|line| !line.starts_with("Error: "))
        .collect();
    assert_eq!(
        stdout,
        vec![
            console::START_SENDING.to_owned(),
            console::sent_line(3),
            console::SENDING_COMPLETED.to_owned(),
        ]
    );
    // flush(10) returned when the last report was served, at the timeout, not after 10 s.
    assert_eq!(sim.now(), 6_000);
    assert_eq!(sim.producer(0).unwrap().client.len(), 0);
    let t = sim.tally();
    assert_eq!(
        (t.queued, t.sent, t.acknowledged, t.reports_seen),
        (3, 0, 0, 3)
    );
    assert_eq!((t.in_log, t.lost, t.lost_before_ack), (0, 0, 3));
    let seen: Vec<_> = sim.accounting().iter().map(|f| f.report_seen).collect();
    assert_eq!(
        seen,
        vec![Some(Err(kafka_sim::engine::KafkaError::MsgTimedOut)); 3]
    );
}

#[test]
fn acks_0_reports_delivered_without_an_offset_what_the_broker_never_wrote() {
    let p = program("producer-acks", "Producer_acks.py");
    // The batch leaves at 40 ms, on the producer's first Metadata answer (linger.ms is over),
    // and would arrive at 60: the broker is gone at 50.
    let sim = run(&p, ProducerSettings::from(&p.config), 50, 0);
    assert_eq!(
        lines(&sim, Stream::Stderr),
        vec![console::delivered_line("ak03.test", 0, None)]
    );
    assert_eq!(
        lines(&sim, Stream::Stdout).last().map(String::as_str),
        Some(console::SENDING_COMPLETED)
    );
    let fates = sim.accounting();
    let reports: Vec<_> = fates.iter().map(|f| f.report_seen).collect();
    // librdkafka numbers a batch's reports from its base offset, acks=0's OFFSET_INVALID too
    // (`rd_kafka_msgq_set_metadata`): all below 0, so msg.offset() is None for the three.
    let numbered: Vec<_> = (0..3).map(|i| Some(Ok(OFFSET_INVALID + i))).collect();
    assert_eq!(reports, numbered);
    let t = sim.tally();
    assert_eq!(
        (t.sent, t.acknowledged, t.in_log, t.lost, t.lost_before_ack),
        (3, 0, 0, 0, 3)
    );
}

#[test]
fn the_error_text_is_the_models() {
    let model = kafka_sim::engine::KafkaError::MsgTimedOut;
    let course = KafkaError {
        name: model.name(),
        code: model.code(),
        text: model.description(),
        fatal: false,
    };
    assert_eq!(course, console::MSG_TIMED_OUT);
}

#[test]
fn a_failed_get_in_seed_004_raises_type_error_from_its_except_line() {
    let p = program("kafka-python-producer", "kafka_python_producer_demo.py");
    // The first send's request leaves once the metadata is in; the broker is gone before it
    // arrives, so future.get(timeout=10) raises, and `except kafka_errors` (a dict) raises
    // TypeError while Python matches it.
    let mut sim = scenario(&p, 2, ProducerSettings::from(&p.config), 50, 0);
    sim.run_until(20_000);
    let stderr = lines(&sim, Stream::Stderr);
    // The traceback's last line, then what the exit's close() prints (`exit_flushes_for_a_second`
    // in sim/tests/producer_kafka_python.rs).
    assert_eq!(
        stderr.first().map(String::as_str),
        Some("TypeError: catching classes that do not inherit from BaseException is not allowed"),
        "{stderr:?}"
    );
}
