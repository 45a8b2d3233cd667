//! `#/quiz`: the question bank, and the quiz a link names (`#/quiz?part=commits&seed=7`).
//! Answers are stored as they are given; a finished quiz inside a frame tells its parent page.

use crate::components::app::Embedded;
use crate::components::embed_dialog::EmbedDialog;
use crate::components::step_through::KeyboardScope;
use crate::components::{
    link_note::link_note, quiz_bank::quiz_bank, quiz_embedded::QuizEmbedded,
    quiz_question::QuizQuestion, quiz_results::quiz_results,
};
use crate::deep_link::MomentLink;
use crate::i18n::{Lang, Text, pick, t};
use crate::quiz_browser::{
    clear_progress, load_progress, new_seed, post_to_parent, replace_hash, save_progress,
};
use crate::quiz_link::{Answer, Item, Problem, QuizLink, Request, parse};
use crate::quiz_progress::{Progress, Recovery};
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuizPageProps {
    /// The route's query, as written (`part=commits&seed=7`).
    pub query: AttrValue,
}

#[component]
pub fn QuizPage(props: &QuizPageProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let request = parse(&props.query);
    let stored = use_state(load_progress);
    let (progress, recovery) = (*stored).clone();
    // Whether the browser refused to store an answer: the student is told that a reload
    // loses them.
    let unsaved = use_state(|| false);
    let embedded = use_context::<Embedded>().is_some();

    // A link without a seed gets one, written into the URL so that it can be shared (and
    // kept in the embed view when embedded).
    use_effect_with(request.clone(), move |request| {
        if let Request::Quiz { part, seed: None } = *request {
            let link = QuizLink {
                part,
                seed: new_seed(),
            };
            let route = Route::Quiz(link.query());
            replace_hash(&if embedded {
                Route::Embed(Box::new(route)).href()
            } else {
                route.href()
            });
        }
    });

    let (link, problems) = match request {
        Request::Overview | Request::Quiz { seed: None, .. } => (None, Vec::new()),
        Request::Quiz {
            part,
            seed: Some(seed),
        } => (Some(QuizLink { part, seed }), Vec::new()),
        Request::Malformed { problems, fallback } => (Some(fallback), problems),
    };

    let storage_note = match recovery {
        _ if *unsaved => Some(Text::QuizUnsaved),
        Recovery::Clean => None,
        Recovery::Repaired { .. } => Some(Text::QuizRepaired),
        Recovery::Discarded => Some(Text::QuizDiscarded),
    }
    .map(|text| {
        html! { <p class="quiz-note" role="status" data-testid="quiz-storage-note">{ t(lang, text) }</p> }
    });

    let problem_note = (!problems.is_empty()).then(|| {
        let lines = problems.iter().map(|problem| {
            let (text, value) = match problem {
                Problem::UnknownPart(value) => (Text::QuizBadPart, value),
                Problem::BadSeed(value) => (Text::QuizBadSeed, value),
            };
            html! { <li>{ t(lang, text) }{ " " }<code>{ format!("{value:?}") }</code></li> }
        });
        html! {
            <div class="quiz-note quiz-note-problem" role="alert" data-testid="quiz-link-problem">
                <ul>{ for lines }</ul>
                <p>{ t(lang, Text::QuizFallback) }</p>
            </div>
        }
    });

    let run = link.map(|link| {
        let on_answer = {
            let (stored, unsaved) = (stored.clone(), unsaved.clone());
            let progress = progress.clone();
            Callback::from(move |(item, answer): (Item, Answer)| {
                let was_finished = progress.result(link).is_finished();
                let mut next = progress.clone();
                next.record(link, &item, answer);
                unsaved.set(!save_progress(&next));
                let result = next.result(link);
                if result.is_finished() && !was_finished {
                    post_to_parent(&result.to_json());
                }
                stored.set((next, Recovery::Clean));
            })
        };
        let on_reset = {
            let stored = stored.clone();
            Callback::from(move |()| {
                clear_progress();
                stored.set((Progress::default(), Recovery::Clean));
            })
        };
        html! {
            <QuizRun
                {link}
                progress={progress.clone()}
                {on_answer}
                {on_reset}
            />
        }
    });

    html! {
        <div class="quiz" data-testid="quiz-page">
            <h1>{ t(lang, Text::QuizTitle) }</h1>
            <p class="lead">{ t(lang, Text::QuizIntro) }</p>
            { storage_note }
            { link_note(lang, &MomentLink::ignored_lang(&props.query)) }
            { problem_note }
            { run }
            // The bank's links lead elsewhere on the site: not inside a course page's frame.
            if !embedded {
                { quiz_bank(lang) }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct QuizRunProps {
    link: QuizLink,
    progress: Progress,
    on_answer: Callback<(Item, Answer)>,
    on_reset: Callback<()>,
}

/// The quiz a link names: its link to share, its score, its questions in the seed's order.
#[component]
fn QuizRun(props: &QuizRunProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let link = props.link;
    let result = props.progress.result(link);
    let title = link
        .part
        .map_or(t(lang, Text::QuizAllParts), |part| pick(lang, part.title()));
    let questions = result.rows.iter().enumerate().map(|(index, row)| {
        let item = row.item;
        let number = index + 1;
        match item {
            Item::Concept(question) => {
                let on_answer = props
                    .on_answer
                    .reform(move |picked| (item, Answer::Picked(picked)));
                let answer = match &row.answer {
                    Some(Answer::Picked(picked)) => Some(picked.clone()),
                    _ => None,
                };
                html! {
                    <QuizQuestion
                        key={question.id}
                        {question}
                        order={link.choice_order(&item)}
                        {number}
                        {answer}
                        {on_answer}
                    />
                }
            }
            Item::Predict(_) | Item::Practice(_) => {
                let on_result = props
                    .on_answer
                    .reform(move |right| (item, Answer::Outcome(right)));
                let answer = match row.answer {
                    Some(Answer::Outcome(right)) => Some(right),
                    _ => None,
                };
                html! { <QuizEmbedded key={item.id()} {item} {number} {answer} {on_result} /> }
            }
        }
    });
    let href = link.href();
    let embedded = use_context::<Embedded>().is_some();
    // Whoever answers the last question is at the bottom: say the score there too.
    let finished = result.is_finished().then(|| {
        let score = result.score();
        html! {
            <p class="quiz-end panel" role="status" data-testid="quiz-end">
                <strong>{ t(lang, Text::QuizFinished) }</strong>
                { format!(" · {}: {} / {}", t(lang, Text::QuizScore), score.correct, score.total) }
            </p>
        }
    });
    html! {
        <section class="quiz-run" aria-labelledby="quiz-run-title" data-testid="quiz-run"
            data-quiz={link.key()}>
            <h2 id="quiz-run-title">{ title }</h2>
            if !embedded {
                <p class="quiz-link">
                    { t(lang, Text::QuizLinkLabel) }{ " " }
                    <a href={href.clone()} data-testid="quiz-link">{ href.clone() }</a>
                    { " · " }
                    <a href={Route::Quiz(String::new()).href()}>{ t(lang, Text::QuizBackToBank) }</a>
                </p>
                <div class="share-bar">
                    <EmbedDialog page={Route::Quiz(format!("{}&lang={lang}", link.query()))}
                        title={format!("{}: {}", t(lang, Text::AppTitle), title)} />
                </div>
            }
            { quiz_results(lang, &result, &props.on_reset) }
            <KeyboardScope><ol class="quiz-questions">{ for questions }</ol></KeyboardScope>
            { finished }
        </section>
    }
}
