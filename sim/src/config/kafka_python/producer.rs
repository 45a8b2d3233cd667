//! kafka-python 3.0.12's producer configuration: `KafkaProducer(**configs)` keyword arguments
//! with its defaults and the checks its constructor makes, in its order.
//! Source: kafka-python `kafka/producer/kafka.py` (`KafkaProducer.DEFAULT_CONFIG`,
//! `KafkaProducer.__init__`) and `kafka/producer/record_accumulator.py`
//! (`RecordAccumulator.__init__`).

use super::{CONNECTION_KEYS, configuration_error};
use crate::config::producer::{Acks, Compression, ProducerConfig, StickyRule};
use crate::config::{ConfigError, ConfigValue, Profile, Raised};
use crate::partitioner::Partitioner;

/// What `key_serializer=` / `value_serializer=` does to a key or a value before it is sent.
/// kafka-python calls the serializer on `None` too (`KafkaProducer._serialize`,
/// `kafka/serializer/wrapper.py` `SerializeWrapper.serialize`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Serializer {
    /// None given: the value is sent as it is, and must already be bytes.
    #[default]
    Identity,
    /// `lambda v: json.dumps(v).encode()`: a str becomes its JSON text, `None` becomes `null`.
    JsonDumps,
    /// `lambda v: v.encode()` (or `str.encode`): a str becomes its UTF-8 bytes; `None` has
    /// no `encode` and raises `AttributeError`.
    Encode,
}

impl Serializer {
    /// Reads a serializer written as its Python source (`lambda k: json.dumps(k).encode()`).
    fn from_source(source: &str) -> Option<Serializer> {
        let source: String = source.split_whitespace().collect();
        if source == "str.encode" {
            return Some(Serializer::Encode);
        }
        let (arg, body) = source.strip_prefix("lambda")?.split_once(':')?;
        let body = body
            .strip_suffix(".encode()")
            .or_else(|| body.strip_suffix(".encode('utf-8')"))
            .or_else(|| body.strip_suffix(".encode(\"utf-8\")"))?;
        if body == arg {
            Some(Serializer::Encode)
        } else if body == format!("json.dumps({arg})") {
            Some(Serializer::JsonDumps)
        } else {
            None
        }
    }
}

/// Every keyword `KafkaProducer` accepts (the keys of `DEFAULT_CONFIG`, with
/// [`CONNECTION_KEYS`]); any other raises
/// `ValueError: Unrecognized configs: {...}`.
const KNOWN: &[&str] = &[
    "bootstrap_servers",
    "client_id",
    "key_serializer",
    "value_serializer",
    "enable_idempotence",
    "transactional_id",
    "transaction_timeout_ms",
    "delivery_timeout_ms",
    "acks",
    "compression_type",
    "retries",
    "batch_size",
    "linger_ms",
    "partitioner",
    "connections_max_idle_ms",
    "max_block_ms",
    "max_request_size",
    "allow_auto_create_topics",
    "metadata_max_age_ms",
    "client_dns_lookup",
    "retry_backoff_ms",
    "request_timeout_ms",
    "receive_message_max_bytes",
    "receive_buffer_bytes",
    "send_buffer_bytes",
    "socket_options",
    "reconnect_backoff_ms",
    "reconnect_backoff_max_ms",
    "max_in_flight_requests_per_connection",
];

/// The keyword arguments, by name, and which of them the program gave.
struct Kwargs<'a> {
    pairs: &'a [(&'a str, ConfigValue)],
}

impl Kwargs<'_> {
    fn get(&self, name: &str) -> Option<&ConfigValue> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    fn given(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A number of milliseconds (or bytes): kafka-python takes any int or float and checks
    /// none; the model needs a non-negative number.
    fn number(&self, name: &str, default: f64) -> Result<f64, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(ConfigValue::Int(i)) if *i >= 0 => Ok(*i as f64),
            Some(ConfigValue::Float(x)) if *x >= 0.0 => Ok(*x),
            Some(other) => Err(ConfigError::new(
                Raised::TypeError,
                format!(
                    "kafka-sim models {name} as a number >= 0, not {}",
                    other.python_repr()
                ),
            )),
        }
    }

    fn millis(&self, name: &str, default: u32) -> Result<u32, ConfigError> {
        Ok(self
            .number(name, f64::from(default))?
            .min(f64::from(u32::MAX)) as u32)
    }

    fn serializer(&self, name: &str) -> Result<Serializer, ConfigError> {
        match self.get(name) {
            None | Some(ConfigValue::None) => Ok(Serializer::Identity),
            Some(ConfigValue::Callable(source)) => {
                Serializer::from_source(source).ok_or_else(|| {
                    ConfigError::new(
                        Raised::TypeError,
                        format!(
                            "kafka-sim models the serializers `lambda v: json.dumps(v).encode()` \
                             and `lambda v: v.encode()`, not `{source}`"
                        ),
                    )
                })
            }
            Some(other) => Err(ConfigError::new(
                Raised::TypeError,
                format!("'{}' object is not callable", other.python_type()),
            )),
        }
    }
}

/// `KafkaProducer(**configs)`, from the keyword arguments in the order written.
pub(in crate::config) fn producer_config(
    pairs: &[(&str, ConfigValue)],
) -> Result<ProducerConfig, ConfigError> {
    let kw = Kwargs { pairs };
    let unknown: Vec<String> = pairs
        .iter()
        .filter(|(name, _)| !KNOWN.contains(name) && !CONNECTION_KEYS.contains(name))
        .map(|(name, value)| format!("'{name}': {}", value.python_repr()))
        .collect();
    if !unknown.is_empty() {
        return Err(ConfigError::new(
            Raised::ValueError,
            format!("Unrecognized configs: {{{}}}", unknown.join(", ")),
        ));
    }
    let acks = match kw.get("acks") {
        None => -1,
        Some(ConfigValue::Str(s)) if s == "all" => -1,
        Some(ConfigValue::Int(i)) => i32::try_from(*i).unwrap_or(i32::MAX),
        Some(other) => {
            return Err(ConfigError::new(
                Raised::TypeError,
                format!(
                    "kafka-sim models acks as 0, 1, -1 or 'all', not {}",
                    other.python_repr()
                ),
            ));
        }
    };
    let compression = compression(kw.get("compression_type"))?;
    let transactional_id = match kw.get("transactional_id") {
        None | Some(ConfigValue::None) => None,
        Some(value) => Some(value.python_str().unwrap_or_default()),
    };
    let retries = kw.number("retries", f64::INFINITY)?;
    let in_flight = kw.number("max_in_flight_requests_per_connection", 5.0)?;
    let enable_idempotence = idempotence(&kw, acks, retries, in_flight, &transactional_id)?;
    let linger_ms = kw.number("linger_ms", 0.0)?;
    let request_timeout_ms = kw.millis("request_timeout_ms", 30_000)?;
    let delivery_timeout_ms = kw.millis("delivery_timeout_ms", 120_000)?;
    if f64::from(delivery_timeout_ms) < linger_ms + f64::from(request_timeout_ms) {
        return Err(configuration_error(
            "Must set delivery_timeout_ms higher than linger_ms + request_timeout_ms",
        ));
    }
    let retry_backoff_ms = kw.millis("retry_backoff_ms", 100)?;
    let bootstrap_servers = match kw.get("bootstrap_servers") {
        None => Some("localhost".to_owned()),
        Some(ConfigValue::List(items)) => Some(
            items
                .iter()
                .filter_map(ConfigValue::python_str)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Some(value) => value.python_str(),
    };
    Ok(ProducerConfig {
        profile: Profile::KafkaPython,
        bootstrap_servers,
        // `'kafka-python-producer-%s' % PRODUCER_CLIENT_ID_SEQUENCE.increment()`: the first
        // producer of the Python process.
        client_id: match kw.get("client_id") {
            None | Some(ConfigValue::None) => "kafka-python-producer-1".to_owned(),
            Some(value) => value.python_str().unwrap_or_default(),
        },
        acks: Acks::from_int(acks),
        enable_idempotence,
        transactional_id,
        linger_ms,
        batch_num_messages: None,
        batch_size: kw.millis("batch_size", 16_384)?,
        queue_buffering_max_messages: None,
        // kafka-python 3.0 has no `buffer_memory` (it is not in `DEFAULT_CONFIG`): nothing
        // limits the accumulator; librdkafka's default 1 GiB stands in, never reached.
        queue_buffering_max_kbytes: 1_048_576,
        max_in_flight: in_flight.min(f64::from(u32::MAX)) as u32,
        retries: retries.min(f64::from(i32::MAX)) as u32,
        // kafka-python backs off a constant `retry_backoff_ms` (`RecordAccumulator.ready`).
        retry_backoff_ms,
        retry_backoff_max_ms: retry_backoff_ms,
        message_timeout_ms: delivery_timeout_ms,
        request_timeout_ms,
        partitioner: Partitioner::default(),
        // `DefaultPartitioner` draws a partition for every keyless message.
        sticky: StickyRule::Linger { ms: 0 },
        compression,
        delivery_report_only_error: false,
        error_cb: false,
        on_delivery: false,
        key_serializer: kw.serializer("key_serializer")?,
        value_serializer: kw.serializer("value_serializer")?,
    })
}

/// `compression_type`: a codec kafka-python knows, whose library is installed. A plain
/// `pip install kafka-python` has gzip (the standard library's) and none of the optional
/// python-snappy, lz4 and zstandard packages (`kafka/codec.py` `has_snappy` ...).
fn compression(value: Option<&ConfigValue>) -> Result<Compression, ConfigError> {
    let name = match value {
        None | Some(ConfigValue::None) => return Ok(Compression::None),
        Some(ConfigValue::Str(name)) => name.as_str(),
        Some(other) => {
            return Err(ConfigError::new(
                Raised::ValueError,
                format!(
                    "Not supported codec: {}",
                    other.python_str().unwrap_or_default()
                ),
            ));
        }
    };
    match name {
        "gzip" => Ok(Compression::Gzip),
        "snappy" | "lz4" | "zstd" => Err(ConfigError::new(
            Raised::RuntimeError,
            format!("Libraries for {name} compression codec not found"),
        )),
        _ => Err(ConfigError::new(
            Raised::ValueError,
            format!("Not supported codec: {name}"),
        )),
    }
}

/// Idempotence is on by default (3.0). A conflicting `acks`, `retries=0` or more than 5
/// requests in flight, when the program gave them, turn it off with a warning, or raise when
/// the program asked for idempotence itself (or for transactions). The brokers are taken to
/// be 0.11 or newer, so the api_version rule never fires.
/// Source: kafka-python `kafka/producer/kafka.py` `KafkaProducer.__init__`.
fn idempotence(
    kw: &Kwargs,
    acks: i32,
    retries: f64,
    in_flight: f64,
    transactional_id: &Option<String>,
) -> Result<bool, ConfigError> {
    let mut user_set = kw.given("enable_idempotence");
    let mut enabled = match kw.get("enable_idempotence") {
        None => true,
        Some(ConfigValue::Bool(b)) => *b,
        Some(other) => {
            return Err(ConfigError::new(
                Raised::TypeError,
                format!(
                    "kafka-sim models enable_idempotence as True or False, not {}",
                    other.python_repr()
                ),
            ));
        }
    };
    if user_set && !enabled && transactional_id.is_some() {
        return Err(configuration_error(
            "Cannot set transactional_id without enable_idempotence.",
        ));
    }
    if transactional_id.is_some() {
        enabled = true;
        user_set = true;
    }
    if enabled {
        let mut conflicts = Vec::new();
        if let Some(value) = kw.get("acks")
            && acks != -1
        {
            conflicts.push(format!("acks={}", value.python_repr()));
        }
        if kw.given("retries") && retries == 0.0 {
            conflicts.push("retries=0".to_owned());
        }
        if let Some(value) = kw.get("max_in_flight_requests_per_connection")
            && in_flight > 5.0
        {
            let value = value.python_repr();
            conflicts.push(format!("max_in_flight_requests_per_connection={value}"));
        }
        if !conflicts.is_empty() {
            if user_set {
                return Err(configuration_error(format!(
                    "enable_idempotence=True is incompatible with user-provided {}",
                    conflicts.join(", ")
                )));
            }
            enabled = false;
        }
    }
    Ok(enabled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializers_are_read_from_their_source() {
        let cases = [
            (
                "lambda k: json.dumps(k).encode()",
                Some(Serializer::JsonDumps),
            ),
            ("lambda v: v.encode('utf-8')", Some(Serializer::Encode)),
            ("str.encode", Some(Serializer::Encode)),
            ("lambda v: pickle.dumps(v)", None),
        ];
        for (source, serializer) in cases {
            assert_eq!(Serializer::from_source(source), serializer, "{source}");
        }
    }
}
