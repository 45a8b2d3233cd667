//! A quiz's predict question: a lesson's run (with the prediction's what-ifs) opened at the
//! question; answering plays it on to the reveal, where the verdict and the explanation show.

use crate::components::step_through::{Question, StepThrough};
use crate::i18n::{Lang, Text, t};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PredictQuestionProps {
    /// The lesson's exercise id.
    pub lesson: &'static str,
    /// The prediction's id (unique across lessons).
    pub prediction: &'static str,
    /// Told whether the answer was right, once the student answers.
    pub on_answered: Callback<bool>,
}

#[component]
pub fn PredictQuestion(props: &PredictQuestionProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let lesson = use_memo(props.lesson, |&id| course::lesson(id).map(Rc::new));
    let found = course::exercise(props.lesson)
        .zip(lesson.as_ref().clone())
        .and_then(|(exercise, lesson)| {
            let changes = lesson
                .predictions
                .iter()
                .find(|p| p.id == props.prediction)?
                .changes
                .clone();
            Some((exercise, lesson, changes))
        });
    match found {
        Some((exercise, lesson, changes)) => {
            let question = Question {
                id: props.prediction,
                on_answered: props.on_answered.clone(),
            };
            html! {
                <div class="predict-question" data-testid="predict-question">
                    <StepThrough {lesson} {exercise} {changes} question={Some(question)} />
                </div>
            }
        }
        None => html! {
            <p class="error" role="alert">{ t(lang, Text::PredictMissing) }{ " " }
                <code>{ format!("{} / {}", props.lesson, props.prediction) }</code></p>
        },
    }
}
