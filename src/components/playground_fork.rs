//! A fork beside its original run (issue 16, item 2): what the fork changed, the two
//! summaries figure by figure with the differing ones marked (a sign and a word in the first
//! column, seen without scrolling on a phone, not a colour alone), each console's first differing line with a button to go there, and the two runs
//! side by side, played, stepped and scrubbed on one clock.

use crate::components::playback_controls::{Keys, clock, playback_controls};
use crate::components::playground_run::{MS_PER_SECOND, RunPane};
use crate::components::playground_summary::{PRODUCER_FIELDS, by_partition, records};
use crate::exercise_run::Run;
use crate::hooks::{use_playback_keys, use_playing};
use crate::i18n::{Lang, Text, t};
use crate::playground::fork::{self, Change, Compared, ConsoleDifference, Figure, Printed};
use crate::state::playback::{Millis, PlaybackAction};
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// How many of the fork's changes are listed; the rest are counted.
const CHANGES_LISTED: usize = 6;

#[derive(Properties)]
pub struct PlaygroundForkProps {
    pub original: Rc<Run>,
    pub fork: Rc<Run>,
    pub original_summary: Rc<Value>,
    pub fork_summary: Rc<Value>,
    /// What the fork changed in the scenario.
    pub changes: Rc<Vec<Change>>,
    /// Where the fork was taken: the runs open there.
    pub at: Millis,
}

/// Compared by identity: the page makes new values only for a new run (and remounts this).
impl PartialEq for PlaygroundForkProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.original, &other.original)
            && Rc::ptr_eq(&self.fork, &other.fork)
            && Rc::ptr_eq(&self.changes, &other.changes)
            && self.at == other.at
    }
}

/// A label without its trailing colon (the summary's labels lead a value).
fn bare(lang: Lang, text: Text) -> &'static str {
    t(lang, text).trim_end_matches([':', '：'])
}

/// A summary figure's label.
fn figure_label(lang: Lang, figure: &Figure) -> String {
    match figure {
        Figure::Time => bare(lang, Text::PgEndTime).into(),
        Figure::Finished => bare(lang, Text::PgFinished).into(),
        Figure::Producer(field) => PRODUCER_FIELDS
            .iter()
            .find(|(name, _)| name == field)
            .map_or(field.clone(), |(_, label)| t(lang, *label).into()),
        Figure::Duplicates => bare(lang, Text::PgDuplicates).into(),
        Figure::Group { id, what } => {
            let what = match *what {
                "committed" => Text::PgCommittedOffsets,
                "lag" => Text::PgLag,
                _ => Text::PgLosses,
            };
            format!("{} {id} · {}", t(lang, Text::PgGroup), t(lang, what))
        }
    }
}

/// A figure's value as the summary shows it; a dash where the run does not have it.
fn figure_value(lang: Lang, figure: &Figure, value: &Value) -> String {
    match (figure, value) {
        (_, Value::Null) => "—".into(),
        (Figure::Finished, Value::Bool(true)) => t(lang, Text::PgYes).into(),
        (Figure::Finished, _) => t(lang, Text::PgNo).into(),
        (Figure::Duplicates, list) => records(lang, list),
        (Figure::Group { what: "losses", .. }, list) => records(lang, list),
        (Figure::Group { .. }, map) => by_partition(lang, map),
        (_, value) => value.to_string(),
    }
}

fn change_item(change: &Change) -> Html {
    let shown = |value: &Option<Value>| value.as_ref().map_or("—".into(), Value::to_string);
    html! {
        <li>
            <code>{ change.path.clone() }</code>{ ": " }
            <code>{ shown(&change.before) }</code>{ " → " }<code>{ shown(&change.after) }</code>
        </li>
    }
}

fn compared_row(lang: Lang, compared: &Compared) -> Html {
    let name = compared.figure.name();
    let differs = compared.differs();
    let (sign, word) = if differs {
        ("≠", Text::PgDiffers)
    } else {
        ("=", Text::PgSame)
    };
    html! {
        <tr class={classes!(differs.then_some("differs"))} data-figure={name.clone()}
            data-differs={differs.to_string()}>
            <td class="compare-mark"><span aria-hidden="true">{ sign }</span>{ " " }{ t(lang, word) }</td>
            <th scope="row">{ figure_label(lang, &compared.figure) }</th>
            <td data-run="original" data-summary={name.clone()}>{ figure_value(lang, &compared.figure, &compared.original) }</td>
            <td data-run="fork" data-summary={name}>{ figure_value(lang, &compared.figure, &compared.fork) }</td>
        </tr>
    }
}

/// One run's side of a console difference: the line, or that there is none.
fn console_line(lang: Lang, run: Text, printed: &Option<Printed>) -> Html {
    html! {
        <div class="diff-line">
            <span class="kicker">{ t(lang, run) }</span>{ " " }
            { match printed {
                Some(printed) => html! { <><span class="clock">{ clock(printed.time) }</span>{ " " }<code>{ printed.text.clone() }</code></> },
                None => html! { <em>{ t(lang, Text::PgNoLine) }</em> },
            } }
        </div>
    }
}

fn console_item(
    lang: Lang,
    label: &str,
    difference: &Option<ConsoleDifference>,
    on_seek: &Callback<PlaybackAction>,
) -> Html {
    let body = match difference {
        None => html! { <span>{ t(lang, Text::PgConsolesSame) }</span> },
        Some(difference) => {
            let time = difference.time();
            html! {
                <>
                    <span>{ t(lang, Text::PgLineNo) }{ " " }{ difference.line }</span>{ " " }
                    <button type="button" class="button small" data-testid={format!("console-diff-{label}-go")}
                        onclick={on_seek.reform(move |_| PlaybackAction::Seek(time))}>
                        { t(lang, Text::PgGoThere) }{ " " }{ clock(time) }
                    </button>
                    { console_line(lang, Text::PgOriginal, &difference.original) }
                    { console_line(lang, Text::PgForkRun, &difference.fork) }
                </>
            }
        }
    };
    html! {
        <li data-testid={format!("console-diff-{label}")} data-differs={difference.is_some().to_string()}>
            <strong>{ label.to_owned() }</strong>{ " · " }{ body }
        </li>
    }
}

#[component]
pub fn PlaygroundFork(props: &PlaygroundForkProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let (original, forked) = (props.original.clone(), props.fork.clone());
    let playback = {
        let (original, forked, at) = (original.clone(), forked.clone(), props.at);
        use_reducer(move || fork::playback(&original, &forked, at, MS_PER_SECOND))
    };
    let on_action = use_playing(playback.clone());
    use_playback_keys(true, on_action.clone());
    // The page remounts this view for every new run, so these are worked out once.
    let compared = {
        let (a, b) = (props.original_summary.clone(), props.fork_summary.clone());
        use_memo((), move |_| {
            let order = PRODUCER_FIELDS.map(|(field, _)| field);
            fork::compare(&a, &b, &order)
        })
    };
    let consoles = {
        let (original, forked) = (original.clone(), forked.clone());
        use_memo((), move |_| {
            fork::first_differences(&fork::consoles(&original), &fork::consoles(&forked))
        })
    };
    let differing = compared.iter().filter(|c| c.differs()).count();
    let changes = props.changes.iter().take(CHANGES_LISTED).map(change_item);
    let more = props.changes.len().saturating_sub(CHANGES_LISTED);
    let rows = compared.iter().map(|c| compared_row(lang, c));
    let console_items = consoles
        .iter()
        .map(|(label, difference)| console_item(lang, label, difference, &on_action));
    let (time, cursor) = (playback.time, None);
    let instant = Some(playback.instant());
    html! {
        <section class="fork-view" data-testid="fork-view" aria-labelledby="fork-title">
            <h2 id="fork-title">{ t(lang, Text::PgForkTitle) }</h2>
            if props.changes.is_empty() {
                <p class="note" data-testid="fork-unchanged">{ t(lang, Text::PgForkUnchanged) }</p>
            } else {
                <h3>{ t(lang, Text::PgForkChanges) }</h3>
                <ul class="fork-changes" data-testid="fork-changes">
                    { for changes }
                    if more > 0 {
                        <li>{ format!("+{more}") }</li>
                    }
                </ul>
            }
            <h3>{ t(lang, Text::PgForkSummary) }{ " " }
                <span class="note" data-testid="fork-differing">{ format!("({differing} {})", t(lang, Text::PgDiffers)) }</span>
            </h3>
            // Focusable, so that a keyboard can scroll a table wider than a phone.
            <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, Text::PgForkSummary)}>
                <table class="summary-groups fork-summary" data-testid="fork-summary">
                    <thead><tr>
                        <th scope="col">{ t(lang, Text::PgCompared) }</th>
                        <th scope="col">{ t(lang, Text::PgFigure) }</th>
                        <th scope="col">{ t(lang, Text::PgOriginal) }</th>
                        <th scope="col">{ t(lang, Text::PgForkRun) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <h3>{ t(lang, Text::PgForkConsoles) }</h3>
            <ul class="console-diffs" data-testid="console-diffs">{ for console_items }</ul>
            <section class="step-through" data-testid="fork-step-through">
                { playback_controls(lang, &playback, &on_action, Keys::Only, None) }
                <div class="fork-runs">
                    <section class="fork-run" data-testid="fork-original" aria-labelledby="fork-original-title">
                        <h3 id="fork-original-title" class="run-label">{ t(lang, Text::PgOriginal) }</h3>
                        <RunPane run={original} {time} {instant} {cursor} playing={playback.playing} />
                    </section>
                    <section class="fork-run" data-testid="fork-fork" aria-labelledby="fork-fork-title">
                        <h3 id="fork-fork-title" class="run-label">{ t(lang, Text::PgForkRun) }</h3>
                        <RunPane run={forked} {time} {instant} {cursor} playing={playback.playing} />
                    </section>
                </div>
            </section>
        </section>
    }
}
