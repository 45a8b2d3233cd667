//! A playground run, stepped through as a lesson's run is (play, step, step back, scrub):
//! the programs with the line each process runs, their consoles and the cluster diagram,
//! without a lesson's narration, predictions or what-ifs; and a button to fork the run at the
//! time shown.

use crate::components::cluster_diagram::ClusterDiagram;
use crate::components::code_view::{CodeView, LineMark};
use crate::components::console::consoles;
use crate::components::playback_controls::{Keys, clock, playback_controls};
use crate::exercise_run::Run;
use crate::hooks::{use_playback_keys, use_playing};
use crate::i18n::{Lang, Text, t};
use crate::state::playback::{Millis, Playback};
use std::rc::Rc;
use yew::prelude::*;

/// Virtual milliseconds per second of playback at speed 1.
pub const MS_PER_SECOND: u64 = 2_000;

#[derive(Properties)]
pub struct PlaygroundRunProps {
    pub run: Rc<Run>,
    /// Forks the run at the virtual time shown.
    pub on_fork: Callback<Millis>,
}

/// The run decides: the page makes a new fork callback on every render, for the same run.
impl PartialEq for PlaygroundRunProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
    }
}

#[component]
pub fn PlaygroundRun(props: &PlaygroundRunProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let run = props.run.clone();
    let playback = {
        let run = run.clone();
        use_reducer(move || {
            Playback::new(run.stops.clone(), run.end, MS_PER_SECOND).with_hops(run.hops.clone())
        })
    };
    let on_action = use_playing(playback.clone());
    use_playback_keys(true, on_action.clone());
    let time = playback.time;
    html! {
        <section class="step-through" data-testid="step-through">
            { playback_controls(lang, &playback, &on_action, Keys::Only, None) }
            <p class="fork-bar">
                <button type="button" class="button" data-testid="fork"
                    onclick={props.on_fork.reform(move |_| time)}>
                    { t(lang, Text::PgForkHere) }{ " " }{ clock(time) }
                </button>
                { " " }<span class="hint">{ t(lang, Text::PgForkHint) }</span>
            </p>
            <RunPane {run} {time} instant={playback.cursor.is_none().then(|| playback.instant())}
                cursor={playback.cursor} playing={playback.playing} />
        </section>
    }
}

#[derive(Properties)]
pub struct RunPaneProps {
    pub run: Rc<Run>,
    /// The virtual time shown.
    pub time: Millis,
    /// The virtual instant shown while playing or paused mid-way (messages on their trip);
    /// `None` at a step.
    pub instant: Option<f64>,
    /// The trace entry the step cursor is at (`None`: all of `time`).
    pub cursor: Option<u64>,
    /// Playing: views out of sight keep their last drawing.
    pub playing: bool,
}

impl PartialEq for RunPaneProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && (self.time, self.cursor, self.playing) == (other.time, other.cursor, other.playing)
            && self.instant == other.instant
    }
}

/// A run's programs, consoles and cluster diagram at one moment: the playground's view of a
/// run, alone or beside its fork.
#[component]
pub fn RunPane(props: &RunPaneProps) -> Html {
    let run = props.run.clone();
    let views = {
        let run = run.clone();
        use_memo((props.time, props.cursor), move |&(time, cursor)| {
            run.with_view(time, cursor, |frame| {
                (
                    frame.programs.view(&run.processes),
                    Rc::new(run.moment(frame)),
                )
            })
        })
    };
    let (programs, diagram) = &*views;
    let code_views = run.processes.iter().enumerate().map(|(i, process)| {
        let marks: Vec<LineMark> = programs
            .marks
            .iter()
            .filter(|(p, _)| *p == i)
            .map(|(_, mark)| mark.clone())
            .collect();
        html! {
            <CodeView key={&*process.file} file={process.file.clone()}
                source={process.source.clone()} {marks} lazy={props.playing} />
        }
    });
    html! {
        <div class="step-grid">
            <div class="step-code">{ for code_views }</div>
            { consoles(&run.processes, &programs.consoles, props.playing) }
            <ClusterDiagram moment={diagram.clone()} instant={props.instant} time={props.time}
                cadence={run.hops.cadence.clone()} playing={props.playing} />
        </div>
    }
}
