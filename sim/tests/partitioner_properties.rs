//! Properties of the partitioners over arbitrary keys, counts and seeds.

use kafka_sim::partitioner::{Partitioner, StickyState, choose, keyed_partition};
use kafka_sim::rng::SimRng;
use proptest::prelude::*;

fn any_partitioner() -> impl Strategy<Value = Partitioner> {
    proptest::sample::select(Partitioner::ALL.to_vec())
}

proptest! {
    #[test]
    fn every_choice_is_a_partition_of_the_topic(
        p in any_partitioner(),
        key in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
        n in 1i32..200,
        seed in any::<u64>(),
        linger in 0u64..20,
        times in proptest::collection::vec(0u64..5, 1..20),
    ) {
        let mut rng = SimRng::stream(seed, "partitioner");
        let mut sticky = StickyState::default();
        let mut now = 0;
        for step in times {
            now += step;
            let chosen = choose(p, key.as_deref(), n, &mut sticky, linger, now, &mut rng);
            prop_assert!((0..n).contains(&chosen));
        }
    }

    #[test]
    fn a_hashed_key_always_lands_on_the_same_partition(
        p in any_partitioner(),
        key in proptest::collection::vec(any::<u8>(), 1..64),
        n in 1i32..200,
        seeds in (any::<u64>(), any::<u64>()),
    ) {
        let at = |seed| {
            let mut rng = SimRng::stream(seed, "partitioner");
            choose(p, Some(&key), n, &mut StickyState::default(), 10, 0, &mut rng)
        };
        if let Some(hashed) = keyed_partition(p, Some(&key), n) {
            prop_assert_eq!(at(seeds.0), hashed);
            prop_assert_eq!(at(seeds.1), hashed);
        }
    }
}
