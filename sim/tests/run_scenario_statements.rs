//! What the scenario format says for the course's programs (issue 12, point 6):
//! `produce(..., partition=N)`, `if record.error(): continue` before the processing,
//! `while running:` ended by `stop_consumer`, and commands that wait for an event (`after`).
//! Each case starts from its golden scenario file and changes what it checks.

mod run_common;

use kafka_sim::TopicPartition;
use kafka_sim::consumer::{ClientEvent, Printed};
use kafka_sim::engine::{Event, Process, TraceEntry};
use kafka_sim::scenario::{self, Outcome};
use run_common::{assert_same_lines, scenario_path};
use serde_json::{Value, json};

/// The golden scenario `name`, as JSON to change.
fn file(name: &str) -> Value {
    let text = std::fs::read_to_string(scenario_path(&format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn run(file: &Value) -> Outcome {
    scenario::parse(&file.to_string()).unwrap().run().unwrap()
}

/// The times at which `matches` holds for an event of the trace.
fn times(trace: &[TraceEntry], matches: impl Fn(&Event) -> bool) -> Vec<u64> {
    trace
        .iter()
        .filter(|e| matches(&e.event))
        .map(|e| e.time)
        .collect()
}

fn line_of(consumer: usize, line: u32) -> impl Fn(&Event) -> bool {
    move |event| {
        matches!(event, Event::LineExecuted { process, line: l }
            if *process == Process::Consumer(consumer) && *l == line)
    }
}

/// The line consumer 0 runs after each `if record.error():` on `check` that found an error
/// (was not followed by the processing, line 96).
fn after_the_check(trace: &[TraceEntry], check: u32) -> Vec<u32> {
    let lines: Vec<u32> = trace
        .iter()
        .filter_map(|e| match e.event {
            Event::LineExecuted {
                process: Process::Consumer(0),
                line,
            } => Some(line),
            _ => None,
        })
        .collect();
    lines
        .windows(2)
        .filter(|w| w[0] == check && w[1] != 96)
        .map(|w| w[1])
        .collect()
}

fn closed(consumer: usize) -> impl Fn(&Event) -> bool {
    move |event| {
        matches!(event, Event::Consumer { consumer: c, event: ClientEvent::Closed }
            if *c == consumer)
    }
}

/// The partitions the producer's messages were queued for, in order, and what its
/// `produce()` calls raised.
fn queued_and_raised(outcome: &Outcome) -> (Vec<i32>, Vec<String>) {
    let mut queued = Vec::new();
    let mut raised = Vec::new();
    for entry in outcome.sim.trace() {
        match &entry.event {
            Event::MessageQueued { tp, .. } => queued.push(tp.partition),
            Event::ProduceRaised { error, .. } => raised.push(error.clone()),
            _ => {}
        }
    }
    (queued, raised)
}

#[test]
fn an_explicit_partition_skips_the_partitioner_and_a_missing_one_raises() {
    let outcome = run(&file("producer_explicit_partition"));
    let (queued, raised) = queued_and_raised(&outcome);
    assert_eq!(queued, [1, 1, 1], "keys 0, 1, 2 all go to partition=1");
    assert_eq!(
        raised,
        [
            "KafkaException: KafkaError{code=_UNKNOWN_PARTITION,val=-190,str=\"Unable to produce message: Local: Unknown partition\"}"
        ]
    );
    let printed: Vec<String> = outcome
        .sim
        .producer(0)
        .unwrap()
        .console()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        printed[1..],
        [
            "Message delivered to ak03.fourpartition [1] @ 0",
            "Message delivered to ak03.fourpartition [1] @ 1",
            "Message delivered to ak03.fourpartition [1] @ 2",
        ],
        "the exception is printed first, then the reports inside flush()"
    );
}

#[test]
fn partition_minus_one_is_the_partitioners_choice_and_below_it_raises() {
    let base = file("producer_explicit_partition");
    let with_partition = |partition: i64| {
        let mut f = base.clone();
        f["producers"][0]["program"][1]["for"]["body"][0]["produce"]["partition"] =
            json!(partition);
        f
    };
    let mut without = base.clone();
    let produce = &mut without["producers"][0]["program"][1]["for"]["body"][0]["produce"];
    produce.as_object_mut().unwrap().remove("partition");
    let default = run(&without).lines().join("\n");
    let minus_one = run(&with_partition(-1)).lines();
    let minus_one: Vec<&str> = minus_one.iter().map(String::as_str).collect();
    assert_same_lines("partition -1 is Python's default", &default, &minus_one);
    let (queued, raised) = queued_and_raised(&run(&with_partition(-2)));
    assert_eq!(queued, [] as [i32; 0]);
    assert_eq!(raised.len(), 1, "the first -2 raises, out of the loop");
}

#[test]
fn a_skipped_error_item_gets_no_processing_time() {
    let mut f = file("consumer_skip_error");
    let outcome = run(&f);
    let trace = outcome.sim.trace();
    let work = times(trace, line_of(0, 96)).len();
    let processed = outcome.sim.processed_by(0).len();
    assert_eq!(
        work,
        processed + 1,
        "time.sleep runs once per record (the last one interrupted by Ctrl+C at 60 s)"
    );
    assert_eq!(
        after_the_check(trace, 91),
        [111],
        "the error item, alone in its batch: on to `if(records_pulled):`"
    );
    let errors: Vec<u32> = outcome
        .sim
        .consumer_console(0)
        .filter(|(_, _, p)| matches!(p, Printed::Error(_)))
        .map(|(_, line, _)| line)
        .collect();
    assert_eq!(errors, [92], "one _MAX_POLL_EXCEEDED, printed");

    // A bare `continue`: the same run without the print.
    let skip = &mut f["consumers"][0]["program"]["body"][1]["try"]["body"][1]["loop"]["body"][1]["for_each_record"]
        ["body"][0]["skip_if_error"];
    skip.as_object_mut().unwrap().remove("print_line");
    let bare = run(&f);
    assert_eq!(bare.sim.processed_by(0), outcome.sim.processed_by(0));
    assert_eq!(times(bare.sim.trace(), line_of(0, 96)).len(), work);
    assert_eq!(after_the_check(bare.sim.trace(), 91), [111]);
    assert!(
        !bare
            .sim
            .consumer_console(0)
            .any(|(_, _, p)| matches!(p, Printed::Error(_)))
    );
}

#[test]
fn stop_consumer_ends_while_running_after_the_poll_returns_then_close_runs() {
    let outcome = run(&file("consumer_while_running_stop"));
    assert!(outcome.finished, "the program ends by itself");
    let trace = outcome.sim.trace();
    let stop = times(trace, |e| matches!(e, Event::ConsumerStopRequested { .. }));
    assert_eq!(stop, [10_000]);
    let polls = times(trace, line_of(0, 22));
    let last_poll = *polls.last().unwrap();
    assert!(last_poll < 10_000, "no poll() starts after the stop");
    let heads = times(trace, line_of(0, 21));
    let exit = *heads.last().unwrap();
    assert!(
        (10_000..=last_poll + 1_000).contains(&exit),
        "the head sees running == False when poll(1.0) has returned: {exit}"
    );
    let close = times(trace, line_of(0, 33));
    assert_eq!(close, [exit], "then finally: consumer.close()");
    let revoked = outcome.sim.consumer_console(0).any(|(t, _, p)| {
        t >= exit && matches!(p, Printed::Partitions { partitions, .. } if partitions.len() == 4)
    });
    assert!(revoked, "close() runs on_revoke with the assignment");
    let processed: Vec<(TopicPartition, i64)> = outcome.sim.processed_by(0);
    assert_eq!(processed.len(), 3);
}

#[test]
fn commands_wait_for_their_events() {
    let outcome = run(&file("consumer_start_after_close"));
    assert!(outcome.finished);
    let trace = outcome.sim.trace();
    let closed_0 = times(trace, closed(0));
    let started_1 = times(trace, |e| {
        matches!(e, Event::ConsumerStarted { consumer: 1 })
    });
    assert_eq!(closed_0.len(), 1);
    assert_eq!(
        started_1, closed_0,
        "consumer 1 starts when consumer 0 has closed"
    );
    let assigned_0 = trace
        .iter()
        .find(|e| matches!(&e.event, Event::Consumer { consumer: 0, event: ClientEvent::Assigned { partitions } } if !partitions.is_empty()))
        .unwrap()
        .time;
    let interrupted_0 = times(trace, |e| {
        matches!(e, Event::ConsumerInterrupted { consumer: 0 })
    });
    assert_eq!(interrupted_0, [assigned_0 + 2_000]);
    let assigned_1 = trace
        .iter()
        .find(|e| matches!(&e.event, Event::Consumer { consumer: 1, event: ClientEvent::Assigned { partitions } } if partitions.len() == 4))
        .unwrap()
        .time;
    let producer_started = times(trace, |e| matches!(e, Event::ProducerStarted { .. }));
    assert_eq!(producer_started, [assigned_1]);
    assert_eq!(outcome.sim.processed_by(1).len(), 3);
    assert!(outcome.sim.processed_by(0).is_empty());
}

#[test]
fn an_event_that_already_happened_fires_at_once_and_one_that_never_does_holds_the_run() {
    // The producer finished at 4 ms (its first message waited 2 ms for the metadata); a
    // command after it, registered later, runs at once.
    let mut f = file("consumer_while_running_stop");
    f["timeline"] = json!([
        {"at_ms": 10000, "command": "stop_consumer", "consumer": 0},
        {"after": {"producer_finished": 0}, "command": "kill_consumer", "consumer": 0}
    ]);
    let outcome = run(&f);
    let killed = times(outcome.sim.trace(), |e| {
        matches!(e, Event::ConsumerKilled { .. })
    });
    assert_eq!(killed, [4]);

    // Consumer 0 never closes when it is never stopped: consumer 1 never starts, and the
    // run is not finished.
    let mut f = file("consumer_start_after_close");
    f["timeline"] = json!([
        {"after": {"consumer_closed": 0}, "command": "start_consumer", "consumer": 1}
    ]);
    f["run_until_ms"] = json!(30_000);
    let outcome = run(&f);
    assert!(
        !outcome
            .sim
            .trace()
            .iter()
            .any(|e| matches!(e.event, Event::ConsumerStarted { consumer: 1 }))
    );
    assert!(!outcome.finished);
}
