//! Consumer_01 with `session.timeout.ms` below the broker's `group.min.session.timeout.ms`
//! (6000): the coordinator refuses the JoinGroup with INVALID_SESSION_TIMEOUT and librdkafka
//! hands the program a consumer error, "JoinGroup failed: Broker: Invalid session timeout"
//! (`rd_kafka_cgrp_handle_JoinGroup`: a permanent error goes to `rd_kafka_consumer_err`).
//! Consumer_01 raises it (`if record.error(): raise KafkaException(record.error())`), its
//! `except` prints it and `finally` closes the consumer.

mod engine_consumer_common;

use engine_consumer_common::*;
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::{ClientError, ErrorKind, Printed, ProcessState};
use kafka_sim::coordinator::ErrorCode;
use kafka_sim::engine::{ConsumerSpec, Millis, Sim};

/// The `except Exception as e: print(e)` line of Consumer_01.
const EXCEPT_LINE: u32 = 80;

#[test]
fn the_program_sees_the_join_error_and_stops() {
    let text = |s: &str| ConfigValue::Str(s.to_string());
    let pairs = [
        ("bootstrap.servers", text("localhost:9092")),
        ("group.id", text(GROUP)),
        ("session.timeout.ms", ConfigValue::Int(3000)),
    ];
    let mut scenario = scenario(1, 3, 1);
    scenario.consumers = vec![ConsumerSpec {
        config: ConsumerConfig::from_pairs(Profile::Librdkafka, &pairs).unwrap(),
        program: consumer_01(),
        start_at: Some(0),
    }];
    let mut sim = Sim::new(scenario).unwrap();
    sim.run_until(10_000);
    let printed: Vec<(Millis, ClientError)> = sim
        .consumer_console(0)
        .filter_map(|(time, line, printed)| match printed {
            Printed::Exception(e) if line == EXCEPT_LINE => Some((time, e.clone())),
            _ => None,
        })
        .collect();
    let kind = ErrorKind::Broker(ErrorCode::InvalidSessionTimeout);
    let expected =
        ClientError::with_message(kind, "JoinGroup failed: Broker: Invalid session timeout");
    // The refusal comes back at 2 ms; `consume()` returns it at the end of its first
    // 200 ms chunk (confluent-kafka-python `Consumer_consume`, `CHUNK_TIMEOUT_MS`).
    assert_eq!(printed, vec![(200, expected)]);
    assert_eq!(
        printed[0].1.to_string(),
        "KafkaError{code=INVALID_SESSION_TIMEOUT,val=26,str=\"JoinGroup failed: Broker: Invalid session timeout\"}"
    );
    assert_eq!(sim.consumer(0).unwrap().state(), ProcessState::Finished);
    assert!(sim.group(GROUP).is_none_or(|g| g.members().count() == 0));
}
