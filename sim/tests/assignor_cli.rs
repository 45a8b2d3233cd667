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
