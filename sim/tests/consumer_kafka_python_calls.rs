//! kafka-python 3.0.12's consumer calls beyond seed 004's programs, each on a tiny scenario:
//! `assign`/`seek`, `poll(max_records=...)`, `commit_async(callback=...)` with its callback run
//! inside a later `poll()` or commit call, the errors `poll()` raises with
//! `auto_offset_reset='none'`, and `max_poll_interval_ms` checked by the heartbeat thread.

use kafka_sim::scenario;
use serde_json::{Value, json};

/// The trace of a scenario, one JSON value per event (the summary left out).
fn run(scenario: &Value) -> Vec<Value> {
    let outcome = scenario::parse(&scenario.to_string())
        .unwrap()
        .run()
        .unwrap();
    outcome
        .lines()
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|v| v.get("event").is_some())
        .collect()
}

/// Topic `t` with two partitions, `records` records on partition 1 written at the start, and
/// one kafka-python consumer (`config` besides `bootstrap_servers`) running `body` from 1 s.
fn scenario(records: u64, config: Value, body: Value) -> Value {
    let mut config = config;
    config["bootstrap_servers"] = json!(":9092");
    json!({
        "seed": 4,
        "topics": [{"name": "t", "partitions": 2}],
        "producers": [{
            "config": {"bootstrap.servers": "localhost:9092"},
            "program": [
                {"for": {"count": records, "body": [
                    {"produce": {"topic": "t", "key": "\"k\"", "value": "\"{i}\"", "partition": 1}}
                ]}},
                {"flush": {"timeout_ms": 10000}}
            ]
        }],
        "consumers": [{
            "profile": "kafka-python",
            "config": config,
            "program": {"body": body},
            "start_at_ms": 1000
        }],
        "run_until_ms": 30000
    })
}

fn tp1() -> Value {
    json!({"topic": "t", "partition": 1})
}

/// `(time, line, printed)` of every print of consumer 0.
fn printed(trace: &[Value]) -> Vec<(u64, u64, Value)> {
    trace
        .iter()
        .filter_map(|v| {
            let p = v["event"].get("ConsumerProgram")?["event"].get("Printed")?;
            Some((
                v["time"].as_u64()?,
                p["line"].as_u64()?,
                p["printed"].clone(),
            ))
        })
        .collect()
}

/// The values of the `Receive` prints, in order.
fn received(trace: &[Value]) -> Vec<String> {
    printed(trace)
        .into_iter()
        .filter_map(|(_, _, p)| Some(p.get("Receive")?["value"].as_str()?.to_owned()))
        .collect()
}

/// The consumer's client events named `name`, with their times.
fn client_events(trace: &[Value], name: &str) -> Vec<(u64, Value)> {
    trace
        .iter()
        .filter_map(|v| {
            let event = v["event"].get("Consumer")?["event"].get(name)?;
            Some((v["time"].as_u64()?, event.clone()))
        })
        .collect()
}

fn traceback(trace: &[Value]) -> Option<String> {
    printed(trace)
        .into_iter()
        .find_map(|(_, _, p)| Some(p.get("Traceback")?.as_str()?.to_owned()))
}

#[test]
fn assign_then_seek_reads_again_from_the_sought_offset() {
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"poll_records": {"line": 2, "timeout_ms": 5000}},
        {"for_each_record": {"line": 3, "body": [{"print_receive": {"line": 4}}]}},
        {"seek": {"line": 5, "tp": tp1(), "offset": 1}},
        {"poll_records": {"line": 6, "timeout_ms": 5000}},
        {"for_each_record": {"line": 7, "body": [{"print_receive": {"line": 8}}]}}
    ]);
    let config = json!({"group_id": "g", "auto_offset_reset": "earliest"});
    let trace = run(&scenario(3, config, body));
    assert_eq!(received(&trace), ["0", "1", "2", "1", "2"]);
    // A manual assignment never joins the group.
    assert!(client_events(&trace, "JoinSent").is_empty());
}

#[test]
fn seek_inside_the_iterator_drops_its_batch() {
    // `for message in consumer: print(...); consumer.seek(tp, 0)`: `seek` sets
    // `self._iterator = None`, so the batch's other records are never handed over and every
    // message is offset 0 again (the process is killed after its 4th record).
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"for_message": {"line": 2, "body": [
            {"print_receive": {"line": 3}},
            {"seek": {"line": 4, "tp": tp1(), "offset": 0}}
        ]}}
    ]);
    let config = json!({"group_id": "g", "auto_offset_reset": "earliest"});
    let mut scenario = scenario(3, config, body);
    scenario["consumers"][0]["program"]["crash_after_records"] = json!(4);
    assert_eq!(received(&run(&scenario)), ["0", "0", "0", "0"]);
}

#[test]
fn poll_returns_at_most_max_records() {
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"poll_records": {"line": 2, "timeout_ms": 5000, "max_records": 2}},
        {"for_each_record": {"line": 3, "body": [{"print_receive": {"line": 4}}]}},
        {"print": {"line": 5, "text": "batch"}},
        {"poll_records": {"line": 6, "timeout_ms": 5000, "max_records": 2}},
        {"for_each_record": {"line": 7, "body": [{"print_receive": {"line": 8}}]}}
    ]);
    let config = json!({"group_id": "g", "auto_offset_reset": "earliest"});
    let trace = run(&scenario(3, config, body));
    let lines: Vec<u64> = printed(&trace).into_iter().map(|(_, l, _)| l).collect();
    assert_eq!(lines, [4, 4, 5, 8]);
}

#[test]
fn seek_raises_value_error_as_kafka_python_does() {
    let unassigned = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"seek": {"line": 2, "tp": {"topic": "t", "partition": 0}, "offset": 0}}
    ]);
    let trace = run(&scenario(0, json!({"group_id": "g"}), unassigned));
    assert_eq!(
        traceback(&trace).as_deref(),
        Some("ValueError: Unassigned partition")
    );
    let negative = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"seek": {"line": 2, "tp": tp1(), "offset": -1}}
    ]);
    let trace = run(&scenario(0, json!({"group_id": "g"}), negative));
    assert_eq!(
        traceback(&trace).as_deref(),
        Some("ValueError: Offset must be int >= 0")
    );
}

#[test]
fn commit_async_callbacks_run_inside_a_later_poll_or_commit_call() {
    let trace = {
        let path = format!(
            "{}/tests/scenarios/kafka_python_consumer_assign.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        run(&serde_json::from_str(&text).unwrap())
    };
    let callbacks: Vec<(u64, Value)> = trace
        .iter()
        .filter_map(|v| {
            let p = v["event"].get("ConsumerProgram")?["event"].get("Printed")?;
            let printed = p["printed"].get("CommitAsyncCallback")?;
            Some((v["time"].as_u64()?, json!([v["cause"], printed])))
        })
        .collect();
    assert_eq!(callbacks.len(), 2, "{callbacks:?}");
    let offsets = json!([[tp1_demo(), 3, 0]]);
    // The first commit was answered during the second poll (which had begun): its callback
    // runs at the next commit_async (line 22), before that commit goes.
    assert_eq!(
        callbacks[0].1[0],
        json!({"Line": {"process": {"Consumer": 0}, "line": 22}})
    );
    assert_eq!(callbacks[0].1[1]["offsets"], offsets);
    assert_eq!(callbacks[0].1[1]["response"], "None");
    // The second runs inside the last poll(1000), at the round after its answer: when the
    // empty fetch comes back (fetch_max_wait_ms later).
    let sent: Vec<u64> = client_events(&trace, "CommitSent")
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    assert_eq!(callbacks[1].0, sent[1] + 500);
}

fn tp1_demo() -> Value {
    json!({"topic": "kafka_demo", "partition": 1})
}

#[test]
fn a_failed_commit_reaches_the_callback_as_the_exception() {
    // A member that left its group (max_poll_interval_ms) and commits anyway: the
    // coordinator refuses the generation, and kafka-python hands the callback
    // CommitFailedError(UnknownMemberIdError()).
    let body = json!([
        {"subscribe": {"line": 1, "topics": ["t"]}},
        {"poll_records": {"line": 2, "timeout_ms": 10000}},
        {"for_each_record": {"line": 3, "body": [{"print_receive": {"line": 4}}]}},
        {"sleep": {"line": 5, "ms": 9000}},
        {"commit_async": {"line": 6, "callback": 20}},
        {"sleep": {"line": 7, "ms": 100}},
        {"commit_async": {"line": 8}}
    ]);
    let config = json!({
        "group_id": "g",
        "auto_offset_reset": "earliest",
        "enable_auto_commit": false,
        "max_poll_interval_ms": 4000
    });
    let trace = run(&scenario(2, config, body));
    let callback = printed(&trace)
        .into_iter()
        .find_map(|(_, line, p)| (line == 20).then_some(p))
        .expect("the callback ran");
    let response = &callback["CommitAsyncCallback"]["response"];
    assert!(
        response
            .as_str()
            .unwrap()
            .starts_with("CommitFailedError: "),
        "{response}"
    );
}

#[test]
fn commit_async_without_a_group_raises_illegal_state_error() {
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"commit_async": {"line": 2, "callback": 9}}
    ]);
    let trace = run(&scenario(0, json!({}), body));
    assert_eq!(
        traceback(&trace).as_deref(),
        Some("kafka.errors.IllegalStateError: IllegalStateError: Requires group_id")
    );
}

#[test]
fn poll_raises_no_offset_for_partition_without_a_reset_policy() {
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"poll_records": {"line": 2, "timeout_ms": 5000}}
    ]);
    let config = json!({"group_id": "g", "auto_offset_reset": "none"});
    let trace = run(&scenario(3, config, body));
    assert_eq!(
        traceback(&trace).as_deref(),
        Some(
            "kafka.errors.NoOffsetForPartitionError: NoOffsetForPartitionError: \
             {TopicPartition(topic='t', partition=1)}"
        )
    );
}

#[test]
fn poll_raises_offset_out_of_range_without_a_reset_policy() {
    // Seek past the log's end: the fetch is out of range, and with no reset policy poll()
    // raises; `except Exception as e: print(e)` prints kafka-python's str(e).
    let body = json!([
        {"assign_partitions": {"line": 1, "partitions": [tp1()]}},
        {"seek": {"line": 2, "tp": tp1(), "offset": 7}},
        {"try": {"line": 3, "body": [
            {"poll_records": {"line": 4, "timeout_ms": 5000}}
        ], "interrupt_line": 5, "except_line": 6, "finally": []}}
    ]);
    let config = json!({"group_id": "g", "auto_offset_reset": "none"});
    let trace = run(&scenario(3, config, body));
    let lines: Vec<Value> = printed(&trace).into_iter().map(|(_, _, p)| p).collect();
    assert_eq!(
        lines,
        [
            json!({"Text": "[Error 1] OffsetOutOfRangeError: {TopicPartition(topic='t', partition=1): 7}"})
        ]
    );
}

#[test]
fn max_poll_interval_is_checked_by_the_heartbeat_thread() {
    // Processing 4 s per record with max_poll_interval_ms=5000: the heartbeat thread, at a
    // heartbeat's time (every 3 s from the assignment), finds the poll timeout expired and
    // leaves; the program gets no error item (kafka-python only logs a warning).
    let body = json!([
        {"subscribe": {"line": 1, "topics": ["t"]}},
        {"for_message": {"line": 2, "body": [
            {"print_receive": {"line": 3}},
            {"work": {"line": 4, "ms": 4000}}
        ]}}
    ]);
    let config = json!({
        "group_id": "g",
        "auto_offset_reset": "earliest",
        "max_poll_interval_ms": 5000
    });
    let trace = run(&scenario(3, config, body));
    let assigned = client_events(&trace, "Assigned")[0].0;
    let left = client_events(&trace, "LeaveSent");
    assert!(!left.is_empty(), "the member leaves");
    let at = left[0].0;
    assert_eq!(
        (at - assigned) % 3000,
        0,
        "left at {at}, not on a heartbeat"
    );
    // Its warning goes to the `kafka` logger, whose NullHandler prints nothing
    // (kafka/__init__.py): the program's console shows no log line.
    assert!(client_events(&trace, "Logged").is_empty());
    let errors = printed(&trace)
        .into_iter()
        .filter(|(_, _, p)| p.get("Error").is_some() || p.get("Exception").is_some())
        .count();
    assert_eq!(errors, 0);
}
