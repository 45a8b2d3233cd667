//! The consumer group: its members with their colour, label and partitions, and the buttons
//! that add and remove members.

use crate::i18n::{Lang, Text, t};
use crate::live_view::LiveView;
use yew::prelude::*;

/// The group of the live view `view`; `on_add` and `on_remove` (a member's id) change it.
pub fn group_panel(
    lang: Lang,
    view: &LiveView,
    on_add: &Callback<()>,
    on_remove: &Callback<String>,
) -> Html {
    let members = view.members.iter().map(|member| {
        let on_remove = {
            let id = member.id.clone();
            on_remove.reform(move |_| id.clone())
        };
        let partitions = if member.partitions.is_empty() {
            html! { <span class="idle">{ t(lang, Text::Idle) }</span> }
        } else {
            let list: Vec<String> = member.partitions.iter().map(|p| format!("P{p}")).collect();
            html! { <span class="owned">{ list.join(" · ") }</span> }
        };
        html! {
            <li key={member.id.clone()} class={classes!("member", format!("owner-{}", member.colour))}
                data-testid={format!("member-{}", member.label)}>
                <span class={classes!("owner-badge", format!("owner-{}", member.colour))}>{ member.label.clone() }</span>
                <span class="member-id">{ member.id.clone() }</span>
                { partitions }
                <button type="button" class="remove" onclick={on_remove}
                    aria-label={format!("{} {}", t(lang, Text::RemoveConsumer), member.label)}
                    data-testid={format!("remove-{}", member.label)}>
                    { t(lang, Text::RemoveConsumer) }
                </button>
            </li>
        }
    });
    let on_add = on_add.reform(|_| ());
    html! {
        <section class="panel group" aria-labelledby="group-title">
            <h2 id="group-title">
                <span class="kicker">{ t(lang, Text::ConsumerGroup) }</span>
                <span class="name" data-testid="group-id">{ view.group_id.clone() }</span>
                <span class="meta" data-testid="generation">{ format!("{} {}", t(lang, Text::Generation), view.generation) }</span>
            </h2>
            if view.members.is_empty() {
                <p class="empty" data-testid="no-members">{ t(lang, Text::NoMembers) }</p>
            } else {
                <ul class="members" aria-label={t(lang, Text::Members)}>{ for members }</ul>
            }
            <div class="actions">
                <button type="button" class="button primary" onclick={on_add} disabled={!view.can_add}
                    data-testid="add-consumer">
                    { "+ " }{ t(lang, Text::AddConsumer) }
                </button>
                if !view.can_add {
                    <span class="hint">{ t(lang, Text::GroupFull) }</span>
                }
            </div>
            <p class="note">{ t(lang, Text::AssignorNote) }</p>
        </section>
    }
}
