//! Everything a run's page changes, in one reducer: the playback ([`playback`]: time, step
//! cursor, playing, speed, the time lens on or off), the student's what-ifs (each re-runs the
//! lesson and resumes at the same virtual time), and where the run's prediction stands. Components dispatch [`RunAction`]s and render
//! [`RunState`]; none keeps its own copy. Pure and deterministic, so it is tested natively.

mod opening;
pub mod playback;
mod prediction;

pub use opening::OpenAt;
pub use prediction::Phase;

use crate::deep_link::{Ignored, MomentLink, WhatIfKey, what_if_buttons};
use crate::exercise_run::{Asking, Run};
use crate::hooks::Plays;
use course::lesson::{Action, Changes, Lesson, SetupError};
use playback::{Millis, Playback, PlaybackAction};
use std::rc::Rc;
use yew::Reducible;

/// A run of a lesson as its page shows it.
#[derive(Clone, Debug)]
pub struct RunState {
    lesson: Rc<Lesson>,
    /// Which of the lesson's runs this is.
    index: usize,
    /// The what-ifs the run starts with (a practice task's choices): a reset returns to them.
    base: Changes,
    /// `base` and the student's what-ifs: what the run was built with.
    changes: Changes,
    /// The what-if buttons taken, in order, each at the virtual time it was taken at.
    pub keys: Vec<WhatIfKey>,
    /// Bumped by every re-run, so that the run's view starts afresh.
    pub version: u32,
    /// What the link the run was opened from could not use (until the first re-run).
    pub ignored: Vec<Ignored>,
    pub run: Result<Rc<Run>, SetupError>,
    pub playback: Rc<Playback>,
    /// The prediction this run asks: a quiz's question, else the lesson's first.
    pub asking: Option<Asking>,
    /// Where that prediction stands; outlives re-runs (a question answered or skipped is not
    /// asked again).
    pub phase: Phase,
    /// The quiz's prediction id, when the run asks a quiz's question.
    question: Option<&'static str>,
}

/// Two states are the same page when they show the same run the same way (a run is compared by
/// identity: it is rebuilt only by a what-if).
impl PartialEq for RunState {
    fn eq(&self, other: &Self) -> bool {
        let same_run = match (&self.run, &other.run) {
            (Ok(a), Ok(b)) => Rc::ptr_eq(a, b),
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        same_run
            && Rc::ptr_eq(&self.lesson, &other.lesson)
            && (self.index, &self.keys, self.version) == (other.index, &other.keys, other.version)
            && (&self.ignored, &self.asking, self.phase)
                == (&other.ignored, &other.asking, other.phase)
            && self.playback == other.playback
    }
}

/// What the page's controls, keyboard, prediction card and what-if buttons do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunAction {
    Playback(PlaybackAction),
    /// A what-if button (numbered as [`what_if_buttons`] numbers them) taken at the time shown.
    WhatIf(usize),
    /// Back to the run's own what-ifs, at the time shown.
    ResetWhatIfs,
    /// Jump to the run's key moment, putting an unanswered question away.
    KeyMoment,
    /// The prediction answered with this choice: play on to its reveal.
    Answer(usize),
    /// The question skipped (only while it is open).
    Skip,
    /// The verdict read: the card goes away.
    CloseVerdict,
}

impl From<PlaybackAction> for RunAction {
    fn from(action: PlaybackAction) -> Self {
        RunAction::Playback(action)
    }
}

impl RunState {
    pub fn lesson(&self) -> &Rc<Lesson> {
        &self.lesson
    }

    /// The what-if buttons taken, as (action, choice), in order.
    pub fn taken(&self) -> Vec<(Action, usize)> {
        let buttons = what_if_buttons(&self.lesson);
        let taken = self.keys.iter().filter_map(|key| buttons.get(key.button));
        taken.copied().collect()
    }

    /// Whether the run asks a quiz's question (no what-ifs, no key moment, no skipping).
    pub fn quiz(&self) -> bool {
        self.question.is_some()
    }

    /// The moment shown, as a link reads it back.
    pub fn link(&self) -> MomentLink {
        MomentLink {
            run: self.index,
            at: Some(self.playback.time),
            seq: self.playback.cursor,
            what_ifs: self.keys.clone(),
            ..MomentLink::default()
        }
    }

    /// The run built with `changes`, and a playback of it resumed at `at` (from its start at 0).
    fn rebuild(&mut self, changes: Changes, at: Millis) {
        self.run = Run::of_lesson_run(&self.lesson, self.index, &changes).map(Rc::new);
        self.changes = changes;
        self.asking = self.asking_of_run();
        let mut playback = playback_of(&self.run, self.lesson.ms_per_second);
        // The student's choice of lens outlives the re-run.
        playback.lens = self.playback.lens;
        self.playback = Rc::new(if at > 0 {
            playback.resumed_at(at)
        } else {
            playback
        });
        self.version += 1;
        self.ignored.clear();
    }

    /// The prediction the run asks: the quiz's question, else the lesson's first.
    fn asking_of_run(&self) -> Option<Asking> {
        let run = self.run.as_ref().ok()?;
        let lesson = &self.lesson;
        let asking = run.predictions.iter().find(|asking| match self.question {
            Some(id) => lesson.predictions[asking.index].id == id,
            None => asking.index == 0,
        });
        asking.cloned()
    }

    fn play(&mut self, action: PlaybackAction) {
        self.playback = self.playback.clone().reduce(action);
    }

    /// The change a what-if button makes at the time shown, if it can act then.
    fn what_if(&self, button: usize) -> Option<course::lesson::Change> {
        let &(action, choice) = what_if_buttons(&self.lesson).get(button)?;
        let run = self.run.as_ref().ok()?;
        let time = self.playback.time;
        run.with_sim(time, None, |sim| self.lesson.what_if(action, sim, choice))
    }

    /// Keeps the prediction and the playback's hold in step with where the page stands.
    fn settle(&mut self) {
        self.phase = self
            .phase
            .at(self.playback.position(), self.asking.as_ref());
        let hold = self.phase.hold(self.asking.as_ref());
        if self.playback.hold != hold {
            self.play(PlaybackAction::Hold(hold));
        }
    }
}

/// The playback of `run` at its start, `ms_per_second` virtual milliseconds per real second at 1x.
fn playback_of(run: &Result<Rc<Run>, SetupError>, ms_per_second: u64) -> Playback {
    match run {
        Ok(run) => {
            Playback::new(run.stops.clone(), run.end, ms_per_second).with_hops(run.hops.clone())
        }
        Err(_) => Playback::new(Vec::new(), 0, ms_per_second),
    }
}

impl Plays for RunState {
    fn playing(&self) -> bool {
        self.playback.playing
    }
}

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RunAction::Playback(action) => {
                let playback = self.playback.clone().reduce(action);
                if Rc::ptr_eq(&playback, &self.playback) {
                    return self;
                }
                next.playback = playback;
            }
            RunAction::WhatIf(button) => {
                let Some(change) = self.what_if(button) else {
                    return self;
                };
                let at = self.playback.time;
                let mut changes = self.changes.clone();
                changes.push(change);
                next.keys.push(WhatIfKey { button, at });
                next.rebuild(changes, at);
            }
            RunAction::ResetWhatIfs => {
                next.keys.clear();
                next.rebuild(self.base.clone(), self.playback.time);
            }
            RunAction::KeyMoment => {
                let Some(stop) = self.run.as_ref().ok().and_then(|run| run.key_moment) else {
                    return self;
                };
                if next.phase.open() {
                    next.phase = Phase::Dismissed;
                }
                next.play(PlaybackAction::GoTo(stop));
            }
            RunAction::Answer(choice) => {
                if !self.phase.open() || self.asking.is_none() {
                    return self;
                }
                next.phase = Phase::Answered(choice);
                next.settle();
                next.play(PlaybackAction::Play);
            }
            RunAction::Skip if self.phase.open() => next.phase = Phase::Dismissed,
            RunAction::Skip => return self,
            RunAction::CloseVerdict => next.phase = Phase::Dismissed,
        }
        next.settle();
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
