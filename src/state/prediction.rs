//! Where a run's prediction stands, and how playing moves it on: playing stops at its question,
//! an answer plays on to its reveal, and reaching the reveal shows the verdict.

use crate::exercise_run::Asking;
use crate::state::playback::Stop;

/// Where a prediction stands on a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    /// Not asked yet: playing will stop at its question.
    #[default]
    Pending,
    /// Asked: the run waits at the question.
    Asking,
    /// Answered with this choice: the run plays on to the reveal.
    Answered(usize),
    /// The reveal was reached: the verdict is shown.
    Revealed(usize),
    /// Skipped, jumped past, or the verdict read: not shown again.
    Dismissed,
}

impl Phase {
    /// The phase's name, as the card's `data-phase` (and the e2e tests) read it.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Pending => "pending",
            Phase::Asking => "asking",
            Phase::Answered(_) => "answered",
            Phase::Revealed(_) => "revealed",
            Phase::Dismissed => "dismissed",
        }
    }

    /// Whether the question is still open (not answered, not put away).
    pub fn open(self) -> bool {
        matches!(self, Phase::Pending | Phase::Asking)
    }

    /// Where playing stops by itself for `asking` in this phase: its question until it is
    /// answered, then its reveal.
    pub fn hold(self, asking: Option<&Asking>) -> Option<Stop> {
        let asking = asking?;
        match self {
            Phase::Pending | Phase::Asking => Some(asking.ask),
            Phase::Answered(_) => Some(asking.reveal),
            Phase::Revealed(_) | Phase::Dismissed => None,
        }
    }

    /// The phase once the page stands at `position`: reaching the question asks it, reaching
    /// the reveal shows the verdict.
    pub fn at(self, position: Stop, asking: Option<&Asking>) -> Phase {
        match (self, asking) {
            (Phase::Pending, Some(asking)) if position >= asking.ask => Phase::Asking,
            (Phase::Answered(choice), Some(asking)) if position >= asking.reveal => {
                Phase::Revealed(choice)
            }
            _ => self,
        }
    }
}
