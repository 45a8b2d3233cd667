//! A consumer process: a [`Program`] running against one [`ConsumerClient`] in virtual time,
//! on the shared interpreter ([`crate::program`]) with the consumer's table of calls.
//! Statements take no time except `consume()`/`poll()` (blocking), `Work`, `sleep()`, a
//! synchronous commit (until its answer) and `close()` (until the consumer has closed).
//! Rebalance and `on_commit` callbacks run only inside `consume()`/`poll()`/`close()`.

use super::client::{
    Answer, CommitResult, CommitWhat, CommittedPartition, ConsumerClient, Delivery, Output,
    Rebalance, RebalanceKind, Served,
};
use super::program::{Call, Cond, Consumer, Entries, Over, Program, Stmt, compile};
use crate::TopicPartition;
use crate::console::traceback_class;
use crate::ids::Millis;
use crate::program::{Env, Machine, Next, Unwound};
pub use crate::trace::consumer::{CallbackKind, Printed, ProcessState, ProgramEvent};

mod kafka_python;
use crate::wire::client_error::{ClientError, ErrorKind};
use std::collections::VecDeque;

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
    /// `Millis::MAX`: no timeout.
    deadline: Millis,
    chunk_end: Millis,
    items: Vec<Item>,
    kind: PollKind,
}

/// Whose poll call it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PollKind {
    /// confluent-kafka-python's `consume()`, or `poll()` (`single`: return as soon as there
    /// is one item).
    Confluent { single: bool },
    /// kafka-python's `poll()`, which returns as soon as a round got records
    /// (3.0.12 `KafkaConsumer.poll`: `if records: return records`); `iterate`: called by
    /// `for message in consumer`, whose head then takes the batch's first message.
    KafkaPython { iterate: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Wait {
    Ready,
    Consume(Consuming),
    Until(Millis),
    Commit(u64),
    /// A blocking `committed()` or `get_watermark_offsets()`.
    Query(Query),
    /// kafka-python `end_offsets(partitions)`: the partitions (and tickets) whose answer is
    /// still due.
    EndOffsets(Vec<(i32, u64)>),
    /// kafka-python `committed(x)` of the `index`th partition, in the list comprehension.
    CommittedEach {
        ticket: u64,
        index: usize,
    },
    Close,
}

/// A blocking query call waiting for its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Query {
    ticket: u64,
    /// When the call's `timeout` runs out (`None`: no timeout).
    deadline: Option<Millis>,
    /// The exception's text before the error's description.
    failure: &'static str,
}

/// Why the program raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Raised {
    KeyboardInterrupt,
    Kafka(ClientError),
    /// A Python error of the program's own code, as its traceback's last line
    /// (`json.decoder.JSONDecodeError: ...`); only `except Exception` catches it.
    Python(String),
}

/// A rebalance callback called from the blocking call waiting in `wait`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pending {
    wait: Wait,
    rebalance: Rebalance,
    kind: CallbackKind,
}

/// The program's variables.
#[derive(Clone, Debug, Default)]
struct Vars {
    batch: Vec<Item>,
    /// `records_pulled`.
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
    /// `for message in consumer`: the message the body runs for, and the next one's index
    /// in `batch`.
    message: Option<Item>,
    cursor: usize,
    /// kafka-python's lag script: `partitions`, `toff` and `coff` by partition.
    partitions: Vec<TopicPartition>,
    end_offsets: Vec<(i32, Option<i64>)>,
    committed_each: Vec<(i32, Option<i64>)>,
    /// kafka-python's state of its own: the async commits whose callbacks are still due,
    /// the error a poll raises next, the partitions positioned by `seek()`.
    kafka_python: kafka_python::Vars,
}

impl Env<Consumer> for Vars {
    fn len(&self, over: Over) -> usize {
        match over {
            Over::Records => self.batch.len(),
            Over::Committed => self.committed.len(),
        }
    }

    fn holds(&self, cond: Cond) -> bool {
        match cond {
            Cond::Pulled => self.pulled,
            Cond::Records => !self.batch.is_empty(),
        }
    }
}

/// A program bound to its consumer.
#[derive(Clone, Debug)]
pub struct ConsumerProcess {
    pub client: ConsumerClient,
    machine: Machine<Consumer>,
    entries: Entries,
    on_commit: Option<u32>,
    /// The line of `error_cb`'s `print`, if the program registers one.
    error_cb: Option<u32>,
    crash_after: Option<u64>,
    wait: Wait,
    state: ProcessState,
    vars: Vars,
    interrupted: bool,
}

impl ConsumerProcess {
    pub fn new(client: ConsumerClient, program: &Program) -> Self {
        let (code, entries) = compile(program);
        Self {
            client,
            machine: Machine::new(code),
            entries,
            on_commit: program.callbacks.on_commit,
            error_cb: program.callbacks.error_cb,
            crash_after: program.crash_after_records,
            wait: Wait::Ready,
            state: ProcessState::Running,
            vars: Vars::default(),
            interrupted: false,
        }
    }

    pub fn state(&self) -> ProcessState {
        self.state
    }

    /// Whether the program was ended for running too many instructions
    /// ([`MAX_INSTRUCTIONS`](crate::program::MAX_INSTRUCTIONS)).
    pub fn ran_away(&self) -> bool {
        self.machine.ran_away()
    }

    /// The Python line running (or blocked in), if the program is running.
    pub fn current_line(&self) -> Option<u32> {
        (self.state == ProcessState::Running)
            .then(|| self.machine.current_line())
            .flatten()
    }

    /// Drains the outputs of the program and of its consumer.
    pub fn take_outputs(&mut self) -> Vec<Output> {
        self.client.take_outputs()
    }

    /// Takes the whole queue of outputs not yet drained, in order: its driver drains a
    /// `consume()` of many records in one pass rather than one `poll_output` each, then hands
    /// the empty queue back ([`ConsumerProcess::reuse_output_queue`]) to keep its room.
    pub fn take_output_queue(&mut self) -> VecDeque<Output> {
        std::mem::take(&mut self.client.out)
    }

    /// Gives back a drained queue from [`ConsumerProcess::take_output_queue`].
    pub fn reuse_output_queue(&mut self, queue: VecDeque<Output>) {
        if self.client.out.is_empty() {
            self.client.out = queue;
        }
    }

    /// When the process must next be woken (its own deadline or its consumer's timers).
    pub fn poll_timeout(&self) -> Option<Millis> {
        if self.state != ProcessState::Running {
            return None;
        }
        let own = match &self.wait {
            Wait::Consume(c) => Some(c.chunk_end.min(c.deadline)).filter(|&t| t != Millis::MAX),
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
            let fetch = !matches!(response, crate::wire::LogResponse::Watermarks { .. });
            self.client.handle_log(now, response);
            if fetch {
                self.fetch_answered(now);
            }
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
        self.machine.stop();
    }

    /// `kill -9`: the process stops where it is, without `close()`.
    pub fn kill(&mut self) {
        if self.state == ProcessState::Running {
            self.state = ProcessState::Crashed;
            self.client.emit(Output::Program(ProgramEvent::Crashed));
        }
    }

    fn print(&mut self, line: u32, printed: Printed) {
        self.client.emit(Output::Program(ProgramEvent::Printed {
            line,
            printed: Box::new(printed),
        }));
    }

    fn run(&mut self, now: Millis) {
        while self.state == ProcessState::Running {
            if self.interrupted && !matches!(self.wait, Wait::Close) {
                self.interrupted = false;
                self.finish_wait(now);
                self.raise(now, Raised::KeyboardInterrupt);
                continue;
            }
            // Matched in place: `Ready`, every statement's state, steps without a clone.
            match self.wait {
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
                Wait::EndOffsets(_) | Wait::CommittedEach { .. } => {
                    if !self.kafka_python_wait(self.wait.clone()) {
                        break;
                    }
                }
                Wait::Consume(ref c) => {
                    if !self.consume_step(now, c.clone()) {
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
        self.machine.advance();
    }

    /// Ends a blocking call early (for an interrupt): a poll returns, a wait stops.
    fn finish_wait(&mut self, now: Millis) {
        if matches!(self.wait, Wait::Consume(_)) {
            self.client.poll_ended(now);
        }
        self.wait = Wait::Ready;
    }

    /// Runs the program up to its next call and runs that (the engine traces each
    /// statement as `LineExecuted`, as a producer's).
    fn step(&mut self, now: Millis) {
        let client = &mut self.client;
        let next = self.machine.next(&self.vars, &mut |line| {
            client.emit(Output::Program(ProgramEvent::LineExecuted { line }))
        });
        match next {
            Next::Call(call) => match &*call {
                Call::Do(stmt) => self.execute(now, stmt),
                &Call::Aborted { line } => {
                    self.print(line, Printed::Aborted);
                    self.machine.advance();
                }
                &Call::PrintException { line } => {
                    match self.machine.exception() {
                        Some(Raised::Kafka(e)) => {
                            let e = e.clone();
                            self.print(line, Printed::Exception(e));
                        }
                        Some(Raised::Python(traceback)) => {
                            // `print(e)`: the message, without the exception's name.
                            let message = traceback.split_once(": ").map_or("", |(_, m)| m);
                            self.print(line, Printed::Text(message.to_owned()));
                        }
                        _ => {}
                    }
                    self.machine.advance();
                }
                Call::NextMessage => self.next_message(now),
            },
            Next::Raise(raised) => self.raise(now, raised),
            Next::Return(pending) => {
                self.client.rebalance_done(now, &pending.rebalance);
                self.wait = pending.wait;
            }
            Next::End => {
                self.state = ProcessState::Finished;
                self.client.emit(Output::Program(ProgramEvent::Finished));
            }
        }
    }

    /// The record the `for` loop is at, or the message of `for message in consumer`.
    fn record(&self) -> Option<&Item> {
        match self.machine.for_index(Over::Records) {
            Some(index) => self.vars.batch.get(index),
            None => self.vars.message.as_ref(),
        }
    }

    /// A record handed to the program's code: counted, and the process dies here if told to.
    fn processed(&mut self, tp: TopicPartition, offset: i64) {
        self.client
            .emit(Output::Program(ProgramEvent::Processed { tp, offset }));
        self.vars.processed += 1;
        if self.crash_after == Some(self.vars.processed) {
            self.kill();
        }
    }

    /// The partition and committed offset the `for tp in committed:` loop is at.
    fn committed_at(&self) -> Option<(TopicPartition, Option<i64>)> {
        let index = self.machine.for_index(Over::Committed)?;
        self.vars.committed.get(index).cloned()
    }

    /// Takes the answer of a blocking `committed()` / `get_watermark_offsets()`.
    fn answered(&mut self, answer: Answer) {
        match answer {
            Answer::Committed(partitions) => self.vars.committed = partitions,
            Answer::Watermarks { low, high } => self.vars.watermarks = (low, high),
            Answer::Commit(_) => unreachable!("a commit answers a Wait::Commit"),
        }
    }

    fn current_delivery(&self) -> Option<Delivery> {
        match self.record() {
            Some(Item::Record(d)) => Some(d.clone()),
            _ => None,
        }
    }

    fn execute(&mut self, now: Millis, stmt: &Stmt) {
        match *stmt {
            Stmt::PrintStart { line } => self.print(line, Printed::StartListening),
            Stmt::Subscribe { ref topics, .. } => self.client.subscribe(now, topics),
            Stmt::Assign { ref partitions, .. } => {
                let partitions: Vec<_> = partitions
                    .iter()
                    .map(|(tp, offset)| (tp.clone(), Some(*offset)))
                    .collect();
                self.client.assign(now, &partitions);
            }
            Stmt::Consume {
                num_messages,
                timeout_ms,
                ..
            } => {
                let kind = PollKind::Confluent { single: false };
                return self.start_poll(now, num_messages, timeout_ms, kind);
            }
            Stmt::Poll { timeout_ms, .. } => {
                let kind = PollKind::Confluent { single: true };
                return self.start_poll(now, 1, timeout_ms, kind);
            }
            Stmt::RaiseIfError { .. } => {
                if let Some(Item::Error(e)) = self.record() {
                    let e = e.clone();
                    return self.raise(now, Raised::Kafka(e));
                }
                self.vars.pulled = true;
            }
            Stmt::SkipIfError { print_line, .. } => {
                if let Some(Item::Error(e)) = self.record() {
                    let e = e.clone();
                    if let Some(line) = print_line {
                        self.print(line, Printed::Error(e));
                    }
                    return self.machine.continue_for();
                }
                self.vars.pulled = true;
            }
            Stmt::Work { ms, .. } => {
                self.wait = Wait::Until(now.saturating_add(ms));
                return;
            }
            Stmt::PrintRecord { line } => {
                if let Some(Item::Record(d)) = self.record() {
                    let (printed, tp, offset) = (record_printed(d), d.tp.clone(), d.offset);
                    self.print(line, printed);
                    self.processed(tp, offset);
                    if self.state != ProcessState::Running {
                        return;
                    }
                }
            }
            Stmt::PrintReceive { .. }
            | Stmt::Print { .. }
            | Stmt::PollRecords { .. }
            | Stmt::PartitionsForTopic { .. }
            | Stmt::EndOffsets { .. }
            | Stmt::PrintEndOffsets { .. }
            | Stmt::CommittedEach { .. }
            | Stmt::PrintCommittedEach { .. }
            | Stmt::PrintLeft { .. }
            | Stmt::AssignPartitions { .. }
            | Stmt::Seek { .. }
            | Stmt::CommitAsync { .. } => {
                if !self.execute_kafka_python(now, stmt) {
                    return;
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
                    // confluent-kafka-python `Consumer_store_offsets`.
                    let raised = ClientError::failed(e.kind, "StoreOffsets failed");
                    return self.raise(now, Raised::Kafka(raised));
                }
            }
            Stmt::Remember { .. } => {
                if let Some(d) = self.current_delivery() {
                    match self.vars.remembered.iter_mut().find(|r| r.tp == d.tp) {
                        Some(slot) => *slot = d,
                        None => self.vars.remembered.push(d),
                    }
                }
            }
            Stmt::CommitRemembered { .. } => {
                for d in std::mem::take(&mut self.vars.remembered) {
                    let what = CommitWhat::Message {
                        tp: d.tp,
                        offset: d.offset,
                    };
                    self.client.commit(now, what, true);
                }
            }
            Stmt::Commit { asynchronous, .. } => {
                // kafka-python's `commit()` runs the answered `commit_async` callbacks first
                // (`commit_offsets_sync`); a confluent-kafka program has none.
                self.invoke_commit_callbacks();
                return self.commit(now, CommitWhat::Stored, asynchronous);
            }
            Stmt::CommitOffsets {
                ref offsets,
                asynchronous,
                ..
            } => {
                let what = CommitWhat::Offsets(offsets.clone());
                return self.commit(now, what, asynchronous);
            }
            Stmt::PrintSyncResult { line } => {
                let result = self.vars.sync_result.clone();
                self.print(line, Printed::SyncCommitResult(result));
            }
            Stmt::SeekOnce {
                print_line,
                ref tp,
                offset,
                ..
            } => {
                if self.vars.pulled && !self.vars.rewound {
                    self.print(
                        print_line,
                        Printed::Seeking {
                            tp: tp.clone(),
                            offset,
                        },
                    );
                    if let Err(e) = self.client.seek(now, tp, offset) {
                        // confluent-kafka-python `Consumer_seek`.
                        let what = format!("Failed to seek to offset {offset}");
                        let raised = ClientError::failed(e.kind, &what);
                        return self.raise(now, Raised::Kafka(raised));
                    }
                    self.vars.rewound = true;
                }
            }
            Stmt::PrintPartitions { line } => {
                if let Some(pending) = self.machine.callback() {
                    let printed = Printed::Partitions {
                        callback: pending.kind,
                        partitions: pending.rebalance.partitions.clone(),
                    };
                    self.print(line, printed);
                }
            }
            Stmt::Committed {
                ref topic,
                timeout_ms,
                ..
            } => {
                let partitions = self.client.partitions_of(topic);
                self.vars.total_lag = 0;
                self.wait = Wait::Query(Query {
                    ticket: self.client.committed(&partitions),
                    deadline: timeout_ms.map(|ms| now.saturating_add(ms)),
                    failure: "Failed to get committed offsets",
                });
                return;
            }
            Stmt::GetWatermarks { timeout_ms, .. } => {
                if let Some((tp, _)) = self.committed_at() {
                    self.wait = Wait::Query(Query {
                        ticket: self.client.get_watermark_offsets(&tp),
                        deadline: timeout_ms.map(|ms| now.saturating_add(ms)),
                        failure: "Failed to get watermark offsets",
                    });
                    return;
                }
            }
            Stmt::PrintLag { line } => {
                if let Some((tp, committed)) = self.committed_at() {
                    let (low, high) = self.vars.watermarks;
                    let lag = high - committed.unwrap_or(low);
                    self.vars.total_lag += lag;
                    let printed = Printed::Lag {
                        tp,
                        committed,
                        end: high,
                        lag,
                    };
                    self.print(line, printed);
                }
            }
            Stmt::PrintTotalLag { line } => {
                self.print(line, Printed::TotalLag(self.vars.total_lag))
            }
            Stmt::Sleep { ms, .. } => {
                self.wait = Wait::Until(now.saturating_add(ms));
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
            | Stmt::ForMessage { .. }
            | Stmt::Try { .. }
            | Stmt::TryKafka { .. } => {
                unreachable!("block statements are compiled to jumps")
            }
        }
        self.machine.advance();
    }

    fn commit(&mut self, now: Millis, what: CommitWhat, asynchronous: bool) {
        match self.client.commit(now, what, asynchronous) {
            Some(ticket) => self.wait = Wait::Commit(ticket),
            None => self.machine.advance(),
        }
    }

    /// `commit(asynchronous=False)` returns the partitions, or raises
    /// `KafkaException("Commit failed: ...")` (confluent-kafka-python `Consumer_commit`).
    fn sync_commit_done(&mut self, now: Millis, result: CommitResult) {
        if self.kafka_python() {
            return self.kafka_python_commit_done(now, result);
        }
        match result.error {
            Some(e) => {
                let raised = ClientError::failed(e.kind, "Commit failed");
                self.raise(now, Raised::Kafka(raised));
            }
            None => {
                self.vars.sync_result = result.partitions;
                self.machine.advance();
            }
        }
    }

    /// A query's timeout ran out: librdkafka returns `_TIMED_OUT` and confluent-kafka-python
    /// raises `KafkaException("Failed to get committed offsets: Local: Timed out")`
    /// (`Consumer_committed`, `Consumer_get_watermark_offsets`: `cfl_PyErr_Format`). An
    /// answer that comes later is dropped.
    fn query_timed_out(&mut self, now: Millis, query: &Query) {
        self.client.abandon(query.ticket);
        let raised = ClientError::failed(ErrorKind::TimedOut, query.failure);
        self.raise(now, Raised::Kafka(raised));
    }

    /// An exception unwinds to the nearest `try` that catches it (its handler prints, then
    /// `finally` runs); unwinding through a rebalance callback still lets the wrapper assign.
    /// Nothing catching it ends the program as a crash.
    fn raise(&mut self, now: Millis, raised: Raised) {
        self.wait = Wait::Ready;
        let client = &mut self.client;
        let unwound = self.machine.raise(raised, |pending| {
            client.rebalance_done(now, &pending.rebalance)
        });
        if let Unwound::Uncaught(raised) = unwound {
            // Python prints the traceback's last line: a librdkafka error as confluent-kafka-python
            // raises it, `cimpl.KafkaException: KafkaError{...}`; Ctrl+C's exception has no
            // message, so its line is the class alone.
            let last = match raised {
                Raised::Python(traceback) => traceback,
                Raised::Kafka(e) => format!("{}: {e}", traceback_class("KafkaException")),
                Raised::KeyboardInterrupt => "KeyboardInterrupt".to_owned(),
            };
            let line = self.machine.current_line().unwrap_or_default();
            self.print(line, Printed::Traceback(last));
            self.kill();
        }
    }

    /// A poll call starts: confluent-kafka-python's `consume()` (`max` items) or `poll()`
    /// (one), or kafka-python's `poll()`; `timeout_ms` `Millis::MAX` waits for ever.
    fn start_poll(&mut self, now: Millis, max: usize, timeout_ms: Millis, kind: PollKind) {
        self.vars.pulled = false;
        self.client.poll_started(now, timeout_ms > 0);
        let deadline = now.saturating_add(timeout_ms);
        let chunk_end = match kind {
            PollKind::Confluent { .. } => now.saturating_add(CHUNK_MS.min(timeout_ms)),
            PollKind::KafkaPython { .. } => deadline,
        };
        self.wait = Wait::Consume(Consuming {
            max,
            deadline,
            chunk_end,
            items: Vec::new(),
            kind,
        });
    }

    /// Serves the consumer queue for a `consume()`/`poll()`; returns whether the process
    /// moved on (the call returned, or a callback started).
    fn consume_step(&mut self, now: Millis, mut c: Consuming) -> bool {
        while c.items.len() < c.max {
            match self.client.next_item() {
                Some(Served::Record(d)) => c.items.push(Item::Record(d)),
                Some(Served::Error(e)) => {
                    // kafka-python raises a fetch error: the poll ends at it.
                    let raises = kafka_python::raises(c.kind, &e);
                    c.items.push(Item::Error(e));
                    if raises {
                        break;
                    }
                }
                Some(Served::Committed(result)) => self.on_commit(result),
                Some(Served::ErrorEvent(error)) => self.on_error(error),
                Some(Served::Rebalance(r)) => {
                    self.call_rebalance(now, r, Wait::Consume(c));
                    return true;
                }
                None => break,
            }
            if c.kind == (PollKind::Confluent { single: true }) {
                break;
            }
        }
        let full = c.items.len() >= c.max;
        let chunk_over = now >= c.chunk_end;
        let kafka_python = matches!(c.kind, PollKind::KafkaPython { .. });
        let got = !c.items.is_empty();
        if full || now >= c.deadline || ((chunk_over || kafka_python) && got) {
            let batch = &mut self.vars.batch;
            *batch = c.items;
            batch.retain(|item| !matches!(item, Item::Record(d) if !self.client.is_current(d)));
            let raised = if kafka_python {
                kafka_python::kafka_python_batch(batch)
            } else {
                None
            };
            self.client.delivered(records(&self.vars.batch));
            self.client.poll_ended(now);
            if self.raised_from_poll(now, raised) {
                return true;
            }
            match c.kind {
                PollKind::Confluent { .. } => self.advance(),
                PollKind::KafkaPython { iterate: false } => {
                    let batch = std::mem::take(&mut self.vars.batch);
                    records(&batch).for_each(|d| self.set_position(d));
                    self.vars.batch = batch;
                    self.advance();
                }
                // The loop's head takes the first message.
                PollKind::KafkaPython { iterate: true } => {
                    self.vars.cursor = 0;
                    self.wait = Wait::Ready;
                }
            }
            return true;
        }
        if chunk_over && kafka_python {
            self.next_round(&mut c);
        } else if chunk_over {
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
        let (kind, entry) = match rebalance.kind {
            RebalanceKind::Assign => (CallbackKind::OnAssign, self.entries.on_assign),
            RebalanceKind::Revoke if lost && self.entries.on_lost.is_some() => {
                (CallbackKind::OnLost, self.entries.on_lost)
            }
            RebalanceKind::Revoke => (CallbackKind::OnRevoke, self.entries.on_revoke),
        };
        match entry {
            Some(entry) => {
                let pending = Pending {
                    wait,
                    rebalance,
                    kind,
                };
                self.machine.call(entry, pending);
                self.wait = Wait::Ready;
            }
            None => {
                self.client.rebalance_done(now, &rebalance);
                self.wait = wait;
            }
        }
    }
}

/// The records of a batch, without its errors.
fn records(batch: &[Item]) -> impl Iterator<Item = &Delivery> {
    batch.iter().filter_map(|item| match item {
        Item::Record(d) => Some(d),
        Item::Error(_) => None,
    })
}

/// A record as the course's print shows it: key and value through `try_decode_utf8`.
fn record_printed(d: &Delivery) -> Printed {
    Printed::Record {
        tp: d.tp.clone(),
        offset: d.offset,
        key: d.key.clone(),
        value: d.value.clone(),
    }
}
