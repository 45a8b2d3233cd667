//! The console functions print exactly the output shown on the course's slides (seed 000).

use course::console::{assigned_line, commit_line, record_line, revoked_line};

const TOPIC: &str = "ak03.fourpartition";

fn partitions(ids: &[i32]) -> Vec<(&'static str, i32)> {
    ids.iter().map(|&p| (TOPIC, p)).collect()
}

#[test]
fn the_auto_commit_slide() {
    let slide = "\
ak03.test-0-50 : (41 , msg_41)
ak03.test-0-51 : (42 , msg_42)
# Committed offsets for: ak03.test-0 {offset=53}
ak03.test-0-52 : (43 , msg_43)
ak03.test-0-53 : (44 , msg_44)
# Committed offsets for: ak03.test-0 {offset=54}
ak03.test-0-54 : (45 , msg_45)
ak03.test-0-55 : (46 , msg_46)
# Committed offsets for: ak03.test-0 {offset=56}
ak03.test-0-56 : (47 , msg_47)";
    let record = |offset: i64| {
        let key = (offset - 9).to_string();
        let value = format!("msg_{key}");
        record_line("ak03.test", 0, offset, Some(&key), Some(&value))
    };
    let commit = |offset| commit_line("ak03.test", 0, offset);
    let printed = [
        record(50),
        record(51),
        commit(53),
        record(52),
        record(53),
        commit(54),
        record(54),
        record(55),
        commit(56),
        record(56),
    ];
    assert_eq!(printed.join("\n"), slide);
}

#[test]
fn the_second_consumer_slide() {
    let slide = "\
Revoking previously assigned partitions: [ak03.fourpartition-0, ak03.fourpartition-1, ak03.fourpartition-2, ak03.fourpartition-3]
Setting newly assigned partitions: [ak03.fourpartition-0, ak03.fourpartition-1]";
    let printed = [
        revoked_line(&partitions(&[0, 1, 2, 3])),
        assigned_line(&partitions(&[0, 1])),
    ];
    assert_eq!(printed.join("\n"), slide);
    assert_eq!(
        assigned_line(&partitions(&[2, 3])),
        "Setting newly assigned partitions: [ak03.fourpartition-2, ak03.fourpartition-3]"
    );
}

#[test]
fn the_five_consumers_slide() {
    let slide = "\
Setting newly assigned partitions: [ak03.fourpartition-0]
Setting newly assigned partitions: [ak03.fourpartition-3]
Setting newly assigned partitions: [ak03.fourpartition-1]
Setting newly assigned partitions: [ak03.fourpartition-2]
Setting newly assigned partitions: []";
    let printed: Vec<String> = [&[0][..], &[3], &[1], &[2], &[]]
        .iter()
        .map(|ids| assigned_line(&partitions(ids)))
        .collect();
    assert_eq!(printed.join("\n"), slide);
}
