//! The cluster diagram of a step-through: the producers with their queues and batches in
//! flight, the brokers, the topic's partitions as windowed logs with their marks, the consumer
//! group, and the protocol lane with the callbacks called out. It draws a [`Moment`]; movement
//! is CSS transitions and entrance animations, which `prefers-reduced-motion` turns off.

use crate::components::broker_box::BrokerBox;
use crate::components::group_box::GroupBox;
use crate::components::partition_log::PartitionLog;
use crate::components::producer_box::ProducerBox;
use crate::components::protocol_lane::ProtocolLane;
use crate::i18n::{Lang, Text, t};
use crate::moment::Moment;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub moment: Rc<Moment>,
}

#[component]
pub fn ClusterDiagram(props: &ClusterDiagramProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let moment = &props.moment;
    let show_owner = moment.group.is_some();
    let count = moment.partitions.len();
    html! {
        <section class="cluster" data-testid="cluster" aria-label={t(lang, Text::Cluster)}>
            <div class="cluster-top">
                { for moment.producers.iter().map(|p| html! { <ProducerBox key={p.label.clone()} producer={p.clone()} /> }) }
                <BrokerBox brokers={moment.brokers.clone()} />
            </div>
            <section class="topic-box">
                <h3>
                    <span class="kicker">{ t(lang, Text::Topic) }</span>{ " " }
                    <code data-testid="topic-name">{ moment.topic.clone() }</code>
                    <span class="meta">{ format!(" · {count} {}", t(lang, if count == 1 { Text::PartitionCountOne } else { Text::PartitionsCount })) }</span>
                </h3>
                <ol class="partition-logs">
                    { for moment.partitions.iter().map(|log| html! { <PartitionLog key={log.partition} log={log.clone()} {show_owner} /> }) }
                </ol>
            </section>
            if let Some(group) = &moment.group {
                <GroupBox group={group.clone()} />
            }
            <ProtocolLane messages={moment.protocol.clone()} callouts={moment.callouts.clone()} />
        </section>
    }
}
