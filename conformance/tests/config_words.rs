//! Settings the model does not simulate are still refused in librdkafka's words when their
//! value does not read as the property's type (`rd_kafka_anyconf_set_prop`): librdkafka and
//! the model say the same for a student's likely typos.

use kafka_lab_conformance::client_config;
use kafka_sim::config::{ConfigValue, ProducerConfig, Profile};
use rdkafka::producer::BaseProducer;

/// What setting `name` to `value` says on librdkafka: its error text, or `Ok`.
fn librdkafka(name: &str, value: &str) -> Result<(), String> {
    client_config("localhost:9092", "p0", &[(name, value)])
        .create::<BaseProducer>()
        .map(|_| ())
        .map_err(|e| match e {
            rdkafka::error::KafkaError::ClientConfig(_, text, _, _) => text,
            other => other.to_string(),
        })
}

fn model(name: &str, value: &str) -> Result<(), String> {
    ProducerConfig::from_pairs(
        Profile::Librdkafka,
        &[(name, ConfigValue::Str(value.into()))],
    )
    .map(|_| ())
    .map_err(|e| e.message)
}

#[test]
fn a_bad_value_of_an_unsimulated_setting_is_refused_in_librdkafkas_words() {
    let cases = [
        ("allow.auto.create.topics", "yes"),
        ("statistics.interval.ms", "-1"),
        ("security.protocol", "tls"),
        ("compression.level", "13"),
        ("log_level", "9"),
        ("socket.keepalive.enable", "on"),
        // Any case ("SSL" too, but this librdkafka is built without OpenSSL: it refuses ssl
        // for that, as confluent-kafka-python's wheels, built with it, do not).
        ("security.protocol", "PLAINTEXT"),
        ("statistics.interval.ms", "1000"),
    ];
    for (name, value) in cases {
        assert_eq!(
            model(name, value),
            librdkafka(name, value),
            "{name}={value}"
        );
    }
}
