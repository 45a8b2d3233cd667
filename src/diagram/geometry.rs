//! Where the diagram puts things: producers on one side, the brokers in the middle, the
//! consumers (in their group) on the other, across a wide screen or down a phone's; the ends
//! of the link between two nodes, and where a message is on it.

use crate::diagram::flights::Node;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn overlaps(self, other: Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn centre(self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// Columns across a wide screen, or rows down a phone's (390 px, no sideways scroll).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    #[default]
    Wide,
    Tall,
}

const GAP: f64 = 12.0;
const MARGIN: f64 = 10.0;
/// A broker's title row and each partition replica's row below it: its name and ends, then
/// its records as cells [`CELL_W`] wide, with the marks between them.
pub const TITLE_H: f64 = 22.0;
pub const ROW_H: f64 = 28.0;
pub const CELL_W: f64 = 9.0;
/// The group's title row, and the row of partitions nobody owns below the members.
const GROUP_TITLE_H: f64 = 24.0;
const TRAY_H: f64 = 24.0;
/// A partition's tag in a consumer (or the group's tray).
pub const TAG_W: f64 = 26.0;
pub const TAG_H: f64 = 14.0;

/// The diagram's boxes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub orientation: Orientation,
    pub width: f64,
    pub height: f64,
    pub producers: Vec<Rect>,
    pub brokers: Vec<(i32, Rect)>,
    /// The group's frame around the consumers, and its tray of partitions nobody owns.
    pub group: Option<(Rect, Rect)>,
    pub consumers: Vec<Rect>,
}

impl Layout {
    /// The boxes for `producers` producers, the brokers (each with its number of partition
    /// rows) and `consumers` consumers, in one group when `group`.
    pub fn new(
        orientation: Orientation,
        producers: usize,
        brokers: &[(i32, usize)],
        consumers: usize,
        group: bool,
    ) -> Layout {
        let broker_h = |rows: usize| TITLE_H + rows.max(1) as f64 * ROW_H + 6.0;
        let (client_w, client_h) = (110.0, 40.0);
        match orientation {
            Orientation::Wide => {
                let (px, bx, gx) = (MARGIN, 170.0, 490.0);
                let (bw, gw) = (260.0, 180.0);
                let producers = stack(producers, px, 0.0, client_w, client_h);
                let mut y = 0.0;
                let brokers: Vec<(i32, Rect)> = brokers
                    .iter()
                    .map(|&(id, rows)| {
                        let rect = Rect {
                            x: bx,
                            y,
                            w: bw,
                            h: broker_h(rows),
                        };
                        y += rect.h + GAP;
                        (id, rect)
                    })
                    .collect();
                let top = if group { GROUP_TITLE_H } else { 0.0 };
                let consumers = stack(consumers, gx + 8.0, top, gw - 16.0, client_h);
                let mut layout = Layout {
                    orientation,
                    width: gx + gw + MARGIN,
                    height: 0.0,
                    producers,
                    brokers,
                    group: None,
                    consumers,
                };
                layout.frame(group, gx, gw);
                layout.centre_columns();
                layout
            }
            Orientation::Tall => {
                let width = 360.0;
                let across = |n: usize, w: f64| {
                    (width - 2.0 * MARGIN - (n.max(1) - 1) as f64 * GAP).min(n.max(1) as f64 * w)
                        / n.max(1) as f64
                };
                let pw = across(producers, client_w);
                let producers: Vec<Rect> = (0..producers)
                    .map(|i| Rect {
                        x: MARGIN + i as f64 * (pw + GAP),
                        y: MARGIN,
                        w: pw,
                        h: client_h,
                    })
                    .collect();
                let by = MARGIN + client_h + 3.0 * GAP;
                let bw = across(brokers.len(), 200.0);
                let bh = brokers
                    .iter()
                    .map(|&(_, rows)| broker_h(rows))
                    .fold(0.0, f64::max);
                let brokers: Vec<(i32, Rect)> = brokers
                    .iter()
                    .enumerate()
                    .map(|(i, &(id, _))| {
                        (
                            id,
                            Rect {
                                x: MARGIN + i as f64 * (bw + GAP),
                                y: by,
                                w: bw,
                                h: bh,
                            },
                        )
                    })
                    .collect();
                let gy = by + bh + 3.0 * GAP;
                let top = gy + if group { GROUP_TITLE_H } else { 0.0 };
                let per_row = 3;
                let cw =
                    (width - 2.0 * MARGIN - 16.0 - (per_row - 1) as f64 * 6.0) / per_row as f64;
                let consumers = (0..consumers)
                    .map(|i| Rect {
                        x: MARGIN + 8.0 + (i % per_row) as f64 * (cw + 6.0),
                        y: top + (i / per_row) as f64 * (client_h + 6.0),
                        w: cw,
                        h: client_h,
                    })
                    .collect();
                let mut layout = Layout {
                    orientation,
                    width,
                    height: 0.0,
                    producers,
                    brokers,
                    group: None,
                    consumers,
                };
                layout.frame(group, MARGIN, width - 2.0 * MARGIN);
                layout.height = layout.bottom() + MARGIN;
                layout
            }
        }
    }

    /// This layout in a picture as tall as `full`'s (the same run with all its consumers), so
    /// the picture keeps its height while consumers join. Wide: the columns stay centred, so
    /// they stay where they are; tall: the room is below, where the consumers come.
    pub fn with_room_of(mut self, full: &Layout) -> Layout {
        if full.height <= self.height {
            return self;
        }
        let dy = match self.orientation {
            Orientation::Wide => (full.height - self.height) / 2.0,
            Orientation::Tall => 0.0,
        };
        let group = self
            .group
            .iter_mut()
            .flat_map(|(frame, tray)| [frame, tray]);
        let rects = self
            .producers
            .iter_mut()
            .chain(self.brokers.iter_mut().map(|(_, r)| r));
        rects
            .chain(&mut self.consumers)
            .chain(group)
            .for_each(|r| r.y += dy);
        self.height = full.height;
        self
    }

    /// The group's frame around its consumers, from `x`, `w` wide.
    fn frame(&mut self, group: bool, x: f64, w: f64) {
        if !group {
            return;
        }
        let (top, bottom) = self
            .consumers
            .iter()
            .fold((f64::MAX, 0.0_f64), |(t, b), r| {
                (t.min(r.y), b.max(r.y + r.h))
            });
        let (top, bottom) = if self.consumers.is_empty() {
            (self.bottom() + GROUP_TITLE_H, self.bottom() + GROUP_TITLE_H)
        } else {
            (top, bottom)
        };
        let frame = Rect {
            x,
            y: top - GROUP_TITLE_H,
            w,
            h: bottom - top + GROUP_TITLE_H + TRAY_H + 6.0,
        };
        let tray = Rect {
            x: x + 8.0,
            y: bottom + 4.0,
            w: w - 16.0,
            h: TRAY_H - 4.0,
        };
        self.group = Some((frame, tray));
    }

    /// The lowest edge of any box.
    fn bottom(&self) -> f64 {
        let rects = self
            .producers
            .iter()
            .chain(self.brokers.iter().map(|(_, r)| r))
            .chain(&self.consumers);
        let frame = self.group.iter().map(|(frame, _)| frame);
        rects.chain(frame).map(|r| r.y + r.h).fold(0.0, f64::max)
    }

    /// Wide: each column centred on the tallest, below the margin.
    fn centre_columns(&mut self) {
        let span =
            |rects: &mut dyn Iterator<Item = &Rect>| rects.map(|r| r.y + r.h).fold(0.0, f64::max);
        let heights = [
            span(&mut self.producers.iter()),
            span(&mut self.brokers.iter().map(|(_, r)| r)),
            span(&mut self.group.iter().map(|(f, _)| f).chain(&self.consumers)),
        ];
        let tallest = heights.iter().copied().fold(0.0, f64::max);
        let shift = |h: f64| MARGIN + (tallest - h) / 2.0;
        let (p, b, g) = (shift(heights[0]), shift(heights[1]), shift(heights[2]));
        self.producers.iter_mut().for_each(|r| r.y += p);
        self.brokers.iter_mut().for_each(|(_, r)| r.y += b);
        self.consumers.iter_mut().for_each(|r| r.y += g);
        if let Some((frame, tray)) = &mut self.group {
            frame.y += g;
            tray.y += g;
        }
        self.height = tallest + 2.0 * MARGIN;
    }

    pub fn rect(&self, node: Node) -> Option<Rect> {
        match node {
            Node::Producer(i) => self.producers.get(i).copied(),
            Node::Consumer(i) => self.consumers.get(i).copied(),
            Node::Broker(id) => self.brokers.iter().find(|(b, _)| *b == id).map(|(_, r)| *r),
        }
    }

    /// The ends of the link from `from` to `to`: the sides of their boxes that face each
    /// other; between two brokers (side by side in one column or row) a lane along their
    /// inner edge.
    pub fn link(&self, from: Node, to: Node) -> Option<(Point, Point)> {
        let (a, b) = (self.rect(from)?, self.rect(to)?);
        let (ca, cb) = (a.centre(), b.centre());
        let ends = match self.orientation {
            Orientation::Wide if (ca.x - cb.x).abs() > 1.0 => {
                let edge = |r: Rect, right: bool| Point {
                    x: if right { r.x + r.w } else { r.x },
                    y: r.centre().y,
                };
                (edge(a, ca.x < cb.x), edge(b, cb.x < ca.x))
            }
            Orientation::Wide => {
                let edge = |r: Rect, down: bool| Point {
                    x: r.x + 14.0,
                    y: if down { r.y + r.h } else { r.y },
                };
                (edge(a, ca.y < cb.y), edge(b, cb.y < ca.y))
            }
            Orientation::Tall if (ca.y - cb.y).abs() > 1.0 => {
                let edge = |r: Rect, down: bool| Point {
                    x: r.centre().x,
                    y: if down { r.y + r.h } else { r.y },
                };
                (edge(a, ca.y < cb.y), edge(b, cb.y < ca.y))
            }
            Orientation::Tall => {
                let edge = |r: Rect, right: bool| Point {
                    x: if right { r.x + r.w } else { r.x },
                    y: r.y + r.h - 8.0,
                };
                (edge(a, ca.x < cb.x), edge(b, cb.x < ca.x))
            }
        };
        Some(ends)
    }

    /// Where a message from `from` to `to` is at `progress` (0 to 1) of its trip: on the
    /// link, kept to the right of its direction, so a request and its answer pass each other.
    pub fn along(&self, from: Node, to: Node, progress: f64) -> Option<Point> {
        const SIDE: f64 = 6.0;
        let (a, b) = self.link(from, to)?;
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = dx.hypot(dy).max(1.0);
        Some(Point {
            x: a.x + dx * progress - dy / length * SIDE,
            y: a.y + dy * progress + dx / length * SIDE,
        })
    }

    /// Where partition tag `i` of a consumer's (or the tray's) box goes.
    pub fn tag(rect: Rect, i: usize) -> Point {
        Point {
            x: rect.x + 4.0 + i as f64 * (TAG_W + 3.0),
            y: rect.y + rect.h - TAG_H - 4.0,
        }
    }
}

/// Chips whose centres are closer than this share a spot.
const CROWD: f64 = 12.0;
/// How far each chip of a pile sits from the one before it: up and to the left, away from the
/// label on the first chip's right.
const FAN: Point = Point { x: -4.0, y: -3.0 };
/// A chip's label: from this far right of its centre, this tall around it, and about this wide
/// per character (9 px type).
const LABEL_X: f64 = 9.0;
const LABEL_H: f64 = 11.0;
pub const LABEL_CHAR_W: f64 = 5.6;

/// Where chips at `points` (each with its label's width) are drawn so that no label lies on
/// another: chips sharing a spot form a pile fanned out from its first chip, and a pile whose
/// label would cover an earlier one's adds its chips to that label instead of showing its own.
/// Each chip's place, and how many chips its label stands for (0: no label).
pub fn fan(points: &[(Point, f64)]) -> Vec<(Point, usize)> {
    // Each pile: where its first chip is, that chip's index, and how many it holds.
    let mut piles: Vec<(Point, usize, usize)> = Vec::new();
    let mut placed: Vec<(Point, usize)> = Vec::with_capacity(points.len());
    for (i, &(p, _)) in points.iter().enumerate() {
        let near = piles
            .iter_mut()
            .find(|(at, _, _)| (at.x - p.x).hypot(at.y - p.y) < CROWD);
        match near {
            Some((at, _, size)) => {
                let k = *size as f64;
                *size += 1;
                let place = Point {
                    x: at.x + FAN.x * k,
                    y: at.y + FAN.y * k,
                };
                placed.push((place, 0));
            }
            None => {
                piles.push((p, i, 1));
                placed.push((p, 0));
            }
        }
    }
    // The labels kept: their box, and the chip that shows it.
    let mut labels: Vec<(Rect, usize)> = Vec::new();
    for (at, head, size) in piles {
        let label = Rect {
            x: at.x + LABEL_X,
            y: at.y - LABEL_H / 2.0,
            w: points[head].1,
            h: LABEL_H,
        };
        match labels.iter().find(|(kept, _)| kept.overlaps(label)) {
            Some(&(_, shown)) => placed[shown].1 += size,
            None => {
                placed[head].1 = size;
                labels.push((label, head));
            }
        }
    }
    placed
}

/// `n` boxes `w` by `h` down a column at `x`, from `top`.
fn stack(n: usize, x: f64, top: f64, w: f64, h: f64) -> Vec<Rect> {
    (0..n)
        .map(|i| Rect {
            x,
            y: top + i as f64 * (h + GAP),
            w,
            h,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide() -> Layout {
        Layout::new(Orientation::Wide, 1, &[(1, 2), (2, 1), (3, 1)], 5, true)
    }

    fn inside(outer: Rect, inner: Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn producers_left_brokers_middle_consumers_right_in_their_group() {
        let layout = wide();
        let (p, b, c) = (
            layout.producers[0],
            layout.brokers[0].1,
            layout.consumers[0],
        );
        assert!(p.x + p.w < b.x && b.x + b.w < c.x, "{layout:?}");
        let (frame, tray) = layout.group.expect("a group");
        assert!(layout.consumers.iter().all(|&c| inside(frame, c)));
        assert!(inside(frame, tray));
        let bounds = Rect {
            x: 0.0,
            y: 0.0,
            w: layout.width,
            h: layout.height,
        };
        assert!(layout.brokers.iter().all(|&(_, r)| inside(bounds, r)));
        assert!(inside(bounds, frame));
    }

    /// A picture with room for the run's five consumers is as tall with one as with five, and
    /// (wide) its brokers stay where they are.
    #[test]
    fn room_for_all_consumers_keeps_the_height() {
        for orientation in [Orientation::Wide, Orientation::Tall] {
            let layout = |n| Layout::new(orientation, 1, &[(1, 2), (2, 1), (3, 1)], n, true);
            let full = layout(5);
            let early = layout(1).with_room_of(&full);
            assert_eq!(early.height, full.height);
            assert_eq!(early.brokers, full.brokers, "{orientation:?}");
            let (frame, tray) = early.group.expect("a group");
            assert!(frame.y >= 0.0 && tray.y + tray.h <= early.height);
        }
    }

    /// A phone's layout is 360 wide (a 390 px screen without sideways scroll), producers
    /// above the brokers above the consumers, and nothing outside it.
    #[test]
    fn the_tall_layout_fits_a_phone() {
        let layout = Layout::new(Orientation::Tall, 2, &[(1, 4), (2, 4), (3, 4)], 5, true);
        let bounds = Rect {
            x: 0.0,
            y: 0.0,
            w: layout.width,
            h: layout.height,
        };
        let all = layout
            .producers
            .iter()
            .chain(layout.brokers.iter().map(|(_, r)| r))
            .chain(&layout.consumers);
        assert!(all.clone().all(|&r| inside(bounds, r)), "{layout:?}");
        assert!(layout.width <= 360.0);
        let (p, b, c) = (
            layout.producers[0],
            layout.brokers[0].1,
            layout.consumers[0],
        );
        assert!(p.y + p.h < b.y && b.y + b.h < c.y);
    }

    /// A message goes from its sender's facing side to its receiver's, and a request and its
    /// answer travel side by side, not on top of each other.
    #[test]
    fn a_message_travels_between_the_facing_sides() {
        let layout = wide();
        let (p, b) = (Node::Producer(0), Node::Broker(1));
        let start = layout.along(p, b, 0.0).expect("both are drawn");
        let end = layout.along(p, b, 1.0).expect("both are drawn");
        let (pr, br) = (layout.producers[0], layout.brokers[0].1);
        assert!((start.x - (pr.x + pr.w)).abs() < 7.0 && (end.x - br.x).abs() < 7.0);
        let there = layout.along(p, b, 0.5).expect("drawn");
        let back = layout.along(b, p, 0.5).expect("drawn");
        let apart = (there.x - back.x).hypot(there.y - back.y);
        assert!(apart >= 10.0, "{there:?} {back:?}");
        assert!(layout.along(p, Node::Broker(9), 0.5).is_none());
        // Between brokers the link runs down the column's inner edge.
        let (b1, b3) = (layout.brokers[0].1, layout.brokers[2].1);
        let (top, bottom) = layout
            .link(Node::Broker(1), Node::Broker(3))
            .expect("drawn");
        assert_eq!((top.y, bottom.y), (b1.y + b1.h, b3.y));
    }

    /// A burst of three produce requests on one spot is one pile, fanned out, labelled once
    /// with its size; a chip elsewhere stands alone; a chip whose label would cover another's
    /// keeps its place and adds itself to that label.
    #[test]
    fn chips_on_one_spot_fan_out_under_one_label() {
        let at = |x, y| (Point { x, y }, 40.0);
        let placed = fan(&[
            at(50.0, 50.0),
            at(52.0, 50.0),
            at(200.0, 80.0),
            at(50.0, 55.0),
            at(75.0, 53.0),
        ]);
        let point = |x, y| Point { x, y };
        assert_eq!(
            placed,
            vec![
                (point(50.0, 50.0), 4),
                (point(46.0, 47.0), 0),
                (point(200.0, 80.0), 1),
                (point(42.0, 44.0), 0),
                (point(75.0, 53.0), 0)
            ]
        );
        assert!(fan(&[]).is_empty());
    }
}
