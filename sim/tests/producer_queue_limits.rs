//! `produce()` raises BufferError ("Local: Queue full") when `queue.buffering.max.messages`
//! would be exceeded; messages count until their delivery report has been served, so a
//! program that never polls fills the queue even though everything was delivered.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{Call, Except, Part, Payload, ProducerSettings, Program, Stmt};

const TOPIC: &str = "ak03.fourpartition";

fn lit(s: &str) -> Part {
    Part::Lit(s.into())
}

fn run(body: Vec<Stmt>, settings: ProducerSettings) -> Sim {
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(TOPIC, 4, 1)],
        producers: vec![ProducerSpec {
            settings,
            program: Program {
                body,
                callbacks: Vec::new(),
                error_cb: None,
            },
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(10_000);
    sim
}

fn produce() -> Stmt {
    Stmt::Call(Call::Produce {
        line: 22,
        topic: TOPIC.into(),
        partition: None,
        key: Some(vec![Part::Index]),
        value: Payload::Text(vec![lit("msg_"), Part::Index]),
        callback: None,
    })
}

#[test]
fn a_program_that_never_polls_hits_buffer_error() {
    let settings = ProducerSettings {
        queue_buffering_max_messages: 3,
        ..ProducerSettings::default()
    };
    let handler = vec![Stmt::Call(Call::Print {
        line: 30,
        stream: Stream::Stderr,
        text: vec![
            lit("% Local producer queue is full ("),
            Part::QueueLen,
            lit(" messages awaiting delivery): try again"),
        ],
    })];
    let body = vec![Stmt::Try {
        line: 18,
        body: vec![Stmt::For {
            line: 21,
            count: 5,
            body: vec![
                produce(),
                Stmt::Call(Call::Sleep {
                    line: 25,
                    ms: 1_000,
                }),
            ],
        }],
        handlers: vec![(Except::BufferError, handler)],
    }];
    let sim = run(body, settings);
    let console = sim.producer(0).unwrap().console();
    // Three messages delivered but never polled: three messages + three report events.
    assert_eq!(
        console,
        &[(
            Stream::Stderr,
            "% Local producer queue is full (6 messages awaiting delivery): try again".to_string()
        )]
    );
    assert_eq!(sim.tally().queued, 3);
}

#[test]
fn an_uncaught_buffer_error_ends_the_program() {
    let settings = ProducerSettings {
        queue_buffering_max_messages: 1,
        ..ProducerSettings::default()
    };
    let sim = run(vec![produce(), produce()], settings);
    let console = sim.producer(0).unwrap().console();
    assert_eq!(
        console,
        &[(Stream::Stderr, "BufferError: Local: Queue full".to_string())]
    );
}

#[test]
fn an_unserializable_value_fails_before_it_is_queued() {
    let body = vec![Stmt::Try {
        line: 1,
        body: vec![Stmt::Call(Call::Produce {
            line: 2,
            topic: TOPIC.into(),
            partition: None,
            key: None,
            value: Payload::NotJsonSerializable {
                type_name: "Employee".into(),
            },
            callback: None,
        })],
        handlers: vec![(
            Except::Any,
            vec![Stmt::Call(Call::Print {
                line: 3,
                stream: Stream::Stdout,
                text: vec![Part::Exception],
            })],
        )],
    }];
    let sim = run(body, ProducerSettings::default());
    assert_eq!(
        sim.producer(0).unwrap().console(),
        &[(
            Stream::Stdout,
            "Object of type Employee is not JSON serializable".to_string()
        )]
    );
    assert_eq!(sim.tally().queued, 0);
}
