//! A producer process: a program running against one librdkafka producer in virtual time,
//! on the shared interpreter ([`crate::program`]) with the producer's table of calls.
//! `produce()` and `print()` take no time; `sleep()` advances; `poll(t)` serves the waiting
//! delivery reports (running their callbacks) and, if there were none, blocks until one
//! arrives or `t` passes; `flush(t)` serves reports until `len(producer)` is 0 or `t` passes.
//!
//! A kafka-python program has no `poll()`: its sender thread runs the callbacks as the
//! responses arrive, `future.get(t)` blocks until the last `send()`'s batch is answered, and
//! at exit `atexit` closes the producer with `close(timeout=1)`, a `flush(1)`.

use super::client::{ClientTimer, DeliveryReport, NewMessage, ProduceError, ProducerClient, Reply};
use super::kafka_python;
use super::payload::{self, Part, Text};
use super::program::{Call, Callback, CallbackPrints, Producer, Program, Timeout, compile};
use crate::config::Profile;
use crate::connection::Handle;
use crate::console::{PYTHON_NONE, ProducerPrint, Stream, push_decimal, py_offset};
use crate::ids::MessageId;
use crate::ids::Millis;
use crate::ids::Process;
use crate::outbox::Outbox;
use crate::program::{Machine, Next, Unwound};
use crate::trace::Event;
use crate::wire::Bytes;
use std::io::Write;

type Out = Outbox<ClientTimer>;

/// How many events a running program leaves waiting before it pauses ([`ProducerProcess::paused`]):
/// a burst of 50,000 `produce()` calls made 200,000 events at once, which the outbox held
/// (16 MB of fresh memory) before the driver took any.
const EVENTS_PER_TURN: usize = 1024;

/// Where the program is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessState {
    NotStarted,
    Running,
    Sleeping {
        until: Millis,
    },
    Polling {
        until: Millis,
    },
    Flushing {
        until: Millis,
    },
    /// kafka-python: in `future.get(timeout)` (`None`: no timeout).
    Getting {
        until: Option<Millis>,
    },
    /// kafka-python: `send()` waits for the topic's first metadata, up to `max_block_ms`
    /// (`KafkaProducer._wait_on_metadata`); the send runs again when it arrives.
    AwaitingMetadata {
        until: Millis,
    },
    /// kafka-python: the program has ended and `atexit`'s `close(timeout=1)` flushes.
    Closing {
        until: Millis,
        crashed: bool,
    },
    Finished,
    /// Ended by an exception nothing caught.
    Crashed,
}

/// A Python exception: its type and its `str()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyException {
    pub kind: &'static str,
    pub message: String,
}

impl From<ProduceError> for PyException {
    fn from(e: ProduceError) -> Self {
        let (kind, message) = e.python_exception();
        PyException { kind, message }
    }
}

/// kafka-python's `future`: the last `send()`'s message, and its outcome once its batch has
/// been answered.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Future {
    message: MessageId,
    outcome: Option<Result<(), PyException>>,
}

/// A `produce()` statement's arguments, before serialization.
struct ProduceCall<'a> {
    topic: &'a str,
    partition: Option<i32>,
    key: Option<&'a Text>,
    value: &'a payload::Payload,
    callback: Option<usize>,
}

/// A program bound to its producer.
#[derive(Clone, Debug)]
pub struct ProducerProcess {
    pub client: ProducerClient,
    index: usize,
    machine: Machine<Producer>,
    callbacks: Vec<Callback>,
    error_cb: Option<u32>,
    state: ProcessState,
    token: u64,
    epoch_ms: u64,
    console: Vec<ProducerPrint>,
    future: Option<Future>,
    /// The timeout of the `get()` blocked in, as the program wrote it.
    get_timeout: String,
    /// Where a `produce()` renders its key and value before they become bytes, kept so that a
    /// message costs no text allocation of its own (a burst renders one per message).
    scratch: Vec<u8>,
    /// Whether the program stopped running statements only because its events piled up
    /// ([`EVENTS_PER_TURN`]): its driver takes them and lets it [`go_on`](Self::go_on).
    paused: bool,
    /// What its handlers asked for and the driver has not taken yet ([`crate::node::Node`]).
    pub(super) out: Out,
}

impl ProducerProcess {
    /// `epoch_ms` is the wall-clock time the run starts at (for `epoch_now_mills()`).
    pub fn new(index: usize, client: ProducerClient, program: &Program, epoch_ms: u64) -> Self {
        Self {
            client,
            index,
            machine: Machine::new(compile(program)),
            callbacks: program.callbacks.clone(),
            error_cb: program.error_cb,
            state: ProcessState::NotStarted,
            token: 0,
            epoch_ms,
            console: Vec::new(),
            future: None,
            get_timeout: String::new(),
            scratch: Vec::new(),
            paused: false,
            out: Out::default(),
        }
    }

    pub fn state(&self) -> ProcessState {
        self.state
    }

    /// What the program has printed, in order, each with its stream as its console shows it.
    pub fn console(&self) -> Vec<(Stream, String)> {
        let text = |print: &ProducerPrint| (print.stream(), print.text().into_owned());
        self.console.iter().map(text).collect()
    }

    /// Whether the program was ended for running too many instructions
    /// ([`MAX_INSTRUCTIONS`](crate::program::MAX_INSTRUCTIONS)).
    pub fn ran_away(&self) -> bool {
        self.machine.ran_away()
    }

    /// The Python line running (or blocked in), if the program is running.
    pub fn current_line(&self) -> Option<u32> {
        self.alive().then(|| self.machine.current_line()).flatten()
    }

    pub fn start(&mut self, now: Millis, out: &mut Out) {
        if self.state == ProcessState::NotStarted {
            out.event(Event::ProducerStarted { client: self.index });
            self.client.start(now, out);
            self.state = ProcessState::Running;
            self.run(now, out);
        }
    }

    /// A sleep, poll or flush timeout has passed.
    pub fn on_resume(&mut self, token: u64, now: Millis, out: &mut Out) {
        if token != self.token {
            return;
        }
        match self.state {
            ProcessState::Getting { until: Some(_) } => {
                self.state = ProcessState::Running;
                let e = kafka_python::get_timed_out(&self.get_timeout);
                self.raise(e, now, out);
                return self.run(now, out);
            }
            ProcessState::AwaitingMetadata { .. } => {
                self.state = ProcessState::Running;
                self.raise(kafka_python::metadata_timed_out(), now, out);
                return self.run(now, out);
            }
            ProcessState::Flushing { .. } if self.kafka_python() => {
                self.client.set_flushing(false);
                self.state = ProcessState::Running;
                self.raise(kafka_python::flush_timed_out(), now, out);
                return self.run(now, out);
            }
            ProcessState::Closing { crashed, .. } => {
                // `close()`'s `flush(1)` raises in the `atexit` callback; Python prints it.
                let e = kafka_python::flush_timed_out();
                let uncaught = ProducerPrint::Uncaught {
                    kind: e.kind,
                    message: e.message,
                };
                self.print(uncaught, out);
                return self.end(crashed, out);
            }
            ProcessState::Sleeping { .. } | ProcessState::Polling { .. } => {}
            ProcessState::Flushing { .. } => {
                self.serve_reports(out);
                self.client.set_flushing(false);
            }
            _ => return,
        }
        self.resume(now, out);
    }

    /// Delivery reports may have arrived: a blocked `poll()` or `flush()` serves them
    /// (kafka-python: the sender thread runs their callbacks at once).
    pub fn on_reports(&mut self, now: Millis, out: &mut Out) {
        if self.kafka_python() {
            return self.on_sender_thread(now, out);
        }
        match self.state {
            ProcessState::Polling { .. } if self.client.has_replies() => {
                self.serve_reports(out);
            }
            ProcessState::Flushing { .. } => {
                self.serve_reports(out);
                if !self.client.is_empty() {
                    return;
                }
                self.client.set_flushing(false);
            }
            _ => return,
        }
        self.resume(now, out);
    }

    fn kafka_python(&self) -> bool {
        self.client.settings().profile == Profile::KafkaPython
    }

    /// kafka-python's sender thread completes the answered batches' futures, running their
    /// callbacks and errbacks in record order (`Future.success`/`failure`), before a blocked
    /// `get()` or `flush()` wakes (`FutureProduceResult.success` sets the latch last).
    /// Source: kafka-python `kafka/future.py`, `kafka/producer/future.py`.
    fn on_sender_thread(&mut self, now: Millis, out: &mut Out) {
        if let ProcessState::AwaitingMetadata { .. } = self.state
            && self.client.knows_metadata()
        {
            // The blocked send() goes on: its line already ran, so no line event again.
            self.state = ProcessState::Running;
            if let Next::Call(call) = self.machine.next(&(), &mut |_| {}) {
                self.call(&call, now, out);
            }
            return self.run(now, out);
        }
        if !self.alive() || !self.client.has_replies() {
            return;
        }
        self.serve_reports(out);
        match self.state {
            ProcessState::Getting { .. } => {
                match self.future.as_ref().and_then(|f| f.outcome.clone()) {
                    Some(Ok(())) => self.resume(now, out),
                    Some(Err(e)) => {
                        self.state = ProcessState::Running;
                        self.raise(e, now, out);
                        self.run(now, out);
                    }
                    None => {}
                }
            }
            ProcessState::Flushing { .. } if self.client.is_empty() => {
                self.client.set_flushing(false);
                self.resume(now, out);
            }
            ProcessState::Closing { crashed, .. } if self.client.is_empty() => {
                self.end(crashed, out)
            }
            _ => {}
        }
    }

    /// The program has ended: a kafka-python program's `atexit` closes its producer first,
    /// flushing for up to a second (`KafkaProducer._cleanup_factory`: `close(timeout=1)`).
    fn exit(&mut self, crashed: bool, now: Millis, out: &mut Out) {
        if self.kafka_python() && !self.client.is_empty() {
            self.client.set_flushing(true);
            let until = now + 1000;
            return self.block(ProcessState::Closing { until, crashed }, until, out);
        }
        self.end(crashed, out);
    }

    /// librdkafka's producer is destroyed at exit without a flush ([`ProducerClient::destroy`]);
    /// kafka-python's `close()` has already waited its second and aborts the rest
    /// (`Sender.force_close`; the errbacks of aborted batches are not modelled).
    fn end(&mut self, crashed: bool, out: &mut Out) {
        self.client.set_flushing(false);
        if !self.kafka_python() {
            self.client.destroy(out);
        }
        self.state = if crashed {
            ProcessState::Crashed
        } else {
            ProcessState::Finished
        };
        out.event(Event::ProgramFinished {
            process: Process::Producer(self.index),
        });
    }

    /// The blocking call returns: the program goes on after it.
    fn resume(&mut self, now: Millis, out: &mut Out) {
        self.state = ProcessState::Running;
        self.machine.advance();
        self.run(now, out);
    }

    /// Whether the program runs.
    fn alive(&self) -> bool {
        self.state != ProcessState::NotStarted && !self.has_ended()
    }

    /// Whether the program has ended: its exit destroyed the producer ([`ProducerClient::destroy`]),
    /// which does nothing more.
    pub fn has_ended(&self) -> bool {
        matches!(self.state, ProcessState::Finished | ProcessState::Crashed)
    }

    /// `broker` went down: requests in flight to it fail, and a running program's producer
    /// starts reconnecting.
    pub fn on_broker_down(&mut self, broker: i32, now: Millis, out: &mut Out) {
        if self.alive() {
            for (handle, at) in self.client.broker_down(broker, now, out) {
                out.timer(at, ClientTimer::Reconnect(handle));
            }
        }
    }

    /// Time to connect `handle` again; `up` says whether its broker accepts.
    pub fn on_reconnect(&mut self, handle: Handle, up: bool, now: Millis, out: &mut Out) {
        if self.alive() {
            for (handle, at) in self.client.reconnect(handle, up, now, out) {
                out.timer(at, ClientTimer::Reconnect(handle));
            }
        }
    }

    fn block(&mut self, state: ProcessState, until: Millis, out: &mut Out) {
        self.token += 1;
        self.state = state;
        out.timer(until, ClientTimer::Resume(self.token));
    }

    /// Whether the program paused with statements left to run at this instant: its driver
    /// takes the events so far and calls [`Self::go_on`] at once, before anything else (so the
    /// trace is the one an unpaused run makes), and takes its messages and timers once it
    /// has stopped.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Runs the paused program on.
    pub fn go_on(&mut self, now: Millis, out: &mut Out) {
        self.paused = false;
        self.run(now, out);
    }

    /// Runs statements until the program blocks or ends, or pauses (every caller runs it
    /// last, so a pause leaves nothing else undone).
    fn run(&mut self, now: Millis, out: &mut Out) {
        let process = Process::Producer(self.index);
        while self.state == ProcessState::Running {
            if out.events() >= EVENTS_PER_TURN {
                self.paused = true;
                return;
            }
            let next = self.machine.next(&(), &mut |line| {
                out.event(Event::LineExecuted { process, line })
            });
            match next {
                Next::Call(call) => self.call(&call, now, out),
                Next::Raise(exception) => self.raise(exception, now, out),
                Next::Return(never) => match never {},
                Next::End => self.exit(false, now, out),
            }
        }
    }

    /// Runs one call of the producer's table; the program moves past it unless it blocks
    /// (until its [`Self::resume`]) or raises.
    fn call(&mut self, call: &Call, now: Millis, out: &mut Out) {
        match *call {
            Call::Produce {
                ref topic,
                partition,
                ref key,
                ref value,
                callback,
                ..
            } => {
                let call = ProduceCall {
                    topic,
                    partition,
                    key: key.as_ref(),
                    value,
                    callback,
                };
                if let Err(e) = self.produce(call, now, out) {
                    return self.raise(e, now, out);
                }
            }
            Call::Send {
                ref topic,
                partition,
                ref key,
                ref value,
                callback,
                ..
            } => {
                if !self.client.knows_metadata() {
                    let until = now + kafka_python::MAX_BLOCK_MS;
                    return self.block(ProcessState::AwaitingMetadata { until }, until, out);
                }
                let key = key.as_ref().map(|k| self.render(k, None));
                let value = value.as_ref().map(|v| self.render(v, None));
                if let Err(e) = self.send(topic, partition, key, value, callback, now, out) {
                    return self.raise(e, now, out);
                }
            }
            Call::Get { ref timeout, .. } => return self.get(timeout.as_ref(), now, out),
            Call::ExceptNotAClass { .. } => {
                let type_error = PyException {
                    kind: "TypeError",
                    message: "catching classes that do not inherit from BaseException is not \
                              allowed"
                        .into(),
                };
                return self.raise(type_error, now, out);
            }
            Call::Poll { timeout_ms, .. } => {
                if self.serve_reports(out) == 0 && timeout_ms > 0 {
                    let until = now.saturating_add(timeout_ms);
                    return self.block(ProcessState::Polling { until }, until, out);
                }
            }
            Call::Flush { timeout_ms, .. } => {
                self.client.set_flushing(true);
                self.serve_reports(out);
                if self.client.is_empty() {
                    self.client.set_flushing(false);
                } else if timeout_ms == 0 {
                    self.client.set_flushing(false);
                    if self.kafka_python() {
                        return self.raise(kafka_python::flush_timed_out(), now, out);
                    }
                } else {
                    let until = now.saturating_add(timeout_ms);
                    return self.block(ProcessState::Flushing { until }, until, out);
                }
            }
            Call::Sleep { ms, .. } => {
                if ms > 0 {
                    let until = now.saturating_add(ms);
                    return self.block(ProcessState::Sleeping { until }, until, out);
                }
            }
            Call::Print {
                stream, ref text, ..
            } => {
                let text = self.render(text, None);
                self.print(ProducerPrint::Text { stream, text }, out);
            }
        }
        self.machine.advance();
    }

    /// kafka-python's `send()`: arguments checked and serialized, the partition chosen, the
    /// record appended; the returned future becomes the program's `future`.
    /// Source: kafka-python `kafka/producer/kafka.py` `KafkaProducer.send`.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &mut self,
        topic: &str,
        partition: Option<i32>,
        key: Option<String>,
        value: Option<String>,
        callback: Option<usize>,
        now: Millis,
        out: &mut Out,
    ) -> Result<(), PyException> {
        let s = self.client.settings();
        let (key, value) =
            kafka_python::serialize_record((s.key_serializer, s.value_serializer), key, value)?;
        let message = NewMessage {
            topic: self.client.topic_named(topic),
            partition,
            key,
            value,
            callback,
        };
        let message = self.client.produce(message, now, out).map_err(|e| {
            let exception = kafka_python::send_exception(e);
            out.event(Event::ProduceRaised {
                client: self.index,
                error: format!("{}: {}", exception.kind, exception.message),
            });
            exception
        })?;
        self.future = Some(Future {
            message,
            outcome: None,
        });
        Ok(())
    }

    /// kafka-python's `future.get(timeout)`: returns at once when the batch was answered
    /// (raising its failure), else blocks until it is or `timeout` passes.
    /// Source: kafka-python `kafka/producer/future.py` `FutureRecordMetadata.get`.
    fn get(&mut self, timeout: Option<&Timeout>, now: Millis, out: &mut Out) {
        let Some(future) = &self.future else {
            let e = PyException {
                kind: "NameError",
                message: "name 'future' is not defined".into(),
            };
            return self.raise(e, now, out);
        };
        match future.outcome.clone() {
            Some(Ok(())) => self.machine.advance(),
            Some(Err(e)) => self.raise(e, now, out),
            None => match timeout {
                Some(t) => {
                    self.get_timeout.clone_from(&t.literal);
                    let until = now + t.ms;
                    self.block(ProcessState::Getting { until: Some(until) }, until, out);
                }
                None => self.state = ProcessState::Getting { until: None },
            },
        }
    }

    /// `producer.produce(topic, key=..., value=..., partition=..., callback=...)`: the value is serialized
    /// first, so a value that cannot be serialized raises before anything is queued.
    fn produce(
        &mut self,
        call: ProduceCall,
        now: Millis,
        out: &mut Out,
    ) -> Result<(), PyException> {
        let i = self.loop_index();
        let mut scratch = std::mem::take(&mut self.scratch);
        let render = |t: &Text, scratch: &mut Vec<u8>| {
            scratch.clear();
            self.write_text(scratch, t, None, None);
            Bytes::from(scratch.as_slice())
        };
        let value = payload::serialize(
            call.value,
            |t| render(t, &mut scratch),
            i,
            self.epoch_ms,
            now,
        );
        let key = call.key.map(|k| render(k, &mut scratch));
        self.scratch = scratch;
        let value = value.map_err(|e| {
            let (kind, message) = e.split_once(": ").unwrap_or(("Exception", &e));
            PyException {
                kind: if kind == "TypeError" {
                    "TypeError"
                } else {
                    "Exception"
                },
                message: message.into(),
            }
        })?;
        let message = NewMessage {
            topic: self.client.topic_named(call.topic),
            partition: call.partition,
            key,
            value: Some(value),
            callback: call.callback,
        };
        self.client
            .produce(message, now, out)
            .map(|_| ())
            .map_err(|e| {
                let exception = PyException::from(e);
                out.event(Event::ProduceRaised {
                    client: self.index,
                    error: format!("{}: {}", exception.kind, exception.message),
                });
                exception
            })
    }

    /// Unwinds to the innermost `try` with a matching `except`, or ends the program printing
    /// the exception as Python's traceback ends.
    fn raise(&mut self, exception: PyException, now: Millis, out: &mut Out) {
        if let Unwound::Uncaught(exception) = self.machine.raise(exception, |never| match never {})
        {
            let uncaught = ProducerPrint::Uncaught {
                kind: exception.kind,
                message: exception.message,
            };
            self.print(uncaught, out);
            self.exit(true, now, out);
        }
    }

    /// Serves every waiting event, running the delivery callbacks and `error_cb`; returns
    /// how many.
    fn serve_reports(&mut self, out: &mut Out) -> usize {
        // A `poll(0)` after each `produce()` mostly finds none.
        if !self.client.has_replies() {
            return 0;
        }
        let replies = self.client.take_replies();
        for reply in &replies {
            match reply {
                Reply::Delivery(reports) => self.deliver(reports, out),
                Reply::Error(error) => {
                    out.event(Event::ClientErrorServed {
                        process: Process::Producer(self.index),
                        error: error.error,
                    });
                    if let Some(line) = self.error_cb {
                        out.event(Event::LineExecuted {
                            process: Process::Producer(self.index),
                            line,
                        });
                        let error = ProducerPrint::Error {
                            error: error.error,
                            reason: error.reason.clone(),
                        };
                        self.print(error, out);
                    }
                }
            }
        }
        replies.len()
    }

    /// Runs the delivery callbacks of one batch's reports.
    fn deliver(&mut self, reports: &[DeliveryReport], out: &mut Out) {
        for report in reports {
            let exception = report.error.filter(|_| self.kafka_python()).map(|e| {
                let settings = self.client.settings();
                kafka_python::delivery_exception(e, &report.tp, reports.len(), settings)
            });
            if let Some(future) = self.future.as_mut().filter(|f| f.message == report.message) {
                future.outcome = Some(exception.clone().map_or(Ok(()), Err));
            }
            out.event(Event::DeliveryReportServed {
                message: report.message,
                partition: report.tp.partition,
                offset: report.offset,
                error: report.error,
            });
            let Some(callback) = report.callback.and_then(|c| self.callbacks.get(c)).cloned()
            else {
                continue;
            };
            let key_number = report
                .key
                .as_deref()
                .and_then(|k| std::str::from_utf8(k).ok())
                .and_then(|k| k.parse::<u64>().ok());
            let shown = match callback.only_every {
                Some(n) if report.error.is_none() => key_number.is_some_and(|k| k % n == 0),
                _ => true,
            };
            if !shown {
                continue;
            }
            let printed = match (&callback.prints, report.error) {
                (CallbackPrints::Course, Some(error)) => ProducerPrint::DeliveryFailed { error },
                (CallbackPrints::Course, None) => ProducerPrint::Delivered {
                    tp: report.tp.clone(),
                    offset: report.offset,
                },
                (CallbackPrints::Templates { stream, failed, .. }, Some(_)) => {
                    let error = exception.as_ref().map(|e| e.message.as_str());
                    ProducerPrint::Text {
                        stream: *stream,
                        text: self.render_report(failed, Some(report), error),
                    }
                }
                (
                    CallbackPrints::Templates {
                        stream, delivered, ..
                    },
                    None,
                ) => ProducerPrint::Text {
                    stream: *stream,
                    text: self.render(delivered, Some(report)),
                },
            };
            self.print(printed, out);
        }
    }

    fn print(&mut self, printed: ProducerPrint, out: &mut Out) {
        out.event(Event::Printed {
            process: Process::Producer(self.index),
            printed: Box::new(printed.clone()),
        });
        self.console.push(printed);
    }

    fn loop_index(&self) -> u64 {
        self.machine.loop_index().unwrap_or(0)
    }

    fn render(&self, text: &Text, report: Option<&DeliveryReport>) -> String {
        self.render_report(text, report, None)
    }

    /// `error`: the delivery error's text when it is not librdkafka's (kafka-python's
    /// exception, `str(e)`).
    fn render_report(
        &self,
        text: &Text,
        report: Option<&DeliveryReport>,
        error: Option<&str>,
    ) -> String {
        let mut line = Vec::with_capacity(16);
        self.write_text(&mut line, text, report, error);
        String::from_utf8(line).expect("rendered from UTF-8 text")
    }

    /// Appends `text` rendered as UTF-8 to `line` (see [`Self::render_report`]): bytes, so that
    /// a `produce()` turns its key and value into [`Bytes`] without checking them as text.
    fn write_text(
        &self,
        line: &mut Vec<u8>,
        text: &Text,
        report: Option<&DeliveryReport>,
        error: Option<&str>,
    ) {
        // Written into one buffer: a `String` per part was a good share of `produce()`. Its
        // text and numbers are pushed, not formatted: `write!` for a literal or a loop index
        // was most of rendering a message, which is a good share of a burst's cost.
        let bytes = |line: &mut Vec<u8>, b: Option<&[u8]>| -> std::io::Result<()> {
            line.extend_from_slice(
                b.map_or(PYTHON_NONE.into(), String::from_utf8_lossy)
                    .as_bytes(),
            );
            Ok(())
        };
        for part in text {
            // Writing into a `Vec` cannot fail.
            let _ = match part {
                Part::Lit(s) => {
                    line.extend_from_slice(s.as_bytes());
                    Ok(())
                }
                Part::Index => {
                    push_decimal(line, self.loop_index());
                    Ok(())
                }
                Part::QueueLen => write!(line, "{}", self.client.len()),
                Part::Exception => {
                    let handled = self.machine.exception().map(|e| e.message.as_str());
                    write!(line, "{}", handled.unwrap_or_default())
                }
                Part::Topic => write!(line, "{}", report.map_or("", |r| r.tp.topic.as_str())),
                Part::Partition => match report {
                    Some(r) => write!(line, "{}", r.tp.partition),
                    None => Ok(()),
                },
                Part::Offset => match report {
                    Some(r) => write!(line, "{}", py_offset(r.offset)),
                    None => Ok(()),
                },
                Part::Key => bytes(line, report.and_then(|r| r.key.as_deref())),
                Part::Value => bytes(line, report.and_then(|r| r.value.as_deref())),
                Part::Error => match (error, report.and_then(|r| r.error)) {
                    (Some(text), _) => write!(line, "{text}"),
                    (None, Some(e)) => write!(line, "{e}"),
                    (None, None) => Ok(()),
                },
            };
        }
    }
}
