//! Consumer_assign_seek, built from its source: `assign([TopicPartition(topicName, 0, 0)])`
//! reads partition 0 from offset 0 without joining the group; after the first batch,
//! `seek(TopicPartition(topicName, 0, 0))` rewinds once, so the records are read again
//! from offset 0, and nothing is committed.

mod consumer_common;

use consumer_common::*;
use kafka_sim::consumer::Stmt;

#[test]
fn the_first_record_after_the_seek_is_offset_zero_again() {
    let assign_seek = program("consumer-assign-seek", "Consumer_assign_seek.py");
    assert!(matches!(
        &assign_seek.program.body[0],
        Stmt::Assign { partitions, .. } if *partitions == [(test_tp(0), 0)]
    ));
    let mut lab = lab(13);
    produce(&mut lab, &test_tp(0), 0, 3);
    produce(&mut lab, &test_tp(1), 0, 3);
    let c = start(&mut lab, &assign_seek);
    lab.run_until(10_000);
    let records: Vec<String> = (0..3)
        .map(|i| format!("ak03.test-0-{i} : ({i} , msg_{i})"))
        .collect();
    let expected: Vec<String> = [
        vec!["Start listen incoming messages ...".to_owned()],
        records.clone(),
        vec!["Seeking to ak03.test-0 {offset=0}".to_owned()],
        records,
    ]
    .concat();
    assert_eq!(console(&lab, c), expected);
    // Not a member of the group: no generation, nothing committed.
    assert!(
        lab.coordinator()
            .group(GROUP)
            .is_none_or(|g| g.generation() == 0)
    );
    assert!(lab.committed(GROUP).is_empty());
}
