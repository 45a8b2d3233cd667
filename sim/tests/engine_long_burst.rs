//! A program that runs many statements in one input pauses so that the engine records its
//! events as it runs (`ProducerProcess::paused`), and goes on at once: the trace is the one of
//! a run in one go. What the input sent (the first Metadata request) and the timers it set
//! are taken when the program stops, so the answer points back at the input's last event.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};
use kafka_sim::trace::{Cause, Event};

const TOPIC: &str = "ak03.fourpartition";

/// `count` keyed `produce()` calls, each followed by `poll(0)`, then `flush()`.
fn burst(count: u64) -> Scenario {
    let body = vec![
        Stmt::Call(Call::Produce {
            line: 2,
            topic: TOPIC.into(),
            partition: None,
            key: Some(vec![Part::Index]),
            value: Payload::Text(vec![Part::Lit("msg_".into()), Part::Index]),
            callback: None,
        }),
        Stmt::Call(Call::Poll {
            line: 3,
            timeout_ms: 0,
        }),
    ];
    let program = Program {
        body: vec![
            Stmt::For {
                line: 1,
                count,
                body,
            },
            Stmt::Call(Call::Flush {
                line: 4,
                timeout_ms: 60_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    };
    Scenario {
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(TOPIC, 4, 3)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

#[test]
fn a_long_burst_traces_as_one_input() {
    let count = 3_000;
    let mut sim = Sim::new(burst(count)).expect("valid scenario");
    assert!(sim.run_until_done(60_000));
    let trace = sim.trace();
    let answered = trace
        .iter()
        .find(|e| matches!(e.event, Event::MetadataAnswered { .. }))
        .expect("the metadata was answered");
    // The start input recorded every produce (three lines and one queued message each)
    // before the answer, which the request sent at its start caused: it points at the
    // input's last event, not at one recorded before a pause.
    assert!(answered.seq > 4 * count, "{}", answered.seq);
    assert_eq!(answered.cause, Cause::After(answered.seq - 1));
    assert_eq!(sim.tally().acknowledged, count as usize);
}
