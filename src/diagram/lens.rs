//! The time lens: a network hop takes a millisecond while a lesson spans minutes, so playing
//! at the lesson's pace would never show a message travelling. While a message is on the wire
//! virtual time slows to a pace at which its trip takes a visible moment at every speed, and a
//! quiet stretch between hops that would take long on screen is skipped (the page says how
//! much). Pure: the playback reducer calls it with the run's [`Hops`], or [`steady`] when the
//! student turns the lens off.
//!
//! Only messages that change something slow time: a produce, a commit, a join or sync, a fetch
//! that returns records, an error, a lost response, metadata. The traffic that merely keeps a
//! cadence ([`beat`]: heartbeats answered OK, fetches answered empty, a quiet partition's
//! follower fetches) would otherwise slow a consumer lesson to a crawl (Consumer_01 has
//! thousands of them); it is drawn as a quiet [`Cadence`] on its link instead.

use crate::diagram::cadence::Cadence;
use crate::diagram::flights::Node;
use crate::state::playback::Millis;
use crate::view::lane::ProtocolKind;
use kafka_sim::cluster::Quiet;
use kafka_sim::collect::sort;
use kafka_sim::engine::{Event, NodeId, Sim};
use kafka_sim::wire::group::{Request, Response};
use kafka_sim::wire::{ConsumerRequest, ConsumerResponse, LogRequest, LogResponse, Message};
use std::rc::Rc;

/// How long a hop lasts on screen at 1x, in real milliseconds. Faster speeds shorten it with
/// the square of the speed (a busy lesson has thousands of hops: Consumer_01's fetches and
/// heartbeats), down to one frame at 60 Hz; slower ones lengthen it up to [`MAX_HOP_MS`].
const HOP_MS: f64 = 400.0;
const MIN_HOP_MS: f64 = 1_000.0 / 60.0;
const MAX_HOP_MS: f64 = 800.0;

/// A stretch of hops back to back takes at most this many hops' time on screen.
const MAX_HOPS_PER_STRETCH: f64 = 3.0;

/// Hops take at most this many times the run's plain playing time on screen: a busy lesson's
/// hops get shorter (down to one frame), so that it still plays in minutes.
const BUDGET: f64 = 2.0;

/// A quiet stretch that would take longer than this on screen (real milliseconds) is skipped.
pub const QUIET_MS: f64 = 1_200.0;

/// The stretches of virtual time when some message is on the wire: sorted, disjoint,
/// `[start, end)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hops {
    stretches: Vec<(Millis, Millis)>,
    /// How many hops' time they all take on screen.
    weight: f64,
    /// The periodic traffic, which does not slow time: drawn as a cadence.
    pub cadence: Rc<Cadence>,
}

impl Hops {
    /// The stretches covering `trips` (each a message's send and arrival), in any order.
    pub fn of(mut trips: Vec<(Millis, Millis)>) -> Hops {
        sort::sort(&mut trips);
        let mut merged: Vec<(Millis, Millis)> = Vec::new();
        for (start, end) in trips.into_iter().filter(|(s, e)| s < e) {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let weight = merged
            .iter()
            .map(|&(s, e)| stretch_weight(s as f64, e as f64))
            .sum();
        Hops {
            stretches: merged,
            weight,
            cadence: Rc::default(),
        }
    }

    /// The stretches when a message is on the wire in either run (a fork's two runs played
    /// on one clock), without a cadence.
    pub fn union(&self, other: &Hops) -> Hops {
        Hops::of([&self.stretches[..], &other.stretches[..]].concat())
    }

    /// The pace at `factor`x of a run `end` long that plays `scale` virtual ms per real ms at
    /// 1x: a hop lasts [`HOP_MS`] at 1x, shortened with the square of the speed and within
    /// the run's [`BUDGET`], never below a frame.
    pub fn pace(&self, factor: f64, scale: f64, end: Millis) -> Pace {
        let quiet = factor * scale;
        let budget = BUDGET * end as f64 / quiet / self.weight.max(1.0);
        let hop_ms = (HOP_MS / (factor * factor)).clamp(MIN_HOP_MS, MAX_HOP_MS);
        Pace {
            quiet,
            hop_ms: hop_ms.min(budget).max(MIN_HOP_MS),
        }
    }

    /// The stretch holding instant `t`, or the start of the next one.
    fn around(&self, t: f64) -> Around {
        let next = self.stretches.partition_point(|&(_, end)| end as f64 <= t);
        match self.stretches.get(next) {
            Some(&(start, end)) if start as f64 <= t => Around::Busy(start as f64, end as f64),
            Some(&(start, _)) => Around::Quiet(Some(start as f64)),
            None => Around::Quiet(None),
        }
    }

    pub fn len(&self) -> usize {
        self.stretches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stretches.is_empty()
    }
}

enum Around {
    /// Some message is on the wire in this stretch `[start, end)`.
    Busy(f64, f64),
    /// Nothing is, until the next stretch starts (if one does).
    Quiet(Option<f64>),
}

/// A message that only keeps a cadence: its kind, and whether it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Beat {
    pub kind: ProtocolKind,
    pub answer: bool,
}

/// Whether `message` from `from` to `to` (on the wire in `sim`) only keeps a cadence, and
/// changes nothing anybody sees: a Heartbeat and its answer without error (librdkafka sends
/// one every `heartbeat.interval.ms` while the group is stable, rdkafka_cgrp.c
/// `rd_kafka_cgrp_heartbeat`), a consumer's Fetch and an answer without records (the broker
/// holds it up to `fetch.wait.max.ms`, then answers empty: KIP-227's long poll), and a
/// follower's fetch round on a quiet partition (the engine's own rule for folding them,
/// `Cluster::quiet_message`).
pub fn beat(sim: &Sim, from: NodeId, to: NodeId, message: &Message) -> Option<Beat> {
    use ProtocolKind as K;
    let (kind, answer) = match message {
        Message::Fetch(_) | Message::FetchResponse(_) => match (from, to) {
            (NodeId::Broker(from), NodeId::Broker(to))
                if sim.cluster().quiet_message(from, to, message) != Quiet::Busy =>
            {
                (K::Fetch, matches!(message, Message::FetchResponse(_)))
            }
            _ => return None,
        },
        Message::ConsumerRequest { request, .. } => match &**request {
            ConsumerRequest::Group(Request::Heartbeat(_)) => (K::Heartbeat, false),
            ConsumerRequest::Log(LogRequest::Fetch { .. }) => (K::Fetch, false),
            _ => return None,
        },
        Message::ConsumerResponse { response, .. } => match &**response {
            ConsumerResponse::Group(Response::Heartbeat(beat)) if beat.error.is_none() => {
                (K::Heartbeat, true)
            }
            ConsumerResponse::Log(LogResponse::Fetched { records, .. }) if records.is_empty() => {
                (K::Fetch, true)
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(Beat { kind, answer })
}

/// Gathers a run's trips as it is stepped: after each step, the messages sent in it; those
/// that only keep a cadence go to the cadence (their requests: one a round), not the lens.
#[derive(Default)]
pub struct Trips {
    trips: Vec<(Millis, Millis)>,
    beats: Vec<(Millis, Node, Node, ProtocolKind)>,
}

impl Trips {
    /// The messages `sim` has just put on the wire (sent at its current time).
    pub fn saw(&mut self, sim: &Sim) {
        let now = sim.now();
        for (arrives, from, to, message, ..) in sim.on_the_wire() {
            let sent = arrives.saturating_sub(sim.latency(from, to).unwrap_or(1));
            if sent < now {
                continue;
            }
            match beat(sim, from, to, message) {
                Some(beat) if !beat.answer => {
                    self.beats
                        .push((now, Node::of(from), Node::of(to), beat.kind));
                }
                Some(_) => {}
                None => self.trips.push((now, arrives)),
            }
        }
    }

    /// The hops of the run whose trace is `trace`: the trips seen, and the produce responses
    /// dropped (they travel half-way on screen: `flights::VANISH`).
    pub fn hops(mut self, trace: &[kafka_sim::engine::TraceEntry]) -> Hops {
        for entry in trace {
            if let Event::ResponseDropped { .. } = entry.event {
                self.trips.push((entry.time, entry.time + 1));
            }
        }
        Hops {
            cadence: Rc::new(Cadence::of(self.beats)),
            ..Hops::of(self.trips)
        }
    }
}

/// How fast virtual time passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// Between hops, in virtual milliseconds per real millisecond: the chosen speed.
    pub quiet: f64,
    /// How long one hop (a millisecond's trip) lasts on screen, in real milliseconds.
    pub hop_ms: f64,
}

/// How many hops' time the stretch `[start, end)` takes on screen.
fn stretch_weight(start: f64, end: f64) -> f64 {
    (end - start).clamp(1.0, MAX_HOPS_PER_STRETCH)
}

impl Pace {
    /// The pace through a stretch of hops `[start, end)`: each millisecond of it one hop's
    /// time, up to [`MAX_HOPS_PER_STRETCH`] for the stretch; never faster than `quiet`.
    fn through(self, start: f64, end: f64) -> f64 {
        let screen = self.hop_ms * stretch_weight(start, end);
        self.quiet.min((end - start).max(1.0) / screen)
    }
}

/// Where playback goes from instant `from` in `real_ms` real milliseconds, and how many
/// virtual milliseconds of quiet it skipped on the way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lensed {
    pub to: f64,
    pub skipped: Millis,
}

/// Plays `real_ms` from instant `from` through `hops` at `pace`, stopping at `end`.
pub fn advance(hops: &Hops, from: f64, real_ms: f64, pace: Pace, end: f64) -> Lensed {
    let (mut t, mut budget, mut skipped) = (from, real_ms.max(0.0), 0.0);
    while budget > 0.0 && t < end {
        let (limit, rate) = match hops.around(t) {
            Around::Busy(start, until) => (until, pace.through(start, until)),
            Around::Quiet(Some(next)) if (next - t) / pace.quiet > QUIET_MS && next <= end => {
                skipped += next - t;
                t = next;
                continue;
            }
            Around::Quiet(next) => (next.unwrap_or(end), pace.quiet),
        };
        let limit = limit.min(end);
        let reach = budget * rate;
        if reach >= limit - t {
            budget -= (limit - t) / rate;
            t = limit;
        } else {
            t += reach;
            budget = 0.0;
        }
    }
    Lensed {
        to: t.min(end),
        skipped: skipped.round() as Millis,
    }
}

/// Plays `real_ms` from instant `from` at `pace`'s chosen speed, stopping at `end`: the lens
/// turned off, every stretch passes at the same speed and nothing is skipped.
pub fn steady(from: f64, real_ms: f64, pace: Pace, end: f64) -> Lensed {
    Lensed {
        to: (from + real_ms.max(0.0) * pace.quiet).min(end),
        skipped: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hops() -> Hops {
        Hops::of(vec![(100, 101), (5_000, 5_001), (5_000, 5_002), (3, 1)])
    }

    #[test]
    fn the_union_of_two_runs_hops_merges_their_stretches() {
        let other = Hops::of(vec![(100, 150), (7_000, 7_001)]);
        let union = hops().union(&other);
        assert_eq!(
            union.stretches,
            vec![(100, 150), (5_000, 5_002), (7_000, 7_001)]
        );
    }

    #[test]
    fn trips_merge_into_sorted_stretches() {
        assert_eq!(hops().stretches, vec![(100, 101), (5_000, 5_002)]);
        assert_eq!(hops().weight, 3.0);
        assert!(Hops::of(vec![]).is_empty());
    }

    /// Consumer_01 plays 4 s of virtual time per real second at 1x, 32 at 8x: a 1 ms hop
    /// takes a frame at 8x, 100 ms at 2x, 400 ms at 1x, 800 ms at a quarter.
    #[test]
    fn a_hop_takes_a_visible_moment_at_every_speed() {
        let hops = hops();
        for (factor, real) in [(8.0, MIN_HOP_MS), (2.0, 100.0), (1.0, 400.0), (0.25, 800.0)] {
            let pace = hops.pace(factor, 4.0, 600_000);
            let half = advance(&hops, 100.0, real / 2.0, pace, 9_000.0);
            assert!((half.to - 100.5).abs() < 1e-9, "{factor}x: {half:?}");
            assert_eq!(half.skipped, 0);
        }
        // Two hops back to back take two hops' time.
        let pace = hops.pace(1.0, 4.0, 600_000);
        assert_eq!(advance(&hops, 5_000.0, 400.0, pace, 9_000.0).to, 5_001.0);
        // Thousands of hops in a short run: each lasts a frame, not 400 ms.
        let busy = Hops::of((0..3_000).map(|i| (i * 20, i * 20 + 1)).collect());
        assert_eq!(busy.pace(1.0, 4.0, 60_000).hop_ms, MIN_HOP_MS);
    }

    /// After the hop at 100 the next is 4.9 s away: 1.2 real seconds at 1x (4 virtual s per
    /// real s), so it is skipped, and said so; the time spent in the hop carries on after it.
    #[test]
    fn a_long_quiet_stretch_is_skipped_and_counted() {
        let pace = hops().pace(1.0, 4.0, 600_000);
        let lensed = advance(&hops(), 100.5, 200.0 + 10.0, pace, 9_000.0);
        assert_eq!(lensed.skipped, 4_899);
        assert!(
            (lensed.to - (5_000.0 + 10.0 / 400.0)).abs() < 1e-9,
            "{lensed:?}"
        );
        // At 8x the same stretch takes 150 real ms: played, not skipped.
        let fast = advance(
            &hops(),
            101.0,
            100.0,
            hops().pace(8.0, 4.0, 600_000),
            9_000.0,
        );
        assert_eq!((fast.to, fast.skipped), (101.0 + 3_200.0, 0));
    }

    /// Without hops (or after the last) playback keeps the chosen speed up to the end.
    #[test]
    fn without_hops_time_passes_at_the_chosen_speed() {
        let none = Hops::default();
        let lensed = advance(&none, 10.0, 100.0, none.pace(2.0, 1.0, 150), 150.0);
        assert_eq!((lensed.to, lensed.skipped), (150.0, 0));
        let after = advance(
            &hops(),
            6_000.0,
            10.0,
            hops().pace(1.0, 4.0, 600_000),
            9_000.0,
        );
        assert_eq!(after.to, 6_040.0);
    }

    /// Without the lens a hop passes at the chosen speed, and a quiet stretch is played, not
    /// skipped.
    #[test]
    fn steady_playing_ignores_the_hops() {
        let pace = hops().pace(1.0, 4.0, 600_000);
        let hop = steady(100.0, 0.25, pace, 9_000.0);
        assert_eq!((hop.to, hop.skipped), (101.0, 0));
        let quiet = steady(101.0, 2_000.0, pace, 9_000.0);
        assert_eq!((quiet.to, quiet.skipped), (8_101.0, 0));
        assert_eq!(steady(8_000.0, 2_000.0, pace, 9_000.0).to, 9_000.0);
    }
}

#[cfg(test)]
mod lesson_tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;

    fn run(id: &str) -> Run {
        let lesson = course::lesson(id).expect("the lesson exists");
        Run::of_lesson(&lesson, &Changes::none()).expect("it runs")
    }

    /// Consumer_01's members heartbeat and fetch in a cadence (each member to the brokers),
    /// and the acks lesson's followers fetch from their leader in one once the partition is
    /// quiet again (at its end: the engine's rule, so exactly the rounds it folds): periodic
    /// rounds, counted, which do not slow time.
    #[test]
    fn periodic_rounds_keep_a_cadence() {
        let consumers = run("consumer-01-cgroup");
        let counted = |run: &Run, kind: ProtocolKind, asker: fn(Node) -> bool| {
            (0..run.end)
                .step_by(500)
                .flat_map(|t| run.hops.cadence.at(t as f64).collect::<Vec<_>>())
                .filter(|p| p.kind == kind && asker(p.from) && matches!(p.to, Node::Broker(_)))
                .map(|p| p.count)
                .max()
                .unwrap_or(0)
        };
        let consumer = |n| matches!(n, Node::Consumer(_));
        assert!(counted(&consumers, ProtocolKind::Heartbeat, consumer) > 10);
        assert!(counted(&consumers, ProtocolKind::Fetch, consumer) > 10);
        let acks = run("producer-acks");
        assert!(counted(&acks, ProtocolKind::Fetch, |n| matches!(n, Node::Broker(_))) > 0);
        // The lens slows for the rest: far fewer stretches than rounds.
        assert!(consumers.hops.len() < 100, "{}", consumers.hops.len());
    }

    /// How long each lesson takes on screen through the lens, against its plain length, and
    /// up to its first prediction at 1x (the accessibility check plays to it): every hop that
    /// changes something is seen, periodic traffic does not slow time, and a lesson plays in
    /// well under a minute at 8x.
    #[test]
    fn lessons_play_in_minutes_through_the_lens() {
        for id in ["producer-03-async", "producer-acks", "consumer-01-cgroup"] {
            let lesson = course::lesson(id).expect("the lesson exists");
            let run = run(id);
            let scale = lesson.ms_per_second as f64 / 1_000.0;
            let play = |factor: f64, until: Millis| {
                let pace = run.hops.pace(factor, scale, run.end);
                let (mut t, mut frames, mut skipped) = (0.0, 0u64, 0);
                while t < until as f64 {
                    let lensed = advance(&run.hops, t, 16.7, pace, run.end as f64);
                    (t, skipped, frames) = (lensed.to, skipped + lensed.skipped, frames + 1);
                }
                (
                    frames as f64 * 16.7 / 1_000.0,
                    until as f64 / pace.quiet / 1_000.0,
                    pace.hop_ms,
                    skipped,
                )
            };
            for factor in [1.0, 8.0] {
                let (real, plain, hop_ms, skipped) = play(factor, run.end);
                println!(
                    "{id} at {factor}x: {} hop stretches, {real:.1} s on screen ({plain:.1} s without the lens), a hop {hop_ms:.0} ms, {:.1} s skipped, {} periodic links",
                    run.hops.len(),
                    skipped as f64 / 1_000.0,
                    run.hops.cadence.at(run.end as f64).count()
                );
                assert!(
                    real <= (BUDGET + 1.0) * plain + 1.0 || hop_ms == MIN_HOP_MS,
                    "{id}"
                );
                if factor == 8.0 {
                    assert!(real < 60.0, "{id} plays {real} s at 8x");
                }
            }
            if let Some(asking) = run.predictions.first() {
                let (real, _, _, _) = play(1.0, asking.ask.time);
                println!("{id} at 1x reaches its first prediction in {real:.1} s");
                assert!(real < 45.0, "{id}: {real} s");
            }
        }
    }
}
