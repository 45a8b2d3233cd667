//! The playground editor's fields: a label, the input, and the error that belongs to it next
//! to it. A field keeps what the student typed while it does not read (a half-typed number, a
//! dict with a missing quote) and says why, instead of losing it.

use crate::i18n::{Lang, Text, t};
use crate::playground::config_text;
use crate::playground::draft::Dict;
use kafka_sim::scenario::ScenarioError;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The message of `error` if it is about `path` or something inside it.
pub fn error_at(error: Option<&ScenarioError>, path: &str) -> Option<AttrValue> {
    let error = error?;
    let rest = error.path.strip_prefix(path)?;
    (rest.is_empty() || rest.starts_with(['.', '['])).then(|| error.message.clone().into())
}

fn input_value(event: &InputEvent) -> String {
    let target = event.target();
    if let Some(input) = target
        .clone()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    {
        input.value()
    } else if let Some(area) = target.and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
        area.value()
    } else {
        String::new()
    }
}

/// The error line under a field.
fn field_error(id: &str, error: Option<&AttrValue>) -> Html {
    match error {
        Some(message) => html! {
            <span class="field-error" id={id.to_string()} data-testid={id.to_string()} role="alert">{ message.clone() }</span>
        },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub label: Text,
    pub value: Option<i64>,
    /// Whether it may be left empty (`None`).
    #[prop_or_default]
    pub optional: bool,
    #[prop_or(0)]
    pub min: i64,
    #[prop_or(i64::MAX)]
    pub max: i64,
    pub test_id: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_change: Callback<Option<i64>>,
}

#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let invalid = use_state_eq(|| None::<AttrValue>);
    let oninput = {
        let (invalid, on_change) = (invalid.clone(), props.on_change.clone());
        let (optional, min, max) = (props.optional, props.min, props.max);
        Callback::from(move |event: InputEvent| {
            let text = input_value(&event);
            let value = match text.trim() {
                "" if optional => Ok(None),
                text => match text.parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                    _ => Err(()),
                },
            };
            match value {
                Ok(value) => {
                    invalid.set(None);
                    on_change.emit(value);
                }
                Err(()) => {
                    let range = if max == i64::MAX {
                        format!("≥ {min}")
                    } else {
                        format!("{min}–{max}")
                    };
                    invalid.set(Some(
                        format!("{} ({range})", t(lang, Text::PgNotNumber)).into(),
                    ));
                }
            }
        })
    };
    let error = (*invalid).clone().or_else(|| props.error.clone());
    let error_id = format!("{}-error", props.test_id);
    html! {
        <label class="field">
            <span class="field-label">{ t(lang, props.label) }</span>
            <input type="number" inputmode="numeric" min={props.min.to_string()}
                max={(props.max != i64::MAX).then(|| props.max.to_string())}
                value={props.value.map(|v| v.to_string()).unwrap_or_default()}
                data-testid={props.test_id.clone()} aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| error_id.clone())} {oninput} />
            { field_error(&error_id, error.as_ref()) }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub label: Text,
    pub value: AttrValue,
    pub test_id: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_change: Callback<String>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let oninput = props
        .on_change
        .reform(|event: InputEvent| input_value(&event));
    let error_id = format!("{}-error", props.test_id);
    html! {
        <label class="field">
            <span class="field-label">{ t(lang, props.label) }</span>
            <input type="text" value={props.value.clone()} data-testid={props.test_id.clone()}
                spellcheck="false" aria-invalid={props.error.is_some().to_string()}
                aria-describedby={props.error.is_some().then(|| error_id.clone())} {oninput} />
            { field_error(&error_id, props.error.as_ref()) }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub label: Text,
    /// (value, label) of each option.
    pub options: Vec<(&'static str, Text)>,
    pub value: AttrValue,
    pub test_id: AttrValue,
    pub on_change: Callback<String>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onchange = props.on_change.reform(|event: Event| {
        event
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .map(|select| select.value())
            .unwrap_or_default()
    });
    let options = props.options.iter().map(|(value, label)| {
        html! {
            <option value={*value} selected={props.value == *value}>{ t(lang, *label) }</option>
        }
    });
    html! {
        <label class="field">
            <span class="field-label">{ t(lang, props.label) }</span>
            <select data-testid={props.test_id.clone()} {onchange}>{ for options }</select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    pub label: Text,
    pub checked: bool,
    pub test_id: AttrValue,
    pub on_change: Callback<bool>,
}

#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onchange = props.on_change.reform(|event: Event| {
        event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|input| input.checked())
    });
    html! {
        <label class="field check">
            <input type="checkbox" checked={props.checked} data-testid={props.test_id.clone()} {onchange} />
            <span class="field-label">{ t(lang, props.label) }</span>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfigFieldProps {
    /// What the dict is passed to (librdkafka's `Producer(props)`, kafka-python's keywords).
    #[prop_or(Text::PgConfig)]
    pub label: Text,
    pub dict: Dict,
    pub test_id: AttrValue,
    /// What `Producer(props)` / `Consumer(props)` raises for it.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_change: Callback<Dict>,
}

/// A configuration dict typed as Python: a text that does not read as a dict keeps its text
/// and shows Python's complaint; one that does goes to the scenario, where the client checks
/// it.
#[component]
pub fn ConfigField(props: &ConfigFieldProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let text = use_state(|| config_text::render(&props.dict.0));
    let syntax = use_state_eq(|| None::<AttrValue>);
    // A dict changed elsewhere (group.instance.id, the commit style, an import) is shown,
    // unless it is what the typed text already says.
    use_effect_with(props.dict.clone(), {
        let (text, syntax) = (text.clone(), syntax.clone());
        move |dict: &Dict| {
            if config_text::parse(&text).as_ref() != Ok(&dict.0) {
                text.set(config_text::render(&dict.0));
                syntax.set(None);
            }
        }
    });
    let oninput = {
        let (text, syntax, on_change) = (text.clone(), syntax.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let typed = input_value(&event);
            match config_text::parse(&typed) {
                Ok(pairs) => {
                    syntax.set(None);
                    on_change.emit(Dict(pairs));
                }
                Err(message) => syntax.set(Some(message.into())),
            }
            text.set(typed);
        })
    };
    let error = (*syntax).clone().or_else(|| props.error.clone());
    let error_id = format!("{}-error", props.test_id);
    html! {
        <label class="field config">
            <span class="field-label">{ t(lang, props.label) }</span>
            <textarea rows="3" spellcheck="false" value={(*text).clone()}
                data-testid={props.test_id.clone()} aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| error_id.clone())} {oninput} />
            { field_error(&error_id, error.as_ref()) }
        </label>
    }
}
