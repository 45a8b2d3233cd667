//! A scenario file with a mistake is refused with a message naming the JSON path of the
//! mistake; a client configuration gets the client's own error text.

use kafka_sim::scenario;

/// `parse(json)`'s error as `path: message`.
fn refused(json: &str) -> String {
    scenario::parse(json).unwrap_err().to_string()
}

/// A file with topic `t` and one producer with this configuration dict.
fn with_config(config: &str) -> String {
    format!(
        r#"{{"topics": [{{"name": "t"}}],
  "producers": [{{"config": {config}, "program": [{{"flush": {{"timeout_ms": 1}}}}]}}]}}"#
    )
}

/// A file with topic `t` and one producer running this program.
fn with_program(program: &str) -> String {
    format!(r#"{{"topics": [{{"name": "t"}}], "producers": [{{"program": {program}}}]}}"#)
}

/// Every case's error equals its expected text (all compared at once, so one run shows
/// every difference).
fn assert_all(cases: &[(&str, &str)], error: impl Fn(&str) -> String) {
    let actual: Vec<String> = cases.iter().map(|(input, _)| error(input)).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, text)| *text).collect();
    assert_eq!(actual, expected);
}

#[test]
fn the_base_files_are_valid() {
    scenario::parse(&with_config("{}")).unwrap();
    scenario::parse(&with_program("[]")).unwrap();
}

#[test]
fn json_mistakes_name_their_place() {
    let cases = [
        ("{", "EOF while parsing an object at line 1 column 1"),
        (
            r#"{"sed": 1}"#,
            "sed: unknown field `sed`, expected one of `description`, `seed`, `epoch_ms`, `cluster`, `network`, `topics`, `producers`, `consumers`, `timeline`, `run_until_ms` at line 1 column 6",
        ),
        (
            r#"{"cluster": {"brokers": "3"}}"#,
            "cluster.brokers: invalid type: string \"3\", expected i32 at line 1 column 27",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "explode"}]}"#,
            "timeline[0].command: unknown variant `explode`, expected one of `crash_broker`, `restart_broker`, `drop_next_response`, `delay_follower`, `add_partitions`, `start_producer`, `start_consumer`, `interrupt_consumer`, `stop_consumer`, `kill_consumer`",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "crash_broker", "broker": 1, "why": "x"}]}"#,
            "timeline[0]: unknown field `why`, expected `broker`, or one of `at_ms`, `after`, `wait_ms`",
        ),
    ];
    assert_all(&cases, refused);
}

#[test]
fn configurations_are_refused_as_producer_props_are() {
    let cases = [
        (
            r#"{"acks2": 1}"#,
            "producers[0].config: cimpl.KafkaException: KafkaError{code=_INVALID_ARG,val=-186,str=\"No such configuration property: \"acks2\"\"}",
        ),
        (
            r#"{"acks": "many"}"#,
            "producers[0].config: cimpl.KafkaException: KafkaError{code=_INVALID_ARG,val=-186,str=\"Invalid value for configuration property \"request.required.acks\"\"}",
        ),
        (
            r#"{"enable.idempotence": true, "acks": 0}"#,
            "producers[0].config: cimpl.KafkaException: KafkaError{code=_INVALID_ARG,val=-186,str=\"Failed to create producer: `acks` must be set to `all` when `enable.idempotence` is true\"}",
        ),
        (
            r#"{"error_cb": "error_cb"}"#,
            "producers[0].config: TypeError: expected error_cb property as a callable function",
        ),
    ];
    assert_all(&cases, |config| refused(&with_config(config)));
}

#[test]
fn program_mistakes_name_the_statement() {
    let cases = [
        (
            r#"[{"sned": {}}]"#,
            "producers[0].program[0]: unknown variant `sned`, expected one of `produce`, `poll`, `flush`, `sleep`, `print`, `send`, `get`, `for`, `try` at line 1 column 62",
        ),
        (
            r#"[{"produce": {"value": "v"}}]"#,
            "producers[0].program[0].produce: missing field `topic` at line 1 column 81",
        ),
        (
            r#"[{"for": {"count": 2, "body": [{"produce": {"topic": "t", "value": 5}}]}}]"#,
            "producers[0].program[0].for.body[0].produce.value: expected a text template, {\"employee_json\": {}} or {\"not_json_serializable\": \"TypeName\"} at line 1 column 123",
        ),
        (
            r#"[{"produce": {"topic": "t", "key": "{j}", "value": "v"}}]"#,
            "producers[0].program[0].produce.key: unknown placeholder {j} in \"{j}\" (expected one of: i, len, exception, topic, partition, offset, key, value, error) at line 1 column 94",
        ),
        (
            r#"[{"produce": {"topic": "t", "value": "v", "callback": "cb"}}]"#,
            "producers[0].program[0].produce.callback: no callback named \"cb\" in this producer's \"callbacks\"",
        ),
        (
            r#"[{"poll": {"timeout_ms": 1, "extra": 1}}]"#,
            "producers[0].program[0].poll.extra: unknown field `extra`, expected `line` or `timeout_ms` at line 1 column 89",
        ),
    ];
    assert_all(&cases, |program| refused(&with_program(program)));
}

#[test]
fn impossible_topics_and_commands_are_refused() {
    let cases = [
        (
            r#"{"topics": [{"name": "t", "replication_factor": 4}]}"#,
            "topics[0].replication_factor: Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.",
        ),
        (
            r#"{"topics": [{"name": "t", "partitions": 0}]}"#,
            "topics[0].partitions: Number of partitions was set to an invalid non-positive value.",
        ),
        (
            r#"{"topics": [{"name": "t"}, {"name": "t"}]}"#,
            "topics[1].name: Topic 't' already exists.",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "crash_broker", "broker": 7}]}"#,
            "timeline[0].broker: no broker 7 (the brokers are 1 to 3)",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "start_producer", "producer": 0}]}"#,
            "timeline[0].producer: no producer 0 (there are 0, numbered from 0)",
        ),
        (
            r#"{"network": {"links": [{"between": [{"broker": 1}, {"producer": 2}], "latency_ms": 5}]}}"#,
            "network.links[0].between[1].producer: no producer 2 (there are 0, numbered from 0)",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "add_partitions", "topic": "u", "count": 2}]}"#,
            "timeline[0].topic: no topic 'u' in topics",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "kill_consumer", "consumer": 1}]}"#,
            "timeline[0].consumer: no consumer 1 (there are 0, numbered from 0)",
        ),
        (
            r#"{"cluster": {"brokers": 0}}"#,
            "cluster.brokers: a cluster needs at least one broker",
        ),
        (
            r#"{"timeline": [{"command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].at_ms: missing: a command needs at_ms (a time) or after (an event)",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "wait_ms": 1, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].wait_ms: wait_ms goes with after (the wait after the event), not with at_ms",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "after": {"producer_finished": 0}, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].after: give either at_ms or after, not both",
        ),
        (
            r#"{"timeline": [{"after": {"consumer_closed": 2}, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].after.consumer_closed: no consumer 2 (there are 0, numbered from 0)",
        ),
        (
            r#"{"timeline": [{"after": {"consumer_gone": 0}, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].after: unknown variant `consumer_gone`, expected one of `consumer_assigned`, `consumer_closed`, `producer_finished`",
        ),
        (
            r#"{"timeline": [{"after": {"consumer_closed": 0}, "wait_ms": -1, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].wait_ms: invalid value: integer `-1`, expected u64",
        ),
        (
            r#"{"timeline": [{"at_ms": 5, "command": "stop_consumer", "consumer": 0}]}"#,
            "timeline[0].consumer: no consumer 0 (there are 0, numbered from 0)",
        ),
        (
            &with_program(r#"[{"produce": {"topic": "t", "value": "v", "partition": "1"}}]"#),
            "producers[0].program[0].produce.partition: invalid type: string \"1\", expected i32 at line 1 column 112",
        ),
    ];
    assert_all(&cases, refused);
}

#[test]
fn consumers_are_checked_as_consumer_props_and_their_statements() {
    let consumer = |config: &str, body: &str| {
        format!(r#"{{"consumers": [{{"config": {config}, "program": {{"body": {body}}}}}]}}"#)
    };
    let cases = [
        (
            consumer(r#"{"bootstrap.servers": "b"}"#, "[]"),
            "consumers[0].config: ValueError: Failed to create consumer: group.id must be set",
        ),
        (
            consumer(
                r#"{"group.id": "g"}"#,
                r#"[{"subscribe": {"topics": ["t"]}}]"#,
            ),
            "consumers[0].program.body[0].subscribe: missing field `line` at line 1 column 97",
        ),
    ];
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(json, text)| (json.as_str(), *text))
        .collect();
    assert_all(&cases, refused);
}

/// The path goes into every kind of value: a key that cannot be read (`?`), a variant, an
/// element of an array or a pair, a configuration value, a struct written as an array, a
/// nested statement, a callback; and the line and column are where the reader stopped.
#[test]
fn mistakes_inside_values_name_the_innermost_place() {
    let cases = [
        (
            r#"{"cluster": {"brokers": 3 "x": 1}}"#,
            "cluster.?: expected `,` or `}` at line 1 column 27",
        ),
        (
            r#"{"network": {"links": [{"between": [{"broker": 1}, {"broker": "x"}], "latency_ms": 1}]}}"#,
            "network.links[0].between[1].broker: invalid type: string \"x\", expected i32 at line 1 column 65",
        ),
        (
            r#"{"producers": [{"config": {"acks": [1, }}, "program": []}]}"#,
            "producers[0].config.acks[1]: expected value at line 1 column 40",
        ),
        (
            r#"{"topics": [{"name": "t"}], "producers": [{"program": [{"produce": {"topic": "t", "value": {"employee_json": 1}}}]}]}"#,
            "producers[0].program[0].produce.value: expected a text template, {\"employee_json\": {}} or {\"not_json_serializable\": \"TypeName\"} at line 1 column 112",
        ),
        (
            r#"{"topics": [[]]}"#,
            "topics[0]: invalid length 0, expected struct TopicEntry with 4 elements at line 1 column 14",
        ),
        (
            r#"{"timeline": [{"after": {"consumer_closed": "x"}, "command": "crash_broker", "broker": 1}]}"#,
            "timeline[0].after.consumer_closed: invalid type: string \"x\", expected usize",
        ),
        (
            r#"{"topics": [{"name": "t"}], "producers": [{"program": [{"for": {"count": 1, "body": [{"poll": {"timeout_ms": -5}}]}}]}]}"#,
            "producers[0].program[0].for.body[0].poll.timeout_ms: invalid value: integer `-5`, expected u64 at line 1 column 111",
        ),
        (
            r#"{"consumers": [{"config": {"group.id": "g"}, "program": {"callbacks": {"on_assign": [{"print_partitions": {}}]}}}]}"#,
            "consumers[0].program.callbacks.on_assign[0].print_partitions: missing field `line` at line 1 column 108",
        ),
        (
            r#"{"topics": [{"name": "t"}], "producers": [{"program": [], "callbacks": {"cb": {"delivered": "x", "failed": "{nope}"}}}]}"#,
            "producers[0].callbacks.cb.failed: unknown placeholder {nope} in \"{nope}\" (expected one of: i, len, exception, topic, partition, offset, key, value, error) at line 1 column 116",
        ),
        (
            r#"{"topics": [{"name": "t", "partitions": 2}], "consumers": [{"config": {"group.id": "g"}, "program": {"body": [{"assign": {"line": 1, "partitions": [[{"topic": "t", "partition": 0}]]}}]}}]}"#,
            "consumers[0].program.body[0].assign.partitions[0]: invalid length 1, expected a tuple of size 2 at line 1 column 180",
        ),
    ];
    assert_all(&cases, refused);
}

/// A struct may be written as an array of its fields in declared order, as serde's derive
/// read it (defaults for those left off the end).
#[test]
fn a_struct_may_be_an_array_of_its_fields() {
    let array = scenario::parse(r#"{"cluster": [3], "topics": [["t", 2]]}"#).unwrap();
    let object = scenario::parse(
        r#"{"cluster": {"brokers": 3}, "topics": [{"name": "t", "partitions": 2}]}"#,
    )
    .unwrap();
    assert_eq!(array, object);
}
