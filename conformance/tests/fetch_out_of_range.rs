//! A fetch the leader answers with OFFSET_OUT_OF_RANGE (here: `assign()` at offset 100 of an
//! empty partition), on librdkafka and on the model: with `auto.offset.reset=error` the
//! program's `poll()` returns `_AUTO_OFFSET_RESET` naming the broker's error and the broker;
//! with `latest` the client resets to the end and logs a warning saying why
//! (`rd_kafka_offset_reset`, src/rdkafka_offset.c). `earliest` is not compared: the mock
//! answers an out-of-range fetch with its log start, which librdkafka then uses without
//! asking ("cached BEGINNING offset"), where a real broker answers -1 (apache/kafka
//! `ReplicaManager.readFromLog`) and the client asks the leader, as the model does.

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_consumer;
use kafka_lab_conformance::observe::{OutOfRange, fetch_out_of_range};

const REASON: &str = "fetch failed due to requested offset not available on the broker";

/// Librdkafka on its mock, then the model, with `auto.offset.reset` `reset`: `expected`.
fn both_show(reset: &str, expected: OutOfRange) {
    let mock = Mock::start(1);
    assert_eq!(fetch_out_of_range(&mock, reset), expected, "librdkafka");
    assert_eq!(model_consumer::fetch_out_of_range(reset), expected, "model");
}

#[test]
fn reset_error_hands_the_program_the_brokers_refusal() {
    let error = format!("{REASON}: Broker: Offset out of range (broker 1)");
    both_show(
        "error",
        OutOfRange {
            error: Some(error),
            warning: None,
        },
    );
}

#[test]
fn reset_latest_logs_why_it_moved_to_the_end() {
    let warning = format!(
        "ak03.range [0]: offset reset (at offset 100 (leader epoch -1), broker 1) to offset END \
         (leader epoch -1): {REASON}: Broker: Offset out of range"
    );
    both_show(
        "latest",
        OutOfRange {
            error: None,
            warning: Some(warning),
        },
    );
}
