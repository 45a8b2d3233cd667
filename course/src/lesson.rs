//! Lessons: what each exercise page simulates, says and offers.
//!
//! A [`Lesson`] is the course's content for one exercise's step-through: how to build the
//! simulation (the course's program, the cluster it needs, the faults that make the point), the
//! narration [`Beat`]s that say what to watch and why, the [`Counter`]s that matter, the
//! what-if [`Action`]s the student may try, and the key moment the page can jump to. Pure data
//! and pure functions of the trace: the app renders them, the native tests check them.
//!
//! Driving a lesson (what the app does):
//! * [`Lesson::scenario`] (or [`Lesson::scenarios`] for a lesson that compares two runs side
//!   by side, labelled by [`Lesson::runs`]: eager vs cooperative) builds the engine scenario
//!   with the student's [`Changes`]; a setting the client refuses is a [`SetupError`] with
//!   the client's own message.
//! * Run it until the programs are done and at least until [`Lesson::run_at_least`]: a planned
//!   fault (a broker restart) may come after the programs have ended.
//! * [`Lesson::beat_at`] and [`Lesson::key_moment_in`] read a run's trace ([`Lesson::beat_in_run`]
//!   and [`Lesson::key_moment_in_run`] for the second run); a page that shows a run at many
//!   entries finds every beat's start once ([`Lesson::narration_in_run`], then
//!   [`Narration::at`]); [`Lesson::source_of`] names the
//!   program each process runs; [`Counter::value`] reads a counter from the simulation and the trace shown up to the
//!   step cursor.
//! * [`Lesson::what_if`] turns an [`Action`] taken at the moment shown into a [`Change`]; push
//!   it into the run's [`Changes`] and build the scenario again.
//!
//! Settings (`Change::Setting`) are Python values written over the program's `props`, for the
//! consumers when the run has any, else for the producer.

mod action;
mod consumer;
mod counter;
mod crash_points;
mod group_split;
mod kafka_python;
mod liveness;
mod plan;
mod prediction;
mod producer;
mod producer_faults;
mod trigger;

pub use action::{Action, Change, Changes};
pub use counter::Counter;
pub use prediction::{Guess, Outcome, Prediction, played};
pub use trigger::{EventKind, Trigger};

use crate::exercise::Source;
use crate::text::Text;
use kafka_sim::collect::sort;
use kafka_sim::engine::{Process, Scenario, Sim, TraceEntry};
use plan::Plan;

/// One narration step: shown from the moment its trigger happens until the next beat's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beat {
    pub when: Trigger,
    pub text: Text,
}

/// Where a run's beats start: the trace seq of each beat's trigger, found once in the whole
/// run. A trigger's first occurrence in a shorter part of the run is the same entry, or none
/// yet, so the beat in force at any entry is read from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narration {
    /// (seq, the beat's index in [`Lesson::beats`]), in that order.
    starts: Vec<(u64, usize)>,
}

impl Narration {
    /// The index in [`Lesson::beats`] of the beat in force at trace entry `cursor`: of the beats
    /// whose trigger has happened at or before it, the one that happened last (the later beat
    /// on a tie).
    pub fn at(&self, cursor: u64) -> Option<usize> {
        let started = self.starts.partition_point(|&(at, _)| at <= cursor);
        self.starts[..started].last().map(|&(_, beat)| beat)
    }
}

/// An exercise's step-through: what to run, what to say, what to count, what to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The exercise's id (its route slug).
    pub id: &'static str,
    /// Virtual milliseconds shown per wall second at 1x: producer runs last milliseconds,
    /// consumer runs seconds to minutes.
    pub ms_per_second: u64,
    /// The what-ifs this lesson offers.
    pub actions: Vec<Action>,
    /// The counters that matter to the lesson, in display order.
    pub counters: Vec<Counter>,
    /// The narration, in the order it happens in the default run.
    pub beats: Vec<Beat>,
    /// The moment the lesson is about: what "jump to the key moment" and the e2e tests go to.
    pub key_moment: Trigger,
    /// Questions asked before a moment and answered by the run; the first is asked before
    /// the key moment on the exercise page.
    pub predictions: Vec<Prediction>,
    /// One plan per run (two when the page compares runs side by side).
    plans: Vec<Plan>,
}

/// A labelled scenario: one run of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonRun {
    /// What the run shows, e.g. "eager" and "cooperative" (the exercise's title for a lesson
    /// with one run).
    pub label: Text,
    pub scenario: Scenario,
}

/// Why a lesson's run cannot be built with the student's changes: what to tell the student,
/// and the client's own message (as Python would print the exception), if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    pub text: Text,
    pub detail: String,
}

/// The lesson of the catalog exercise `id`.
pub fn lesson(id: &str) -> Option<Lesson> {
    producer::lesson(id)
        .or_else(|| consumer::lesson(id))
        .or_else(|| group_split::lesson(id).or_else(|| liveness::lesson(id)))
        .or_else(|| crash_points::lesson(id))
        .or_else(|| producer_faults::lesson(id))
        .or_else(|| kafka_python::lesson(id))
}

/// Every prediction of every lesson, with its lesson's id, in catalog order (the quiz's
/// predict questions).
pub fn predictions() -> Vec<(&'static str, Prediction)> {
    crate::catalog::exercises()
        .iter()
        .filter_map(|exercise| lesson(exercise.id))
        .flat_map(|lesson| {
            let id = lesson.id;
            lesson.predictions.into_iter().map(move |p| (id, p))
        })
        .collect()
}

impl Lesson {
    /// The labels of the lesson's runs, in the order [`Lesson::scenarios`] builds them.
    pub fn runs(&self) -> Vec<Text> {
        self.plans.iter().map(|plan| plan.label).collect()
    }

    /// The first run's scenario with the student's what-ifs applied; the error says why not
    /// (e.g. a setting the client refuses).
    pub fn scenario(&self, changes: &Changes) -> Result<Scenario, SetupError> {
        self.plans[0].scenario(changes)
    }

    /// Every run's scenario with the student's what-ifs applied.
    pub fn scenarios(&self, changes: &Changes) -> Result<Vec<LessonRun>, SetupError> {
        self.plans
            .iter()
            .map(|plan| {
                Ok(LessonRun {
                    label: plan.label,
                    scenario: plan.scenario(changes)?,
                })
            })
            .collect()
    }

    /// The virtual time every run must reach to show what the lesson plans and the student
    /// changed: run until the programs are done (`Sim::run_until_done`) and at least until
    /// then (`Sim::run_until`), as a planned fault may come after the programs have ended.
    pub fn run_at_least(&self, changes: &Changes) -> u64 {
        self.plans
            .iter()
            .map(|plan| plan.run_at_least(changes))
            .max()
            .unwrap_or(0)
    }

    /// The change `action` makes when the student takes it at the moment `sim` (a run of
    /// this lesson) shows; `choice` indexes [`Action::choices`]. `None` when it cannot act
    /// now (no leader to crash, no broker down).
    pub fn what_if(&self, action: Action, sim: &Sim, choice: usize) -> Option<Change> {
        action.change(sim, &self.plans[0].topic()?, choice)
    }

    /// The narration beat in force at trace entry `cursor` of the first run: of the beats
    /// whose trigger has happened at or before it, the one that happened last (the later
    /// beat on a tie).
    pub fn beat_at(&self, trace: &[TraceEntry], cursor: u64) -> Option<&Beat> {
        self.beat_in_run(0, trace, cursor)
    }

    /// [`Lesson::beat_at`] in run `run` (its programs may differ from the first run's).
    pub fn beat_in_run(&self, run: usize, trace: &[TraceEntry], cursor: u64) -> Option<&Beat> {
        let beat = self.narration_in_run(run, trace).at(cursor)?;
        self.beats.get(beat)
    }

    /// Where each beat starts in `trace`, run `run` played to some point, found once: at any
    /// entry of that run, [`Narration::at`] then tells the beat in force without reading the
    /// trace again.
    pub fn narration_in_run(&self, run: usize, trace: &[TraceEntry]) -> Narration {
        let mut starts: Vec<(u64, usize)> = self
            .beats
            .iter()
            .enumerate()
            .filter_map(|(beat, b)| Some((self.first_in_run(run, &b.when, trace)?, beat)))
            .collect();
        sort::sort(&mut starts);
        Narration { starts }
    }

    /// The moment a link names (`#/exercise/<id>?step=<name>`, the quiz's "see it"): the key
    /// moment, or the first of a kind of moment of the lesson's first run. `None` for a name
    /// the app does not know.
    pub fn step_named(&self, name: &str) -> Option<Trigger> {
        let producer = |anchor| Trigger::Line {
            process: Process::Producer(0),
            anchor,
        };
        Some(match name {
            "key-moment" => self.key_moment.clone(),
            // The first rebalance is the group forming; the second is one a member causes.
            "rebalance" => Trigger::nth(2, Trigger::Event(EventKind::RebalanceStarted)),
            "revoke" => Trigger::Event(EventKind::Revoked),
            "delivery-callback" => Trigger::Event(EventKind::DeliveryReportServed),
            "queue" => producer(crate::exercise::Anchor::PrintSent),
            "flush" => producer(crate::exercise::Anchor::SyncFlush),
            _ => return None,
        })
    }

    /// The trace seq of the key moment in the first run.
    pub fn key_moment_in(&self, trace: &[TraceEntry]) -> Option<u64> {
        self.first(&self.key_moment, trace)
    }

    /// The trace seq of the key moment in run `run`.
    pub fn key_moment_in_run(&self, run: usize, trace: &[TraceEntry]) -> Option<u64> {
        self.first_in_run(run, &self.key_moment, trace)
    }

    /// The program that `process` runs in the lesson's first run (the page shows its code
    /// and names its console after it).
    pub fn source_of(&self, process: Process) -> Option<&'static Source> {
        self.source_in_run(0, process)
    }

    /// The program that `process` runs in run `run`.
    pub fn source_in_run(&self, run: usize, process: Process) -> Option<&'static Source> {
        self.plans.get(run)?.source_of(process)
    }

    /// The trace seq at which `trigger` first happens in the first run.
    pub fn first(&self, trigger: &Trigger, trace: &[TraceEntry]) -> Option<u64> {
        self.first_in_run(0, trigger, trace)
    }

    /// The trace seq at which `trigger` first happens in run `run`.
    pub fn first_in_run(&self, run: usize, trigger: &Trigger, trace: &[TraceEntry]) -> Option<u64> {
        trigger.first(trace, &|process| self.source_in_run(run, process))
    }
}
