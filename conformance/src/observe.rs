//! Scenarios run on real librdkafka whose observations the model's producer and consumer are
//! compared with (the producer's in [`crate::model_producer`], the consumer's in
//! [`crate::model_consumer`]): each returns what a student's program would see, in plain data.

use crate::client_config;
use crate::member::{Consumed, GroupEvent, Member, Moment, close, drive_for, drive_until};
use crate::mock::Mock;
use crate::producer::{DeliveryReport, RecordingProducer};
use kafka_sim::TopicPartition;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::producer::Producer;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

/// What the producer scenario showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryObservation {
    /// Reports that ran before the program called `poll()` or `flush()` at all.
    pub reports_before_poll: usize,
    /// `len()` at that moment: messages not yet reported.
    pub len_before_poll: i32,
    /// Every report, in the order the callbacks ran, with the call it ran in.
    pub reports: Vec<DeliveryReport>,
    /// `len()` once `flush()` returned.
    pub len_after_flush: i32,
}

/// The course's producer pattern, twice: `produce()` `first` keyed messages without polling,
/// wait `settle` (the broker has acknowledged them), then `poll(0)`; `produce()` `second`
/// more and `flush()`. Keys are `key-<n>`, the topic has `partitions` partitions.
pub fn delivery_reports(
    mock: &Mock,
    partitions: i32,
    first: usize,
    second: usize,
    settle: Duration,
) -> DeliveryObservation {
    let topic = "ak03.delivery";
    mock.create_topic(topic, partitions);
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "p0", &[]));
    for n in 0..first {
        producer.send(topic, Some(format!("key-{n}").as_bytes()), b"v");
    }
    thread::sleep(settle);
    let reports_before_poll = producer.reports().len();
    let len_before_poll = producer.len();
    producer.poll(Duration::ZERO);
    for n in first..first + second {
        producer.send(topic, Some(format!("key-{n}").as_bytes()), b"v");
    }
    producer
        .flush(Duration::from_secs(10))
        .expect("flush() returns once everything is reported");
    DeliveryObservation {
        reports_before_poll,
        len_before_poll,
        reports: producer.reports(),
        len_after_flush: producer.len(),
    }
}

/// What offset-less and per-message commits did, in order (librdkafka error code names where a
/// call failed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitObservation {
    /// `commit()` right after the assignment, before any record was consumed.
    pub commit_before_consuming: Result<(), String>,
    /// The offset of the first record, and what `commit(message)` then left committed.
    pub first_record: i64,
    pub committed_after_commit_record: Option<i64>,
    /// The offset of the last of the next two records, and what `commit()` then left committed.
    pub last_record: i64,
    pub committed_after_commit_stored: Option<i64>,
    /// `commit()` again with nothing new consumed.
    pub commit_again: Result<(), String>,
}

/// One consumer with `enable.auto.commit=false` (auto offset store on, the default) on a
/// topic holding `records` records: `commit()`, consume one and `commit(message)`, consume
/// two and `commit()`, `commit()` again.
pub fn manual_commits(mock: &Mock, records: usize) -> CommitObservation {
    let tp = TopicPartition::new("ak03.commits", 0);
    fill(mock, &tp, records);
    let settings = [
        ("group.id", "ak03-manual"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ];
    let member = Member::subscribe(
        &client_config(&mock.bootstrap(), "c0", &settings),
        &[&tp.topic],
    );
    drive_until(&[&member], Duration::from_secs(20), || {
        !member.held().is_empty()
    });
    let code = |result: rdkafka::error::KafkaResult<()>| {
        result.map_err(|error| format!("{:?}", error.rdkafka_error_code().expect("a code")))
    };
    let commit_before_consuming = code(member.commit_stored());
    let first = next_record(&member);
    member.commit_record(&first).expect("commit(message)");
    let committed_after_commit_record = mock.committed("ak03-manual", &tp);
    next_record(&member);
    let last = next_record(&member);
    member.commit_stored().expect("commit()");
    let committed_after_commit_stored = mock.committed("ak03-manual", &tp);
    CommitObservation {
        commit_before_consuming,
        first_record: first.offset,
        committed_after_commit_record,
        last_record: last.offset,
        committed_after_commit_stored,
        commit_again: code(member.commit_stored()),
    }
}

/// What a consumer crash showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrashObservation {
    /// Offsets the crashing consumer processed, in order.
    pub processed_before_crash: Vec<i64>,
    /// The group's committed offset after the crash, as the broker holds it.
    pub committed_after_crash: Option<i64>,
    /// Offsets the next owner processed, in order.
    pub processed_by_next_owner: Vec<i64>,
}

/// Auto-commit and a crash: a consumer in another process (the `crashing-consumer` binary at
/// `program`, auto-commit every second) processes `before` records, waits for an auto-commit, processes `after` more
/// and exits without `close()`; then a new member of the group reads the partition to its end.
pub fn crash_after_auto_commit(
    mock: &Mock,
    program: &Path,
    before: usize,
    after: usize,
) -> CrashObservation {
    let tp = TopicPartition::new("ak03.crash", 0);
    let records = before + after + 3;
    fill(mock, &tp, records);
    let output = std::process::Command::new(program)
        .args([mock.bootstrap(), tp.topic.to_string()])
        .args([before.to_string(), after.to_string()])
        .output()
        .expect("run crashing-consumer");
    assert!(output.status.success(), "crashing-consumer: {output:?}");
    let lines = String::from_utf8(output.stdout).expect("utf-8");
    let processed_before_crash = lines
        .lines()
        .filter_map(|line| line.strip_prefix("processed "))
        .map(|n| n.trim().parse().expect("an offset"))
        .collect();
    let committed_after_crash = mock.committed("ak03-crash", &tp);
    let next = Member::subscribe(
        &client_config(&mock.bootstrap(), "c1", &crash_settings()),
        &[&tp.topic],
    );
    let last = records as i64 - 1;
    drive_until(&[&next], Duration::from_secs(30), || {
        next.consumed().last().is_some_and(|c| c.offset == last)
    });
    CrashObservation {
        processed_before_crash,
        committed_after_crash,
        processed_by_next_owner: next.consumed().iter().map(|c| c.offset).collect(),
    }
}

/// The group settings of the crash scenario, shared with `crashing-consumer`: auto-commit
/// every second, start from the earliest record, a short session so that the crashed member
/// is dropped from the group in seconds.
pub fn crash_settings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("group.id", "ak03-crash"),
        ("enable.auto.commit", "true"),
        ("auto.commit.interval.ms", "1000"),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ]
}

/// Polls until the member returns a record, and returns it.
pub fn next_record(member: &Member) -> Consumed {
    let seen = member.consumed().len();
    drive_until(&[member], Duration::from_secs(20), || {
        member.consumed().len() > seen
    });
    member.consumed().swap_remove(seen)
}

/// Produces `records` records with payloads `0`, `1`, ... to `tp` and waits for them.
fn fill(mock: &Mock, tp: &TopicPartition, records: usize) {
    mock.create_topic(&tp.topic, tp.partition + 1);
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "filler", &[]));
    for n in 0..records {
        producer.send(&tp.topic, None, n.to_string().as_bytes());
    }
    producer
        .flush(Duration::from_secs(10))
        .expect("fill the topic");
}

/// How a producer is configured for the lost-response scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// librdkafka's default: `enable.idempotence=false`.
    Plain,
    /// `enable.idempotence=true`.
    Idempotent,
    /// `transactional.id` set (implies idempotence), the message sent in a transaction.
    Transactional,
}

/// A lost Produce response: the broker appends the message but its response is held back
/// (`rd_kafka_mock_broker_set_rtt`) past `socket.timeout.ms`, so librdkafka times the request
/// out, drops the connection and retries. Returns the payloads the partition holds after a
/// `warm-up` record, and the delivery report's error for the message.
pub fn lost_response(mock: &Mock, delivery: Delivery) -> (Vec<String>, Option<String>) {
    let tp = TopicPartition::new(format!("ak03.lost-response.{delivery:?}"), 0);
    mock.create_topic(&tp.topic, 1);
    let mut settings = vec![
        ("linger.ms", "0"),
        // A Produce request times out after the messages' remaining time, capped by
        // socket.timeout.ms (librdkafka `rdkafka_request.c` `rd_kafka_ProduceRequest`).
        ("socket.timeout.ms", "1000"),
        ("retry.backoff.ms", "100"),
    ];
    match delivery {
        Delivery::Plain => settings.push(("enable.idempotence", "false")),
        Delivery::Idempotent => settings.push(("enable.idempotence", "true")),
        Delivery::Transactional => settings.push(("transactional.id", "ak03-tx")),
    }
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "p0", &settings));
    let timeout = Duration::from_secs(20);
    if delivery == Delivery::Transactional {
        producer
            .base()
            .init_transactions(timeout)
            .expect("init_transactions");
        producer
            .base()
            .begin_transaction()
            .expect("begin_transaction");
    }
    producer.send(&tp.topic, None, b"warm-up");
    producer.flush(timeout).expect("the warm-up record");
    mock.set_round_trip_time(1, Duration::from_secs(8));
    let message = producer.send(&tp.topic, None, b"m");
    producer.poll(Duration::from_millis(3000));
    mock.set_round_trip_time(1, Duration::ZERO);
    producer.flush(timeout).expect("flush");
    if delivery == Delivery::Transactional {
        producer
            .base()
            .commit_transaction(timeout)
            .expect("commit_transaction");
    }
    let error = producer
        .reports()
        .into_iter()
        .find(|report| report.message == message)
        .expect("a report for the message")
        .error
        .map(|code| format!("{code:?}"));
    let payloads = mock
        .records(&tp.topic, 1)
        .into_iter()
        .filter_map(|record| record.payload)
        .map(|payload| String::from_utf8(payload).expect("utf-8"))
        .collect();
    (payloads, error)
}

/// What a returning static member (KIP-345) showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticReturn {
    /// The partitions of the static member before it closed, and after it came back.
    pub held_before: Vec<TopicPartition>,
    pub held_after_return: Vec<TopicPartition>,
    /// The rebalance callbacks the other member ran from the close on, in order.
    pub other_callbacks: Vec<GroupEvent>,
}

/// The settings of a static member `instance` of the static-membership scenario.
pub fn static_settings(instance: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("group.id", "ak03-static"),
        ("group.instance.id", instance),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ]
}

/// Two static members `i0`, `i1` share a 4-partition topic; `i0` closes (a static member
/// sends no LeaveGroup), stays away for `away`, and comes back with the same
/// `group.instance.id`; then both poll until the returning member holds partitions again and
/// the four are shared (at most 30 s: the mock's rebalance takes longer on a loaded machine),
/// and 2 s more for the other member's callbacks.
pub fn static_member_returns(mock: &Mock, away: Duration) -> StaticReturn {
    let topic = "ak03.static";
    mock.create_topic(topic, 4);
    let member = |client_id, instance| {
        Member::subscribe(
            &client_config(&mock.bootstrap(), client_id, &static_settings(instance)),
            &[topic],
        )
    };
    let first = member("c0", "i0");
    let other = member("c1", "i1");
    drive_until(&[&first, &other], Duration::from_secs(30), || {
        first.held().len() + other.held().len() == 4 && !first.held().is_empty()
    });
    drive_for(&[&first, &other], Duration::from_secs(1));
    let held_before = first.held();
    let seen = other.events().len();
    close(first, &[&other]);
    drive_for(&[&other], away);
    let back = member("c0", "i0");
    drive_until(&[&back, &other], Duration::from_secs(30), || {
        back.held().len() + other.held().len() == 4 && !back.held().is_empty()
    });
    drive_for(&[&back, &other], Duration::from_secs(2));
    let other_callbacks = other.events()[seen..]
        .iter()
        .filter(|e| matches!(e, GroupEvent::Assigned(_) | GroupEvent::Revoked(_)))
        .cloned()
        .collect();
    StaticReturn {
        held_before,
        held_after_return: back.held(),
        other_callbacks,
    }
}

/// What `seek()` on a partition not assigned failed with, by whether the consumer had had
/// partitions of its topic (librdkafka error code names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeekObservation {
    /// Right after `subscribe()`, before any assignment.
    pub right_after_subscribe: Result<(), String>,
    /// Once the group gave each member one partition: seek to this member's own.
    pub own_partition: Result<(), String>,
    /// And to the other member's.
    pub others_partition: Result<(), String>,
}

/// Two members of one group on a two-partition topic: the first seeks partition 0 right after
/// `subscribe()`, then, once each holds one partition, its own and the other member's.
pub fn seeks(mock: &Mock) -> SeekObservation {
    let topic = "ak03.seek";
    mock.create_topic(topic, 2);
    let settings = [
        ("group.id", "ak03-seek"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ];
    let first = Member::subscribe(&client_config(&mock.bootstrap(), "c0", &settings), &[topic]);
    let right_after_subscribe = first.seek(&TopicPartition::new(topic, 0), 0);
    let second = Member::subscribe(&client_config(&mock.bootstrap(), "c1", &settings), &[topic]);
    drive_until(&[&first, &second], Duration::from_secs(30), || {
        first.held().len() == 1 && second.held().len() == 1
    });
    let own = first.held()[0].clone();
    let others = second.held()[0].clone();
    SeekObservation {
        right_after_subscribe,
        own_partition: first.seek(&own, 0),
        others_partition: first.seek(&others, 0),
    }
}

/// What a fetch out of range showed the program: the error `poll()` returned, and the
/// warning librdkafka logged (its text after `[thrd:main]: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    pub error: Option<String>,
    pub warning: Option<String>,
}

/// A consumer assigned partition 0 of an empty topic at offset 100, with `auto.offset.reset`
/// `reset`, polls for up to 10 s, until it has an error or a warning.
pub fn fetch_out_of_range(mock: &Mock, reset: &str) -> OutOfRange {
    let topic = "ak03.range";
    mock.create_topic(topic, 1);
    let settings = [
        ("group.id", "ak03-range"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", reset),
    ];
    let mut config = client_config(&mock.bootstrap(), "c0", &settings);
    config.set_log_level(RDKafkaLogLevel::Warning);
    let member = Member::assign(&config, &[(TopicPartition::new(topic, 0), 100)]);
    let warning = || {
        member
            .timeline()
            .into_iter()
            .find_map(|(_, moment)| match moment {
                Moment::Log(facility, text) if facility == "OFFSET" => Some(
                    text.split_once("]: ")
                        .map_or(text.clone(), |(_, t)| t.to_string()),
                ),
                _ => None,
            })
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut error = None;
    while error.is_none() && warning().is_none() && Instant::now() < deadline {
        error = member.poll_error(Duration::from_millis(100));
    }
    OutOfRange {
        error,
        warning: warning(),
    }
}
