//! The top bar: the product's name and the language switch.

use crate::i18n::{Lang, Text, t};
use crate::route::Route;
use yew::prelude::*;

/// The bar in `lang`; `on_lang` switches the language.
pub fn header(lang: Lang, on_lang: &Callback<Lang>) -> Html {
    let switch = Lang::ALL.into_iter().map(|choice| {
        let on_click = on_lang.reform(move |_| choice);
        html! {
            <button
                type="button"
                class={classes!("lang-option", (choice == lang).then_some("active"))}
                aria-pressed={(choice == lang).to_string()}
                lang={choice.tag()}
                data-testid={format!("lang-{}", choice.tag())}
                onclick={on_click}
            >
                { choice.native_name() }
            </button>
        }
    });
    html! {
        <header class="top-bar">
            <a class="brand" href={Route::Home.href()}>
                <span class="brand-mark" aria-hidden="true">{ "K" }</span>
                <span>
                    <span class="brand-name" data-testid="app-title">{ t(lang, Text::AppTitle) }</span>
                    <span class="brand-tagline">{ t(lang, Text::AppTagline) }</span>
                </span>
            </a>
            <nav class="top-nav" aria-label={t(lang, Text::QuizNav)}>
                <a class="top-nav-link" href={Route::Quiz(String::new()).href()} data-testid="nav-quiz">
                    { t(lang, Text::QuizNav) }
                </a>
                <a class="top-nav-link" href={Route::Playground(String::new()).href()} data-testid="nav-playground">{ t(lang, Text::PlaygroundNav) }</a>
            </nav>
            <div class="lang-switch" role="group" aria-label={t(lang, Text::Language)}>
                { for switch }
            </div>
        </header>
    }
}
