//! Consumer_lag, built from its source: every 5 s, per partition of `ak03.fourpartition`,
//! `committed()` and `get_watermark_offsets()`, printing the end offset minus the group's
//! committed offset (the whole partition when nothing is committed) and the total, which is
//! seed 004's "kafka left": the sum of the end offsets minus the sum of the committed ones.

mod consumer_common;

use consumer_common::*;

#[test]
fn lag_is_the_end_offset_minus_the_committed_offset() {
    let lag = program("consumer-lag", "Consumer_lag.py");
    let consumer_07 = program(
        "consumer-07-rebalance-callback",
        "Consumer_07_RebalanceCallback.py",
    );
    let mut lab = lab(15);
    // Partition 0 and 1 get records; a Consumer_07 reads them and commits when it closes.
    produce(&mut lab, &four(0), 0, 4);
    produce(&mut lab, &four(1), 0, 6);
    let reader = start(&mut lab, &consumer_07);
    lab.run_until(8_000);
    lab.interrupt(reader);
    lab.run_until(10_000);
    assert_eq!(lab.committed(GROUP), [(four(0), 4), (four(1), 6)].into());
    // Then more records arrive, and the lag program starts.
    produce(&mut lab, &four(0), 4, 3);
    produce(&mut lab, &four(2), 0, 2);
    let c = start(&mut lab, &lag);
    lab.run_until(lab.now() + 1_000);
    assert_eq!(
        console(&lab, c),
        [
            "ak03.fourpartition-0 : committed=4, end=7, lag=3",
            "ak03.fourpartition-1 : committed=6, end=6, lag=0",
            "ak03.fourpartition-2 : committed=-, end=2, lag=2",
            "ak03.fourpartition-3 : committed=-, end=0, lag=0",
            "Total lag: 5",
        ]
    );
    // Seed 004: sum(end offsets) - sum(committed offsets).
    let ends: i64 = (0..4).map(|p| lab.end_offset(&four(p))).sum();
    let committed: i64 = lab.committed(GROUP).values().sum();
    assert_eq!(ends - committed, 5);
    // Five seconds later it prints again, with what arrived meanwhile.
    produce(&mut lab, &four(3), 0, 1);
    lab.run_until(lab.now() + 5_000);
    assert_eq!(
        console(&lab, c).last().map(String::as_str),
        Some("Total lag: 6")
    );
}
