//! A button that copies a text to the clipboard and says so; where the browser refuses the
//! clipboard it says that instead and offers the text selected in a field, to copy by hand.

use crate::embed_browser::copy_text;
use crate::i18n::{Lang, Text, t};
use wasm_bindgen::JsCast;
use yew::html::IntoPropValue;
use yew::prelude::*;

/// What a [`CopyButton`] copies.
#[derive(Clone, PartialEq)]
pub enum CopyText {
    /// A text at hand (a link, an embed code).
    Ready(AttrValue),
    /// A text built only when the button is pressed: a playing step-through's console text
    /// would otherwise be built on every frame for a click that rarely comes.
    Built {
        /// Names what the text is of (the moment shown): a new one makes the last
        /// confirmation stale.
        of: AttrValue,
        build: Callback<(), AttrValue>,
    },
}

impl CopyText {
    fn of(&self) -> AttrValue {
        match self {
            CopyText::Ready(text) | CopyText::Built { of: text, .. } => text.clone(),
        }
    }

    fn text(&self) -> AttrValue {
        match self {
            CopyText::Ready(text) => text.clone(),
            CopyText::Built { build, .. } => build.emit(()),
        }
    }
}

/// No text: a diagram without consoles to copy.
impl Default for CopyText {
    fn default() -> Self {
        CopyText::Ready(AttrValue::default())
    }
}

impl IntoPropValue<CopyText> for String {
    fn into_prop_value(self) -> CopyText {
        CopyText::Ready(self.into())
    }
}

impl IntoPropValue<CopyText> for AttrValue {
    fn into_prop_value(self) -> CopyText {
        CopyText::Ready(self)
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: CopyText,
    pub label: Text,
    pub test_id: AttrValue,
    /// The field's label in the fallback; `None` when the text is on the page already (the
    /// embed dialog's code), so the fallback only says to copy it from there.
    #[prop_or_default]
    pub field_label: Option<Text>,
}

/// What the last click did; a refusal keeps the text, for the field to copy it by hand.
#[derive(Clone, PartialEq)]
enum Outcome {
    Copied,
    Refused(AttrValue),
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let outcome = use_state_eq(|| None::<Outcome>);
    // A new text (the moment moved on) makes the last confirmation stale.
    use_effect_with(props.text.of(), {
        let outcome = outcome.clone();
        move |_| outcome.set(None)
    });
    let on_click = {
        let (outcome, text) = (outcome.clone(), props.text.clone());
        Callback::from(move |_| {
            let (outcome, text) = (outcome.clone(), text.text());
            let refused = text.clone();
            copy_text(
                &text,
                Callback::from(move |ok| {
                    outcome.set(Some(if ok {
                        Outcome::Copied
                    } else {
                        Outcome::Refused(refused.clone())
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
    let status = match &*outcome {
        None => Html::default(),
        Some(Outcome::Copied) => html! { <span>{ "✓ " }{ t(lang, Text::Copied) }</span> },
        Some(Outcome::Refused(text)) => html! {
            <>
                <span>{ t(lang, Text::CopyRefused) }</span>
                if let Some(label) = props.field_label {
                    <label class="copy-fallback">
                        <span>{ t(lang, label) }</span>
                        <input type="text" readonly=true value={text.clone()}
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_built_text_is_built_only_when_asked_for() {
        let built = Rc::new(Cell::new(0));
        let copy = CopyText::Built {
            of: "12-None".into(),
            build: {
                let built = built.clone();
                Callback::from(move |()| {
                    built.set(built.get() + 1);
                    AttrValue::from("# C1\nhello")
                })
            },
        };
        assert_eq!(copy.of(), "12-None");
        assert_eq!(built.get(), 0, "naming the moment builds nothing");
        assert_eq!(copy.text(), "# C1\nhello");
        assert_eq!(built.get(), 1);
    }

    #[test]
    fn a_ready_text_is_what_it_is_of() {
        let copy: CopyText = String::from("https://example.org/#/x").into_prop_value();
        assert_eq!(copy.of(), "https://example.org/#/x");
        assert_eq!(copy.text(), copy.of());
        assert_eq!(CopyText::default().text(), "");
    }
}
