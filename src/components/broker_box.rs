//! The brokers: up or down, and which of the topic's partitions each leads and follows.

use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::moment::BrokerBox as Broker;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrokerBoxProps {
    pub brokers: Vec<Broker>,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

fn partition_list(partitions: &[i32]) -> String {
    let names: Vec<String> = partitions.iter().map(|p| format!("P{p}")).collect();
    names.join(" ")
}

#[component]
pub fn BrokerBox(props: &BrokerBoxProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let section = use_node_ref();
    let lazy = use_lazy_view(section.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let brokers = props.brokers.iter().map(|broker| {
        html! {
            <li key={broker.id} class={classes!("broker", (!broker.up).then_some("down"))}
                data-testid={format!("broker-{}", broker.id)}>
                <span class="broker-name">{ format!("B{}", broker.id) }</span>
                if !broker.up { <span class="broker-down">{ t(lang, Text::BrokerDown) }</span> }
                if !broker.leads.is_empty() {
                    <span class="broker-role">{ t(lang, Text::Leads) }{ " " }{ partition_list(&broker.leads) }</span>
                }
                if !broker.follows.is_empty() {
                    <span class="broker-role follows">{ t(lang, Text::Follows) }{ " " }{ partition_list(&broker.follows) }</span>
                }
            </li>
        }
    });
    lazy.keep(html! {
        <section class="brokers-box" ref={section}>
            <h3>{ t(lang, Text::Brokers) }</h3>
            <ul class="brokers">{ for brokers }</ul>
        </section>
    })
}
