//! How librdkafka reads `partition.assignment.strategy` (`rd_kafka_assignors_init`): spaces
//! and commas before a name are skipped, but nothing after it (its `rtrim()` starts on the
//! string's closing NUL), so a space before a comma makes a name that does not exist. The
//! consumer is refused when created, with the same words on librdkafka and on the model.

use kafka_lab_conformance::client_config;
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use rdkafka::consumer::BaseConsumer;

/// What creating a consumer with `list` says: `Ok` or the error's text.
fn librdkafka(list: &str) -> Result<(), String> {
    let settings = [
        ("group.id", "ak03-list"),
        ("partition.assignment.strategy", list),
    ];
    client_config("localhost:9092", "c0", &settings)
        .create::<BaseConsumer>()
        .map(|_| ())
        .map_err(|e| match e {
            rdkafka::error::KafkaError::ClientCreation(text) => text,
            other => other.to_string(),
        })
}

fn model(list: &str) -> Result<(), String> {
    let pairs = [
        ("group.id", ConfigValue::Str("ak03-list".into())),
        (
            "partition.assignment.strategy",
            ConfigValue::Str(list.into()),
        ),
    ];
    ConsumerConfig::from_pairs(Profile::Librdkafka, &pairs)
        .map(|_| ())
        .map_err(|e| {
            e.message
                .trim_start_matches("Failed to create consumer: ")
                .to_owned()
        })
}

#[test]
fn a_space_before_a_comma_is_part_of_the_name() {
    for list in [
        "range, roundrobin",
        " roundrobin,,range,",
        "range , roundrobin",
        "range, ",
    ] {
        assert_eq!(model(list), librdkafka(list), "{list:?}");
    }
    assert_eq!(
        librdkafka("range , roundrobin"),
        Err("Unsupported partition.assignment.strategy: range ".into())
    );
}
