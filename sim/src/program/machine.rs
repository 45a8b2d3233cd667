//! The machine that steps through a compiled program: its program counter and frames.

use super::{Env, Instr, Lang};
use std::rc::Rc;

/// The most instructions one program may run in a whole run: a guard against a hostile or
/// mistaken scenario (`while True:` around statements that never wait, a loop of 10^9
/// rounds), which would otherwise never hand control back to its driver. A program that
/// reaches it ends ([`Next::End`]) and [`Machine::ran_away`] says so; the scenario runner
/// turns that into an error. The course's programs run a few thousand.
pub const MAX_INSTRUCTIONS: u64 = 2_000_000;

#[derive(Clone, Debug, PartialEq)]
enum Frame<L: Lang> {
    /// A loop that has run `done` rounds.
    Loop { start: usize, done: u64 },
    For {
        start: usize,
        over: L::Over,
        index: usize,
    },
    /// Inside the body of the `try` whose `TryStart` is at `start`.
    Try { start: usize },
    /// Inside a handler of a `try` (whose `finally` still runs), handling `exception`.
    Handler {
        exception: L::Exception,
        finally: Option<usize>,
    },
    /// An exception no handler of its `try` caught, while that `try`'s `finally` runs.
    Unwinding(L::Exception),
    /// A callback called from a blocking call, which resumes at `resume`.
    Call {
        resume: usize,
        callback: L::Callback,
    },
}

/// What the program does next.
#[derive(Debug)]
pub enum Next<L: Lang> {
    /// Run this call; the program stays at it until [`Machine::advance`] (or a raise).
    Call(Rc<L::Call>),
    /// A `finally` ended with an exception still unwinding: raise it again.
    Raise(L::Exception),
    /// A callback returned into the blocking call it was called from.
    Return(L::Callback),
    /// The program ended.
    End,
}

/// Where an exception went.
#[derive(Debug, PartialEq)]
pub enum Unwound<E> {
    /// To a handler or a `finally`: the program goes on there.
    Caught,
    /// Nothing caught it: the program ends.
    Uncaught(E),
}

/// A compiled program being run.
#[derive(Clone, Debug)]
pub struct Machine<L: Lang> {
    /// Shared, so a process's clone and a running call borrow it instead of copying it.
    code: Rc<[Instr<L>]>,
    pc: usize,
    frames: Vec<Frame<L>>,
    /// `running = False`: `while running:` loops end at their next head.
    stopped: bool,
    /// Instructions run so far, against [`MAX_INSTRUCTIONS`].
    executed: u64,
}

impl<L: Lang> Machine<L> {
    pub fn new(code: Rc<[Instr<L>]>) -> Self {
        Self {
            code,
            pc: 0,
            frames: Vec::new(),
            stopped: false,
            executed: 0,
        }
    }

    /// The Python line running (or blocked in).
    pub fn current_line(&self) -> Option<u32> {
        let upto = self.pc.min(self.code.len().checked_sub(1)?);
        self.code[..=upto].iter().rev().find_map(Instr::line)
    }

    /// Runs the control flow up to the next call, reporting each statement that starts to
    /// `line_executed` (a loop's head again at each new round).
    pub fn next(&mut self, env: &impl Env<L>, line_executed: &mut impl FnMut(u32)) -> Next<L> {
        loop {
            let Some(instr) = self.code.get(self.pc) else {
                return Next::End;
            };
            if self.ran_away() {
                return Next::End;
            }
            self.executed += 1;
            if let Some(line) = instr.line() {
                line_executed(line);
            }
            match instr {
                Instr::Call(call) => return Next::Call(Rc::clone(call)),
                &Instr::LoopStart {
                    times,
                    while_running,
                    end,
                    ..
                } => {
                    if times == Some(0) || (while_running && self.stopped) {
                        self.pc = end;
                    } else {
                        self.enter(Frame::Loop {
                            start: self.pc,
                            done: 0,
                        });
                    }
                }
                &Instr::LoopNext { start } => self.loop_next(start, line_executed),
                &Instr::ForStart { over, end, .. } => {
                    if env.len(over) == 0 {
                        self.pc = end;
                    } else {
                        self.enter(Frame::For {
                            start: self.pc,
                            over,
                            index: 0,
                        });
                    }
                }
                &Instr::ForNext { start } => {
                    let Some(Frame::For { index, over, .. }) = self.frames.last_mut() else {
                        unreachable!("a for loop's end runs inside its frame");
                    };
                    *index += 1;
                    if *index < env.len(*over) {
                        self.again(start, line_executed);
                    } else {
                        self.leave();
                    }
                }
                &Instr::If { cond, end, .. } => {
                    self.pc = if env.holds(cond) { self.pc + 1 } else { end };
                }
                Instr::TryStart { .. } => self.enter(Frame::Try { start: self.pc }),
                &Instr::TryEnd { end } => {
                    self.frames.pop();
                    self.pc = end;
                }
                Instr::FinallyEnd => match self.frames.pop() {
                    Some(Frame::Unwinding(exception)) => return Next::Raise(exception),
                    other => {
                        self.frames.extend(other);
                        self.pc += 1;
                    }
                },
                Instr::Return => {
                    return match self.frames.pop() {
                        Some(Frame::Call { resume, callback }) => {
                            self.pc = resume;
                            Next::Return(callback)
                        }
                        _ => Next::End,
                    };
                }
            }
        }
    }

    /// Whether the program ran [`MAX_INSTRUCTIONS`] and was ended for it.
    pub fn ran_away(&self) -> bool {
        self.executed >= MAX_INSTRUCTIONS
    }

    /// Moves past the current statement.
    pub fn advance(&mut self) {
        self.pc += 1;
    }

    /// `running = False`.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Calls the callback at `entry` from the blocking call the program is in; it returns
    /// `callback` with [`Next::Return`].
    pub fn call(&mut self, entry: usize, callback: L::Callback) {
        self.frames.push(Frame::Call {
            resume: self.pc,
            callback,
        });
        self.pc = entry;
    }

    /// `continue` in the innermost `for x in ...:` loop: on to its end, which takes the next
    /// item or leaves the loop.
    pub fn continue_for(&mut self) {
        let start = self.frames.iter().rev().find_map(|f| match f {
            Frame::For { start, .. } => Some(*start),
            _ => None,
        });
        match start.map(|start| &self.code[start]) {
            Some(Instr::ForStart { end, .. }) => self.pc = end - 1,
            _ => self.pc += 1,
        }
    }

    /// Raises `exception` at the current statement: it unwinds to the innermost `try` that
    /// catches it (its handler runs, then its `finally`) or has a `finally` (which runs, then
    /// the exception goes on unwinding). `unwound` gets each callback it leaves.
    pub fn raise(
        &mut self,
        exception: L::Exception,
        mut unwound: impl FnMut(L::Callback),
    ) -> Unwound<L::Exception> {
        while let Some(frame) = self.frames.pop() {
            let finally = match frame {
                Frame::Try { start } => {
                    let Instr::TryStart { handlers, finally } = &self.code[start] else {
                        unreachable!("a try frame starts at its TryStart");
                    };
                    let caught = handlers.iter().find(|(e, _)| L::catches(*e, &exception));
                    if let Some(&(_, target)) = caught {
                        let finally = *finally;
                        self.frames.push(Frame::Handler { exception, finally });
                        self.pc = target;
                        return Unwound::Caught;
                    }
                    *finally
                }
                Frame::Handler { finally, .. } => finally,
                Frame::Call { callback, .. } => {
                    unwound(callback);
                    None
                }
                Frame::Loop { .. } | Frame::For { .. } | Frame::Unwinding(_) => None,
            };
            if let Some(finally) = finally {
                self.frames.push(Frame::Unwinding(exception));
                self.pc = finally;
                return Unwound::Caught;
            }
        }
        Unwound::Uncaught(exception)
    }

    /// The innermost counted loop's round, Python's `i` in `for i in range(n)`.
    pub fn loop_index(&self) -> Option<u64> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Loop { done, .. } => Some(*done),
            _ => None,
        })
    }

    /// The index of the innermost `for` loop over `over`.
    pub fn for_index(&self, over: L::Over) -> Option<usize> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::For { index, over: o, .. } if *o == over => Some(*index),
            _ => None,
        })
    }

    /// The exception the innermost handler handles (`except ... as e`).
    pub fn exception(&self) -> Option<&L::Exception> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Handler { exception, .. } => Some(exception),
            _ => None,
        })
    }

    /// The innermost callback running.
    pub fn callback(&self) -> Option<&L::Callback> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Call { callback, .. } => Some(callback),
            _ => None,
        })
    }

    fn enter(&mut self, frame: Frame<L>) {
        self.frames.push(frame);
        self.pc += 1;
    }

    fn leave(&mut self) {
        self.frames.pop();
        self.pc += 1;
    }

    /// Back to the first statement of the loop at `start`, whose head runs again.
    fn again(&mut self, start: usize, line_executed: &mut impl FnMut(u32)) {
        self.pc = start + 1;
        if let Some(line) = self.code[start].line() {
            line_executed(line);
        }
    }

    fn loop_next(&mut self, start: usize, line_executed: &mut impl FnMut(u32)) {
        let Some(Frame::Loop { done, .. }) = self.frames.last_mut() else {
            unreachable!("a loop's end runs inside its frame");
        };
        *done += 1;
        let done = *done;
        let Instr::LoopStart {
            times,
            while_running,
            line,
            ..
        } = self.code[start]
        else {
            unreachable!("LoopNext points at its LoopStart");
        };
        if while_running && self.stopped {
            // `while running:` is evaluated once more, false: the loop ends.
            line_executed(line);
            self.leave();
        } else if times.is_some_and(|t| done >= t) {
            self.leave();
        } else {
            self.again(start, line_executed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Builder, Except};
    use super::*;
    use std::convert::Infallible;

    /// A kind of program whose calls are just their lines.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Lines;

    impl Lang for Lines {
        type Call = u32;
        type Over = Infallible;
        type Cond = Infallible;
        type Exception = &'static str;
        type Callback = u32;

        fn line(call: &u32) -> Option<u32> {
            Some(*call)
        }

        fn catches(except: Except, exception: &&'static str) -> bool {
            match except {
                Except::KeyboardInterrupt => *exception == "KeyboardInterrupt",
                Except::Any => *exception != "KeyboardInterrupt",
                Except::NotAClass => true,
                Except::BufferError
                | Except::KafkaException
                | Except::KafkaError
                | Except::KafkaTimeoutError => false,
            }
        }
    }

    /// The next step as (the lines it reported, the call it stopped at).
    fn next(m: &mut Machine<Lines>) -> (Vec<u32>, Next<Lines>) {
        let mut lines = Vec::new();
        let next = m.next(&(), &mut |line| lines.push(line));
        (lines, next)
    }

    fn called(next: (Vec<u32>, Next<Lines>)) -> u32 {
        match next.1 {
            Next::Call(call) => *call,
            other => panic!("expected a call, got {other:?}"),
        }
    }

    /// `try: 2 except KeyboardInterrupt: 3 finally: 4`, then 5.
    fn try_finally() -> Machine<Lines> {
        let mut b = Builder::default();
        b.entry(|b| {
            let mut mark = b.begin_try();
            b.call(2);
            b.except_(&mut mark, Except::KeyboardInterrupt);
            b.call(3);
            b.finally(&mut mark);
            b.call(4);
            b.end_try(mark);
            b.call(5);
        });
        Machine::new(b.finish())
    }

    #[test]
    fn a_loop_reports_its_head_every_round() {
        let mut b = Builder::default();
        b.entry(|b| {
            b.repeat(1, Some(2), false, |b| b.call(2));
            b.call(3);
        });
        let mut m = Machine::new(b.finish());
        let mut lines = Vec::new();
        loop {
            let (reported, next) = next(&mut m);
            lines.extend(reported);
            match next {
                Next::Call(_) => m.advance(),
                Next::End => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(lines, [1, 2, 1, 2, 3]);
    }

    #[test]
    fn a_caught_exception_runs_its_handler_then_finally() {
        let mut m = try_finally();
        assert_eq!(called(next(&mut m)), 2);
        assert_eq!(m.raise("KeyboardInterrupt", |_| ()), Unwound::Caught);
        assert_eq!(called(next(&mut m)), 3);
        assert_eq!(m.exception(), Some(&"KeyboardInterrupt"));
        m.advance();
        assert_eq!(called(next(&mut m)), 4);
        m.advance();
        assert_eq!(called(next(&mut m)), 5);
    }

    #[test]
    fn an_uncaught_exception_runs_finally_and_goes_on_unwinding() {
        let mut m = try_finally();
        assert_eq!(called(next(&mut m)), 2);
        assert_eq!(m.raise("KafkaException", |_| ()), Unwound::Caught);
        assert_eq!(called(next(&mut m)), 4);
        m.advance();
        let Next::Raise(exception) = next(&mut m).1 else {
            panic!("the finally's end raises again");
        };
        assert_eq!(
            m.raise(exception, |_| ()),
            Unwound::Uncaught("KafkaException")
        );
    }

    #[test]
    fn a_callback_returns_into_the_call_it_was_called_from() {
        let mut b = Builder::default();
        b.entry(|b| b.call(1));
        let entry = b.entry(|b| b.call(9));
        let mut m = Machine::new(b.finish());
        assert_eq!(called(next(&mut m)), 1);
        m.call(entry, 7);
        assert_eq!(called(next(&mut m)), 9);
        assert_eq!(m.callback(), Some(&7));
        m.advance();
        assert!(matches!(next(&mut m).1, Next::Return(7)));
        assert_eq!(m.current_line(), Some(1));
        // Unwinding through a callback hands it back.
        m.call(entry, 8);
        let mut unwound = Vec::new();
        let raised = m.raise("KafkaException", |callback| unwound.push(callback));
        assert_eq!(
            (raised, unwound),
            (Unwound::Uncaught("KafkaException"), vec![8])
        );
    }

    #[test]
    fn while_running_ends_at_its_head_once_stopped() {
        let mut b = Builder::default();
        b.entry(|b| b.repeat(1, None, true, |b| b.call(2)));
        let mut m = Machine::new(b.finish());
        assert_eq!(next(&mut m).0, [1, 2]);
        m.stop();
        m.advance();
        let (lines, end) = next(&mut m);
        assert_eq!(lines, [1]);
        assert!(matches!(end, Next::End));
    }
}
