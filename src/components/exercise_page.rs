//! An exercise's page: what it teaches and its programs.

use crate::components::code_view::CodeView;
use crate::components::producer_step::ProducerStep;
use crate::exercise_run::Run;
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExercisePageProps {
    pub exercise: &'static course::Exercise,
}

#[component]
pub fn ExercisePage(props: &ExercisePageProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let exercise = props.exercise;
    let run = use_memo(exercise.id, move |_| {
        Run::producer(exercise).map(|r| r.map(Rc::new))
    });
    let stepped = match &*run {
        Some(Ok(run)) => Some(run.file),
        _ => None,
    };
    let step_through = match &*run {
        Some(Ok(run)) => html! { <ProducerStep key={exercise.id} run={run.clone()} {exercise} /> },
        Some(Err(error)) => html! {
            <p class="error" role="alert">{ t(lang, Text::RunFailed) }{ " " }<code>{ error.clone() }</code></p>
        },
        None => html! {},
    };
    let sources = exercise
        .sources
        .iter()
        .filter(|source| Some(source.file) != stepped)
        .map(|source| html! { <CodeView key={source.file} file={source.file} source={source.text} /> });
    html! {
        <article class="exercise" data-testid="exercise-page">
            <nav class="breadcrumbs">
                <a href={Route::Home.href()}>{ t(lang, Text::Exercises) }</a>
                <span aria-hidden="true">{ " › " }</span>
                <span>{ pick(lang, exercise.part.title()) }</span>
            </nav>
            <h1 data-testid="exercise-title">{ pick(lang, exercise.title) }</h1>
            <p class="lead">{ pick(lang, exercise.teaches) }</p>
            { step_through }
            <div class="sources">{ for sources }</div>
        </article>
    }
}
