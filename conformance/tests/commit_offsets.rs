//! What librdkafka's commits commit, compared with the model's consumer: `commit()` commits
//! the stored offsets (offset + 1 of each record handed to the application), only where they
//! are above the committed ones, and fails with `_NO_OFFSET` otherwise (librdkafka
//! `rdkafka_cgrp.c` `rd_kafka_cgrp_offsets_commit`); `commit(message)` commits the record's
//! offset + 1 (`rd_kafka_commit_message`).

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_consumer;
use kafka_lab_conformance::observe::{CommitObservation, manual_commits};

#[test]
fn commit_message_and_bare_commit_commit_what_the_model_commits() {
    let expected = CommitObservation {
        commit_before_consuming: Err("NoOffset".into()),
        first_record: 0,
        committed_after_commit_record: Some(1),
        last_record: 2,
        committed_after_commit_stored: Some(3),
        commit_again: Err("NoOffset".into()),
    };
    let mock = Mock::start(1);
    assert_eq!(manual_commits(&mock, 10), expected, "librdkafka");
    assert_eq!(model_consumer::manual_commits(10), expected, "model");
}
