//! A quiz's score (overall and per part) and what can be done with it: download it as JSON or
//! CSV, print a summary, or reset the stored progress.

use crate::i18n::{Lang, Text, pick, t};
use crate::quiz_browser::print;
use crate::quiz_export::data_url;
use crate::quiz_progress::{QuizResult, Score};
use yew::prelude::*;

fn fraction(score: Score) -> String {
    format!("{} / {}", score.correct, score.total)
}

/// The score of `result` and its actions; `on_reset` forgets the stored progress.
pub fn quiz_results(lang: Lang, result: &QuizResult, on_reset: &Callback<()>) -> Html {
    let score = result.score();
    let finished = result.is_finished();
    let parts = result.part_scores().into_iter().map(|(part, s)| {
        html! {
            <tr key={pick(Lang::En, part.title())}>
                <th scope="row">{ pick(lang, part.title()) }</th>
                <td>{ fraction(s) }</td>
                <td>{ format!("{} / {}", s.answered, s.total) }</td>
            </tr>
        }
    });
    let json = data_url("application/json", &result.to_json());
    let csv = data_url("text/csv", &result.to_csv());
    let on_print = Callback::from(|_| print());
    let on_reset = on_reset.reform(|_| ());
    html! {
        <section class="quiz-results panel" aria-labelledby="quiz-results-title" data-testid="quiz-results"
            data-finished={finished.to_string()}>
            <h2 id="quiz-results-title">
                { t(lang, if finished { Text::QuizFinished } else { Text::QuizProgress }) }
            </h2>
            <p class="quiz-score" data-testid="quiz-score" data-score={score.correct.to_string()}
                data-total={score.total.to_string()}>
                <strong>{ t(lang, Text::QuizScore) }{ ": " }{ fraction(score) }</strong>
                <span class="meta">{ format!(" · {}: {} / {}", t(lang, Text::QuizAnswered), score.answered, score.total) }</span>
            </p>
            <table class="quiz-part-scores">
                <caption>{ t(lang, Text::QuizPartScores) }</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{ t(lang, Text::QuizPartScores) }</span></th>
                        <th scope="col">{ t(lang, Text::QuizScore) }</th>
                        <th scope="col">{ t(lang, Text::QuizAnswered) }</th>
                    </tr>
                </thead>
                <tbody>{ for parts }</tbody>
            </table>
            <div class="quiz-actions">
                <a class="button" href={json} download={result.file_name("json")} data-testid="quiz-download-json">
                    { t(lang, Text::QuizDownloadJson) }
                </a>
                <a class="button" href={csv} download={result.file_name("csv")} data-testid="quiz-download-csv">
                    { t(lang, Text::QuizDownloadCsv) }
                </a>
                <button type="button" class="button" onclick={on_print} data-testid="quiz-print">
                    { t(lang, Text::QuizPrint) }
                </button>
                <button type="button" class="button" onclick={on_reset} data-testid="quiz-reset">
                    { t(lang, Text::QuizReset) }
                </button>
            </div>
        </section>
    }
}
