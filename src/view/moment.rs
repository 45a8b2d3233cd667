//! The cluster diagram's view model: what the diagram draws at one moment of a run, as small
//! comparable structs computed from the simulation and its projection. Pure (no browser), so
//! it is tested natively; the components in `components::cluster` only draw it. Its parts live
//! in [`crate::view::producer`], [`crate::view::cluster`], [`crate::view::group`] and
//! [`crate::view::lane`].
//!
//! What clients hold (a producer's queue and its batches in flight) is the model's projection
//! folded up to the cursor (`kafka_sim::projection`), and what they did (the protocol lane,
//! the callbacks) is read back from the cursor, so that stepping within one millisecond moves
//! them entry by entry. The cluster's state (brokers, logs, the high watermark, replicas) and
//! the group's are the simulation's right after the step that traced the cursor's entry
//! (`Run::with_view`), so they follow the cursor too.

pub use crate::diagram::flights::{Flight, Node};
pub use crate::view::cluster::{
    BrokerBox, LogCell, MarkKind, OffsetMark, PartitionLog, WINDOW, window_start,
};
pub use crate::view::group::{ConsumerNode, GroupBox, GroupMember};
pub use crate::view::lane::{
    CALLOUTS, Callout, CalloutKind, Detail, Endpoint, LANE, ProtocolKind, ProtocolMessage,
};
pub use crate::view::producer::{BatchChip, MessageChip, ProducerBox, ReportChip};

use crate::diagram::flights::flights;
use crate::view::cluster::{broker_boxes, partition_log};
use crate::view::group::Consumers;
use crate::view::lane::Lane;
use crate::view::producer::producer_boxes;
use course::lesson::{Counter, Lesson};
use kafka_sim::TopicPartition;
use kafka_sim::cluster::Partition;
use kafka_sim::config::Profile;
use kafka_sim::engine::{Sim, TraceEntry};
use kafka_sim::ids::Millis;
use kafka_sim::projection::Projection;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    pub producers: Vec<ProducerBox>,
    pub brokers: Vec<BrokerBox>,
    pub topic: String,
    pub partitions: Vec<PartitionLog>,
    /// The consumer group, when the run has consumers.
    pub group: Option<GroupBox>,
    /// The last protocol messages, oldest first.
    pub protocol: Vec<ProtocolMessage>,
    /// The last callbacks the programs ran, oldest first.
    pub callouts: Vec<Callout>,
    /// Every consumer process, in order, as the diagram draws it.
    pub consumers: Vec<ConsumerNode>,
    /// The broker hosting the group's coordinator.
    pub coordinator: Option<i32>,
    /// The messages on the wire.
    pub flights: Vec<Flight>,
}

/// The trace shown at `time` with the cursor at entry `cursor` (up to `time` when `None`).
pub fn shown(trace: &[TraceEntry], time: Millis, cursor: Option<u64>) -> &[TraceEntry] {
    let end =
        trace.partition_point(|entry| entry.time <= time && cursor.is_none_or(|c| entry.seq <= c));
    &trace[..end]
}

/// The lesson's counters at the cursor: `sim` as it stood at the cursor and `projection`
/// folded up to it, so the numbers agree with the code line and the narration.
pub fn counters(lesson: &Lesson, sim: &Sim, projection: &Projection) -> Vec<(Counter, u64)> {
    lesson
        .counters
        .iter()
        .map(|&counter| (counter, counter.value(sim, projection)))
        .collect()
}

/// The moment of `sim` (the run as it stood at the cursor) for `topic` and the
/// consumers' `group`, with `projection` folded up to the cursor and `trace` the entries
/// shown, and `lane` folded up to the cursor as well.
pub fn moment(
    sim: &Sim,
    projection: &Projection,
    lane: &Lane,
    topic: &str,
    group: Option<&str>,
    trace: &[TraceEntry],
) -> Moment {
    let now = trace.last().map(|entry| (entry.time, entry.seq));
    let futures = futures(sim);
    let count = futures.len();
    let cluster = sim.cluster();
    let partitions: Vec<(i32, &Partition)> = (0..cluster.partition_count(topic).unwrap_or(0))
        .filter_map(|p| Some((p, cluster.partition(&TopicPartition::new(topic, p))?)))
        .collect();
    let consumers = Consumers::of(sim, count);
    // The broker hosting the group's coordinator now (`Sim::coordinator_of`).
    let coordinator = group.and_then(|g| sim.coordinator_of(g));
    let mut logs: Vec<PartitionLog> = partitions
        .iter()
        .map(|&(p, partition)| partition_log(p, partition))
        .collect();
    consumers.mark(sim, topic, group, &mut logs);
    Moment {
        producers: producer_boxes(projection, &futures),
        brokers: broker_boxes(cluster, &partitions),
        topic: topic.to_string(),
        partitions: logs,
        group: group.and_then(|id| consumers.group_box(sim, id, topic)),
        protocol: lane.protocol(
            trace,
            count,
            &consumers,
            coordinator,
            now.map(|(time, _)| time),
        ),
        callouts: lane.callouts(trace, &futures, now.map(|(_, seq)| seq)),
        consumers: consumers.nodes(sim, topic),
        coordinator,
        flights: flights(sim, trace),
    }
}

/// Which producers are kafka-python's: their delivery reports complete futures.
fn futures(sim: &Sim) -> Vec<bool> {
    sim.producers()
        .iter()
        .map(|p| p.client.settings().profile == Profile::KafkaPython)
        .collect()
}

/// Bytes shown as the course's `try_decode_utf8` shows them: Python's `None` when absent.
pub fn text_of(bytes: Option<&[u8]>) -> String {
    bytes.map_or_else(
        || PYTHON_NONE.into(),
        |b| String::from_utf8_lossy(b).into_owned(),
    )
}

/// How Python prints `None`, spelled once for the model, the consoles and the views.
pub use kafka_sim::console::PYTHON_NONE;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;
    use kafka_sim::engine::{Event, KafkaError};

    const STEP_MESSAGES: u64 = 12;
    use kafka_sim::cluster::{ClusterSpec, TopicSpec};
    use kafka_sim::engine::{ProducerSpec, Scenario};

    fn run(id: &str) -> Run {
        let lesson = course::lesson(id).expect("the lesson exists");
        Run::of_lesson(&lesson, &Changes::none()).expect("it runs")
    }

    fn moment_at(run: &Run, time: Millis, cursor: Option<u64>) -> Moment {
        run.with_view(time, cursor, |frame| run.moment(frame))
    }

    #[test]
    fn at_the_end_the_queue_is_empty_and_the_log_holds_every_message() {
        let run = run("producer-03-async");
        let end = moment_at(&run, run.end, None);
        let producer = &end.producers[0];
        assert_eq!((producer.label.as_str(), producer.colour), ("P", 5));
        assert_eq!(producer.queued, vec![]);
        assert_eq!(producer.in_flight, vec![]);
        let log = &end.partitions[0];
        assert_eq!((log.first, log.end, log.high_watermark), (0, 12, 12));
        assert_eq!(log.cells.len(), STEP_MESSAGES as usize);
        assert_eq!(log.leader, Some(1));
        assert_eq!(
            end.brokers,
            vec![BrokerBox {
                id: 1,
                up: true,
                leads: vec![0],
                follows: vec![]
            }]
        );
        let offsets: Vec<_> = end
            .callouts
            .iter()
            .filter_map(|c| match c.kind {
                CalloutKind::Delivery { offset, .. } => Some(offset),
                _ => None,
            })
            .collect();
        assert_eq!(
            offsets,
            vec![9, 10, 11],
            "the last three delivery callbacks"
        );
        // The answer comes from the broker the request went to.
        assert_eq!(
            end.protocol
                .last()
                .map(|m| (m.kind, m.from.label(), m.to.label())),
            Some((
                ProtocolKind::ProduceResponse,
                Some("B1".into()),
                Some("P".into())
            ))
        );
    }

    #[test]
    fn a_batch_leaves_the_queue_for_the_wire_and_then_the_log() {
        let run = run("producer-03-async");
        let trace = run.at(run.end).trace().to_vec();
        let sent = trace
            .iter()
            .find(|e| matches!(e.event, Event::BatchSent { .. }))
            .expect("a batch is sent");
        let before = moment_at(&run, sent.time, Some(sent.seq - 1));
        let after = moment_at(&run, sent.time, Some(sent.seq));
        let Event::BatchSent { messages, .. } = &sent.event else {
            unreachable!()
        };
        assert_eq!(before.producers[0].queued.len(), messages.len());
        assert_eq!(before.producers[0].in_flight.len(), 0);
        assert_eq!(after.producers[0].queued.len(), 0);
        assert_eq!(after.producers[0].in_flight.len(), 1);
        assert_eq!(
            after.producers[0].in_flight[0].messages.len(),
            messages.len()
        );
        assert_eq!(after.protocol.last().map(|m| m.now), Some(true));
    }

    /// Fire-and-forget has no delivery callback, yet every message's report waits in the queue
    /// until flush() serves it (confluent-kafka-python always asks for reports).
    #[test]
    fn reports_wait_for_flush_without_a_callback() {
        let run = run("producer-01-fire-and-forget");
        let trace = run.at(run.end).trace().to_vec();
        let first_served = trace
            .iter()
            .find(|e| matches!(e.event, Event::DeliveryReportServed { .. }))
            .expect("flush() serves the reports");
        let before = moment_at(&run, first_served.time, Some(first_served.seq - 1));
        let producer = &before.producers[0];
        assert_eq!(producer.reports.len(), STEP_MESSAGES as usize);
        assert!(producer.reports.iter().all(|report| !report.failed));
        assert_eq!(producer.queued, vec![]);
        let served = trace
            .iter()
            .filter(|e| matches!(e.event, Event::DeliveryReportServed { .. }))
            .count();
        assert_eq!(served, STEP_MESSAGES as usize, "served without a callback");
        assert_eq!(moment_at(&run, run.end, None).producers[0].reports, vec![]);
    }

    /// error_cb runs show among the callbacks when poll() serves them, not when queued.
    #[test]
    fn error_cb_runs_are_callouts_when_served() {
        let run = run("producer-broker-down");
        let trace = run.at(run.end).trace().to_vec();
        let queued = trace
            .iter()
            .find(|e| matches!(e.event, Event::ClientError { .. }))
            .expect("the broker goes down");
        let errors = |m: &Moment| {
            m.callouts
                .iter()
                .filter(|c| matches!(c.kind, CalloutKind::Error { .. }))
                .count()
        };
        assert_eq!(errors(&moment_at(&run, queued.time, Some(queued.seq))), 0);
        let served = trace
            .iter()
            .find(|e| matches!(e.event, Event::ClientErrorServed { .. }))
            .expect("poll() serves it");
        let at = moment_at(&run, served.time, Some(served.seq));
        assert_eq!(
            at.callouts.last().map(|c| &c.kind),
            Some(&CalloutKind::Error {
                error: KafkaError::AllBrokersDown
            })
        );
    }

    #[test]
    fn long_logs_are_windowed_to_their_last_offsets() {
        let exercise = course::exercise("producer-03-async").expect("the exercise exists");
        let program = course::programs::producer_program(&exercise.sources[0], Some(40))
            .expect("a producer program");
        let mut sim = Sim::new(Scenario {
            cluster: ClusterSpec {
                brokers: 1,
                ..ClusterSpec::default()
            },
            topics: vec![TopicSpec::new(program.topic.clone(), 1, 1)],
            producers: vec![ProducerSpec {
                settings: (&program.config).into(),
                program: program.program,
                start_at: Some(0),
            }],
            ..Scenario::default()
        })
        .expect("the scenario is valid");
        sim.run_until_done(60_000);
        let lane = Lane::of(sim.trace());
        let log = &moment(
            &sim,
            sim.projection(),
            &lane,
            &program.topic,
            None,
            sim.trace(),
        )
        .partitions[0];
        assert_eq!((log.first, log.end), (24, 40));
        assert_eq!(log.cells.len(), WINDOW);
        assert_eq!(log.cells.first().map(|c| c.offset), Some(24));
        assert_eq!(window_start(5), 0);
    }

    /// Producer_03's key moment: the broker has acked and the narration says no callback has
    /// run; the callbacks run later in the same millisecond, and the counters must not show them.
    #[test]
    fn counters_follow_the_cursor_inside_a_millisecond() {
        let lesson = course::lesson("producer-03-async").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let key = run.key_moment.expect("a key moment");
        let values = |cursor: Option<u64>| {
            run.with_view(key.time, cursor, |frame| {
                counters(&lesson, frame.sim, frame.projection)
            })
        };
        use Counter::*;
        let throughput = 12_000 / key.time;
        assert_eq!(
            values(Some(key.seq)),
            vec![
                (Waiting, 12),
                (InFlight, 0),
                (Acknowledged, 12),
                (ReportsSeen, 0),
                (Throughput, throughput)
            ]
        );
        assert_eq!(
            values(None),
            vec![
                (Waiting, 0),
                (InFlight, 0),
                (Acknowledged, 12),
                (ReportsSeen, 12),
                (Throughput, throughput)
            ]
        );
    }
}

#[cfg(test)]
mod consumer_tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;
    use kafka_sim::consumer::ClientEvent;
    use kafka_sim::engine::Event;

    #[test]
    fn a_consumer_group_owns_partitions_by_label_and_the_fifth_gets_none() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let at = run.key_moment.expect("a key moment").time;
        let moment = run.with_view(at, None, |frame| run.moment(frame));
        let group = moment.group.expect("the group exists");
        assert_eq!(group.state, kafka_sim::coordinator::GroupState::Stable);
        let mut members: Vec<(String, usize)> = group
            .members
            .iter()
            .map(|m| (m.label.clone(), m.partitions.len()))
            .collect();
        members.sort();
        let expected: Vec<(String, usize)> =
            [("C1", 1), ("C2", 1), ("C3", 1), ("C4", 1), ("C5", 0)]
                .map(|(l, n)| (l.to_string(), n))
                .into();
        assert_eq!(members, expected);
        for member in &group.members {
            for p in &member.partitions {
                let owner = moment.partitions[*p as usize].owner.as_ref();
                assert_eq!(owner.map(|o| o.label.as_str()), Some(member.label.as_str()));
            }
        }
        let lane: Vec<ProtocolKind> = moment.protocol.iter().map(|m| m.kind).collect();
        assert!(lane.contains(&ProtocolKind::SyncGroup), "{lane:?}");
    }

    /// Consumer_01's key moment follows a rebalance: every partition was just assigned and no
    /// record handed over, so `position()` is INVALID; the marks stand where each consumer's
    /// first fetch starts, the committed offset. At C5's `on_assign` line C1 and C2 hold their
    /// partitions; C3's and C4's SyncGroup answers arrive later in that millisecond. Later the
    /// mark is `position()` itself.
    #[test]
    fn positions_show_where_each_consumer_reads_next() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let positions = |time: Millis, cursor: Option<u64>| {
            let moment = run.with_view(time, cursor, |frame| run.moment(frame));
            let mut positions: Vec<(i32, String, i64, bool, Option<i64>)> = Vec::new();
            for log in &moment.partitions {
                let committed = log.marks.iter().find(|m| m.kind == MarkKind::Committed);
                for mark in &log.marks {
                    if let MarkKind::Position {
                        label, fetch_start, ..
                    } = &mark.kind
                    {
                        let committed = committed.map(|m| m.offset);
                        positions.push((
                            log.partition,
                            label.clone(),
                            mark.offset,
                            *fetch_start,
                            committed,
                        ));
                    }
                }
            }
            positions
        };
        let key = run.key_moment.expect("a key moment");
        let fetch_start = |(p, label, offset): (i32, &str, i64)| {
            (p, label.to_string(), offset, true, Some(offset))
        };
        let expected = [(1, "C1", 4), (3, "C2", 4)].map(fetch_start);
        assert_eq!(positions(key.time, Some(key.seq)), expected);
        let expected = [(0, "C4", 2), (1, "C1", 4), (2, "C3", 2), (3, "C2", 4)].map(fetch_start);
        assert_eq!(positions(key.time, None), expected);
        // At the end C3, C2 and C5 have read everything; C4 got partition 0 in the last
        // rebalance and has had nothing to read since.
        let expected = [
            (0, "C4", 4, true),
            (1, "C3", 6, false),
            (2, "C2", 4, false),
            (3, "C5", 6, false),
        ]
        .map(|(p, label, offset, fetch_start)| {
            (p, label.to_string(), offset, fetch_start, Some(offset))
        });
        assert_eq!(positions(run.end, None), expected);
    }

    /// Consumer_01's producer appends a record in a millisecond that C1's heartbeat timer
    /// opened: with the cursor on the heartbeat the log, its high watermark and the lag are
    /// as they were then, one record short of the end of that millisecond.
    #[test]
    fn the_log_and_the_lag_follow_the_cursor_inside_a_millisecond() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let trace = run.at(run.end).trace().to_vec();
        let (beat, appended) = trace
            .windows(2)
            .find_map(|pair| match (&pair[0].event, &pair[1].event) {
                (
                    Event::Consumer {
                        event: ClientEvent::HeartbeatSent { .. },
                        ..
                    },
                    Event::RecordAppended { tp, .. },
                ) if pair[0].time == pair[1].time => Some((pair[0].clone(), tp.partition)),
                _ => None,
            })
            .expect("a record is appended in a heartbeat's millisecond");
        let at = |cursor: Option<u64>| {
            run.with_view(beat.time, cursor, |frame| {
                let log = run.moment(frame).partitions[appended as usize].clone();
                (
                    log.end,
                    log.high_watermark,
                    counters(&lesson, frame.sim, frame.projection),
                )
            })
        };
        use Counter::*;
        assert_eq!((beat.time, appended), (6_006, 1));
        assert_eq!(at(Some(beat.seq)), (1, 1, vec![(Processed, 2), (Lag, 0)]));
        assert_eq!(
            at(Some(beat.seq + 1)),
            (2, 2, vec![(Processed, 2), (Lag, 1)])
        );
        assert_eq!(
            at(None),
            at(Some(beat.seq + 1)),
            "the end of the millisecond"
        );
    }

    /// Consumer_05's key moment: C1 has sent LeaveGroup later in the cursor's step and forgot
    /// its member id, while the coordinator still lists the member: it is still named C1.
    #[test]
    fn a_member_that_is_leaving_keeps_its_consumer_label() {
        let lesson = course::lesson("consumer-05-commit-sync-async").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let key = run.key_moment.expect("a key moment");
        let group = run.with_view(key.time, Some(key.seq), |frame| run.moment(frame).group);
        let labels: Vec<String> = group
            .expect("the group exists")
            .members
            .iter()
            .map(|member| member.label.clone())
            .collect();
        assert_eq!(labels, ["C1"]);
    }

    /// A member learns of a rebalance from its Heartbeat's answer: the lane shows the request
    /// and the REBALANCE_IN_PROGRESS answer.
    #[test]
    fn the_lane_shows_a_heartbeat_answered_rebalance_in_progress() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let answered = run.with_sim(run.end, None, |sim| {
            sim.trace()
                .iter()
                .find_map(|entry| match &entry.event {
                    Event::Consumer {
                        consumer,
                        event: ClientEvent::HeartbeatAnswered { error: Some(_) },
                    } => Some((entry.time, entry.seq, *consumer)),
                    _ => None,
                })
                .expect("a heartbeat is answered with an error")
        });
        let (time, seq, consumer) = answered;
        let lane = run.with_view(time, Some(seq), |frame| run.moment(frame).protocol);
        let label = format!("C{}", consumer + 1);
        let last = lane.last().expect("the lane has messages");
        assert_eq!(
            (
                last.from.label().unwrap_or_default(),
                last.to.label().unwrap_or_default(),
                last.kind,
                last.detail.clone(),
                last.now
            ),
            (
                "B1".to_string(),
                label.clone(),
                ProtocolKind::Heartbeat,
                Detail::HeartbeatError(kafka_sim::coordinator::ErrorCode::RebalanceInProgress),
                true
            )
        );
        let sent = lane
            .iter()
            .rev()
            .find(|m| m.kind == ProtocolKind::Heartbeat && m.from.label() == Some(label.clone()));
        assert_eq!(
            sent.and_then(|m| m.to.label()),
            Some("B1".into()),
            "{lane:?}"
        );
    }
}
