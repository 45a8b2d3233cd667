//! kafka-python 3.0.12's clients read their keyword arguments (`KafkaProducer(**configs)`,
//! `KafkaConsumer(**configs)`) into the same configurations the librdkafka clients run with.

mod consumer;
mod producer;

pub(super) use consumer::consumer;
pub use producer::Serializer;
pub(super) use producer::producer_config;

use super::{ConfigError, Raised};

/// The keywords both `KafkaProducer.DEFAULT_CONFIG` and `KafkaConsumer.DEFAULT_CONFIG` list
/// for the client under them (security, SASL, proxies, metrics); the model reads none.
const CONNECTION_KEYS: &[&str] = &[
    "security_protocol",
    "ssl_context",
    "ssl_check_hostname",
    "ssl_cafile",
    "ssl_certfile",
    "ssl_keyfile",
    "ssl_crlfile",
    "ssl_password",
    "ssl_ciphers",
    "api_version",
    "bootstrap_timeout_ms",
    "metric_reporters",
    "metrics_enabled",
    "metrics_num_samples",
    "metrics_sample_window_ms",
    "selector",
    "sasl_mechanism",
    "sasl_plain_username",
    "sasl_plain_password",
    "sasl_kerberos_name",
    "sasl_kerberos_service_name",
    "sasl_kerberos_domain_name",
    "sasl_oauth_token_provider",
    "proxy_url",
    "socks5_proxy",
    "kafka_client",
];

/// `kafka.errors.KafkaConfigurationError`: kafka-python's errors print their class name
/// before the message (`kafka/errors.py` `KafkaError.__str__`).
fn configuration_error(message: impl Into<String>) -> ConfigError {
    let message = message.into();
    ConfigError::new(
        Raised::KafkaConfigurationError,
        format!("KafkaConfigurationError: {message}"),
    )
}
