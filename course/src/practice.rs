//! Practice tasks (實作測驗): a goal in words, a lesson's run, the knobs the student may turn,
//! and a grader that reads the finished run.
//!
//! The grade is never typed: [`Task::attempt`] builds the lesson's run with the student's
//! picks (through the lessons' own [`Changes`], so a setting the client refuses is refused
//! with the client's message), plays it to its end as the step-through does, and reads the
//! graded [`Fact`]s from the model's accounting and trace. Each fact has its limit and, when
//! it is over it, the trace entry where it first went over: the page opens the step-through
//! there.

mod facts;
mod tasks;

pub use facts::{Fact, Measure, Moment};
pub use tasks::tasks;

use crate::lesson::{Action, Changes, Lesson, SetupError, played};
use crate::part::Part;
use crate::programs::props;
use crate::text::{Text, text};
use kafka_sim::engine::{Millis, Process, Sim};

/// A practice task.
#[derive(Clone, Copy, Debug)]
pub struct Task {
    /// Stable slug: the quiz shows it as the question `data-question="practice-<id>"`.
    pub id: &'static str,
    pub part: Part,
    /// What the run must achieve, in words.
    pub goal: Text,
    /// What happens in the run that makes it hard (the student cannot change it).
    pub scene: Text,
    /// The exercise whose lesson runs (a [`Knob::Program`] may pick another).
    pub exercise: &'static str,
    /// What-ifs the task itself takes before the student's knobs, at these virtual times
    /// (e.g. the broker's next response is lost).
    pub what_ifs: &'static [(Millis, Action)],
    /// What the student may change; each knob's first choice is the course's program as is.
    pub knobs: &'static [Knob],
    /// What is graded, each with its limit (the run passes when every value is at most its
    /// limit).
    pub grading: &'static [(Measure, u64)],
}

/// Something the student may change in a task's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// `props[name]`, as a Python value; `None` keeps what the program writes (or, if it
    /// writes nothing, librdkafka's default).
    Setting {
        name: &'static str,
        choices: &'static [Option<&'static str>],
    },
    /// Which of the course's programs runs, by exercise id: the commit mode and where the
    /// commit line goes are what tell these programs apart.
    Program { choices: &'static [&'static str] },
}

impl Knob {
    /// The knob's label: the setting's name, or "the program".
    pub fn label(self) -> Text {
        match self {
            Knob::Setting { name, .. } => Text {
                zh_tw: name,
                en: name,
            },
            Knob::Program { .. } => text(
                "程式 (commit的方式與位置)",
                "program (how and where it commits)",
            ),
        }
    }

    /// How many choices it offers.
    pub fn choice_count(self) -> usize {
        match self {
            Knob::Setting { choices, .. } => choices.len(),
            Knob::Program { choices } => choices.len(),
        }
    }
}

/// A choice's label: a Python value, a program's file name, or "as written" with what the
/// program writes (`None` when it writes nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceLabel {
    Value(&'static str),
    AsWritten(Option<String>),
    Program { file: &'static str, title: Text },
}

/// What a graded run shows.
#[derive(Debug)]
pub struct Attempt {
    /// The exercise whose lesson ran (the program knob's pick).
    pub exercise: &'static str,
    /// The changes the run was built with (the task's what-ifs and the student's settings).
    pub changes: Changes,
    /// The run played to its end.
    pub sim: Sim,
    pub facts: Vec<Fact>,
}

impl Attempt {
    /// Whether every fact is within its limit.
    pub fn passed(&self) -> bool {
        self.facts.iter().all(Fact::passed)
    }

    /// The first moment a fact went over its limit.
    pub fn went_wrong(&self) -> Option<Moment> {
        self.facts.iter().filter_map(|fact| fact.went_wrong).min()
    }
}

/// The task `id`.
pub fn task(id: &str) -> Option<Task> {
    tasks().into_iter().find(|task| task.id == id)
}

const NO_SUCH_CHOICE: Text = text("沒有這個選項", "There is no such choice");
const CANNOT_RUN: Text = text("無法建立這個模擬", "This run cannot be built");

impl Task {
    /// The course's program as is: the first choice of every knob.
    pub fn defaults(&self) -> Vec<usize> {
        vec![0; self.knobs.len()]
    }

    /// The labels of knob `knob`'s choices while `picks` are picked: "as the program writes
    /// it" reads the picked program.
    pub fn choice_labels(&self, knob: usize, picks: &[usize]) -> Vec<ChoiceLabel> {
        match self.knobs.get(knob) {
            Some(Knob::Setting { name, choices }) => {
                let written = self.written(self.picked_exercise(picks), name);
                choices
                    .iter()
                    .map(|choice| {
                        choice.map_or_else(
                            || ChoiceLabel::AsWritten(written.clone()),
                            ChoiceLabel::Value,
                        )
                    })
                    .collect()
            }
            Some(Knob::Program { choices }) => choices
                .iter()
                .filter_map(|&id| {
                    let exercise = crate::exercise(id)?;
                    Some(ChoiceLabel::Program {
                        file: exercise.sources.first()?.file,
                        title: exercise.title,
                    })
                })
                .collect(),
            None => Vec::new(),
        }
    }

    /// The exercise whose program runs with `picks`: the program knob's pick, else the task's.
    fn picked_exercise(&self, picks: &[usize]) -> &'static str {
        self.knobs
            .iter()
            .zip(picks)
            .find_map(|(knob, &pick)| match knob {
                Knob::Program { choices } => choices.get(pick).copied(),
                Knob::Setting { .. } => None,
            })
            .unwrap_or(self.exercise)
    }

    /// The Python value `exercise`'s program writes for `name`, if it does: the consumers'
    /// program when the run has consumers, else the producer's (the lessons apply settings
    /// to the same process).
    fn written(&self, exercise: &str, name: &str) -> Option<String> {
        let lesson = crate::lesson(exercise)?;
        let source = lesson
            .source_of(Process::Consumer(0))
            .or_else(|| lesson.source_of(Process::Producer(0)))?;
        props(source)
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.to_string())
    }

    /// The lesson that runs with these picks and the changes that build its run; a pick out
    /// of range is an error.
    pub fn setup(&self, picks: &[usize]) -> Result<(Lesson, Changes), SetupError> {
        let no_such = |detail: String| SetupError {
            text: NO_SUCH_CHOICE,
            detail,
        };
        if picks.len() != self.knobs.len() {
            return Err(no_such(format!(
                "{} choices for {} knobs",
                picks.len(),
                self.knobs.len()
            )));
        }
        let mut exercise = self.exercise;
        let mut settings = Vec::new();
        for (knob, &pick) in self.knobs.iter().zip(picks) {
            let missing = || no_such(format!("{}: {pick}", knob.label().en));
            match *knob {
                Knob::Setting { name, choices } => {
                    if let Some(value) = choices.get(pick).ok_or_else(missing)? {
                        settings.push((name, (*value).to_owned()));
                    }
                }
                Knob::Program { choices } => exercise = choices.get(pick).ok_or_else(missing)?,
            }
        }
        let lesson = crate::lesson(exercise).ok_or_else(|| no_such(exercise.to_owned()))?;
        let mut changes = Changes::none();
        for &(at, action) in self.what_ifs {
            let mut sim = Sim::new(lesson.scenario(&changes)?).map_err(|detail| SetupError {
                text: CANNOT_RUN,
                detail,
            })?;
            sim.run_until(at);
            if let Some(change) = lesson.what_if(action, &sim, 0) {
                changes.push(change);
            }
        }
        for (name, value) in settings {
            changes.push(crate::lesson::Change::Setting(name, value));
        }
        lesson.scenario(&changes)?;
        Ok((lesson, changes))
    }

    /// Runs the task with `picks` (an index per knob) and grades the run; the error says why
    /// it cannot run (a choice the client refuses, with the client's message).
    pub fn attempt(&self, picks: &[usize]) -> Result<Attempt, SetupError> {
        let (lesson, changes) = self.setup(picks)?;
        let sim = played(&lesson, &changes).ok_or(SetupError {
            text: CANNOT_RUN,
            detail: lesson.id.to_owned(),
        })?;
        Ok(Attempt {
            exercise: lesson.id,
            facts: self.grade(&sim),
            changes,
            sim,
        })
    }

    /// The graded facts of a run played to its end.
    pub fn grade(&self, sim: &Sim) -> Vec<Fact> {
        self.grading
            .iter()
            .map(|&(measure, limit)| measure.of(sim, limit))
            .collect()
    }
}
