//! The still part of the wire diagram: producers, brokers with their partitions' replicas
//! (records cell by cell, the high watermark and the group's committed offset), the group with
//! its members and the partitions they own. A component of its own, compared by what it draws,
//! so that a frame that only moves chips re-renders none of it.

use crate::components::group_box::phase_text;
use crate::diagram::geometry::{CELL_W, Layout, Point, ROW_H, Rect, TAG_H, TAG_W, TITLE_H};
use crate::i18n::{Lang, Text, t};
use crate::view::moment::{MarkKind, Moment, PartitionLog};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct WireNodesProps {
    pub moment: Rc<Moment>,
    pub layout: Rc<Layout>,
}

impl PartialEq for WireNodesProps {
    /// Equal when they draw the same: the moment's nodes, whatever its messages on the wire.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.moment, &*other.moment);
        self.layout == other.layout
            && (Rc::ptr_eq(&self.moment, &other.moment)
                || (a.producers == b.producers
                    && a.brokers == b.brokers
                    && a.partitions == b.partitions
                    && a.group == b.group
                    && a.consumers == b.consumers
                    && a.coordinator == b.coordinator))
    }
}

/// A partition's replica on a broker: the partition's log, whether the broker leads it, and
/// its log end there.
struct Replica<'a> {
    log: &'a PartitionLog,
    leads: bool,
    end: i64,
}

/// A broker's replicas: the partitions it leads (★), then those it follows.
fn replicas(moment: &Moment, broker: i32) -> Vec<Replica<'_>> {
    let Some(b) = moment.brokers.iter().find(|b| b.id == broker) else {
        return Vec::new();
    };
    let rows = b
        .leads
        .iter()
        .map(|&p| (p, true))
        .chain(b.follows.iter().map(|&p| (p, false)));
    rows.filter_map(|(p, leads)| {
        let log = moment.partitions.iter().find(|l| l.partition == p)?;
        let end = if leads {
            log.end
        } else {
            log.marks.iter().find_map(|m| match m.kind {
                MarkKind::Replica { broker: b } if b == broker => Some(m.offset),
                _ => None,
            })?
        };
        Some(Replica { log, leads, end })
    })
    .collect()
}

/// How many replica rows each broker has, for the layout.
pub fn replica_rows(moment: &Moment) -> Vec<(i32, usize)> {
    moment
        .brokers
        .iter()
        .map(|b| (b.id, replicas(moment, b.id).len()))
        .collect()
}

fn text(p: Point, class: &'static str, s: String) -> Html {
    html! { <text x={fmt(p.x)} y={fmt(p.y)} class={class}>{ s }</text> }
}

/// A replica's row: its name and ends, then its last records as cells (older ones counted
/// as "+k"), with the high watermark and, on the leader, the group's committed offset marked
/// between cells. Cells are keyed by offset: a new record appears, and the window slides.
fn replica_row(broker: i32, r: Rect, i: usize, replica: &Replica) -> Html {
    let (log, end) = (replica.log, replica.end);
    let y = r.y + TITLE_H + i as f64 * ROW_H;
    let name = format!(
        "P{}{}",
        log.partition,
        if replica.leads { " ★" } else { "" }
    );
    let hw = log.high_watermark;
    // Room for the cells after the "+k" counter.
    let left = r.x + 8.0 + 20.0;
    let room = ((r.x + r.w - 8.0 - left) / CELL_W).floor().max(1.0) as i64;
    let from = (end - room).max(0);
    let x_of = |offset: i64| left + (offset - from) as f64 * CELL_W;
    let cells = (from..end).map(|offset| {
        html! {
            <rect key={offset} class={classes!("rec", (offset >= hw).then_some("above"))}
                style={format!("transform:translate({}px,{}px)", fmt(x_of(offset)), fmt(y + 13.0))}
                width={fmt(CELL_W - 1.5)} height="8" />
        }
    });
    let mark = |offset: i64, class: &'static str| {
        (offset >= from && offset <= end).then(|| {
            html! { <rect class={class} style={format!("transform:translate({}px,{}px)", fmt(x_of(offset) - 1.5), fmt(y + 11.0))} width="2" height="13" /> }
        })
    };
    let committed = log
        .marks
        .iter()
        .filter(|_| replica.leads)
        .find(|m| m.kind == MarkKind::Committed)
        .and_then(|m| {
            (m.offset >= from && m.offset <= end).then(|| {
                let x = x_of(m.offset) - 0.75;
                html! { <polygon class="committed" points={format!("{},{} {},{} {},{}", fmt(x - 3.0), fmt(y + 27.0), fmt(x + 3.0), fmt(y + 27.0), fmt(x), fmt(y + 22.0))} /> }
            })
        });
    html! {
        <g class={classes!("replica", replica.leads.then_some("leader"))} data-replica={format!("B{broker}-P{}", log.partition)}>
            { text(Point { x: r.x + 8.0, y: y + 10.0 }, "row", name) }
            <text x={fmt(r.x + r.w - 8.0)} y={fmt(y + 10.0)} class="row end">{ format!("{end} · HW {hw}") }</text>
            if from > 0 {
                { text(Point { x: r.x + 8.0, y: y + 20.0 }, "row older", format!("+{from}")) }
            }
            { for cells }
            { for mark(hw, "hw") }
            { for committed }
        </g>
    }
}

#[component]
pub fn WireNodes(props: &WireNodesProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let (moment, layout) = (&*props.moment, &*props.layout);
    let producers = moment
        .producers
        .iter()
        .zip(&layout.producers)
        .map(|(p, r)| {
            html! {
                <g class={classes!("node", format!("o{}", p.colour))} data-node={p.label.clone()}>
                    { rect(*r, "box") }
                    { text(Point { x: r.x + 8.0, y: r.y + 17.0 }, "name", p.label.clone()) }
                    { text(Point { x: r.x + 8.0, y: r.y + 32.0 }, "note", "Producer".into()) }
                </g>
            }
        });
    let brokers = moment.brokers.iter().zip(&layout.brokers).map(|(b, (_, r))| {
        let coordinator = moment.group.is_some() && moment.coordinator == Some(b.id);
        let mut title = format!("B{}", b.id);
        if coordinator {
            title.push_str(&format!(" ◆ {}", t(lang, Text::Coordinator)));
        }
        if !b.up {
            title.push_str(&format!(" ✕ {}", t(lang, Text::BrokerDown)));
        }
        let rows = replicas(moment, b.id);
        html! {
            <g class={classes!("node", "broker", (!b.up).then_some("down"), coordinator.then_some("coordinator"))}
                data-testid={format!("diagram-broker-{}", b.id)} data-up={b.up.to_string()}>
                { rect(*r, "box") }
                { text(Point { x: r.x + 8.0, y: r.y + 15.0 }, "name", title) }
                { for rows.iter().enumerate().map(|(i, replica)| replica_row(b.id, *r, i, replica)) }
            </g>
        }
    });
    let group = moment.group.as_ref().zip(layout.group).map(|(g, (frame, tray))| {
        let phase = t(lang, phase_text(g.state));
        html! {
            <g class={classes!("group", format!("phase-{:?}", g.state).to_lowercase())} data-testid="diagram-group">
                { rect(frame, "frame") }
                { text(Point { x: frame.x + 8.0, y: frame.y + 16.0 }, "name", format!("{} · {} {} · {phase}", g.id, t(lang, Text::GenerationShort), g.generation)) }
                { rect(tray, "tray") }
                { text(Point { x: tray.x + tray.w - 4.0, y: tray.y + 13.0 }, "note end", t(lang, Text::Unassigned).to_string()) }
            </g>
        }
    });
    let consumers = moment.consumers.iter().zip(&layout.consumers).map(|(c, r)| html! {
        <g class={classes!("node", format!("o{}", c.colour), (!c.up).then_some("down"))} data-node={c.label.clone()}>
            { rect(*r, "box") }
            { text(Point { x: r.x + 6.0, y: r.y + 13.0 }, "name", if c.up { c.label.clone() } else { format!("{} ✕", c.label) }) }
        </g>
    });
    // Every partition is a tag in its owner's box or in the group's tray, keyed by partition,
    // so a revoked and reassigned partition slides from one to the other.
    let tags = layout.group.map(|(_, tray)| {
        let mut slots = vec![0; moment.consumers.len()];
        let mut spare = 0;
        let tags = moment.partitions.iter().map(|log| {
            let owner = moment.consumers.iter().position(|c| c.partitions.contains(&log.partition));
            let at = match owner.and_then(|i| Some((i, layout.consumers.get(i)?))) {
                Some((i, r)) => {
                    slots[i] += 1;
                    Layout::tag(*r, slots[i] - 1)
                }
                None => {
                    spare += 1;
                    Layout::tag(tray, spare - 1)
                }
            };
            let colour = owner.map(|i| moment.consumers[i].colour);
            html! {
                <g key={log.partition} class={classes!("tag", colour.map(|c| format!("o{c}")))}
                    style={format!("transform:translate({}px,{}px)", fmt(at.x), fmt(at.y))} data-partition={log.partition.to_string()}>
                    <rect width={fmt(TAG_W)} height={fmt(TAG_H)} rx="3" />
                    <text x={fmt(TAG_W / 2.0)} y="10.5">{ format!("P{}", log.partition) }</text>
                </g>
            }
        });
        html! { <g class="tags">{ for tags }</g> }
    });
    html! {
        <g class="nodes">
            { for group }
            { for producers }
            { for brokers }
            { for consumers }
            { for tags }
        </g>
    }
}

pub fn rect(r: Rect, class: &'static str) -> Html {
    html! { <rect class={class} x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx="6" /> }
}

pub fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
