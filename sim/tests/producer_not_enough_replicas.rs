//! acks=all with fewer in-sync replicas than `min.insync.replicas`: the leader refuses with
//! NOT_ENOUGH_REPLICAS, librdkafka retries with backoff, and the message fails with
//! `Local: Message timed out` once `message.timeout.ms` has passed; the callback shows it.

use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Command, Event, KafkaError, ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{
    Call, Callback, CallbackPrints, Part, Payload, ProducerSettings, Program, Stmt,
};

#[test]
fn the_leader_refuses_and_the_message_times_out() {
    let callback = Callback {
        prints: CallbackPrints::Templates {
            stream: Stream::Stderr,
            delivered: vec![Part::Lit("delivered".into())],
            failed: vec![Part::Lit("Message failed delivery: ".into()), Part::Error],
        },
        only_every: None,
    };
    let program = Program {
        body: vec![
            Stmt::Call(Call::Produce {
                line: 1,
                topic: "t".into(),
                partition: None,
                key: None,
                value: Payload::Text(vec![Part::Lit("v".into())]),
                callback: Some(0),
            }),
            Stmt::Call(Call::Flush {
                line: 2,
                timeout_ms: 30_000,
            }),
        ],
        callbacks: vec![callback],
        error_cb: None,
    };
    let settings = ProducerSettings {
        message_timeout_ms: 5_000,
        ..ProducerSettings::default()
    };
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec {
            min_insync_replicas: 3,
            ..TopicSpec::new("t", 1, 3)
        }],
        producers: vec![ProducerSpec {
            settings,
            program,
            start_at: Some(10_000),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    let p = sim
        .cluster()
        .partition(&TopicPartition::new("t", 0))
        .unwrap();
    // Not broker 1, the producer's bootstrap broker: it could not start without it.
    let follower = p
        .replicas
        .iter()
        .copied()
        .find(|&b| Some(b) != p.leader && b != 1)
        .unwrap();
    sim.apply(Command::CrashBroker { broker: follower });
    assert!(sim.run_until_done(60_000));
    let refusals = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::BatchFailed {
                    error: KafkaError::NotEnoughReplicas,
                    ..
                }
            )
        })
        .count();
    assert!(refusals > 3, "retried with backoff: {refusals} refusals");
    assert_eq!(
        sim.producer(0).unwrap().console(),
        &[(
            Stream::Stderr,
            "Message failed delivery: KafkaError{code=_MSG_TIMED_OUT,val=-192,str=\"Local: Message timed out\"}"
                .to_string()
        )]
    );
    let fate = &sim.accounting()[0];
    assert_eq!(fate.report_seen, Some(Err(KafkaError::MsgTimedOut)));
    assert_eq!((fate.copies_in_log, fate.acknowledged), (0, false));
}
