//! The step-through of a lesson: the controls, the narration, the lesson's counters and
//! what-ifs, every program with the line each process is executing, one console per process,
//! and the cluster diagram. A what-if re-runs the lesson with the change and resumes at the
//! same virtual time.

use crate::components::cluster_diagram::ClusterDiagram;
use crate::components::code_view::CodeView;
use crate::components::console::consoles;
use crate::components::copy_button::CopyText;
use crate::components::link_note::link_note;
use crate::components::playback_controls::{Keys, playback_controls};
use crate::components::prediction_card::PredictionCard;
use crate::components::share_bar::share_bar;
use crate::deep_link::MomentLink;
use crate::exercise_run::Run;
use crate::hooks::{use_playback_keys, use_playing};
use crate::i18n::{Lang, Text, pick, t};
use crate::state::playback::Stop;
use crate::state::{OpenAt, Phase, RunAction, RunState};
use crate::view::moment;
use course::lesson::{Action, Changes, Lesson, Trigger};
use kafka_sim::engine::Process;
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
    /// Offers a link to the moment shown and the embed code (the exercise page, outside the
    /// embed view: there the course page around it shares).
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
    let state = {
        let lesson = props.lesson.clone();
        let open = OpenAt {
            run: props.run,
            changes: props.changes.clone(),
            start_at: props.start_at,
            step: props.step.clone(),
            question: props.question.as_ref().map(|question| question.id),
            link: props.link.clone(),
        };
        use_reducer_eq(move || RunState::open(lesson, open))
    };
    match &state.run {
        Ok(run) => html! {
            <RunView key={state.version} run={run.clone()} state={state.clone()} exercise={props.exercise}
                share={props.share} question={props.question.clone()} />
        },
        Err(error) => html! {
            <p class="error" role="alert">{ pick(lang, error.text) }{ " " }<code>{ error.detail.clone() }</code></p>
        },
    }
}

/// One build of the run (a what-if re-run remounts it, so its views start afresh).
#[derive(Properties)]
struct RunViewProps {
    /// The state's run (built).
    run: Rc<Run>,
    state: UseReducerHandle<RunState>,
    exercise: &'static course::Exercise,
    share: bool,
    question: Option<Question>,
}

impl PartialEq for RunViewProps {
    fn eq(&self, other: &Self) -> bool {
        // The state holds the run.
        self.state == other.state
            && self.exercise == other.exercise
            && self.share == other.share
            && self.question == other.question
    }
}

/// Every console's lines at this step, each under its process's label and file: what "copy
/// this step's console text" copies (built when it is pressed: [`CopyText::Built`]).
fn console_text(run: &Run, programs: &crate::view::programs::ProgramsView) -> AttrValue {
    let consoles = run.processes.iter().zip(&programs.consoles);
    let texts: Vec<String> = consoles
        .map(|(process, console)| {
            let lines: Vec<&str> = console.lines.iter().map(|line| &*line.text).collect();
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
    let state = &*props.state;
    let run = props.run.clone();
    let lesson = state.lesson().clone();
    let playback = state.playback.clone();
    let phase = state.phase;
    let on_action = use_playing(props.state.clone());
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
    let on_playback = on_action.reform(RunAction::Playback);
    use_playback_keys(keys != Keys::Elsewhere, on_playback.clone());
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
                (
                    frame.programs.view(&run.processes),
                    Rc::new(run.moment(frame)),
                    beat,
                    counters,
                )
            })
        })
    };
    let console = CopyText::Built {
        of: format!("{}-{:?}", playback.time, playback.cursor).into(),
        build: {
            let (run, views) = (run.clone(), views.clone());
            Callback::from(move |()| console_text(&run, &views.0))
        },
    };
    let (programs, diagram, beat, counters) = &*views;
    // Each what-if is a button, numbered as `deep_link::what_if_buttons` numbers them; an
    // action with choices shows its label once, then one short button per choice, kept
    // together.
    let mut n = 0;
    let mut button = |action: Action, i: usize, content: Html| {
        n += 1;
        html! {
            <button type="button" class="button what-if" data-testid={format!("what-if-{}", n - 1)}
                title={what_if_note(lang, (action, i))}
                onclick={on_action.reform(move |_| RunAction::WhatIf(n - 1))}>{ content }</button>
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
    let notes: Vec<String> = state
        .taken()
        .into_iter()
        .map(|button| what_if_note(lang, button))
        .collect();
    let key_moment = run.key_moment.filter(|_| !state.quiz()).map(|_| {
        html! {
            <button type="button" class="button primary" data-testid="key-moment"
                onclick={on_action.reform(|_| RunAction::KeyMoment)}>
                { t(lang, Text::KeyMoment) }
            </button>
        }
    });
    let prediction_card = state
        .asking
        .clone()
        .filter(|_| !matches!(phase, Phase::Pending | Phase::Dismissed))
        .map(|asking| {
            let on_answer = {
                let on_action = on_action.clone();
                let question = props.question.clone();
                Callback::from(move |choice| {
                    on_action.emit(RunAction::Answer(choice));
                    if let Some(question) = &question {
                        question.on_answered.emit(Some(choice) == asking.key);
                    }
                })
            };
            html! {
                <PredictionCard prediction={Rc::new(lesson.predictions[asking.index].clone())}
                    {phase} key_choice={asking.key} {on_answer}
                    on_skip={on_action.reform(|()| RunAction::Skip)}
                    on_close={on_action.reform(|()| RunAction::CloseVerdict)}
                    skippable={!state.quiz()} />
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
        let marks: Vec<_> = programs
            .marks
            .iter()
            .filter(|(i, _)| run.processes[*i].file == *file)
            .map(|(_, mark)| mark.clone())
            .collect();
        Some(html! { <CodeView key={&**file} file={file.clone()} {source} {marks} lazy={playback.playing} /> })
    });
    // The run's consumers, all told: the cluster's boxes keep their room while they join.
    let room = run
        .processes
        .iter()
        .filter(|p| matches!(p.process, Process::Consumer(_)))
        .count();
    // The instant the picture shows: mid-millisecond while playing or paused from playing.
    let instant = playback.cursor.is_none().then(|| playback.instant());
    let skipped = playback
        .skipped
        .filter(|&(_, ago)| ago < SKIP_SHOWN_MS)
        .map(|(ms, _)| ms);
    html! {
        <section class="step-through" data-testid="step-through"
            onpointerdown={claim.clone().map(|claim| claim.reform(move |_: PointerEvent| index))}
            onfocusin={claim.map(|claim| claim.reform(move |_: FocusEvent| index))}>
            { link_note(lang, &state.ignored) }
            { playback_controls(lang, &playback, &on_playback, keys, skipped) }
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
                    if !lesson.actions.is_empty() && !state.quiz() {
                        <span class="kicker">{ t(lang, Text::WhatIf) }</span>
                        { for actions }
                    }
                </div>
                if props.share {
                    { share_bar(lang, props.exercise, state.link()) }
                }
                if !notes.is_empty() {
                    <p class="changed" data-testid="changed">
                        { t(lang, Text::Changed) }{ " " }{ notes.join(" · ") }{ " " }
                        <button type="button" class="button" data-testid="reset-changes"
                            onclick={on_action.reform(|_| RunAction::ResetWhatIfs)}>
                            { t(lang, Text::ResetChanges) }
                        </button>
                    </p>
                }
            </div>
            <div class="counters">{ for counters }</div>
            <div class="step-grid">
                <div class="step-code">{ for code_views }</div>
                { consoles(&run.processes, &programs.consoles, playback.playing) }
                <ClusterDiagram moment={diagram.clone()} {instant} time={playback.time} cadence={run.hops.cadence.clone()} playing={playback.playing}
                    {console} {room} name={format!("{}-{}", props.exercise.id, playback.time)} />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::programs::programs_view;

    #[test]
    fn the_console_text_has_every_console_under_its_process() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let view = programs_view(&run.processes, run.at(run.end).trace());
        let text = console_text(&run, &view);
        let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("# ")).collect();
        let expected: Vec<String> = run
            .processes
            .iter()
            .map(|p| format!("# {} · {}", p.label, p.file))
            .collect();
        assert_eq!(headers, expected);
        let first = &view.consoles[0].lines[0].text;
        assert!(text.contains(&**first), "the lines are there: {first}");
    }
}
