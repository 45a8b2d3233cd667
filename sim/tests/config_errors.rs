//! Every configuration error, in the client's own words and with the exception a student
//! would see.

use kafka_sim::config::{
    ConfigError, ConfigValue, ConsumerConfig, ProducerConfig, Profile, Raised,
};

fn producer(pairs: &[(&str, ConfigValue)]) -> ConfigError {
    ProducerConfig::from_pairs(Profile::Librdkafka, pairs).expect_err("refused")
}

fn consumer(pairs: &[(&str, ConfigValue)]) -> ConfigError {
    let mut all = vec![("group.id", ConfigValue::from("g"))];
    all.extend_from_slice(pairs);
    ConsumerConfig::from_pairs(Profile::Librdkafka, &all).expect_err("refused")
}

fn kafka(message: &str) -> ConfigError {
    ConfigError {
        raised: Raised::KafkaException,
        message: message.into(),
    }
}

fn raised(raised: Raised, message: &str) -> ConfigError {
    ConfigError {
        raised,
        message: message.into(),
    }
}

#[test]
fn unknown_names() {
    assert_eq!(
        producer(&[("foo", "1".into())]),
        kafka("No such configuration property: \"foo\"")
    );
    // The course's Java-style deserializer settings are not librdkafka properties.
    assert_eq!(
        consumer(&[("key.deserializer", "x".into())]),
        kafka("No such configuration property: \"key.deserializer\"")
    );
    // A `topic.` prefix is removed before the topic properties are searched.
    assert_eq!(
        producer(&[("topic.foo", "1".into())]),
        kafka("No such configuration property: \"foo\"")
    );
    // on_commit is the consumer's; a producer passes it on to librdkafka.
    assert_eq!(
        producer(&[("on_commit", ConfigValue::Callable("cb".into()))]),
        kafka("No such configuration property: \"on_commit\"")
    );
}

#[test]
fn bad_values_name_the_property_an_alias_stands_for() {
    assert_eq!(
        producer(&[("acks", "x".into())]),
        kafka("Invalid value for configuration property \"request.required.acks\"")
    );
    assert_eq!(
        producer(&[("acks", true.into())]),
        kafka("Invalid value for configuration property \"request.required.acks\"")
    );
    assert_eq!(
        producer(&[("acks", 5000.into())]),
        kafka(
            "Configuration property \"request.required.acks\" value 5000 is outside allowed range -1..1000\n"
        )
    );
    assert_eq!(
        producer(&[("linger.ms", (-1).into())]),
        kafka(
            "Configuration property \"queue.buffering.max.ms\" value -1 is outside allowed range 0..900000\n"
        )
    );
    // strtod reads "inf" and an overflowing "1e999" as infinity, which %g prints as inf.
    for infinite in ["inf", "1e999"] {
        assert_eq!(
            producer(&[("linger.ms", infinite.into())]),
            kafka(
                "Configuration property \"queue.buffering.max.ms\" value inf is outside allowed range 0..900000\n"
            )
        );
    }
    assert_eq!(
        producer(&[("linger.ms", "soon".into())]),
        kafka("Invalid value for configuration property \"queue.buffering.max.ms\"")
    );
    assert_eq!(
        producer(&[("enable.idempotence", "yes".into())]),
        kafka("Expected bool value for \"enable.idempotence\": true or false")
    );
    assert_eq!(
        producer(&[("compression.type", "brotli".into())]),
        kafka("Invalid value \"brotli\" for configuration property \"compression.codec\"")
    );
    assert_eq!(
        producer(&[("partitioner", "crc32".into())]),
        kafka("Invalid value for configuration property \"partitioner\": crc32")
    );
    assert_eq!(
        consumer(&[("auto.offset.reset", "first".into())]),
        kafka("Invalid value \"first\" for configuration property \"auto.offset.reset\"")
    );
    assert_eq!(
        consumer(&[("isolation.level", "serializable".into())]),
        kafka("Invalid value \"serializable\" for configuration property \"isolation.level\"")
    );
    assert_eq!(
        consumer(&[("session.timeout.ms", 0.into())]),
        kafka(
            "Configuration property \"session.timeout.ms\" value 0 is outside allowed range 1..3600000\n"
        )
    );
}

#[test]
fn empty_values() {
    let empty = |name: &str, value: ConfigValue| producer(&[(name, value)]);
    assert_eq!(
        empty("retries", ConfigValue::None),
        kafka(
            "Integer configuration property \"message.send.max.retries\" cannot be set to empty value"
        )
    );
    assert_eq!(
        empty("linger.ms", "".into()),
        kafka(
            "Float configuration property \"queue.buffering.max.ms\" cannot be set to empty value"
        )
    );
    assert_eq!(
        empty("enable.idempotence", ConfigValue::None),
        kafka("Bool configuration property \"enable.idempotence\" cannot be set to empty value")
    );
    assert_eq!(
        empty("compression.type", "".into()),
        kafka("Configuration property \"compression.codec\" cannot be set to empty value")
    );
    assert_eq!(
        empty("partitioner", ConfigValue::None),
        kafka("Invalid value for configuration property \"partitioner\": (null)")
    );
}

#[test]
fn properties_librdkafka_does_not_let_a_dict_set() {
    assert_eq!(
        producer(&[("dr_msg_cb", "x".into())]),
        kafka("Property \"dr_msg_cb\" must be set through dedicated .._set_..() function")
    );
    assert_eq!(
        producer(&[("interceptors", "x".into())]),
        kafka("Internal property \"interceptors\" not settable")
    );
    assert_eq!(
        producer(&[("sasl.jaas.config", "x".into())]),
        kafka(
            "Java JAAS configuration is not supported, see \
             https://github.com/confluentinc/librdkafka/wiki/Using-SASL-with-librdkafka \
             for more information."
        )
    );
}

#[test]
fn python_callback_checks() {
    assert_eq!(
        producer(&[("error_cb", "error_cb".into())]),
        raised(
            Raised::TypeError,
            "expected error_cb property as a callable function"
        )
    );
    assert_eq!(
        producer(&[("throttle_cb", ConfigValue::None)]),
        raised(
            Raised::ValueError,
            "expected throttle_cb property as a callable function"
        )
    );
    assert_eq!(
        producer(&[("on_delivery", 1.into())]),
        kafka("on_delivery requires a callable object")
    );
    assert_eq!(
        consumer(&[("on_commit", "x".into())]),
        kafka("on_commit requires a callable object")
    );
    assert_eq!(
        producer(&[("delivery.report.only.error", "true".into())]),
        raised(
            Raised::TypeError,
            "Expected delivery.report.only.error to be bool type, not str"
        )
    );
}

#[test]
fn the_first_bad_pair_is_the_one_raised() {
    assert_eq!(
        producer(&[("acks", "x".into()), ("foo", "1".into())]),
        kafka("Invalid value for configuration property \"request.required.acks\"")
    );
}

#[test]
fn a_consumer_needs_a_group_id_key() {
    let refused = ConsumerConfig::from_pairs(
        Profile::Librdkafka,
        &[("bootstrap.servers", "localhost:9092".into())],
    );
    assert_eq!(
        refused,
        Err(raised(
            Raised::ValueError,
            "Failed to create consumer: group.id must be set"
        ))
    );
}

#[test]
fn idempotence_conflicts_fail_creation() {
    let idempotent = |name: &str, value: ConfigValue| {
        producer(&[("enable.idempotence", true.into()), (name, value)])
    };
    assert_eq!(
        idempotent("acks", 1.into()),
        kafka(
            "Failed to create producer: `acks` must be set to `all` when `enable.idempotence` is true"
        )
    );
    assert_eq!(
        idempotent("max.in.flight", 6.into()),
        kafka(
            "Failed to create producer: `max.in.flight` must be set <= 5 when `enable.idempotence` is true"
        )
    );
    assert_eq!(
        idempotent("retries", 0.into()),
        kafka(
            "Failed to create producer: `retries` must be set >= 1 when `enable.idempotence` is true"
        )
    );
    assert_eq!(
        producer(&[
            ("transactional.id", "t".into()),
            ("enable.idempotence", false.into())
        ]),
        kafka("Failed to create producer: `transactional.id` requires `enable.idempotence=true`")
    );
    assert_eq!(
        producer(&[
            ("transactional.id", "t".into()),
            ("message.timeout.ms", 70000.into())
        ]),
        kafka(
            "Failed to create producer: `message.timeout.ms` must be set <= `transaction.timeout.ms`"
        )
    );
    assert_eq!(
        producer(&[
            ("transactional.id", "t".into()),
            ("socket.timeout.ms", 70000.into())
        ]),
        kafka(
            "Failed to create producer: `socket.timeout.ms` must be set <= `transaction.timeout.ms` + 100"
        )
    );
}

#[test]
fn timeouts_fail_creation() {
    assert_eq!(
        producer(&[
            ("linger.ms", 1000.into()),
            ("message.timeout.ms", 1000.into())
        ]),
        kafka("Failed to create producer: `message.timeout.ms` must be greater than `linger.ms`")
    );
    assert_eq!(
        consumer(&[("session.timeout.ms", 400000.into())]),
        kafka("Failed to create consumer: `max.poll.interval.ms`must be >= `session.timeout.ms`")
    );
    assert_eq!(
        consumer(&[("fetch.min.bytes", 0.into())]),
        kafka(
            "Failed to create consumer: Configuration property \"fetch.min.bytes\" value is outside allowed range 1..100000000"
        )
    );
    assert_eq!(
        consumer(&[("fetch.max.bytes", 1000.into())]),
        kafka("Failed to create consumer: `fetch.max.bytes` must be >= `message.max.bytes`")
    );
}

#[test]
fn the_consumer_group_protocol_refuses_classic_settings() {
    let with = |name: &str, value: ConfigValue| {
        consumer(&[("group.protocol", "consumer".into()), (name, value)])
    };
    assert_eq!(
        with("session.timeout.ms", 10000.into()),
        kafka(
            "Failed to create consumer: `session.timeout.ms` is not supported for \
             `group.protocol=consumer` or share consumer. It is defined broker side"
        )
    );
    assert_eq!(
        with("partition.assignment.strategy", "range".into()),
        kafka(
            "Failed to create consumer: `partition.assignment.strategy` is not supported for \
             `group.protocol=consumer`. Use `group.remote.assignor` instead"
        )
    );
    assert_eq!(
        with("heartbeat.interval.ms", 1000.into()),
        kafka(
            "Failed to create consumer: `heartbeat.interval.ms` is not supported for \
             `group.protocol=consumer` or share consumer. It is defined broker side"
        )
    );
}

#[test]
fn assignor_lists() {
    assert_eq!(
        consumer(&[("partition.assignment.strategy", "sticky".into())]),
        kafka("Failed to create consumer: Unsupported partition.assignment.strategy: sticky")
    );
    assert_eq!(
        consumer(&[(
            "partition.assignment.strategy",
            "range,cooperative-sticky".into()
        )]),
        kafka(
            "Failed to create consumer: All partition.assignment.strategy (range,cooperative-sticky) \
             assignors must have the same protocol type, online migration between assignors with \
             different protocol types is not supported"
        )
    );
}

#[test]
fn java_profile_errors() {
    let java = |pairs: &[(&str, ConfigValue)]| {
        ProducerConfig::from_pairs(Profile::Java, pairs).expect_err("refused")
    };
    let config = |message: &str| raised(Raised::ConfigException, message);
    assert_eq!(
        java(&[("enable.idempotence", true.into()), ("acks", 1.into())]),
        config(
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot \
             guarantee idempotence."
        )
    );
    assert_eq!(
        java(&[("enable.idempotence", true.into()), ("retries", 0.into())]),
        config("Must set retries to non-zero when using the idempotent producer.")
    );
    assert_eq!(
        java(&[
            ("enable.idempotence", true.into()),
            ("max.in.flight.requests.per.connection", 6.into())
        ]),
        config(
            "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer."
        )
    );
    assert_eq!(
        java(&[("transactional.id", "t".into()), ("acks", 1.into())]),
        config("Cannot set a transactional.id without also enabling idempotence.")
    );
    assert_eq!(
        java(&[("delivery.timeout.ms", 1000.into())]),
        config(
            "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"
        )
    );
}

#[test]
fn errors_display_their_message() {
    assert_eq!(
        producer(&[("foo", "1".into())]).to_string(),
        "No such configuration property: \"foo\""
    );
}

/// Properties the model does not simulate are still read as librdkafka types them, so a
/// student's typo is refused in librdkafka's words (`rd_kafka_anyconf_set_prop`), and a good
/// value is accepted and ignored.
#[test]
fn settings_the_model_ignores_are_still_checked() {
    assert_eq!(
        consumer(&[("allow.auto.create.topics", "yes".into())]),
        kafka("Expected bool value for \"allow.auto.create.topics\": true or false")
    );
    assert_eq!(
        producer(&[("statistics.interval.ms", (-1).into())]),
        kafka(
            "Configuration property \"statistics.interval.ms\" value -1 is outside allowed range 0..86400000\n"
        )
    );
    assert_eq!(
        producer(&[("security.protocol", "tls".into())]),
        kafka("Invalid value \"tls\" for configuration property \"security.protocol\"")
    );
    assert_eq!(
        producer(&[("compression.level", 13.into())]),
        kafka(
            "Configuration property \"compression.level\" value 13 is outside allowed range -1..12\n"
        )
    );
    let fine = [
        ("allow.auto.create.topics", true.into()),
        ("security.protocol", "SSL".into()),
        ("log_level", 7.into()),
        ("group.id", "g".into()),
    ];
    assert!(ConsumerConfig::from_pairs(Profile::Librdkafka, &fine).is_ok());
}
