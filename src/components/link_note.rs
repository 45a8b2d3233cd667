//! The note on a page opened from a link with parts it could not use: what was left out and
//! why, politely, above the page the rest of the link opened.

use crate::deep_link::Ignored;
use crate::i18n::{Lang, Text, t};
use yew::prelude::*;

/// What the note says about one ignored part, and that part as the link wrote it.
fn line(ignored: &Ignored) -> (Text, String) {
    match ignored {
        Ignored::Malformed(name, value) => (Text::LinkMalformed, format!("{name}={value}")),
        Ignored::PastEnd(at) => (Text::LinkPastEnd, format!("at={at}")),
        Ignored::NoStep(seq) => (Text::LinkNoStep, format!("seq={seq}")),
        Ignored::WhatIf(key) => (Text::LinkNoWhatIf, format!("whatif={key}")),
        Ignored::UnknownStep(name) => (Text::LinkUnknownStep, format!("step={name}")),
        Ignored::NoRun(run) => (Text::LinkNoRun, format!("run={run}")),
        Ignored::UnknownExercise(id) => (Text::LinkUnknownExercise, id.clone()),
    }
}

/// The note on the `ignored` parts of a link; nothing when it had none.
pub fn link_note(lang: Lang, ignored: &[Ignored]) -> Html {
    if ignored.is_empty() {
        return Html::default();
    }
    let lines = ignored.iter().map(|ignored| {
        let (text, part) = line(ignored);
        html! { <li><code>{ part }</code>{ ": " }{ t(lang, text) }</li> }
    });
    html! {
        <div class="link-note" role="status" data-testid="link-note">
            <p>{ t(lang, Text::LinkIgnored) }</p>
            <ul>{ for lines }</ul>
        </div>
    }
}
