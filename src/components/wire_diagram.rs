//! The cluster as a picture (SVG): producers, brokers with their partitions' replicas, the
//! group's consumers with the partitions they own ([`WireNodes`]), and every message on the
//! wire as a chip on its link, where virtual time has carried it. Colour is the process (the
//! page's palette), shape the kind, and a short label says it in words; chips sharing a spot
//! fan out under one label. Periodic traffic (heartbeats, empty fetches) is drawn while
//! playing as its link's cadence: a faint pulse each round and a count at the node that asks.
//! The picture's own style is inside it, so that an exported file looks the same.

use crate::components::protocol_lane::kind_class;
use crate::components::wire_nodes::{WireNodes, fmt, replica_rows};
use crate::diagram::cadence::{Cadence, Pulse, sign};
use crate::diagram::flights::{Flight, Node, VANISH, link_key, node_colour};
use crate::diagram::geometry::{LABEL_CHAR_W, Layout, Orientation, Point, fan};
use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::state::playback::Millis;
use crate::view::moment::{Moment, ProtocolKind};
use kafka_sim::collect::sort;
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
    /// The virtual millisecond shown: where the cadence is counted when stepping.
    pub time: Millis,
    /// The run's periodic traffic.
    pub cadence: Rc<Cadence>,
    pub highlight: Option<AttrValue>,
    pub on_highlight: Callback<Option<AttrValue>>,
    /// The chip whose content is shown.
    pub on_select: Callback<Option<AttrValue>>,
    pub svg: NodeRef,
    /// The run's consumers, all of them: the picture keeps their room from the start.
    pub room: usize,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
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
fn reduced_motion_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
}

/// Whether the user asks for reduced motion, following the setting as it changes: read once,
/// not on every frame.
#[hook]
fn use_reduced_motion() -> bool {
    let reduced = use_state_eq(|| reduced_motion_query().is_some_and(|q| q.matches()));
    {
        let reduced = reduced.clone();
        use_effect_with((), move |()| {
            let listener = reduced_motion_query().map(|query| {
                let target = query.clone();
                gloo::events::EventListener::new(&target, "change", move |_| {
                    reduced.set(query.matches())
                })
            });
            move || drop(listener)
        });
    }
    *reduced
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

/// The chip (`data-flight`, `data-link`) an event happened in.
fn chip_of(event: &Event) -> Option<(AttrValue, AttrValue)> {
    let target: web_sys::Element = event.target_dyn_into()?;
    let chip = target.closest("[data-flight]").ok()??;
    let id = chip.get_attribute("data-flight")?;
    Some((id.into(), chip.get_attribute("data-link")?.into()))
}

/// A chip's label: its kind, and how many more chips it stands for.
fn label(flight: &Flight, chips: usize) -> String {
    match chips {
        1 => flight.kind.name().to_string(),
        n => format!("{} +{}", flight.kind.name(), n - 1),
    }
}

/// The counts of the cadences a node keeps (`♥12 ↻40`), where its box says its name; none
/// for a consumer that is down.
fn counters(moment: &Moment, layout: &Layout, pulses: &[Pulse]) -> Html {
    let up = |node: Node| match node {
        Node::Consumer(i) => moment.consumers.get(i).is_some_and(|c| c.up),
        _ => true,
    };
    let mut nodes: Vec<Node> = pulses.iter().map(|p| p.from).filter(|&n| up(n)).collect();
    sort::sort(&mut nodes);
    nodes.dedup();
    let counters = nodes.into_iter().filter_map(|node| {
        let r = layout.rect(node)?;
        let mut kinds: Vec<(ProtocolKind, usize)> = Vec::new();
        for pulse in pulses.iter().filter(|p| p.from == node) {
            match kinds.iter_mut().find(|(kind, _)| *kind == pulse.kind) {
                Some((_, count)) => *count += pulse.count,
                None => kinds.push((pulse.kind, pulse.count)),
            }
        }
        sort::sort_by_key(&mut kinds, |&(kind, _)| kind != ProtocolKind::Heartbeat);
        let words: Vec<String> = kinds
            .iter()
            .map(|&(kind, count)| format!("{}{count}", sign(kind)))
            .collect();
        let y = if matches!(node, Node::Broker(_)) { r.y + 15.0 } else { r.y + 13.0 };
        Some(html! {
            <text class="cadence end" x={fmt(r.x + r.w - 6.0)} y={fmt(y)} data-testid={format!("cadence-{}", node.key())}>
                { words.join(" ") }
            </text>
        })
    });
    html! { <g class="cadences">{ for counters }</g> }
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
    let reduced = use_reduced_motion();
    let layout = use_memo(
        (
            replica_rows(moment),
            moment.producers.len(),
            moment.consumers.len(),
            moment.group.is_some(),
            orientation(),
            props.room,
        ),
        |(rows, producers, consumers, group, orientation, room)| {
            let layout = |n, group| Layout::new(*orientation, *producers, rows, n, group);
            // The room: all the run's consumers, in their group (drawn once one joins).
            let full = layout(*consumers.max(room), *group || *room > 0);
            layout(*consumers, *group).with_room_of(&full)
        },
    );
    // What each chip carries, in words: once per moment, not per frame.
    let infos = use_memo((Same(moment.clone()), lang), |(Same(moment), lang)| {
        moment
            .flights
            .iter()
            .map(|f| AttrValue::from(flight_text(*lang, f)))
            .collect::<Vec<_>>()
    });
    let lazy = use_lazy_view(props.svg.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let playing = props.instant.is_some();
    let still = !playing || reduced;
    // The chips drawn: while playing, periodic messages are their link's cadence instead.
    let mut drawn: Vec<(usize, f64, Point)> = Vec::with_capacity(moment.flights.len());
    for (i, flight) in moment.flights.iter().enumerate() {
        let progress = match props.instant {
            _ if playing && flight.periodic => continue,
            Some(t) if !still => {
                if !flight.shown(t) {
                    continue;
                }
                flight.progress(t)
            }
            _ => STILL,
        };
        if let Some(at) = layout.along(flight.from, flight.to, progress) {
            drawn.push((i, progress, at));
        }
    }
    // Each chip with its label's width, with room for a count ("+2").
    let points: Vec<(Point, f64)> = drawn
        .iter()
        .map(|&(i, _, at)| {
            let name = moment.flights[i].kind.name().chars().count();
            (at, (name + 3) as f64 * LABEL_CHAR_W)
        })
        .collect();
    let highlight = props.highlight.as_deref();
    let mut links: Vec<(Node, Node)> = Vec::new();
    let mut link = |from: Node, to: Node| {
        if !links
            .iter()
            .any(|&(a, b)| (a, b) == (from, to) || (a, b) == (to, from))
        {
            links.push((from, to));
        }
    };
    let chips = drawn.iter().zip(fan(&points)).map(|(&(i, progress, _), (at, pile))| {
        let flight = &moment.flights[i];
        link(flight.from, flight.to);
        let key = flight.link();
        let lit = highlight == Some(key.as_str());
        let fade = flight.lost.then(|| format!("opacity:{:.2}", 1.0 - progress / VANISH * 0.8));
        let info = infos[i].clone();
        // A label standing for several chips is said first, so that the name holds what is seen.
        let name = match pile {
            0 | 1 => info.clone(),
            n => AttrValue::from(format!("{} · {info}", label(flight, n))),
        };
        html! {
            <g key={flight.id.as_str()} class={classes!("flight", kind_class(flight.kind), format!("o{}", flight.colour), flight.answer.then_some("answer"), flight.lost.then_some("lost"), lit.then_some("lit"))}
                data-flight={flight.id.clone()} data-link={key} tabindex="0" role="button" aria-label={name}
                transform={format!("translate({} {})", fmt(at.x), fmt(at.y))} style={fade}>
                <title>{ info }</title>
                { shape(flight.kind) }
                if pile > 0 {
                    <text x="9" y="3.5" class="label">{ label(flight, pile) }</text>
                }
            </g>
        }
    }).collect::<Vec<Html>>();
    let pulses: Vec<Pulse> = props
        .cadence
        .at(props.instant.unwrap_or(props.time as f64))
        .collect();
    let beats = pulses.iter().filter_map(|pulse| {
        link(pulse.from, pulse.to);
        let (a, b) = layout.link(pulse.from, pulse.to)?;
        let key = format!("{}-{}-{}", link_key(pulse.from, pulse.to), sign(pulse.kind), pulse.count);
        Some(html! {
            <line key={key} class={classes!("pulse", format!("o{}", node_colour(pulse.from, pulse.to)))}
                x1={fmt(a.x)} y1={fmt(a.y)} x2={fmt(b.x)} y2={fmt(b.y)} />
        })
    }).collect::<Vec<Html>>();
    // In one order on every frame, so that a link's line stays where it is in the document
    // (the key is unique: `link` keeps one direction of a pair).
    sort::sort_by_key(&mut links, |&(a, b)| (a.min(b), a.max(b)));
    let link_lines = links.iter().filter_map(|&(from, to)| {
        let (a, b) = layout.link(from, to)?;
        let key = link_key(from, to);
        let lit = highlight == Some(key.as_str());
        Some(html! { <line key={key.clone()} class={classes!("link", lit.then_some("lit"))} data-wire={key} x1={fmt(a.x)} y1={fmt(a.y)} x2={fmt(b.x)} y2={fmt(b.y)} /> })
    }).collect::<Vec<Html>>();
    let (select, on_highlight) = (props.on_select.clone(), props.on_highlight.clone());
    let enter = Callback::from(move |event: Event| {
        if let Some((id, link)) = chip_of(&event) {
            select.emit(Some(id));
            on_highlight.emit(Some(link));
        }
    });
    let on_highlight = props.on_highlight.clone();
    let leave = Callback::from(move |event: Event| {
        if chip_of(&event).is_some() {
            on_highlight.emit(None);
        }
    });
    lazy.keep(html! {
        <svg ref={props.svg.clone()} class="net" data-testid="wire-diagram" xmlns="http://www.w3.org/2000/svg"
            viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
            role="group" aria-label={t(lang, Text::WireDiagramAlt)}
            onmouseover={enter.reform(Event::from)} onfocusin={enter.reform(Event::from)}
            onmouseout={leave.reform(Event::from)} onfocusout={leave.reform(Event::from)}>
            <style>{ STYLE }</style>
            <rect class="paper" width={fmt(layout.width)} height={fmt(layout.height)} />
            <WireNodes moment={moment.clone()} layout={layout.clone()} />
            <g class="links">{ for link_lines }{ for beats }</g>
            { counters(moment, &layout, &pulses) }
            <g class="chips">{ for chips }</g>
        </svg>
    })
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
.net .rec{fill:#4a5568;transition:transform .4s ease;animation:rec-in .4s ease-out}
.net .rec.above{fill:#fff;stroke:#4a5568;stroke-width:1}
.net .hw{fill:#b35900}.net .committed{fill:#14213d}
.net .older{font-size:9px}
.net .hw,.net .tag{transition:transform .4s ease}
@keyframes rec-in{from{opacity:0}to{opacity:1}}
.net .cadence{font-size:9px;font-weight:700;fill:#333}
.net .pulse{stroke:var(--c);stroke-width:4;stroke-linecap:round;opacity:0;animation:beat .9s ease-out}
@keyframes beat{from{opacity:.75}to{opacity:0}}
.net .tag rect{fill:#fff;stroke:#4a5568}.net .tag[class*=' o'] rect{fill:var(--c)}
.net .tag text{font-size:9px;text-anchor:middle;font-weight:700}
.net .link{stroke:#9aa3b2;stroke-dasharray:3 3}.net .link.lit{stroke:#14213d;stroke-width:2}
.net .flight{cursor:pointer}
.net .flight .shape{fill:var(--c);stroke:#14213d;stroke-width:1}
.net .flight.answer .shape{fill:#fff;stroke:var(--c);stroke-width:2.5}
.net .flight.lost .shape{stroke-dasharray:2 2}
.net .flight .label{font-size:9px;font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:3px}
.net .flight.lit .shape,.net .flight:focus .shape{stroke:#000;stroke-width:3}
.net .flight:focus{outline:none}
.net .o0{--c:#e69f00}.net .o1{--c:#56b4e9}.net .o2{--c:#009e73}.net .o3{--c:#f0e442}.net .o4{--c:#0072b2}
.net .o5{--c:#d55e00}.net .o6{--c:#cc79a7}.net .o7{--c:#6b6b6b}.net .o8{--c:#882255}
@media (prefers-reduced-motion:reduce){.net .rec,.net .hw,.net .tag{transition:none;animation:none}.net .pulse{display:none}}
";
