//! Client programs as data: the course's Python producer exercises as small programs of
//! client-API calls, each statement tagged with its line in the Python source, compiled for
//! the interpreter ([`crate::program`]) with the producer's table of calls.

use super::kafka_python::ERRORS_MODULE;
use super::payload::{Payload, Text};
use super::process::PyException;
use crate::ids::Millis;
pub use crate::program::Except;
use crate::program::{Builder, Instr, Lang};
use crate::trace::Stream;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::rc::Rc;

/// What a delivery callback prints. `only_every`: Python's `if int(msg.key()) % N == 0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub prints: CallbackPrints,
    pub only_every: Option<u64>,
}

/// The lines a delivery callback prints for a delivered and for a failed message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallbackPrints {
    /// The course's `delivery_callback` (the confluent-kafka examples'): the report as data,
    /// written by the console ([`crate::console::delivered_line`],
    /// [`crate::console::delivery_failed_line`]) on stderr.
    Course,
    /// A scenario file's own templates, filled in with the report.
    Templates {
        stream: Stream,
        delivered: Text,
        failed: Text,
    },
}

/// A statement that runs as written: a client-API call or a print. Programs and their
/// compiled code share it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Call {
    Produce {
        line: u32,
        topic: String,
        /// `partition=N`: the message goes to partition N and the partitioner does not run;
        /// `None` (Python's default `-1`, `RD_KAFKA_PARTITION_UA`) lets it choose.
        #[serde(default)]
        partition: Option<i32>,
        key: Option<Text>,
        value: Payload,
        callback: Option<usize>,
    },
    Poll {
        line: u32,
        timeout_ms: Millis,
    },
    Flush {
        line: u32,
        timeout_ms: Millis,
    },
    Sleep {
        line: u32,
        ms: Millis,
    },
    Print {
        line: u32,
        stream: Stream,
        text: Text,
    },
    /// kafka-python: `future = producer.send(topic, key=..., value=..., partition=...)`,
    /// with `.add_callback(...)`/`.add_errback(...)` as `callback` (its `delivered` text is
    /// the callback's, its `failed` text the errback's). Key and value are Python strs (or
    /// `None`) for the configured serializers; `partition=None` lets the partitioner choose.
    Send {
        line: u32,
        topic: String,
        #[serde(default)]
        partition: Option<i32>,
        key: Option<Text>,
        value: Option<Text>,
        callback: Option<usize>,
    },
    /// kafka-python: `future.get(timeout=...)` on the last `send()`'s future.
    Get {
        line: u32,
        timeout: Option<Timeout>,
    },
    /// An `except` whose expression is not an exception class ([`Except::NotAClass`]),
    /// reached by an exception: Python raises `TypeError` on its line.
    ExceptNotAClass {
        line: u32,
    },
}

/// A timeout in seconds as the program wrote it (`10`, `0.5`): `get()`'s message prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeout {
    pub ms: Millis,
    /// The Python literal, `str(timeout)`.
    pub literal: String,
}

impl Call {
    /// The Python line of the statement.
    pub fn line(&self) -> u32 {
        match self {
            Call::Produce { line, .. }
            | Call::Poll { line, .. }
            | Call::Flush { line, .. }
            | Call::Sleep { line, .. }
            | Call::Print { line, .. }
            | Call::Send { line, .. }
            | Call::Get { line, .. }
            | Call::ExceptNotAClass { line } => *line,
        }
    }
}

/// A statement of a client program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stmt {
    Call(Call),
    /// `for i in range(0, count):`
    For {
        line: u32,
        count: u64,
        body: Vec<Stmt>,
    },
    /// `try: ... except ...:`
    Try {
        line: u32,
        body: Vec<Stmt>,
        handlers: Vec<(Except, Vec<Stmt>)>,
    },
}

/// A program: its statements, its delivery callbacks (referred to by index), and the line of
/// its `error_cb`'s `print('Error: %s' % err)`, if it registers one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub body: Vec<Stmt>,
    pub callbacks: Vec<Callback>,
    #[serde(default)]
    pub error_cb: Option<u32>,
}

/// The producer's table of calls for the interpreter ([`crate::program`]): no `for` over
/// a collection, no `if`, no callbacks of more than one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Producer;

impl Lang for Producer {
    type Call = Call;
    type Over = Infallible;
    type Cond = Infallible;
    type Exception = PyException;
    type Callback = Infallible;

    fn line(call: &Call) -> Option<u32> {
        Some(call.line())
    }

    fn catches(except: Except, exception: &PyException) -> bool {
        let class = match except {
            Except::BufferError => "BufferError",
            Except::KafkaException => "KafkaException",
            Except::KeyboardInterrupt => "KeyboardInterrupt",
            Except::Any => return exception.kind != "KeyboardInterrupt",
            // Every kafka-python exception is a `kafka.errors.KafkaError`.
            Except::KafkaError => return exception.kind.starts_with(ERRORS_MODULE),
            Except::KafkaTimeoutError => "kafka.errors.KafkaTimeoutError",
            Except::NotAClass => return true,
        };
        exception.kind == class
    }
}

/// Compiles a program for the interpreter.
pub fn compile(program: &Program) -> Rc<[Instr<Producer>]> {
    let mut b = Builder::default();
    b.entry(|b| emit(&program.body, b));
    b.finish()
}

fn emit(body: &[Stmt], b: &mut Builder<Producer>) {
    for stmt in body {
        match stmt {
            Stmt::Call(call) => b.call(call.clone()),
            Stmt::For { line, count, body } => {
                b.repeat(*line, Some(*count), false, |b| emit(body, b))
            }
            Stmt::Try { body, handlers, .. } => {
                let mut mark = b.begin_try();
                emit(body, b);
                for (except, handler) in handlers {
                    b.except_(&mut mark, *except);
                    emit(handler, b);
                }
                b.end_try(mark);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_and_try_blocks_compile_to_jumps() {
        let body = vec![Stmt::Try {
            line: 1,
            body: vec![Stmt::For {
                line: 2,
                count: 3,
                body: vec![Stmt::Call(Call::Sleep { line: 3, ms: 10 })],
            }],
            handlers: vec![(
                Except::BufferError,
                vec![Stmt::Call(Call::Sleep { line: 5, ms: 1 })],
            )],
        }];
        let program = Program {
            body,
            ..Program::default()
        };
        let sleep = |line, ms| Instr::Call(Rc::new(Call::Sleep { line, ms }));
        assert_eq!(
            compile(&program).to_vec(),
            vec![
                Instr::TryStart {
                    handlers: vec![(Except::BufferError, 5)],
                    finally: None
                },
                Instr::LoopStart {
                    line: 2,
                    times: Some(3),
                    while_running: false,
                    end: 4
                },
                sleep(3, 10),
                Instr::LoopNext { start: 1 },
                Instr::TryEnd { end: 7 },
                sleep(5, 1),
                Instr::TryEnd { end: 7 },
                Instr::Return,
            ]
        );
    }

    #[test]
    fn except_clauses_catch_as_python_does() {
        let raised = |kind| PyException {
            kind,
            message: String::new(),
        };
        assert!(Producer::catches(
            Except::BufferError,
            &raised("BufferError")
        ));
        assert!(!Producer::catches(
            Except::BufferError,
            &raised("TypeError")
        ));
        assert!(Producer::catches(Except::Any, &raised("TypeError")));
        assert!(!Producer::catches(
            Except::Any,
            &raised("KeyboardInterrupt")
        ));
        let timeout = raised("kafka.errors.KafkaTimeoutError");
        assert!(Producer::catches(Except::KafkaError, &timeout));
        assert!(Producer::catches(Except::KafkaTimeoutError, &timeout));
        assert!(!Producer::catches(Except::KafkaError, &raised("TypeError")));
    }
}
