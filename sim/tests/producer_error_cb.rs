//! `error_cb`: when the only broker goes down under a running producer, librdkafka queues
//! `_ALL_BROKERS_DOWN` and then `_TRANSPORT` for each refused reconnect (identical ones
//! suppressed for 30 s), and the program's `error_cb` prints them only inside `poll()` and
//! `flush()`; the queued messages fail with `_MSG_TIMED_OUT` after `message.timeout.ms`, or
//! go out once the broker is back and a reconnect succeeds.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, Process, ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{
    Call, Callback, CallbackPrints, Part, Payload, ProducerSettings, Program, Stmt,
};

const ERROR_CB_LINE: u32 = 9;

/// Twelve messages, one a second (`produce`, `poll(0)`, `time.sleep(1)`), then `flush(30)`;
/// failures printed by the delivery callback, errors by `error_cb`.
fn program() -> Program {
    let loop_body = vec![
        Stmt::Call(Call::Produce {
            line: 20,
            topic: "t".into(),
            partition: None,
            key: Some(vec![Part::Index]),
            value: Payload::Text(vec![Part::Lit("msg_".into()), Part::Index]),
            callback: Some(0),
        }),
        Stmt::Call(Call::Poll {
            line: 21,
            timeout_ms: 0,
        }),
        Stmt::Call(Call::Sleep {
            line: 22,
            ms: 1_000,
        }),
    ];
    Program {
        body: vec![
            Stmt::For {
                line: 19,
                count: 12,
                body: loop_body,
            },
            Stmt::Call(Call::Flush {
                line: 30,
                timeout_ms: 30_000,
            }),
        ],
        callbacks: vec![Callback {
            prints: CallbackPrints::Templates {
                stream: Stream::Stderr,
                delivered: vec![Part::Lit("ok ".into()), Part::Key],
                failed: vec![
                    Part::Lit("failed ".into()),
                    Part::Key,
                    Part::Lit(" ".into()),
                    Part::Error,
                ],
            },
            only_every: None,
        }],
        error_cb: Some(ERROR_CB_LINE),
    }
}

fn scenario(brokers: i32) -> Scenario {
    Scenario {
        cluster: ClusterSpec {
            brokers,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, 1)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings {
                message_timeout_ms: 10_000,
                ..ProducerSettings::default()
            },
            program: program(),
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

fn leader(sim: &Sim) -> i32 {
    let tp = kafka_sim::TopicPartition::new("t", 0);
    sim.cluster().leader(&tp).expect("a leader")
}

/// The program's console, with times.
fn console(sim: &Sim) -> Vec<(u64, String)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::Printed { printed, .. } => Some((e.time, printed.text().into_owned())),
            _ => None,
        })
        .collect()
}

fn errors(sim: &Sim) -> Vec<(u64, KafkaError)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ClientError { error, .. } => Some((e.time, *error)),
            _ => None,
        })
        .collect()
}

/// The only broker crashes at 3.5 s and stays down.
fn broker_down_for_good() -> Sim {
    let mut sim = Sim::new(scenario(1)).unwrap();
    sim.run_until(3_500);
    let broker = leader(&sim);
    sim.apply(Command::CrashBroker { broker });
    assert!(sim.run_until_done(120_000));
    sim
}

#[test]
fn error_cb_prints_all_brokers_down_then_the_refused_connect_at_the_next_poll() {
    let sim = broker_down_for_good();
    let errors = errors(&sim);
    assert_eq!(
        &errors[..3],
        &[
            (3_500, KafkaError::AllBrokersDown),
            (3_500, KafkaError::Transport),
            (errors[2].0, KafkaError::Transport),
        ]
    );
    assert!(errors[2].0 > 3_500 && errors[2].0 < 4_000, "{errors:?}");
    let console = console(&sim);
    let lines: Vec<&(u64, String)> = console
        .iter()
        .filter(|(_, t)| t.starts_with("Error:"))
        .collect();
    // Queued at 3.5 s, printed by the poll(0) after the produce() at 4 s.
    assert_eq!(
        lines[0],
        &(
            4_000,
            "Error: KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str=\"1/1 brokers are down\"}"
                .to_owned()
        )
    );
    assert_eq!(
        lines[1].1,
        "Error: KafkaError{code=_TRANSPORT,val=-195,str=\"localhost:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)\"}"
    );
    assert!(lines[2].1.ends_with(
        "Connection refused (after 0ms in state CONNECT, 1 identical error(s) suppressed)\"}"
    ));
    assert_eq!(lines[2].0, 4_000, "queued before the poll at 4 s");
    // The broker's next identical error is suppressed for 30 s: none within the run's first
    // 30 s. (The re-bootstrap's `localhost:9092/bootstrap` entry reports its own, and "2/2
    // brokers are down": `connection::tests`.)
    assert!(
        lines
            .iter()
            .skip(3)
            .filter(|(_, l)| l.contains("localhost:9092/1: "))
            .all(|(t, _)| *t > errors[2].0 + 30_000)
    );
    let error_cb_ran = sim.trace().iter().filter(|e| {
        matches!(
            e.event,
            Event::LineExecuted {
                process: Process::Producer(0),
                line: ERROR_CB_LINE
            }
        )
    });
    assert_eq!(error_cb_ran.count(), lines.len());
}

#[test]
fn the_waiting_messages_time_out_after_message_timeout_ms() {
    let sim = broker_down_for_good();
    let console = console(&sim);
    let failed: Vec<&(u64, String)> = console
        .iter()
        .filter(|(_, t)| t.starts_with("failed"))
        .collect();
    // Messages 0..=3 were delivered before the crash; 4..=11 wait and time out 10 s after
    // their produce() (4 s .. 11 s), reported by flush().
    assert_eq!(failed.len(), 8, "{console:?}");
    assert_eq!(
        failed[0],
        &(
            14_000,
            "failed 4 KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}"
                .to_owned()
        )
    );
    assert_eq!(failed[7].0, 21_000);
    assert_eq!(sim.producer(0).unwrap().client.len(), 0);
}

#[test]
fn a_broker_back_in_time_gets_the_waiting_messages_at_the_next_reconnect() {
    let mut sim = Sim::new(scenario(1)).unwrap();
    sim.run_until(3_500);
    let broker = leader(&sim);
    sim.apply(Command::CrashBroker { broker });
    sim.run_until(6_000);
    sim.apply(Command::RestartBroker { broker });
    assert!(sim.run_until_done(120_000));
    let console = console(&sim);
    assert!(
        console.iter().all(|(_, t)| !t.starts_with("failed")),
        "{console:?}"
    );
    assert_eq!(
        console.iter().filter(|(_, t)| t.starts_with("ok")).count(),
        12
    );
    // Nothing goes to the broker before a reconnect succeeds, after the restart.
    let resent = sim
        .trace()
        .iter()
        .find(|e| e.time > 3_500 && matches!(e.event, Event::BatchSent { .. }));
    assert!(resent.is_some_and(|e| e.time >= 6_000));
}

#[test]
fn a_program_that_has_ended_hears_nothing() {
    let mut sim = Sim::new(scenario(1)).unwrap();
    assert!(sim.run_until_done(120_000));
    let broker = leader(&sim);
    sim.apply(Command::CrashBroker { broker });
    sim.run_until(sim.now() + 60_000);
    assert!(errors(&sim).is_empty());
}

#[test]
fn one_broker_down_of_three_is_a_refused_connect_but_not_all_brokers_down() {
    let mut sim = Sim::new(scenario(3)).unwrap();
    sim.run_until(3_500);
    let broker = leader(&sim);
    sim.apply(Command::CrashBroker { broker });
    assert!(sim.run_until_done(120_000));
    let errors = errors(&sim);
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|(_, e)| *e == KafkaError::Transport),
        "{errors:?}"
    );
}

#[test]
fn the_same_run_twice_gives_the_same_trace() {
    let a = broker_down_for_good();
    let b = broker_down_for_good();
    assert_eq!(a.trace(), b.trace());
}
