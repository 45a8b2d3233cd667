//! Consumer timing on librdkafka and on the model: how long the first record takes after
//! `on_assign`, and what a program that stops polling for longer than `max.poll.interval.ms`
//! sees. Times are real on the mock, so each is compared as a band that both fall in, and
//! both values are printed.

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_timing;
use kafka_lab_conformance::timing::{FirstRecord, first_record_delay, slow_processing};
use std::ops::RangeInclusive;
use std::time::Duration;

fn within(what: &str, band: RangeInclusive<i64>, real: i64, model: i64) {
    eprintln!("{what}: librdkafka {real} ms, model {model} ms (band {band:?})");
    assert!(band.contains(&real), "librdkafka: {what} {real} ms");
    assert!(band.contains(&model), "model: {what} {model} ms");
}

/// Without a committed offset the partition starts by `auto.offset.reset`, and librdkafka
/// sends that ListOffsets 100 ms after the OffsetFetch came back empty
/// (`rd_kafka_toppar_fetch_start` → `rd_kafka_offset_reset` with `_NO_OFFSET` →
/// `rd_kafka_toppar_offset_request(.., 100)`): the first record ~100 ms after `on_assign`.
#[test]
fn the_first_record_waits_for_the_offset_reset_backoff() {
    let mock = Mock::start(1);
    let real = first_record_delay(&mock, FirstRecord::Present);
    let model = model_timing::first_record_delay(FirstRecord::Present);
    within(
        "on_assign -> first record (no committed offset)",
        95..=600,
        real,
        model,
    );
}

/// With a committed offset the fetcher starts at it at once: a few round trips (the band
/// stays below the reset's 100 ms).
#[test]
fn a_committed_offset_starts_fetching_at_once() {
    let mock = Mock::start(1);
    let real = first_record_delay(&mock, FirstRecord::Committed);
    let model = model_timing::first_record_delay(FirstRecord::Committed);
    within(
        "on_assign -> first record (committed offset)",
        0..=90,
        real,
        model,
    );
}

/// A record produced while the consumer's fetch waits: a broker answers the held fetch when
/// the record arrives (apache/kafka `DelayedFetch`), the model too. The mock answers an
/// empty fetch only when `fetch.wait.max.ms` (500 ms) is over and does not wake it on a
/// produce (`rd_kafka_mock_handle_Fetch`), so on the mock the record waits up to 500 ms.
#[test]
fn a_record_produced_later_arrives_when_the_held_fetch_is_answered() {
    let mock = Mock::start(1);
    let case = FirstRecord::ProducedAfter(Duration::from_millis(1_500));
    let real = first_record_delay(&mock, case);
    let model = model_timing::first_record_delay(case);
    eprintln!("produce -> record: librdkafka on the mock {real} ms, model {model} ms");
    assert!((0..=600).contains(&real), "librdkafka {real} ms");
    assert!((0..=20).contains(&model), "model {model} ms");
}

/// 8 s without a poll against `max.poll.interval.ms` 7 s, auto-commit every second: the
/// MAXPOLL check runs every 500 ms from the assignment on, so the overrun it logs is
/// 1..=500 ms; the asynchronous `commit()` of the lost assignment fails with
/// `_ASSIGNMENT_LOST` and no partitions; `on_lost` runs; its unassign commits the removed
/// partition's stored offset, which the coordinator refuses with UNKNOWN_MEMBER_ID.
#[test]
fn max_poll_exceeded_then_on_lost_then_the_refused_commit() {
    let mock = Mock::start(1);
    let real = slow_processing(&mock, Duration::from_millis(8_000));
    let model = model_timing::slow_processing(8_000);
    eprintln!("librdkafka {real:#?}\nmodel {model:#?}");
    // A busy machine may run the real timer a little late: its band has room for that.
    within(
        "MAXPOLL exceeded by",
        1..=600,
        real.exceeded_by,
        model.exceeded_by,
    );
    assert!((1..=500).contains(&model.exceeded_by));
    assert!(real.lost && real.error_polled, "librdkafka");
    assert_eq!(
        (&model.commits_after, model.lost, model.error_polled),
        (&real.commits_after, real.lost, real.error_polled)
    );
}
