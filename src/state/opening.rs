//! Where a run's page opens: a link's moment and what-ifs, a practice task's failure, a named
//! step of the lesson, or a quiz's question; and whether its prediction is asked.

use super::{Phase, RunState, playback_of};
use crate::deep_link::{MomentLink, Opening, replay_what_ifs};
use crate::exercise_run::Run;
use crate::state::playback::{PlaybackAction, Stop};
use course::lesson::{Changes, Lesson, Trigger};
use std::rc::Rc;
use yew::Reducible;

/// What a run's page is opened with (the step-through's properties).
#[derive(Clone, Debug, Default)]
pub struct OpenAt {
    /// Which of the lesson's runs to show.
    pub run: usize,
    /// The what-ifs the run starts with.
    pub changes: Changes,
    /// Opens stepped to this trace entry (a practice task's failure moment).
    pub start_at: Option<Stop>,
    /// A moment of the lesson to open at (a link's `?step=`, the quiz's "see it").
    pub step: Option<Trigger>,
    /// The quiz's prediction to ask instead of the lesson's first: the run opens at it.
    pub question: Option<&'static str>,
    /// A link to a moment of this run: its what-ifs are replayed and the run opens at it.
    pub link: Option<Rc<MomentLink>>,
}

impl RunState {
    /// The page of run `open.run` of `lesson`, opened as `open` says.
    pub fn open(lesson: Rc<Lesson>, open: OpenAt) -> RunState {
        let quiz = open.question.is_some();
        let link = open.link.as_deref();
        // A run opened at a given moment (a practice task's failure, a link) asks nothing.
        let linked = link.is_some_and(|link| link.at.is_some() || !link.what_ifs.is_empty());
        let opened_at = open.start_at.is_some() || open.step.is_some() || linked;
        let phase = match (quiz, opened_at) {
            (true, _) => Phase::Asking,
            (false, true) => Phase::Dismissed,
            (false, false) => Phase::Pending,
        };
        let (changes, keys, replay_ignored) = match link {
            Some(link) if !link.what_ifs.is_empty() => {
                replay_what_ifs(&lesson, open.run, &open.changes, &link.what_ifs)
            }
            _ => (open.changes.clone(), Vec::new(), Vec::new()),
        };
        let run = Run::of_lesson_run(&lesson, open.run, &changes).map(Rc::new);
        let (opening, found) = match (&run, link) {
            (Ok(run), Some(link)) => link.opening(run),
            _ => (None, Vec::new()),
        };
        let mut ignored: Vec<_> = match link {
            Some(link) => {
                let parsed = link.ignored.iter().cloned();
                parsed.chain(replay_ignored).chain(found).collect()
            }
            None => Vec::new(),
        };
        ignored.dedup();
        let (linked_stop, resume_at) = match opening {
            Some(Opening::Step(stop)) => (Some(stop), 0),
            Some(Opening::Time(at)) => (None, at),
            None => (None, 0),
        };
        let playback = Rc::new(playback_of(&run, lesson.ms_per_second));
        let mut state = RunState {
            lesson,
            index: open.run,
            base: open.changes,
            changes,
            keys,
            version: 0,
            ignored,
            run,
            playback,
            asking: None,
            phase,
            question: open.question,
        };
        state.asking = state.asking_of_run();
        let start_at = open
            .start_at
            .or(linked_stop)
            .or_else(|| {
                let run = state.run.as_ref().ok()?;
                run.stop_of(&state.lesson, open.step.as_ref()?)
            })
            .or(state.asking.as_ref().filter(|_| quiz).map(|a| a.ask));
        let playback = state.playback.clone();
        state.playback = match start_at {
            Some(stop) => playback.reduce(PlaybackAction::GoTo(stop)),
            None if resume_at > 0 => Rc::new(Rc::unwrap_or_clone(playback).resumed_at(resume_at)),
            None => playback,
        };
        state.settle();
        state
    }
}
