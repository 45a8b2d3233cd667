//! The model's only source of randomness: xoshiro256** (Blackman & Vigna), seeded through
//! SplitMix64. Each subsystem draws from its own stream, derived from the run's seed and a
//! label, so that adding a consumer does not reshuffle the producer's draws.

/// A seeded pseudo-random stream. Same seed and label, same numbers, on every platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng {
    s: [u64; 4],
}

impl SimRng {
    /// The stream named `label` of the run seeded with `seed`.
    pub fn stream(seed: u64, label: &str) -> Self {
        // FNV-1a 64 of the label, mixed into the seed, then SplitMix64 fills the state.
        let label_hash = label.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let mut x = seed ^ label_hash;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Self {
            s: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform draw from `low..=high` (Lemire's multiply-shift; the bias is below 2^-32 for
    /// the small ranges the model uses).
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        assert!(low <= high, "empty range {low}..={high}");
        let span = high - low + 1;
        if span == 0 {
            return self.next_u64();
        }
        low + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_label_give_the_same_stream() {
        let mut a = SimRng::stream(42, "producer");
        let mut b = SimRng::stream(42, "producer");
        assert_eq!(
            (0..8).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..8).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn labels_and_seeds_separate_streams() {
        let first = |seed, label| SimRng::stream(seed, label).next_u64();
        assert_ne!(first(42, "producer"), first(42, "consumer"));
        assert_ne!(first(42, "producer"), first(43, "producer"));
    }

    #[test]
    fn between_stays_in_range_and_reaches_both_ends() {
        let mut rng = SimRng::stream(7, "range");
        let draws: Vec<u64> = (0..1000).map(|_| rng.between(3, 6)).collect();
        assert!(draws.iter().all(|d| (3..=6).contains(d)));
        assert!(draws.contains(&3) && draws.contains(&6));
    }
}
