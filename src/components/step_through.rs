//! The step-through of a lesson: the controls, the narration, the lesson's counters and
//! what-ifs, every program with the line each process is executing, one console per process,
//! and the cluster diagram. A what-if re-runs the lesson with the change and resumes at the
//! same virtual time.

use crate::components::cluster_diagram::ClusterDiagram;
use crate::components::code_view::{CodeView, LineMark};
use crate::components::console::Console;
use crate::components::link_note::LinkNote;
use crate::components::playback_controls::{Keys, PlaybackControls};
use crate::components::prediction_card::{Phase, PredictionCard};
use crate::components::share_bar::ShareBar;
use crate::deep_link::{Ignored, MomentLink, Opening, WhatIfKey, replay_what_ifs, what_if_buttons};
use crate::exercise_run::Run;
use crate::hooks::{use_playback_keys, use_playing};
use crate::i18n::{Lang, Text, pick, t};
use crate::moment;
use crate::playback::{Millis, Playback, PlaybackAction, Stop};
use course::lesson::{Action, Change, Changes, Lesson, Trigger};
use std::rc::Rc;
use yew::prelude::*;

/// Which of a page's runs the keyboard drives: the one the student last clicked or focused.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyboardRun {
    pub run: usize,
    pub claim: Callback<usize>,
}

/// A step-through's own seat in a [`KeyboardScope`] shared by several step-throughs (the
/// opened items of a quiz, numbered from 1): it drives the keyboard once claimed, as the runs
/// of a two-run lesson do by their run index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyboardSeat(pub usize);

/// Lets the step-throughs inside it share the keyboard: the first run has it until the
/// student clicks or focuses another.
#[component]
pub fn KeyboardScope(props: &yew::html::ChildrenProps) -> Html {
    let run = use_state_eq(|| 0);
    let keyboard = KeyboardRun {
        run: *run,
        claim: Callback::from(move |index| run.set(index)),
    };
    html! {
        <ContextProvider<KeyboardRun> context={keyboard}>{ props.children.clone() }</ContextProvider<KeyboardRun>>
    }
}

/// How long the controls say a quiet stretch was skipped, in real milliseconds.
const SKIP_SHOWN_MS: f64 = 2_500.0;

#[derive(Properties)]
pub struct StepThroughProps {
    pub lesson: Rc<Lesson>,
    pub exercise: &'static course::Exercise,
    /// Which of the lesson's runs to show.
    #[prop_or_default]
    pub run: usize,
    /// The what-ifs the run starts with (a practice task's choices); "back to the course's
    /// program" returns to these.
    #[prop_or_default]
    pub changes: Changes,
    /// Where the run opens, stepped to this trace entry (a practice task's failure moment).
    #[prop_or_default]
    pub start_at: Option<Stop>,
    /// A moment of the lesson to open the run at (a link's `?step=`, the quiz's "see it").
    #[prop_or_default]
    pub step: Option<Trigger>,
    /// The quiz's predict question to ask on this run instead of the lesson's first
    /// prediction: the run opens at its question, without what-ifs.
    #[prop_or_default]
    pub question: Option<Question>,
    /// A link to a moment of this run (`#/exercise/<id>?at=...`): its what-ifs are replayed
    /// and the run opens at its moment; what it could not use is noted above the run.
    #[prop_or_default]
    pub link: Option<Rc<MomentLink>>,
    /// Offers a link to the moment shown and the embed code (the exercise page).
    #[prop_or_default]
    pub share: bool,
}

/// A quiz's predict question on a step-through: which prediction, and who hears whether the
/// answer was right.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: &'static str,
    pub on_answered: Callback<bool>,
}

impl PartialEq for StepThroughProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.exercise == other.exercise
            && self.run == other.run
            && self.changes == other.changes
            && self.start_at == other.start_at
            && self.step == other.step
            && self.question == other.question
            && self.link == other.link
            && self.share == other.share
    }
}

/// The student's what-ifs so far: the changes, the buttons taken (for the page's notes and
/// the link to the moment), and where the re-run resumes.
#[derive(Clone, Debug, Default, PartialEq)]
struct WhatIfs {
    changes: Changes,
    keys: Vec<WhatIfKey>,
    resume_at: Millis,
    /// Bumped by every re-run, so that the run's view starts afresh.
    version: u32,
    /// The what-ifs of the link the run was opened from that could not be replayed.
    ignored: Vec<Ignored>,
}

/// What the page says about a what-if button: its label, and the choice taken.
fn what_if_note(lang: Lang, (action, choice): (Action, usize)) -> String {
    let label = pick(lang, action.label());
    match action.choices().get(choice) {
        Some(value) => format!("{label}: {value}"),
        None => label.to_string(),
    }
}

#[component]
pub fn StepThrough(props: &StepThroughProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    // Outlives what-if re-runs: a question answered or skipped is not asked again.
    let phase = {
        let quiz = props.question.is_some();
        // A run opened at a given moment (a practice task's failure, a link) asks nothing.
        let linked = props
            .link
            .as_ref()
            .is_some_and(|link| link.at.is_some() || !link.what_ifs.is_empty());
        let opened_at = props.start_at.is_some() || props.step.is_some() || linked;
        use_state_eq(move || match (quiz, opened_at) {
            (true, _) => Phase::Asking,
            (false, true) => Phase::Dismissed,
            (false, false) => Phase::Pending,
        })
    };
    let on_phase = {
        let phase = phase.clone();
        Callback::from(move |next| phase.set(next))
    };
    let what_ifs = {
        let (lesson, index, changes) = (props.lesson.clone(), props.run, props.changes.clone());
        let keys = props.link.as_ref().map(|link| link.what_ifs.clone());
        use_state(move || match keys {
            Some(keys) if !keys.is_empty() => {
                let (changes, keys, ignored) = replay_what_ifs(&lesson, index, &changes, &keys);
                WhatIfs {
                    changes,
                    keys,
                    ignored,
                    ..WhatIfs::default()
                }
            }
            _ => WhatIfs {
                changes,
                ..WhatIfs::default()
            },
        })
    };
    let run = {
        let (lesson, index) = (props.lesson.clone(), props.run);
        use_memo(what_ifs.changes.clone(), move |changes| {
            Run::of_lesson_run(&lesson, index, changes).map(Rc::new)
        })
    };
    let on_change = {
        let what_ifs = what_ifs.clone();
        Callback::from(move |(change, key): (Change, WhatIfKey)| {
            let mut next = (*what_ifs).clone();
            next.changes.push(change);
            next.keys.push(key);
            next.resume_at = key.at;
            next.version += 1;
            what_ifs.set(next);
        })
    };
    let on_reset = {
        let (what_ifs, changes) = (what_ifs.clone(), props.changes.clone());
        Callback::from(move |at: Millis| {
            what_ifs.set(WhatIfs {
                changes: changes.clone(),
                resume_at: at,
                version: what_ifs.version + 1,
                ..WhatIfs::default()
            })
        })
    };
    let buttons = what_if_buttons(&props.lesson);
    let notes: Vec<String> = what_ifs
        .keys
        .iter()
        .filter_map(|key| buttons.get(key.button))
        .map(|&button| what_if_note(lang, button))
        .collect();
    // The link's moment, on the run its what-ifs made; only until the next re-run.
    let opening = {
        let run = run.clone();
        use_memo(
            (what_ifs.version, props.link.clone()),
            move |(version, link)| match (&*run, link) {
                (Ok(run), Some(link)) if *version == 0 => link.opening(run),
                _ => (None, Vec::new()),
            },
        )
    };
    match &*run {
        Ok(run) => {
            let (opening, found) = (*opening).clone();
            let mut ignored: Vec<Ignored> = match &props.link {
                Some(link) if what_ifs.version == 0 => {
                    let parsed = link.ignored.iter().chain(&what_ifs.ignored);
                    parsed.cloned().chain(found).collect()
                }
                _ => Vec::new(),
            };
            ignored.dedup();
            let (linked_stop, resume_at) = match opening {
                Some(Opening::Step(stop)) => (Some(stop), 0),
                Some(Opening::Time(at)) => (None, at),
                None => (None, what_ifs.resume_at),
            };
            let start_at = props
                .start_at
                .or(linked_stop)
                .or_else(|| run.stop_of(&props.lesson, props.step.as_ref()?))
                .filter(|_| what_ifs.version == 0);
            html! {
                <RunView key={what_ifs.version} run={run.clone()} lesson={props.lesson.clone()}
                    exercise={props.exercise} {resume_at} {start_at}
                    {notes} keys={what_ifs.keys.clone()} {ignored} share={props.share}
                    {on_change} {on_reset}
                    phase={*phase} {on_phase} question={props.question.clone()} />
            }
        }
        Err(error) => html! {
            <p class="error" role="alert">{ pick(lang, error.text) }{ " " }<code>{ error.detail.clone() }</code></p>
        },
    }
}

#[derive(Properties)]
struct RunViewProps {
    run: Rc<Run>,
    lesson: Rc<Lesson>,
    exercise: &'static course::Exercise,
    resume_at: Millis,
    /// Opens stepped to this entry (before any what-if re-run).
    start_at: Option<Stop>,
    notes: Vec<String>,
    /// The what-ifs taken, for the link to the moment.
    keys: Vec<WhatIfKey>,
    /// What the link the run was opened from could not use.
    ignored: Vec<Ignored>,
    share: bool,
    on_change: Callback<(Change, WhatIfKey)>,
    on_reset: Callback<Millis>,
    phase: Phase,
    on_phase: Callback<Phase>,
    question: Option<Question>,
}

impl PartialEq for RunViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.notes == other.notes
            && self.ignored == other.ignored
            && self.phase == other.phase
            && self.question == other.question
    }
}

/// Every console's lines at this step, each under its process's label and file: what "copy
/// this step's console text" copies.
fn console_text(run: &Run, programs: &crate::programs_view::ProgramsView) -> AttrValue {
    let consoles = run.processes.iter().zip(&programs.consoles);
    let texts: Vec<String> = consoles
        .map(|(process, console)| {
            let lines: Vec<&str> = console
                .lines
                .iter()
                .map(|line| line.text.as_str())
                .collect();
            format!(
                "# {} · {}\n{}",
                process.label,
                process.file,
                lines.join("\n")
            )
        })
        .collect();
    texts.join("\n\n").into()
}

#[component]
fn RunView(props: &RunViewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let run = props.run.clone();
    let lesson = props.lesson.clone();
    // The prediction this run asks: the quiz's question, else the lesson's first.
    let asking = run
        .predictions
        .iter()
        .find(|asking| match &props.question {
            Some(question) => lesson.predictions[asking.index].id == question.id,
            None => asking.index == 0,
        })
        .cloned();
    let playback = {
        let (run, ms_per_second, at) = (run.clone(), lesson.ms_per_second, props.resume_at);
        let start_at = props.start_at.or(asking
            .as_ref()
            .filter(|_| props.question.is_some())
            .map(|a| a.ask));
        use_reducer(move || {
            let playback = Playback::new(run.stops.clone(), run.end, ms_per_second)
                .with_hops(run.hops.clone());
            match start_at {
                Some(stop) => {
                    Rc::unwrap_or_clone(Rc::new(playback).reduce(PlaybackAction::GoTo(stop)))
                }
                None if at > 0 => playback.resumed_at(at),
                None => playback,
            }
        })
    };
    let on_action = use_playing(playback.clone());
    let phase = props.phase;
    let hold = asking.as_ref().and_then(|asking| match phase {
        Phase::Pending | Phase::Asking => Some(asking.ask),
        Phase::Answered(_) => Some(asking.reveal),
        Phase::Revealed(_) | Phase::Dismissed => None,
    });
    use_effect_with(hold, {
        let on_action = on_action.clone();
        move |&hold| on_action.emit(PlaybackAction::Hold(hold))
    });
    // Reaching the question asks it; reaching the reveal shows the verdict.
    let position = Stop {
        time: playback.time,
        seq: playback.cursor.unwrap_or(u64::MAX),
    };
    use_effect_with((position, phase, asking.clone()), {
        let on_phase = props.on_phase.clone();
        move |(position, phase, asking)| match (phase, asking) {
            (Phase::Pending, Some(asking)) if *position >= asking.ask => {
                on_phase.emit(Phase::Asking)
            }
            (&Phase::Answered(choice), Some(asking)) if *position >= asking.reveal => {
                on_phase.emit(Phase::Revealed(choice))
            }
            _ => {}
        }
    });
    let keyboard = use_context::<KeyboardRun>();
    // The runs sharing a scope: a two-run lesson's, by run index, or a quiz's step-throughs,
    // each in its own seat.
    let (shares, index) = match use_context::<KeyboardSeat>() {
        Some(KeyboardSeat(seat)) => (true, seat),
        None => (lesson.runs().len() > 1, run.index),
    };
    let keys = match &keyboard {
        Some(keyboard) if shares && keyboard.run == index => Keys::Driving,
        Some(_) if shares => Keys::Elsewhere,
        _ => Keys::Only,
    };
    use_playback_keys(keys != Keys::Elsewhere, on_action.clone());
    let claim = keyboard
        .filter(|_| keys == Keys::Elsewhere)
        .map(|keyboard| keyboard.claim);
    let views = {
        let (run, lesson) = (run.clone(), lesson.clone());
        use_memo((playback.time, playback.cursor), move |&(time, cursor)| {
            run.with_view(time, cursor, |frame| {
                let beat = frame
                    .shown
                    .last()
                    .and_then(|last| run.narration.at(last.seq))
                    .and_then(|beat| lesson.beats.get(beat))
                    .map(|beat| beat.text);
                let counters = moment::counters(&lesson, frame.sim, frame.projection);
                let programs = frame.programs.view(&run.processes);
                let console = console_text(&run, &programs);
                (
                    programs,
                    Rc::new(run.moment(frame)),
                    beat,
                    counters,
                    console,
                )
            })
        })
    };
    let (programs, diagram, beat, counters, console) = &*views;
    let what_if = {
        let (run, lesson, on_change) = (run.clone(), lesson.clone(), props.on_change.clone());
        let time = playback.time;
        move |action: Action, choice: usize, button: usize| {
            let (run, lesson, on_change) = (run.clone(), lesson.clone(), on_change.clone());
            Callback::from(move |_| {
                let change = run.with_sim(time, None, |sim| lesson.what_if(action, sim, choice));
                if let Some(change) = change {
                    on_change.emit((change, WhatIfKey { button, at: time }));
                }
            })
        }
    };
    // Each what-if is a button, numbered as `deep_link::what_if_buttons` numbers them; an
    // action with choices shows its label once, then one short button per choice, kept
    // together.
    let mut n = 0;
    let mut button = |action: Action, i: usize, content: Html| {
        n += 1;
        html! {
            <button type="button" class="button what-if" data-testid={format!("what-if-{}", n - 1)}
                title={what_if_note(lang, (action, i))} onclick={what_if(action, i, n - 1)}>{ content }</button>
        }
    };
    let actions: Vec<Html> = lesson
        .actions
        .iter()
        .map(|&action| {
            let label = pick(lang, action.label());
            if action.choices().is_empty() {
                return button(action, 0, html! { { label } });
            }
            let choices: Vec<Html> = action
                .choices()
                .iter()
                .enumerate()
                .map(|(i, value)| button(action, i, html! { <code>{ *value }</code> }))
                .collect();
            html! {
                <span class="what-if-choices" role="group" aria-label={label}>
                    <span class="what-if-label">{ label }</span>{ choices }
                </span>
            }
        })
        .collect();
    let on_reset = {
        let (on_reset, time) = (props.on_reset.clone(), playback.time);
        Callback::from(move |_| on_reset.emit(time))
    };
    // Jumping to the key moment puts an unanswered question away.
    let dismiss = {
        let on_phase = props.on_phase.clone();
        move || {
            if matches!(phase, Phase::Pending | Phase::Asking) {
                on_phase.emit(Phase::Dismissed);
            }
        }
    };
    let key_moment = run
        .key_moment
        .filter(|_| props.question.is_none())
        .map(|stop| {
            let (on_action, dismiss) = (on_action.clone(), dismiss.clone());
            html! {
                <button type="button" class="button primary" data-testid="key-moment"
                    onclick={Callback::from(move |_| {
                        dismiss();
                        on_action.emit(PlaybackAction::GoTo(stop));
                    })}>
                    { t(lang, Text::KeyMoment) }
                </button>
            }
        });
    let prediction_card = asking
        .filter(|_| !matches!(phase, Phase::Pending | Phase::Dismissed))
        .map(|asking| {
            let on_answer = {
                let (on_phase, on_action) = (props.on_phase.clone(), on_action.clone());
                let question = props.question.clone();
                Callback::from(move |choice| {
                    on_phase.emit(Phase::Answered(choice));
                    on_action.emit(PlaybackAction::Hold(Some(asking.reveal)));
                    on_action.emit(PlaybackAction::Play);
                    if let Some(question) = &question {
                        question.on_answered.emit(Some(choice) == asking.key);
                    }
                })
            };
            let put_away = Callback::from(move |()| dismiss());
            let on_close = props.on_phase.reform(|()| Phase::Dismissed);
            html! {
                <PredictionCard prediction={Rc::new(lesson.predictions[asking.index].clone())}
                    {phase} key_choice={asking.key} {on_answer} on_skip={put_away} {on_close}
                    skippable={props.question.is_none()} />
            }
        });
    let counters = counters.iter().map(|(counter, value)| {
        html! {
            <div class="counter">
                <span class="counter-value" data-testid={format!("counter-{counter:?}")}>{ value }</span>
                <span class="counter-label">{ pick(lang, counter.label()) }</span>
            </div>
        }
    });
    let mut files: Vec<&Rc<str>> = run.processes.iter().map(|p| &p.file).collect();
    files.dedup();
    let code_views = files.into_iter().filter_map(|file| {
        let source = run
            .processes
            .iter()
            .find(|p| p.file == *file)?
            .source
            .clone();
        let marks: Vec<LineMark> = programs
            .marks
            .iter()
            .filter(|(i, _)| run.processes[*i].file == *file)
            .map(|(_, mark)| mark.clone())
            .collect();
        Some(html! { <CodeView key={&**file} file={file.clone()} {source} {marks} /> })
    });
    let consoles = run.processes.iter().zip(&programs.consoles).map(|(process, console)| {
        html! {
            <Console key={process.label.clone()} title={format!("{} · {}", process.label, process.file)}
                lines={console.lines.clone()} earlier={console.earlier}
                test_id={format!("console-{}", process.label)} />
        }
    });
    // The instant the picture shows: mid-millisecond while playing or paused from playing.
    let instant = playback.cursor.is_none().then(|| playback.instant());
    let skipped = playback
        .skipped
        .filter(|&(_, ago)| ago < SKIP_SHOWN_MS)
        .map(|(ms, _)| ms);
    // The moment shown, as a link reads it back.
    let moment_link = MomentLink {
        run: run.index,
        at: Some(playback.time),
        seq: playback.cursor,
        what_ifs: props.keys.clone(),
        ..MomentLink::default()
    };
    html! {
        <section class="step-through" data-testid="step-through"
            onpointerdown={claim.clone().map(|claim| claim.reform(move |_: PointerEvent| index))}
            onfocusin={claim.map(|claim| claim.reform(move |_: FocusEvent| index))}>
            <LinkNote ignored={props.ignored.clone()} />
            <PlaybackControls time={playback.time} end={playback.end} playing={playback.playing}
                speed={playback.speed} on_action={on_action.clone()} {keys} skipped={skipped} />
            <div class="lesson-bar">
                { prediction_card }
                if let Some(text) = beat {
                    <p class="narration" data-testid="narration" aria-live="polite">
                        <span class="kicker">{ t(lang, Text::Narration) }</span>{ " " }{ pick(lang, *text) }
                    </p>
                }
                <div class="what-ifs">
                    { for key_moment }
                    // A quiz's question is answered on the run as it is: no what-ifs.
                    if !lesson.actions.is_empty() && props.question.is_none() {
                        <span class="kicker">{ t(lang, Text::WhatIf) }</span>
                        { for actions }
                    }
                </div>
                if props.share {
                    <ShareBar exercise={props.exercise} link={moment_link} />
                }
                if !props.notes.is_empty() {
                    <p class="changed" data-testid="changed">
                        { t(lang, Text::Changed) }{ " " }{ props.notes.join(" · ") }{ " " }
                        <button type="button" class="button" data-testid="reset-changes" onclick={on_reset}>
                            { t(lang, Text::ResetChanges) }
                        </button>
                    </p>
                }
            </div>
            <div class="counters">{ for counters }</div>
            <div class="step-grid">
                <div class="step-code">{ for code_views }</div>
                <div class="step-side" style={format!("--consoles:{}", run.processes.len().max(1))}>{ for consoles }</div>
                <ClusterDiagram moment={diagram.clone()} {instant} playing={playback.playing}
                    console={console.clone()} name={format!("{}-{}", props.exercise.id, playback.time)} />
            </div>
        </section>
    }
}
