//! The format strings that `course::console` mirrors are the ones the programs really print, so a
//! change to a program's output cannot go unnoticed.

use course::exercises;

/// Every program whose text contains `needle`.
fn programs_with(needle: &str) -> Vec<&'static str> {
    let mut files: Vec<&str> = exercises()
        .iter()
        .flat_map(|e| e.sources)
        .filter(|s| s.text.contains(needle))
        .map(|s| s.file)
        .collect();
    files.sort_unstable();
    files.dedup();
    files
}

#[test]
fn record_line_format() {
    let printers = programs_with(
        "print('%s-%d-%d : (%s , %s)' % (topic, partition, offset, msgKey, msgValue))",
    );
    // The course's 10 and the round-2 lessons' Consumer_at_most_once and Consumer_max_poll.
    assert_eq!(printers.len(), 12, "{printers:?}");
    assert_eq!(programs_with("def try_decode_utf8(data):\n    if data:\n        return data.decode('utf-8')\n    else:\n        return None").len(), 12);
}

#[test]
fn commit_line_formats() {
    assert_eq!(
        programs_with(
            "print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))"
        ),
        [
            "Consumer_02_AutoCommit.py",
            "Consumer_03_CommitSync.py",
            "Consumer_04_CommitAsync.py",
            "Consumer_05_CommitSyncAsync.py",
            "Consumer_06_CommitSpecified.py",
            "Consumer_07_RebalanceCallback.py",
            "Consumer_at_most_once.py",
            "Consumer_max_poll.py",
        ]
    );
    assert_eq!(
        programs_with("print('# Failed to commit offsets: %s: %s' % (err, partitions))").len(),
        6
    );
}

#[test]
fn rebalance_line_formats() {
    assert_eq!(
        programs_with("print('Setting newly assigned partitions: ' + ").len(),
        5
    );
    assert_eq!(
        programs_with("print('Revoking previously assigned partitions: ' + ").len(),
        5
    );
    assert_eq!(
        programs_with(
            "'[' + ', '.join('{}-{}'.format(p.topic, p.partition) for p in partitions) + ']'"
        )
        .len(),
        5
    );
}

#[test]
fn producer_line_formats() {
    // The course's 7 and the fault lessons' two Producer_03 variants.
    let producers = 9;
    assert_eq!(
        programs_with("print('Start sending messages ...')").len(),
        producers
    );
    assert_eq!(
        programs_with("print('Message sending completed!')").len(),
        producers
    );
    assert_eq!(
        programs_with("print('Send ' + str(msgCount) + ' messages to Kafka')").len(),
        producers
    );
    assert_eq!(
        programs_with("'%% Local producer queue is full (%d messages awaiting delivery): try again\\n' % len(producer)").len(),
        producers
    );
    assert_eq!(
        programs_with("print('key={}, value={}'.format(str(i), 'msg_'+str(i)))"),
        ["Producer_05_CGroup.py"]
    );
    assert_eq!(
        programs_with(
            "sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%d]\\n' %"
        )
        .len(),
        6
    );
    assert_eq!(
        programs_with(
            "sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%s]\\n' %"
        ),
        ["Producer_acks.py"]
    );
    assert_eq!(
        programs_with("sys.stderr.write('%% Message failed delivery: %s\\n' % err)").len(),
        7
    );
}

#[test]
fn shared_line_formats() {
    assert_eq!(programs_with("print('Error: %s' % err)").len(), 22);
    assert_eq!(
        programs_with("print('Start listen incoming messages ...')").len(),
        12
    );
    assert_eq!(
        programs_with("sys.stderr.write('Aborted by user\\n')").len(),
        13
    );
    assert_eq!(
        programs_with("print('Seeking to %s-%d {offset=%d}' % (topicName, 0, 0))"),
        ["Consumer_assign_seek.py"]
    );
    assert_eq!(
        programs_with(
            "print('%s-%d : committed=%s, end=%d, lag=%d' % (tp.topic, tp.partition, committed_offset, high, lag))"
        ),
        ["Consumer_lag.py"]
    );
    assert_eq!(
        programs_with("print('Total lag: %d' % total_lag)"),
        ["Consumer_lag.py"]
    );
}
