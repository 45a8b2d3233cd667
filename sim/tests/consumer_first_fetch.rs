//! From the assignment to the first record. A partition without a committed offset starts by
//! `auto.offset.reset`, whose ListOffsets librdkafka sends 100 ms after the empty OffsetFetch
//! answer (`rd_kafka_toppar_fetch_start` → `rd_kafka_offset_reset(.., _NO_OFFSET)` →
//! `rd_kafka_toppar_offset_request(.., 100)`, src/rdkafka_partition.c, src/rdkafka_offset.c);
//! one with a committed offset fetches from it at once. Measured on librdkafka's mock cluster
//! by `conformance/tests/consumer_timing.rs` (~100 ms and ~0 ms).

mod consumer_common;

use consumer_common::*;
use kafka_sim::config::ConfigValue;
use kafka_sim::consumer::{ClientEvent, Program, ProgramEvent, Stmt};
use kafka_sim::engine::Millis;
use kafka_sim_testkit::LabEvent;

fn reader() -> Program {
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![four(0).topic.to_string()],
            },
            Stmt::Loop {
                line: 2,
                times: None,
                body: vec![
                    Stmt::Poll {
                        line: 3,
                        timeout_ms: 1_000,
                    },
                    Stmt::ForEachRecord {
                        line: 3,
                        body: vec![Stmt::PrintRecord { line: 4 }],
                    },
                ],
            },
        ],
        ..Program::default()
    }
}

/// Milliseconds from consumer `c`'s assignment to its first processed record.
fn first_record_after_assign(committed: Option<i64>) -> Millis {
    let mut lab = lab(3);
    produce(&mut lab, &four(0), 0, 3);
    let props = [
        ("group.id", ConfigValue::Str(GROUP.into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
    ];
    if let Some(offset) = committed {
        let writer = Program {
            body: vec![Stmt::CommitOffsets {
                line: 1,
                offsets: (0..4).map(|p| (four(p), offset)).collect(),
                asynchronous: false,
            }],
            ..Program::default()
        };
        lab.start(&props, &writer).unwrap();
        lab.run_until(100);
    }
    let c = lab.start(&props, &reader()).unwrap();
    lab.run_until(10_000);
    let time_of = |wanted: &dyn Fn(&LabEvent) -> bool| {
        lab.trace()
            .iter()
            .find(|e| e.consumer == Some(c) && wanted(&e.event))
            .map(|e| e.time)
            .expect("it happened")
    };
    let assigned = time_of(&|e| matches!(e, LabEvent::Client(ClientEvent::Assigned { .. })));
    let first = time_of(&|e| matches!(e, LabEvent::Program(ProgramEvent::Processed { .. })));
    first - assigned
}

#[test]
fn without_a_committed_offset_the_reset_waits_100_ms() {
    let delay = first_record_after_assign(None);
    assert!((100..110).contains(&delay), "{delay} ms");
}

#[test]
fn a_committed_offset_is_fetched_from_at_once() {
    let delay = first_record_after_assign(Some(1));
    assert!(delay < 10, "{delay} ms");
}
