//! `DropNextResponse` eats a broker's next answer of any kind, and a crash loses what is on
//! the wire to the broker, for every client alike (engine/sim/faults.rs). What a client then
//! sees is a broken connection: the requests in flight on it fail with `_TRANSPORT` and are
//! retried, as librdkafka's `rd_kafka_broker_fail` makes them.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::{
    Api, Command, DroppedResponse, Event, KafkaError, Process, Scenario, Sim, TraceEntry,
};

/// Steps until an event `wanted` picks is recorded; returns its sequence number.
fn step_until(sim: &mut Sim, wanted: impl Fn(&Event) -> bool) -> u64 {
    let from = sim.trace().len();
    loop {
        assert!(sim.step(), "nothing more happens");
        if let Some(entry) = sim.trace()[from..].iter().find(|e| wanted(&e.event)) {
            return entry.seq;
        }
    }
}

/// The responses dropped, as (broker, what).
fn dropped(sim: &Sim) -> Vec<(i32, DroppedResponse)> {
    sim.trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ResponseDropped { broker, response } => Some((*broker, response.clone())),
            _ => None,
        })
        .collect()
}

fn after(sim: &Sim, seq: u64) -> impl Iterator<Item = &TraceEntry> {
    sim.trace().iter().skip(seq as usize)
}

fn consumer_0_failed(sim: &Sim, seq: u64, broker: i32) -> bool {
    after(sim, seq).any(|e| {
        e.event
            == Event::ConsumerRequestFailed {
                consumer: 0,
                broker,
                error: KafkaError::Transport,
            }
    })
}

fn lost(api: Api) -> DroppedResponse {
    DroppedResponse::Request {
        process: Process::Consumer(0),
        api,
    }
}

/// One consumer of the four-partition topic on 3 brokers, with the given extra settings.
fn consumer_scenario(seed: u64, producing: bool, auto_commit: bool) -> Scenario {
    let mut scenario = scenario(seed, 3, 3);
    let mut spec = consumer(Some(0));
    spec.config.enable_auto_commit = auto_commit;
    scenario.consumers = vec![spec];
    if producing {
        scenario.producers = vec![producer(200, 100, 8_000)];
    }
    scenario
}

#[test]
fn a_lost_heartbeat_answer_breaks_the_connection_and_the_member_stays() {
    let mut sim = Sim::new(consumer_scenario(3, false, false)).unwrap();
    sim.run_until(12_000);
    let coordinator = sim.coordinator_of(GROUP).unwrap();
    let generation = sim.group(GROUP).unwrap().generation();
    let assigned = sim.running_assignments();
    let sent = step_until(&mut sim, |e| {
        matches!(
            e,
            Event::Consumer {
                event: ClientEvent::HeartbeatSent { .. },
                ..
            }
        )
    });
    sim.apply(Command::DropNextResponse {
        broker: coordinator,
    });
    sim.run_until(40_000);

    assert_eq!(dropped(&sim), [(coordinator, lost(Api::Heartbeat))]);
    assert!(consumer_0_failed(&sim, sent, coordinator));
    let answered = after(&sim, sent)
        .filter(|e| {
            matches!(
                e.event,
                Event::Consumer {
                    event: ClientEvent::HeartbeatAnswered { error: None },
                    ..
                }
            )
        })
        .count();
    assert!(answered >= 5, "the heartbeats go on: {answered}");
    assert_eq!(sim.group(GROUP).unwrap().generation(), generation);
    assert_eq!(sim.running_assignments(), assigned, "no rebalance");
}

#[test]
fn a_lost_commit_answer_is_retried_and_the_offsets_stay_committed() {
    let mut sim = Sim::new(consumer_scenario(3, true, true)).unwrap();
    sim.run_until(12_000);
    let coordinator = sim.coordinator_of(GROUP).unwrap();
    let sent = step_until(&mut sim, |e| {
        matches!(
            e,
            Event::Consumer {
                event: ClientEvent::CommitSent { .. },
                ..
            }
        )
    });
    sim.apply(Command::DropNextResponse {
        broker: coordinator,
    });
    sim.run_until(60_000);

    assert_eq!(dropped(&sim), [(coordinator, lost(Api::OffsetCommit))]);
    assert!(consumer_0_failed(&sim, sent, coordinator));
    let failed_commits = after(&sim, sent)
        .filter(|e| {
            matches!(
                &e.event,
                Event::Consumer {
                    event: ClientEvent::CommitFinished(result),
                    ..
                } if result.error.is_some()
            )
        })
        .count();
    assert_eq!(failed_commits, 0, "the retried commit succeeds");
    let committed: i64 = sim.committed(GROUP).values().sum();
    let produced: i64 = (0..4)
        .map(|p| sim.cluster().partition(&tp(p)).unwrap().high_watermark())
        .sum();
    assert_eq!(committed, produced, "everything read is committed");
    assert!(sim.consumer_accounting().duplicates().is_empty());
}

#[test]
fn a_lost_fetch_answer_is_fetched_again_without_loss_or_duplicates() {
    let mut sim = Sim::new(consumer_scenario(3, true, true)).unwrap();
    let coordinator = sim.coordinator_of(GROUP).unwrap();
    // A leader that is neither the coordinator nor broker 1 (which answers Metadata).
    let leader = (0..4)
        .filter_map(|p| sim.cluster().leader(&tp(p)))
        .find(|&b| b != coordinator && b != 1)
        .expect("a leader that only serves fetches");
    // Before the producer starts: the leader answers only the consumer's long polls.
    sim.run_until(6_000);
    let armed = sim.trace().len() as u64;
    sim.apply(Command::DropNextResponse { broker: leader });
    sim.run_until(60_000);

    assert_eq!(dropped(&sim), [(leader, lost(Api::Fetch))]);
    assert!(consumer_0_failed(&sim, armed, leader));
    let mut total = 0;
    for p in 0..4 {
        let hw = sim.cluster().partition(&tp(p)).unwrap().high_watermark();
        let read: Vec<_> = processed(&sim, 0)
            .into_iter()
            .filter(|(t, _)| t.partition == p)
            .collect();
        let all: Vec<_> = (0..hw).map(|o| (tp(p), o)).collect();
        assert_eq!(read, all, "partition {p}: every offset once, in order");
        total += hw;
    }
    assert_eq!(total, 200);
}

/// A produce request on the wire when its broker crashes is lost, even if the broker is back
/// before it would have arrived: the restarted broker has new connections.
#[test]
fn a_produce_request_on_the_wire_to_a_crashing_broker_is_lost() {
    let mut scenario = scenario(1, 1, 1);
    scenario.producers = vec![producer(3, 10, 0)];
    let mut sim = Sim::new(scenario).unwrap();
    step_until(&mut sim, |e| matches!(e, Event::BatchSent { .. }));
    sim.apply(Command::CrashBroker { broker: 1 });
    sim.apply(Command::RestartBroker { broker: 1 });
    assert!(sim.run_until_done(120_000));

    let tally = sim.tally();
    assert_eq!((tally.duplicated, tally.lost), (0, 0), "{tally:?}");
    let appended = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::RecordAppended { .. }))
        .count();
    assert_eq!(appended, 3, "the first request never reached the broker");
}
