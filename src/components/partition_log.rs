//! One partition's log in the cluster diagram, windowed: the last `WINDOW` offsets are drawn,
//! older ones only counted, so a log of thousands of records costs as much as a short one.
//! Marks point between cells: the high watermark, followers' log ends, each consumer's position
//! and the group's committed offset; they glide (CSS transition) as they move. The owner is
//! shown by colour and by label.

use crate::i18n::{Lang, Text, t};
use crate::moment::{MarkKind, OffsetMark, PartitionLog as Log, WINDOW};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionLogProps {
    pub log: Log,
    /// Whether the partition shows its owning consumer (a run without consumers has none).
    pub show_owner: bool,
}

/// A mark's place in the window, in cells from its left edge; marks before the window sit at
/// its left edge.
fn place(log: &Log, offset: i64) -> i64 {
    (offset - log.first).clamp(0, WINDOW as i64)
}

fn mark(lang: Lang, log: &Log, offset: i64, kind: &MarkKind) -> Html {
    let (class, label, title, owner) = match kind {
        MarkKind::Replica { broker } => ("replica", format!("B{broker}"), Text::ReplicaEnd, None),
        MarkKind::Position {
            label,
            colour,
            fetch_start,
        } => {
            let title = if *fetch_start {
                Text::PositionFetchStart
            } else {
                Text::Position
            };
            ("position", label.clone(), title, Some(*colour))
        }
        MarkKind::Committed => ("committed", "commit".into(), Text::CommittedOffset, None),
    };
    let fetch_start = matches!(
        kind,
        MarkKind::Position {
            fetch_start: true,
            ..
        }
    );
    let behind = offset < log.first;
    let text = if behind {
        format!("←{label} {offset}")
    } else {
        label.clone()
    };
    html! {
        <span class={classes!("mark", class, owner.map(|c| format!("owner-{c}")), fetch_start.then_some("fetch-start"))}
            style={format!("--i:{}", place(log, offset))}
            title={format!("{} · {offset}", t(lang, title))}
            data-testid={format!("mark-{class}-{}-{label}", log.partition)}
            data-offset={offset.to_string()}>
            <span class="mark-label">{ text }</span>
        </span>
    }
}

#[component]
pub fn PartitionLog(props: &PartitionLogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let log = &props.log;
    let (owner_class, owner_label) = match &log.owner {
        Some(owner) => (format!("owner-{}", owner.colour), owner.label.clone()),
        None => (
            "owner-none".to_string(),
            t(lang, Text::Unassigned).to_string(),
        ),
    };
    let cells = log.cells.iter().map(|cell| {
        let readable = cell.offset < log.high_watermark;
        html! {
            <li key={cell.offset} class={classes!("cell", (!readable).then_some("unreplicated"))}
                style={format!("--i:{}", cell.offset - log.first)}
                title={format!("offset {} · key={}, value={}", cell.offset, cell.key, cell.value)}>
                <span class="cell-offset">{ cell.offset }</span>
            </li>
        }
    });
    let marks = log
        .marks
        .iter()
        .map(|OffsetMark { offset, kind }| mark(lang, log, *offset, kind));
    let isr: Vec<String> = log.isr.iter().map(|b| format!("B{b}")).collect();
    html! {
        <li class={classes!("partition-log", owner_class.clone())} data-testid={format!("partition-{}", log.partition)}>
            <div class="plog-head">
                <span class="partition-name">{ format!("P{}", log.partition) }</span>
                <span class="plog-meta">
                    { log.leader.map_or_else(|| t(lang, Text::Offline).to_string(), |b| format!("{} B{b}", t(lang, Text::LeaderShort))) }
                    { " · " }<abbr title={t(lang, Text::Isr)}>{ "ISR" }</abbr>{ format!(" {}", isr.join(",")) }
                </span>
                <span class="plog-meta" data-testid={format!("hw-{}", log.partition)} title={t(lang, Text::HighWatermark)}>
                    { format!("HW {}", log.high_watermark) }
                </span>
                <span class="plog-meta" title={t(lang, Text::LogEnd)}>{ format!("LEO {}", log.end) }</span>
                if props.show_owner {
                    <span class={classes!("owner-badge", owner_class)} data-testid={format!("owner-{}", log.partition)}
                        title={t(lang, Text::OwnedBy)}>{ owner_label }</span>
                }
            </div>
            <div class="plog-track" style={format!("--window:{WINDOW}")}>
                if log.first > 0 {
                    <span class="plog-hidden" title={t(lang, Text::EarlierOffsets)}>{ format!("0…{}", log.first - 1) }</span>
                }
                <ol class="plog-cells" aria-label={format!("{} {}", t(lang, Text::Partition), log.partition)}>{ for cells }</ol>
                <span class="mark hw" style={format!("--i:{}", place(log, log.high_watermark))}
                    title={t(lang, Text::HighWatermark)}><span class="mark-label">{ "HW" }</span></span>
                { for marks }
            </div>
        </li>
    }
}
