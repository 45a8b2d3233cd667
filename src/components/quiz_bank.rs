//! The question bank, grouped by the outline's parts, each part collapsed with its question
//! count and a link that starts a quiz of that part.

use crate::i18n::{Lang, Text, pick, t};
use crate::quiz_link::{Item, bank};
use crate::route::Route;
use course::Part;
use course::quiz::part_slug;
use yew::prelude::*;

/// The link that starts a quiz of `part` (`all` for every part); the page adds the seed.
fn start_href(part: &str) -> String {
    Route::Quiz(format!("part={part}")).href()
}

/// The bank, in `lang`.
pub fn quiz_bank(lang: Lang) -> Html {
    let items = bank();
    let parts = Part::ALL.into_iter().map(|part| {
        let questions: Vec<&Item> = items.iter().filter(|item| item.part() == part).collect();
        let slug = part_slug(part);
        let rows = questions.iter().map(|item| {
            html! {
                <li key={item.id()} data-question={item.id()} data-kind={item.kind()}>
                    { pick(lang, item.prompt()) }
                </li>
            }
        });
        html! {
            <li class="quiz-bank-part" key={slug} data-part={slug}>
                <details>
                    <summary>
                        <span class="quiz-bank-title">{ pick(lang, part.title()) }</span>
                        <span class="meta">{ format!(" · {} {}", questions.len(), t(lang, Text::QuizQuestions)) }</span>
                    </summary>
                    <ol class="quiz-bank-questions">{ for rows }</ol>
                </details>
                <a class="button quiz-start" href={start_href(slug)} data-testid={format!("quiz-start-{slug}")}>
                    { t(lang, Text::QuizStartPart) }
                </a>
            </li>
        }
    });
    html! {
        <section class="quiz-bank" aria-labelledby="quiz-bank-title" data-testid="quiz-bank">
            <div class="quiz-bank-head">
                <h2 id="quiz-bank-title">{ t(lang, Text::QuizBank) }</h2>
                <a class="button primary quiz-start" href={start_href("all")} data-testid="quiz-start-all">
                    { t(lang, Text::QuizStartAll) }
                </a>
            </div>
            <ul class="quiz-bank-parts">{ for parts }</ul>
        </section>
    }
}
