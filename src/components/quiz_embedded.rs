//! A predict or practice question inside a quiz: what kind it is, what it asks, and the
//! lesson's run or the task, mounted only when the student opens it (each one runs the model).

use crate::components::step_through::{KeyboardRun, KeyboardSeat};
use crate::components::{practice_task::PracticeTask, predict_question::PredictQuestion};
use crate::hooks::use_focus_when;
use crate::i18n::{Lang, Text, pick, t};
use crate::quiz_link::Item;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuizEmbeddedProps {
    /// A predict or practice item (a concept question has its own component).
    pub item: Item,
    /// Its place in the quiz, from 1.
    pub number: usize,
    /// The verdict it reported, once answered (a practice task's latest run).
    pub answer: Option<bool>,
    pub on_result: Callback<bool>,
}

#[component]
pub fn QuizEmbedded(props: &QuizEmbeddedProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let open = use_state(|| false);
    // Opened, the question takes the focus from the button that is gone: the next Tab leads
    // into its run or task.
    let node = use_node_ref();
    use_focus_when(node.clone(), *open);
    let item = props.item;
    let (kind, body) = match item {
        Item::Predict(p) => (
            Text::QuizPredictKind,
            html! {
                <PredictQuestion lesson={p.lesson} prediction={p.prediction}
                    on_answered={props.on_result.clone()} />
            },
        ),
        Item::Practice(p) => (
            Text::QuizPracticeKind,
            html! { <PracticeTask task={p.task} on_result={props.on_result.clone()} /> },
        ),
        Item::Concept(_) => return Html::default(),
    };
    // Each opened item's run has its own keyboard seat: the one opened, clicked or focused
    // last takes the space and arrow keys, the others leave them alone.
    let seat = KeyboardSeat(props.number);
    let keyboard = use_context::<KeyboardRun>();
    let content = if *open {
        html! { <ContextProvider<KeyboardSeat> context={seat}>{ body }</ContextProvider<KeyboardSeat>> }
    } else {
        let on_open = {
            let open = open.clone();
            Callback::from(move |_| {
                open.set(true);
                if let Some(keyboard) = &keyboard {
                    keyboard.claim.emit(seat.0);
                }
            })
        };
        html! {
            <button type="button" class="button primary quiz-check" onclick={on_open}
                data-testid="quiz-open">
                { t(lang, Text::QuizOpen) }
            </button>
        }
    };
    let verdict = props.answer.map(|right| {
        html! {
            <p class={classes!("quiz-verdict", if right { "is-right" } else { "is-wrong" })}
                role="status" data-testid="quiz-verdict" data-right={right.to_string()}>
                { if right { "✓ " } else { "✗ " } }
                { t(lang, if right { Text::QuizRight } else { Text::QuizWrong }) }
            </p>
        }
    });
    let state = match props.answer {
        None => "open",
        Some(true) => "right",
        Some(false) => "wrong",
    };
    html! {
        <li class="quiz-question quiz-embedded panel" data-question={item.id()} data-kind={item.kind()}
            data-state={state} data-testid="quiz-question" tabindex="-1" ref={node}>
            <h3 class="quiz-embedded-title">
                <span class="quiz-number">{ format!("{}.", props.number) }</span>
                { pick(lang, item.prompt()) }
            </h3>
            <p class="quiz-mode">{ t(lang, kind) }</p>
            { verdict }
            { content }
        </li>
    }
}
