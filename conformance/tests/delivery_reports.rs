//! Issue 3/4 conformance (c): delivery reports run only inside `poll()`/`flush()`, `flush()`
//! returns with `len() == 0`, and each partition's reports come in produce order with
//! consecutive offsets. Real librdkafka's facts first, then the model's run of the same
//! program, compared report for report.

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_producer;
use kafka_lab_conformance::observe::delivery_reports;
use kafka_lab_conformance::producer::{Call, DeliveryReport};
use std::collections::BTreeMap;
use std::time::Duration;

const FIRST: usize = 12;
const SECOND: usize = 12;

#[test]
fn reports_run_only_inside_poll_and_flush_in_partition_order() {
    let mock = Mock::start(1);
    let seen = delivery_reports(&mock, 3, FIRST, SECOND, Duration::from_millis(800));
    let model = model_producer::delivery_reports(3, FIRST, SECOND, 800);

    // Acknowledged by the broker, but no callback has run and len() still counts them all
    // (rd_kafka_outq_len: queued, in flight, or waiting for their report to be served).
    assert_eq!(seen.reports_before_poll, 0);
    assert!(
        seen.len_before_poll >= FIRST as i32,
        "len() = {}",
        seen.len_before_poll
    );

    // poll(0) served the first batch, flush() the second; nothing ran elsewhere.
    let calls: Vec<(usize, Option<Call>)> =
        seen.reports.iter().map(|r| (r.message, r.call)).collect();
    let mut expected: Vec<(usize, Option<Call>)> = (0..FIRST)
        .map(|n| (n, Some(Call::Poll(0))))
        .chain((FIRST..FIRST + SECOND).map(|n| (n, Some(Call::Flush(1)))))
        .collect();
    let mut sorted = calls.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(seen.len_after_flush, 0);
    assert!(seen.reports.iter().all(|r| r.error.is_none()));

    // Per partition: reports in produce order, offsets 0, 1, 2, ...
    let mut per_partition: BTreeMap<i32, Vec<(usize, i64)>> = BTreeMap::new();
    for report in &seen.reports {
        let offset = report.offset.expect("an offset");
        per_partition
            .entry(report.partition)
            .or_default()
            .push((report.message, offset));
    }
    for (partition, reports) in per_partition {
        let messages: Vec<usize> = reports.iter().map(|(m, _)| *m).collect();
        let mut in_order = messages.clone();
        in_order.sort();
        assert_eq!(
            messages, in_order,
            "partition {partition}: reports out of produce order"
        );
        let offsets: Vec<i64> = reports.iter().map(|(_, o)| *o).collect();
        assert_eq!(offsets, (0..offsets.len() as i64).collect::<Vec<_>>());
    }

    // The model: the same facts, the same partitions (consistent_random), the same call for
    // every report and the same offsets, partition by partition, in the same order. Only the
    // interleaving of partitions inside one poll()/flush() may differ.
    assert_eq!(model.reports_before_poll, 0);
    assert_eq!(model.len_after_flush, 0);
    assert_eq!(
        model.len_before_poll, seen.len_before_poll,
        "len(): messages plus waiting report events"
    );
    assert_eq!(by_partition(&model.reports), by_partition(&seen.reports));
}

/// A report as compared: (message, call, offset).
type Seen = (usize, Option<Call>, Option<i64>);

/// Each partition's reports in the order their callbacks ran.
fn by_partition(reports: &[DeliveryReport]) -> BTreeMap<i32, Vec<Seen>> {
    let mut rows: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    for r in reports {
        rows.entry(r.partition)
            .or_default()
            .push((r.message, r.call, r.offset));
    }
    rows
}
