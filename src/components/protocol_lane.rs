//! The protocol lane: the last requests and responses between the clients and the brokers
//! (Produce, and the group protocol's JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
//! OffsetCommit, and the clients' Metadata requests), newest last, with the callbacks the programs ran called out beside them.

use crate::components::playback_controls::clock;
use crate::i18n::{Lang, Text, t};
use crate::moment::{Callout, CalloutKind, ProtocolKind, ProtocolMessage};
use kafka_sim::consumer::CallbackKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProtocolLaneProps {
    pub messages: Vec<ProtocolMessage>,
    pub callouts: Vec<Callout>,
}

fn kind_class(kind: ProtocolKind) -> &'static str {
    match kind {
        ProtocolKind::Produce => "produce",
        ProtocolKind::ProduceResponse => "response",
        ProtocolKind::ProduceError => "error",
        ProtocolKind::JoinGroup | ProtocolKind::SyncGroup | ProtocolKind::LeaveGroup => "group",
        ProtocolKind::Heartbeat => "heartbeat",
        ProtocolKind::OffsetCommit => "commit",
        ProtocolKind::Metadata | ProtocolKind::MetadataResponse => "metadata",
    }
}

/// An offset as the program's callback sees it: `msg.offset()` is `None` for a negative
/// offset (confluent-kafka-python, confluent_kafka.c `Message_offset`), as librdkafka's
/// RD_KAFKA_OFFSET_INVALID (-1001) of an acks=0 delivery.
fn python_offset(offset: i64) -> String {
    if offset >= 0 {
        offset.to_string()
    } else {
        crate::moment::PYTHON_NONE.into()
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
        } => (
            Text::DeliveryCallback,
            format!("[{partition}] @ {}", python_offset(*offset)),
            false,
        ),
        CalloutKind::Delivery {
            error: Some(error), ..
        } => (Text::DeliveryFailed, error.name().to_string(), true),
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
    let messages = props.messages.iter().map(|m| {
        html! {
            <li key={m.seq} class={classes!("lane-msg", kind_class(m.kind), m.now.then_some("now"))}>
                <span class="lane-time">{ clock(m.time) }</span>
                <span class="lane-route">{ format!("{} → {}", m.from, m.to) }</span>
                <span class="lane-kind">{ m.kind.name() }</span>
                <span class="lane-detail">{ m.detail.clone() }</span>
            </li>
        }
    });
    html! {
        <section class="lane-box">
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
    }
}
