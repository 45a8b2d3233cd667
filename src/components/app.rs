//! The root: the language context, the header and the page the route names.

use crate::components::{
    exercise_page::ExercisePage, header::Header, home::Home, not_found::NotFound,
    quiz_page::QuizPage,
};
use crate::hooks::{use_hash_route, use_lang};
use crate::i18n::{Text, t};
use crate::route::Route;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let (lang, set_lang) = use_lang();
    let route = use_hash_route();
    let page = match route.clone() {
        Route::Home => html! { <Home /> },
        Route::Exercise { id, step } => match course::exercise(&id) {
            Some(exercise) => html! { <ExercisePage {exercise} {step} /> },
            None => html! { <NotFound path={route.href()} /> },
        },
        Route::Quiz(query) => html! { <QuizPage {query} /> },
        Route::NotFound(path) => html! { <NotFound {path} /> },
    };
    html! {
        <ContextProvider<crate::i18n::Lang> context={lang}>
            <a class="skip-link" href="#main">{ t(lang, Text::SkipToContent) }</a>
            <Header on_lang={set_lang} />
            <main id="main">{ page }</main>
        </ContextProvider<crate::i18n::Lang>>
    }
}
