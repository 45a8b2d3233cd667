//! Each producer exercise, built from its Python source, runs in the simulator to completion
//! and prints what the Python program prints; every statement carries its anchor's line.

use course::console::{self, KafkaError};
use course::programs::{ProducerProgram, producer_program};
use course::{Anchor, Source, exercise};
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::collect::VecSet;
use kafka_sim::config::Acks;
use kafka_sim::engine::{ProducerSpec, Scenario, Sim, Stream};
use kafka_sim::producer::{ProducerSettings, Stmt};

const PRODUCERS: [(&str, &str); 7] = [
    (
        "producer-01-fire-and-forget",
        "Producer_01_FireAndForget.py",
    ),
    ("producer-02-sync", "Producer_02_Sync.py"),
    ("producer-03-async", "Producer_03_Async.py"),
    ("producer-04-json", "Producer_04_Json.py"),
    ("producer-acks", "Producer_acks.py"),
    ("producer-idempotence", "Producer_idempotence.py"),
    ("producer-05-cgroup", "Producer_05_CGroup.py"),
];

fn source(id: &str, file: &str) -> Source {
    *exercise(id)
        .and_then(|e| e.source(file))
        .unwrap_or_else(|| panic!("{id} shows {file}"))
}

/// Runs the program on one broker; the topic has 4 partitions for ak03.fourpartition and
/// one otherwise, so that key 0's report is at partition 0, offset 0.
fn run(p: &ProducerProgram) -> Sim {
    let partitions = if p.topic == "ak03.fourpartition" {
        4
    } else {
        1
    };
    let scenario = Scenario {
        cluster: ClusterSpec {
            brokers: 1,
            ..ClusterSpec::default()
        },
        topics: vec![TopicSpec::new(&p.topic, partitions, 1)],
        producers: vec![ProducerSpec {
            settings: ProducerSettings::from(&p.config),
            program: p.program.clone(),
            start_at: Some(0),
        }],
        ..Scenario::default()
    };
    let mut sim = Sim::new(scenario).expect("valid scenario");
    assert!(sim.run_until_done(40_000_000), "{} finishes", p.topic);
    sim
}

fn console_of(sim: &Sim) -> Vec<(Stream, String)> {
    sim.producer(0).expect("producer 0").console().to_vec()
}

fn out(line: impl Into<String>) -> (Stream, String) {
    (Stream::Stdout, line.into())
}

fn err(line: impl Into<String>) -> (Stream, String) {
    (Stream::Stderr, line.into())
}

/// What the Python program prints for `count` messages when every message is delivered and
/// the report of key 0 (partition 0, offset `offset0`) is served at `report_at`: right after
/// the first message (Producer_02's flush) or in the final flush (after `Send ...`).
fn expected(count: u64, report: Option<(ReportAt, Option<i64>)>) -> Vec<(Stream, String)> {
    let delivered = |offset| err(console::delivered_line("ak03.test", 0, offset));
    let mut lines = vec![out(console::START_SENDING)];
    if let Some((ReportAt::InTheLoop, offset)) = report {
        lines.push(delivered(offset));
    }
    lines.push(out(console::sent_line(count)));
    if let Some((ReportAt::FinalFlush, offset)) = report {
        lines.push(delivered(offset));
    }
    lines.push(out(console::SENDING_COMPLETED));
    lines
}

#[derive(Clone, Copy)]
enum ReportAt {
    InTheLoop,
    FinalFlush,
}

fn run_course_program(
    id: &str,
    file: &str,
    count: u64,
) -> (ProducerProgram, Vec<(Stream, String)>) {
    let p = producer_program(&source(id, file), Some(count)).expect("a producer program");
    let sim = run(&p);
    assert_eq!(sim.tally().queued as u64, count);
    (p, console_of(&sim))
}

#[test]
fn fire_and_forget_prints_start_sent_and_completed() {
    let (_, console) = run_course_program(PRODUCERS[0].0, PRODUCERS[0].1, 3);
    assert_eq!(console, expected(3, None));
}

#[test]
fn sync_send_reports_key_0_inside_its_flush() {
    let (_, console) = run_course_program(PRODUCERS[1].0, PRODUCERS[1].1, 3);
    assert_eq!(console, expected(3, Some((ReportAt::InTheLoop, Some(0)))));
}

#[test]
fn async_and_json_report_key_0_in_the_final_flush() {
    for (id, file) in [PRODUCERS[2], PRODUCERS[3], PRODUCERS[5]] {
        let (_, console) = run_course_program(id, file, 3);
        assert_eq!(
            console,
            expected(3, Some((ReportAt::FinalFlush, Some(0)))),
            "{file}"
        );
    }
}

#[test]
fn acks_0_reports_offset_none() {
    let (p, console) = run_course_program(PRODUCERS[4].0, PRODUCERS[4].1, 3);
    assert_eq!(p.config.acks, Acks::Zero);
    assert_eq!(console, expected(3, Some((ReportAt::FinalFlush, None))));
    assert_eq!(
        console[2].1,
        "% Message delivered to topic:[ak03.test]-partition:[0] @ offset[None]"
    );
}

#[test]
fn the_idempotent_producer_gets_its_implied_settings() {
    let p = producer_program(&source(PRODUCERS[5].0, PRODUCERS[5].1), None).unwrap();
    assert!(p.config.enable_idempotence);
    assert_eq!((p.config.acks, p.config.max_in_flight), (Acks::All, 5));
}

#[test]
fn producer_05_prints_each_key_and_sleeps_3_s() {
    let (id, file) = PRODUCERS[6];
    let p = producer_program(&source(id, file), Some(3)).unwrap();
    let sim = run(&p);
    let mut lines = vec![out(console::START_SENDING)];
    for i in 0..3 {
        lines.push(out(console::produced_line(
            &i.to_string(),
            &format!("msg_{i}"),
        )));
    }
    lines.push(out(console::sent_line(3)));
    lines.push(out(console::SENDING_COMPLETED));
    assert_eq!(console_of(&sim), lines);
    assert_eq!(
        sim.now(),
        9_000,
        "three sleeps of 3 s, then flush returns at once"
    );
}

#[test]
fn the_models_failed_delivery_text_is_the_course_line() {
    let failed = console::delivery_failed_line(&KafkaError {
        name: "_MSG_TIMED_OUT",
        code: -192,
        text: "Local: Message timed out",
        fatal: false,
    });
    assert_eq!(
        failed,
        format!(
            "% Message failed delivery: {}",
            kafka_sim::engine::KafkaError::MsgTimedOut
        )
    );
}

#[test]
fn the_course_counts_run_to_completion() {
    for (id, file) in PRODUCERS {
        let p = producer_program(&source(id, file), None).unwrap();
        let expected_count = if file == "Producer_05_CGroup.py" {
            10_000
        } else {
            100_000
        };
        assert_eq!(p.msg_count, expected_count, "{file}");
        let sim = run(&p);
        let tally = sim.tally();
        assert_eq!(
            (tally.queued as u64, tally.reports_seen as u64),
            (expected_count, expected_count),
            "{file}"
        );
        let console = console_of(&sim);
        assert_eq!(
            console.first(),
            Some(&out(console::START_SENDING)),
            "{file}"
        );
        assert_eq!(
            console.last(),
            Some(&out(console::SENDING_COMPLETED)),
            "{file}"
        );
    }
}

/// Every line of a statement of the program, loops and `try` included.
fn statement_lines(body: &[Stmt], lines: &mut VecSet<u32>) {
    for stmt in body {
        match stmt {
            Stmt::Call(call) => {
                lines.insert(call.line());
            }
            Stmt::For { line, body, .. } => {
                lines.insert(*line);
                statement_lines(body, lines);
            }
            Stmt::Try {
                line,
                body,
                handlers,
            } => {
                lines.insert(*line);
                statement_lines(body, lines);
                for (_, handler) in handlers {
                    statement_lines(handler, lines);
                }
            }
        }
    }
}

#[test]
fn every_statement_sits_on_an_anchor_line() {
    let not_statements = [
        Anchor::ErrorCallback,
        Anchor::DeliveryCallback,
        Anchor::Setting,
        Anchor::Serialize,
    ];
    for (id, file) in PRODUCERS {
        let source = source(id, file);
        let p = producer_program(&source, Some(2)).unwrap();
        let mut lines = VecSet::new();
        statement_lines(&p.program.body, &mut lines);
        let anchors: VecSet<u32> = source
            .anchors
            .iter()
            .filter(|(a, _)| !not_statements.contains(a))
            .map(|&(a, _)| source.line(a).unwrap())
            .collect();
        assert_eq!(lines, anchors, "{file}");
    }
}

#[test]
fn producer_05_lines_are_the_python_lines() {
    let (id, file) = PRODUCERS[6];
    let p = producer_program(&source(id, file), Some(1)).unwrap();
    let Stmt::Try { line, body, .. } = &p.program.body[0] else {
        panic!("try first")
    };
    assert_eq!(*line, 25);
    let Stmt::For { line, body, .. } = &body[1] else {
        panic!("the send loop second")
    };
    assert_eq!(*line, 28);
    let loop_lines: Vec<u32> = body
        .iter()
        .map(|s| match s {
            Stmt::Call(call) => call.line(),
            _ => panic!("only calls in the loop"),
        })
        .collect();
    assert_eq!(loop_lines, vec![29, 30, 31, 32]);
    let Stmt::Call(flush) = &p.program.body[1] else {
        panic!("flush second")
    };
    assert_eq!(flush.line(), 41);
}
