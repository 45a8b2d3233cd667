//! One interpreter for the course's Python programs, producers' and consumers' alike.
//!
//! Each client kind writes its programs as its own statement tree (`producer::program`,
//! `consumer::program`) and compiles them with one [`Builder`] to the same flat list of
//! [`Instr`]uctions with jumps: loops (`for i in range(n)`, `while True`, `while running`),
//! `for x in <collection>`, `if`, `try`/`except`/`finally`, and callbacks as entries that end
//! in a `return`. One [`Machine`] steps through them: it keeps the program counter and the
//! frames (loop counts, the `for` index, the `try` being run, the exception being handled or
//! unwinding, a callback called from a blocking call) and reports each statement as it starts
//! (the trace's `LineExecuted`, which the step-through highlights).
//!
//! What a statement does to the client is the kind's own table, its [`Lang::Call`]: the
//! machine stops at each call and hands it to the process, which runs it against its client
//! (`producer::process`, `consumer::process`). A process yields to its driver by not asking
//! for the next statement: it blocks in a call (a `poll()`, a `sleep()`, a synchronous
//! commit) and moves past it with [`Machine::advance`] when the call returns.

mod code;
pub mod de;
mod machine;

pub use code::{Builder, Instr, TryMark};
pub use machine::{MAX_INSTRUCTIONS, Machine, Next, Unwound};

use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::fmt::Debug;

/// Which exceptions an `except` clause catches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Except {
    BufferError,
    KafkaException,
    KeyboardInterrupt,
    /// `except Exception`: everything but `KeyboardInterrupt` (a `BaseException`).
    Any,
    /// kafka-python's `except KafkaError` (`kafka.errors.KafkaError`, every error it raises).
    KafkaError,
    /// kafka-python's `except KafkaTimeoutError`.
    KafkaTimeoutError,
    /// `except kafka_errors` (seed 004): a dict, not an exception class. Python evaluates it
    /// for any exception that reaches it and raises `TypeError` there (CPython
    /// `PyErr_GivenExceptionMatches` via `CHECK_EXC_MATCH`), so its handler is that raise. Only
    /// seed 004's producer program has one.
    NotAClass,
}

/// A kind of program: its table of calls and what its control flow asks of the process.
pub trait Lang {
    /// A statement without a body: a client-API call, a print, a sleep.
    type Call: Clone + Debug + PartialEq;
    /// What a `for` loop iterates over.
    type Over: Copy + Debug + PartialEq;
    /// What an `if` tests.
    type Cond: Copy + Debug + PartialEq;
    /// A raised exception.
    type Exception: Clone + Debug + PartialEq;
    /// What a callback called from inside a blocking call gives back when it returns.
    type Callback: Clone + Debug + PartialEq;

    /// The Python line of `call`, if it is traced as a statement of its own (an `except`
    /// handler's one-line print runs as part of the `raise` and is not).
    fn line(call: &Self::Call) -> Option<u32>;

    /// Whether `except` catches `exception`.
    fn catches(except: Except, exception: &Self::Exception) -> bool;
}

/// What the control flow reads of the process's variables.
pub trait Env<L: Lang> {
    /// How many items a `for` loop over `over` has.
    fn len(&self, over: L::Over) -> usize;
    /// Whether an `if` on `cond` enters its body.
    fn holds(&self, cond: L::Cond) -> bool;
}

/// A kind of program with neither `for` over a collection nor `if` reads no variables.
impl<L: Lang<Over = Infallible, Cond = Infallible>> Env<L> for () {
    fn len(&self, over: Infallible) -> usize {
        match over {}
    }

    fn holds(&self, cond: Infallible) -> bool {
        match cond {}
    }
}
