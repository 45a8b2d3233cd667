//! The cluster as a picture (SVG): producers, brokers with their partitions' replicas, the
//! group's consumers with the partitions they own, and every message on the wire as a chip on
//! its link, where virtual time has carried it. Colour is the process (the page's palette),
//! shape the kind, and a short label says it in words. The picture's own style is inside it, so
//! that an exported file looks the same.

use crate::components::group_box::phase_text;
use crate::components::protocol_lane::kind_class;
use crate::diagram::flights::{Flight, VANISH};
use crate::diagram::geometry::{Layout, Orientation, Point, ROW_H, Rect, TAG_H, TAG_W, TITLE_H};
use crate::i18n::{Lang, Text, t};
use crate::view::moment::{MarkKind, Moment, ProtocolKind};
use std::rc::Rc;
use yew::prelude::*;

/// Where a step shows the messages it sent, and where reduced motion shows every message: on
/// their way (a lost one still before it vanishes).
pub const STILL: f64 = 0.4;

#[derive(Properties, PartialEq)]
pub struct WireDiagramProps {
    pub moment: Rc<Moment>,
    /// The virtual instant shown; `None` when stepping (messages at [`STILL`]).
    pub instant: Option<f64>,
    pub highlight: Option<AttrValue>,
    pub on_highlight: Callback<Option<AttrValue>>,
    /// The chip whose content is shown.
    pub on_select: Callback<Option<AttrValue>>,
    pub svg: NodeRef,
}

/// What a chip carries, in words: `OffsetCommit ak03.test-0 @ 12, generation 3`.
pub fn flight_text(lang: Lang, flight: &Flight) -> String {
    let mut text = format!("{} {}", flight.kind.name(), flight.detail);
    if flight.answer
        && !matches!(
            flight.kind,
            ProtocolKind::ProduceResponse
                | ProtocolKind::ProduceError
                | ProtocolKind::MetadataResponse
        )
    {
        text = format!("{} ({})", text, t(lang, Text::Answer));
    }
    if let Some(generation) = flight.generation {
        text.push_str(&format!(
            ", {} {generation}",
            t(lang, Text::GenerationShort)
        ));
    }
    if flight.lost {
        text.push_str(&format!(" · {}", t(lang, Text::Lost)));
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Users who ask for reduced motion see messages jump from step to step.
fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

/// The diagram runs across the page where the cluster spans it (a tablet's or a small laptop's
/// width: `.step-grid` in styles/main.css), and top to bottom on a phone and in the third
/// column of a wide screen.
fn orientation() -> Orientation {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1_024.0);
    if (640.0..1_200.0).contains(&width) {
        Orientation::Wide
    } else {
        Orientation::Tall
    }
}

/// A broker's rows: the partitions it leads (★) then follows, with its replica's log end.
/// A partition's replica on a broker: the partition, whether the broker leads it, its log
/// end there and the partition's high watermark.
type ReplicaRow = (i32, bool, i64, i64);

fn replica_rows(moment: &Moment, broker: i32) -> Vec<ReplicaRow> {
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
        Some((p, leads, end, log.high_watermark))
    })
    .collect()
}

/// The nodes of the picture and where they are: drawn once per moment, not per frame.
fn nodes(lang: Lang, moment: &Moment, orientation: Orientation) -> (Layout, Html) {
    let rows: Vec<(i32, Vec<ReplicaRow>)> = moment
        .brokers
        .iter()
        .map(|b| (b.id, replica_rows(moment, b.id)))
        .collect();
    let sizes: Vec<(i32, usize)> = rows.iter().map(|(id, r)| (*id, r.len())).collect();
    let layout = Layout::new(
        orientation,
        moment.producers.len(),
        &sizes,
        moment.consumers.len(),
        moment.group.is_some(),
    );
    // The bars share one scale: the longest replica log drawn.
    let longest = rows
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|&(_, _, end, hw)| end.max(hw)))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let text = |p: Point, class: &'static str, s: String| html! { <text x={fmt(p.x)} y={fmt(p.y)} class={class}>{ s }</text> };
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
        let replicas = rows.iter().find(|(id, _)| *id == b.id).map(|(_, r)| r.as_slice()).unwrap_or_default();
        let bar = r.w - 16.0;
        let replicas = replicas.iter().enumerate().map(|(i, &(p, leads, end, hw))| {
            let y = r.y + TITLE_H + i as f64 * ROW_H;
            let name = format!("P{p}{}", if leads { " ★" } else { "" });
            html! {
                <g class={classes!("replica", leads.then_some("leader"))} data-replica={format!("B{}-P{p}", b.id)}>
                    { text(Point { x: r.x + 8.0, y: y + 10.0 }, "row", name) }
                    <text x={fmt(r.x + r.w - 8.0)} y={fmt(y + 10.0)} class="row end">{ format!("{end} · HW {hw}") }</text>
                    <rect class="bar" x={fmt(r.x + 8.0)} y={fmt(y + 12.0)} height="2" width={fmt(bar * end as f64 / longest)} />
                    <rect class="hw" x={fmt(r.x + 8.0 + bar * hw as f64 / longest - 1.0)} y={fmt(y + 11.0)} height="4" width="2" />
                </g>
            }
        });
        html! {
            <g class={classes!("node", "broker", (!b.up).then_some("down"), coordinator.then_some("coordinator"))}
                data-testid={format!("diagram-broker-{}", b.id)} data-up={b.up.to_string()}>
                { rect(*r, "box") }
                { text(Point { x: r.x + 8.0, y: r.y + 15.0 }, "name", title) }
                { for replicas }
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
    let html = html! {
        <>
            { for group }
            { for producers }
            { for brokers }
            { for consumers }
            { for tags }
        </>
    };
    (layout, html)
}

/// A moment compared by identity: the step-through makes a new one when the cursor moves.
struct Same(Rc<Moment>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub fn WireDiagram(props: &WireDiagramProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let moment = &props.moment;
    let drawn = use_memo(
        (Same(moment.clone()), lang, orientation()),
        |(Same(moment), lang, orientation)| nodes(*lang, moment, *orientation),
    );
    let (layout, nodes) = &*drawn;
    let still = props.instant.is_none() || reduced_motion();
    let mut links: Vec<String> = Vec::new();
    let chips = moment.flights.iter().filter_map(|flight| {
        let t_at = props.instant.unwrap_or(flight.sent as f64 + STILL);
        let progress = if still { STILL } else { flight.progress(t_at) };
        let at = layout.along(flight.from, flight.to, progress)?;
        if !still && !flight.shown(t_at) {
            return None;
        }
        let link = flight.link();
        if !links.contains(&link) {
            links.push(link.clone());
        }
        let lit = props.highlight.as_deref() == Some(link.as_str());
        let info = flight_text(lang, flight);
        let fade = if flight.lost { format!("opacity:{:.2}", 1.0 - progress / VANISH * 0.8) } else { String::new() };
        let select = props.on_select.clone();
        let (id, highlight) = (AttrValue::from(flight.id.clone()), props.on_highlight.clone());
        let enter = {
            let (id, link, select, highlight) = (id.clone(), AttrValue::from(link.clone()), select.clone(), highlight.clone());
            move || {
                select.emit(Some(id.clone()));
                highlight.emit(Some(link.clone()));
            }
        };
        let leave = move || highlight.emit(None);
        let (enter2, leave2) = (enter.clone(), leave.clone());
        Some(html! {
            <g key={flight.id.clone()} class={classes!("flight", kind_class(flight.kind), format!("o{}", flight.colour), flight.answer.then_some("answer"), flight.lost.then_some("lost"), lit.then_some("lit"))}
                data-flight={id} data-link={link} tabindex="0" role="button" aria-label={info.clone()}
                transform={format!("translate({} {})", fmt(at.x), fmt(at.y))} style={fade}
                onmouseenter={Callback::from(move |_: MouseEvent| enter())} onfocus={Callback::from(move |_: FocusEvent| enter2())}
                onmouseleave={Callback::from(move |_: MouseEvent| leave())} onblur={Callback::from(move |_: FocusEvent| leave2())}>
                <title>{ info }</title>
                { shape(flight.kind) }
                <text x="9" y="3.5" class="label">{ flight.kind.name() }</text>
            </g>
        })
    }).collect::<Vec<Html>>();
    let link_lines = links.iter().filter_map(|link| {
        let flight = moment.flights.iter().find(|f| &f.link() == link)?;
        let (a, b) = layout.link(flight.from, flight.to)?;
        let lit = props.highlight.as_deref() == Some(link.as_str());
        Some(html! { <line class={classes!("link", lit.then_some("lit"))} x1={fmt(a.x)} y1={fmt(a.y)} x2={fmt(b.x)} y2={fmt(b.y)} /> })
    });
    html! {
        <svg ref={props.svg.clone()} class="net" data-testid="wire-diagram" xmlns="http://www.w3.org/2000/svg"
            viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
            role="group" aria-label={t(lang, Text::WireDiagramAlt)}>
            <style>{ STYLE }</style>
            <rect class="paper" width={fmt(layout.width)} height={fmt(layout.height)} />
            { nodes.clone() }
            { for link_lines }
            { for chips }
        </svg>
    }
}

fn rect(r: Rect, class: &'static str) -> Html {
    html! { <rect class={class} x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx="6" /> }
}

/// A chip's shape by kind, so that colour is never the only cue: squares for produce, a
/// diamond for fetch, circles for the group protocol (small for heartbeats), a hexagon for
/// offsets, a bar for metadata, a triangle for an error; answers are hollow.
fn shape(kind: ProtocolKind) -> Html {
    match kind_class(kind) {
        "produce" | "response" => {
            html! { <rect class="shape" x="-5" y="-5" width="10" height="10" /> }
        }
        "fetch" => html! { <polygon class="shape" points="0,-6 6,0 0,6 -6,0" /> },
        "group" => html! { <circle class="shape" r="6" /> },
        "heartbeat" => html! { <circle class="shape" r="4" /> },
        "commit" => html! { <polygon class="shape" points="-3,-5 3,-5 6,0 3,5 -3,5 -6,0" /> },
        "metadata" => html! { <rect class="shape" x="-6" y="-3" width="12" height="6" /> },
        _ => html! { <polygon class="shape" points="0,-6 6,5 -6,5" /> },
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// The picture's own style (kept inside the SVG, so that an export looks the same): the
/// page's palette, boxes, chips; the page's stylesheet adds only how it sits in the page.
const STYLE: &str = "
.net .paper{fill:#fff}
.net text{font:11px system-ui,sans-serif;fill:#14213d}
.net .name{font-weight:700}
.net .note,.net .row{font-size:10px;fill:#333}
.net .end{text-anchor:end}
.net .box{fill:#f7f8fb;stroke:#4a5568;stroke-width:1.2}
.net .node[class*=' o'] .box{fill:#fff;stroke:var(--c);stroke-width:2.5}
.net .down .box{fill:#e8e8e8;stroke:#b00020;stroke-dasharray:5 3}
.net .down text{fill:#b00020;text-decoration:line-through}
.net .coordinator .box{stroke-width:2.5}
.net .frame{fill:#f4f6fb;stroke:#4a5568}
.net .phase-preparingrebalance .frame,.net .phase-completingrebalance .frame{stroke:#b35900;stroke-dasharray:6 3;stroke-width:2}
.net .tray{fill:none;stroke:#999;stroke-dasharray:2 2}
.net .bar{fill:#4a5568}.net .hw{fill:#b35900}
.net .bar,.net .hw,.net .tag{transition:all .4s ease}
.net .tag rect{fill:#fff;stroke:#4a5568}.net .tag[class*=' o'] rect{fill:var(--c)}
.net .tag text{font-size:9px;text-anchor:middle;font-weight:700}
.net .link{stroke:#9aa3b2;stroke-dasharray:3 3}.net .link.lit{stroke:#14213d;stroke-width:2}
.net .flight{cursor:pointer}
.net .flight .shape{fill:var(--c);stroke:#14213d;stroke-width:1}
.net .flight.answer .shape{fill:#fff;stroke:var(--c);stroke-width:2.5}
.net .flight.lost .shape{stroke-dasharray:2 2}
.net .flight .label{font-size:9px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
.net .flight.lit .shape,.net .flight:focus .shape{stroke:#000;stroke-width:3}
.net .flight:focus{outline:none}
.net .o0{--c:#e69f00}.net .o1{--c:#56b4e9}.net .o2{--c:#009e73}.net .o3{--c:#f0e442}.net .o4{--c:#0072b2}
.net .o5{--c:#d55e00}.net .o6{--c:#cc79a7}.net .o7{--c:#6b6b6b}.net .o8{--c:#882255}
@media (prefers-reduced-motion:reduce){.net .bar,.net .hw,.net .tag{transition:none}}
";
