//! Client programs as data: the course's Python producer exercises as small programs of
//! client-API calls, each statement tagged with its line in the Python source. They are
//! compiled to a flat list of instructions with jumps, which the process steps through.

use super::payload::{Payload, Text};
use crate::ids::Millis;
use crate::trace::Stream;
use serde::{Deserialize, Serialize};

/// What a delivery callback prints. `only_every`: Python's `if int(msg.key()) % N == 0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub stream: Stream,
    pub delivered: Text,
    pub failed: Text,
    pub only_every: Option<u64>,
}

/// Which exceptions an `except` clause catches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Except {
    BufferError,
    Any,
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
}

impl Call {
    /// The Python line of the statement.
    pub fn line(&self) -> u32 {
        match self {
            Call::Produce { line, .. }
            | Call::Poll { line, .. }
            | Call::Flush { line, .. }
            | Call::Sleep { line, .. }
            | Call::Print { line, .. } => *line,
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

/// A flat instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instr {
    Call(Call),
    /// Enters a loop, or jumps to `end` when `count` is 0.
    LoopStart {
        line: u32,
        count: u64,
        end: usize,
    },
    /// Back to the instruction after `start` while iterations remain.
    LoopNext {
        start: usize,
    },
    /// Enters a try block; `handlers` are (kind, first instruction).
    TryStart {
        handlers: Vec<(Except, usize)>,
    },
    /// Leaves a try block (or a handler) for `end`.
    TryEnd {
        end: usize,
    },
}

impl Instr {
    /// The Python line this instruction executes, if it is a statement of its own.
    pub fn line(&self) -> Option<u32> {
        match self {
            Instr::Call(call) => Some(call.line()),
            Instr::LoopStart { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Compiles statements to instructions.
pub fn compile(body: &[Stmt]) -> Vec<Instr> {
    let mut code = Vec::new();
    emit(body, &mut code);
    code
}

fn emit(body: &[Stmt], code: &mut Vec<Instr>) {
    for stmt in body {
        match stmt {
            Stmt::Call(call) => code.push(Instr::Call(call.clone())),
            Stmt::For { line, count, body } => {
                let start = code.len();
                code.push(Instr::LoopStart {
                    line: *line,
                    count: *count,
                    end: 0,
                });
                emit(body, code);
                code.push(Instr::LoopNext { start });
                let end = code.len();
                code[start] = Instr::LoopStart {
                    line: *line,
                    count: *count,
                    end,
                };
            }
            Stmt::Try { body, handlers, .. } => {
                let start = code.len();
                code.push(Instr::TryStart {
                    handlers: Vec::new(),
                });
                emit(body, code);
                let mut exits = vec![code.len()];
                code.push(Instr::TryEnd { end: 0 });
                let mut targets = Vec::new();
                for (kind, handler) in handlers {
                    targets.push((*kind, code.len()));
                    emit(handler, code);
                    exits.push(code.len());
                    code.push(Instr::TryEnd { end: 0 });
                }
                let end = code.len();
                code[start] = Instr::TryStart { handlers: targets };
                for exit in exits {
                    code[exit] = Instr::TryEnd { end };
                }
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
        assert_eq!(
            compile(&body),
            vec![
                Instr::TryStart {
                    handlers: vec![(Except::BufferError, 5)]
                },
                Instr::LoopStart {
                    line: 2,
                    count: 3,
                    end: 4
                },
                Instr::Call(Call::Sleep { line: 3, ms: 10 }),
                Instr::LoopNext { start: 1 },
                Instr::TryEnd { end: 7 },
                Instr::Call(Call::Sleep { line: 5, ms: 1 }),
                Instr::TryEnd { end: 7 },
            ]
        );
    }
}
