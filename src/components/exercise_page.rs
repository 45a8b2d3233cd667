//! An exercise's page: what it teaches, its lesson's step-through, and the programs the
//! step-through does not run.

use crate::components::code_view::CodeView;
use crate::components::step_through::{KeyboardScope, StepThrough};
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExercisePageProps {
    pub exercise: &'static course::Exercise,
    /// The moment to open the first run at (`?step=`); an unknown name opens the start.
    #[prop_or_default]
    pub step: Option<String>,
}

#[component]
pub fn ExercisePage(props: &ExercisePageProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let exercise = props.exercise;
    let lesson = use_memo(exercise.id, |id| course::lesson(id).map(Rc::new));
    // A hash route keeps the scroll of the page before it: open an exercise at its top, not
    // where the student left the index.
    use_effect_with(exercise.id, |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    let stepped: Vec<&str> = lesson
        .as_ref()
        .as_ref()
        .map(|lesson| {
            let producers = (0..8).map(kafka_sim::engine::Process::Producer);
            let consumers = (0..8).map(kafka_sim::engine::Process::Consumer);
            let processes: Vec<_> = producers.chain(consumers).collect();
            (0..lesson.runs().len())
                .flat_map(|run| {
                    processes
                        .iter()
                        .filter_map(move |&p| lesson.source_in_run(run, p).map(|s| s.file))
                })
                .collect()
        })
        .unwrap_or_default();
    let sources = exercise
        .sources
        .iter()
        .filter(|source| !stepped.contains(&source.file))
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
            if let Some(lesson) = &*lesson {
                <KeyboardScope>
                <div class={classes!("runs", (lesson.runs().len() > 1).then_some("side-by-side"))}>
                    { for lesson.runs().into_iter().enumerate().map(|(run, label)| html! {
                        <section class="run" key={format!("{}-{run}-{:?}", exercise.id, props.step)} data-testid={format!("run-{run}")}>
                            if lesson.runs().len() > 1 {
                                <h2 class="run-label">{ pick(lang, label) }</h2>
                            }
                            <StepThrough lesson={lesson.clone()} {exercise} {run}
                                step={(run == 0).then(|| props.step.as_deref().and_then(|name| lesson.step_named(name))).flatten()} />
                        </section>
                    }) }
                </div>
                </KeyboardScope>
            }
            <div class="sources">{ for sources }</div>
        </article>
    }
}
