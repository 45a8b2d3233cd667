//! The protocol lane: the last requests and responses between the clients and the brokers
//! (Produce, and the group protocol's JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
//! OffsetCommit, and the clients' Metadata requests), newest last, with the callbacks the programs ran called out beside them.

use crate::components::playback_controls::clock;
use crate::diagram::flights::link_key;
use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::lane::metadata_reason;
use crate::view::moment::{Callout, CalloutKind, Detail, Endpoint, ProtocolKind, ProtocolMessage};
use kafka_sim::consumer::CallbackKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProtocolLaneProps {
    pub messages: Vec<ProtocolMessage>,
    pub callouts: Vec<Callout>,
    /// The link highlighted (`diagram::flights::link_key`), with the diagram's chips on it.
    #[prop_or_default]
    pub highlight: Option<AttrValue>,
    /// Hovering or focusing a row highlights its link (`None` when left).
    #[prop_or_default]
    pub on_highlight: Callback<Option<AttrValue>>,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

/// The kind's family, a class of the lane's rows and of the diagram's chips (their shape).
pub fn kind_class(kind: ProtocolKind) -> &'static str {
    match kind {
        ProtocolKind::Produce => "produce",
        ProtocolKind::ProduceResponse => "response",
        ProtocolKind::ProduceError | ProtocolKind::Closed => "error",
        ProtocolKind::JoinGroup | ProtocolKind::SyncGroup | ProtocolKind::LeaveGroup => "group",
        ProtocolKind::Heartbeat => "heartbeat",
        ProtocolKind::OffsetCommit | ProtocolKind::OffsetFetch => "commit",
        ProtocolKind::Metadata | ProtocolKind::MetadataResponse => "metadata",
        ProtocolKind::Fetch | ProtocolKind::ListOffsets => "fetch",
    }
}

/// An endpoint as the page names it: a label, or the word for it in `lang`.
pub fn endpoint_text(lang: Lang, endpoint: &Endpoint) -> String {
    endpoint.label().unwrap_or_else(|| {
        let word = match endpoint {
            Endpoint::Coordinator => Text::Coordinator,
            Endpoint::Group => Text::GroupEndpoint,
            _ => Text::SomeBroker,
        };
        t(lang, word).to_string()
    })
}

/// The key of the diagram's link a row travels on, when both ends are drawn.
fn row_link(message: &ProtocolMessage) -> Option<String> {
    Some(link_key(message.from.node()?, message.to.node()?))
}

/// What a lane message carried, in the protocol's own notation, the same in both languages:
/// `P1 ×3`, `P1 @12`, `✓ gen 4`, `P0@3 P1@5`, `×3 gen 4 ✓`.
pub fn detail_text(detail: &Detail) -> String {
    match detail {
        Detail::Nothing => String::new(),
        Detail::Batch {
            partition,
            messages,
        } => format!("P{partition} ×{messages}"),
        Detail::Acked {
            partition,
            base_offset,
        } => format!("P{partition} @{base_offset}"),
        Detail::Failed { partition, error } => format!("P{partition} {}", error.name()),
        Detail::Metadata(reason) => metadata_reason(*reason).to_string(),
        Detail::HeartbeatError(error) => error.to_string(),
        Detail::Generation(generation) => format!("✓ gen {generation}"),
        Detail::Offsets(offsets) => {
            let list: Vec<String> = offsets.iter().map(|(p, o)| format!("P{p}@{o}")).collect();
            list.join(" ")
        }
        Detail::Heartbeats {
            sent,
            generation,
            answered,
        } => {
            // How many requests (when more than one), their generation, ✓ once answered.
            let count = (*sent > 1).then(|| format!("×{sent}"));
            let generation = generation.map(|g| format!("gen {g}"));
            let answered = answered.then(|| "✓".to_string());
            let parts: Vec<String> = [count, generation, answered]
                .into_iter()
                .flatten()
                .collect();
            parts.join(" ")
        }
        Detail::Answered => "✓".to_string(),
    }
}

/// A row as the page's live region reads it: `C1 → B1 Heartbeat gen 3`.
pub fn row_text(lang: Lang, m: &ProtocolMessage) -> String {
    let (from, to) = (endpoint_text(lang, &m.from), endpoint_text(lang, &m.to));
    format!("{from} → {to} {} {}", m.kind.name(), detail_text(&m.detail))
        .trim_end()
        .to_string()
}

/// An offset as the program's callback sees it: `msg.offset()` is `None` for a negative
/// offset (confluent-kafka-python, confluent_kafka.c `Message_offset`), as librdkafka's
/// RD_KAFKA_OFFSET_INVALID (-1001) of an acks=0 delivery.
fn python_offset(offset: i64) -> String {
    if offset >= 0 {
        offset.to_string()
    } else {
        crate::view::moment::PYTHON_NONE.into()
    }
}

fn callout(lang: Lang, callout: &Callout) -> Html {
    let list = |partitions: &[i32]| {
        let names: Vec<String> = partitions.iter().map(|p| format!("P{p}")).collect();
        format!("[{}]", names.join(", "))
    };
    let (text, detail, failed) = match &callout.kind {
        CalloutKind::Delivery {
            partition,
            offset,
            error: None,
            future,
        } => (
            if *future {
                Text::FutureDone
            } else {
                Text::DeliveryCallback
            },
            // kafka-python's `record_metadata.offset` is a plain int (-1 for acks=0).
            match future {
                true => format!("[{partition}] @ {offset}"),
                false => format!("[{partition}] @ {}", python_offset(*offset)),
            },
            false,
        ),
        CalloutKind::Delivery {
            error: Some(error),
            future,
            ..
        } => {
            let text = if *future {
                Text::FutureFailed
            } else {
                Text::DeliveryFailed
            };
            (text, error.name().to_string(), true)
        }
        CalloutKind::Rebalance {
            callback,
            partitions,
        } => {
            let text = match callback {
                CallbackKind::OnAssign => Text::OnAssign,
                CallbackKind::OnRevoke => Text::OnRevoke,
                CallbackKind::OnLost => Text::OnLost,
            };
            (text, list(partitions), false)
        }
        CalloutKind::OnCommit { ok: true } => (Text::OnCommitOk, String::new(), false),
        CalloutKind::OnCommit { ok: false } => (Text::OnCommitFailed, String::new(), true),
        CalloutKind::Error { error } => (Text::ErrorCallback, error.name().to_string(), true),
    };
    html! {
        <li key={callout.seq} class={classes!("callout", callout.now.then_some("now"), failed.then_some("failed"))}
            data-testid="callout">
            <span class={classes!("owner-badge", format!("owner-{}", callout.colour))}>{ callout.label.clone() }</span>
            <span>{ t(lang, text) }</span>
            <code>{ detail }</code>
        </li>
    }
}

#[component]
pub fn ProtocolLane(props: &ProtocolLaneProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let section = use_node_ref();
    let lazy = use_lazy_view(section.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let messages = props.messages.iter().map(|m| {
        let link = row_link(m);
        let lit = link.is_some() && link.as_deref() == props.highlight.as_deref();
        let enter = link.clone().map(|link| {
            let link = AttrValue::from(link);
            props.on_highlight.reform(move |()| Some(link.clone()))
        });
        let leave = props.on_highlight.reform(|()| None);
        let (from, to) = (endpoint_text(lang, &m.from), endpoint_text(lang, &m.to));
        html! {
            <li key={m.seq} class={classes!("lane-msg", kind_class(m.kind), m.now.then_some("now"), lit.then_some("lit"))}
                data-link={link} tabindex={enter.is_some().then_some("0")}
                onmouseenter={enter.clone().map(|e| e.reform(|_: MouseEvent| ()))}
                onfocus={enter.map(|e| e.reform(|_: FocusEvent| ()))}
                onmouseleave={leave.reform(|_: MouseEvent| ())} onblur={leave.reform(|_: FocusEvent| ())}>
                <span class="lane-time">{ clock(m.time) }</span>
                <span class="lane-route">{ format!("{from} → {to}") }</span>
                <span class="lane-kind">{ m.kind.name() }</span>
                <span class="lane-detail">{ detail_text(&m.detail) }</span>
            </li>
        }
    });
    lazy.keep(html! {
        <section class="lane-box" ref={section}>
            <h3>{ t(lang, Text::ProtocolLane) }</h3>
            if props.messages.is_empty() {
                <p class="box-empty">{ t(lang, Text::LaneEmpty) }</p>
            } else {
                <ol class="lane" data-testid="protocol-lane">{ for messages }</ol>
            }
            <h3>{ t(lang, Text::Callbacks) }</h3>
            if props.callouts.is_empty() {
                <p class="box-empty">{ t(lang, Text::NoCallbacks) }</p>
            } else {
                <ul class="callouts">{ for props.callouts.iter().map(|c| callout(lang, c)) }</ul>
            }
        </section>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_sim::coordinator::ErrorCode;
    use kafka_sim::engine::{KafkaError, MetadataReason};

    /// Each typed detail is written as the lane wrote it when details were text.
    #[test]
    fn details_are_written_in_the_protocols_notation() {
        let cases = [
            (Detail::Nothing, ""),
            (
                Detail::Batch {
                    partition: 1,
                    messages: 3,
                },
                "P1 ×3",
            ),
            (
                Detail::Acked {
                    partition: 0,
                    base_offset: 12,
                },
                "P0 @12",
            ),
            (
                Detail::Failed {
                    partition: 2,
                    error: KafkaError::NotEnoughReplicas,
                },
                "P2 NOT_ENOUGH_REPLICAS",
            ),
            (Detail::Metadata(MetadataReason::LeaderQuery), "leader?"),
            (
                Detail::HeartbeatError(ErrorCode::RebalanceInProgress),
                "REBALANCE_IN_PROGRESS",
            ),
            (Detail::Generation(4), "✓ gen 4"),
            (Detail::Offsets(vec![(0, 3), (1, 5)]), "P0@3 P1@5"),
            (
                Detail::Heartbeats {
                    sent: 3,
                    generation: Some(4),
                    answered: true,
                },
                "×3 gen 4 ✓",
            ),
            (
                Detail::Heartbeats {
                    sent: 1,
                    generation: Some(1),
                    answered: false,
                },
                "gen 1",
            ),
            (Detail::Answered, "✓"),
        ];
        for (detail, text) in cases {
            assert_eq!(detail_text(&detail), text, "{detail:?}");
        }
    }
}
