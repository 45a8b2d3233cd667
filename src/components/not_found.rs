//! The page for a URL that names no page: says which, and leads home.

use crate::i18n::{Lang, Text, t};
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    pub path: AttrValue,
}

#[component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    html! {
        <section class="panel not-found" data-testid="not-found">
            <h1>{ t(lang, Text::NotFoundTitle) }</h1>
            <p>{ t(lang, Text::NotFoundBody) }{ " " }<code>{ props.path.clone() }</code></p>
            <a class="button" href={Route::Home.href()}>{ t(lang, Text::BackHome) }</a>
        </section>
    }
}
