//! The playground page (`#/playground`, `#/playground?s=...`): the scenario editor, the run
//! stepped through, its summary, and the scenario as a file (import, export) and as a link
//! (written to the address bar as the scenario changes). A fork of the run (`&base=...&at=...`
//! in the link) shows the original run and the changed one side by side.

use crate::components::copy_button::CopyButton;
use crate::components::link_note::link_note;
use crate::components::playback_controls::clock;
use crate::components::playground_editor::PlaygroundEditor;
use crate::components::playground_fork::PlaygroundFork;
use crate::components::playground_run::PlaygroundRun;
use crate::components::playground_summary::PlaygroundSummary;
use crate::deep_link::{Ignored, MomentLink};
use crate::i18n::{Lang, Text, t};
use crate::playground::draft::Draft;
use crate::playground::fork::{self, Fork};
use crate::playground::{self, link, trace_lines};
use crate::quiz_export::data_url;
use kafka_sim::scenario;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaygroundProps {
    /// The route's query (`s=...`, and `base=...&at=...` for a fork).
    pub query: AttrValue,
}

/// Puts `href` (a hash route) in the address bar without a new history entry or a
/// `hashchange`: the link always holds the scenario being edited.
fn replace_hash(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        // A refusal leaves the old address: the page itself is unaffected.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// The page's address without its hash, to make a whole link of a hash route.
fn page_address() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

#[component]
pub fn Playground(props: &PlaygroundProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let opened = use_memo(props.query.clone(), |query| playground::open_link(query));
    let draft = use_state(|| Rc::new(opened.0.clone()));
    // The draft last run, and how many runs there were (a new run starts its playback afresh).
    let ran = use_state(|| (*draft).clone());
    let runs = use_state(|| 0u32);
    let import_error = use_state(|| None::<String>);
    // The fork the link holds, or why it cannot be read.
    let opened_fork = use_memo(props.query.clone(), |query| Fork::open(query));
    let fork = use_state(|| (*opened_fork).clone().ok().flatten().map(|(fork, _)| fork));
    // The run, its summary and its trace as a download.
    let played = use_memo((*ran).clone(), |draft| {
        playground::play(draft).map(|played| {
            let summary = Rc::new(played.outcome.summary());
            let trace = data_url("application/x-ndjson", &trace_lines(&played.outcome));
            (played.run, summary, trace)
        })
    });
    // The fork's original run and summary, and what the run shown changed of it.
    let base = (*fork).as_ref().map(|fork| fork.base.clone());
    let base_played = use_memo(base.clone(), |base| {
        base.as_ref().map(|base| {
            playground::play(base).map(|played| (played.run, Rc::new(played.outcome.summary())))
        })
    });
    let changes = use_memo((base, (*ran).clone()), |(base, ran)| {
        base.as_ref().map(|base| Rc::new(fork::changes(base, ran)))
    });
    let check = use_memo((*draft).clone(), |draft| {
        scenario::parse(&draft.to_json()).err()
    });
    let json = draft.to_json();
    // The fork's part of the link changes only with the fork (the original is packed once).
    let fork_params = use_memo((*fork).clone(), |fork| {
        fork.as_ref().map(Fork::params).unwrap_or_default()
    });
    let href = format!("{}{fork_params}", link::href(&json));
    use_effect_with(href.clone(), |href| replace_hash(href));
    let on_change = {
        let draft = draft.clone();
        Callback::from(move |next: Draft| draft.set(Rc::new(next)))
    };
    let on_fork = {
        let (fork, ran) = (fork.clone(), ran.clone());
        Callback::from(move |at| {
            fork.set(Some(Fork {
                base: (*ran).clone(),
                at,
            }))
        })
    };
    let on_close_fork = {
        let fork = fork.clone();
        Callback::from(move |_| fork.set(None))
    };
    let on_run = {
        let (draft, ran, runs) = (draft.clone(), ran.clone(), runs.clone());
        Callback::from(move |_| {
            ran.set((*draft).clone());
            runs.set(*runs + 1);
        })
    };
    let on_import = {
        let (draft, ran, runs, import_error, fork) = (
            draft.clone(),
            ran.clone(),
            runs.clone(),
            import_error.clone(),
            fork.clone(),
        );
        Callback::from(move |event: Event| {
            let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let (draft, ran, runs, import_error, fork) = (
                draft.clone(),
                ran.clone(),
                runs.clone(),
                import_error.clone(),
                fork.clone(),
            );
            spawn_local(async move {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                match text
                    .ok_or_else(|| "not a text file".to_string())
                    .and_then(|text| Draft::import(&text).map_err(|e| e.to_string()))
                {
                    Ok(imported) => {
                        let imported = Rc::new(imported);
                        draft.set(imported.clone());
                        ran.set(imported);
                        runs.set(*runs + 1);
                        import_error.set(None);
                        fork.set(None);
                    }
                    Err(why) => import_error.set(Some(why)),
                }
            });
        })
    };
    let on_scale = {
        let (draft, ran, runs, fork) = (draft.clone(), ran.clone(), runs.clone(), fork.clone());
        Callback::from(move |_| {
            let scale = Rc::new(Draft::scale());
            draft.set(scale.clone());
            ran.set(scale);
            runs.set(*runs + 1);
            fork.set(None);
        })
    };
    let full_link = format!("{}{href}", page_address());
    let stale = **draft != **ran;
    // The fork beside its original, once the changed scenario has run.
    // Where the runs open: a link's time past the original run's end (a link edited by hand)
    // opens at that end, and the page says so, as it does of an unreadable one.
    let fork_at = (*fork).as_ref().map(|fork| match &*base_played {
        Some(Ok((base, _))) => fork.at.min(base.end),
        _ => fork.at,
    });
    let fork_ignored: Vec<Ignored> = match (&*opened_fork, &*fork, fork_at) {
        (Ok(Some((opened, unreadable))), Some(fork), Some(at)) if opened == fork => unreadable
            .iter()
            .cloned()
            .chain((at < fork.at).then_some(Ignored::PastEnd(fork.at)))
            .collect(),
        _ => Vec::new(),
    };
    // What the link held that could not be used: an unreadable lang=, the fork's time.
    let link_ignored: Vec<Ignored> = MomentLink::ignored_lang(&props.query)
        .into_iter()
        .chain(fork_ignored)
        .collect();
    let side_by_side = match (&*fork, fork_at, &*base_played, &*played, &*changes) {
        (Some(fork), Some(at), Some(Ok(base)), Ok(this), Some(changes)) if fork.base != *ran => {
            Some((at, base, this, changes.clone()))
        }
        _ => None,
    };
    let fork_note = fork_at.map(|at| {
        html! {
            <p class="fork-note" data-testid="fork-note">
                { t(lang, Text::PgForkedAt) }{ " " }<span class="clock">{ clock(at) }</span>{ " " }
                if side_by_side.is_none() {
                    { t(lang, Text::PgForkPending) }{ " " }
                }
                <button type="button" class="button small" data-testid="close-fork" onclick={on_close_fork.clone()}>
                    { t(lang, Text::PgForkClose) }
                </button>
            </p>
        }
    });
    html! {
        <article class="playground" data-testid="playground">
            <h1>{ t(lang, Text::PgTitle) }</h1>
            <p class="lead">{ t(lang, Text::PgIntro) }</p>
            { link_note(lang, &link_ignored) }
            if let Err(why) = &*opened_fork {
                <p class="link-note" role="alert" data-testid="fork-link-damaged">
                    { t(lang, Text::PgForkLinkDamaged) }{ " " }<code>{ why.clone() }</code>
                </p>
            }
            if let Some(why) = &opened.1 {
                <p class="link-note" role="alert" data-testid="link-damaged">
                    { t(lang, Text::PgLinkDamaged) }{ " " }<code>{ why.clone() }</code>
                </p>
            }
            <div class="playground-bar">
                <button type="button" class="button primary" data-testid="run" onclick={on_run}>
                    { t(lang, Text::PgRun) }
                </button>
                <label class="button file-button">
                    { t(lang, Text::PgImport) }
                    <input type="file" accept=".json,application/json" data-testid="import"
                        class="visually-hidden" onchange={on_import} />
                </label>
                <a class="button" href={data_url("application/json", &json)} download="scenario.json"
                    data-testid="export-scenario">{ t(lang, Text::PgExportScenario) }</a>
                if let Ok((_, _, trace)) = &*played {
                    <a class="button" href={trace.clone()} download="trace.jsonl"
                        data-testid="export-trace">{ t(lang, Text::PgExportTrace) }</a>
                }
                <button type="button" class="button" data-testid="load-scale" onclick={on_scale}>
                    { t(lang, Text::PgScale) }
                </button>
                <CopyButton text={full_link} label={Text::PgCopyLink} test_id="copy-link"
                    field_label={Some(Text::PgLink)} />
            </div>
            if let Some(why) = &*import_error {
                <p class="error" role="alert" data-testid="import-error">
                    { t(lang, Text::PgImportFailed) }{ " " }<code>{ why.clone() }</code>
                </p>
            }
            if let Some(error) = &*check {
                <p class="error" role="alert" data-testid="check-error">
                    { t(lang, Text::PgCannotRun) }{ " " }<code>{ error.to_string() }</code>
                </p>
            }
            <PlaygroundEditor draft={(*draft).clone()} error={(*check).clone()} {on_change} />
            if stale {
                <p class="stale" data-testid="stale">{ t(lang, Text::PgStale) }</p>
            }
            { for fork_note }
            if let Some(Err(error)) = &*base_played {
                <p class="error" role="alert" data-testid="fork-base-error">
                    { t(lang, Text::PgCannotRun) }{ " " }<code>{ error.to_string() }</code>
                </p>
            }
            { match (&*played, side_by_side) {
                (Ok((run, summary, _)), Some((at, (base_run, base_summary), _, changes))) => html! {
                    <PlaygroundFork key={format!("{}-{at}", *runs)} original={base_run.clone()} fork={run.clone()}
                        original_summary={base_summary.clone()} fork_summary={summary.clone()} {changes} {at} />
                },
                (Ok((run, summary, _)), None) => html! {
                    <>
                        <PlaygroundSummary summary={summary.clone()} />
                        <PlaygroundRun key={*runs} run={run.clone()} {on_fork} />
                    </>
                },
                (Err(error), _) => html! {
                    <p class="error" role="alert" data-testid="run-error">
                        { t(lang, Text::PgCannotRun) }{ " " }<code>{ error.to_string() }</code>
                    </p>
                },
            } }
        </article>
    }
}
