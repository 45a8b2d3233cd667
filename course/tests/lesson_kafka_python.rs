//! The kafka-python lessons (seed 004): the programs build from their Python source with
//! kafka-python 3.0.12's defaults, and each run shows what its beats and predictions say.

mod lesson_common;

use course::lesson::{Changes, Counter, EventKind};
use course::programs::consumer_program;
use course::{Anchor, Source, exercise};
use kafka_sim::config::{OffsetReset, Profile};
use kafka_sim::consumer::{ClientEvent, Stmt};
use kafka_sim::engine::{Event, Process, Scenario, Sim};
use kafka_sim::projection::Projection;
use kafka_sim::trace::TraceEntry;

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
    printed_at(sim, process)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

/// What `process` printed, each line with the time it was printed.
fn printed_at(sim: &Sim, process: Process) -> Vec<(u64, String)> {
    sim.trace()
        .iter()
        .filter_map(|entry| Some((entry.time, entry.console(Scenario::default().epoch_ms)?)))
        .filter(|(_, (p, _))| *p == process)
        .flat_map(|(time, (_, lines))| lines.into_iter().map(move |line| (time, line.text)))
        .collect()
}

/// The time and offsets of each commit consumer 0 sends.
fn commits(sim: &Sim) -> Vec<(u64, Vec<i64>)> {
    sim.trace()
        .iter()
        .filter_map(|entry| match &entry.event {
            Event::Consumer {
                consumer: 0,
                event: ClientEvent::CommitSent { offsets, .. },
            } => Some((entry.time, offsets.iter().map(|(_, o)| *o).collect())),
            _ => None,
        })
        .collect()
}

/// When a consumer's program first died (the killed first instance, in these runs).
fn crashed_at(sim: &Sim) -> Option<u64> {
    let crashed = |entry: &&TraceEntry| EventKind::ProgramCrashed.matches(&entry.event);
    sim.trace().iter().find(crashed).map(|entry| entry.time)
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
    let demo = &runs[0];
    // producer_demo's future.get() sends one record per request, so the first fetch brings
    // offset 0 alone (8 s). The deadline (assignment at 3 s + 5 s) passes while it is
    // processed, 2 s a record: offset 1 is committed by the poll at 10 s, which fetches
    // offsets 1 and 2; offset 3 by the poll waiting for records at 15 s (the beats' and
    // the prediction's times). Each commit carries empty partition 0's position too (0, from
    // its offset reset): kafka-python commits every partition with a valid position.
    assert_eq!(commits(demo), [(10_004, vec![0, 1]), (15_004, vec![0, 3])]);
    let interval = consumer_program(source("kafka-python-consumer"))
        .unwrap()
        .config
        .auto_commit_interval_ms;
    let deadline = 15_004 + interval;
    let receive = |time, value| (time, format!("receive, key: count_num, value: {value}"));
    assert_eq!(
        printed_at(demo, Process::Consumer(0)),
        [
            receive(8_004, 0),
            receive(10_004, 1),
            receive(12_004, 2),
            receive(17_004, 0),
            receive(19_004, 1),
            receive(21_004, 2),
        ]
    );
    // The poll that fetched offsets 4 and 5 (19 s) came before the deadline (20 s); the crash
    // after offset 5 (21 s) comes after it, with no poll in between.
    assert!(19_004 < deadline && deadline < 21_004);
    assert_eq!(crashed_at(demo), Some(21_004));
    assert_eq!(
        duplicates(demo),
        3,
        "the second producer_demo's records again"
    );
    assert_eq!(
        duplicates(&runs[1]),
        5,
        "Consumer_02's records before the crash"
    );
    assert!(
        printed(demo, Process::Consumer(1))
            .iter()
            .all(|line| line.starts_with("receive, key: count_num, value: ")),
    );
}

#[test]
fn producer_demo_feeds_the_kafka_python_runs_twice_one_request_per_record() {
    for (id, starts) in [
        ("kafka-python-consumer", [8_000, 17_000]),
        ("kafka-python-manual-commit", [8_000, 14_000]),
        ("kafka-python-lag", [8_000, 12_000]),
    ] {
        let run = &runs(id)[0];
        let started: Vec<u64> = run
            .trace()
            .iter()
            .filter(|entry| matches!(entry.event, Event::ProducerStarted { .. }))
            .map(|entry| entry.time)
            .collect();
        assert_eq!(started, starts, "{id}");
        for producer in [Process::Producer(0), Process::Producer(1)] {
            assert_eq!(
                printed(run, producer),
                ["send 0", "send 1", "send 2"],
                "{id}"
            );
        }
        let requests = run.trace().iter().filter_map(|entry| match &entry.event {
            Event::BatchSent { messages, .. } => Some(messages.len()),
            _ => None,
        });
        assert_eq!(requests.collect::<Vec<_>>(), [1; 6], "{id}");
    }
}

#[test]
fn a_commit_per_message_repeats_only_the_message_being_processed() {
    let runs = runs("kafka-python-manual-commit");
    // One commit per record, each after its print; killed after printing offset 4 (the
    // second producer_demo's second record), before its commit(). commit() commits empty
    // partition 0's position (0) each time as well.
    let offsets: Vec<Vec<i64>> = commits(&runs[0]).into_iter().map(|(_, o)| o).collect();
    assert_eq!(offsets, [vec![0, 1], vec![0, 2], vec![0, 3], vec![0, 4]]);
    assert_eq!(crashed_at(&runs[0]), Some(14_006));
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
            "current offset: [(0, 0), (1, 3)]",
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
        // Seed 004's producer_demo feeds the kafka-python run, shown as its two runs P1, P2.
        for producer in 0..2 {
            let shown = lesson
                .source_in_run(0, Process::Producer(producer))
                .unwrap();
            assert_eq!(shown.file, "kafka_python_producer_demo.py", "{id}");
        }
        assert_eq!(lesson.source_in_run(0, Process::Producer(2)), None, "{id}");
    }
}
