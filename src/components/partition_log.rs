//! One partition's log in the cluster diagram, windowed: the last `WINDOW` offsets are drawn,
//! older ones only counted, so a log of thousands of records costs as much as a short one.
//! Marks point between cells: the high watermark, followers' log ends, each consumer's position
//! and the group's committed offset; they glide (CSS transition) as they move. The owner is
//! shown by colour and by label.
//!
//! Every mark's label stays readable: labels at one offset sit side by side ("C1 C2"), and a
//! label that would cover another one moves to a row further from the track.

use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::moment::{MarkKind, OffsetMark, PartitionLog as Log, WINDOW};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionLogProps {
    pub log: Log,
    /// Whether the partition shows its owning consumer (a run without consumers has none).
    pub show_owner: bool,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

/// A mark's place in the window, in cells from its left edge; marks before the window sit at
/// its left edge.
fn place(log: &Log, offset: i64) -> i64 {
    (offset - log.first).clamp(0, WINDOW as i64)
}

/// Where a mark's label goes: consumers' positions over the track, the broker's and the
/// group's marks under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Above,
    Below,
}

/// One mark as drawn: a line at `place` and a label chip.
struct Drawn {
    place: i64,
    side: Side,
    class: Classes,
    text: String,
    title: String,
    /// The test id and offset of a mark the tests read (all but the high watermark).
    test: Option<(String, i64)>,
}

/// The pixel sizes the label layout assumes: a cell as narrow as a phone draws it, and a
/// chip of the 10 px monospace label font (6 px a character, 3 px padding each side, 2 px
/// between chips). Wider cells only leave more room.
const CELL_PX: i64 = 19;
const CHAR_PX: i64 = 6;
const CHIP_PX: i64 = 6;
const GAP_PX: i64 = 2;

/// The labels at one place on one side, side by side on one row (0 is next to the track).
#[derive(Debug, PartialEq, Eq)]
struct LabelRow {
    place: i64,
    side: Side,
    /// Indices of the marks whose chips it holds.
    marks: Vec<usize>,
    row: usize,
    /// Drawn leftwards from its mark, because it would run past the window's right edge.
    leftwards: bool,
}

/// Groups the labels, given as (place, side, text length in characters), by place and side,
/// and gives each group the first row where it covers no other group.
fn lay_out(marks: &[(i64, Side, usize)]) -> Vec<LabelRow> {
    let mut groups: Vec<LabelRow> = Vec::new();
    for (i, &(place, side, _)) in marks.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| g.place == place && g.side == side)
        {
            Some(group) => group.marks.push(i),
            None => groups.push(LabelRow {
                place,
                side,
                marks: vec![i],
                row: 0,
                leftwards: false,
            }),
        }
    }
    kafka_sim::collect::sort_small_by_key(&mut groups, |g| g.place);
    let mut taken: Vec<(Side, usize, i64, i64)> = Vec::new();
    for group in &mut groups {
        let width: i64 = group
            .marks
            .iter()
            .map(|&i| marks[i].2 as i64 * CHAR_PX + CHIP_PX + GAP_PX)
            .sum();
        let at = group.place * CELL_PX;
        group.leftwards = at + width > WINDOW as i64 * CELL_PX;
        let span = if group.leftwards {
            (at - width, at)
        } else {
            (at, at + width)
        };
        group.row = (0..)
            .find(|&row| {
                !taken.iter().any(|&(side, r, from, to)| {
                    side == group.side && r == row && from < span.1 && span.0 < to
                })
            })
            .unwrap_or_default();
        taken.push((group.side, group.row, span.0, span.1));
    }
    groups
}

fn drawn(lang: Lang, log: &Log, offset: i64, kind: &MarkKind) -> Drawn {
    let (class, label, title, owner, fetch_start) = match kind {
        MarkKind::Replica { broker } => (
            "replica",
            format!("B{broker}"),
            Text::ReplicaEnd,
            None,
            false,
        ),
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
            (
                "position",
                label.clone(),
                title,
                Some(*colour),
                *fetch_start,
            )
        }
        MarkKind::Committed => (
            "committed",
            "commit".into(),
            Text::CommittedOffset,
            None,
            false,
        ),
    };
    let text = if offset < log.first {
        format!("←{label} {offset}")
    } else {
        label.clone()
    };
    Drawn {
        place: place(log, offset),
        side: if owner.is_some() {
            Side::Above
        } else {
            Side::Below
        },
        class: classes!(
            class,
            owner.map(|c| format!("owner-{c}")),
            fetch_start.then_some("fetch-start")
        ),
        text,
        title: format!("{} · {offset}", t(lang, title)),
        test: Some((format!("mark-{class}-{}-{label}", log.partition), offset)),
    }
}

/// The partition's marks: the offsets before the window (a label without a line at its left
/// edge), the high watermark, then the view model's marks.
fn marks(lang: Lang, log: &Log) -> Vec<Drawn> {
    let earlier = (log.first > 0).then(|| Drawn {
        place: 0,
        side: Side::Below,
        class: classes!("earlier"),
        text: format!("0…{}", log.first - 1),
        title: t(lang, Text::EarlierOffsets).to_string(),
        test: None,
    });
    let hw = Drawn {
        place: place(log, log.high_watermark),
        side: Side::Below,
        class: classes!("hw"),
        text: "HW".into(),
        title: format!("{} · {}", t(lang, Text::HighWatermark), log.high_watermark),
        test: None,
    };
    let others = log
        .marks
        .iter()
        .map(|OffsetMark { offset, kind }| drawn(lang, log, *offset, kind));
    earlier.into_iter().chain([hw]).chain(others).collect()
}

fn side_class(side: Side) -> &'static str {
    match side {
        Side::Above => "above",
        Side::Below => "below",
    }
}

/// The marks' lines, each reaching its label's row, and the rows of labels.
fn track_marks(drawn: &[Drawn]) -> (Html, usize, usize) {
    let sizes: Vec<(i64, Side, usize)> = drawn
        .iter()
        .map(|d| (d.place, d.side, d.text.chars().count()))
        .collect();
    let groups = lay_out(&sizes);
    let rows = |side| {
        groups
            .iter()
            .filter(|g| g.side == side)
            .map(|g| g.row + 1)
            .max()
            .unwrap_or(0)
    };
    let row_of = |i: usize| {
        groups
            .iter()
            .find(|g| g.marks.contains(&i))
            .map_or(0, |g| g.row)
    };
    let lines = drawn.iter().enumerate().map(|(i, d)| {
        let (test_id, offset) = d.test.clone().unzip();
        html! {
            <span class={classes!("mark", d.class.clone(), side_class(d.side))}
                style={format!("--i:{};--row:{}", d.place, row_of(i))} title={d.title.clone()}
                data-testid={test_id} data-offset={offset.map(|o| o.to_string())}></span>
        }
    });
    let labels = groups.iter().map(|g| {
        let chips = g.marks.iter().map(|&i| {
            let d = &drawn[i];
            html! { <span class={classes!("mark-label", d.class.clone())} title={d.title.clone()}>{ d.text.clone() }</span> }
        });
        html! {
            <span class={classes!("mark-labels", side_class(g.side), g.leftwards.then_some("leftwards"))}
                style={format!("--i:{};--row:{}", g.place, g.row)}>{ for chips }</span>
        }
    });
    let html = html! { <>{ for lines }{ for labels }</> };
    (html, rows(Side::Above), rows(Side::Below))
}

#[component]
pub fn PartitionLog(props: &PartitionLogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let item = use_node_ref();
    let lazy = use_lazy_view(item.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
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
    let (marks, above, below) = track_marks(&marks(lang, log));
    let isr: Vec<String> = log.isr.iter().map(|b| format!("B{b}")).collect();
    lazy.keep(html! {
        <li class={classes!("partition-log", owner_class.clone())} data-testid={format!("partition-{}", log.partition)} ref={item}>
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
            <div class="plog-track" style={format!("--window:{WINDOW};--rows-above:{above};--rows-below:{below}")}>
                <ol class="plog-cells" aria-label={format!("{} {}", t(lang, Text::Partition), log.partition)}>{ for cells }</ol>
                { marks }
            </div>
        </li>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(marks: &[(i64, Side, usize)]) -> Vec<(i64, Side, Vec<usize>, usize, bool)> {
        lay_out(marks)
            .into_iter()
            .map(|g| (g.place, g.side, g.marks, g.row, g.leftwards))
            .collect()
    }

    #[test]
    fn labels_at_one_offset_share_a_row_side_by_side() {
        let marks = [
            (2, Side::Above, 2),
            (2, Side::Above, 2),
            (2, Side::Below, 2),
        ];
        assert_eq!(
            rows(&marks),
            vec![
                (2, Side::Above, vec![0, 1], 0, false),
                (2, Side::Below, vec![2], 0, false),
            ]
        );
    }

    #[test]
    fn a_label_that_would_cover_its_neighbour_moves_one_row_out() {
        // "commit" at 4 is 42 px wide: it reaches past the HW label at 5.
        let marks = [
            (5, Side::Below, 2),
            (4, Side::Below, 6),
            (7, Side::Below, 2),
        ];
        assert_eq!(
            rows(&marks),
            vec![
                (4, Side::Below, vec![1], 0, false),
                (5, Side::Below, vec![0], 1, false),
                (7, Side::Below, vec![2], 0, false),
            ]
        );
    }

    #[test]
    fn a_label_at_the_right_edge_is_drawn_leftwards() {
        let marks = [(16, Side::Below, 2), (15, Side::Above, 2)];
        assert_eq!(
            rows(&marks),
            vec![
                (15, Side::Above, vec![1], 0, true),
                (16, Side::Below, vec![0], 0, true),
            ]
        );
    }
}
