//! A lesson's plan for one run: the cluster, the course's programs and the faults that make the
//! lesson's point, turned into an engine [`Scenario`] with the student's changes applied.

use super::SetupError;
use super::action::Changes;
use crate::exercise::Source;
use crate::programs::{ProgramError, consumer_program_with_args, producer_program, python_value};
use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::collect::sort_small_by_key;
use kafka_sim::config::{ConfigValue, ConsumerConfig, ProducerConfig};
use kafka_sim::engine::{Command, ConsumerSpec, Millis, Process, ProducerSpec, Scenario, Sim};

/// How many messages a producer lesson sends: enough to see batching, offsets and callbacks,
/// few enough to watch.
pub(crate) const STEP_MESSAGES: u64 = 12;

/// The course's producer program in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProducerPlan {
    pub source: &'static Source,
    /// How many messages it sends (the program's own `msgCount` is far too many to watch).
    pub messages: u64,
    pub start_at: Millis,
    /// The program run again, each time as a new process, at these times (seed 004's
    /// `producer_demo` run twice from the shell).
    pub again_at: &'static [Millis],
}

/// How a consumer instance ends, at a planned time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Ctrl+C: the program's `except KeyboardInterrupt` and `close()` run.
    Interrupt,
    /// The process dies (`kill -9`): nothing more is sent.
    Kill,
}

/// A consumer instance of the course's program in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ConsumerPlan {
    pub source: &'static Source,
    /// `sys.argv[1:]` (Consumer_static_membership's `group.instance.id`).
    pub args: &'static [&'static str],
    pub start_at: Millis,
    pub stop: Option<(Millis, Stop)>,
    /// The process dies (`kill -9`) right after processing this many records: a crash in the
    /// middle of a batch, wherever the batch's time falls.
    pub crash_after_records: Option<u64>,
}

impl ConsumerPlan {
    pub fn new(source: &'static Source, start_at: Millis) -> ConsumerPlan {
        ConsumerPlan {
            source,
            args: &[],
            start_at,
            stop: None,
            crash_after_records: None,
        }
    }

    /// The same instance, killed right after it has processed `records` records.
    pub fn crashing_after(self, records: u64) -> ConsumerPlan {
        ConsumerPlan {
            crash_after_records: Some(records),
            ..self
        }
    }

    pub fn stopped(self, at: Millis, stop: Stop) -> ConsumerPlan {
        ConsumerPlan {
            stop: Some((at, stop)),
            ..self
        }
    }
}

/// A fault at a planned time, aimed at the broker that leads the topic's partition 0 when
/// the run starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    CrashLeader,
    RestartLeader,
    DropLeaderResponse,
    /// The slowed followers fetch at full speed again.
    RestoreFollowers,
}

/// How long a run goes on after its last planned or changed command, for what it causes to
/// show (a restarted broker truncating its log, a retry being answered).
const SETTLE_MS: Millis = 1_000;

/// One run of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub label: Text,
    /// The run's seed (consumers' member ids, keyless placement, jitter).
    pub seed: u64,
    pub brokers: i32,
    /// The topic's replication factor.
    pub replication: i32,
    pub producer: Option<ProducerPlan>,
    /// The consumer instances, numbered in this order.
    pub consumers: Vec<ConsumerPlan>,
    /// From the start, each follower of partition 0 waits this long before each fetch (0: no
    /// delay), so that a leader can hold records its followers have not copied yet.
    pub follower_delay_ms: Millis,
    pub faults: Vec<(Millis, Fault)>,
    /// `props` entries the lesson itself changes, as Python values: the consumers' when the
    /// run has consumers (the lesson is about them), else the producer's. The student's
    /// setting changes go to the same process.
    pub settings: &'static [(&'static str, &'static str)],
}

impl Plan {
    /// A run of `producer` on one broker, the course's own setup (`--replication-factor 1`).
    pub fn producer(label: Text, source: &'static Source) -> Plan {
        Plan {
            label,
            seed: 0,
            brokers: 1,
            replication: 1,
            producer: Some(ProducerPlan {
                source,
                messages: STEP_MESSAGES,
                start_at: 0,
                again_at: &[],
            }),
            consumers: Vec::new(),
            follower_delay_ms: 0,
            faults: Vec::new(),
            settings: &[],
        }
    }

    /// `producer` sending `messages` while `consumers` come and go.
    pub fn group(
        label: Text,
        producer: &'static Source,
        messages: u64,
        consumers: Vec<ConsumerPlan>,
    ) -> Plan {
        let mut plan = Plan::producer(label, producer);
        if let Some(p) = &mut plan.producer {
            p.messages = messages;
        }
        Plan { consumers, ..plan }
    }

    /// The same plan with the producer starting at `at`.
    pub fn starting_at(mut self, at: Millis) -> Plan {
        if let Some(producer) = &mut self.producer {
            producer.start_at = at;
        }
        self
    }

    /// The program that `process` runs.
    pub fn source_of(&self, process: Process) -> Option<&'static Source> {
        match process {
            Process::Producer(i) => self
                .producer
                .as_ref()
                .filter(|p| i <= p.again_at.len())
                .map(|p| p.source),
            Process::Consumer(i) => self
                .consumers
                .get(i)
                .or(self.consumers.first())
                .map(|c| c.source),
        }
    }

    /// The topic the run is about.
    pub fn topic(&self) -> Option<String> {
        let plan = self.producer.as_ref()?;
        producer_program(plan.source, Some(plan.messages))
            .ok()
            .map(|program| program.topic)
    }

    /// The virtual time a run must reach to show everything planned and changed: the app runs
    /// until the programs are done and at least until then.
    pub fn run_at_least(&self, changes: &Changes) -> Millis {
        let stops = self
            .consumers
            .iter()
            .filter_map(|c| c.stop.map(|(at, _)| at));
        let planned = self.faults.iter().map(|(at, _)| *at).chain(stops);
        let changed = changes.commands.iter().map(|(at, _)| *at);
        let changed = changed.chain(changes.added_consumers.iter().copied());
        planned
            .chain(changed)
            .max()
            .map_or(0, |last| last + SETTLE_MS)
    }

    /// The engine scenario of this run with `changes` applied.
    pub fn scenario(&self, changes: &Changes) -> Result<Scenario, SetupError> {
        let lesson_settings = self.settings.iter().map(|&(n, v)| (n, v));
        let changed = changes.settings.iter().map(|(n, v)| (*n, v.as_str()));
        let settings: Vec<(&'static str, &str)> = lesson_settings.chain(changed).collect();
        let (producer_settings, consumer_settings) = if self.consumers.is_empty() {
            (settings.as_slice(), &[][..])
        } else {
            (&[][..], settings.as_slice())
        };
        let mut topics: Vec<TopicSpec> = Vec::new();
        let mut add_topic = |topic: &str| {
            if topics.iter().all(|t| t.name != topic) {
                topics.push(TopicSpec::new(
                    topic,
                    partitions_of(topic),
                    self.replication,
                ));
            }
        };
        let mut producers = Vec::new();
        if let Some(plan) = &self.producer {
            let mut program =
                producer_program(plan.source, Some(plan.messages)).map_err(program_error)?;
            let pairs = with_settings(program.props, producer_settings);
            program.config = ProducerConfig::from_pairs(program.profile, &pairs)
                .map_err(|error| refused(error.message))?;
            add_topic(&program.topic);
            let starts = std::iter::once(plan.start_at).chain(plan.again_at.iter().copied());
            producers.extend(starts.map(|at| ProducerSpec {
                settings: (&program.config).into(),
                program: program.program.clone(),
                start_at: Some(at),
            }));
        }
        let mut consumers = Vec::new();
        let mut stops = Vec::new();
        let added = changes.added_consumers.iter().filter_map(|&at| {
            let first = self.consumers.first()?;
            Some(ConsumerPlan::new(first.source, at))
        });
        let plans: Vec<ConsumerPlan> = self.consumers.iter().copied().chain(added).collect();
        for (index, plan) in plans.iter().enumerate() {
            let args = changes.arguments.unwrap_or(plan.args);
            let mut program =
                consumer_program_with_args(plan.source, args).map_err(program_error)?;
            program.program.crash_after_records = plan
                .crash_after_records
                .map(|planned| changes.crash_after_records.unwrap_or(planned));
            let pairs = with_settings(program.props, consumer_settings);
            let config = ConsumerConfig::from_pairs(program.profile, &pairs)
                .map_err(|error| refused(error.message))?;
            program.topics.iter().for_each(|topic| add_topic(topic));
            consumers.push(ConsumerSpec {
                config,
                program: program.program,
                start_at: Some(plan.start_at),
            });
            if let Some((at, stop)) = plan.stop {
                let command = match stop {
                    Stop::Interrupt => Command::InterruptConsumer { consumer: index },
                    Stop::Kill => Command::KillConsumer { consumer: index },
                };
                stops.push((at, command));
            }
        }
        let mut scenario = Scenario {
            seed: self.seed,
            cluster: ClusterSpec {
                brokers: self.brokers,
                ..ClusterSpec::default()
            },
            topics,
            producers,
            consumers,
            ..Scenario::default()
        };
        scenario.faults = self.faults_of(&scenario)?;
        scenario.faults.extend(stops);
        scenario.faults.extend(changes.commands.iter().cloned());
        sort_small_by_key(&mut scenario.faults, |(at, _)| *at);
        Ok(scenario)
    }

    /// The planned faults as commands aimed at the first leader of the topic's partition 0,
    /// after the follower delays that start at 0.
    fn faults_of(&self, scenario: &Scenario) -> Result<Vec<(Millis, Command)>, SetupError> {
        let Some(topic) = scenario.topics.first() else {
            return Ok(Vec::new());
        };
        let sim = Sim::new(scenario.clone()).map_err(|detail| SetupError {
            text: CLUSTER_REFUSED,
            detail,
        })?;
        let tp = TopicPartition::new(topic.name.clone(), 0);
        let partition = sim.cluster().partition(&tp);
        let Some((leader, replicas)) = partition.and_then(|p| Some((p.leader?, &p.replicas)))
        else {
            return Ok(Vec::new());
        };
        let followers: Vec<i32> = replicas.iter().copied().filter(|&b| b != leader).collect();
        let delay = |delay_ms| {
            followers
                .iter()
                .map(move |&broker| Command::DelayFollower { broker, delay_ms })
        };
        let mut commands: Vec<(Millis, Command)> = Vec::new();
        if self.follower_delay_ms > 0 {
            commands.extend(delay(self.follower_delay_ms).map(|command| (0, command)));
        }
        for &(at, fault) in &self.faults {
            match fault {
                Fault::CrashLeader => commands.push((at, Command::CrashBroker { broker: leader })),
                Fault::RestartLeader => {
                    commands.push((at, Command::RestartBroker { broker: leader }))
                }
                Fault::DropLeaderResponse => {
                    commands.push((at, Command::DropNextResponse { broker: leader }))
                }
                Fault::RestoreFollowers => commands.extend(delay(0).map(|command| (at, command))),
            }
        }
        Ok(commands)
    }
}

const SETTINGS_REFUSED: Text = text(
    "Producer(**props) 丟出例外: client不接受這組設定",
    "Producer(**props) raised: the client refuses these settings",
);

const CLUSTER_REFUSED: Text = text("無法建立這個叢集", "This cluster cannot be built");

/// The course's topics: `ak03.fourpartition` has four partitions (the slides create it so);
/// the others are the single-partition topics the slides' output shows (`ak03.test-0`), but
/// for seed 004's `kafka_demo`.
fn partitions_of(topic: &str) -> i32 {
    match topic {
        "ak03.fourpartition" => 4,
        // Seed 004 creates `kafka_demo` with `--partitions 2`.
        "kafka_demo" => 2,
        _ => 1,
    }
}

/// `pairs` (a program's `props`) with `settings` written over them as a dict literal would
/// take them: a key already present keeps its place and takes the new value, a new key comes
/// last.
fn with_settings(
    mut pairs: Vec<(&'static str, ConfigValue)>,
    settings: &[(&'static str, &str)],
) -> Vec<(&'static str, ConfigValue)> {
    for &(name, value) in settings {
        let value = python_value(value);
        match pairs.iter_mut().find(|(n, _)| *n == name) {
            Some(pair) => pair.1 = value,
            None => pairs.push((name, value)),
        }
    }
    pairs
}

/// The client's refusal of a configuration, as the student sees it.
fn refused(detail: String) -> SetupError {
    SetupError {
        text: SETTINGS_REFUSED,
        detail,
    }
}

fn program_error(error: ProgramError) -> SetupError {
    match error {
        ProgramError::Config(error) => refused(error.message),
        ProgramError::NotAProducer(what) | ProgramError::NotAConsumer(what) => SetupError {
            text: text("這不是一個producer程式", "This is not a producer program"),
            detail: what.to_owned(),
        },
    }
}
