//! kafka-python 3.0.12's consumer rules, on seed 004's programs (the scenario files
//! `kafka_python_consumer_*.json`): when auto-commit really commits, the heartbeat thread
//! keeping the member in while the program processes, a commit per message, joining only
//! inside `poll()`, and the lag script's lines.

use kafka_sim::scenario;
use serde_json::Value;

/// The trace of `tests/scenarios/name.json`, one JSON value per event (the summary left out).
fn trace(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let outcome = scenario::parse(&text).unwrap().run().unwrap();
    outcome
        .lines()
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|v| v.get("event").is_some())
        .collect()
}

/// The times of consumer `consumer`'s client events named `name`, with their payloads.
fn consumer_events(trace: &[Value], consumer: u64, name: &str) -> Vec<(u64, Value)> {
    trace
        .iter()
        .filter_map(|v| {
            let c = v["event"].get("Consumer")?;
            (c["consumer"] == consumer)
                .then(|| Some((v["time"].as_u64()?, c["event"].get(name)?.clone())))
                .flatten()
        })
        .collect()
}

/// The lines a consumer program printed, as data.
fn printed(trace: &[Value], consumer: u64) -> Vec<Value> {
    trace
        .iter()
        .filter_map(|v| {
            let p = v["event"].get("ConsumerProgram")?;
            (p["consumer"] == consumer)
                .then(|| p["event"].get("Printed")?.get("printed").cloned())?
        })
        .collect()
}

#[test]
fn auto_commit_waits_for_the_iterators_next_poll() {
    let trace = trace("kafka_python_consumer_demo");
    let commits = consumer_events(&trace, 0, "CommitSent");
    // The deadline (3006 + 5000) passes while the body processes the batch; the commit goes
    // when the used-up batch makes the iterator poll again, with every position: empty
    // partition 0's (0, from its offset reset) and partition 1's.
    assert_eq!(commits.len(), 1, "{commits:?}");
    let (at, commit) = &commits[0];
    assert_eq!(*at, 11_004);
    assert_eq!(commit["reason"], "Auto");
    assert_eq!(commit["offsets"][0][1], 0);
    assert_eq!(commit["offsets"][1][1], 3);
}

#[test]
fn the_heartbeat_thread_keeps_the_member_in_while_the_program_processes() {
    let trace = trace("kafka_python_consumer_demo");
    let beats: Vec<u64> = consumer_events(&trace, 0, "HeartbeatSent")
        .into_iter()
        .map(|(at, _)| at)
        .filter(|at| (8_002..11_002).contains(at))
        .collect();
    assert!(!beats.is_empty(), "no heartbeat while processing");
    let left = trace.iter().any(|v| {
        v["event"]["Coordinator"]["event"]["MemberRemoved"].is_object()
            && v["time"].as_u64().unwrap() < 13_000
    });
    assert!(!left, "the member stays in the group until it is killed");
}

#[test]
fn commit_after_each_message_commits_each_position_synchronously() {
    let trace = trace("kafka_python_consumer_manual_commit");
    let offsets: Vec<(Value, Value)> = consumer_events(&trace, 0, "CommitSent")
        .into_iter()
        .map(|(_, c)| (c["reason"].clone(), c["offsets"][1][1].clone()))
        .collect();
    let expected: Vec<(Value, Value)> = (1..=3).map(|o| ("Program".into(), o.into())).collect();
    assert_eq!(offsets, expected);
    // commit() commits empty partition 0's position as well (`all_consumed_offsets`).
    let first = &consumer_events(&trace, 0, "CommitSent")[0].1;
    assert_eq!(first["offsets"][0][0]["partition"], 0);
    assert_eq!(first["offsets"][0][1], 0);
    // The consumer started in its place reads nothing twice.
    assert!(printed(&trace, 1).is_empty());
}

#[test]
fn the_lag_script_never_joins_and_prints_end_minus_committed() {
    let trace = trace("kafka_python_consumer_lag");
    let joins_after_start = trace.iter().any(|v| {
        v["event"]["Coordinator"]["event"]["MemberJoined"].is_object()
            && v["time"].as_u64().unwrap() >= 15_000
    });
    assert!(!joins_after_start, "kafka-python joins only inside poll()");
    let lines: Vec<String> = printed(&trace, 1).iter().map(Value::to_string).collect();
    assert_eq!(
        lines,
        [
            r#"{"Text":"start to cal offset:"}"#,
            r#"{"Offsets":{"label":"total","offsets":[[0,0],[1,6]]}}"#,
            r#"{"Offsets":{"label":"current","offsets":[[0,0],[1,3]]}}"#,
            r#"{"Left":3}"#,
        ]
    );
}
