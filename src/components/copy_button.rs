//! A button that copies a text to the clipboard and says so; where the browser refuses the
//! clipboard it says that instead and offers the text selected in a field, to copy by hand.

use crate::embed_browser::copy_text;
use crate::i18n::{Lang, Text, t};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    pub label: Text,
    pub test_id: AttrValue,
    /// The field's label in the fallback; `None` when the text is on the page already (the
    /// embed dialog's code), so the fallback only says to copy it from there.
    #[prop_or_default]
    pub field_label: Option<Text>,
}

/// What the last click did.
#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Copied,
    Refused,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let outcome = use_state_eq(|| None::<Outcome>);
    // A new text (the moment moved on) makes the last confirmation stale.
    use_effect_with(props.text.clone(), {
        let outcome = outcome.clone();
        move |_| outcome.set(None)
    });
    let on_click = {
        let (outcome, text) = (outcome.clone(), props.text.clone());
        Callback::from(move |_| {
            let outcome = outcome.clone();
            copy_text(
                &text,
                Callback::from(move |ok| {
                    outcome.set(Some(if ok {
                        Outcome::Copied
                    } else {
                        Outcome::Refused
                    }))
                }),
            );
        })
    };
    // The fallback field selects its text when it gets focus, ready for Ctrl+C.
    let on_focus = Callback::from(|event: FocusEvent| {
        if let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            field.select();
        }
    });
    let status = match *outcome {
        None => Html::default(),
        Some(Outcome::Copied) => html! { <span>{ "✓ " }{ t(lang, Text::Copied) }</span> },
        Some(Outcome::Refused) => html! {
            <>
                <span>{ t(lang, Text::CopyRefused) }</span>
                if let Some(label) = props.field_label {
                    <label class="copy-fallback">
                        <span>{ t(lang, label) }</span>
                        <input type="text" readonly=true value={props.text.clone()}
                            onfocus={on_focus} data-testid={format!("{}-field", props.test_id)} />
                    </label>
                }
            </>
        },
    };
    html! {
        <span class="copy-button">
            <button type="button" class="button" onclick={on_click} data-testid={props.test_id.clone()}>
                { t(lang, props.label) }
            </button>
            <span class="copy-status" role="status" data-testid={format!("{}-status", props.test_id)}>
                { status }
            </span>
        </span>
    }
}
