//! A producer as the cluster diagram draws it: its local queue (messages `produce()` has
//! buffered), its batches in flight to the brokers, and the delivery reports waiting for
//! `poll()`/`flush()` (librdkafka's; kafka-python's futures need none). New chips slide in (CSS), so messages
//! are seen moving from the queue onto the wire.

use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::moment::ProducerBox as Producer;
use yew::prelude::*;

/// How many queued messages are drawn; the rest are counted.
const QUEUE_CHIPS: usize = 24;

#[derive(Properties, PartialEq)]
pub struct ProducerBoxProps {
    pub producer: Producer,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

#[component]
pub fn ProducerBox(props: &ProducerBoxProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let section = use_node_ref();
    let lazy = use_lazy_view(section.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let producer = &props.producer;
    let owner = format!("owner-{}", producer.colour);
    let hidden = producer.queued.len().saturating_sub(QUEUE_CHIPS);
    let queued = producer.queued[hidden..].iter().map(|chip| {
        html! {
            <li key={chip.number} class="chip" title={format!("#{} → P{}", chip.number, chip.partition)}>
                { format!("#{}", chip.number) }<small>{ format!("P{}", chip.partition) }</small>
            </li>
        }
    });
    let batches = producer.in_flight.iter().map(|batch| {
        let first = batch.messages.first().copied().unwrap_or_default();
        let last = batch.messages.last().copied().unwrap_or_default();
        let range = if first == last { format!("#{first}") } else { format!("#{first}–{last}") };
        html! {
            <li key={batch.request} class="batch" data-testid="batch">
                <span class="batch-range">{ range }</span>
                <span class="batch-route">{ format!("P{} → B{}", batch.partition, batch.broker) }</span>
            </li>
        }
    });
    let hidden_reports = producer.reports.len().saturating_sub(QUEUE_CHIPS);
    let reports = producer.reports[hidden_reports..].iter().map(|report| {
        let outcome = if report.failed { "✗" } else { "✓" };
        let title = if report.failed {
            format!("#{} {}", report.number, t(lang, Text::ReportFailed))
        } else {
            format!("#{}", report.number)
        };
        html! {
            <li key={report.number} class={classes!("chip", "report", report.failed.then_some("failed"))} {title}>
                { format!("#{}", report.number) }<small>{ outcome }</small>
            </li>
        }
    });
    lazy.keep(html! {
        <section class={classes!("producer-box", owner.clone())} data-testid={format!("producer-{}", producer.label)} ref={section}>
            <h3>
                <span class={classes!("owner-badge", owner)}>{ producer.label.clone() }</span>
                { t(lang, Text::Producer) }
            </h3>
            <p class="box-label">
                { t(lang, Text::LocalQueue) }{ " · " }
                <span data-testid="queued-count">{ producer.queued.len() }</span>
            </p>
            if producer.queued.is_empty() {
                <p class="box-empty">{ t(lang, Text::QueueEmpty) }</p>
            } else {
                <ol class="queue">
                    if hidden > 0 { <li class="chip more">{ format!("+{hidden}") }</li> }
                    { for queued }
                </ol>
            }
            <p class="box-label">{ t(lang, Text::BatchesInFlight) }</p>
            if producer.in_flight.is_empty() {
                <p class="box-empty">{ t(lang, Text::NoBatches) }</p>
            } else {
                <ol class="wire">{ for batches }</ol>
            }
            if !producer.futures {
                <p class="box-label">
                    { t(lang, Text::ReportsWaiting) }{ " · " }
                    <span data-testid="reports-count">{ producer.reports.len() }</span>
                </p>
                if producer.reports.is_empty() {
                    <p class="box-empty">{ t(lang, Text::NoReports) }</p>
                } else {
                    <ol class="queue reports" data-testid="reports">
                        if hidden_reports > 0 { <li class="chip more">{ format!("+{hidden_reports}") }</li> }
                        { for reports }
                    </ol>
                }
            }
        </section>
    })
}
