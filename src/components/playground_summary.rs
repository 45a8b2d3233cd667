//! A playground run's summary: `kafka-sim run`'s last line, its producer tally one figure an
//! element (`data-summary="<field>"`), and per consumer group its duplicates, losses,
//! committed offsets and lag.

use crate::i18n::{Lang, Text, t};
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// The producer tally's fields, in the order shown, with their labels.
pub const PRODUCER_FIELDS: [(&str, Text); 10] = [
    ("queued", Text::PgQueued),
    ("sent", Text::PgSent),
    ("acknowledged", Text::PgAcknowledged),
    ("reports_seen", Text::PgReportsSeen),
    ("in_log", Text::PgInLog),
    ("committed", Text::PgCommittedRecords),
    ("lost", Text::PgLost),
    ("lost_before_ack", Text::PgLostBeforeAck),
    ("duplicated", Text::PgDuplicated),
    ("out_of_order", Text::PgOutOfOrder),
];

#[derive(Properties, PartialEq)]
pub struct PlaygroundSummaryProps {
    /// `Outcome::summary()`.
    pub summary: Rc<Value>,
}

/// `tp@offset` for each `{"tp", "offset", "times"?}` of a list, or "none".
pub fn records(lang: Lang, list: &Value) -> String {
    let items: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| {
            let at = format!(
                "{}@{}",
                item["tp"].as_str().unwrap_or_default(),
                item["offset"]
            );
            match item["times"].as_u64() {
                Some(times) => format!("{at} ×{times}"),
                None => at,
            }
        })
        .collect();
    if items.is_empty() {
        t(lang, Text::PgNone).to_string()
    } else {
        items.join(", ")
    }
}

/// `tp: value` for each pair of a per-partition object, or "none".
pub fn by_partition(lang: Lang, map: &Value) -> String {
    let items: Vec<String> = map
        .as_object()
        .into_iter()
        .flatten()
        .map(|(tp, value)| format!("{tp}: {value}"))
        .collect();
    if items.is_empty() {
        t(lang, Text::PgNone).to_string()
    } else {
        items.join(", ")
    }
}

#[component]
pub fn PlaygroundSummary(props: &PlaygroundSummaryProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let summary = &*props.summary;
    let producers = PRODUCER_FIELDS.iter().map(|(field, label)| {
        html! {
            <div class="counter">
                <span class="counter-value" data-summary={*field}>{ summary["producers"][*field].to_string() }</span>
                <span class="counter-label">{ t(lang, *label) }{ " " }<code>{ *field }</code></span>
            </div>
        }
    });
    let consumers = &summary["consumers"];
    let groups = consumers["groups"].as_object().into_iter().flatten().map(|(id, group)| {
        html! {
            <tr data-group={id.clone()}>
                <th scope="row"><code>{ id.clone() }</code></th>
                <td data-summary-group="committed">{ by_partition(lang, &group["committed"]) }</td>
                <td data-summary-group="lag">{ by_partition(lang, &group["lag"]) }</td>
                <td data-summary-group="losses">{ records(lang, &group["losses"]) }</td>
            </tr>
        }
    });
    let finished = if summary["finished"] == Value::Bool(true) {
        Text::PgYes
    } else {
        Text::PgNo
    };
    html! {
        <section class="playground-summary" data-testid="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{ t(lang, Text::PgSummary) }</h2>
            <p>
                { t(lang, Text::PgEndTime) }{ " " }<strong data-summary="time">{ summary["time"].to_string() }</strong>
                { " · " }{ t(lang, Text::PgFinished) }{ " " }<strong data-summary="finished">{ t(lang, finished) }</strong>
            </p>
            <h3>{ t(lang, Text::PgProducerTally) }</h3>
            <div class="counters">{ for producers }</div>
            if consumers.is_object() {
                <h3>{ t(lang, Text::PgConsumerSummary) }</h3>
                <p>
                    { t(lang, Text::PgDuplicates) }{ " " }
                    <span data-summary="duplicates">{ records(lang, &consumers["duplicates"]) }</span>
                </p>
                // Focusable, so that a keyboard can scroll a table wider than a phone.
                <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, Text::PgConsumerSummary)}>
                    <table class="summary-groups">
                        <thead><tr>
                            <th scope="col">{ t(lang, Text::PgGroup) }</th>
                            <th scope="col">{ t(lang, Text::PgCommittedOffsets) }</th>
                            <th scope="col">{ t(lang, Text::PgLag) }</th>
                            <th scope="col">{ t(lang, Text::PgLosses) }</th>
                        </tr></thead>
                        <tbody>{ for groups }</tbody>
                    </table>
                </div>
            }
            <details>
                <summary>{ t(lang, Text::PgSummaryLine) }</summary>
                <pre class="summary-line" data-testid="summary-line">{ serde_json::json!({ "summary": summary }).to_string() }</pre>
            </details>
        </section>
    }
}
