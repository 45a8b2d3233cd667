//! Predictions: a question asked before a lesson's key moment, answered by playing on.
//!
//! The answer key is never typed: each [`Guess`] claims an observable value, and
//! [`Prediction::answer`] runs the lesson (with the prediction's what-ifs), reads the value
//! with [`Prediction::observe`] and returns the one guess that claims it. A native test checks
//! that exactly one guess matches for every prediction, so every wrong choice is wrong in the
//! same run the student watches.

use super::{Changes, Counter, EventKind, Lesson, Trigger};
use crate::text::Text;
use kafka_sim::engine::{Process, Sim, TraceEntry};

/// The longest run a prediction plays (the step-through's limit, 10 virtual minutes).
const RUN_LIMIT: u64 = 10 * 60 * 1_000;

/// A question asked before a lesson's key moment; its answer key is read from the run.
#[derive(Clone, Debug)]
pub struct Prediction {
    /// Stable id, unique across all lessons; the quiz shows it as question `predict-<id>`.
    pub id: &'static str,
    pub prompt: Text,
    /// The what-ifs applied to the lesson's first run before asking (empty for the lesson's
    /// own run).
    pub changes: Changes,
    /// Where the run pauses to ask (before `reveal` in the run).
    pub ask: Trigger,
    /// Where the answer is visible; the page plays to here after the student answers.
    pub reveal: Trigger,
    /// 2 to 4 candidates; each says which observable value it claims.
    pub choices: Vec<Guess>,
    /// Reads the observed value from the run played to its end; the reveal's trace seq is
    /// given so it can look at the trace up to the reveal. Numbers as decimal strings.
    pub observe: fn(&Sim, u64) -> String,
    /// Why, as librdkafka / confluent-kafka-python behaves, with its source.
    pub explanation: Text,
}

/// Equal when everything but the observer is: a function's address is not a stable identity,
/// and the id (unique across lessons) already names the observer.
impl PartialEq for Prediction {
    fn eq(&self, other: &Prediction) -> bool {
        self.id == other.id
            && self.prompt == other.prompt
            && self.changes == other.changes
            && self.ask == other.ask
            && self.reveal == other.reveal
            && self.choices == other.choices
            && self.explanation == other.explanation
    }
}

impl Eq for Prediction {}

/// One candidate answer: what the student reads, and the observed value it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guess {
    pub text: Text,
    pub claims: &'static str,
}

/// What a prediction's run shows: where it asks, where it reveals, and the observed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Trace seq of the `ask` trigger.
    pub ask: u64,
    /// Trace seq of the `reveal` trigger.
    pub reveal: u64,
    /// What [`Prediction::observe`] read.
    pub observed: String,
}

impl Prediction {
    /// Plays `lesson`'s first run with this prediction's changes to its end (as the page
    /// does) and reads what it shows; `None` when the run cannot be built or a trigger never
    /// happens.
    pub fn outcome(&self, lesson: &Lesson) -> Option<Outcome> {
        let sim = played(lesson, &self.changes)?;
        self.outcome_in(lesson, &sim)
    }

    /// [`Prediction::outcome`] for a run already played to its end (`sim`).
    pub fn outcome_in(&self, lesson: &Lesson, sim: &Sim) -> Option<Outcome> {
        let ask = lesson.first(&self.ask, sim.trace())?;
        let reveal = lesson.first(&self.reveal, sim.trace())?;
        Some(Outcome {
            ask,
            reveal,
            observed: (self.observe)(sim, reveal),
        })
    }

    /// The index of the single guess whose claim is the value observed in the run (`None` if
    /// no guess or several guesses claim it, or the run shows nothing).
    pub fn answer(&self, lesson: &Lesson) -> Option<usize> {
        self.key(&self.outcome(lesson)?.observed)
    }

    /// The index of the single guess that claims `observed`.
    pub fn key(&self, observed: &str) -> Option<usize> {
        let mut matching = self
            .choices
            .iter()
            .enumerate()
            .filter(|(_, guess)| guess.claims == observed)
            .map(|(index, _)| index);
        let first = matching.next()?;
        matching.next().is_none().then_some(first)
    }
}

/// `lesson`'s first run with `changes`, played until its programs are done and at least
/// until [`Lesson::run_at_least`]; `None` when it cannot be built.
pub fn played(lesson: &Lesson, changes: &Changes) -> Option<Sim> {
    let mut sim = Sim::new(lesson.scenario(changes).ok()?).ok()?;
    sim.run_until_done(RUN_LIMIT);
    sim.run_until(lesson.run_at_least(changes).max(sim.now()));
    Some(sim)
}

/// A guess claiming `claims`; keeps the prediction tables short.
pub(super) const fn guess(claims: &'static str, text: Text) -> Guess {
    Guess { text, claims }
}

/// The lesson's run with `props[name]` set to the Python value `value`.
pub(super) fn setting(name: &'static str, value: &str) -> Changes {
    let mut changes = Changes::none();
    changes.push(super::Change::Setting(name, value.to_owned()));
    changes
}

/// Observers' helpers: what the trace shows up to the reveal (`upto`, inclusive).
pub(super) mod observe {
    use super::*;
    use kafka_sim::engine::Scenario;

    /// The trace up to and including entry `upto`.
    pub fn shown(sim: &Sim, upto: u64) -> &[TraceEntry] {
        let trace = sim.trace();
        &trace[..trace.len().min(upto as usize + 1)]
    }

    /// How many events of `kind` the trace shows up to `upto`.
    pub fn count(sim: &Sim, upto: u64, kind: EventKind) -> String {
        shown(sim, upto)
            .iter()
            .filter(|entry| kind.matches(&entry.event))
            .count()
            .to_string()
    }

    /// `counter`'s value with the trace shown up to `upto` (the logs as they are at the end).
    pub fn counter(sim: &Sim, upto: u64, counter: Counter) -> String {
        let projection = kafka_sim::projection::Projection::of(shown(sim, upto));
        counter.value(sim, &projection).to_string()
    }

    /// What `process` printed up to `upto`, line by line, as its console shows it.
    pub fn printed(sim: &Sim, upto: u64, process: Process) -> Vec<String> {
        let epoch_ms = Scenario::default().epoch_ms;
        shown(sim, upto)
            .iter()
            .filter_map(|entry| entry.console(epoch_ms))
            .filter(|(printer, _)| *printer == process)
            .flat_map(|(_, lines)| lines.into_iter().map(|line| line.text))
            .collect()
    }
}
