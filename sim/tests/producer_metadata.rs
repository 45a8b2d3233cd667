//! The producer learns partition leaders by asking (`producer::metadata`): its first
//! messages wait for the first Metadata answer, a crashed leader's replacement is learned by
//! the 1 s scan's "refresh unavailable topics", and a lost produce answer starts the fast
//! leader query.

mod producer_common;

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{
    Command, Event, KafkaError, MetadataReason, NetworkSpec, Process, ProducerSpec, Scenario, Sim,
};
use kafka_sim::producer::{ProducerSettings, Program, Stmt};
use producer_common::{flush, produce, sleep};

fn producer_scenario(brokers: i32, latency_ms: u64, body: Vec<Stmt>) -> Scenario {
    Scenario {
        seed: 4,
        cluster: ClusterSpec {
            brokers,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("t", 1, brokers)],
        network: NetworkSpec {
            latency_ms,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program: Program {
                body,
                callbacks: Vec::new(),
                error_cb: None,
            },
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

/// When each metadata request of producer 0 went, with its reason.
fn requests(sim: &Sim) -> Vec<(u64, MetadataReason)> {
    sim.trace()
        .iter()
        .filter_map(|e| match e.event {
            Event::MetadataRequested {
                process: Process::Producer(0),
                reason,
                ..
            } => Some((e.time, reason)),
            _ => None,
        })
        .collect()
}

fn first_time(sim: &Sim, wanted: impl Fn(&Event) -> bool) -> u64 {
    sim.trace()
        .iter()
        .find(|e| wanted(&e.event))
        .map(|e| e.time)
        .expect("the event happens")
}

#[test]
fn a_message_produced_at_the_start_waits_for_the_first_metadata_answer() {
    // 20 ms each way: the answer (40 ms) comes after linger.ms (5 ms).
    let mut sim = Sim::new(producer_scenario(1, 20, vec![produce(), flush()])).unwrap();
    assert!(sim.run_until_done(10_000));
    assert_eq!(requests(&sim), [(0, MetadataReason::Connected)]);
    let queued = first_time(&sim, |e| matches!(e, Event::MessageQueued { .. }));
    let partitioned = first_time(&sim, |e| matches!(e, Event::MessagePartitioned { .. }));
    let sent = first_time(&sim, |e| matches!(e, Event::BatchSent { .. }));
    assert_eq!(
        (queued, partitioned, sent),
        (0, 40, 40),
        "queued unassigned, partitioned and sent on the answer"
    );
}

#[test]
fn linger_still_counts_from_produce_when_the_answer_comes_first() {
    let body = vec![produce(), sleep(100), flush()];
    let mut sim = Sim::new(producer_scenario(1, 1, body)).unwrap();
    assert!(sim.run_until_done(10_000));
    let sent = first_time(&sim, |e| matches!(e, Event::BatchSent { .. }));
    assert_eq!(
        sent, 5,
        "linger.ms from the produce() at 0, not from the answer at 2"
    );
}

#[test]
fn the_replacement_of_a_crashed_leader_is_learned_by_the_one_second_scan() {
    let mut body = Vec::new();
    for _ in 0..30 {
        body.push(produce());
        body.push(sleep(1_000));
    }
    body.push(flush());
    let scenario = producer_scenario(3, 1, body);
    let leader = Sim::new(scenario.clone())
        .unwrap()
        .cluster()
        .leader(&TopicPartition::new("t", 0))
        .unwrap();
    let mut scenario = scenario;
    scenario.faults = vec![(5_500, Command::CrashBroker { broker: leader })];
    let mut sim = Sim::new(scenario).unwrap();
    assert!(sim.run_until_done(120_000));

    let reasons = requests(&sim);
    assert!(
        reasons.contains(&(5_500, MetadataReason::BrokerDown)),
        "{reasons:?}"
    );
    let elected = first_time(&sim, |e| matches!(e, Event::LeaderElected { .. }));
    let scans: Vec<u64> = reasons
        .iter()
        .filter(|(_, r)| *r == MetadataReason::Unavailable)
        .map(|&(t, _)| t)
        .collect();
    assert!(
        scans.iter().all(|t| t % 1_000 == 0) && scans.len() >= 9,
        "every tick while the leader is down: {scans:?}"
    );
    let resent = sim
        .trace()
        .iter()
        .find(|e| e.time > elected && matches!(e.event, Event::BatchSent { .. }))
        .map(|e| e.time)
        .expect("sent again");
    assert!(
        resent <= elected + 1_000 + 10,
        "the new leader learned at the tick after the election ({elected}): {resent}"
    );
    let tally = sim.tally();
    assert_eq!((tally.acknowledged, tally.lost), (30, 0), "{tally:?}");
}

#[test]
fn a_lost_produce_answer_starts_a_leader_query() {
    let body = vec![produce(), sleep(50), produce(), flush()];
    let mut sim = Sim::new(producer_scenario(1, 1, body)).unwrap();
    sim.run_until(20);
    sim.apply(Command::DropNextResponse { broker: 1 });
    assert!(sim.run_until_done(10_000));
    let reasons: Vec<MetadataReason> = requests(&sim).into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        reasons,
        [MetadataReason::Connected, MetadataReason::LeaderQuery]
    );
}

#[test]
fn a_missing_partition_produced_before_the_metadata_fails_in_its_report() {
    let body = vec![
        Stmt::Call(kafka_sim::producer::Call::Produce {
            line: 1,
            topic: "t".into(),
            partition: Some(4),
            key: None,
            value: kafka_sim::producer::Payload::Text(vec![]),
            callback: None,
        }),
        flush(),
    ];
    let mut sim = Sim::new(producer_scenario(1, 1, body)).unwrap();
    assert!(sim.run_until_done(10_000));
    let raised = sim
        .trace()
        .iter()
        .any(|e| matches!(e.event, Event::ProduceRaised { .. }));
    assert!(
        !raised,
        "produce() did not raise: the topic's metadata was unknown"
    );
    let report = sim.trace().iter().find_map(|e| match e.event {
        Event::DeliveryReportServed { error, .. } => Some((e.time, error)),
        _ => None,
    });
    assert_eq!(report, Some((2, Some(KafkaError::UnknownPartition))));
}

#[test]
fn a_producer_whose_bootstrap_broker_is_down_reports_it_and_starts_once_it_is_back() {
    let mut scenario = producer_scenario(1, 1, vec![produce(), flush()]);
    scenario.producers[0].start_at = Some(1_000);
    scenario.faults = vec![
        (0, Command::CrashBroker { broker: 1 }),
        (4_000, Command::RestartBroker { broker: 1 }),
    ];
    let mut sim = Sim::new(scenario).unwrap();
    let done = sim.run_until_done(60_000);
    let tail: Vec<String> = sim
        .trace()
        .iter()
        .rev()
        .take(30)
        .map(|e| format!("{} {:?}", e.time, e.event))
        .collect();
    assert!(done, "{tail:#?}");
    let errors: Vec<KafkaError> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.event {
            Event::ClientError { error, .. } => Some(error),
            _ => None,
        })
        .collect();
    assert_eq!(errors[0], KafkaError::AllBrokersDown, "{errors:?}");
    assert!(errors.contains(&KafkaError::Transport), "refused connects");
    let sent = first_time(&sim, |e| matches!(e, Event::BatchSent { .. }));
    assert!((4_000..5_500).contains(&sent), "{sent}");
    assert_eq!(sim.tally().acknowledged, 1);
}
