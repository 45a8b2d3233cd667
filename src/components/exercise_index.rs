//! The list of every exercise, grouped by the parts of the course's outline.

use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use course::Part;
use yew::prelude::*;

/// The index, in `lang`; its links open the embed view's pages when it is `embedded`.
pub fn exercise_index(lang: Lang, embedded: bool) -> Html {
    let parts = Part::ALL.into_iter().map(|part| {
        let cards = course::exercises()
            .iter()
            .filter(|exercise| exercise.part == part)
            .map(|exercise| {
                let route = Route::Exercise {
                    id: exercise.id.to_string(),
                    link: Default::default(),
                };
                let href = if embedded { Route::Embed(Box::new(route)) } else { route }.href();
                html! {
                    <li key={exercise.id}>
                        <a class="exercise-card" {href} data-testid={format!("exercise-link-{}", exercise.id)}>
                            <span class="exercise-title">{ pick(lang, exercise.title) }</span>
                            <span class="exercise-file">{ exercise.sources[0].file }</span>
                            <span class="exercise-teaches">{ pick(lang, exercise.teaches) }</span>
                        </a>
                    </li>
                }
            });
        html! {
            <section class="part" key={pick(Lang::En, part.title())}>
                <h3>{ pick(lang, part.title()) }</h3>
                <ul class="exercise-cards">{ for cards }</ul>
            </section>
        }
    });
    html! {
        <section class="exercise-index" aria-labelledby="exercises-title" data-testid="exercise-index">
            <h2 id="exercises-title">{ t(lang, Text::Exercises) }</h2>
            <p class="lead">{ t(lang, Text::ExercisesIntro) }</p>
            { for parts }
        </section>
    }
}
