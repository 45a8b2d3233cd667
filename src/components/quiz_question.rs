//! One concept question of a running quiz: its choices (radio buttons for a single answer,
//! checkboxes for several), then right or wrong, the explanation, its source and a link to the
//! exercise that shows it.

use crate::hooks::use_focus_when;
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use course::quiz::Question;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuizQuestionProps {
    pub question: &'static Question,
    /// The order its choices are shown in (indexes into the bank's choices).
    pub order: Vec<usize>,
    /// Its place in the quiz, from 1.
    pub number: usize,
    /// The choices picked when it was answered; `None` while open.
    pub answer: Option<Vec<usize>>,
    pub on_answer: Callback<Vec<usize>>,
}

/// A choice's letter: A, B, C...
fn letter(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

#[component]
pub fn QuizQuestion(props: &QuizQuestionProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let embedded = use_context::<crate::components::app::Embedded>().is_some();
    let selected = use_state(Vec::<usize>::new);
    // Checked here (not answered on an earlier visit): the verdict that replaces the button
    // takes the focus.
    let checked = use_state(|| false);
    let feedback = use_node_ref();
    use_focus_when(feedback.clone(), *checked && props.answer.is_some());
    let q = props.question;
    let multiple = q.is_multiple();
    let answered = props.answer.as_deref();
    let shown: &[usize] = answered.unwrap_or(selected.as_slice());
    let name = format!("quiz-{}", q.id);

    let shown_choices = props
        .order
        .iter()
        .enumerate()
        .filter_map(|(position, &index)| Some((position, index, q.choices.get(index)?)));
    let choices = shown_choices.map(|(position, index, choice)| {
        let on_change = {
            let selected = selected.clone();
            Callback::from(move |_: Event| {
                let mut next = if multiple { (*selected).clone() } else { Vec::new() };
                match next.iter().position(|&i| i == index) {
                    Some(at) if multiple => {
                        next.remove(at);
                    }
                    Some(_) => {}
                    None => next.push(index),
                }
                selected.set(next);
            })
        };
        let picked = shown.contains(&index);
        let mark = answered.map(|_| {
            let correct = choice.correct.then(|| {
                html! { <span class="quiz-mark quiz-mark-correct">{ "✓ " }{ t(lang, Text::QuizCorrectMark) }</span> }
            });
            let yours = picked.then(|| {
                html! { <span class="quiz-mark quiz-mark-yours">{ t(lang, Text::QuizYourPick) }</span> }
            });
            html! { <>{ correct }{ yours }</> }
        });
        let class = classes!(
            "quiz-choice",
            answered.map(|_| if choice.correct { "is-correct" } else { "is-wrong" }),
            picked.then_some("is-picked"),
        );
        html! {
            <li key={index}>
                <label {class}>
                    <input
                        type={if multiple { "checkbox" } else { "radio" }}
                        name={name.clone()}
                        value={index.to_string()}
                        checked={picked}
                        disabled={answered.is_some()}
                        onchange={on_change}
                        data-testid="quiz-choice"
                    />
                    <span class="quiz-letter" aria-hidden="true">{ letter(position) }</span>
                    <span class="quiz-choice-text">{ pick(lang, choice.text) }</span>
                    { mark }
                </label>
            </li>
        }
    });

    let footer = match answered {
        None => {
            let on_check = {
                let (selected, checked) = (selected.clone(), checked.clone());
                let on_answer = props.on_answer.clone();
                Callback::from(move |_| {
                    checked.set(true);
                    on_answer.emit((*selected).clone());
                })
            };
            html! {
                <button
                    type="button"
                    class="button primary quiz-check"
                    disabled={selected.is_empty()}
                    onclick={on_check}
                    data-testid="quiz-check"
                >
                    { t(lang, Text::QuizCheck) }
                </button>
            }
        }
        Some(picked) => {
            let right = q.is_answered_by(picked);
            let exercise = Route::Exercise {
                id: q.see.exercise.to_string(),
                link: crate::deep_link::MomentLink::at_step(q.see.step),
            };
            // An embedded quiz opens the moment in the embed view: the course page stays around it.
            let href = if embedded {
                Route::Embed(Box::new(exercise)).href()
            } else {
                exercise.href()
            };
            html! {
                <div class="quiz-feedback" role="status" tabindex="-1" ref={feedback}
                    data-testid="quiz-feedback">
                    <p class={classes!("quiz-verdict", if right { "is-right" } else { "is-wrong" })}
                       data-testid="quiz-verdict" data-right={right.to_string()}>
                        { if right { "✓ " } else { "✗ " } }
                        { t(lang, if right { Text::QuizRight } else { Text::QuizWrong }) }
                    </p>
                    <p class="quiz-explanation">{ pick(lang, q.explanation) }</p>
                    <p class="quiz-source">{ t(lang, Text::QuizSource) }{ " " }<cite>{ q.source }</cite></p>
                    <a class="quiz-see-it" {href} data-step={q.see.step} data-testid="quiz-see-it">
                        { t(lang, Text::QuizSeeIt) }{ " →" }
                    </a>
                </div>
            }
        }
    };

    let state = match answered {
        None => "open",
        Some(picked) if q.is_answered_by(picked) => "right",
        Some(_) => "wrong",
    };
    html! {
        <li class="quiz-question panel" data-question={q.id} data-kind="concept" data-state={state}
            data-testid="quiz-question">
            <fieldset>
                <legend>
                    <span class="quiz-number">{ format!("{}.", props.number) }</span>
                    { pick(lang, q.prompt) }
                </legend>
                <p class="quiz-mode">{ t(lang, if multiple { Text::QuizMultiple } else { Text::QuizSingle }) }</p>
                <ol class="quiz-choices">{ for choices }</ol>
                { footer }
            </fieldset>
        </li>
    }
}
