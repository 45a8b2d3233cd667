//! The network: who talks to whom and how long a message takes. Latency is per link with an
//! optional deterministic jitter drawn from the run's `network` random stream. Each directed
//! link is one TCP connection, so it delivers in order: jitter delays, never overtakes.

use crate::collect::VecMap;
use crate::ids::{Millis, NodeId};
use crate::rng::SimRng;
use serde::{Deserialize, Serialize};

/// The shape of the network in a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// One-way latency of every link without an override.
    pub latency_ms: Millis,
    /// Each message takes up to this much longer, drawn uniformly.
    pub jitter_ms: Millis,
    /// One-way latency of particular links (either direction).
    pub links: Vec<(NodeId, NodeId, Millis)>,
}

impl Default for NetworkSpec {
    fn default() -> Self {
        Self {
            latency_ms: 1,
            jitter_ms: 0,
            links: Vec::new(),
        }
    }
}

/// The network model with its random stream.
#[derive(Clone, Debug)]
pub struct Network {
    latency_ms: Millis,
    jitter_ms: Millis,
    links: VecMap<(NodeId, NodeId), Millis>,
    /// The latest arrival scheduled on each jittered directed link so far.
    last_arrival: VecMap<(NodeId, NodeId), Millis>,
    rng: SimRng,
}

impl Network {
    pub fn new(spec: &NetworkSpec, seed: u64) -> Self {
        let links = spec
            .links
            .iter()
            .flat_map(|&(a, b, ms)| [((a, b), ms), ((b, a), ms)])
            .collect();
        Self {
            latency_ms: spec.latency_ms,
            jitter_ms: spec.jitter_ms,
            links,
            last_arrival: VecMap::new(),
            rng: SimRng::stream(seed, "network"),
        }
    }

    /// The fixed one-way latency from `from` to `to`, or `None` when messages are jittered
    /// (then each arrival draws from the random stream).
    pub fn latency(&self, from: NodeId, to: NodeId) -> Option<Millis> {
        let base = self.links.get(&(from, to)).copied();
        Some(base.unwrap_or(self.latency_ms)).filter(|_| self.jitter_ms == 0)
    }

    /// When a message from `from` to `to` sent at `now` arrives: the link's latency plus
    /// jitter, but never before the previous message on the same link (TCP keeps a
    /// connection's order, and librdkafka's idempotent producer relies on responses arriving
    /// in request order: `rd_kafka_handle_idempotent_Produce_error` in
    /// src/rdkafka_request.c treats a reordered answer as a desynchronised broker). The
    /// scheduler runs equal times in scheduling order, so equal arrivals keep their order too
    /// (between brokers, fetches of different partitions go partition by partition: their
    /// loops are independent).
    /// Without jitter a link keeps its order by itself (its latency is fixed and the clock
    /// never goes back), so only jittered links remember their last arrival.
    pub fn arrival(&mut self, from: NodeId, to: NodeId, now: Millis) -> Millis {
        let base = self
            .links
            .get(&(from, to))
            .copied()
            .unwrap_or(self.latency_ms);
        if self.jitter_ms == 0 {
            return now + base;
        }
        let jitter = self.rng.between(0, self.jitter_ms);
        let last = self.last_arrival.entry((from, to)).or_default();
        *last = (now + base + jitter).max(*last);
        *last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_overrides_apply_both_ways_and_jitter_stays_in_range() {
        let spec = NetworkSpec {
            latency_ms: 2,
            jitter_ms: 3,
            links: vec![(NodeId::Client(0), NodeId::Broker(1), 10)],
        };
        let mut net = Network::new(&spec, 7);
        for now in (0..50).map(|i| i * 100) {
            let slow = net.arrival(NodeId::Broker(1), NodeId::Client(0), now) - now;
            let fast = net.arrival(NodeId::Broker(1), NodeId::Broker(2), now) - now;
            assert!((10..=13).contains(&slow), "{slow}");
            assert!((2..=5).contains(&fast), "{fast}");
        }
    }

    #[test]
    fn without_jitter_the_delay_is_the_latency() {
        let mut net = Network::new(&NetworkSpec::default(), 1);
        assert_eq!(net.arrival(NodeId::Broker(1), NodeId::Broker(2), 40), 41);
    }

    #[test]
    fn a_later_message_on_a_link_never_overtakes_an_earlier_one() {
        let spec = NetworkSpec {
            latency_ms: 1,
            jitter_ms: 50,
            links: Vec::new(),
        };
        let mut net = Network::new(&spec, 3);
        let (from, to) = (NodeId::Broker(1), NodeId::Client(0));
        let arrivals: Vec<Millis> = (0..200).map(|now| net.arrival(from, to, now)).collect();
        assert!(arrivals.windows(2).all(|w| w[0] <= w[1]), "{arrivals:?}");
        // The same draws, each on a link of its own, show what jitter alone would do.
        let mut alone = Network::new(&spec, 3);
        let drawn: Vec<Millis> = (0..200)
            .map(|now| alone.arrival(NodeId::Broker(now as i32), to, now))
            .collect();
        assert!(drawn.windows(2).any(|w| w[0] > w[1]), "jitter reorders");
        assert!(drawn.iter().zip(&arrivals).all(|(d, a)| d <= a));
    }

    #[test]
    fn links_keep_their_order_independently() {
        let spec = NetworkSpec {
            latency_ms: 1,
            jitter_ms: 0,
            links: vec![(NodeId::Client(0), NodeId::Broker(1), 100)],
        };
        let mut net = Network::new(&spec, 0);
        assert_eq!(net.arrival(NodeId::Client(0), NodeId::Broker(1), 0), 100);
        assert_eq!(net.arrival(NodeId::Client(0), NodeId::Broker(2), 0), 1);
        assert_eq!(net.arrival(NodeId::Broker(1), NodeId::Client(0), 0), 100);
    }
}
