//! An exercise's page: what it teaches, its lesson's step-through, and the programs the
//! step-through does not run.

use crate::components::app::Embedded;
use crate::components::code_view::CodeView;
use crate::components::link_note::link_note;
use crate::components::step_through::{KeyboardScope, StepThrough};
use crate::deep_link::{Ignored, MomentLink};
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExercisePageProps {
    pub exercise: &'static course::Exercise,
    /// The moment to open at (`?step=`, `?at=...`: `crate::deep_link`); what it cannot use
    /// is noted and the rest opens.
    #[prop_or_default]
    pub link: MomentLink,
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
    // The link's run and named step, checked against the lesson.
    let link = use_memo((props.link.clone(), exercise.id), |(link, _)| {
        let mut link = link.clone();
        if let Some(lesson) = &*lesson {
            if link.run >= lesson.runs().len() {
                link.ignored.push(Ignored::NoRun(link.run));
                link.run = 0;
            }
            if let Some(name) = link
                .step
                .as_deref()
                .filter(|&name| lesson.step_named(name).is_none())
            {
                link.ignored.push(Ignored::UnknownStep(name.to_string()));
            }
        }
        Rc::new(link)
    });
    let step = link
        .step
        .as_deref()
        .and_then(|name| lesson.as_ref().as_ref()?.step_named(name));
    let embedded = use_context::<Embedded>();
    let compact = embedded.is_some_and(|embed| embed.compact);
    let sources = exercise
        .sources
        .iter()
        .filter(|source| !stepped.contains(&source.file))
        .map(|source| html! { <CodeView key={source.file} file={source.file} source={source.text} /> });
    html! {
        <article class={classes!("exercise", compact.then_some("compact"))} data-testid="exercise-page">
            // Inside a course page's iframe, a link home would open the whole site in it.
            if embedded.is_none() {
                <nav class="breadcrumbs">
                    <a href={Route::Home.href()}>{ t(lang, Text::Exercises) }</a>
                    <span aria-hidden="true">{ " › " }</span>
                    <span>{ pick(lang, exercise.part.title()) }</span>
                </nav>
            }
            <h1 data-testid="exercise-title">{ pick(lang, exercise.title) }</h1>
            if !compact {
                <p class="lead">{ pick(lang, exercise.teaches) }</p>
            }
            if lesson.is_none() {
                { link_note(lang, &link.ignored) }
            }
            if let Some(lesson) = &*lesson {
                <KeyboardScope>
                <div class={classes!("runs", (lesson.runs().len() > 1).then_some("side-by-side"))}>
                    { for lesson.runs().into_iter().enumerate().map(|(run, label)| html! {
                        // A new link opens the run afresh.
                        <section class="run" key={format!("{}-{run}-{}", exercise.id, props.link.query())} data-testid={format!("run-{run}")}>
                            if lesson.runs().len() > 1 {
                                <h2 class="run-label">{ pick(lang, label) }</h2>
                            }
                            <StepThrough lesson={lesson.clone()} {exercise} {run} share={embedded.is_none()}
                                step={step.clone().filter(|_| run == 0)}
                                link={(run == link.run).then(|| (*link).clone())} />
                        </section>
                    }) }
                </div>
                </KeyboardScope>
            }
            if !compact {
                <div class="sources">{ for sources }</div>
            }
        </article>
    }
}
