//! The consumer group as the coordinator holds it: its generation and state, the leader (the
//! member that runs the assignor), and each member with its colour, label and partitions.

use crate::i18n::{Lang, Text, t};
use crate::moment::GroupBox as Group;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupBoxProps {
    pub group: Group,
}

#[component]
pub fn GroupBox(props: &GroupBoxProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let group = &props.group;
    let members = group.members.iter().map(|member| {
        let owner = format!("owner-{}", member.colour);
        let leads = group.leader.as_deref() == Some(member.label.as_str());
        let partitions: Vec<String> = member.partitions.iter().map(|p| format!("P{p}")).collect();
        html! {
            <li key={member.label.clone()} class={classes!("member", owner.clone())}
                data-testid={format!("member-{}", member.label)}>
                <span class={classes!("owner-badge", owner)}>{ member.label.clone() }</span>
                if leads { <span class="group-leader" title={t(lang, Text::GroupLeader)}>{ "★ leader" }</span> }
                if partitions.is_empty() {
                    <span class="idle" data-testid={format!("partitions-{}", member.label)}>{ "[]" }</span>
                } else {
                    <span class="owned" data-testid={format!("partitions-{}", member.label)}>{ partitions.join(" · ") }</span>
                }
            </li>
        }
    });
    html! {
        <section class="group-box">
            <h3>
                { t(lang, Text::ConsumerGroup) }{ " " }<code>{ group.id.clone() }</code>
            </h3>
            <p class="group-meta">
                <span data-testid="group-generation">{ format!("{} {}", t(lang, Text::Generation), group.generation) }</span>
                { " · " }
                <span data-testid="group-state">{ format!("{} {}", t(lang, Text::GroupState), group.state) }</span>
            </p>
            if group.members.is_empty() {
                <p class="box-empty">{ t(lang, Text::NoMembers) }</p>
            } else {
                <ul class="members">{ for members }</ul>
            }
        </section>
    }
}
