//! What-if actions: what a student may change in a lesson's run, and the changes they make.

use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::consumer::ProcessState;
use kafka_sim::engine::{Command, Millis, Sim};

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
        }
    }

    /// Whether nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty() && self.settings.is_empty() && self.added_consumers.is_empty()
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
        }
    }

    /// The values a setting action offers (empty for the others; the consumer actions take
    /// the consumer's index as their choice).
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Action::SetAcks(values) | Action::SetAutoCommitInterval(values) => values,
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
