//! "Run with every client": the scenario being edited, run once per client profile, and
//! three tables of where the runs differ (keys, members, summary). A row that differs is
//! marked in words ("≠ differs") as well as by its colour.

use crate::i18n::{Lang, Text, t};
use crate::playground::compare::{Cell, Comparison, Failure, Row, compare};
use crate::playground::draft::Draft;
use crate::playground::profile::ClientProfile;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaygroundCompareProps {
    pub draft: Rc<Draft>,
}

fn profile_text(profile: ClientProfile) -> Text {
    match profile {
        ClientProfile::Librdkafka => Text::PgProfileLibrdkafka,
        ClientProfile::Java => Text::PgProfileJava,
        ClientProfile::KafkaPython => Text::PgProfileKafkaPython,
    }
}

fn cell_text(lang: Lang, cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::NotInLog => t(lang, Text::PgNotInLog).to_string(),
        Cell::NoAssignment => t(lang, Text::PgNoAssignment).to_string(),
        Cell::NotRun => "—".to_string(),
    }
}

/// One table: a caption, the row heading's column, a column per profile, and whether the
/// row differs.
fn table(
    lang: Lang,
    comparison: &Comparison,
    caption: Text,
    first: Text,
    rows: &[Row],
    test_id: &'static str,
) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let heads = comparison.profiles.iter().map(|p| {
        html! { <th scope="col">{ t(lang, profile_text(*p)) }</th> }
    });
    let body = rows.iter().map(|row| {
        let cells = row
            .cells
            .iter()
            .map(|cell| html! { <td>{ cell_text(lang, cell) }</td> });
        let verdict = if row.differs {
            format!("≠ {}", t(lang, Text::PgDiffers))
        } else {
            t(lang, Text::PgSame).to_owned()
        };
        html! {
            <tr class={classes!(row.differs.then_some("differs"))} data-row={row.label.clone()}
                data-differs={row.differs.to_string()}>
                <th scope="row"><code>{ row.label.clone() }</code></th>
                { for cells }
                <td class="verdict">{ verdict }</td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, caption)}>
            <table class="summary-groups compare-table" data-testid={test_id}>
                <caption>{ t(lang, caption) }</caption>
                <thead><tr>
                    <th scope="col">{ t(lang, first) }</th>
                    { for heads }
                    <th scope="col"><span class="visually-hidden">{ t(lang, Text::PgDiffers) }</span></th>
                </tr></thead>
                <tbody>{ for body }</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PlaygroundCompare(props: &PlaygroundCompareProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    // The draft compared, set by the button: comparing runs the scenario three times.
    let compared = use_state(|| None::<Rc<Draft>>);
    let comparison = use_memo((*compared).clone(), |draft| draft.as_deref().map(compare));
    let on_click = {
        let (compared, draft) = (compared.clone(), props.draft.clone());
        Callback::from(move |_: MouseEvent| compared.set(Some(draft.clone())))
    };
    let stale = compared.as_ref().is_some_and(|d| **d != *props.draft);
    html! {
        <section class="playground-compare" aria-labelledby="pg-compare" data-testid="compare">
            <h2 id="pg-compare">{ t(lang, Text::PgCompareTitle) }</h2>
            <p>{ t(lang, Text::PgCompareIntro) }</p>
            <button type="button" class="button" data-testid="compare-run" onclick={on_click}>
                { t(lang, Text::PgCompare) }
            </button>
            if stale {
                <p class="stale" data-testid="compare-stale">{ t(lang, Text::PgCompareStale) }</p>
            }
            if let Some(comparison) = &*comparison {
                { for comparison.failures.iter().map(|(profile, failure)| html! {
                    <p class="note" data-testid="compare-failure">
                        { t(lang, profile_text(*profile)) }{ ": " }
                        { match failure {
                            Failure::Untranslatable => html! { t(lang, Text::PgCompareCustom) },
                            Failure::Refused(why) => html! {
                                <>{ t(lang, Text::PgCompareFailed) }{ " " }<code>{ why.clone() }</code></>
                            },
                        } }
                    </p>
                }) }
                { table(lang, comparison, Text::PgKeyLandsOn, Text::PgKeyColumn, &comparison.keys, "compare-keys") }
                { table(lang, comparison, Text::PgMemberGets, Text::PgMemberColumn, &comparison.members, "compare-members") }
                { table(lang, comparison, Text::PgCompareSummary, Text::PgFieldColumn, &comparison.summary, "compare-summary") }
            }
        </section>
    }
}
