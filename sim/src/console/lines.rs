//! The lines the course's programs print, formatted exactly as Python formats them, so that
//! the simulator's console shows the same lines as the real programs.
//!
//! Each function returns one line without its newline and names the Python statement it
//! mirrors (and its stream: `print` writes stdout, `sys.stderr.write` stderr). Python's `%s` of
//! `None` prints `None`; `%d` and `%s` of an int print its decimal digits.

use super::python::{KafkaError, PYTHON_NONE, PartitionOffset, py_list, py_offset, py_str};
use std::fmt;

/// `print('Start sending messages ...')` (every producer, stdout).
pub const START_SENDING: &str = "Start sending messages ...";

/// `print('Message sending completed!')` after the final `flush(10)` (every producer, stdout).
pub const SENDING_COMPLETED: &str = "Message sending completed!";

/// `print('Start listen incoming messages ...')` before the poll loop (consumers, stdout).
pub const START_LISTENING: &str = "Start listen incoming messages ...";

/// `sys.stderr.write('Aborted by user\n')` on Ctrl+C (consumers, stderr).
pub const ABORTED: &str = "Aborted by user";

/// `print('%s-%d-%d : (%s , %s)' % (topic, partition, offset, msgKey, msgValue))`: one record
/// processed by a consumer (stdout). `key` and `value` are the results of
/// [`try_decode_utf8`](super::python::try_decode_utf8).
pub fn record_line(
    topic: &str,
    partition: i32,
    offset: i64,
    key: Option<&str>,
    value: Option<&str>,
) -> String {
    format!(
        "{topic}-{partition}-{offset} : ({} , {})",
        py_str(key),
        py_str(value)
    )
}

/// `print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))`
/// in `print_commit_result` and `print_sync_commit_result`, once per partition (stdout). The
/// `on_commit` callback lists every partition of the commit; one without a stored offset shows
/// `-1001` (`OFFSET_INVALID`).
pub fn commit_line(topic: &str, partition: i32, offset: i64) -> String {
    format!("# Committed offsets for: {topic}-{partition} {{offset={offset}}}")
}

/// `print('# Failed to commit offsets: %s: %s' % (err, partitions))` in `print_commit_result`
/// (stdout): the error and the Python list of the commit's `TopicPartition`s.
pub fn failed_commit_line(err: &KafkaError, partitions: &[PartitionOffset]) -> String {
    format!("# Failed to commit offsets: {err}: {}", py_list(partitions))
}

/// `print(e)` of the `KafkaException` that `commit(asynchronous=False)` raises when the commit
/// fails (stdout): confluent-kafka-python `Consumer_commit` raises
/// `KafkaError(err, "Commit failed: <description>")` instead of returning `None`.
pub fn commit_exception_line(err: &KafkaError) -> String {
    let text = format!("Commit failed: {}", err.text);
    KafkaError {
        text: &text,
        ..*err
    }
    .to_string()
}

/// `print('Setting newly assigned partitions: ' + result)` in `print_assignment` (stdout); the
/// list is `[topic-partition, ...]` joined by `, ` (`[]` when empty).
pub fn assigned_line(partitions: &[(&str, i32)]) -> String {
    format!(
        "Setting newly assigned partitions: {}",
        partition_names(partitions)
    )
}

/// `print('Revoking previously assigned partitions: ' + result)` in `print_revoke` and
/// `commit_on_revoke` (stdout).
pub fn revoked_line(partitions: &[(&str, i32)]) -> String {
    format!(
        "Revoking previously assigned partitions: {}",
        partition_names(partitions)
    )
}

/// `print('Lost previously assigned partitions: ' + result)` in `print_lost`, the `on_lost`
/// callback of Consumer_max_poll (stdout).
pub fn lost_line(partitions: &[(&str, i32)]) -> String {
    format!(
        "Lost previously assigned partitions: {}",
        partition_names(partitions)
    )
}

/// A consumer's log line (MAXPOLL, SESSTMOUT, OFFSET, FATAL) as librdkafka's default logger
/// writes it to stderr (`rd_kafka_log_print`: `%level|seconds.millis|facility|client name|
/// text`, the text led by `[thrd:main]: ` as `log.thread.name` is true by default); all are
/// logged from the main thread (rdkafka_cgrp.c `rd_kafka_cgrp_max_poll_interval_check_tmr_cb`,
/// `rd_kafka_cgrp_session_timeout_check`; rdkafka_offset.c `rd_kafka_offset_reset`).
/// The client's name is `client.id` (`rdkafka`) then `#consumer-1`, the first consumer handle
/// of the Python process. `at_ms` is the wall clock in milliseconds since the Unix epoch.
pub fn consumer_log_line(at_ms: u64, level: u8, facility: &str, text: &str) -> String {
    let (seconds, millis) = (at_ms / 1_000, at_ms % 1_000);
    format!("%{level}|{seconds}.{millis:03}|{facility}|rdkafka#consumer-1| [thrd:main]: {text}")
}

/// `print('key={}, value={}'.format(str(i), 'msg_'+str(i)))` in Producer_05_CGroup (stdout).
pub fn produced_line(key: &str, value: &str) -> String {
    format!("key={key}, value={value}")
}

/// `print('Send ' + str(msgCount) + ' messages to Kafka')` after the send loop (stdout).
pub fn sent_line(count: u64) -> String {
    format!("Send {count} messages to Kafka")
}

/// `sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try
/// again\n' % len(producer))` when `produce()` raises `BufferError` (stderr); `%%` prints `%`.
pub fn queue_full_line(awaiting: usize) -> String {
    format!("% Local producer queue is full ({awaiting} messages awaiting delivery): try again")
}

/// `sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%d]\n' % ...)`
/// in `delivery_callback`, for every key divisible by 10000 (stderr). The offset is `None` when
/// the broker sent no reply (`acks=0`: librdkafka `rd_kafka_handle_Produce` reports
/// `OFFSET_INVALID`); only Producer_acks prints it, with `%s` (`%d` of `None` raises TypeError).
///
/// The slides print `'%s Message ...' % (...)`: a transcription of `'%% Message ...'` (the
/// confluent-kafka examples' format), since `%s` there would raise "not enough arguments".
pub fn delivered_line(topic: &str, partition: i32, offset: Option<i64>) -> String {
    format!(
        "% Message delivered to topic:[{topic}]-partition:[{partition}] @ offset[{}]",
        offset.map_or_else(|| PYTHON_NONE.to_owned(), py_offset)
    )
}

/// `sys.stderr.write('%% Message failed delivery: %s\n' % err)` in `delivery_callback` (stderr).
pub fn delivery_failed_line(err: &impl fmt::Display) -> String {
    format!("% Message failed delivery: {err}")
}

/// `print('Error: %s' % err)` in `error_cb` (stdout).
pub fn error_line(err: &impl fmt::Display) -> String {
    format!("Error: {err}")
}

/// `print('Seeking to %s-%d {offset=%d}' % (topicName, 0, 0))` in Consumer_assign_seek (stdout).
pub fn seek_line(topic: &str, partition: i32, offset: i64) -> String {
    format!("Seeking to {topic}-{partition} {{offset={offset}}}")
}

/// `print('%s-%d : committed=%s, end=%d, lag=%d' % ...)` in Consumer_lag (stdout); a partition
/// the group never committed shows `-`.
pub fn lag_line(topic: &str, partition: i32, committed: Option<i64>, end: i64, lag: i64) -> String {
    let committed = committed.map_or_else(|| "-".to_owned(), |offset| offset.to_string());
    format!("{topic}-{partition} : committed={committed}, end={end}, lag={lag}")
}

/// `print('Total lag: %d' % total_lag)` in Consumer_lag (stdout).
pub fn total_lag_line(total: i64) -> String {
    format!("Total lag: {total}")
}

/// `[a-0, a-1]`: the list that `print_assignment` and `commit_on_revoke` build.
fn partition_names(partitions: &[(&str, i32)]) -> String {
    let names: Vec<String> = partitions
        .iter()
        .map(|(topic, partition)| format!("{topic}-{partition}"))
        .collect();
    format!("[{}]", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::python::{MSG_TIMED_OUT, NO_OFFSET, REBALANCE_IN_PROGRESS, TRANSPORT};

    // Lines copied from the slides' console output (seed 000).

    #[test]
    fn record_line_matches_the_auto_commit_slide() {
        let line = record_line("ak03.test", 0, 50, Some("41"), Some("msg_41"));
        assert_eq!(line, "ak03.test-0-50 : (41 , msg_41)");
    }

    #[test]
    fn record_line_prints_none_for_a_missing_key() {
        let line = record_line("ak03.test", 0, 7, None, Some("v"));
        assert_eq!(line, "ak03.test-0-7 : (None , v)");
    }

    #[test]
    fn commit_line_matches_the_auto_commit_slide() {
        assert_eq!(
            commit_line("ak03.test", 0, 53),
            "# Committed offsets for: ak03.test-0 {offset=53}"
        );
    }

    #[test]
    fn commit_line_shows_offset_invalid_as_python_does() {
        assert_eq!(
            commit_line("ak03.fourpartition", 3, -1001),
            "# Committed offsets for: ak03.fourpartition-3 {offset=-1001}"
        );
    }

    #[test]
    fn assigned_line_matches_the_one_consumer_slide() {
        let all = [
            ("ak03.fourpartition", 0),
            ("ak03.fourpartition", 1),
            ("ak03.fourpartition", 2),
            ("ak03.fourpartition", 3),
        ];
        assert_eq!(
            assigned_line(&all),
            "Setting newly assigned partitions: [ak03.fourpartition-0, ak03.fourpartition-1, ak03.fourpartition-2, ak03.fourpartition-3]"
        );
    }

    #[test]
    fn assigned_line_of_nothing_matches_the_five_consumers_slide() {
        assert_eq!(assigned_line(&[]), "Setting newly assigned partitions: []");
    }

    #[test]
    fn revoked_line_matches_the_two_consumers_slide() {
        let all = [
            ("ak03.fourpartition", 0),
            ("ak03.fourpartition", 1),
            ("ak03.fourpartition", 2),
            ("ak03.fourpartition", 3),
        ];
        assert_eq!(
            revoked_line(&all),
            "Revoking previously assigned partitions: [ak03.fourpartition-0, ak03.fourpartition-1, ak03.fourpartition-2, ak03.fourpartition-3]"
        );
    }

    #[test]
    fn lost_line_and_the_max_poll_warning() {
        assert_eq!(
            lost_line(&[("ak03.fourpartition", 1)]),
            "Lost previously assigned partitions: [ak03.fourpartition-1]"
        );
        assert_eq!(
            consumer_log_line(1_700_000_013_056, 4, "MAXPOLL", "leaving group"),
            "%4|1700000013.056|MAXPOLL|rdkafka#consumer-1| [thrd:main]: leaving group"
        );
    }

    #[test]
    fn produced_line_matches_producer_05() {
        assert_eq!(produced_line("7", "msg_7"), "key=7, value=msg_7");
    }

    #[test]
    fn sent_line_concatenates_the_count() {
        assert_eq!(sent_line(10000), "Send 10000 messages to Kafka");
    }

    #[test]
    fn queue_full_line_prints_a_single_percent() {
        assert_eq!(
            queue_full_line(100000),
            "% Local producer queue is full (100000 messages awaiting delivery): try again"
        );
    }

    #[test]
    fn delivered_line_with_and_without_offset() {
        assert_eq!(
            delivered_line("ak03.test", 0, Some(20000)),
            "% Message delivered to topic:[ak03.test]-partition:[0] @ offset[20000]"
        );
        assert_eq!(
            delivered_line("ak03.test", 0, None),
            "% Message delivered to topic:[ak03.test]-partition:[0] @ offset[None]"
        );
    }

    #[test]
    fn delivery_failed_and_error_lines_embed_the_error() {
        assert_eq!(
            delivery_failed_line(&MSG_TIMED_OUT),
            "% Message failed delivery: KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}"
        );
        assert_eq!(
            error_line(&TRANSPORT),
            "Error: KafkaError{code=_TRANSPORT,val=-195,str=\"Local: Broker transport failure\"}"
        );
    }

    #[test]
    fn failed_commit_line_lists_topic_partitions_as_python_repr() {
        let partitions = [
            PartitionOffset {
                topic: "ak03.test",
                partition: 0,
                offset: 54,
                leader_epoch: Some(0),
                error: Some(REBALANCE_IN_PROGRESS),
            },
            PartitionOffset {
                topic: "ak03.test",
                partition: 1,
                offset: -1001,
                leader_epoch: None,
                error: None,
            },
        ];
        assert_eq!(
            failed_commit_line(&REBALANCE_IN_PROGRESS, &partitions),
            "# Failed to commit offsets: KafkaError{code=REBALANCE_IN_PROGRESS,val=27,str=\"Broker: Group rebalance in progress\"}: \
             [TopicPartition{topic=ak03.test,partition=0,offset=54,leader_epoch=0,error=KafkaError{code=REBALANCE_IN_PROGRESS,val=27,str=\"Broker: Group rebalance in progress\"}}, \
             TopicPartition{topic=ak03.test,partition=1,offset=-1001,leader_epoch=None,error=None}]"
        );
        assert_eq!(
            failed_commit_line(&NO_OFFSET, &[]),
            "# Failed to commit offsets: KafkaError{code=_NO_OFFSET,val=-168,str=\"Local: No offset stored\"}: []"
        );
    }

    #[test]
    fn commit_exception_line_prefixes_commit_failed() {
        assert_eq!(
            commit_exception_line(&NO_OFFSET),
            "KafkaError{code=_NO_OFFSET,val=-168,str=\"Commit failed: Local: No offset stored\"}"
        );
    }

    #[test]
    fn seek_and_lag_lines() {
        assert_eq!(
            seek_line("ak03.test", 0, 0),
            "Seeking to ak03.test-0 {offset=0}"
        );
        assert_eq!(
            lag_line("ak03.fourpartition", 2, Some(40), 45, 5),
            "ak03.fourpartition-2 : committed=40, end=45, lag=5"
        );
        assert_eq!(
            lag_line("ak03.fourpartition", 3, None, 12, 12),
            "ak03.fourpartition-3 : committed=-, end=12, lag=12"
        );
        assert_eq!(total_lag_line(17), "Total lag: 17");
    }
}
