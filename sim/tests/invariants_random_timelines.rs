//! Every invariant of `kafka_sim::invariants::ALL` holds after every step of 10,000 random
//! timelines (issue 13): random clusters, producers, a consumer group and faults, each
//! timeline from its own seed. A violation reports the seed, the timeline and the trace's tail;
//! `Timeline::random(seed)` replays it.

mod random_timeline;

use random_timeline::Timeline;
use std::time::Instant;

/// Timelines per CI run, split into shards that the test harness runs in parallel.
const TIMELINES: u64 = 10_000;
const SHARDS: u64 = 4;

fn check_shard(shard: u64) {
    let started = Instant::now();
    let mut steps = 0;
    for seed in (shard..TIMELINES).step_by(SHARDS as usize) {
        match Timeline::random(seed).run_checked() {
            Ok(sim) => steps += sim.trace().len(),
            Err(report) => panic!("{report}"),
        }
    }
    eprintln!(
        "shard {shard}: {} timelines, {steps} trace entries, {:?}",
        TIMELINES / SHARDS,
        started.elapsed()
    );
}

#[test]
fn invariants_hold_shard_0() {
    check_shard(0);
}

#[test]
fn invariants_hold_shard_1() {
    check_shard(1);
}

#[test]
fn invariants_hold_shard_2() {
    check_shard(2);
}

#[test]
fn invariants_hold_shard_3() {
    check_shard(3);
}
