//! librdkafka's sticky partition for keyless messages (KIP-480, librdkafka ≥ 1.6.0): each
//! topic keeps one random partition and draws a new one once `sticky.partitioning.linger.ms`
//! has passed since the last draw, or at once when the sticky partition loses its leader.

use super::random_partition;
use crate::rng::SimRng;

/// The sticky partition of one topic (librdkafka `rd_kafka_topic_t`'s `rkt_sticky_partition`
/// and `rkt_sticky_intvl`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StickyState {
    /// The current sticky partition; 0 before the first draw, as the zeroed topic starts.
    partition: i32,
    /// When the partition was last drawn; `None` before the first draw and after a lost
    /// leader, which makes the next keyless message draw at once.
    drawn_at_ms: Option<u64>,
}

impl StickyState {
    /// The current sticky partition, if one has been drawn (for views and tests).
    pub fn current(&self) -> Option<i32> {
        self.drawn_at_ms.map(|_| self.partition)
    }

    /// The partition for the next keyless message at `now_ms`, drawing a new one when the
    /// current one has no leader or more than `linger_ms` have passed since the last draw.
    /// Source: librdkafka `src/rdkafka_msg.c` `rd_kafka_msg_sticky_partition`;
    /// `src/rdinterval.h` `rd_interval` (fires when strictly more than the interval has
    /// passed, and on its first call) and `rd_interval_expedite(.., 0)` (next call fires).
    pub(super) fn partition(
        &mut self,
        has_leader: &[bool],
        linger_ms: u64,
        now_ms: u64,
        rng: &mut SimRng,
    ) -> i32 {
        let led = usize::try_from(self.partition)
            .ok()
            .and_then(|i| has_leader.get(i))
            .copied()
            .unwrap_or(false);
        if !led {
            self.drawn_at_ms = None;
        }
        let due = self
            .drawn_at_ms
            .is_none_or(|drawn| now_ms.saturating_sub(drawn) > linger_ms);
        if due {
            self.partition = random_partition(has_leader, rng);
            self.drawn_at_ms = Some(now_ms);
        }
        self.partition
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partitioner::{Partitioner, choose};

    const N: i32 = 1000;

    fn keyless(state: &mut StickyState, linger_ms: u64, now_ms: u64, rng: &mut SimRng) -> i32 {
        choose(
            Partitioner::ConsistentRandom,
            None,
            N,
            state,
            linger_ms,
            now_ms,
            rng,
        )
    }

    #[test]
    fn stays_within_the_linger_window() {
        let mut rng = SimRng::stream(42, "partitioner");
        let mut state = StickyState::default();
        let first = keyless(&mut state, 10, 100, &mut rng);
        for now in [100, 101, 105, 110] {
            assert_eq!(keyless(&mut state, 10, now, &mut rng), first, "at {now} ms");
        }
        assert_eq!(state.current(), Some(first));
    }

    #[test]
    fn switches_after_the_window_and_restarts_it() {
        let mut rng = SimRng::stream(42, "partitioner");
        let mut mirror = rng.clone();
        let mut state = StickyState::default();
        let first = keyless(&mut state, 10, 100, &mut rng);
        assert_eq!(first, mirror.between(0, (N - 1) as u64) as i32);
        // 11 ms later is strictly more than 10: a new draw, and the window restarts at 111.
        let second = keyless(&mut state, 10, 111, &mut rng);
        assert_eq!(second, mirror.between(0, (N - 1) as u64) as i32);
        assert_ne!(first, second);
        assert_eq!(keyless(&mut state, 10, 121, &mut rng), second);
        let third = keyless(&mut state, 10, 122, &mut rng);
        assert_eq!(third, mirror.between(0, (N - 1) as u64) as i32);
    }

    #[test]
    fn zero_linger_draws_per_message() {
        let mut rng = SimRng::stream(42, "partitioner");
        let mut state = StickyState::default();
        let draws: Vec<i32> = (0..10)
            .map(|_| keyless(&mut state, 0, 0, &mut rng))
            .collect();
        assert!(draws.windows(2).any(|w| w[0] != w[1]), "{draws:?}");
        assert_eq!(state.current(), None, "no sticky partition is kept");
    }

    #[test]
    fn the_same_seed_gives_the_same_partitions() {
        let run = |seed| {
            let mut rng = SimRng::stream(seed, "partitioner");
            let mut state = StickyState::default();
            (0..50u64)
                .map(|t| keyless(&mut state, 10, t * 4, &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn a_leaderless_sticky_partition_is_replaced_at_once() {
        let mut rng = SimRng::stream(3, "partitioner");
        let mut mirror = rng.clone();
        let mut state = StickyState::default();
        let mut has_leader = vec![true; 4];
        let first = state.partition(&has_leader, 1000, 0, &mut rng);
        assert_eq!(first, mirror.between(0, 3) as i32);
        has_leader[first as usize] = false;
        // Inside the window, but the leader is gone: a new draw (redrawn once if leaderless).
        let next = state.partition(&has_leader, 1000, 1, &mut rng);
        let draw = mirror.between(0, 3) as usize;
        let want = if has_leader[draw] {
            draw
        } else {
            mirror.between(0, 3) as usize
        };
        assert_eq!(next, want as i32);
        assert_eq!(
            state.drawn_at_ms,
            Some(1),
            "the window restarts at the draw"
        );
    }
}
