//! The agenda does not grow with the number of messages: a fetch parked at the leader and
//! answered early by new data leaves no timer behind that would cut the next one short.

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};

/// Producer_05's send loop: a keyed message, `poll(0)`, `sleep(3)`, 200 times.
fn one_message_every_3_s() -> Program {
    let call = |call| Stmt::Call(call);
    Program {
        body: vec![Stmt::For {
            line: 1,
            count: 200,
            body: vec![
                call(Call::Produce {
                    line: 2,
                    topic: "ak03.fourpartition".into(),
                    partition: None,
                    key: Some(vec![Part::Index]),
                    value: Payload::Text(vec![Part::Lit("msg_".into()), Part::Index]),
                    callback: None,
                }),
                call(Call::Poll {
                    line: 3,
                    timeout_ms: 0,
                }),
                call(Call::Sleep { line: 4, ms: 3_000 }),
            ],
        }],
        callbacks: Vec::new(),
        error_cb: None,
    }
}

#[test]
fn a_long_producer_run_keeps_a_small_agenda() {
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 3,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new("ak03.fourpartition", 4, 3)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program: one_message_every_3_s(),
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).unwrap();
    let mut largest = 0;
    while sim.now() < 700_000 && sim.step() {
        largest = largest.max(sim.scheduled());
    }
    // 8 follower fetches or parked-fetch timers, about 10 acks=all expiry timers (30 s, one
    // message every 3 s), about 20 client request timeouts (60 s), the program's and the ISR
    // check's timers, the periodic metadata refresh and its request's timeout. It grew with
    // every message before parked fetches had their own ids.
    assert!(largest <= 47, "agenda grew to {largest}");
    assert_eq!(sim.tally().acknowledged, 200);
}
