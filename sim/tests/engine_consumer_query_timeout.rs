//! Consumer_lag's blocking queries with `timeout=10`: when no answer can come (no broker to
//! ask), `committed()` and `get_watermark_offsets()` raise `KafkaException` with
//! `_TIMED_OUT` when the timeout runs out, and the `except` prints it; they do not wait
//! forever.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::consumer::{Callbacks, ClientError, ErrorKind, Printed, Program, Stmt};
use kafka_sim::engine::{Command, ConsumerSpec, Millis, Sim};

const EXCEPT_LINE: u32 = 50;

/// `try: <body> except Exception as e: print(e) finally: close()`.
fn lag_program(body: Vec<Stmt>) -> Program {
    Program {
        body: vec![Stmt::Try {
            line: 30,
            body,
            interrupt_line: 48,
            except_line: EXCEPT_LINE,
            finally: vec![Stmt::Close { line: 52 }],
        }],
        callbacks: Callbacks::default(),
        crash_after_records: None,
    }
}

fn committed(timeout_ms: Option<Millis>) -> Stmt {
    Stmt::Committed {
        line: 37,
        topic: TOPIC.to_string(),
        timeout_ms,
    }
}

/// When the program printed an exception, and which.
fn exceptions(sim: &Sim) -> Vec<(Millis, ClientError)> {
    sim.consumer_console(0)
        .filter_map(|(time, line, printed)| match printed {
            Printed::Exception(e) if line == EXCEPT_LINE => Some((time, e.clone())),
            _ => None,
        })
        .collect()
}

fn run(body: Vec<Stmt>, crash: &[(Millis, i32)]) -> Sim {
    let mut scenario = scenario(1, 3, 1);
    scenario.consumers = vec![ConsumerSpec {
        config: consumer_01_config(),
        program: lag_program(body),
        start_at: Some(1_000),
    }];
    scenario.faults = crash
        .iter()
        .map(|&(at, broker)| (at, Command::CrashBroker { broker }))
        .collect();
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(30_000);
    sim
}

#[test]
fn committed_raises_timed_out_when_no_coordinator_answers() {
    let sim = run(
        vec![committed(Some(10_000))],
        &[(500, 1), (500, 2), (500, 3)],
    );
    let expected = ClientError::with_message(
        ErrorKind::TimedOut,
        "Failed to get committed offsets: Local: Timed out",
    );
    assert_eq!(exceptions(&sim), vec![(11_000, expected)]);
    assert_eq!(
        exceptions(&sim)[0].1.to_string(),
        "KafkaError{code=_TIMED_OUT,val=-185,str=\"Failed to get committed offsets: Local: Timed out\"}"
    );
}

#[test]
fn without_a_timeout_committed_waits() {
    let sim = run(vec![committed(None)], &[(500, 1), (500, 2), (500, 3)]);
    assert_eq!(exceptions(&sim), vec![]);
}

#[test]
fn get_watermark_offsets_raises_timed_out_without_a_leader() {
    // Every partition has one replica: crashing its broker leaves it without a leader.
    let probe = Sim::new(scenario(1, 3, 1)).unwrap();
    let leader = probe.cluster().leader(&tp(0)).unwrap();
    let body = vec![
        committed(Some(10_000)),
        Stmt::ForEachCommitted {
            line: 38,
            body: vec![
                Stmt::Sleep {
                    line: 39,
                    ms: 2_000,
                },
                Stmt::GetWatermarks {
                    line: 40,
                    timeout_ms: Some(10_000),
                },
            ],
        },
    ];
    let sim = run(body, &[(2_000, leader)]);
    let expected = ClientError::with_message(
        ErrorKind::TimedOut,
        "Failed to get watermark offsets: Local: Timed out",
    );
    // committed() is answered at 1002 (a millisecond each way); the sleep ends at 3002.
    assert_eq!(exceptions(&sim), vec![(13_002, expected)]);
}
