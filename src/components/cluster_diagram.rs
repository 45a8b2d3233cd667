//! The cluster diagram of a step-through: the picture of the cluster with the messages on the
//! wire ([`WireDiagram`]), its exports, then the producers with their queues and batches in
//! flight, the brokers, the topic's partitions as windowed logs with their marks, the consumer
//! group, and the protocol lane with the callbacks called out. The lane and the picture
//! highlight each other by link; a polite live region says what the step shown did. It draws
//! a [`Moment`]; movement is CSS transitions and entrance animations, which
//! `prefers-reduced-motion` turns off.

use crate::components::broker_box::BrokerBox;
use crate::components::copy_button::{CopyButton, CopyText};
use crate::components::diagram_export::{Format, export};
use crate::components::group_box::GroupBox;
use crate::components::partition_log::PartitionLog;
use crate::components::producer_box::ProducerBox;
use crate::components::protocol_lane::{ProtocolLane, row_text};
use crate::components::wire_diagram::{WireDiagram, flight_text};
use crate::diagram::cadence::Cadence;
use crate::i18n::{Lang, Text, t};
use crate::state::playback::Millis;
use crate::view::moment::Moment;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub moment: Rc<Moment>,
    /// The virtual instant shown while playing or paused mid-way; `None` at a step.
    #[prop_or_default]
    pub instant: Option<f64>,
    /// The virtual millisecond shown.
    #[prop_or_default]
    pub time: Millis,
    /// The run's periodic traffic, drawn as cadences on the diagram's links.
    #[prop_or_default]
    pub cadence: Rc<Cadence>,
    /// Playing: the picture and the boxes out of sight keep their last drawing
    /// (`hooks::LazyView`).
    #[prop_or_default]
    pub playing: bool,
    /// The consoles' text at this step, to copy.
    #[prop_or_default]
    pub console: CopyText,
    /// The exported files' name, without extension.
    #[prop_or_default]
    pub name: AttrValue,
    /// How many consumers the run has, all told: the picture and the group box keep room for
    /// them from the start, so the page keeps its height while they join.
    #[prop_or_default]
    pub room: usize,
}

#[component]
pub fn ClusterDiagram(props: &ClusterDiagramProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let highlight = use_state_eq(|| None::<AttrValue>);
    let selected = use_state_eq(|| None::<AttrValue>);
    let svg = use_node_ref();
    let moment = &props.moment;
    let show_owner = moment.group.is_some();
    let count = moment.partitions.len();
    let on_highlight = {
        let highlight = highlight.clone();
        Callback::from(move |link| highlight.set(link))
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |id| selected.set(id))
    };
    let info = selected
        .as_deref()
        .and_then(|id| moment.flights.iter().find(|f| f.id == id))
        .map(|flight| flight_text(lang, flight));
    let exporter = |format: Format| {
        let (svg, name) = (svg.clone(), props.name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = svg.cast::<web_sys::Element>() {
                export(&svg, format, &name);
            }
        })
    };
    // What the step did, for screen readers: said once the student stops on it.
    let did = (!props.playing).then(|| {
        let sent: Vec<String> = moment
            .protocol
            .iter()
            .filter(|m| m.now)
            .map(|m| row_text(lang, m))
            .collect();
        format!(
            "{} {} · {}: {}",
            t(lang, Text::StepDid),
            sent.join("; "),
            t(lang, Text::OnTheWire),
            moment.flights.len()
        )
    });
    html! {
        <section class="cluster" data-testid="cluster" aria-label={t(lang, Text::Cluster)}>
            <figure class="net-box">
                <figcaption>
                    <h3>{ t(lang, Text::WireDiagram) }</h3>
                    <p class="box-empty">{ t(lang, Text::FlightHint) }</p>
                </figcaption>
                <WireDiagram room={props.room} moment={moment.clone()} instant={props.instant} time={props.time} cadence={props.cadence.clone()} highlight={(*highlight).clone()}
                    on_highlight={on_highlight.clone()} {on_select} svg={svg.clone()} lazy={props.playing} />
                <p class="flight-info" data-testid="flight-info" aria-live="polite">{ info.unwrap_or_default() }</p>
                <p class="visually-hidden" aria-live="polite" data-testid="step-did">{ did.unwrap_or_default() }</p>
                <div class="export">
                    <button type="button" class="button" data-testid="export-svg" onclick={exporter(Format::Svg)}>{ t(lang, Text::ExportSvg) }</button>
                    <button type="button" class="button" data-testid="export-png" onclick={exporter(Format::Png)}>{ t(lang, Text::ExportPng) }</button>
                    <CopyButton text={props.console.clone()} label={Text::CopyConsole} test_id="copy-console" field_label={Text::CopyConsole} />
                </div>
            </figure>
            <div class="cluster-top">
                { for moment.producers.iter().map(|p| html! { <ProducerBox key={p.label.clone()} producer={p.clone()} lazy={props.playing} /> }) }
                <BrokerBox brokers={moment.brokers.clone()} lazy={props.playing} />
            </div>
            <section class="topic-box">
                <h3>
                    <span class="kicker">{ t(lang, Text::Topic) }</span>{ " " }
                    <code data-testid="topic-name">{ moment.topic.clone() }</code>
                    <span class="meta">{ format!(" · {count} {}", t(lang, if count == 1 { Text::PartitionCountOne } else { Text::PartitionsCount })) }</span>
                </h3>
                <ol class="partition-logs">
                    { for moment.partitions.iter().map(|log| html! { <PartitionLog key={log.partition} log={log.clone()} {show_owner} lazy={props.playing} /> }) }
                </ol>
            </section>
            if let Some(group) = &moment.group {
                <GroupBox group={group.clone()} lazy={props.playing} room={props.room} />
            }
            <ProtocolLane messages={moment.protocol.clone()} callouts={moment.callouts.clone()}
                highlight={(*highlight).clone()} {on_highlight} lazy={props.playing} />
        </section>
    }
}
