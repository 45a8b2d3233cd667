//! A topic drawn as its partition logs: one row per partition, one numbered cell per offset,
//! and the owning consumer shown by colour and by label.

use crate::i18n::{Lang, Text, t};
use crate::live_view::LiveView;
use yew::prelude::*;

/// The topic of the live view `view`.
pub fn topic_log(lang: Lang, view: &LiveView) -> Html {
    let rows = view.partitions.iter().map(|row| {
        let (owner_class, owner_label) = match &row.owner {
            Some(owner) => (format!("owner-{}", owner.colour), owner.label.clone()),
            None => ("owner-none".to_string(), t(lang, Text::Unassigned).to_string()),
        };
        let cells = row.cells.iter().map(|cell| {
            html! {
                <li key={cell.offset} class="cell" title={format!("key={}, value={}", cell.key, cell.value)}>
                    <span class="cell-offset">{ cell.offset }</span>
                    <span class="cell-key">{ format!("k{}", cell.key) }</span>
                </li>
            }
        });
        html! {
            <li key={row.partition} class={classes!("partition", owner_class.clone())}
                data-testid={format!("partition-{}", row.partition)}>
                <span class="partition-name">{ format!("P{}", row.partition) }</span>
                <ol class="log" aria-label={format!("{} {} · {}", t(lang, Text::Partition), row.partition, t(lang, Text::Offset))}>
                    { for cells }
                </ol>
                <span class={classes!("owner-badge", owner_class)} data-testid={format!("owner-{}", row.partition)}
                    title={t(lang, Text::OwnedBy)}>
                    { owner_label }
                </span>
            </li>
        }
    });
    html! {
        <section class="panel topic" aria-labelledby="topic-title">
            <h2 id="topic-title">
                <span class="kicker">{ t(lang, Text::Topic) }</span>
                <span class="name" data-testid="topic-name">{ view.topic.clone() }</span>
                <span class="meta">{ format!("{} {}", view.partitions.len(), t(lang, if view.partitions.len() == 1 { Text::PartitionCountOne } else { Text::PartitionsCount })) }</span>
            </h2>
            <ol class="partitions">{ for rows }</ol>
        </section>
    }
}
