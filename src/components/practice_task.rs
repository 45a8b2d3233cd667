//! A practice task (實作測驗): the goal, the knobs the student may turn, "run", the graded facts
//! read from the model's run, pass or fail, and on failure the run's step-through opened at the
//! moment it went wrong.

use crate::components::playback_controls::clock;
use crate::components::step_through::StepThrough;
use crate::i18n::{Lang, Text, pick, t};
use crate::state::playback::Stop;
use course::lesson::{Changes, Lesson, SetupError};
use course::practice::{self, ChoiceLabel, Fact, Task};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PracticeTaskProps {
    /// The task's id (`course::practice::Task::id`).
    pub task: &'static str,
    /// Told after every graded run whether it passed.
    pub on_result: Callback<bool>,
}

/// A graded run, as the page keeps it.
#[derive(Clone, Debug, PartialEq)]
struct Graded {
    facts: Vec<Fact>,
    passed: bool,
    /// The lesson that ran, the changes it ran with and where it went wrong (on failure).
    failure: Option<(Rc<Lesson>, &'static course::Exercise, Changes, Stop)>,
}

#[component]
pub fn PracticeTask(props: &PracticeTaskProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let found = practice::task(props.task);
    let picks = use_state(|| found.map(|task| task.defaults()).unwrap_or_default());
    let graded = use_state(|| None::<(u32, Graded)>);
    // The client's checks of the chosen settings, before anything runs.
    let refused = use_memo(((*picks).clone(), props.task), |(picks, id)| {
        practice::task(id).and_then(|task| task.setup(picks).err())
    });
    let Some(task) = found else {
        return html! {
            <p class="error" role="alert">{ t(lang, Text::PracticeUnknown) }{ " " }<code>{ props.task }</code></p>
        };
    };
    let on_pick = {
        let (picks, graded) = (picks.clone(), graded.clone());
        move |knob: usize, choice: usize| {
            let (picks, graded) = (picks.clone(), graded.clone());
            Callback::from(move |_: Event| {
                let mut next = (*picks).clone();
                if let Some(pick) = next.get_mut(knob) {
                    *pick = choice;
                }
                picks.set(next);
                graded.set(None);
            })
        }
    };
    let on_run = {
        let (picks, graded, on_result) = (picks.clone(), graded.clone(), props.on_result.clone());
        Callback::from(move |_| {
            let Ok(result) = grade(&task, &picks) else {
                return;
            };
            on_result.emit(result.passed);
            let attempt = graded.as_ref().map_or(1, |(n, _)| n + 1);
            graded.set(Some((attempt, result)));
        })
    };
    let knobs = task.knobs.iter().enumerate().map(|(k, knob)| {
        let labels = task.choice_labels(k, &picks);
        let choices = labels.iter().enumerate().map(|(c, label)| {
            html! {
                <label class="practice-choice">
                    <input type="radio" name={format!("{}-knob-{k}", task.id)} value={c.to_string()}
                        checked={picks.get(k) == Some(&c)} onchange={on_pick(k, c)}
                        data-testid={format!("knob-{k}-{c}")} />
                    { choice_label(lang, label) }
                </label>
            }
        });
        html! {
            <fieldset class="practice-knob" data-testid={format!("knob-{k}")}>
                <legend><code>{ pick(lang, knob.label()) }</code></legend>
                { for choices }
            </fieldset>
        }
    });
    let refusal = (*refused).as_ref().map(|error: &SetupError| {
        html! {
            <p class="error" role="alert" data-testid="practice-refused">
                { pick(lang, error.text) }{ " " }<code>{ error.detail.clone() }</code>
            </p>
        }
    });
    let result = (*graded)
        .as_ref()
        .map(|(attempt, graded)| outcome(lang, *attempt, graded));
    html! {
        <section class="practice-task" data-testid="practice-task" data-task={task.id}>
            <p class="practice-goal"><span class="kicker">{ t(lang, Text::PracticeKicker) }</span>{ " " }{ pick(lang, task.goal) }</p>
            <p class="practice-scene">{ t(lang, Text::PracticeScene) }{ " " }{ pick(lang, task.scene) }</p>
            <div class="practice-knobs" role="group" aria-label={t(lang, Text::PracticeKnobs)}>
                <span class="kicker">{ t(lang, Text::PracticeKnobs) }</span>
                { for knobs }
            </div>
            { refusal }
            <button type="button" class="button primary" data-testid="practice-run"
                disabled={refused.is_some()} onclick={on_run}>{ t(lang, Text::PracticeRun) }</button>
            { result }
        </section>
    }
}

/// Runs the task with the student's picks and keeps what the page shows.
fn grade(task: &Task, picks: &[usize]) -> Result<Graded, SetupError> {
    let attempt = task.attempt(picks)?;
    let failure = match attempt.went_wrong() {
        Some(moment) if !attempt.passed() => {
            let lesson = course::lesson(attempt.exercise).map(Rc::new);
            let exercise = course::exercise(attempt.exercise);
            lesson.zip(exercise).map(|(lesson, exercise)| {
                let stop = Stop {
                    time: moment.time,
                    seq: moment.seq,
                };
                (lesson, exercise, attempt.changes.clone(), stop)
            })
        }
        _ => None,
    };
    Ok(Graded {
        passed: attempt.passed(),
        facts: attempt.facts,
        failure,
    })
}

fn choice_label(lang: Lang, label: &ChoiceLabel) -> Html {
    match label {
        ChoiceLabel::Value(value) => html! { <code>{ *value }</code> },
        ChoiceLabel::AsWritten(Some(value)) => html! {
            <>{ t(lang, Text::PracticeAsWritten) }{ " " }<code>{ value.clone() }</code></>
        },
        ChoiceLabel::AsWritten(None) => html! { { t(lang, Text::PracticeNotSet) } },
        ChoiceLabel::Program { file, title } => html! {
            <><code>{ *file }</code>{ " " }{ pick(lang, *title) }</>
        },
    }
}

/// The graded facts, the verdict and, on failure, the step-through at the moment it went
/// wrong.
fn outcome(lang: Lang, attempt: u32, graded: &Graded) -> Html {
    let rows = graded.facts.iter().map(|fact| {
        let (mark, word) = if fact.passed() {
            ("✓", Text::PracticeWithin)
        } else {
            ("✗", Text::PracticeOver)
        };
        html! {
            <tr data-measure={format!("{:?}", fact.measure)} data-passed={fact.passed().to_string()}>
                <th scope="row">{ pick(lang, fact.measure.label()) }</th>
                <td class="num">{ fact.value }</td>
                <td class="num">{ fact.limit }</td>
                <td class={classes!("practice-mark", (!fact.passed()).then_some("is-over"))}>{ mark }{ " " }{ t(lang, word) }</td>
            </tr>
        }
    });
    let passed = graded.passed;
    let went_wrong = graded
        .failure
        .as_ref()
        .map(|(.., stop)| stop.time.to_string());
    let when = graded.failure.as_ref().map(|(.., stop)| {
        html! { <>{ " " }{ t(lang, Text::PracticeWentWrongAt) }{ " " }<code>{ clock(stop.time) }</code></> }
    });
    let verdict = if passed {
        html! { <>{ "✓ " }{ t(lang, Text::PracticePassed) }</> }
    } else {
        html! { <>{ "✗ " }{ t(lang, Text::PracticeFailed) }{ when }</> }
    };
    let step_through = graded
        .failure
        .as_ref()
        .map(|(lesson, exercise, changes, stop)| {
            html! {
                <div class="practice-step-through" data-testid="practice-step-through">
                    <p class="lead">{ t(lang, Text::PracticeStepThrough) }</p>
                    <StepThrough key={attempt} lesson={lesson.clone()} {exercise}
                        changes={changes.clone()} start_at={Some(*stop)} />
                </div>
            }
        });
    html! {
        <div class="practice-result" data-attempt={attempt.to_string()}>
            <table class="practice-facts" data-testid="practice-facts">
                <caption>{ t(lang, Text::PracticeFacts) }</caption>
                <thead><tr>
                    <th scope="col">{ t(lang, Text::PracticeWhat) }</th>
                    <th scope="col">{ t(lang, Text::PracticeValue) }</th>
                    <th scope="col">{ t(lang, Text::PracticeLimit) }</th>
                    <th scope="col">{ t(lang, Text::PracticeVerdict) }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class={classes!("practice-verdict", if passed { "is-right" } else { "is-wrong" })}
                role="status" data-testid="practice-verdict" data-passed={passed.to_string()}
                data-went-wrong-ms={went_wrong}>
                { verdict }
            </p>
            { step_through }
        </div>
    }
}
