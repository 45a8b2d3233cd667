//! The network: who talks to whom and how long a message takes. Latency is per link with an
//! optional deterministic jitter drawn from the run's `network` random stream.

use super::Millis;
use crate::rng::SimRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A participant: a broker (by broker id), a producer process (`Client`) or a consumer
/// process, each by its index in the scenario's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    Broker(i32),
    Client(usize),
    Consumer(usize),
}

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
    links: BTreeMap<(NodeId, NodeId), Millis>,
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
            rng: SimRng::stream(seed, "network"),
        }
    }

    /// How long a message from `from` to `to` sent now takes to arrive.
    pub fn delay(&mut self, from: NodeId, to: NodeId) -> Millis {
        let base = self
            .links
            .get(&(from, to))
            .copied()
            .unwrap_or(self.latency_ms);
        if self.jitter_ms == 0 {
            base
        } else {
            base + self.rng.between(0, self.jitter_ms)
        }
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
        for _ in 0..50 {
            assert!((10..=13).contains(&net.delay(NodeId::Broker(1), NodeId::Client(0))));
            assert!((2..=5).contains(&net.delay(NodeId::Broker(1), NodeId::Broker(2))));
        }
    }

    #[test]
    fn without_jitter_the_delay_is_the_latency() {
        let mut net = Network::new(&NetworkSpec::default(), 1);
        assert_eq!(net.delay(NodeId::Broker(1), NodeId::Broker(2)), 1);
    }
}
