//! `kafka-sim partition` run as a program: JSON Lines in, one answer per line out.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(input: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafka-sim"))
        .arg("partition")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("kafka-sim runs");
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
        .map(str::to_owned)
        .collect()
}

#[test]
fn good_lines_get_the_partition() {
    let answers = run(concat!(
        r#"{"partitioner": "consistent_random", "partitions": 7, "key": "hejsan"}"#,
        "\n",
        r#"{"partitions": 17, "key": "hejsan"}"#,
        "\n",
        r#"{"partitioner": "murmur2", "partitions": 7, "key_hex": "68656a73616e"}"#,
        "\n",
        r#"{"partitioner": "murmur2", "partitions": 7, "key": null}"#,
        "\n",
        r#"{"partitioner": "fnv1a_random", "partitions": 7, "key_hex": ""}"#,
        "\n",
        r#"{"partitioner": "consistent", "partitions": 7, "key": "hejsan", "partition": 5}"#,
        "\n",
    ));
    assert_eq!(
        answers,
        [
            r#"{"partition":3}"#,
            r#"{"partition":14}"#,
            r#"{"partition":6}"#,
            r#"{"partition":2}"#,
            r#"{"partition":2}"#,
            r#"{"partition":5}"#,
        ]
    );
}

#[test]
fn keyless_random_choices_follow_the_seed() {
    let line = |seed: u64| {
        format!(
            r#"{{"partitioner": "consistent_random", "partitions": 1000, "key": null, "seed": {seed}}}"#
        )
    };
    let answers = run(&format!("{}\n{}\n{}\n", line(1), line(1), line(2)));
    assert_eq!(answers[0], answers[1]);
    assert_ne!(answers[0], answers[2]);
    assert!(answers[0].starts_with(r#"{"partition":"#));
}

#[test]
fn bad_lines_get_an_error_and_the_loop_goes_on() {
    let answers = run(concat!(
        "not json\n",
        r#"{"partitioner": "crc32", "partitions": 7, "key": "a"}"#,
        "\n",
        r#"{"partitioner": "consistent", "key": "a"}"#,
        "\n",
        r#"{"partitions": 0, "key": "a"}"#,
        "\n",
        r#"{"partitions": 7, "key_hex": "0g"}"#,
        "\n",
        r#"{"partitions": 7, "key": "a", "key_hex": "00"}"#,
        "\n",
        r#"{"partitions": 7, "key": 5}"#,
        "\n",
        r#"{"partitions": 7, "key": "a", "partition": 7}"#,
        "\n",
        r#"{"partitions": 7, "keys": "a"}"#,
        "\n",
        r#"[1]"#,
        "\n",
        r#"{"partitions": 7, "key": "a"}"#,
        "\n",
    ));
    let error = |text: &str| serde_json::json!({ "error": text }).to_string();
    assert!(
        answers[0].starts_with(r#"{"error":"invalid JSON: "#),
        "{}",
        answers[0]
    );
    assert_eq!(
        answers[1..],
        [
            error(
                "unknown partitioner \"crc32\" (expected one of: random, consistent, consistent_random, murmur2, murmur2_random, fnv1a, fnv1a_random)"
            ),
            error("\"partitions\" is required"),
            error("\"partitions\" must be an integer from 1 to 2147483647"),
            error("\"key_hex\" is not an even number of hex digits: \"0g\""),
            error("give \"key\" or \"key_hex\", not both"),
            error("\"key\" must be a string or null"),
            error("partition 7: Unable to produce message: Local: Unknown partition"),
            error(
                "unknown field \"keys\" (expected: client, partitioner, partitions, key, key_hex, seed, partition, available, topic)"
            ),
            error("expected a JSON object"),
            r#"{"partition":4}"#.to_string(),
        ]
    );
}

#[test]
fn kafka_python_hashes_serialized_keys_and_draws_keyless_ones() {
    let answers = run(concat!(
        // Seed 004's key, as its json.dumps key_serializer writes it.
        r#"{"client": "kafka-python", "partitions": 2, "key": "\"count_num\""}"#,
        "\n",
        // The empty key is a key: hashed, not random (murmur2 of nothing % 12 = 9).
        r#"{"client": "kafka-python", "partitions": 12, "key_hex": ""}"#,
        "\n",
        r#"{"client": "kafka-python", "partitions": 4, "key": null, "available": [3]}"#,
        "\n",
        r#"{"client": "kafka-python", "partitions": 2, "key": "k", "partition": 1}"#,
        "\n",
        r#"{"client": "kafka-python", "partitions": 2, "key": "k", "partition": -1}"#,
        "\n",
        r#"{"client": "kafka-python", "partitions": 2, "partition": 2, "topic": "kafka_demo"}"#,
        "\n",
        r#"{"client": "kafka-python", "partitions": 2, "partitioner": "murmur2"}"#,
        "\n",
    ));
    let error = |text: &str| serde_json::json!({ "error": text }).to_string();
    assert_eq!(
        answers,
        [
            r#"{"partition":0}"#.to_string(),
            r#"{"partition":9}"#.to_string(),
            r#"{"partition":3,"random_among":[3]}"#.to_string(),
            r#"{"partition":1}"#.to_string(),
            error("ValueError: partition must be >= 0"),
            error("ValueError: Unrecognized partition 2 for topic kafka_demo"),
            error(
                "\"partitioner\" names a librdkafka partitioner; kafka-python uses its DefaultPartitioner"
            ),
        ]
    );
}
