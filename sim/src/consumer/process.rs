//! A consumer process: a [`Program`] running against one [`ConsumerClient`] in virtual time.
//! Statements take no time except `consume()`/`poll()` (blocking), `Work`, `sleep()`, a
//! synchronous commit (until its answer) and `close()` (until the consumer has closed).
//! Rebalance and `on_commit` callbacks run only inside `consume()`/`poll()`/`close()`.

use super::client::{
    Answer, CommitResult, CommitWhat, CommittedPartition, ConsumerClient, Delivery, Output,
    Rebalance, RebalanceKind, Served,
};
use super::program::{Code, Instr, Over, Program, Stmt, compile};
use crate::TopicPartition;
use crate::ids::Millis;
pub use crate::trace::consumer::{CallbackKind, Printed, ProcessState, ProgramEvent};
use crate::wire::client_error::{ClientError, ErrorKind};

/// confluent-kafka-python waits in chunks of this many milliseconds and returns after the
/// first chunk that got messages (`Consumer_consume`, `CHUNK_TIMEOUT_MS`).
const CHUNK_MS: Millis = 200;

/// A batch item: a record, or a message carrying an error.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Record(Delivery),
    Error(ClientError),
}

/// A `consume()`/`poll()` in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Consuming {
    max: usize,
    deadline: Millis,
    chunk_end: Millis,
    /// `poll()`: return as soon as there is one item.
    single: bool,
    items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Wait {
    Ready,
    Consume(Consuming),
    Until(Millis),
    Commit(u64),
    /// A blocking `committed()` or `get_watermark_offsets()`.
    Query(Query),
    Close,
}

/// A blocking query call waiting for its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Query {
    ticket: u64,
    /// When the call's `timeout` runs out (`None`: no timeout).
    deadline: Option<Millis>,
    /// The exception's text before the error's description.
    failure: &'static str,
}

/// Why the program raised.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Raised {
    KeyboardInterrupt,
    Kafka(ClientError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Frame {
    Loop {
        start: usize,
        done: u64,
    },
    For {
        start: usize,
        over: Over,
        index: usize,
    },
    Try {
        interrupt_line: Option<u32>,
        except_line: u32,
        finally: usize,
    },
    /// An exception no handler of its `try` caught, while that `try`'s `finally` runs.
    Unwinding(Raised),
    /// A callback called from a blocking call, which resumes at `resume` with `wait`.
    Call {
        resume: usize,
        wait: Wait,
        rebalance: Option<Rebalance>,
        callback: CallbackKind,
    },
}

/// A program bound to its consumer.
#[derive(Clone, Debug)]
pub struct ConsumerProcess {
    pub client: ConsumerClient,
    code: Code,
    on_commit: Option<u32>,
    /// The line of `error_cb`'s `print`, if the program registers one.
    error_cb: Option<u32>,
    crash_after: Option<u64>,
    pc: usize,
    frames: Vec<Frame>,
    wait: Wait,
    state: ProcessState,
    batch: Vec<Item>,
    pulled: bool,
    rewound: bool,
    remembered: Vec<Delivery>,
    sync_result: Vec<CommittedPartition>,
    /// The last `committed()` answer, `low, high` of the last `get_watermark_offsets()`
    /// and `total_lag`, for Consumer_lag.
    committed: Vec<(TopicPartition, Option<i64>)>,
    watermarks: (i64, i64),
    total_lag: i64,
    processed: u64,
    interrupted: bool,
    /// `running = False`: `while running:` loops end at their next head.
    stopped: bool,
}

impl ConsumerProcess {
    pub fn new(client: ConsumerClient, program: &Program) -> Self {
        Self {
            client,
            code: compile(program),
            on_commit: program.callbacks.on_commit,
            error_cb: program.callbacks.error_cb,
            crash_after: program.crash_after_records,
            pc: 0,
            frames: Vec::new(),
            wait: Wait::Ready,
            state: ProcessState::Running,
            batch: Vec::new(),
            pulled: false,
            rewound: false,
            remembered: Vec::new(),
            sync_result: Vec::new(),
            committed: Vec::new(),
            watermarks: (0, 0),
            total_lag: 0,
            processed: 0,
            interrupted: false,
            stopped: false,
        }
    }

    pub fn state(&self) -> ProcessState {
        self.state
    }

    /// The Python line running (or blocked in), if the program is running.
    pub fn current_line(&self) -> Option<u32> {
        (self.state == ProcessState::Running)
            .then(|| {
                self.code.instrs[..=self.pc]
                    .iter()
                    .rev()
                    .find_map(Instr::line)
            })
            .flatten()
    }

    /// Drains the outputs of the program and of its consumer.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        self.client.take_outputs()
    }

    /// When the process must next be woken (its own deadline or its consumer's timers).
    pub fn poll_timeout(&self) -> Option<Millis> {
        if self.state != ProcessState::Running {
            return None;
        }
        let own = match &self.wait {
            Wait::Consume(c) => Some(c.chunk_end.min(c.deadline)),
            Wait::Until(t) => Some(*t),
            Wait::Query(q) => q.deadline,
            _ => None,
        };
        [own, self.client.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Runs the program at `now` as far as it goes.
    pub fn handle_timeout(&mut self, now: Millis) {
        if self.state == ProcessState::Running {
            self.client.handle_timeout(now);
            self.run(now);
        }
    }

    pub fn handle_coordinator(&mut self, now: Millis, response: crate::coordinator::Response) {
        if self.state == ProcessState::Running {
            self.client.handle_coordinator(now, response);
            self.run(now);
        }
    }

    pub fn handle_log(&mut self, now: Millis, response: crate::wire::LogResponse) {
        if self.state == ProcessState::Running {
            self.client.handle_log(now, response);
            self.run(now);
        }
    }

    /// Ctrl+C: `KeyboardInterrupt` at the statement running now.
    pub fn interrupt(&mut self, now: Millis) {
        if self.state == ProcessState::Running {
            self.interrupted = true;
            self.run(now);
        }
    }

    /// `running = False` from a signal handler or another thread: nothing is interrupted;
    /// `while running:` loops end at their next head.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// `kill -9`: the process stops where it is, without `close()`.
    pub fn kill(&mut self) {
        if self.state == ProcessState::Running {
            self.state = ProcessState::Crashed;
            self.client.emit(Output::Program(ProgramEvent::Crashed));
        }
    }

    /// A statement starts (the engine traces it as `LineExecuted`, as a producer's).
    fn line_executed(&mut self, line: u32) {
        self.client
            .emit(Output::Program(ProgramEvent::LineExecuted { line }));
    }

    /// A loop goes round again: its header line runs once more.
    fn loop_line(&mut self, start: usize) {
        if let Some(line) = self.code.instrs[start].line() {
            self.line_executed(line);
        }
    }

    fn print(&mut self, line: u32, printed: Printed) {
        self.client
            .emit(Output::Program(ProgramEvent::Printed { line, printed }));
    }

    fn run(&mut self, now: Millis) {
        while self.state == ProcessState::Running {
            if self.interrupted && !matches!(self.wait, Wait::Close) {
                self.interrupted = false;
                self.finish_wait(now);
                self.raise(now, Raised::KeyboardInterrupt);
                continue;
            }
            match self.wait.clone() {
                Wait::Ready => self.step(now),
                Wait::Until(t) if now >= t => self.advance(),
                Wait::Until(_) => break,
                Wait::Commit(ticket) => match self.client.take_answer(ticket) {
                    Some(Answer::Commit(result)) => {
                        self.wait = Wait::Ready;
                        self.sync_commit_done(now, result);
                    }
                    _ => break,
                },
                Wait::Query(query) => match self.client.take_answer(query.ticket) {
                    Some(answer) => {
                        self.answered(answer);
                        self.advance();
                    }
                    None if query.deadline.is_some_and(|at| now >= at) => {
                        self.query_timed_out(now, &query)
                    }
                    None => break,
                },
                Wait::Consume(c) => {
                    if !self.consume_step(now, c) {
                        break;
                    }
                }
                Wait::Close => {
                    if !self.close_step(now) {
                        break;
                    }
                }
            }
        }
    }

    /// Moves past the current statement.
    fn advance(&mut self) {
        self.wait = Wait::Ready;
        self.pc += 1;
    }

    /// Ends a blocking call early (for an interrupt): a poll returns, a wait stops.
    fn finish_wait(&mut self, now: Millis) {
        if matches!(self.wait, Wait::Consume(_)) {
            self.client.poll_ended(now);
        }
        self.wait = Wait::Ready;
    }

    fn step(&mut self, now: Millis) {
        let instr = self.code.instrs[self.pc].clone();
        if let Some(line) = instr.line() {
            self.line_executed(line);
        }
        match instr {
            Instr::Do(stmt) => self.execute(now, stmt),
            Instr::LoopStart {
                times,
                while_running,
                end,
                ..
            } => {
                if times == Some(0) || (while_running && self.stopped) {
                    self.pc = end;
                } else {
                    self.frames.push(Frame::Loop {
                        start: self.pc,
                        done: 0,
                    });
                    self.pc += 1;
                }
            }
            Instr::LoopNext { start } => {
                let Some(Frame::Loop { done, .. }) = self.frames.last_mut() else {
                    unreachable!("a loop's end runs inside its frame");
                };
                *done += 1;
                let done = *done;
                let Instr::LoopStart {
                    times,
                    while_running,
                    ..
                } = self.code.instrs[start]
                else {
                    unreachable!("LoopNext points at its LoopStart");
                };
                if while_running && self.stopped {
                    // `while running:` is evaluated once more, false: the loop ends.
                    self.loop_line(start);
                    self.frames.pop();
                    self.pc += 1;
                } else if times.is_some_and(|t| done >= t) {
                    self.frames.pop();
                    self.pc += 1;
                } else {
                    self.pc = start + 1;
                    self.loop_line(start);
                }
            }
            Instr::ForStart { over, end, .. } => {
                if self.items(over) == 0 {
                    self.pc = end;
                } else {
                    self.frames.push(Frame::For {
                        start: self.pc,
                        over,
                        index: 0,
                    });
                    self.pc += 1;
                }
            }
            Instr::ForNext { start } => {
                let Some(Frame::For { index, over, .. }) = self.frames.last_mut() else {
                    unreachable!("a for loop's end runs inside its frame");
                };
                *index += 1;
                let (index, over) = (*index, *over);
                if index < self.items(over) {
                    self.pc = start + 1;
                    self.loop_line(start);
                } else {
                    self.frames.pop();
                    self.pc += 1;
                }
            }
            Instr::IfPulled { end, .. } => {
                self.pc = if self.pulled { self.pc + 1 } else { end };
            }
            Instr::IfRecords { end, .. } => {
                self.pc = if self.batch.is_empty() {
                    end
                } else {
                    self.pc + 1
                };
            }
            Instr::TryStart {
                interrupt_line,
                except_line,
                finally,
            } => {
                self.frames.push(Frame::Try {
                    interrupt_line,
                    except_line,
                    finally,
                });
                self.pc += 1;
            }
            Instr::TryEnd => {
                let Some(Frame::Try { finally, .. }) = self.frames.pop() else {
                    unreachable!("a try's end runs inside its frame");
                };
                self.pc = finally;
            }
            Instr::FinallyEnd => match self.frames.pop() {
                Some(Frame::Unwinding(raised)) => self.raise(now, raised),
                other => {
                    self.frames.extend(other);
                    self.pc += 1;
                }
            },
            Instr::Return => self.ret(now),
        }
    }

    /// The end of a callback (back into the blocking call) or of the program.
    fn ret(&mut self, now: Millis) {
        match self.frames.pop() {
            Some(Frame::Call {
                resume,
                wait,
                rebalance,
                ..
            }) => {
                if let Some(rebalance) = rebalance {
                    self.client.rebalance_done(now, &rebalance);
                }
                self.pc = resume;
                self.wait = wait;
            }
            _ => {
                self.state = ProcessState::Finished;
                self.client.emit(Output::Program(ProgramEvent::Finished));
            }
        }
    }

    /// How many items a `for` loop over `over` has.
    fn items(&self, over: Over) -> usize {
        match over {
            Over::Records => self.batch.len(),
            Over::Committed => self.committed.len(),
        }
    }

    /// The index of the innermost `for` loop over `over`.
    fn for_index(&self, over: Over) -> Option<usize> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::For { index, over: o, .. } if *o == over => Some(*index),
            _ => None,
        })
    }

    /// The record the `for` loop is at.
    fn record(&self) -> Option<&Item> {
        self.batch.get(self.for_index(Over::Records)?)
    }

    /// The partition and committed offset the `for tp in committed:` loop is at.
    fn committed_at(&self) -> Option<(TopicPartition, Option<i64>)> {
        self.committed
            .get(self.for_index(Over::Committed)?)
            .cloned()
    }

    /// Takes the answer of a blocking `committed()` / `get_watermark_offsets()`.
    fn answered(&mut self, answer: Answer) {
        match answer {
            Answer::Committed(partitions) => self.committed = partitions,
            Answer::Watermarks { low, high } => self.watermarks = (low, high),
            Answer::Commit(_) => unreachable!("a commit answers a Wait::Commit"),
        }
    }

    fn current_delivery(&self) -> Option<Delivery> {
        match self.record() {
            Some(Item::Record(d)) => Some(d.clone()),
            _ => None,
        }
    }

    /// The partitions of the rebalance callback running, if any.
    fn callback_partitions(&self) -> Option<(CallbackKind, Vec<TopicPartition>)> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Call {
                rebalance: Some(r),
                callback,
                ..
            } => Some((*callback, r.partitions.clone())),
            _ => None,
        })
    }

    fn execute(&mut self, now: Millis, stmt: Stmt) {
        match stmt {
            Stmt::PrintStart { line } => self.print(line, Printed::StartListening),
            Stmt::Subscribe { topics, .. } => self.client.subscribe(now, &topics),
            Stmt::Assign { partitions, .. } => {
                let partitions: Vec<_> = partitions
                    .into_iter()
                    .map(|(tp, offset)| (tp, Some(offset)))
                    .collect();
                self.client.assign(now, &partitions);
            }
            Stmt::Consume {
                num_messages,
                timeout_ms,
                ..
            } => return self.start_consume(now, num_messages, timeout_ms, false),
            Stmt::Poll { timeout_ms, .. } => return self.start_consume(now, 1, timeout_ms, true),
            Stmt::RaiseIfError { .. } => {
                if let Some(Item::Error(e)) = self.record() {
                    let e = e.clone();
                    return self.raise(now, Raised::Kafka(e));
                }
                self.pulled = true;
            }
            Stmt::SkipIfError { print_line, .. } => {
                if let Some(Item::Error(e)) = self.record() {
                    let e = e.clone();
                    if let Some(line) = print_line {
                        self.print(line, Printed::Error(e));
                    }
                    return self.continue_records();
                }
                self.pulled = true;
            }
            Stmt::Work { ms, .. } => {
                self.wait = Wait::Until(now + ms);
                return;
            }
            Stmt::PrintRecord { line } => {
                if let Some(d) = self.current_delivery() {
                    self.print(line, record_printed(&d));
                    self.client.emit(Output::Program(ProgramEvent::Processed {
                        tp: d.tp.clone(),
                        offset: d.offset,
                    }));
                    self.processed += 1;
                    if self.crash_after == Some(self.processed) {
                        return self.kill();
                    }
                }
            }
            Stmt::CommitRecord { asynchronous, .. } => {
                if let Some(d) = self.current_delivery() {
                    let what = CommitWhat::Message {
                        tp: d.tp,
                        offset: d.offset,
                    };
                    return self.commit(now, what, asynchronous);
                }
            }
            Stmt::StoreRecord { .. } => {
                if let Some(d) = self.current_delivery()
                    && let Err(e) = self.client.store_offsets(&[(d.tp, d.offset + 1)])
                {
                    return self.raise(now, Raised::Kafka(e));
                }
            }
            Stmt::Remember { .. } => {
                if let Some(d) = self.current_delivery() {
                    match self.remembered.iter_mut().find(|r| r.tp == d.tp) {
                        Some(slot) => *slot = d,
                        None => self.remembered.push(d),
                    }
                }
            }
            Stmt::CommitRemembered { .. } => {
                for d in std::mem::take(&mut self.remembered) {
                    let what = CommitWhat::Message {
                        tp: d.tp,
                        offset: d.offset,
                    };
                    self.client.commit(now, what, true);
                }
            }
            Stmt::Commit { asynchronous, .. } => {
                return self.commit(now, CommitWhat::Stored, asynchronous);
            }
            Stmt::CommitOffsets {
                offsets,
                asynchronous,
                ..
            } => return self.commit(now, CommitWhat::Offsets(offsets), asynchronous),
            Stmt::PrintSyncResult { line } => {
                let result = self.sync_result.clone();
                self.print(line, Printed::SyncCommitResult(result));
            }
            Stmt::SeekOnce {
                print_line,
                tp,
                offset,
                ..
            } => {
                if self.pulled && !self.rewound {
                    self.print(
                        print_line,
                        Printed::Seeking {
                            tp: tp.clone(),
                            offset,
                        },
                    );
                    if let Err(e) = self.client.seek(now, &tp, offset) {
                        return self.raise(now, Raised::Kafka(e));
                    }
                    self.rewound = true;
                }
            }
            Stmt::PrintPartitions { line } => {
                if let Some((callback, partitions)) = self.callback_partitions() {
                    self.print(
                        line,
                        Printed::Partitions {
                            callback,
                            partitions,
                        },
                    );
                }
            }
            Stmt::Committed {
                topic, timeout_ms, ..
            } => {
                let partitions = self.client.partitions_of(&topic);
                self.total_lag = 0;
                self.wait = Wait::Query(Query {
                    ticket: self.client.committed(&partitions),
                    deadline: timeout_ms.map(|ms| now + ms),
                    failure: "Failed to get committed offsets",
                });
                return;
            }
            Stmt::GetWatermarks { timeout_ms, .. } => {
                if let Some((tp, _)) = self.committed_at() {
                    self.wait = Wait::Query(Query {
                        ticket: self.client.get_watermark_offsets(&tp),
                        deadline: timeout_ms.map(|ms| now + ms),
                        failure: "Failed to get watermark offsets",
                    });
                    return;
                }
            }
            Stmt::PrintLag { line } => {
                if let Some((tp, committed)) = self.committed_at() {
                    let (low, high) = self.watermarks;
                    let lag = high - committed.unwrap_or(low);
                    self.total_lag += lag;
                    let printed = Printed::Lag {
                        tp,
                        committed,
                        end: high,
                        lag,
                    };
                    self.print(line, printed);
                }
            }
            Stmt::PrintTotalLag { line } => self.print(line, Printed::TotalLag(self.total_lag)),
            Stmt::Sleep { ms, .. } => {
                self.wait = Wait::Until(now + ms);
                return;
            }
            Stmt::Close { .. } => {
                self.client.close(now);
                self.wait = Wait::Close;
                return;
            }
            Stmt::Loop { .. }
            | Stmt::WhileRunning { .. }
            | Stmt::ForEachRecord { .. }
            | Stmt::ForEachCommitted { .. }
            | Stmt::IfPulled { .. }
            | Stmt::IfRecords { .. }
            | Stmt::Try { .. }
            | Stmt::TryKafka { .. } => {
                unreachable!("block statements are compiled to jumps")
            }
        }
        self.pc += 1;
    }

    /// `continue` in `for record in records:`: on to the loop's end, which takes the next
    /// record or leaves the loop.
    fn continue_records(&mut self) {
        let start = self.frames.iter().rev().find_map(|f| match f {
            Frame::For { start, .. } => Some(*start),
            _ => None,
        });
        match start.map(|start| &self.code.instrs[start]) {
            Some(Instr::ForStart { end, .. }) => self.pc = end - 1,
            _ => self.pc += 1,
        }
    }

    fn commit(&mut self, now: Millis, what: CommitWhat, asynchronous: bool) {
        match self.client.commit(now, what, asynchronous) {
            Some(ticket) => self.wait = Wait::Commit(ticket),
            None => self.pc += 1,
        }
    }

    /// `commit(asynchronous=False)` returns the partitions, or raises
    /// `KafkaException("Commit failed: ...")` (confluent-kafka-python `Consumer_commit`).
    fn sync_commit_done(&mut self, now: Millis, result: CommitResult) {
        match result.error {
            Some(e) => {
                let message = format!("Commit failed: {}", e.kind.description());
                self.raise(
                    now,
                    Raised::Kafka(ClientError::with_message(e.kind, message)),
                );
            }
            None => {
                self.sync_result = result.partitions;
                self.pc += 1;
            }
        }
    }

    /// A query's timeout ran out: librdkafka returns `_TIMED_OUT` and confluent-kafka-python
    /// raises `KafkaException("Failed to get committed offsets: Local: Timed out")`
    /// (`Consumer_committed`, `Consumer_get_watermark_offsets`: `cfl_PyErr_Format`). An
    /// answer that comes later is dropped.
    fn query_timed_out(&mut self, now: Millis, query: &Query) {
        self.client.abandon(query.ticket);
        let kind = ErrorKind::TimedOut;
        let message = format!("{}: {}", query.failure, kind.description());
        self.raise(now, Raised::Kafka(ClientError::with_message(kind, message)));
    }

    /// An exception unwinds to the nearest `try`: its handler prints, then `finally` runs.
    /// Unwinding through a rebalance callback still lets the wrapper assign.
    fn raise(&mut self, now: Millis, raised: Raised) {
        while let Some(frame) = self.frames.pop() {
            match frame {
                Frame::Try {
                    interrupt_line,
                    except_line,
                    finally,
                } => {
                    match (raised, interrupt_line) {
                        (Raised::KeyboardInterrupt, Some(line)) => {
                            self.print(line, Printed::Aborted)
                        }
                        (raised @ Raised::KeyboardInterrupt, None) => {
                            self.frames.push(Frame::Unwinding(raised))
                        }
                        (Raised::Kafka(e), _) => self.print(except_line, Printed::Exception(e)),
                    }
                    self.wait = Wait::Ready;
                    self.pc = finally;
                    return;
                }
                Frame::Call {
                    rebalance: Some(r), ..
                } => self.client.rebalance_done(now, &r),
                _ => {}
            }
        }
        self.kill();
    }

    fn start_consume(&mut self, now: Millis, max: usize, timeout_ms: Millis, single: bool) {
        self.pulled = false;
        self.client.poll_started(now, timeout_ms > 0);
        self.wait = Wait::Consume(Consuming {
            max,
            deadline: now + timeout_ms,
            chunk_end: now + CHUNK_MS.min(timeout_ms),
            single,
            items: Vec::new(),
        });
    }

    /// Serves the consumer queue for a `consume()`/`poll()`; returns whether the process
    /// moved on (the call returned, or a callback started).
    fn consume_step(&mut self, now: Millis, mut c: Consuming) -> bool {
        while c.items.len() < c.max {
            match self.client.next_item() {
                Some(Served::Record(d)) => c.items.push(Item::Record(d)),
                Some(Served::Error(e)) => c.items.push(Item::Error(e)),
                Some(Served::Committed(result)) => self.on_commit(result),
                Some(Served::ErrorEvent(error)) => self.on_error(error),
                Some(Served::Rebalance(r)) => {
                    self.call_rebalance(now, r, Wait::Consume(c));
                    return true;
                }
                None => break,
            }
            if c.single {
                break;
            }
        }
        let full = c.items.len() >= c.max;
        let chunk_over = now >= c.chunk_end;
        if full || now >= c.deadline || (chunk_over && !c.items.is_empty()) {
            self.batch = c.items;
            self.batch
                .retain(|item| !matches!(item, Item::Record(d) if !self.client.is_current(d)));
            let records: Vec<Delivery> = self
                .batch
                .iter()
                .filter_map(|item| match item {
                    Item::Record(d) => Some(d.clone()),
                    Item::Error(_) => None,
                })
                .collect();
            self.client.delivered(&records);
            self.client.poll_ended(now);
            self.advance();
            return true;
        }
        if chunk_over {
            c.chunk_end = (c.chunk_end + CHUNK_MS).min(c.deadline);
        }
        let moved = self.wait != Wait::Consume(c.clone());
        self.wait = Wait::Consume(c);
        moved
    }

    /// Serves callbacks until the consumer has closed (`rd_kafka_consumer_close`): messages
    /// and errors are dropped.
    fn close_step(&mut self, now: Millis) -> bool {
        while let Some(item) = self.client.next_item() {
            match item {
                Served::Committed(result) => self.on_commit(result),
                Served::ErrorEvent(error) => self.on_error(error),
                Served::Rebalance(r) => {
                    self.call_rebalance(now, r, Wait::Close);
                    return true;
                }
                Served::Record(_) | Served::Error(_) => {}
            }
        }
        if self.client.is_closed() {
            self.advance();
            return true;
        }
        false
    }

    fn on_commit(&mut self, result: CommitResult) {
        if let Some(line) = self.on_commit {
            self.print(line, Printed::CommitCallback(result));
        }
    }

    /// `error_cb(err)`: `print('Error: %s' % err)`, when the program registers one (without
    /// it librdkafka only logs the error, `rd_kafka_poll_cb`).
    fn on_error(&mut self, error: ClientError) {
        if let Some(line) = self.error_cb {
            self.print(line, Printed::Error(error));
        }
    }

    /// Runs the program's callback for a rebalance (`on_lost` only when the assignment is
    /// lost and one was given, confluent-kafka-python `Consumer_rebalance_cb`), or lets the
    /// wrapper assign at once when there is none.
    fn call_rebalance(&mut self, now: Millis, rebalance: Rebalance, wait: Wait) {
        let lost = self.client.assignment_lost();
        let (callback, entry) = match rebalance.kind {
            RebalanceKind::Assign => (CallbackKind::OnAssign, self.code.on_assign),
            RebalanceKind::Revoke if lost && self.code.on_lost.is_some() => {
                (CallbackKind::OnLost, self.code.on_lost)
            }
            RebalanceKind::Revoke => (CallbackKind::OnRevoke, self.code.on_revoke),
        };
        self.frames.push(Frame::Call {
            resume: self.pc,
            wait,
            rebalance: Some(rebalance),
            callback,
        });
        self.wait = Wait::Ready;
        match entry {
            Some(entry) => self.pc = entry,
            None => self.ret(now),
        }
    }
}

/// A record as the course's print shows it: key and value through `try_decode_utf8`
/// (an empty one is `None`).
fn record_printed(d: &Delivery) -> Printed {
    let text = |bytes: &Option<crate::wire::Bytes>| {
        bytes
            .as_ref()
            .filter(|b| !b.is_empty())
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    Printed::Record {
        tp: d.tp.clone(),
        offset: d.offset,
        key: text(&d.key),
        value: text(&d.value),
    }
}
