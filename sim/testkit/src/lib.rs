//! `GroupLab`: a consumer-group lab for the tests and benchmarks of the workspace (kept out of
//! the model's API, so the model's modules need not depend on its engine): a lab on the engine's [`Sim`] with one broker, every topic with
//! one replica (so every appended record is below the high watermark at once), a fixed
//! one-way latency, and records appended straight into the logs instead of by a producer.
//! It keeps the consumer tests' small API; the world itself is the engine's.
//!
//! # Driving contract
//!
//! Commands ([`GroupLab::start`], [`GroupLab::produce`], [`GroupLab::interrupt`],
//! [`GroupLab::kill`]) act at the current time; [`GroupLab::run_until`] processes everything
//! due up to a time and sets the clock to it. [`GroupLab::trace`] is the engine's trace seen
//! per consumer: what each consumer, its program and the coordinator did, and the appends.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::collect::VecMap;
use kafka_sim::config::{ConfigError, ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::accounting::{self, Accounting};
use kafka_sim::consumer::{ClientEvent, ConsumerProcess, Printed, Program, ProgramEvent};
use kafka_sim::coordinator::{self, Coordinator};
use kafka_sim::engine::{
    Command, ConsumerSpec, Event, Millis, NetworkSpec, Process, Scenario, Sim, TraceEntry as Entry,
};
use kafka_sim::wire::Bytes;
use std::cell::OnceCell;

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

/// The lab: see the module docs.
#[derive(Clone, Debug)]
pub struct GroupLab {
    sim: Sim,
    /// The engine's trace seen per consumer, with how many engine entries it covers: made
    /// when first asked for, then kept up to date (copying every event of a run nobody
    /// reads was a fifth of the consumer benchmark's time).
    trace: OnceCell<(Vec<TraceEntry>, usize)>,
}

impl GroupLab {
    /// Topics by name and partition count; the coordinator draws member ids from `seed`.
    pub fn new(seed: u64, topics: VecMap<String, i32>, latency_ms: Millis) -> Self {
        let scenario = Scenario {
            seed,
            cluster: ClusterSpec {
                brokers: 1,
                ..ClusterSpec::default()
            },
            topics: topics
                .iter()
                .map(|(name, &partitions)| TopicSpec::new(name.clone(), partitions, 1))
                .collect(),
            network: NetworkSpec {
                latency_ms,
                ..NetworkSpec::default()
            },
            ..Scenario::default()
        };
        let sim = Sim::new(scenario).expect("one broker hosts replication factor 1");
        Self {
            sim,
            trace: OnceCell::new(),
        }
    }

    /// The engine the lab runs on.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    pub fn now(&self) -> Millis {
        self.sim.now()
    }

    pub fn trace(&self) -> &[TraceEntry] {
        let trace = self.sim.trace();
        let made = || (trace.iter().filter_map(lab_entry).collect(), trace.len());
        &self.trace.get_or_init(made).0
    }

    /// What consumer `index`'s program printed, each with its line, in order.
    pub fn printed(&self, index: usize) -> Vec<(u32, Printed)> {
        self.trace()
            .iter()
            .filter(|e| e.consumer == Some(index))
            .filter_map(|e| match &e.event {
                LabEvent::Program(ProgramEvent::Printed { line, printed }) => {
                    Some((*line, Printed::clone(printed)))
                }
                _ => None,
            })
            .collect()
    }

    pub fn accounting(&self) -> &Accounting {
        self.sim.consumer_accounting()
    }

    pub fn coordinator(&self) -> &Coordinator {
        self.sim.coordinator()
    }

    /// The log end offset of a partition.
    pub fn end_offset(&self, tp: &TopicPartition) -> i64 {
        self.sim
            .cluster()
            .partition(tp)
            .map_or(0, |p| p.log_end_offset())
    }

    /// # Panics
    /// If consumer `index` was never started.
    pub fn consumer(&self, index: usize) -> &ConsumerProcess {
        self.sim.consumer(index).expect("a started consumer")
    }

    pub fn consumers(&self) -> Vec<&ConsumerProcess> {
        (0..self.sim.consumer_count())
            .filter_map(|i| self.sim.consumer(i))
            .collect()
    }

    /// The committed offsets of `group` for every partition.
    pub fn committed(&self, group: &str) -> VecMap<TopicPartition, i64> {
        self.sim.committed(group)
    }

    /// Log end minus committed offset, per partition of every topic.
    pub fn lag(&self, group: &str) -> VecMap<TopicPartition, i64> {
        let ends = self
            .sim
            .cluster()
            .partitions()
            .iter()
            .map(|(tp, p)| (tp.clone(), p.log_end_offset()))
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
        let index = self.sim.add_consumer(ConsumerSpec {
            config,
            program: program.clone(),
            start_at: None,
        });
        self.apply(Command::StartConsumer { consumer: index });
        Ok(index)
    }

    /// A producer appends a record now.
    ///
    /// # Panics
    /// If the partition does not exist.
    pub fn produce(&mut self, tp: &TopicPartition, key: &str, value: &str) {
        let bytes = |s: &str| Some(Bytes::from(s.as_bytes()));
        self.sim
            .append(tp, bytes(key), bytes(value))
            .expect("the partition exists");
        self.sync();
    }

    /// Ctrl+C in a consumer's terminal.
    pub fn interrupt(&mut self, index: usize) {
        self.apply(Command::InterruptConsumer { consumer: index });
    }

    /// `running = False` in a consumer process: its `while running:` loop ends at its next
    /// head.
    pub fn stop(&mut self, index: usize) {
        self.apply(Command::StopConsumer { consumer: index });
    }

    /// `kill -9` of a consumer process.
    pub fn kill(&mut self, index: usize) {
        self.apply(Command::KillConsumer { consumer: index });
    }

    /// Runs everything due up to `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        self.sim.run_until(t);
        self.sync();
    }

    fn apply(&mut self, command: Command) {
        self.sim.apply(command);
        self.sync();
    }

    /// Brings the per-consumer view, if it was asked for, up to date with the engine's trace.
    fn sync(&mut self) {
        if let Some((trace, seen)) = self.trace.get_mut() {
            let new = &self.sim.trace()[*seen..];
            *seen += new.len();
            trace.extend(new.iter().filter_map(lab_entry));
        }
    }
}

/// An engine trace entry as the lab shows it, if it is about the group.
fn lab_entry(entry: &Entry) -> Option<TraceEntry> {
    let consumer_line = |process: Process, event: ProgramEvent| match process {
        Process::Consumer(i) => Some((Some(i), LabEvent::Program(event))),
        Process::Producer(_) => None,
    };
    let (consumer, event) = match &entry.event {
        Event::Consumer { consumer, event } => (Some(*consumer), LabEvent::Client(event.clone())),
        Event::ConsumerProgram { consumer, event } => {
            (Some(*consumer), LabEvent::Program(event.clone()))
        }
        Event::LineExecuted { process, line } => {
            consumer_line(*process, ProgramEvent::LineExecuted { line: *line })?
        }
        Event::ProgramFinished { process } => consumer_line(*process, ProgramEvent::Finished)?,
        Event::Coordinator { event } => (
            None,
            LabEvent::Coordinator(coordinator::Event::clone(event)),
        ),
        Event::RecordAppended { tp, offset, .. } => (
            None,
            LabEvent::Appended {
                tp: tp.clone(),
                offset: *offset,
            },
        ),
        _ => return None,
    };
    Some(TraceEntry {
        time: entry.time,
        consumer,
        event,
    })
}
