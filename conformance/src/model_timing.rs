//! The timing scenarios of `timing.rs` on the model (`GroupLab`: one broker, 1 ms one-way
//! latency), returned in the same shapes.

use crate::model_consumer::{error_skipping_loop, props};
use crate::timing::{FirstRecord, SlowObservation, error_code, exceeded_by, slow_settings};
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::console::LogFacility;
use kafka_sim::consumer::{
    CallbackKind, Callbacks, ClientEvent, Printed, Program, ProgramEvent, Stmt,
};
use kafka_sim::engine::Millis;
use kafka_sim_testkit::{GroupLab, LabEvent};

/// When consumer `index` first printed something `wanted` picks, from `after` on.
fn printed_at(
    lab: &GroupLab,
    index: usize,
    after: Millis,
    wanted: impl Fn(&Printed) -> bool,
) -> Option<Millis> {
    lab.trace().iter().find_map(|e| match &e.event {
        LabEvent::Program(ProgramEvent::Printed { printed, .. })
            if e.consumer == Some(index) && e.time >= after && wanted(printed) =>
        {
            Some(e.time)
        }
        _ => None,
    })
}

fn on_assign(printed: &Printed) -> bool {
    matches!(printed, Printed::Partitions { callback: CallbackKind::OnAssign, partitions } if !partitions.is_empty())
}

fn record(printed: &Printed) -> bool {
    matches!(printed, Printed::Record { .. })
}

/// Runs `lab` in 10 ms steps until `done` gives a time, for at most 30 s.
fn run_for<T>(lab: &mut GroupLab, done: impl Fn(&GroupLab) -> Option<T>) -> T {
    let end = lab.now() + 30_000;
    loop {
        if let Some(found) = done(lab) {
            return found;
        }
        assert!(lab.now() < end, "the model did not get there");
        lab.run_until(lab.now() + 10);
    }
}

/// `timing::first_record_delay` on the model: the same topic, the same `poll(1.0)` loop.
pub fn first_record_delay(case: FirstRecord) -> i64 {
    let tp = TopicPartition::new("ak03.first-record", 0);
    let mut lab = GroupLab::new(0, VecMap::from([(tp.topic.to_string(), 1)]), 1);
    if !matches!(case, FirstRecord::ProducedAfter(_)) {
        for n in 0..3 {
            lab.produce(&tp, "", &n.to_string());
        }
    }
    let settings = props(&[
        ("group.id", "ak03-first-record"),
        ("auto.offset.reset", "earliest"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
    ]);
    if case == FirstRecord::Committed {
        // A client of the group that never joins it commits offset 1 (`Mock::commit`).
        let writer = Program {
            body: vec![Stmt::CommitOffsets {
                line: 1,
                offsets: vec![(tp.clone(), 1)],
                asynchronous: false,
            }],
            ..Program::default()
        };
        lab.start(&settings, &writer).expect("valid settings");
        lab.run_until(lab.now() + 100);
    }
    let program = Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![tp.topic.to_string()],
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
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 5 }]),
            ..Callbacks::default()
        },
        ..Program::default()
    };
    let c = lab.start(&settings, &program).expect("valid settings");
    let assigned = run_for(&mut lab, |lab| printed_at(lab, c, 0, on_assign));
    let from = match case {
        FirstRecord::ProducedAfter(d) => {
            lab.run_until(assigned + d.as_millis() as Millis);
            lab.produce(&tp, "", "0");
            lab.now()
        }
        _ => assigned,
    };
    let first = run_for(&mut lab, |lab| printed_at(lab, c, 0, record));
    (first - from) as i64
}

/// `timing::slow_processing` on the model: `poll(0.1)` until a record, `time.sleep()` for
/// `processing_ms`, the asynchronous `commit()`, then `poll(0.1)` again (printing each error
/// message and skipping it).
pub fn slow_processing(processing_ms: Millis) -> SlowObservation {
    let tp = TopicPartition::new("ak03.slow", 0);
    let mut lab = GroupLab::new(0, VecMap::from([(tp.topic.to_string(), 1)]), 1);
    for n in 0..3 {
        lab.produce(&tp, "", &n.to_string());
    }
    let program = Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![tp.topic.to_string()],
            },
            error_skipping_loop(vec![
                Stmt::PrintRecord { line: 6 },
                Stmt::Sleep {
                    line: 7,
                    ms: processing_ms,
                },
                Stmt::Commit {
                    line: 8,
                    asynchronous: true,
                },
            ]),
        ],
        callbacks: Callbacks {
            on_assign: Some(vec![Stmt::PrintPartitions { line: 10 }]),
            on_lost: Some(vec![Stmt::PrintPartitions { line: 11 }]),
            on_commit: Some(12),
            ..Callbacks::default()
        },
        ..Program::default()
    };
    let c = lab
        .start(&props(&slow_settings("ak03-slow")), &program)
        .expect("valid settings");
    let first = run_for(&mut lab, |lab| printed_at(lab, c, 0, record));
    let resumed = first + processing_ms;
    let reassigned = run_for(&mut lab, |lab| printed_at(lab, c, resumed, on_assign));
    let line = lab
        .trace()
        .iter()
        .find_map(|e| match &e.event {
            LabEvent::Client(ClientEvent::Logged {
                facility: LogFacility::MaxPoll,
                text,
            }) => Some(text.clone()),
            _ => None,
        })
        .expect("the MAXPOLL line");
    let between = |e: &&kafka_sim_testkit::TraceEntry| {
        e.consumer == Some(c) && e.time >= resumed && e.time < reassigned
    };
    let printed: Vec<Printed> = lab
        .trace()
        .iter()
        .filter(between)
        .filter_map(|e| match &e.event {
            LabEvent::Program(ProgramEvent::Printed { printed, .. }) => {
                Some(Printed::clone(printed))
            }
            _ => None,
        })
        .collect();
    SlowObservation {
        exceeded_by: exceeded_by(&line).expect("exceeded by N ms"),
        commits_after: printed
            .iter()
            .filter_map(|p| match p {
                Printed::CommitCallback(result) => Some((
                    result.error.as_ref().map(|e| error_code(&e.kind.name())),
                    result
                        .partitions
                        .iter()
                        .map(|p| (p.tp.clone(), p.offset))
                        .collect(),
                )),
                _ => None,
            })
            .collect(),
        lost: printed.iter().any(|p| {
            matches!(
                p,
                Printed::Partitions {
                    callback: CallbackKind::OnLost,
                    ..
                }
            )
        }),
        error_polled: printed.iter().any(|p| matches!(p, Printed::Error(_))),
    }
}
