//! `kafka-sim run` as a program: a scenario file (or `-` for stdin) in, its golden trace out;
//! a bad file is reported on stderr with exit code 2.

mod run_common;

use run_common::{assert_same_lines, scenario_path};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(file: &str, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .args(["run", file])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kafka-sim runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The run printed exactly the golden trace of scenario `name`.
fn assert_golden(name: &str, output: &Output) {
    let golden = std::fs::read_to_string(scenario_path(&format!("{name}.jsonl"))).unwrap();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_same_lines(name, &golden, &stdout.lines().collect::<Vec<_>>());
    assert!(stdout.ends_with('\n'));
}

#[test]
fn a_file_runs_to_its_golden_trace() {
    let file = scenario_path("producer_acks_one_loss.json");
    let output = run(file.to_str().unwrap(), "");
    assert_eq!(String::from_utf8(output.stderr.clone()).unwrap(), "");
    assert!(output.status.success());
    assert_golden("producer_acks_one_loss", &output);
}

#[test]
fn a_dash_reads_the_file_from_stdin() {
    let text =
        std::fs::read_to_string(scenario_path("producer_dropped_response_plain.json")).unwrap();
    let output = run("-", &text);
    assert!(output.status.success());
    assert_golden("producer_dropped_response_plain", &output);
}

#[test]
fn a_bad_file_exits_with_2_and_says_why() {
    let output = run("-", r#"{"topics": [{"name": "t", "partitions": 0}]}"#);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "kafka-sim run: -: topics[0].partitions: Number of partitions was set to an invalid non-positive value.\n"
    );
    let missing = run("/nonexistent/scenario.json", "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .starts_with("kafka-sim run: /nonexistent/scenario.json: No such file or directory"),
    );
}

#[test]
fn without_a_file_it_prints_its_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .arg("run")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "usage: kafka-sim run FILE   (FILE may be - for stdin)\n"
    );
}
