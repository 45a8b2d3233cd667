//! Issue 3/4 conformance (b): consumers c0..c4 join `ak03.fourpartition` one at a time, then
//! c0..c3 leave again; after every step each member's callbacks (each list in the order the
//! program gets it) and final partitions on real librdkafka equal those of the model's
//! consumer client, run through the same steps (`group_steps.rs`, `model_group.rs`). One test
//! per strategy; they run in parallel.

use kafka_lab_conformance::group_steps::{self, Step};
use kafka_sim::assignor::Strategy;

const TOPIC: &str = "ak03.fourpartition";
const PARTITIONS: i32 = 4;

#[test]
fn range_matches_the_model() {
    run(Strategy::Range);
}

#[test]
fn roundrobin_matches_the_model() {
    run(Strategy::RoundRobin);
}

#[test]
fn cooperative_sticky_matches_the_model() {
    run(Strategy::CooperativeSticky);
}

fn run(strategy: Strategy) {
    let steps: Vec<Step> = (0..5)
        .map(Step::Join)
        .chain((0..4).map(Step::Leave))
        .collect();
    let report = group_steps::run(strategy, TOPIC, PARTITIONS, &steps);
    eprintln!(
        "{}: steps that missed an empty on_assign by timing: {:?}",
        strategy.name(),
        report.timing
    );
    eprintln!(
        "{}: steps with extra rounds from the mock's SyncGroup race: {:?}",
        strategy.name(),
        report.raced
    );
}
