//! Issue 3/4 conformance (e): what librdkafka's commits commit, and what a crash makes the next
//! owner process again. The model has no consumer yet: `observe::manual_commits` and
//! `observe::crash_after_auto_commit` are what its consumer is to be compared with.

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::observe::{
    CommitObservation, CrashObservation, crash_after_auto_commit, manual_commits,
};
use std::path::Path;

/// `commit()` commits the stored offsets (offset + 1 of each record handed to the
/// application), only where they are above the committed ones, and fails with `_NO_OFFSET`
/// otherwise (librdkafka `rdkafka_cgrp.c` `rd_kafka_cgrp_offsets_commit`); `commit(message)`
/// commits the record's offset + 1 (`rd_kafka_commit_message`).
#[test]
fn commit_message_commits_offset_plus_one_and_bare_commit_needs_stored_offsets() {
    let mock = Mock::start(1);
    assert_eq!(
        manual_commits(&mock, 10),
        CommitObservation {
            commit_before_consuming: Err("NoOffset".into()),
            first_record: 0,
            committed_after_commit_record: Some(1),
            last_record: 2,
            committed_after_commit_stored: Some(3),
            commit_again: Err("NoOffset".into()),
        }
    );
}

/// A crash (no `close()`) commits nothing more: the auto-commit during the slow 4th record
/// committed 4, and the next owner starts there and processes records 4, 5, 6 again
/// (librdkafka `rdkafka_cgrp.c` `rd_kafka_cgrp_offset_commit_tmr_cb`; nothing at exit).
#[test]
fn a_crash_makes_the_next_owner_process_again_since_the_last_auto_commit() {
    let mock = Mock::start(1);
    let program = Path::new(env!("CARGO_BIN_EXE_crashing-consumer"));
    let seen = crash_after_auto_commit(&mock, program, 4, 3);
    assert_eq!(
        seen,
        CrashObservation {
            processed_before_crash: (0..7).collect(),
            committed_after_crash: Some(4),
            processed_by_next_owner: (4..10).collect(),
        }
    );
}
