//! The prediction card: a lesson's question asked before its key moment, answered by playing
//! on. The run's state owns where the question stands ([`Phase`]); the card shows it and
//! reports the student's answer, a skip, or "continue" once the verdict has been read.

use crate::i18n::{Lang, Text, pick, t};
use crate::state::Phase;
use course::lesson::Prediction;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct PredictionCardProps {
    pub prediction: Rc<Prediction>,
    pub phase: Phase,
    /// The choice the run proves right.
    pub key_choice: Option<usize>,
    pub on_answer: Callback<usize>,
    pub on_skip: Callback<()>,
    /// The verdict was read: the card goes away.
    pub on_close: Callback<()>,
    /// Whether the question may be skipped (on the exercise page; not in the quiz).
    #[prop_or(true)]
    pub skippable: bool,
}

impl PartialEq for PredictionCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.prediction.id == other.prediction.id
            && self.phase == other.phase
            && self.key_choice == other.key_choice
            && self.skippable == other.skippable
    }
}

#[component]
pub fn PredictionCard(props: &PredictionCardProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let selected = use_state_eq(|| None::<usize>);
    let prediction = &props.prediction;
    let asking = props.phase == Phase::Asking;
    let chosen = match props.phase {
        Phase::Answered(choice) | Phase::Revealed(choice) => Some(choice),
        _ => *selected,
    };
    let revealed = matches!(props.phase, Phase::Revealed(_));
    let prompt_id = format!("prediction-prompt-{}", prediction.id);
    let choices = prediction.choices.iter().enumerate().map(|(i, guess)| {
        let verdict = revealed.then(|| {
            if Some(i) == props.key_choice {
                "right"
            } else if Some(i) == chosen {
                "wrong"
            } else {
                ""
            }
        });
        let selected = selected.clone();
        html! {
            <label class={classes!("prediction-choice", verdict)}>
                <input type="radio" name={format!("prediction-{}", prediction.id)}
                    value={i.to_string()} data-testid={format!("prediction-choice-{i}")}
                    checked={chosen == Some(i)} disabled={!asking}
                    onchange={Callback::from(move |_| selected.set(Some(i)))} />
                <span>{ pick(lang, guess.text) }</span>
            </label>
        }
    });
    let onsubmit = {
        let (selected, on_answer) = (selected.clone(), props.on_answer.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(choice) = *selected {
                on_answer.emit(choice);
            }
        })
    };
    let right = chosen.is_some() && chosen == props.key_choice;
    let key_text = props
        .key_choice
        .and_then(|key| prediction.choices.get(key))
        .map(|guess| pick(lang, guess.text));
    html! {
        <section class="prediction" data-testid="prediction" data-phase={props.phase.name()}
            data-prediction={prediction.id} aria-live="polite">
            <form {onsubmit}>
                <p class="prediction-prompt" id={prompt_id.clone()}>
                    <span class="kicker">{ t(lang, Text::Predict) }</span>{ " " }{ pick(lang, prediction.prompt) }
                </p>
                <div class="prediction-choices" role="radiogroup" aria-labelledby={prompt_id}>
                    { for choices }
                </div>
                if asking {
                    <div class="prediction-actions">
                        <button type="submit" class="button primary" data-testid="prediction-answer"
                            disabled={selected.is_none()}>{ t(lang, Text::PredictAnswer) }</button>
                        if props.skippable {
                            <button type="button" class="button" data-testid="prediction-skip"
                                onclick={props.on_skip.reform(|_| ())}>{ t(lang, Text::PredictSkip) }</button>
                        }
                    </div>
                }
                if matches!(props.phase, Phase::Answered(_)) {
                    <p class="prediction-watch" data-testid="prediction-watch">{ t(lang, Text::PredictWatch) }</p>
                }
                if revealed {
                    <p class={classes!("prediction-verdict", if right { "right" } else { "wrong" })}
                        data-testid="prediction-verdict" data-verdict={if right { "right" } else { "wrong" }}>
                        <strong>{ t(lang, if right { Text::PredictRight } else { Text::PredictWrong }) }</strong>
                        if let Some(key_text) = key_text {
                            { " " }{ t(lang, Text::PredictKey) }{ " " }{ key_text }
                        }
                    </p>
                    <p class="prediction-explanation" data-testid="prediction-explanation">
                        { pick(lang, prediction.explanation) }
                    </p>
                    if props.skippable {
                        <button type="button" class="button" data-testid="prediction-close"
                            onclick={props.on_close.reform(|_| ())}>{ t(lang, Text::PredictClose) }</button>
                    }
                }
            </form>
        </section>
    }
}
