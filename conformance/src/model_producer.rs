//! The model's answers for the producer scenarios of [`crate::observe`], run in `kafka_sim`'s
//! `Sim` and returned in the shape the harness records real librdkafka's: the same program
//! (numbered sends, `poll()`/`flush()` calls counted from 0 over both kinds), on one broker
//! with librdkafka's default settings unless the scenario sets them.

use crate::observe::{Delivery, DeliveryObservation};
use crate::producer::{Call as ApiCall, DeliveryReport};
use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, Millis, ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

/// Long enough for everything the scenarios do.
const DEADLINE_MS: Millis = 120_000;

fn produce(line: u32, topic: &str, key: Option<String>, value: &str) -> Stmt {
    Stmt::Call(Call::Produce {
        line,
        topic: topic.into(),
        partition: None,
        key: key.map(|k| vec![Part::Lit(k)]),
        value: Payload::Text(vec![Part::Lit(value.into())]),
        callback: None,
    })
}

fn one_broker(topic: &str, partitions: i32, settings: ProducerSettings, body: Vec<Stmt>) -> Sim {
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(topic, partitions, 1)],
        producers: vec![ProducerSpec {
            settings,
            program: Program {
                body,
                callbacks: Vec::new(),
                error_cb: None,
            },
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    Sim::new(scenario).expect("a valid scenario")
}

/// Each served delivery report with the `poll()`/`flush()` call it ran in: the statements at
/// `calls[i]` are the application's call number `i`.
fn served_reports(sim: &Sim, calls: &[(u32, ApiCall)]) -> Vec<DeliveryReport> {
    let mut current = None;
    let mut reports = Vec::new();
    for entry in sim.trace() {
        match &entry.event {
            Event::LineExecuted { line, .. } => {
                current = calls.iter().find(|(l, _)| l == line).map(|&(_, call)| call);
            }
            Event::DeliveryReportServed {
                message,
                partition,
                offset,
                error,
            } => {
                assert_eq!(
                    *error, None,
                    "the model's scenarios have no failed delivery"
                );
                reports.push(DeliveryReport {
                    message: message.number as usize,
                    call: current,
                    partition: *partition,
                    offset: Some(*offset),
                    error: None,
                });
            }
            _ => {}
        }
    }
    reports
}

/// [`crate::observe::delivery_reports`] on the model: `first` keyed sends, a sleep of
/// `settle_ms`, `poll(0)`, `second` more sends, `flush(10)`.
pub fn delivery_reports(
    partitions: i32,
    first: usize,
    second: usize,
    settle_ms: Millis,
) -> DeliveryObservation {
    let topic = "ak03.delivery";
    let send = |n: usize| produce(2, topic, Some(format!("key-{n}")), "v");
    let (poll_line, flush_line) = (4, 5);
    let mut body: Vec<Stmt> = (0..first).map(send).collect();
    body.push(Stmt::Call(Call::Sleep {
        line: 3,
        ms: settle_ms,
    }));
    body.push(Stmt::Call(Call::Poll {
        line: poll_line,
        timeout_ms: 0,
    }));
    body.extend((first..first + second).map(send));
    body.push(Stmt::Call(Call::Flush {
        line: flush_line,
        timeout_ms: 10_000,
    }));
    let mut sim = one_broker(topic, partitions, ProducerSettings::default(), body);
    sim.run_until(settle_ms - 1);
    let reports_before_poll = served_reports(&sim, &[]).len();
    let len_before_poll = sim.producer(0).expect("the producer").client.len();
    assert!(sim.run_until_done(DEADLINE_MS), "the program finishes");
    let calls = [
        (poll_line, ApiCall::Poll(0)),
        (flush_line, ApiCall::Flush(1)),
    ];
    DeliveryObservation {
        reports_before_poll,
        len_before_poll: len_before_poll as i32,
        reports: served_reports(&sim, &calls),
        len_after_flush: sim.producer(0).expect("the producer").client.len() as i32,
    }
}

/// [`crate::observe::lost_response`] on the model: a `warm-up` record, then `m` whose
/// response is lost (the broker appended it; the connection breaks), `poll(3)`, `flush(20)`.
/// The model has no transactions: [`Delivery::Transactional`] is not a model scenario. The
/// error is the model's librdkafka name (`_MSG_TIMED_OUT`); the real side prints the `rdkafka`
/// crate's, so only "no error" compares equal.
pub fn lost_response(delivery: Delivery) -> (Vec<String>, Option<String>) {
    let topic = "ak03.lost-response";
    let settings = ProducerSettings {
        linger_ms: 0,
        retry_backoff_ms: 100,
        ..match delivery {
            Delivery::Plain => ProducerSettings::default(),
            Delivery::Idempotent => ProducerSettings::idempotent(),
            Delivery::Transactional => panic!("the model has no transactional producer"),
        }
    };
    let body = vec![
        produce(1, topic, None, "warm-up"),
        Stmt::Call(Call::Flush {
            line: 2,
            timeout_ms: 20_000,
        }),
        Stmt::Call(Call::Sleep { line: 3, ms: 100 }),
        produce(4, topic, None, "m"),
        Stmt::Call(Call::Poll {
            line: 5,
            timeout_ms: 3_000,
        }),
        Stmt::Call(Call::Flush {
            line: 6,
            timeout_ms: 20_000,
        }),
    ];
    let mut sim = one_broker(topic, 1, settings, body);
    let tp = TopicPartition::new(topic, 0);
    sim.run_until(50);
    let leader = sim.cluster().leader(&tp).expect("a leader");
    sim.apply(Command::DropNextResponse { broker: leader });
    assert!(sim.run_until_done(DEADLINE_MS), "the program finishes");
    let log = sim
        .cluster()
        .partition(&tp)
        .and_then(|p| p.leader_log())
        .expect("the leader's log");
    let payloads = log
        .records()
        .iter()
        .filter_map(|r| r.value.as_deref())
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    let error = sim
        .accounting()
        .iter()
        .find(|f| f.message.number == 1)
        .and_then(|f| f.report_seen)
        .expect("a report for m")
        .err()
        .map(|e| e.name().to_owned());
    (payloads, error)
}
