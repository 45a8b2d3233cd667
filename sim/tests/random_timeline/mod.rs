//! Random timelines from a seed: a small cluster (1-3 brokers, replication factor up to the
//! brokers, 1-4 partitions), producers with random acks, idempotence and short programs,
//! consumers of one group with a random assignment strategy and commit style, and faults as
//! verbs at random times (broker crashes and restarts, a lost response, a slow follower,
//! consumers started, killed, interrupted or stopped, partitions added). Every draw comes from
//! the model's own seeded [`SimRng`]: the same seed gives the same timeline.
#![allow(dead_code)]

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::config::{Acks, ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::{self, Callbacks, Stmt};
use kafka_sim::coordinator::CoordinatorConfig;
use kafka_sim::engine::{Command, ConsumerSpec, Millis, NetworkSpec, ProducerSpec, Scenario, Sim};
use kafka_sim::invariants::{Checker, Violation};
use kafka_sim::producer::{self, Call, Part, Payload, ProducerSettings};
use kafka_sim::rng::SimRng;

pub const TOPIC: &str = "t";
pub const GROUP: &str = "g";

/// A scenario and how long to run it.
pub struct Timeline {
    pub seed: u64,
    pub scenario: Scenario,
    /// Virtual time after which nothing more is stepped.
    pub horizon: Millis,
    /// One line per choice made, for a failure report.
    pub summary: Vec<String>,
}

/// Draws from a seeded stream.
struct Draw(SimRng);

impl Draw {
    /// A number in `low..=high`.
    fn int(&mut self, low: u64, high: u64) -> u64 {
        self.0.between(low, high)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.int(1, 100) <= percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.int(0, items.len() as u64 - 1) as usize].clone()
    }
}

impl Timeline {
    pub fn random(seed: u64) -> Self {
        let mut d = Draw(SimRng::stream(seed, "timeline"));
        let mut summary = Vec::new();
        let brokers = d.int(1, 3) as i32;
        let rf = d.int(1, brokers as u64) as i32;
        let partitions = d.int(1, 4) as i32;
        let mut topic = TopicSpec::new(TOPIC, partitions, rf);
        topic.min_insync_replicas = d.int(1, rf as u64) as usize;
        let cluster = ClusterSpec {
            brokers,
            replica_lag_time_max_ms: d.pick(&[2_000, 10_000, 30_000]),
            broker_session_timeout_ms: d.pick(&[1_000, 3_000, 9_000]),
            ..ClusterSpec::default()
        };
        summary.push(format!(
            "{brokers} brokers, {partitions} partitions, RF {rf}, min.insync {}, lag max {} ms, \
             broker session {} ms",
            topic.min_insync_replicas,
            cluster.replica_lag_time_max_ms,
            cluster.broker_session_timeout_ms
        ));
        let horizon = d.int(5_000, 30_000);
        let producers: Vec<ProducerSpec> = (0..d.int(0, 3))
            .map(|i| producer_spec(&mut d, i, horizon, &mut summary))
            .collect();
        let consumers: Vec<ConsumerSpec> = (0..d.int(0, 4))
            .map(|i| consumer_spec(&mut d, i, horizon, &mut summary))
            .collect();
        let mut faults = Vec::new();
        for _ in 0..d.int(0, 8) {
            let at = d.int(0, horizon);
            for (after, command) in fault(&mut d, brokers, partitions, consumers.len()) {
                summary.push(format!("at {} ms: {command:?}", at + after));
                faults.push((at + after, command));
            }
        }
        let coordinator = CoordinatorConfig {
            initial_rebalance_delay_ms: d.pick(&[0, 500, 3_000]),
            ..CoordinatorConfig::default()
        };
        summary.push(format!(
            "group.initial.rebalance.delay.ms {}, horizon {horizon} ms",
            coordinator.initial_rebalance_delay_ms
        ));
        let network = NetworkSpec {
            latency_ms: d.int(1, 5),
            jitter_ms: d.int(0, 3),
            links: Vec::new(),
        };
        Self {
            seed,
            scenario: Scenario {
                seed,
                cluster,
                topics: vec![topic],
                network,
                producers,
                consumers,
                coordinator,
                faults,
                ..Scenario::default()
            },
            horizon,
            summary,
        }
    }

    /// The simulation at virtual time 0.
    pub fn start(&self) -> Sim {
        Sim::new(self.scenario.clone()).expect("a valid random scenario")
    }

    /// Steps `sim` to the horizon, calling `after_step` now and after every step; stops at
    /// the first error it returns.
    pub fn run_from<E>(
        &self,
        sim: &mut Sim,
        mut after_step: impl FnMut(&Sim) -> Result<(), E>,
    ) -> Result<(), E> {
        loop {
            after_step(sim)?;
            if sim.next_time().is_none_or(|t| t > self.horizon) || !sim.step() {
                return Ok(());
            }
        }
    }

    /// Runs the whole timeline.
    pub fn run(&self) -> Sim {
        let mut sim = self.start();
        self.run_from(&mut sim, |_| Ok::<(), ()>(()))
            .expect("nothing stops it early");
        sim
    }

    /// Runs the timeline checking every invariant after every step; on a violation, a
    /// report with the seed, the timeline and the trace's tail.
    pub fn run_checked(&self) -> Result<Sim, String> {
        let mut sim = self.start();
        let mut checker = Checker::default();
        match self.run_from(&mut sim, |sim| checker.check(sim)) {
            Ok(()) => Ok(sim),
            Err(violation) => Err(self.report(&sim, &violation)),
        }
    }

    pub fn report(&self, sim: &Sim, violation: &Violation) -> String {
        let trace = sim.trace();
        let tail = trace[trace.len().saturating_sub(40)..]
            .iter()
            .map(|e| serde_json::to_string(e).expect("serializable"))
            .collect::<Vec<_>>()
            .join("\n  ");
        format!(
            "{violation}\nseed {} (Timeline::random({}))\ntimeline:\n  {}\ntrace tail:\n  {tail}",
            self.seed,
            self.seed,
            self.summary.join("\n  ")
        )
    }
}

fn producer_spec(d: &mut Draw, i: u64, horizon: Millis, summary: &mut Vec<String>) -> ProducerSpec {
    let mut settings = if d.chance(40) {
        ProducerSettings::idempotent()
    } else {
        ProducerSettings {
            acks: d.pick(&[Acks::Zero, Acks::One, Acks::All]),
            ..ProducerSettings::default()
        }
    };
    settings.linger_ms = d.pick(&[0, 5, 20]);
    let count = d.int(1, 20);
    let gap = d.pick(&[0, 50, 300]);
    let keyed = d.chance(50);
    let start_at = d.int(0, horizon / 2);
    summary.push(format!(
        "producer {i}: acks {:?}, idempotent {}, linger {} ms, {count} messages {gap} ms apart, \
         keyed {keyed}, from {start_at} ms",
        settings.acks, settings.enable_idempotence, settings.linger_ms
    ));
    let produce = producer::Stmt::Call(Call::Produce {
        line: 2,
        topic: TOPIC.into(),
        partition: None,
        key: keyed.then(|| vec![Part::Index]),
        value: Payload::Text(vec![Part::Index]),
        callback: None,
    });
    let sleep = producer::Stmt::Call(Call::Sleep { line: 3, ms: gap });
    let program = producer::Program {
        body: vec![
            producer::Stmt::For {
                line: 1,
                count,
                body: vec![produce, sleep],
            },
            producer::Stmt::Call(Call::Flush {
                line: 4,
                timeout_ms: 10_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    ProducerSpec {
        settings,
        program,
        start_at: Some(start_at),
    }
}

/// How a consumer commits.
#[derive(Clone, Copy, Debug)]
enum CommitStyle {
    Auto,
    EachRecord { asynchronous: bool },
    EachBatch { asynchronous: bool },
}

fn consumer_spec(d: &mut Draw, i: u64, horizon: Millis, summary: &mut Vec<String>) -> ConsumerSpec {
    let strategy = d.pick(&["range", "roundrobin", "cooperative-sticky"]);
    let style = d.pick(&[
        CommitStyle::Auto,
        CommitStyle::EachRecord {
            asynchronous: false,
        },
        CommitStyle::EachRecord { asynchronous: true },
        CommitStyle::EachBatch {
            asynchronous: false,
        },
        CommitStyle::EachBatch { asynchronous: true },
    ]);
    let start_at = d.chance(80).then(|| d.int(0, horizon / 2));
    let callbacks = d.chance(50);
    let work_ms = d.pick(&[0, 0, 50, 4_000]);
    let instance = d.chance(20).then(|| format!("member-{i}"));
    summary.push(format!(
        "consumer {i}: {strategy}, commit {style:?}, rebalance callbacks {callbacks}, \
         {work_ms} ms per record, group.instance.id {instance:?}, start {start_at:?}"
    ));
    let text = |s: &str| ConfigValue::Str(s.to_string());
    let mut pairs = vec![
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text(GROUP)),
        ("auto.offset.reset", text("earliest")),
        ("session.timeout.ms", ConfigValue::Int(6_000)),
        ("heartbeat.interval.ms", ConfigValue::Int(1_000)),
        (
            "topic.metadata.refresh.interval.ms",
            ConfigValue::Int(2_000),
        ),
        ("partition.assignment.strategy", text(strategy)),
        (
            "enable.auto.commit",
            ConfigValue::Bool(matches!(style, CommitStyle::Auto)),
        ),
        ("auto.commit.interval.ms", ConfigValue::Int(1_000)),
        ("max.poll.interval.ms", ConfigValue::Int(8_000)),
    ];
    if let Some(instance) = &instance {
        pairs.push(("group.instance.id", text(instance)));
    }
    let config = ConsumerConfig::from_pairs(Profile::Librdkafka, &pairs).expect("valid config");
    let mut record = vec![
        Stmt::SkipIfError {
            line: 6,
            print_line: None,
        },
        Stmt::Work {
            line: 6,
            ms: work_ms,
        },
    ];
    if let CommitStyle::EachRecord { asynchronous } = style {
        record.push(Stmt::CommitRecord {
            line: 7,
            asynchronous,
        });
    }
    let mut round = vec![
        Stmt::Consume {
            line: 4,
            num_messages: d.int(1, 5) as usize,
            timeout_ms: d.pick(&[200, 1_000]),
        },
        Stmt::ForEachRecord {
            line: 5,
            body: record,
        },
    ];
    if let CommitStyle::EachBatch { asynchronous } = style {
        let commit = Stmt::Commit {
            line: 9,
            asynchronous,
        };
        round.push(Stmt::IfRecords {
            line: 8,
            body: vec![commit],
        });
    }
    let print = |line| Some(vec![Stmt::PrintPartitions { line }]);
    let program = consumer::Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![TOPIC.into()],
            },
            Stmt::Try {
                line: 2,
                body: vec![Stmt::WhileRunning {
                    line: 3,
                    body: round,
                }],
                interrupt_line: 10,
                except_line: 11,
                finally: vec![Stmt::Close { line: 12 }],
            },
        ],
        callbacks: Callbacks {
            on_assign: callbacks.then(|| print(13)).flatten(),
            on_revoke: callbacks.then(|| print(14)).flatten(),
            ..Callbacks::default()
        },
        crash_after_records: None,
    };
    ConsumerSpec {
        config,
        program,
        start_at,
    }
}

/// A fault as one or two commands, each with its delay after the fault's time.
fn fault(d: &mut Draw, brokers: i32, partitions: i32, consumers: usize) -> Vec<(Millis, Command)> {
    let broker = d.int(1, brokers as u64) as i32;
    let consumer = d.int(0, consumers.max(1) as u64 - 1) as usize;
    let kinds = if consumers > 0 { 9 } else { 5 };
    match d.int(0, kinds - 1) {
        0 => {
            let mut crash = vec![(0, Command::CrashBroker { broker })];
            if d.chance(70) {
                crash.push((d.int(200, 6_000), Command::RestartBroker { broker }));
            }
            crash
        }
        1 => vec![(0, Command::DropNextResponse { broker })],
        2 => {
            let delay_ms = d.pick(&[0, 300, 1_500, 5_000]);
            vec![(0, Command::DelayFollower { broker, delay_ms })]
        }
        3 => vec![(0, Command::RestartBroker { broker })],
        4 => {
            let count = partitions + d.int(1, 2) as i32;
            let topic = TOPIC.to_string();
            vec![(0, Command::AddPartitions { topic, count })]
        }
        5 => vec![(0, Command::StartConsumer { consumer })],
        6 => vec![(0, Command::KillConsumer { consumer })],
        7 => vec![(0, Command::InterruptConsumer { consumer })],
        _ => vec![(0, Command::StopConsumer { consumer })],
    }
}

/// The trace as JSON Lines, the format of the golden traces.
pub fn trace_bytes(sim: &Sim) -> String {
    sim.trace()
        .iter()
        .map(|e| serde_json::to_string(e).expect("serializable") + "\n")
        .collect()
}
