//! The membership steps of `group_steps.rs` on the model: each member is a consumer process of
//! the model's own client (`kafka_sim_testkit::GroupLab`: one broker, 1 ms one-way latency),
//! running Consumer_rebalance's loop (`subscribe`, `while running: poll(0.1)` in a `try`
//! whose `finally` closes, the rebalance callbacks printing their partitions).
//!
//! The assignors order the members by member id, and the model's ids are
//! `<client.id>-<UUID>` (apache/kafka `ClassicGroup`), so each model member's `client.id` is
//! the member id the mock gave its librdkafka twin: the model's ids then sort as the mock's
//! do (`-` sorts before every character of a `"%p"` id). A member that comes back after
//! [`ModelGroup::lose`] gets a new member id from the mock, so on the model it comes back as
//! a new process under that id, as librdkafka's comes back as a new member.

use crate::member::GroupEvent;
use crate::model_consumer::callbacks;
use kafka_sim::TopicPartition;
use kafka_sim::assignor::Strategy;
use kafka_sim::collect::VecMap;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{Callbacks, ProcessState, Program, Stmt};
use kafka_sim::engine::Millis;
use kafka_sim_testkit::GroupLab;
use std::collections::{BTreeMap, BTreeSet};

/// What one member went through in a step: its callbacks, each list in the order the program
/// got it, and the partitions it holds at the end (`assignment()`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub callbacks: Vec<GroupEvent>,
    pub held: Vec<TopicPartition>,
}

/// The harness's group settings as the model takes them: its broker refuses sessions below
/// `group.min.session.timeout.ms` (6000, apache/kafka `GroupCoordinatorConfig`), where the
/// mock takes 4000, and `max.poll.interval.ms` may not be below the session (librdkafka
/// `rdkafka_conf.c`). They change when a lost member leaves, not what a rebalance hands out.
const SESSION_MS: i64 = 6_000;
const MAX_POLL_INTERVAL_MS: i64 = 6_000;
const HEARTBEAT_MS: i64 = 100;
/// How long a step may take in virtual time (a lost member is noticed after
/// `max.poll.interval.ms` and librdkafka's 500 ms check).
const STEP_LIMIT_MS: Millis = 60_000;
/// After a step has settled, the model runs this long more, so that a callback nobody
/// expects would be seen.
const QUIET_MS: Millis = 5_000;

/// Program lines, for the callbacks' prints.
const ON_ASSIGN_LINE: u32 = 10;
const ON_REVOKE_LINE: u32 = 11;
const ON_LOST_LINE: u32 = 12;

/// A group of model consumers subscribed to one topic with one strategy.
pub struct ModelGroup {
    lab: GroupLab,
    strategy: Strategy,
    topic: String,
    partitions: i32,
    /// Member number -> its consumer process in the lab.
    processes: BTreeMap<usize, usize>,
    /// Lost members' processes, asleep outside the group, by member number.
    lost: BTreeMap<usize, usize>,
}

impl ModelGroup {
    pub fn new(strategy: Strategy, topic: &str, partitions: i32) -> Self {
        let topics = VecMap::from([(topic.to_owned(), partitions)]);
        Self {
            lab: GroupLab::new(0, topics, 1),
            strategy,
            topic: topic.to_owned(),
            partitions,
            processes: BTreeMap::new(),
            lost: BTreeMap::new(),
        }
    }

    /// Member `number` subscribes as a new member whose librdkafka twin has `member_id`
    /// (a member that was lost before is replaced by a new process).
    pub fn join(&mut self, number: usize, member_id: &str) -> BTreeMap<usize, Outcome> {
        let before = self.callbacks_so_far();
        if let Some(old) = self.lost.remove(&number) {
            self.lab.kill(old);
        }
        let settings = [
            ("group.id", ConfigValue::Str("ak03".into())),
            ("client.id", ConfigValue::Str(member_id.to_owned())),
            ("session.timeout.ms", ConfigValue::Int(SESSION_MS)),
            ("heartbeat.interval.ms", ConfigValue::Int(HEARTBEAT_MS)),
            (
                "max.poll.interval.ms",
                ConfigValue::Int(MAX_POLL_INTERVAL_MS),
            ),
            (
                "partition.assignment.strategy",
                ConfigValue::Str(self.strategy.name().into()),
            ),
        ];
        let process = self
            .lab
            .start(&settings, &self.program())
            .expect("valid settings");
        self.processes.insert(number, process);
        self.settle(&before)
    }

    /// Member `number` calls `close()` (Ctrl+C: the program's `finally`).
    pub fn leave(&mut self, number: usize) -> BTreeMap<usize, Outcome> {
        let before = self.callbacks_so_far();
        let process = self.processes.remove(&number).expect("a member");
        self.lab.interrupt(process);
        self.settle(&before)
    }

    /// Member `number` stops polling (`running = False`, then a long sleep) until
    /// `max.poll.interval.ms` is exceeded and its client leaves the group.
    pub fn lose(&mut self, number: usize) -> BTreeMap<usize, Outcome> {
        let before = self.callbacks_so_far();
        let process = self.processes.remove(&number).expect("a member");
        self.lab.stop(process);
        self.lost.insert(number, process);
        self.settle(&before)
    }

    /// Consumer_rebalance's loop; after `running = False` it sleeps without polling.
    fn program(&self) -> Program {
        let print = |line| Some(vec![Stmt::PrintPartitions { line }]);
        Program {
            body: vec![Stmt::Try {
                line: 1,
                body: vec![
                    Stmt::Subscribe {
                        line: 2,
                        topics: vec![self.topic.clone()],
                    },
                    Stmt::WhileRunning {
                        line: 3,
                        body: vec![Stmt::Poll {
                            line: 4,
                            timeout_ms: 100,
                        }],
                    },
                    Stmt::Sleep {
                        line: 5,
                        ms: 3_600_000,
                    },
                ],
                interrupt_line: 6,
                except_line: 7,
                finally: vec![Stmt::Close { line: 8 }],
            }],
            callbacks: Callbacks {
                on_assign: print(ON_ASSIGN_LINE),
                on_revoke: print(ON_REVOKE_LINE),
                on_lost: print(ON_LOST_LINE),
                ..Callbacks::default()
            },
            ..Program::default()
        }
    }

    /// How many callbacks each member's process has run.
    fn callbacks_so_far(&self) -> BTreeMap<usize, usize> {
        let count = |&process| callbacks(&self.lab, process).len();
        self.processes.iter().map(|(&n, p)| (n, count(p))).collect()
    }

    /// Runs until every member has had a callback since the step began and the group holds
    /// each partition exactly once, then [`QUIET_MS`] more; returns each member's outcome.
    fn settle(&mut self, before: &BTreeMap<usize, usize>) -> BTreeMap<usize, Outcome> {
        let seen = |number: &usize| before.get(number).copied().unwrap_or(0);
        let all: BTreeSet<TopicPartition> = (0..self.partitions)
            .map(|p| TopicPartition::new(self.topic.as_str(), p))
            .collect();
        let settled = |group: &Self| {
            let called = group
                .processes
                .iter()
                .all(|(n, &p)| callbacks(&group.lab, p).len() > seen(n));
            let held: Vec<TopicPartition> = group.held().into_values().flatten().collect();
            called && held.len() == all.len() && held.into_iter().collect::<BTreeSet<_>>() == all
        };
        let end = self.lab.now() + STEP_LIMIT_MS;
        while !settled(self) {
            assert!(self.lab.now() < end, "the model's group did not settle");
            self.lab.run_until(self.lab.now() + 100);
        }
        self.lab.run_until(self.lab.now() + QUIET_MS);
        let held = self.held();
        self.processes
            .iter()
            .map(|(&n, &p)| {
                let outcome = Outcome {
                    callbacks: callbacks(&self.lab, p).split_off(seen(&n)),
                    held: held[&n].clone(),
                };
                (n, outcome)
            })
            .collect()
    }

    /// What each running member holds (`assignment()`).
    fn held(&self) -> BTreeMap<usize, Vec<TopicPartition>> {
        self.processes
            .iter()
            .map(|(&n, &p)| {
                let consumer = self.lab.consumer(p);
                let held = match consumer.state() {
                    ProcessState::Running => consumer.client.assignment(),
                    _ => Vec::new(),
                };
                (n, held)
            })
            .collect()
    }
}
