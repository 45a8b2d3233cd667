//! A link to a moment of an exercise: `#/exercise/<id>?run=1&at=<ms>&seq=<n>&whatif=<b>@<ms>&lang=en`.
//! The moment is exact: `at` is the virtual time, `seq` the trace entry the step cursor stands
//! on (without it the run is shown in full up to `at`, as while playing), and each what-if is
//! the button taken (`what-if-<b>`, in the lesson's order) and the virtual time it was taken
//! at, replayed in order as the student took them. The run is deterministic, so the same query
//! shows the same consoles, diagram, counters and lane. A part of a link that cannot be used is
//! dropped and named in [`Ignored`]: the rest of the link still opens.

use crate::exercise_run::Run;
use crate::i18n::Lang;
use crate::state::playback::{Millis, Stop};
use course::lesson::{Action, Changes, Lesson};
use std::fmt::Write;

/// A what-if as a link names it: which button (`what-if-<button>`) at which virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WhatIfKey {
    pub button: usize,
    pub at: Millis,
}

/// A link's query, read. Everything is optional: an empty query opens the exercise's start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MomentLink {
    /// A named moment of the lesson's first run (`?step=key-moment`, the quiz's "see it").
    pub step: Option<String>,
    /// Which of the lesson's runs the moment is in (0 unless the lesson has several).
    pub run: usize,
    pub at: Option<Millis>,
    pub seq: Option<u64>,
    pub what_ifs: Vec<WhatIfKey>,
    /// The page's language for this visit.
    pub lang: Option<Lang>,
    /// The embed view's compact controls (`compact=1`).
    pub compact: bool,
    /// What could not be used, in the order found.
    pub ignored: Vec<Ignored>,
}

/// A part of a link that was dropped, with the text as the link wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// A value that cannot be read (`at=soon`, `lang=fr`): the parameter and its value.
    Malformed(&'static str, String),
    /// `at` past the run's end: the end is shown.
    PastEnd(Millis),
    /// `seq` names no step at `at`: the moment `at` is shown in full.
    NoStep(u64),
    /// A what-if the lesson does not have, or that cannot act at its time.
    WhatIf(String),
    /// A `step` name the lesson does not know.
    UnknownStep(String),
    /// A `run` the lesson does not have.
    NoRun(usize),
    /// An exercise id that names no exercise.
    UnknownExercise(String),
}

/// Where a run opens: on a step, or at a time shown in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    Step(Stop),
    Time(Millis),
}

impl MomentLink {
    /// The link of a named step (the quiz's "see it").
    pub fn at_step(name: &str) -> MomentLink {
        MomentLink {
            step: Some(name.to_string()),
            ..MomentLink::default()
        }
    }

    /// Reads a query (`at=1200&lang=en`). Unknown parameters are left alone (a course page may
    /// add its own); the last of a repeated parameter counts.
    pub fn parse(query: &str) -> MomentLink {
        let mut link = MomentLink::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let mut bad = |name| {
                link.ignored
                    .push(Ignored::Malformed(name, value.to_string()))
            };
            match key {
                "step" if !value.is_empty() => link.step = Some(value.to_string()),
                "run" => match number(value) {
                    Some(run) => link.run = run as usize,
                    None => bad("run"),
                },
                "at" => match number(value) {
                    Some(at) => link.at = Some(at),
                    None => bad("at"),
                },
                "seq" => match number(value) {
                    Some(seq) => link.seq = Some(seq),
                    None => bad("seq"),
                },
                "lang" => match Lang::from_tag(value) {
                    Some(lang) => link.lang = Some(lang),
                    None => bad("lang"),
                },
                "compact" => link.compact = value == "1",
                "whatif" => {
                    link.what_ifs.clear();
                    for item in value.split(',').filter(|item| !item.is_empty()) {
                        match what_if_key(item) {
                            Some(key) => link.what_ifs.push(key),
                            None => link.ignored.push(Ignored::WhatIf(item.to_string())),
                        }
                    }
                }
                _ => {}
            }
        }
        if link.at.is_none()
            && let Some(seq) = link.seq.take()
        {
            link.ignored.push(Ignored::NoStep(seq));
        }
        link
    }

    /// An unreadable `lang=` in the query of a page that reads no other part of a moment's link
    /// (the quiz, the playground): what its note says was left out.
    pub fn ignored_lang(query: &str) -> Vec<Ignored> {
        let mut ignored = MomentLink::parse(query).ignored;
        ignored.retain(|part| matches!(part, Ignored::Malformed("lang", _)));
        ignored
    }

    /// The query that reads back as this link (without its `ignored`), `""` for the start.
    pub fn query(&self) -> String {
        let mut query = String::new();
        let mut add = |key: &str, value: &dyn std::fmt::Display| {
            let sep = if query.is_empty() { "" } else { "&" };
            let _ = write!(query, "{sep}{key}={value}");
        };
        if let Some(step) = &self.step {
            add("step", step);
        }
        if self.run > 0 {
            add("run", &self.run);
        }
        if let Some(at) = self.at {
            add("at", &at);
        }
        if let Some(seq) = self.seq {
            add("seq", &seq);
        }
        if !self.what_ifs.is_empty() {
            let keys: Vec<String> = self
                .what_ifs
                .iter()
                .map(|key| format!("{}@{}", key.button, key.at))
                .collect();
            add("whatif", &keys.join(","));
        }
        if let Some(lang) = self.lang {
            add("lang", &lang);
        }
        if self.compact {
            add("compact", &1);
        }
        query
    }

    /// Where `run` opens for this link, and what of `at` and `seq` it could not honour: a
    /// time past the end opens at the end, a `seq` that is no entry of the trace at `at`
    /// opens `at` in full.
    pub fn opening(&self, run: &Run) -> (Option<Opening>, Vec<Ignored>) {
        let Some(at) = self.at else {
            return (None, Vec::new());
        };
        if at > run.end {
            return (Some(Opening::Time(run.end)), vec![Ignored::PastEnd(at)]);
        }
        match self.seq {
            None => (Some(Opening::Time(at)), Vec::new()),
            Some(seq) => {
                let stop = Stop { time: at, seq };
                // A step is any entry of the trace at that time (the key moment may be an
                // event rather than a program line); (0, 0) is the start, before the first.
                let traced = || {
                    run.with_sim(at, None, |sim| {
                        let trace = sim.trace();
                        trace
                            .binary_search_by_key(&seq, |entry| entry.seq)
                            .is_ok_and(|i| trace[i].time == at)
                    })
                };
                if (at, seq) == (0, 0) || traced() {
                    (Some(Opening::Step(stop)), Vec::new())
                } else {
                    (Some(Opening::Time(at)), vec![Ignored::NoStep(seq)])
                }
            }
        }
    }
}

/// A decimal number, digits only (no sign, no spaces).
fn number(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// `<button>@<ms>`.
fn what_if_key(item: &str) -> Option<WhatIfKey> {
    let (button, at) = item.split_once('@')?;
    Some(WhatIfKey {
        button: number(button)?.try_into().ok()?,
        at: number(at)?,
    })
}

/// The lesson's what-if buttons in the page's order (`what-if-0`, `what-if-1`, ...): an
/// action without choices is one button, an action with choices one button per choice.
pub fn what_if_buttons(lesson: &Lesson) -> Vec<(Action, usize)> {
    lesson
        .actions
        .iter()
        .flat_map(|&action| (0..action.choices().len().max(1)).map(move |choice| (action, choice)))
        .collect()
}

/// Replays the what-ifs a link names on run `index` of `lesson`, in order, each at its time,
/// starting from `base`: the changes they make, the keys that made one, and those dropped
/// (no such button, a time past the run, or nothing to act on then).
pub fn replay_what_ifs(
    lesson: &Lesson,
    index: usize,
    base: &Changes,
    keys: &[WhatIfKey],
) -> (Changes, Vec<WhatIfKey>, Vec<Ignored>) {
    let buttons = what_if_buttons(lesson);
    let mut changes = base.clone();
    let (mut applied, mut ignored) = (Vec::new(), Vec::new());
    for &key in keys {
        let change = buttons.get(key.button).and_then(|&(action, choice)| {
            let run = Run::of_lesson_run(lesson, index, &changes).ok()?;
            (key.at <= run.end)
                .then(|| run.with_sim(key.at, None, |sim| lesson.what_if(action, sim, choice)))
                .flatten()
        });
        match change {
            Some(change) => {
                changes.push(change);
                applied.push(key);
            }
            None => ignored.push(Ignored::WhatIf(format!("{}@{}", key.button, key.at))),
        }
    }
    (changes, applied, ignored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_round_trips_through_its_query() {
        let link = MomentLink {
            run: 1,
            at: Some(12_345),
            seq: Some(678),
            what_ifs: vec![
                WhatIfKey {
                    button: 2,
                    at: 1_500,
                },
                WhatIfKey { button: 0, at: 0 },
            ],
            lang: Some(Lang::En),
            compact: true,
            ..MomentLink::default()
        };
        let query = link.query();
        assert_eq!(
            query,
            "run=1&at=12345&seq=678&whatif=2@1500,0@0&lang=en&compact=1"
        );
        assert_eq!(MomentLink::parse(&query), link);
        assert_eq!(MomentLink::default().query(), "");
        assert_eq!(MomentLink::at_step("rebalance").query(), "step=rebalance");
    }

    #[test]
    fn damaged_parts_are_named_and_the_rest_is_kept() {
        let link = MomentLink::parse("at=soon&seq=-1&lang=fr&whatif=1@5,x,3&run=two&foo=bar");
        assert_eq!(link.at, None);
        assert_eq!(link.lang, None);
        assert_eq!(link.run, 0);
        assert_eq!(link.what_ifs, vec![WhatIfKey { button: 1, at: 5 }]);
        assert_eq!(
            link.ignored,
            vec![
                Ignored::Malformed("at", "soon".into()),
                Ignored::Malformed("seq", "-1".into()),
                Ignored::Malformed("lang", "fr".into()),
                Ignored::WhatIf("x".into()),
                Ignored::WhatIf("3".into()),
                Ignored::Malformed("run", "two".into()),
            ]
        );
    }

    #[test]
    fn a_page_without_moments_names_only_its_unreadable_language() {
        let query = "part=commits&seed=7&at=soon&lang=fr";
        let expected = vec![Ignored::Malformed("lang", "fr".into())];
        assert_eq!(MomentLink::ignored_lang(query), expected);
        assert_eq!(MomentLink::ignored_lang("seed=7&lang=en"), Vec::new());
    }

    #[test]
    fn a_step_without_a_time_is_dropped() {
        let link = MomentLink::parse("seq=4");
        assert_eq!(link.seq, None);
        assert_eq!(link.ignored, vec![Ignored::NoStep(4)]);
    }

    #[test]
    fn the_old_step_links_still_read() {
        let link = MomentLink::parse("step=rebalance");
        assert_eq!(link, MomentLink::at_step("rebalance"));
        assert_eq!(MomentLink::parse("step="), MomentLink::default());
    }

    fn lesson_run(id: &str) -> (std::rc::Rc<Lesson>, Run) {
        let lesson = std::rc::Rc::new(course::lesson(id).expect("a lesson"));
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        (lesson, run)
    }

    #[test]
    fn the_opening_keeps_to_the_run() {
        let (_, run) = lesson_run("producer-01-fire-and-forget");
        let stop = run.stops[3];
        let at = |at, seq| MomentLink {
            at: Some(at),
            seq,
            ..MomentLink::default()
        };
        assert_eq!(
            at(stop.time, Some(stop.seq)).opening(&run),
            (Some(Opening::Step(stop)), vec![])
        );
        // The key moment may be an event, not a program's line: still a step to open at.
        let key = run.key_moment.expect("the lesson has a key moment");
        assert_eq!(
            at(key.time, Some(key.seq)).opening(&run),
            (Some(Opening::Step(key)), vec![])
        );
        assert_eq!(
            at(0, Some(0)).opening(&run).0,
            Some(Opening::Step(Stop { time: 0, seq: 0 }))
        );
        assert_eq!(
            at(stop.time, Some(u64::MAX)).opening(&run),
            (
                Some(Opening::Time(stop.time)),
                vec![Ignored::NoStep(u64::MAX)]
            )
        );
        assert_eq!(
            at(run.end + 1, None).opening(&run),
            (
                Some(Opening::Time(run.end)),
                vec![Ignored::PastEnd(run.end + 1)]
            )
        );
        assert_eq!(MomentLink::default().opening(&run), (None, vec![]));
    }

    #[test]
    fn what_ifs_replay_in_order_and_unknown_ones_are_dropped() {
        let (lesson, run) = lesson_run("consumer-01-cgroup");
        let buttons = what_if_buttons(&lesson);
        assert!(!buttons.is_empty(), "the lesson offers what-ifs");
        let late = run.end / 2;
        let keys = [
            WhatIfKey {
                button: buttons.len(),
                at: 0,
            },
            WhatIfKey {
                button: 0,
                at: run.end + 1,
            },
        ];
        let (changes, applied, ignored) = replay_what_ifs(&lesson, 0, &Changes::none(), &keys);
        assert!(changes.is_empty() && applied.is_empty());
        assert_eq!(ignored.len(), 2);
        // "Add a consumer" acts at any moment.
        let add = buttons
            .iter()
            .position(|&(action, _)| action == Action::AddConsumer)
            .expect("the lesson offers to add a consumer");
        let taken = [WhatIfKey {
            button: add,
            at: late,
        }];
        let (changes, applied, ignored) = replay_what_ifs(&lesson, 0, &Changes::none(), &taken);
        assert_eq!((applied.as_slice(), ignored), (&taken[..], vec![]));
        assert!(!changes.is_empty());
    }
}
