//! One message with acks=all reaches every in-sync replica and its delivery report runs only
//! inside poll(): produce → batch after linger.ms → leader append → followers fetch → high
//! watermark → response → report queued → served by poll.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Event, NetworkSpec, ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{
    Call, Callback, CallbackPrints, Part, Payload, ProducerSettings, Program, Stmt,
};

fn lit(s: &str) -> Part {
    Part::Lit(s.into())
}

fn scenario(poll_timeout_ms: u64) -> Scenario {
    let callback = Callback {
        prints: CallbackPrints::Templates {
            stream: Stream::Stderr,
            delivered: vec![
                lit("Message delivered to topic:["),
                Part::Topic,
                lit("]-partition:["),
                Part::Partition,
                lit("] @ offset["),
                Part::Offset,
                lit("]"),
            ],
            failed: vec![lit("Message failed delivery: "), Part::Error],
        },
        only_every: Some(10_000),
    };
    let program = Program {
        body: vec![
            Stmt::Call(Call::Produce {
                line: 1,
                topic: "t".into(),
                partition: None,
                key: Some(vec![lit("0")]),
                value: Payload::Text(vec![lit("msg_0")]),
                callback: Some(0),
            }),
            Stmt::Call(Call::Poll {
                line: 2,
                timeout_ms: 0,
            }),
            Stmt::Call(Call::Sleep { line: 3, ms: 1_000 }),
            Stmt::Call(Call::Poll {
                line: 4,
                timeout_ms: poll_timeout_ms,
            }),
        ],
        callbacks: vec![callback],
        error_cb: None,
    };
    Scenario {
        seed: 1,
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec {
            min_insync_replicas: 2,
            ..TopicSpec::new("t", 1, 3)
        }],
        network: NetworkSpec {
            latency_ms: 2,
            ..NetworkSpec::default()
        },
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

#[test]
fn the_report_waits_for_poll_and_carries_the_offset() {
    let mut sim = Sim::new(scenario(0)).unwrap();
    sim.run_until(500);
    let producer = sim.producer(0).unwrap();
    // Delivered long ago, but nobody has polled since: the report is still queued.
    assert!(producer.console().is_empty());
    assert_eq!(producer.client.len(), 2, "the message and its report event");
    sim.run_until(1_000);
    let producer = sim.producer(0).unwrap();
    assert_eq!(
        producer.console(),
        &[(
            Stream::Stderr,
            "Message delivered to topic:[t]-partition:[0] @ offset[0]".to_string()
        )]
    );
    assert_eq!(producer.client.len(), 0);
    let served_at: Vec<u64> = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::DeliveryReportServed { .. }))
        .map(|e| e.time)
        .collect();
    assert_eq!(served_at, vec![1_000]);
}

#[test]
fn acks_all_answers_after_the_followers_have_fetched() {
    let mut sim = Sim::new(scenario(0)).unwrap();
    sim.run_until(1_000);
    let time_of = |f: fn(&Event) -> bool| sim.trace().iter().find(|e| f(&e.event)).map(|e| e.time);
    // Linger 5 ms, 2 ms to the leader, followers' parked fetches answered (2 ms), their next
    // fetch tells the leader (2 ms): high watermark at 11, response back at 13.
    assert_eq!(time_of(|e| matches!(e, Event::BatchSent { .. })), Some(5));
    assert_eq!(
        time_of(|e| matches!(e, Event::RecordAppended { .. })),
        Some(7)
    );
    assert_eq!(
        time_of(|e| matches!(e, Event::HighWatermarkAdvanced { .. })),
        Some(11)
    );
    assert_eq!(
        time_of(|e| matches!(e, Event::BatchAcknowledged { .. })),
        Some(13)
    );
    let p = sim
        .cluster()
        .partition(&kafka_sim::TopicPartition::new("t", 0))
        .unwrap();
    assert!(p.logs.values().all(|log| log.end_offset() == 1));
}

#[test]
fn a_blocking_poll_returns_as_soon_as_the_report_arrives() {
    let mut scenario = scenario(0);
    let program = &mut scenario.producers[0].program;
    program.body.truncate(1);
    program.body.push(Stmt::Call(Call::Poll {
        line: 2,
        timeout_ms: 5_000,
    }));
    program.body.push(Stmt::Call(Call::Print {
        line: 3,
        stream: Stream::Stdout,
        text: vec![lit("after")],
    }));
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(100);
    let printed: Vec<(u64, String)> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::Printed { printed, .. } => Some((e.time, printed.text().into_owned())),
            _ => None,
        })
        .collect();
    // The acknowledgement arrives at 13 ms (see above): poll serves it then, not at 5 s.
    assert_eq!(printed.len(), 2);
    assert_eq!(printed[0].0, 13);
    assert_eq!(printed[1], (13, "after".to_string()));
}
