//! A small deterministic world for consumer groups: consumer processes, one group
//! coordinator, in-memory partition logs, and a network with a fixed one-way latency. It is
//! the wiring the consumer exercises and tests run on until the engine's `Sim` hosts
//! consumers.
//!
//! # Driving contract
//!
//! Commands ([`GroupLab::start`], [`GroupLab::produce`], [`GroupLab::interrupt`],
//! [`GroupLab::kill`]) act at the current time; [`GroupLab::run_until`] processes every
//! message and timer due up to a time, in time order (ties: messages in the order they were
//! sent, then the coordinator's timers, then the consumers' by index), and sets the clock to
//! it. A fetch finding no records is held by the leader for up to its `max_wait_ms` and
//! answered as soon as a record is produced. Everything that happens is appended to
//! [`GroupLab::trace`]; processed records feed [`GroupLab::accounting`].

use super::accounting::{self, Accounting};
use super::client::{ClientEvent, ConsumerClient, Output};
use super::log::{LogRequest, LogResponse, MemoryLogs};
use super::process::{ConsumerProcess, ProgramEvent};
use super::program::Program;
use crate::TopicPartition;
use crate::config::{ConfigError, ConfigValue, ConsumerConfig, Profile};
use crate::coordinator::{self, ConnectionId, Coordinator, CoordinatorConfig, Request, Response};
use crate::engine::Millis;
use crate::engine::protocol::Bytes;
use crate::rng::SimRng;
use std::collections::BTreeMap;

/// What happened, and to which consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabEvent {
    Client(ClientEvent),
    Program(ProgramEvent),
    Coordinator(coordinator::Event),
    Appended { tp: TopicPartition, offset: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    pub time: Millis,
    pub consumer: Option<usize>,
    pub event: LabEvent,
}

/// A message on its way.
#[derive(Clone, Debug)]
enum Envelope {
    ToCoordinator(usize, Request),
    FromCoordinator(usize, Response),
    ToLeader(usize, LogRequest),
    FromLeader(usize, LogResponse),
}

/// The world: see the module docs.
#[derive(Clone, Debug)]
pub struct GroupLab {
    now: Millis,
    seq: u64,
    latency_ms: Millis,
    topics: BTreeMap<String, i32>,
    coordinator: Coordinator,
    logs: MemoryLogs,
    consumers: Vec<ConsumerProcess>,
    agenda: BTreeMap<(Millis, u64), Envelope>,
    /// Fetches held by the leader: consumer, request, deadline.
    held: Vec<(usize, LogRequest, Millis)>,
    trace: Vec<TraceEntry>,
    accounting: Accounting,
}

impl GroupLab {
    /// Topics by name and partition count; the coordinator draws member ids from `seed`.
    pub fn new(seed: u64, topics: BTreeMap<String, i32>, latency_ms: Millis) -> Self {
        Self {
            now: 0,
            seq: 0,
            latency_ms,
            logs: MemoryLogs::new(&topics),
            topics,
            coordinator: Coordinator::new(
                CoordinatorConfig::default(),
                SimRng::stream(seed, "coordinator"),
                0,
            ),
            consumers: Vec::new(),
            agenda: BTreeMap::new(),
            held: Vec::new(),
            trace: Vec::new(),
            accounting: Accounting::default(),
        }
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn trace(&self) -> &[TraceEntry] {
        &self.trace
    }

    pub fn accounting(&self) -> &Accounting {
        &self.accounting
    }

    pub fn coordinator(&self) -> &Coordinator {
        &self.coordinator
    }

    pub fn logs(&self) -> &MemoryLogs {
        &self.logs
    }

    pub fn consumer(&self, index: usize) -> &ConsumerProcess {
        &self.consumers[index]
    }

    pub fn consumers(&self) -> &[ConsumerProcess] {
        &self.consumers
    }

    /// The committed offsets of `group` for the partitions of the logs.
    pub fn committed(&self, group: &str) -> BTreeMap<TopicPartition, i64> {
        let Some(g) = self.coordinator.group(group) else {
            return BTreeMap::new();
        };
        self.logs
            .partitions()
            .filter_map(|tp| g.committed(tp).map(|o| (tp.clone(), o.offset)))
            .collect()
    }

    /// Log end minus committed offset, per partition of every topic.
    pub fn lag(&self, group: &str) -> BTreeMap<TopicPartition, i64> {
        let ends = self
            .logs
            .partitions()
            .map(|tp| (tp.clone(), self.logs.end_offset(tp)))
            .collect();
        accounting::lag(&ends, &self.committed(group))
    }

    /// Starts a consumer process (`Consumer(props)` with librdkafka's profile) now; returns
    /// its index.
    pub fn start(
        &mut self,
        props: &[(&str, ConfigValue)],
        program: &Program,
    ) -> Result<usize, ConfigError> {
        let config = ConsumerConfig::from_pairs(Profile::Librdkafka, props)?;
        let client = ConsumerClient::new(config, self.topics.clone(), self.now);
        let index = self.consumers.len();
        self.consumers.push(ConsumerProcess::new(client, program));
        self.consumers[index].handle_timeout(self.now);
        self.collect(index);
        Ok(index)
    }

    /// A producer appends a record now.
    pub fn produce(&mut self, tp: &TopicPartition, key: &str, value: &str) {
        let bytes = |s: &str| Some(Bytes::from(s.as_bytes()));
        let offset = self.logs.append(tp, bytes(key), bytes(value));
        self.log(
            None,
            LabEvent::Appended {
                tp: tp.clone(),
                offset,
            },
        );
        let (ready, held): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|(_, request, _)| self.answerable(request));
        self.held = held;
        for (consumer, request, _) in ready {
            self.answer_log(consumer, &request);
        }
    }

    /// Ctrl+C in a consumer's terminal.
    pub fn interrupt(&mut self, index: usize) {
        self.consumers[index].interrupt(self.now);
        self.collect(index);
    }

    /// `kill -9` of a consumer process.
    pub fn kill(&mut self, index: usize) {
        self.consumers[index].kill();
        self.collect(index);
    }

    /// Runs everything due up to `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while let Some(next) = self.next_due().filter(|&next| next <= t) {
            self.now = self.now.max(next);
            self.step();
        }
        self.now = self.now.max(t);
    }

    fn next_due(&self) -> Option<Millis> {
        let agenda = self.agenda.keys().next().map(|(at, _)| *at);
        let consumers = self
            .consumers
            .iter()
            .filter_map(ConsumerProcess::poll_timeout);
        let held = self.held.iter().map(|(_, _, deadline)| *deadline);
        [agenda, Some(self.coordinator.poll_timeout())]
            .into_iter()
            .flatten()
            .chain(consumers)
            .chain(held)
            .min()
    }

    /// Processes the first thing due now.
    fn step(&mut self) {
        let now = self.now;
        if let Some(entry) = self.agenda.first_entry()
            && entry.key().0 <= now
        {
            let envelope = entry.remove();
            return self.deliver(envelope);
        }
        if self.coordinator.poll_timeout() <= now {
            let out = self.coordinator.handle_timeout(now);
            return self.coordinator_outputs(out);
        }
        if let Some(index) = (0..self.consumers.len())
            .find(|&i| self.consumers[i].poll_timeout().is_some_and(|at| at <= now))
        {
            self.consumers[index].handle_timeout(now);
            return self.collect(index);
        }
        if let Some(i) = self
            .held
            .iter()
            .position(|(_, _, deadline)| *deadline <= now)
        {
            let (consumer, request, _) = self.held.remove(i);
            self.answer_log(consumer, &request);
        }
    }

    fn deliver(&mut self, envelope: Envelope) {
        let now = self.now;
        match envelope {
            Envelope::ToCoordinator(consumer, request) => {
                let out =
                    self.coordinator
                        .handle_request(now, ConnectionId(consumer as u32), request);
                self.coordinator_outputs(out);
            }
            Envelope::FromCoordinator(consumer, response) => {
                self.consumers[consumer].handle_coordinator(now, response);
                self.collect(consumer);
            }
            Envelope::ToLeader(consumer, request) => {
                if let LogRequest::Fetch { max_wait_ms, .. } = &request
                    && !self.answerable(&request)
                {
                    let deadline = now + max_wait_ms;
                    self.held.push((consumer, request, deadline));
                } else {
                    self.answer_log(consumer, &request);
                }
            }
            Envelope::FromLeader(consumer, response) => {
                self.consumers[consumer].handle_log(now, response);
                self.collect(consumer);
            }
        }
    }

    /// Whether the leader answers a request now rather than holding it.
    fn answerable(&self, request: &LogRequest) -> bool {
        match request {
            LogRequest::Fetch { tp, offset, .. } => {
                self.logs.has_records_at(tp, *offset) || *offset > self.logs.end_offset(tp)
            }
            _ => true,
        }
    }

    fn answer_log(&mut self, consumer: usize, request: &LogRequest) {
        let response = self.logs.answer(request);
        self.send(Envelope::FromLeader(consumer, response));
    }

    fn send(&mut self, envelope: Envelope) {
        self.seq += 1;
        self.agenda
            .insert((self.now + self.latency_ms, self.seq), envelope);
    }

    fn log(&mut self, consumer: Option<usize>, event: LabEvent) {
        self.trace.push(TraceEntry {
            time: self.now,
            consumer,
            event,
        });
    }

    fn coordinator_outputs(&mut self, out: Vec<coordinator::Output>) {
        for output in out {
            match output {
                coordinator::Output::Response { to, response } => {
                    self.send(Envelope::FromCoordinator(to.0 as usize, response));
                }
                coordinator::Output::Event(event) => {
                    self.log(None, LabEvent::Coordinator(event));
                }
            }
        }
    }

    /// Sends and traces what consumer `index` produced.
    fn collect(&mut self, index: usize) {
        for output in self.consumers[index].take_outputs() {
            match output {
                Output::Coordinator(request) => self.send(Envelope::ToCoordinator(index, request)),
                Output::Log(request) => self.send(Envelope::ToLeader(index, request)),
                Output::Event(event) => self.log(Some(index), LabEvent::Client(event)),
                Output::Program(event) => {
                    if let ProgramEvent::Processed { tp, offset } = &event {
                        self.accounting.record(index, tp, *offset);
                    }
                    self.log(Some(index), LabEvent::Program(event));
                }
            }
        }
    }
}
