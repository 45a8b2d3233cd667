//! The consumer group as the coordinator holds it: its generation and state, the leader (the
//! member that runs the assignor), and each member with its colour, label, member id and
//! partitions.

use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::moment::GroupBox as Group;
use kafka_sim::coordinator::GroupState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupBoxProps {
    pub group: Group,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
    /// The members the group will have: rows kept (hidden) for those not joined yet, so the
    /// box keeps its height while they join.
    #[prop_or_default]
    pub room: usize,
}

#[component]
pub fn GroupBox(props: &GroupBoxProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let section = use_node_ref();
    let lazy = use_lazy_view(section.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let group = &props.group;
    let members = group.members.iter().map(|member| {
        let owner = format!("owner-{}", member.colour);
        let leads = group.leader.as_deref() == Some(member.label.as_str());
        let partitions: Vec<String> = member.partitions.iter().map(|p| format!("P{p}")).collect();
        html! {
            <li key={member.label.clone()} class={classes!("member", owner.clone())}
                data-testid={format!("member-{}", member.label)}>
                <span class={classes!("owner-badge", owner)}>{ member.label.clone() }</span>
                <code class="group-member-id" title={format!("{}: {}", t(lang, Text::MemberId), member.member_id)}
                    data-testid={format!("group-member-id-{}", member.label)}>{ short_member_id(&member.member_id) }</code>
                if leads { <span class="group-leader" title={t(lang, Text::GroupLeader)}>{ "★ leader" }</span> }
                if partitions.is_empty() {
                    <span class="idle" data-testid={format!("partitions-{}", member.label)}>{ "[]" }</span>
                } else {
                    <span class="owned" data-testid={format!("partitions-{}", member.label)}>{ partitions.join(" · ") }</span>
                }
            </li>
        }
    });
    // The box says "no members" in one row's place.
    let kept = props.room.saturating_sub(group.members.len().max(1));
    let kept_rows = (0..kept).map(|i| {
        html! { <li key={format!("kept-{i}")} class="member kept" aria-hidden="true"><span class="owner-badge">{ "C" }</span></li> }
    });
    lazy.keep(html! {
        <section class="group-box" ref={section}>
            <h3>
                { t(lang, Text::ConsumerGroup) }{ " " }<code>{ group.id.clone() }</code>
            </h3>
            <p class="group-meta">
                <span data-testid="group-generation">{ format!("{} {}", t(lang, Text::Generation), group.generation) }</span>
                { " · " }
                <span data-testid="group-state">{ format!("{} {}", t(lang, Text::GroupState), t(lang, phase_text(group.state))) }</span>
            </p>
            if group.members.is_empty() {
                <p class="box-empty">{ t(lang, Text::NoMembers) }</p>
            }
            if !group.members.is_empty() || kept > 0 {
                <ul class="members">{ for members }{ for kept_rows }</ul>
            }
        </section>
    })
}

/// The group's state as the page names it: the coordinator's own name (as
/// `kafka-consumer-groups --describe --state` prints it), with the phase its members are in.
pub fn phase_text(state: GroupState) -> Text {
    match state {
        GroupState::Empty => Text::GroupEmpty,
        GroupState::PreparingRebalance => Text::GroupJoining,
        GroupState::CompletingRebalance => Text::GroupSyncing,
        GroupState::Stable => Text::GroupStable,
        GroupState::Dead => Text::GroupDead,
    }
}

/// A member id cut to what tells members apart at a glance (`rdkafka-3f2a9c1e…`); the title
/// holds the whole id.
fn short_member_id(id: &str) -> String {
    const SHOWN: usize = 16;
    match id.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_string(),
    }
}
