//! Determinism over random timelines (issue 13): the same seed gives the same timeline and
//! the same trace, byte for byte as JSON Lines, and a `Sim` cloned in the middle of a run
//! continues exactly as the original does (the web app's snapshots rely on it).

mod random_timeline;

use random_timeline::{Timeline, trace_bytes};

const TIMELINES: u64 = 300;

#[test]
fn the_same_seed_gives_the_same_trace() {
    for seed in 0..TIMELINES {
        let first = Timeline::random(seed);
        let again = Timeline::random(seed);
        assert_eq!(
            first.scenario, again.scenario,
            "seed {seed}: another timeline"
        );
        let (a, b) = (trace_bytes(&first.run()), trace_bytes(&again.run()));
        assert!(
            a == b,
            "seed {seed}: traces differ\n{}",
            first.summary.join("\n")
        );
    }
}

#[test]
fn a_clone_taken_mid_run_continues_identically() {
    for seed in 0..TIMELINES {
        let timeline = Timeline::random(seed);
        let mut snapshot = None;
        let mut original = timeline.start();
        let run = timeline.run_from(&mut original, |sim| {
            if snapshot.is_none() && sim.now() >= timeline.horizon / 2 {
                snapshot = Some(sim.clone());
            }
            Ok::<(), ()>(())
        });
        run.expect("nothing stops it early");
        let Some(mut resumed) = snapshot else {
            continue;
        };
        let run = timeline.run_from(&mut resumed, |_| Ok::<(), ()>(()));
        run.expect("nothing stops it early");
        assert!(
            trace_bytes(&original) == trace_bytes(&resumed),
            "seed {seed}: the clone went another way\n{}",
            timeline.summary.join("\n")
        );
    }
}
