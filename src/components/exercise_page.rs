//! An exercise's page: what it teaches and its programs.

use crate::components::code_view::CodeView;
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExercisePageProps {
    pub exercise: &'static course::Exercise,
}

#[component]
pub fn ExercisePage(props: &ExercisePageProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let exercise = props.exercise;
    let sources = exercise.sources.iter().map(|source| {
        html! { <CodeView key={source.file} file={source.file} source={source.text} /> }
    });
    html! {
        <article class="exercise" data-testid="exercise-page">
            <nav class="breadcrumbs">
                <a href={Route::Home.href()}>{ t(lang, Text::Exercises) }</a>
                <span aria-hidden="true">{ " › " }</span>
                <span>{ pick(lang, exercise.part.title()) }</span>
            </nav>
            <h1 data-testid="exercise-title">{ pick(lang, exercise.title) }</h1>
            <p class="lead">{ pick(lang, exercise.teaches) }</p>
            <div class="sources">{ for sources }</div>
        </article>
    }
}
