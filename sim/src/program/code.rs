//! Programs as flat instructions with jumps, and the builder both kinds compile with.

use super::{Except, Lang};
use std::rc::Rc;

/// A flat instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Instr<L: Lang> {
    /// A statement of the kind's table.
    Call(Rc<L::Call>),
    /// `for i in range(times)` (`times: None`: `while True:`); jumps to `end` when it runs
    /// no round. `while_running`: also ends at its head once the program is stopped.
    LoopStart {
        line: u32,
        times: Option<u64>,
        while_running: bool,
        end: usize,
    },
    /// Back after `start` while rounds remain.
    LoopNext {
        start: usize,
    },
    /// `for x in <over>:`; jumps to `end` when there is nothing to iterate.
    ForStart {
        line: u32,
        over: L::Over,
        end: usize,
    },
    ForNext {
        start: usize,
    },
    /// `if <cond>:`; jumps to `end` when it does not hold.
    If {
        line: u32,
        cond: L::Cond,
        end: usize,
    },
    /// Enters a `try`: `handlers` are (what each `except` catches, its first instruction),
    /// `finally` the first instruction of its `finally` block.
    TryStart {
        handlers: Vec<(Except, usize)>,
        finally: Option<usize>,
    },
    /// The end of a `try` body or of a handler: leaves it for `end` (its `finally`, or the
    /// statement after the `try`).
    TryEnd {
        end: usize,
    },
    /// The end of a `finally`: an exception that ran it uncaught goes on unwinding.
    FinallyEnd,
    /// The end of a callback, or of the program.
    Return,
}

impl<L: Lang> Instr<L> {
    /// The Python line this instruction executes, if it is a statement of its own.
    pub fn line(&self) -> Option<u32> {
        match self {
            Instr::Call(call) => L::line(call),
            Instr::LoopStart { line, .. }
            | Instr::ForStart { line, .. }
            | Instr::If { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Compiles statements: each kind's `emit` walks its tree and calls these.
#[derive(Debug)]
pub struct Builder<L: Lang> {
    code: Vec<Instr<L>>,
}

impl<L: Lang> Default for Builder<L> {
    fn default() -> Self {
        Self { code: Vec::new() }
    }
}

/// An open `try` block, between [`Builder::begin_try`] and [`Builder::end_try`].
#[derive(Debug)]
pub struct TryMark {
    start: usize,
    handlers: Vec<(Except, usize)>,
    /// The `TryEnd`s of the body and of each handler, patched with the end.
    exits: Vec<usize>,
    finally: Option<usize>,
}

impl<L: Lang> Builder<L> {
    pub fn call(&mut self, call: L::Call) {
        self.code.push(Instr::Call(Rc::new(call)));
    }

    /// A loop; `body` emits its statements.
    pub fn repeat(
        &mut self,
        line: u32,
        times: Option<u64>,
        while_running: bool,
        body: impl FnOnce(&mut Self),
    ) {
        self.block(
            |end| Instr::LoopStart {
                line,
                times,
                while_running,
                end,
            },
            body,
            |start| Some(Instr::LoopNext { start }),
        );
    }

    /// `for x in <over>:`.
    pub fn for_each(&mut self, line: u32, over: L::Over, body: impl FnOnce(&mut Self)) {
        self.block(
            |end| Instr::ForStart { line, over, end },
            body,
            |start| Some(Instr::ForNext { start }),
        );
    }

    /// `if <cond>:`.
    pub fn when(&mut self, line: u32, cond: L::Cond, body: impl FnOnce(&mut Self)) {
        self.block(|end| Instr::If { line, cond, end }, body, |_| None);
    }

    /// Opens a `try`: emit its body, then each `except_` and its handler, then `finally`
    /// and its block if it has one, then `end_try`.
    pub fn begin_try(&mut self) -> TryMark {
        let start = self.code.len();
        self.code.push(Instr::FinallyEnd);
        TryMark {
            start,
            handlers: Vec::new(),
            exits: Vec::new(),
            finally: None,
        }
    }

    /// Ends the body (or the previous handler) and starts a handler for `except`.
    pub fn except_(&mut self, mark: &mut TryMark, except: Except) {
        self.exit(mark);
        mark.handlers.push((except, self.code.len()));
    }

    /// Ends the body (or the last handler) and starts the `finally` block.
    pub fn finally(&mut self, mark: &mut TryMark) {
        self.exit(mark);
        mark.finally = Some(self.code.len());
    }

    pub fn end_try(&mut self, mut mark: TryMark) {
        if mark.finally.is_some() {
            self.code.push(Instr::FinallyEnd);
        } else {
            self.exit(&mut mark);
        }
        let end = mark.finally.unwrap_or(self.code.len());
        for exit in mark.exits {
            self.code[exit] = Instr::TryEnd { end };
        }
        self.code[mark.start] = Instr::TryStart {
            handlers: mark.handlers,
            finally: mark.finally,
        };
    }

    /// A callback: `body` then its `return`; returns its entry.
    pub fn entry(&mut self, body: impl FnOnce(&mut Self)) -> usize {
        let start = self.code.len();
        body(self);
        self.code.push(Instr::Return);
        start
    }

    pub fn finish(self) -> Rc<[Instr<L>]> {
        self.code.into()
    }

    fn exit(&mut self, mark: &mut TryMark) {
        mark.exits.push(self.code.len());
        self.code.push(Instr::TryEnd { end: 0 });
    }

    /// `head` with a placeholder end, the body, `tail`, then the head patched with the end.
    fn block(
        &mut self,
        head: impl Fn(usize) -> Instr<L>,
        body: impl FnOnce(&mut Self),
        tail: impl FnOnce(usize) -> Option<Instr<L>>,
    ) {
        let start = self.code.len();
        self.code.push(head(0));
        body(self);
        if let Some(instr) = tail(start) {
            self.code.push(instr);
        }
        self.code[start] = head(self.code.len());
    }
}
