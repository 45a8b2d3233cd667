//! The periodic traffic of a run, which the time lens does not slow for (`lens::beat`):
//! heartbeats, empty fetches, a quiet partition's follower fetches. Played at the lens's pace
//! they would flash by in a frame (or not be on the wire at all, where the engine folds idle
//! follower fetches), so the diagram draws their cadence instead: a faint pulse on the link at
//! each round and a count of the rounds so far ("♥ ×12") at the node that asks.

use crate::diagram::flights::Node;
use crate::state::playback::Millis;
use crate::view::lane::ProtocolKind;
use kafka_sim::collect::sort;

/// A link's count fades this long (virtual ms) after its last round: a member that left or a
/// follower that stopped no longer keeps a cadence.
const STALE_MS: Millis = 10_000;

/// The rounds of one kind from one node to another, by the time each request was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rounds {
    from: Node,
    to: Node,
    kind: ProtocolKind,
    sent: Vec<Millis>,
}

/// Every periodic round of a run, by link and kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cadence {
    rounds: Vec<Rounds>,
}

/// A link's cadence at an instant: how many rounds so far, and the last one's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pulse {
    pub from: Node,
    pub to: Node,
    pub kind: ProtocolKind,
    pub count: usize,
    pub last: Millis,
}

impl Cadence {
    /// The cadence of `requests`, each sent at a time from a node to another.
    pub fn of(mut requests: Vec<(Millis, Node, Node, ProtocolKind)>) -> Cadence {
        sort::sort_by_key(&mut requests, |&(sent, from, to, kind)| {
            (from, to, kind as u8, sent)
        });
        let mut rounds: Vec<Rounds> = Vec::new();
        for (sent, from, to, kind) in requests {
            match rounds.last_mut() {
                Some(r) if (r.from, r.to, r.kind) == (from, to, kind) => r.sent.push(sent),
                _ => rounds.push(Rounds {
                    from,
                    to,
                    kind,
                    sent: vec![sent],
                }),
            }
        }
        Cadence { rounds }
    }

    /// The links keeping a cadence at virtual instant `t`: at least one round sent by then,
    /// the last less than [`STALE_MS`] ago.
    pub fn at(&self, t: f64) -> impl Iterator<Item = Pulse> + '_ {
        self.rounds.iter().filter_map(move |r| {
            let count = r.sent.partition_point(|&sent| sent as f64 <= t);
            let last = *r.sent.get(count.checked_sub(1)?)?;
            (t - last as f64 <= STALE_MS as f64).then_some(Pulse {
                from: r.from,
                to: r.to,
                kind: r.kind,
                count,
                last,
            })
        })
    }
}

/// The sign a cadence's count carries: a heart for heartbeats, a loop for fetches.
pub fn sign(kind: ProtocolKind) -> &'static str {
    match kind {
        ProtocolKind::Heartbeat => "♥",
        _ => "↻",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cadence() -> Cadence {
        let (c, b) = (Node::Consumer(0), Node::Broker(1));
        Cadence::of(vec![
            (6_000, c, b, ProtocolKind::Heartbeat),
            (3_000, c, b, ProtocolKind::Heartbeat),
            (500, c, b, ProtocolKind::Fetch),
            (9_000, c, b, ProtocolKind::Heartbeat),
        ])
    }

    /// At each instant a link counts the rounds sent by then, per kind.
    #[test]
    fn counts_the_rounds_so_far() {
        let at = |t: f64| -> Vec<(ProtocolKind, usize, Millis)> {
            cadence().at(t).map(|p| (p.kind, p.count, p.last)).collect()
        };
        assert_eq!(at(100.0), vec![]);
        assert_eq!(
            at(6_500.0),
            vec![
                (ProtocolKind::Heartbeat, 2, 6_000),
                (ProtocolKind::Fetch, 1, 500)
            ]
        );
        // Ten seconds after its last round a link's cadence is gone.
        assert_eq!(at(19_500.0), vec![]);
        assert_eq!(at(12_000.0), vec![(ProtocolKind::Heartbeat, 3, 9_000)]);
        assert_eq!(Cadence::default().at(6_500.0).count(), 0);
    }
}
