//! A `try` whose only handler is `except KafkaException` (Consumer_05's commit before
//! `close()`) does not catch a Ctrl+C: its `finally` still closes the consumer, then the
//! `KeyboardInterrupt` goes on unwinding and ends the program, as Python's `try` statement
//! does, and Python's traceback ends with the exception's class: `KeyboardInterrupt`.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::{ClientEvent, Printed, ProcessState, Program, Stmt};
use kafka_sim_testkit::LabEvent;

/// `try: while True: consume() ... except KeyboardInterrupt: (line 11) finally: try:
/// time.sleep(5) except KafkaException as e: print(e) (line 14) finally: close()`.
fn program() -> Program {
    let poll_loop = Stmt::Loop {
        line: 3,
        times: None,
        body: vec![Stmt::Consume {
            line: 4,
            num_messages: 500,
            timeout_ms: 1000,
        }],
    };
    let closing = Stmt::TryKafka {
        line: 12,
        body: vec![Stmt::Sleep {
            line: 13,
            ms: 5_000,
        }],
        except_line: 14,
        finally: vec![Stmt::Close { line: 15 }],
    };
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![TEST_TOPIC.to_string()],
            },
            Stmt::Try {
                line: 2,
                body: vec![poll_loop],
                interrupt_line: 11,
                except_line: 10,
                finally: vec![closing],
            },
        ],
        ..Program::default()
    }
}

#[test]
fn a_second_ctrl_c_in_finally_still_closes_then_ends_the_program() {
    let mut lab = lab(31);
    let c = lab.start(&manual_commit_config(), &program()).unwrap();
    lab.run_until(5_000);
    lab.interrupt(c);
    lab.run_until(6_000);
    assert_eq!(lab.consumer(c).state(), ProcessState::Running, "sleeping");
    lab.interrupt(c);
    lab.run_until(20_000);
    assert_eq!(
        lab.printed(c),
        [
            (11, Printed::Aborted),
            (15, Printed::Traceback("KeyboardInterrupt".into()))
        ]
    );
    let left = lab.trace().iter().any(|e| {
        e.consumer == Some(c) && matches!(e.event, LabEvent::Client(ClientEvent::LeaveSent { .. }))
    });
    assert!(left, "close() ran in the inner finally");
    assert!(lab.consumer(c).client.is_closed());
    assert_eq!(lab.consumer(c).state(), ProcessState::Crashed, "uncaught");
}
