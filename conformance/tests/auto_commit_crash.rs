//! Auto-commit and a crash, on librdkafka and on the model: a crash (no `close()`) commits
//! nothing more, so the next owner starts at the last auto-commit and processes again what
//! the crashed consumer processed after it (librdkafka `rdkafka_cgrp.c`
//! `rd_kafka_cgrp_offset_commit_tmr_cb`; nothing at exit).

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_consumer;
use kafka_lab_conformance::observe::{CrashObservation, crash_after_auto_commit};
use std::collections::BTreeSet;
use std::path::Path;

/// The offsets both the crashed consumer and the next owner processed.
fn processed_twice(seen: &CrashObservation) -> BTreeSet<i64> {
    let before: BTreeSet<_> = seen.processed_before_crash.iter().copied().collect();
    seen.processed_by_next_owner
        .iter()
        .copied()
        .filter(|offset| before.contains(offset))
        .collect()
}

/// The consumer processes 0..3, is slow on 3 while the auto-commit commits 4, processes 4,
/// 5, 6 and dies; the group's offset stays 4 and the next owner processes 4..9, so 4, 5 and 6
/// twice. Real and model agree record for record.
#[test]
fn a_crash_reprocesses_since_the_last_auto_commit_as_the_model_does() {
    let expected = CrashObservation {
        processed_before_crash: (0..7).collect(),
        committed_after_crash: Some(4),
        processed_by_next_owner: (4..10).collect(),
    };
    let mock = Mock::start(1);
    let program = Path::new(env!("CARGO_BIN_EXE_crashing-consumer"));
    let real = crash_after_auto_commit(&mock, program, 4, 3);
    let model = model_consumer::crash_after_auto_commit(4, 3);
    assert_eq!(real, expected, "librdkafka");
    assert_eq!(model, expected, "model");
    assert_eq!(processed_twice(&real), BTreeSet::from([4, 5, 6]));
    assert_eq!(processed_twice(&model), processed_twice(&real));
}
