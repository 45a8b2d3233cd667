//! kafka-python 3.0.12's clients read their keyword arguments (`KafkaProducer(**configs)`,
//! `KafkaConsumer(**configs)`) into the same configurations the librdkafka clients run with.

mod consumer;
mod producer;

pub(super) use consumer::consumer;
pub use producer::Serializer;
pub(super) use producer::producer_config;

use super::{ConfigError, Raised};

/// `kafka.errors.KafkaConfigurationError`: kafka-python's errors print their class name
/// before the message (`kafka/errors.py` `KafkaError.__str__`).
fn configuration_error(message: impl Into<String>) -> ConfigError {
    let message = message.into();
    ConfigError::new(
        Raised::KafkaConfigurationError,
        format!("KafkaConfigurationError: {message}"),
    )
}
