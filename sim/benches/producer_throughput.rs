//! Prints how fast the model runs natively: produced-and-acknowledged messages per second of
//! wall time, and the cost of simulating the course's Producer_05 (10,000 keyed messages, one
//! every 3 s into ak03.fourpartition, poll(0) after each).

#[path = "support/select.rs"]
mod select;

use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{ProducerSpec, Scenario, Sim};
use kafka_sim::producer::{Call, Part, Payload, ProducerSettings, Program, Stmt};
use std::time::Instant;

const FOUR_PARTITION_TOPIC: &str = "ak03.fourpartition";

fn scenario(program: Program, brokers: i32, replication: i32) -> Scenario {
    Scenario {
        cluster: ClusterSpec {
            brokers,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(FOUR_PARTITION_TOPIC, 4, replication)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::default(),
            program,
            start_at: Some(0),
        }],
        ..Scenario::default()
    }
}

/// `count` keyed messages `msg_<i>`, each followed by `poll(0)` and a sleep of `pause_ms`,
/// then `flush()`.
fn send_loop(count: u64, pause_ms: u64) -> Program {
    let mut body = vec![
        Stmt::Call(Call::Produce {
            line: 2,
            topic: FOUR_PARTITION_TOPIC.into(),
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
    if pause_ms > 0 {
        body.push(Stmt::Call(Call::Sleep {
            line: 4,
            ms: pause_ms,
        }));
    }
    Program {
        body: vec![
            Stmt::For {
                line: 1,
                count,
                body,
            },
            Stmt::Call(Call::Flush {
                line: 5,
                timeout_ms: 60_000,
            }),
        ],
        callbacks: Vec::new(),
        error_cb: None,
    }
}

fn measure(name: &str, scenario: Scenario, deadline: u64) {
    if !select::selected(name) {
        return;
    }
    let started = Instant::now();
    let mut sim = Sim::new(scenario).expect("valid scenario");
    assert!(sim.run_until_done(deadline), "{name} did not finish");
    let wall = started.elapsed().as_secs_f64();
    let tally = sim.tally();
    println!(
        "{name}: {} acknowledged of {} in {:.3} s wall ({:.0} msg/s), virtual {:.1} s, {} trace events",
        tally.acknowledged,
        tally.queued,
        wall,
        tally.acknowledged as f64 / wall,
        sim.now() as f64 / 1000.0,
        sim.trace().len()
    );
}

fn main() {
    measure(
        "burst 50000, acks=all, 3 brokers, RF 3",
        scenario(send_loop(50_000, 0), 3, 3),
        600_000,
    );
    measure(
        "burst 50000, acks=all, 1 broker",
        scenario(send_loop(50_000, 0), 1, 1),
        600_000,
    );
    measure(
        "Producer_05 (10000 messages, 3 s apart), 1 broker",
        scenario(send_loop(10_000, 3_000), 1, 1),
        40_000_000,
    );
    measure(
        "Producer_05 (10000 messages, 3 s apart), 3 brokers, RF 3",
        scenario(send_loop(10_000, 3_000), 3, 3),
        40_000_000,
    );
}
