//! The kafka-python lessons (seed 004): the programs build from their Python source with
//! kafka-python 3.0.12's defaults, and each run shows what its beats and predictions say.

mod lesson_common;

use course::lesson::{Changes, Counter};
use course::programs::consumer_program;
use course::{Anchor, Source, exercise};
use kafka_sim::config::{OffsetReset, Profile};
use kafka_sim::consumer::{ClientEvent, Stmt};
use kafka_sim::engine::{Event, Process, Scenario, Sim};
use kafka_sim::projection::Projection;

fn source(id: &str) -> &'static Source {
    &exercise(id).expect("the exercise").sources[0]
}

fn line_of(source: &Source, n: u32) -> &'static str {
    source.text.lines().nth(n as usize - 1).unwrap()
}

/// Each run of lesson `id`, played to its end.
fn runs(id: &str) -> Vec<Sim> {
    let lesson = course::lesson(id).expect("the lesson");
    lesson_common::runs(&lesson, &Changes::none())
}

fn duplicates(sim: &Sim) -> u64 {
    Counter::Duplicates.value(sim, &Projection::of(sim.trace()))
}

fn printed(sim: &Sim, process: Process) -> Vec<String> {
    sim.trace()
        .iter()
        .filter_map(|entry| entry.console(Scenario::default().epoch_ms))
        .filter(|(p, _)| *p == process)
        .flat_map(|(_, lines)| lines.into_iter().map(|line| line.text))
        .collect()
}

#[test]
fn the_demo_is_a_kafka_python_consumer_with_its_defaults() {
    let demo = source("kafka-python-consumer");
    let built = consumer_program(demo).expect("it builds");
    assert_eq!(built.profile, Profile::KafkaPython);
    assert_eq!(built.topics, ["kafka_demo"]);
    assert_eq!(built.config.group_id.as_deref(), Some("test"));
    assert_eq!(built.config.auto_offset_reset, OffsetReset::Latest);
    assert!(built.config.enable_auto_commit);
    assert_eq!(built.config.auto_commit_interval_ms, 5000);
    assert_eq!(built.config.session_timeout_ms, 45_000);
    let [
        Stmt::Subscribe { line, .. },
        Stmt::ForMessage {
            line: for_line,
            body,
        },
    ] = built.program.body.as_slice()
    else {
        panic!("{:?}", built.program.body)
    };
    assert_eq!(Some(*line), demo.line(Anchor::Subscribe));
    assert!(line_of(demo, *for_line).contains("for message in consumer:"));
    assert!(matches!(
        body.as_slice(),
        [Stmt::PrintReceive { .. }, Stmt::Work { ms: 2000, .. }]
    ));
    let commit = consumer_program(source("kafka-python-manual-commit")).unwrap();
    assert!(!commit.config.enable_auto_commit);
}

#[test]
fn the_lag_script_reads_its_kwargs_and_points_at_its_lines() {
    let lag = source("kafka-python-lag");
    let built = consumer_program(lag).expect("it builds");
    assert_eq!(built.topics, ["kafka_demo"]);
    assert_eq!(built.config.group_id.as_deref(), Some("test"));
    let needles = [
        "KafkaConsumer(topic, **kwargs)",
        "partitions_for_topic(topic)",
        "print(\"start to cal offset:\")",
        "consumer.end_offsets(partitions)",
        "print(\"total offset",
        "consumer.committed(x)",
        "print(\"current offset",
        "print(\"kafka left",
    ];
    assert_eq!(built.program.body.len(), needles.len());
    for (stmt, needle) in built.program.body.iter().zip(needles) {
        assert!(line_of(lag, stmt.line()).contains(needle), "{stmt:?}");
    }
    assert!(
        matches!(&built.program.body[2], Stmt::Print { text, .. } if text == "start to cal offset:")
    );
}

#[test]
fn kafka_python_auto_commits_only_when_the_iterator_polls_again() {
    let runs = runs("kafka-python-consumer");
    let auto_commits: Vec<u64> = runs[0]
        .trace()
        .iter()
        .filter(|entry| {
            matches!(
                &entry.event,
                Event::Consumer {
                    consumer: 0,
                    event: ClientEvent::CommitSent { .. }
                }
            )
        })
        .map(|entry| entry.time)
        .collect();
    // The deadline (assignment at 3 s + 5 s) passes while the first batch is processed,
    // 2 s a record from 8 s: the commit goes with the poll after it; none before the crash.
    assert_eq!(auto_commits, [14_004]);
    assert_eq!(duplicates(&runs[0]), 3, "the second batch again");
    assert_eq!(
        duplicates(&runs[1]),
        5,
        "Consumer_02's records before the crash"
    );
    assert!(
        printed(&runs[0], Process::Consumer(1))
            .iter()
            .all(|line| line.starts_with("receive, key: count_num, value: ")),
    );
}

#[test]
fn a_commit_per_message_repeats_only_the_message_being_processed() {
    let runs = runs("kafka-python-manual-commit");
    assert_eq!(duplicates(&runs[0]), 1);
    assert_eq!(duplicates(&runs[1]), 5, "Consumer_03 commits once a batch");
}

#[test]
fn the_lag_script_prints_end_minus_committed_without_joining() {
    let runs = runs("kafka-python-lag");
    assert_eq!(
        printed(&runs[0], Process::Consumer(1)),
        [
            "start to cal offset:",
            "total offset: [(0, 0), (1, 6)]",
            "current offset: [(0, None), (1, 3)]",
            "kafka left: 3",
        ]
    );
    let joined = runs[0].trace().iter().any(|entry| {
        matches!(
            &entry.event,
            Event::Consumer {
                consumer: 1,
                event: ClientEvent::Assigned { .. }
            }
        )
    });
    assert!(!joined, "kafka-python joins only inside poll()");
}

#[test]
fn each_kafka_python_page_runs_beside_its_confluent_twin() {
    for (id, twin) in [
        ("kafka-python-consumer", "Consumer_02_AutoCommit.py"),
        ("kafka-python-manual-commit", "Consumer_03_CommitSync.py"),
        ("kafka-python-lag", "Consumer_lag.py"),
    ] {
        let lesson = course::lesson(id).unwrap();
        assert_eq!(lesson.runs().len(), 2, "{id}");
        assert!(lesson.runs()[0].en.contains("kafka-python 3.0.12"), "{id}");
        let second = lesson.source_in_run(1, Process::Consumer(1)).unwrap();
        assert_eq!(second.file, twin, "{id}");
        let first = lesson.source_in_run(0, Process::Consumer(1)).unwrap();
        assert!(first.file.starts_with("kafka_python_"), "{id}");
        // Seed 004's producer_demo feeds the kafka-python run without a page of its own.
        assert_eq!(lesson.source_in_run(0, Process::Producer(0)), None, "{id}");
    }
}
