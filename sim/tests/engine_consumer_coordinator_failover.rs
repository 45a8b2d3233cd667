//! The broker coordinating group `tdea` crashes. The coordinator does not move at once: the
//! group's `__consumer_offsets` partition keeps its dead leader until the controller fences it
//! (`broker.session.timeout.ms`, 9 s here), and only then does the next broker lead it, load
//! the group and take its requests. What the members do meanwhile depends on their
//! `session.timeout.ms`:
//! * Consumer_01's 6 s is shorter than the outage: each member's own session check
//!   (librdkafka `rd_kafka_cgrp_session_timeout_check`) logs "Consumer group session timed
//!   out", revokes its partitions as lost and rejoins as a new member once the new coordinator
//!   is there; the new coordinator drops the old member ids when their sessions (restarted at
//!   the load) end, and the group rebalances.
//! * librdkafka's default 45 s outlasts it: no rebalance, and the commits made during the
//!   outage wait and land on the new coordinator.
//!
//! Both programs register `error_cb`, which prints the refused reconnects (`_TRANSPORT`).

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::collect::VecMap;
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::console::LogFacility;
use kafka_sim::consumer::{ClientEvent, Printed};
use kafka_sim::coordinator;
use kafka_sim::engine::{Command, ConsumerSpec, Event, KafkaError, Millis, Sim};

/// The line of `print('Error: %s' % err)` in Consumer_01's `error_cb`.
const ERROR_CB_LINE: u32 = 12;

fn consumer_with(session_timeout_ms: i64) -> ConsumerSpec {
    let text = |s: &str| ConfigValue::Str(s.to_string());
    let pairs = [
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text(GROUP)),
        ("auto.offset.reset", text("earliest")),
        ("session.timeout.ms", ConfigValue::Int(session_timeout_ms)),
    ];
    let mut program = consumer_01();
    program.callbacks.error_cb = Some(ERROR_CB_LINE);
    ConsumerSpec {
        config: ConsumerConfig::from_pairs(Profile::Librdkafka, &pairs).unwrap(),
        program,
        start_at: Some(0),
    }
}

/// Two members, 40 records over 10 s from 8 s on, the coordinator's broker (2) crashing at
/// 10 s; run to 60 s.
fn run(session_timeout_ms: i64) -> Sim {
    let mut scenario = scenario(9, 3, 3);
    scenario.consumers = vec![consumer_with(session_timeout_ms); 2];
    scenario.producers = vec![producer(40, 250, 8_000)];
    scenario.faults = vec![(10_000, Command::CrashBroker { broker: 2 })];
    let mut sim = Sim::new(scenario).unwrap();
    // "tdea" is in __consumer_offsets partition 34; 34 % 3 = 1: the second broker, id 2.
    assert_eq!(sim.coordinator_of(GROUP), Some(2));
    sim.run_until(9_999);
    assert_eq!(assignment_shape(&sim), [[0, 1], [2, 3]]);
    assert_eq!(sim.group(GROUP).unwrap().generation(), 1);
    sim.run_until(18_999);
    assert_eq!(
        sim.coordinator_of(GROUP),
        None,
        "no coordinator before the fencing"
    );
    sim.run_until(19_000);
    assert_eq!(
        sim.coordinator_of(GROUP),
        Some(3),
        "broker 3 leads the partition"
    );
    sim.run_until(60_000);
    sim
}

fn times(sim: &Sim, matches: impl Fn(&Event) -> bool) -> Vec<Millis> {
    sim.trace()
        .iter()
        .filter(|e| matches(&e.event))
        .map(|e| e.time)
        .collect()
}

/// Everything produced is committed and nothing is left to read.
fn assert_caught_up(sim: &Sim) {
    let ends: VecMap<_, _> = (0..4)
        .map(|p| {
            (
                tp(p),
                sim.cluster().partition(&tp(p)).unwrap().high_watermark(),
            )
        })
        .collect();
    assert_eq!(ends.values().sum::<i64>(), 40);
    assert_eq!(sim.committed(GROUP), ends);
    assert_eq!(
        sim.lag(GROUP, TOPIC),
        (0..4).map(|p| (tp(p), 0)).collect::<VecMap<_, _>>()
    );
}

/// Each consumer's `error_cb` printed the refused reconnects at the crash: its GroupCoordinator
/// handle's, then its connection to broker 2's (the order librdkafka printed them in on the
/// mock cluster, conformance/tests/brokers_down.rs); and nothing more from the
/// GroupCoordinator handle once the coordinator has moved.
fn assert_error_cb_printed(sim: &Sim) {
    let refused = "Connect to ipv4#127.0.0.1:9093 failed: Connection refused \
                   (after 0ms in state CONNECT)";
    for consumer in 0..2 {
        let errors: Vec<(Millis, String)> = sim
            .consumer_console(consumer)
            .filter_map(|(time, line, printed)| match printed {
                Printed::Error(e) if line == ERROR_CB_LINE => Some((time, e.to_string())),
                _ => None,
            })
            .collect();
        let first: Vec<&str> = errors.iter().take(2).map(|(_, e)| e.as_str()).collect();
        assert_eq!(
            first,
            [
                format!(
                    "KafkaError{{code=_TRANSPORT,val=-195,str=\"GroupCoordinator: localhost:9093: {refused}\"}}"
                ),
                format!(
                    "KafkaError{{code=_TRANSPORT,val=-195,str=\"localhost:9093/2: {refused}\"}}"
                ),
            ],
            "consumer {consumer}: {errors:?}"
        );
        assert!(
            errors
                .iter()
                .all(|(time, e)| *time < 19_000 || !e.contains("GroupCoordinator")),
            "consumer {consumer}: {errors:?}"
        );
    }
}

#[test]
fn a_six_second_session_times_out_while_the_partition_has_no_leader() {
    let sim = run(6_000);
    assert_error_cb_printed(&sim);
    let failed = times(&sim, |e| {
        matches!(
            e,
            Event::ConsumerRequestFailed {
                broker: 2,
                error: KafkaError::Transport,
                ..
            }
        )
    });
    assert_eq!(failed.first(), Some(&10_000));
    // Each member's session check fires 6 s after its last answered heartbeat, before the
    // coordinator has moved.
    let timed_out = times(&sim, |e| {
        matches!(e, Event::Consumer { event: ClientEvent::Logged { facility: LogFacility::SessionTimeout, text }, .. }
            if text.starts_with("Consumer group session timed out (in join-state steady) after 6000 ms")
                && text.contains("(broker 2,"))
    });
    assert_eq!(timed_out.len(), 2, "{timed_out:?}");
    assert!(timed_out.iter().all(|&t| (15_000..19_000).contains(&t)));
    // The new members join broker 3 after the fencing; the old ids go when the sessions the
    // load restarted end (19 s + 6 s), and the group is back at generation 2.
    let removed = times(&sim, |e| {
        matches!(
            e.coordinator(),
            Some(coordinator::Event::MemberRemoved {
                reason: coordinator::RemovalReason::SessionTimeout,
                ..
            })
        )
    });
    assert_eq!(removed.len(), 2);
    assert!(removed.iter().all(|&t| (25_000..25_100).contains(&t)));
    let group = sim.group(GROUP).unwrap();
    assert_eq!(group.generation(), 2);
    assert_eq!(group.members().count(), 2);
    assert_eq!(assignment_shape(&sim), [[0, 1], [2, 3]]);
    assert_caught_up(&sim);
}

#[test]
fn a_default_session_outlasts_the_outage_and_the_commits_wait() {
    let sim = run(45_000);
    assert_error_cb_printed(&sim);
    let group = sim.group(GROUP).unwrap();
    assert_eq!(group.generation(), 1, "no rebalance");
    assert_eq!(group.members().count(), 2);
    let commits = times(&sim, |e| {
        matches!(
            e.coordinator(),
            Some(coordinator::Event::OffsetsCommitted { .. })
        )
    });
    assert!(
        !commits.iter().any(|&t| (10_000..19_000).contains(&t)),
        "no coordinator takes commits during the outage: {commits:?}"
    );
    assert!(commits.iter().any(|&t| (19_000..20_100).contains(&t)));
    assert_caught_up(&sim);
    assert!(sim.consumer_accounting().duplicates().is_empty());
}
