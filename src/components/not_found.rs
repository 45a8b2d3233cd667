//! The page for a URL that names no page: says which, and leads home.

use crate::i18n::{Lang, Text, t};
use crate::route::Route;
use yew::prelude::*;

/// The page for `path`.
pub fn not_found(lang: Lang, path: &str) -> Html {
    html! {
        <section class="panel not-found" data-testid="not-found">
            <h1>{ t(lang, Text::NotFoundTitle) }</h1>
            <p>{ t(lang, Text::NotFoundBody) }{ " " }<code>{ path.to_string() }</code></p>
            <a class="button" href={Route::Home.href()}>{ t(lang, Text::BackHome) }</a>
        </section>
    }
}
