//! What-if actions: what a student may change in a lesson's run, and the changes they make.

use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::consumer::{ClientEvent, CommitReason, ProcessState};
use kafka_sim::engine::{Command, Event, Millis, Sim};

/// A what-if the lesson offers. Immediate actions act at the moment shown (the run is
/// replayed with a command at that time); settings change the program's `props` and run again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Crash the broker that leads the lesson topic's first partition, now.
    CrashBroker,
    /// Restart the brokers that are down, now.
    RestartBroker,
    /// The leader's next produce response is lost on the way back (the request is processed).
    DropNextResponse,
    /// Run again with `'acks'` set to one of these Python values.
    SetAcks(&'static [&'static str]),
    /// Run again with `'enable.idempotence'` flipped.
    ToggleIdempotence,
    /// Kill a running consumer instance (`kill -9`), now.
    CrashConsumer,
    /// Ctrl+C in a running consumer's terminal: it closes cleanly, now.
    CloseConsumer,
    /// Start one more instance of the consumer program, now.
    AddConsumer,
    /// Run again with `'auto.commit.interval.ms'` set to one of these values.
    SetAutoCommitInterval(&'static [&'static str]),
    /// Ctrl+C in the consumer whose program sent the last `commit()` shown, one millisecond
    /// after it left: the commit's answer is still on its way.
    InterruptWhileCommitting,
    /// Run again with `props[name]` set to one of `values` (Python literals); `label` names
    /// the change on the button.
    Set {
        name: &'static str,
        label: Text,
        values: &'static [&'static str],
    },
    /// Run again with the consumer programs started as `python <file> <value>`: one of
    /// `values` becomes `sys.argv[1]`.
    SetArgument {
        label: Text,
        values: &'static [&'static str],
    },
    /// Run again with the lesson's crashing consumer dying right after this many records
    /// (decimal numbers).
    SetCrashPoint(&'static [&'static str]),
}

/// One change of a run, made by an [`Action`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Run `Command` at this virtual time.
    Command(Millis, Command),
    /// Set `props[name]` to this Python value (e.g. `1`, `'all'`, `True`).
    Setting(&'static str, String),
    /// One more instance of the lesson's consumer program starts at this time.
    AddConsumer(Millis),
    /// Every consumer program runs with these command-line arguments (`sys.argv[1:]`).
    Arguments(&'static [&'static str]),
    /// The consumer the lesson crashes in the middle of a batch dies after this many records.
    CrashAfterRecords(u64),
}

/// The student's what-ifs applied to a lesson's run: commands at times and settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub commands: Vec<(Millis, Command)>,
    /// `props` entries as Python values, applied after the program's own (as a later entry of
    /// a dict literal wins).
    pub settings: Vec<(&'static str, String)>,
    /// Start times of consumer instances added to the lesson's, numbered after them.
    pub added_consumers: Vec<Millis>,
    /// The consumer programs' command-line arguments, when changed.
    pub arguments: Option<&'static [&'static str]>,
    /// How many records the lesson's crashing consumer processes before it dies, when changed.
    pub crash_after_records: Option<u64>,
}

impl Changes {
    /// No change: the course's program as written.
    pub fn none() -> Changes {
        Changes::default()
    }

    /// Adds a change; a setting replaces an earlier value of the same name.
    pub fn push(&mut self, change: Change) {
        match change {
            Change::Command(at, command) => self.commands.push((at, command)),
            Change::Setting(name, value) => {
                self.settings.retain(|(n, _)| *n != name);
                self.settings.push((name, value));
            }
            Change::AddConsumer(at) => self.added_consumers.push(at),
            Change::Arguments(args) => self.arguments = Some(args),
            Change::CrashAfterRecords(n) => self.crash_after_records = Some(n),
        }
    }

    /// Whether nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
            && self.settings.is_empty()
            && self.added_consumers.is_empty()
            && self.arguments.is_none()
            && self.crash_after_records.is_none()
    }
}

impl Action {
    /// The button's label (for settings, the choice is shown beside it).
    pub fn label(self) -> Text {
        match self {
            Action::CrashBroker => text("讓leader broker當機", "Crash the leader broker"),
            Action::RestartBroker => text("重新啟動broker", "Restart the broker"),
            Action::DropNextResponse => {
                text("弄丟Broker的下一個回覆", "Lose the broker's next response")
            }
            Action::SetAcks(_) => text("改變acks再跑一次", "Change acks and run again"),
            Action::ToggleIdempotence => text(
                "切換enable.idempotence再跑一次",
                "Flip enable.idempotence and run again",
            ),
            Action::CrashConsumer => text("讓這個Consumer當機", "Crash this consumer now"),
            Action::CloseConsumer => text(
                "正常關閉這個Consumer (Ctrl+C)",
                "Close this consumer cleanly (Ctrl+C)",
            ),
            Action::AddConsumer => text("再啟動一個Consumer", "Add a consumer"),
            Action::SetAutoCommitInterval(_) => text(
                "改變auto.commit.interval.ms再跑一次",
                "Change auto.commit.interval.ms and run again",
            ),
            Action::InterruptWhileCommitting => text(
                "在最後一個commit()還沒收到回覆時按Ctrl+C",
                "Ctrl+C while the last commit() awaits its answer",
            ),
            Action::Set { label, .. } | Action::SetArgument { label, .. } => label,
            Action::SetCrashPoint(_) => text(
                "改變當機的時間點 (處理完第幾筆) 再跑一次",
                "Change the crash point (after which record) and run again",
            ),
        }
    }

    /// The values a setting action offers (empty for the others; the consumer actions take
    /// the consumer's index as their choice).
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Action::SetAcks(values)
            | Action::SetAutoCommitInterval(values)
            | Action::Set { values, .. }
            | Action::SetArgument { values, .. }
            | Action::SetCrashPoint(values) => values,
            _ => &[],
        }
    }

    /// The change this action makes when taken at the moment `sim` shows, in a run on
    /// `topic`; `choice` indexes [`Action::choices`]. `None` when it cannot act now (no
    /// leader to crash, no broker down, no such choice, no such consumer running).
    pub(crate) fn change(self, sim: &Sim, topic: &str, choice: usize) -> Option<Change> {
        let now = sim.now();
        let leader = || sim.cluster().leader(&TopicPartition::new(topic, 0));
        match self {
            Action::CrashBroker => {
                let broker = leader()?;
                Some(Change::Command(now, Command::CrashBroker { broker }))
            }
            Action::RestartBroker => {
                let cluster = sim.cluster();
                let broker = *cluster
                    .brokers()
                    .keys()
                    .find(|&&b| !cluster.broker_is_up(b))?;
                Some(Change::Command(now, Command::RestartBroker { broker }))
            }
            Action::DropNextResponse => {
                let broker = leader()?;
                Some(Change::Command(now, Command::DropNextResponse { broker }))
            }
            Action::SetAcks(values) => {
                let value = values.get(choice)?;
                Some(Change::Setting("acks", (*value).to_owned()))
            }
            Action::SetAutoCommitInterval(values) => {
                let value = values.get(choice)?;
                Some(Change::Setting(
                    "auto.commit.interval.ms",
                    (*value).to_owned(),
                ))
            }
            Action::Set { name, values, .. } => {
                let value = values.get(choice)?;
                Some(Change::Setting(name, (*value).to_owned()))
            }
            Action::SetArgument { values, .. } => {
                Some(Change::Arguments(std::slice::from_ref(values.get(choice)?)))
            }
            Action::SetCrashPoint(values) => {
                let records = values.get(choice)?.parse().ok()?;
                Some(Change::CrashAfterRecords(records))
            }
            Action::CrashConsumer | Action::CloseConsumer => {
                let running = sim.consumer(choice)?.state() == ProcessState::Running;
                let command = if self == Action::CrashConsumer {
                    Command::KillConsumer { consumer: choice }
                } else {
                    Command::InterruptConsumer { consumer: choice }
                };
                running.then_some(Change::Command(now, command))
            }
            Action::AddConsumer => Some(Change::AddConsumer(now)),
            Action::InterruptWhileCommitting => {
                // The request reaches the coordinator a millisecond or more after it left; a
                // command runs before the events of its millisecond (the timeline is scheduled
                // first), so Ctrl+C one millisecond later finds the answer not yet arrived.
                let (consumer, sent_at) =
                    sim.trace()
                        .iter()
                        .rev()
                        .find_map(|entry| match &entry.event {
                            Event::Consumer {
                                consumer,
                                event:
                                    ClientEvent::CommitSent {
                                        reason: CommitReason::Program,
                                        ..
                                    },
                            } => Some((*consumer, entry.time)),
                            _ => None,
                        })?;
                Some(Change::Command(
                    sent_at + 1,
                    Command::InterruptConsumer { consumer },
                ))
            }
            Action::ToggleIdempotence => {
                let on = sim
                    .producers()
                    .iter()
                    .any(|p| p.client.settings().enable_idempotence);
                let next = if on { "False" } else { "True" };
                Some(Change::Setting("enable.idempotence", next.to_owned()))
            }
        }
    }
}
