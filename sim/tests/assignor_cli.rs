//! `kafka-sim assign` as a process: JSON Lines in, one answer line per request, a bad line
//! answered with an error without stopping the run.

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

fn run(input: &str) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .arg("assign")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn answers_each_line_and_survives_a_bad_one() {
    let input = [
        r#"{"strategy": "range", "client": "librdkafka", "topics": {"t1": 3}, "members": [{"id": "c1", "instance_id": null, "topics": ["t1"], "owned": [["t1", 0]], "generation": 5}, {"id": "c2", "topics": ["t1"]}]}"#,
        r#"{"strategy": "cooperative-sticky", "topics": {"orders": 6}, "members": [{"id": "c1", "topics": ["orders"], "owned": [["orders", 0], ["orders", 1], ["orders", 2], ["orders", 3], ["orders", 4], ["orders", 5]], "generation": 5}, {"id": "c2", "topics": ["orders"]}]}"#,
        r#"{"strategy": "sticky", "topics": {"t1": 1}, "members": [{"id": "c1", "topics": ["t1"]}]}"#,
        "not json",
        r#"{"strategy": "roundrobin", "client": "java", "topics": {"t1": 2}, "members": [{"id": "c1", "topics": ["t1"]}]}"#,
    ]
    .join("\n");
    let answers = run(&input);
    assert_eq!(answers.len(), 5);
    assert_eq!(
        answers[0],
        json!({"assignment": {"c1": [["t1", 0], ["t1", 1]], "c2": [["t1", 2]]}})
    );
    assert_eq!(
        answers[1],
        json!({
            "assignment": {"c1": [["orders", 3], ["orders", 4], ["orders", 5]],
                           "c2": [["orders", 0], ["orders", 1], ["orders", 2]]},
            "delivered": {"c1": [["orders", 3], ["orders", 4], ["orders", 5]], "c2": []}
        })
    );
    let error = answers[2]["error"].as_str().unwrap();
    assert!(
        error.starts_with("Unsupported partition.assignment.strategy: sticky"),
        "{error}"
    );
    assert!(
        answers[3]["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON")
    );
    assert_eq!(
        answers[4],
        json!({"assignment": {"c1": [["t1", 0], ["t1", 1]]}})
    );
}

/// Groups from the differential test against librdkafka 2.12.1's own assignors
/// (conformance/tests/assignor_differential.rs), each with librdkafka's lists verbatim: order
/// included, as the leader sends them in SyncGroup.
#[test]
fn answers_librdkafkas_lists_in_librdkafkas_order() {
    let cases = [
        // Mixed static and dynamic subscribers of ak03.t1: librdkafka sorts each topic's
        // subscribers on their own (rd_kafka_range_assignor_assign_cb), so c1 (instance i5)
        // comes before c2 (i7), though sorting the whole group would put c2 first.
        (
            r#"{"client":"librdkafka","members":[{"generation":5,"id":"rdkafka-4478-c0","instance_id":null,"owned":[["ak03.t1",0],["ak03.t0",4]],"topics":["ak03.t0"]},{"generation":5,"id":"rdkafka-5197-c1","instance_id":"i5","owned":[["ak03.t0",2],["ak03.t0",1]],"topics":["ak03.t0","ak03.t1"]},{"generation":6,"id":"rdkafka-33c7-c2","instance_id":"i7","owned":[["ak03.t0",6],["ak03.t1",2],["ak03.t0",7]],"topics":["ak03.t1"]},{"generation":7,"id":"rdkafka-92bc-c3","instance_id":null,"owned":[["ak03.t1",1]],"topics":["ak03.t0"]},{"generation":7,"id":"rdkafka-627d-c4","instance_id":null,"owned":[["ak03.t0",5]],"topics":["ak03.t1"]}],"strategy":"range","topics":{"ak03.t0":8,"ak03.t1":4}}"#,
            json!({"rdkafka-33c7-c2":[["ak03.t1",2]],"rdkafka-4478-c0":[["ak03.t0",0],["ak03.t0",1],["ak03.t0",2]],"rdkafka-5197-c1":[["ak03.t0",3],["ak03.t0",4],["ak03.t0",5],["ak03.t1",0],["ak03.t1",1]],"rdkafka-627d-c4":[["ak03.t1",3]],"rdkafka-92bc-c3":[["ak03.t0",6],["ak03.t0",7]]}),
        ),
        // Range hands out ak03.t1 before ak03.t0 (rd_kafka_topic_assignment_state_cmp).
        (
            r#"{"client":"librdkafka","members":[{"generation":0,"id":"rdkafka-0bbf-c0","instance_id":"i6","owned":[["ak03.t0",3],["ak03.t0",7],["ak03.t1",3],["ak03.t1",4],["ak03.t1",2]],"topics":["ak03.t1","ak03.t0"]},{"generation":null,"id":"rdkafka-af0e-c1","instance_id":null,"owned":[["ak03.t0",2],["ak03.t0",5],["ak03.t0",9],["ak03.t0",0]],"topics":["ak03.t1","ak03.t0"]},{"generation":0,"id":"rdkafka-871c-c2","instance_id":"i0","owned":[["ak03.t1",1],["ak03.t0",6]],"topics":["ak03.t1","ak03.t0"]}],"strategy":"range","topics":{"ak03.t0":10,"ak03.t1":5}}"#,
            json!({"rdkafka-0bbf-c0":[["ak03.t1",2],["ak03.t1",3],["ak03.t0",4],["ak03.t0",5],["ak03.t0",6]],"rdkafka-871c-c2":[["ak03.t1",0],["ak03.t1",1],["ak03.t0",0],["ak03.t0",1],["ak03.t0",2],["ak03.t0",3]],"rdkafka-af0e-c1":[["ak03.t1",4],["ak03.t0",7],["ak03.t0",8],["ak03.t0",9]]}),
        ),
        // Cooperative-sticky: kept partitions first, in librdkafka's map order, then new ones.
        (
            r#"{"client":"librdkafka","members":[{"generation":null,"id":"rdkafka-0beb-c0","instance_id":"i2","owned":[["ak03.t1",0],["ak03.t1",3]],"topics":["ak03.t1"]},{"generation":3,"id":"rdkafka-b250-c1","instance_id":"i1","owned":[["ak03.t0",3],["ak03.t0",4]],"topics":["ak03.t0"]},{"generation":3,"id":"rdkafka-d353-c2","instance_id":null,"owned":[["ak03.t0",1],["ak03.t0",0],["ak03.t0",2],["ak03.t1",6],["ak03.t1",1]],"topics":["ak03.t0","ak03.t1"]},{"generation":1,"id":"rdkafka-9c36-c3","instance_id":"i7","owned":[],"topics":["ak03.t1"]}],"strategy":"cooperative-sticky","topics":{"ak03.t0":7,"ak03.t1":7}}"#,
            json!({"rdkafka-0beb-c0":[["ak03.t1",3],["ak03.t1",0],["ak03.t1",5]],"rdkafka-9c36-c3":[["ak03.t1",2],["ak03.t1",4],["ak03.t1",1]],"rdkafka-b250-c1":[["ak03.t0",4],["ak03.t0",3],["ak03.t0",5],["ak03.t0",6]],"rdkafka-d353-c2":[["ak03.t1",6],["ak03.t0",2],["ak03.t0",0],["ak03.t0",1]]}),
        ),
        (
            r#"{"client":"librdkafka","members":[{"generation":null,"id":"rdkafka-dfa1-c0","instance_id":null,"owned":[["ak03.t0",2],["ak03.t0",9],["ak03.t1",1]],"topics":["ak03.t1","ak03.t0"]},{"generation":1,"id":"rdkafka-ac27-c1","instance_id":"i7","owned":[],"topics":["ak03.t1","ak03.t0"]},{"generation":0,"id":"rdkafka-e8d0-c2","instance_id":"i0","owned":[["ak03.t0",8],["ak03.t0",0],["ak03.t1",0],["ak03.t0",3],["ak03.t0",5]],"topics":["ak03.t1","ak03.t0"]}],"strategy":"cooperative-sticky","topics":{"ak03.t0":9,"ak03.t1":3}}"#,
            json!({"rdkafka-ac27-c1":[["ak03.t1",2],["ak03.t0",7],["ak03.t0",6],["ak03.t0",1]],"rdkafka-dfa1-c0":[["ak03.t0",2],["ak03.t1",1],["ak03.t0",4],["ak03.t0",0]],"rdkafka-e8d0-c2":[["ak03.t0",3],["ak03.t0",5],["ak03.t0",8],["ak03.t1",0]]}),
        ),
    ];
    let input: Vec<&str> = cases.iter().map(|(request, _)| *request).collect();
    let answers = run(&input.join("\n"));
    for ((request, librdkafka), answer) in cases.iter().zip(&answers) {
        assert_eq!(&answer["assignment"], librdkafka, "{request}");
    }
}

/// A group on which librdkafka's own cooperative-sticky code reads a freed movement list: the
/// differential test's real librdkafka crashed on it (SIGSEGV). The answer says so.
#[test]
fn flags_a_group_on_which_librdkafka_leaves_defined_behaviour() {
    let request = r#"{"client":"librdkafka","members":[{"generation":null,"id":"rdkafka-68b3-c0","instance_id":"i1","owned":[["ak03.t1",2],["ak03.t3",3],["ak03.t2",0],["ak03.t3",4],["ak03.t0",2],["ak03.t3",5]],"topics":["ak03.t2","ak03.t0"]},{"generation":null,"id":"rdkafka-1c85-c1","instance_id":"i0","owned":[["ak03.t3",1],["ak03.t2",1],["ak03.t2",2],["ak03.t2",3],["ak03.t3",0],["ak03.t3",6],["ak03.t1",4]],"topics":["ak03.t3","ak03.t2","ak03.t1"]},{"generation":null,"id":"rdkafka-da3d-c2","instance_id":null,"owned":[["ak03.t0",1],["ak03.t1",3],["ak03.t1",1],["ak03.t3",7]],"topics":["ak03.t0","ak03.t2","ak03.t1","ak03.t3"]}],"strategy":"cooperative-sticky","topics":{"ak03.t0":3,"ak03.t1":7,"ak03.t2":4,"ak03.t3":8}}"#;
    let answers = run(request);
    assert_eq!(
        answers[0]["librdkafka_undefined"],
        "processPartitionMovement reads a partition from a freed movement list"
    );
    // Every member still has a list, and no partition is handed out twice.
    let lists = answers[0]["assignment"].as_object().unwrap();
    assert_eq!(lists.len(), 3);
    let mut all: Vec<&Value> = lists.values().flat_map(|l| l.as_array().unwrap()).collect();
    let count = all.len();
    all.sort_by_key(|p| p.to_string());
    all.dedup();
    assert_eq!(all.len(), count);
}

/// kafka-python 3.0.12's answers, checked with kafka-python's own assignors
/// (conformance/kafka-python/differential.py runs thousands more).
#[test]
fn answers_kafka_pythons_lists_and_exceptions() {
    let input = [
        // Its roundrobin raises once a turn falls on a member not subscribed to the topic.
        r#"{"strategy": "roundrobin", "client": "kafka-python", "topics": {"a": 2, "b": 1}, "members": [{"id": "c1", "topics": ["a"]}, {"id": "c2", "topics": ["b"]}]}"#,
        r#"{"strategy": "sticky", "client": "kafka-python", "topics": {"t": 4}, "members": [{"id": "a", "topics": ["t"], "owned": [["t", 0], ["t", 1], ["t", 2], ["t", 3]], "generation": 1}, {"id": "b", "topics": ["t"]}]}"#,
        r#"{"strategy": "cooperative-sticky", "client": "kafka-python", "topics": {"t": 4}, "members": [{"id": "a", "topics": ["t"], "owned": [["t", 3], ["t", 2], ["t", 1], ["t", 0]]}, {"id": "b", "topics": ["t"]}]}"#,
        r#"{"strategy": "sticky", "client": "kafka-python", "topics": {"t": 1}, "members": []}"#,
    ]
    .join("\n");
    let answers = run(&input);
    assert_eq!(answers[0], json!({"error": "KeyError: (None, 'c1')"}));
    let halves = json!({"a": [["t", 0], ["t", 1]], "b": [["t", 2], ["t", 3]]});
    assert_eq!(answers[1], json!({ "assignment": halves }));
    // Without a generation (kafka-python's own v1 subscription) the claims still count; the
    // moving partitions wait for the second rebalance. a's list reads back last-first, so b
    // takes t-1 and t-0 (`list.pop()` from the end).
    assert_eq!(
        answers[2],
        json!({
            "assignment": {"a": [["t", 2], ["t", 3]], "b": [["t", 0], ["t", 1]]},
            "delivered": {"a": [["t", 2], ["t", 3]], "b": []}
        })
    );
    assert_eq!(
        answers[3],
        json!({"error": "TypeError: 'NoneType' object is not subscriptable"})
    );
}
