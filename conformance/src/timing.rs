//! Timing scenarios on real librdkafka (their model side is `model_timing.rs`): how long the
//! first record takes after `on_assign`, and what a program that stops polling for longer
//! than `max.poll.interval.ms` sees (the MAXPOLL line, `on_lost`, the commits after it).

use crate::client_config;
use crate::member::{GroupEvent, Member, Moment};
use crate::mock::Mock;
use crate::producer::RecordingProducer;
use kafka_sim::TopicPartition;
use rdkafka::config::RDKafkaLogLevel;
use std::collections::BTreeMap;
use std::thread;
use std::time::{Duration, Instant};

/// Where the first record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstRecord {
    /// The partition holds records and the group has no committed offset
    /// (`auto.offset.reset=earliest`: a ListOffsets before the first fetch).
    Present,
    /// The partition holds records and the group has committed offset 1.
    Committed,
    /// The partition is empty; a record is produced this long after `on_assign`.
    ProducedAfter(Duration),
}

/// The group settings of the timing scenarios: the harness's short session, `earliest`.
fn settings<'a>(group: &'a str, extra: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    let mut all = vec![
        ("group.id", group),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ];
    all.extend_from_slice(extra);
    all
}

/// Milliseconds from `from` to `to`.
fn ms(from: Instant, to: Instant) -> i64 {
    to.saturating_duration_since(from).as_millis() as i64
}

/// When the first item of `timeline` that `wanted` picks was seen.
fn first(timeline: &[(Instant, Moment)], wanted: impl Fn(&Moment) -> bool) -> Option<Instant> {
    timeline.iter().find_map(|(at, m)| wanted(m).then_some(*at))
}

fn assigned(m: &Moment) -> bool {
    matches!(m, Moment::Callback(GroupEvent::Assigned(p)) if !p.is_empty())
}

fn record(m: &Moment) -> bool {
    matches!(m, Moment::Record(..))
}

/// A consumer subscribes and calls `poll(1.0)` in a loop (as the course's programs do):
/// milliseconds from its `on_assign` to the first record `poll()` returns; for
/// `ProducedAfter`, from the produce call made that long after `on_assign`.
pub fn first_record_delay(mock: &Mock, case: FirstRecord) -> i64 {
    let name = match case {
        FirstRecord::Present => "present",
        FirstRecord::Committed => "committed",
        FirstRecord::ProducedAfter(_) => "produced-after",
    };
    let topic = format!("ak03.first-record.{name}");
    let tp = TopicPartition::new(&topic, 0);
    mock.create_topic(&topic, 1);
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "filler", &[]));
    let mut produce = |n: usize| {
        producer.send(&topic, None, n.to_string().as_bytes());
        producer.flush(Duration::from_secs(10)).expect("produced");
    };
    if !matches!(case, FirstRecord::ProducedAfter(_)) {
        (0..3).for_each(&mut produce);
    }
    if case == FirstRecord::Committed {
        mock.commit(&topic, &tp, 1);
    }
    let config = client_config(&mock.bootstrap(), "c0", &settings(&topic, &[]));
    let member = Member::subscribe(&config, &[&topic]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut produced = None;
    loop {
        assert!(Instant::now() < deadline, "no record");
        let timeline = member.timeline();
        let (on_assign, record) = (first(&timeline, assigned), first(&timeline, record));
        match (case, on_assign, record) {
            (_, Some(on_assign), Some(record)) => return ms(produced.unwrap_or(on_assign), record),
            (FirstRecord::ProducedAfter(d), Some(on_assign), None) if produced.is_none() => {
                thread::sleep((on_assign + d).saturating_duration_since(Instant::now()));
                produced = Some(Instant::now());
                produce(0);
            }
            _ => {}
        }
        member.poll(Duration::from_millis(1000));
    }
}

/// What a program that stopped polling for longer than `max.poll.interval.ms` saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlowObservation {
    /// The MAXPOLL log line's "exceeded by N ms".
    pub exceeded_by: i64,
    /// The `on_commit` results from the end of the slow processing to the next `on_assign`,
    /// in order: the error's code ([`error_code`]; `None`: committed) and each partition's
    /// offset.
    pub commits_after: Vec<(Option<String>, BTreeMap<TopicPartition, i64>)>,
    /// Whether `on_lost` ran and `_MAX_POLL_EXCEEDED` reached `poll()` in that time.
    pub lost: bool,
    pub error_polled: bool,
}

/// The settings of the slow consumer: `max.poll.interval.ms` 7000, auto-commit every second.
pub fn slow_settings(group: &str) -> Vec<(&'static str, &str)> {
    settings(
        group,
        &[
            ("max.poll.interval.ms", "7000"),
            ("enable.auto.commit", "true"),
            ("auto.commit.interval.ms", "1000"),
        ],
    )
}

/// A consumer reads the first of 3 records with `poll(0.1)` calls, stays away from `poll()`
/// for `processing` (8 s against `max.poll.interval.ms` 7 s), calls the asynchronous
/// `commit()` as the course's Consumer_04 does after a batch, then polls for 6 s more.
pub fn slow_processing(mock: &Mock, processing: Duration) -> SlowObservation {
    let topic = "ak03.slow";
    mock.create_topic(topic, 1);
    let mut producer = RecordingProducer::new(&client_config(&mock.bootstrap(), "filler", &[]));
    for n in 0..3 {
        producer.send(topic, None, n.to_string().as_bytes());
    }
    producer.flush(Duration::from_secs(10)).expect("produced");
    let mut config = client_config(&mock.bootstrap(), "c0", &slow_settings(topic));
    config.set_log_level(RDKafkaLogLevel::Warning);
    let member = Member::subscribe(&config, &[topic]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while member.poll(Duration::from_millis(100)).is_none() {
        assert!(Instant::now() < deadline, "no record");
    }
    thread::sleep(processing);
    let resumed = Instant::now();
    member.commit_stored_async();
    let end = Instant::now() + Duration::from_secs(6);
    while Instant::now() < end {
        member.poll(Duration::from_millis(100));
    }
    let timeline = member.timeline();
    let reassigned = timeline
        .iter()
        .find_map(|(at, m)| (*at >= resumed && assigned(m)).then_some(*at))
        .unwrap_or(end);
    let after: Vec<&Moment> = timeline
        .iter()
        .filter(|(at, _)| *at >= resumed && *at < reassigned)
        .map(|(_, m)| m)
        .collect();
    let line = timeline
        .iter()
        .find_map(|(_, m)| match m {
            Moment::Log(fac, line) if fac == "MAXPOLL" => Some(line.clone()),
            _ => None,
        })
        .expect("the MAXPOLL line");
    SlowObservation {
        exceeded_by: exceeded_by(&line).expect("exceeded by N ms"),
        commits_after: after
            .iter()
            .filter_map(|m| match m {
                Moment::Callback(GroupEvent::Committed { error, offsets }) => {
                    Some((error.as_deref().map(error_code), offsets.clone()))
                }
                _ => None,
            })
            .collect(),
        lost: after.iter().any(|m| matches!(m, Moment::Lost(_))),
        error_polled: after.iter().any(|m| matches!(m, Moment::Error(_))),
    }
}

/// An error's code in one spelling for both sides: the letters of its name, upper case.
/// The `rdkafka` crate shows "Consumer commit error: AssignmentLost (Local: ...)", the
/// model librdkafka's name, `_ASSIGNMENT_LOST`; both become `ASSIGNMENTLOST`.
pub fn error_code(text: &str) -> String {
    let name = text.split("error: ").last().unwrap_or(text);
    let name = name.split(" (").next().unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The N of "exceeded by Nms" in a MAXPOLL line.
pub fn exceeded_by(line: &str) -> Option<i64> {
    let rest = line.split("exceeded by ").nth(1)?;
    rest.split("ms").next()?.parse().ok()
}
