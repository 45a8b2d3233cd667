//! Which client a producer or consumer of the playground is (the scenario file's `"profile"`:
//! librdkafka, the course's, when absent; the Java client; kafka-python 3.0.12), and switching
//! it without losing what the student entered: librdkafka and the Java client read the same
//! property names and programs, kafka-python its own keyword names (`KafkaProducer(**configs)`)
//! and its own calls (`send()`, `for message in consumer`). A pair with a twin in the other
//! client's names is carried across; the rest is kept aside and comes back on the way back.

use super::draft::{ClientDraft, Dict};
use serde_json::{Value, json};

/// A client's library, as the scenario file names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClientProfile {
    #[default]
    Librdkafka,
    Java,
    KafkaPython,
}

impl ClientProfile {
    pub const ALL: [ClientProfile; 3] = [
        ClientProfile::Librdkafka,
        ClientProfile::Java,
        ClientProfile::KafkaPython,
    ];

    /// The scenario file's name for it (`ProfileSpec`).
    pub fn name(self) -> &'static str {
        match self {
            ClientProfile::Librdkafka => "librdkafka",
            ClientProfile::Java => "java",
            ClientProfile::KafkaPython => "kafka-python",
        }
    }

    pub fn from_name(name: &str) -> Option<ClientProfile> {
        ClientProfile::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The client's profile; a file without one means librdkafka (older links have none).
    pub fn of(client: &ClientDraft) -> ClientProfile {
        client
            .rest
            .get("profile")
            .and_then(Value::as_str)
            .and_then(ClientProfile::from_name)
            .unwrap_or_default()
    }

    /// Whether it reads kafka-python's keyword names and runs kafka-python's calls.
    pub fn kafka_python(self) -> bool {
        self == ClientProfile::KafkaPython
    }
}

/// Producer or consumer: which names a dict holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Producer,
    Consumer,
}

/// librdkafka's property and kafka-python's keyword for the same setting. Sources:
/// librdkafka CONFIGURATION.md; kafka-python 3.0.12 `KafkaProducer.DEFAULT_CONFIG`,
/// `KafkaConsumer.DEFAULT_CONFIG`.
const SHARED_TWINS: &[(&str, &str)] = &[
    ("bootstrap.servers", "bootstrap_servers"),
    ("client.id", "client_id"),
    ("retry.backoff.ms", "retry_backoff_ms"),
    ("request.timeout.ms", "request_timeout_ms"),
    ("reconnect.backoff.ms", "reconnect_backoff_ms"),
    ("reconnect.backoff.max.ms", "reconnect_backoff_max_ms"),
    ("metadata.max.age.ms", "metadata_max_age_ms"),
];

const PRODUCER_TWINS: &[(&str, &str)] = &[
    ("acks", "acks"),
    ("enable.idempotence", "enable_idempotence"),
    ("transactional.id", "transactional_id"),
    ("retries", "retries"),
    ("linger.ms", "linger_ms"),
    ("batch.size", "batch_size"),
    ("compression.type", "compression_type"),
    ("delivery.timeout.ms", "delivery_timeout_ms"),
    // librdkafka's other name for delivery.timeout.ms.
    ("message.timeout.ms", "delivery_timeout_ms"),
    (
        "max.in.flight.requests.per.connection",
        "max_in_flight_requests_per_connection",
    ),
];

const CONSUMER_TWINS: &[(&str, &str)] = &[
    ("group.id", "group_id"),
    ("group.instance.id", "group_instance_id"),
    ("auto.offset.reset", "auto_offset_reset"),
    ("enable.auto.commit", "enable_auto_commit"),
    ("auto.commit.interval.ms", "auto_commit_interval_ms"),
    ("session.timeout.ms", "session_timeout_ms"),
    ("heartbeat.interval.ms", "heartbeat_interval_ms"),
    ("max.poll.interval.ms", "max_poll_interval_ms"),
    ("max.poll.records", "max_poll_records"),
    ("fetch.min.bytes", "fetch_min_bytes"),
    ("fetch.wait.max.ms", "fetch_max_wait_ms"),
    ("fetch.max.bytes", "fetch_max_bytes"),
    ("isolation.level", "isolation_level"),
];

/// kafka-python's keywords whose value is text, never a number (`client_id='7'` stays a str).
const TEXT_KEYWORDS: &[&str] = &[
    "bootstrap_servers",
    "client_id",
    "transactional_id",
    "group_id",
    "group_instance_id",
];

/// The serializer the playground's kafka-python programs pass: the template's keys and values
/// are Python strs, and `KafkaProducer.send()` takes bytes (kafka-python
/// `kafka/producer/kafka.py` `KafkaProducer._serialize`).
pub const ENCODE: &str = "lambda v: v.encode()";

fn twins(role: Role) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    let own = match role {
        Role::Producer => PRODUCER_TWINS,
        Role::Consumer => CONSUMER_TWINS,
    };
    SHARED_TWINS.iter().chain(own)
}

/// The name `key` has in the other dialect (`to_kafka_python`: librdkafka's to kafka-python's).
fn twin(role: Role, key: &str, to_kafka_python: bool) -> Option<&'static str> {
    twins(role).find_map(|&(rdkafka, python)| match to_kafka_python {
        true if rdkafka == key => Some(python),
        false if python == key => Some(rdkafka),
        _ => None,
    })
}

/// A value as the other dialect takes it: librdkafka reads every value from its text
/// (`rd_kafka_conf_set`), kafka-python wants Python's own types, so `'5000'` becomes `5000`
/// and `'true'` `True` there; a kafka-python list of servers becomes librdkafka's
/// comma-separated text.
fn translate(key: &str, value: &Value, to_kafka_python: bool) -> Value {
    match value {
        Value::String(text) if to_kafka_python && !TEXT_KEYWORDS.contains(&key) => {
            match text.as_str() {
                "true" => json!(true),
                "false" => json!(false),
                _ => text
                    .parse::<i64>()
                    .map_or_else(|_| value.clone(), |n| json!(n)),
            }
        }
        Value::Array(items) if !to_kafka_python => {
            let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            json!(texts.join(","))
        }
        _ => value.clone(),
    }
}

/// `dict`'s pairs that have a twin in the other dialect, renamed and translated, in order.
pub fn carried(role: Role, dict: &Dict, to_kafka_python: bool) -> Vec<(String, Value)> {
    dict.0
        .iter()
        .filter_map(|(key, value)| {
            let name = twin(role, key, to_kafka_python)?;
            Some((name.to_owned(), translate(name, value, to_kafka_python)))
        })
        .collect()
}

/// What a client held under the other dialect: its dict, program and the rest of its entry,
/// as they were when the student switched away.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    pub config: Dict,
    pub program: Value,
    pub callbacks: Option<Value>,
}

/// Sets `client`'s profile: `"profile"` written unless it is librdkafka's (so a scenario the
/// student never switched stays as older links wrote it).
pub fn set_profile(client: &mut ClientDraft, profile: ClientProfile) {
    match profile {
        ClientProfile::Librdkafka => client.rest.remove("profile"),
        other => client.rest.insert("profile".into(), json!(other.name())),
    };
}

/// The dict a client gets when it moves to the other dialect: what it held there before
/// (`kept`), else `base` (a new client's of that dialect), with every pair that has a twin in
/// the dict it leaves carried across.
pub fn switched_config(
    role: Role,
    from: &Dict,
    kept: Option<&Dict>,
    base: Dict,
    to_kafka_python: bool,
) -> Dict {
    let mut dict = kept.cloned().unwrap_or(base);
    for (key, value) in carried(role, from, to_kafka_python) {
        dict.set(&key, value);
    }
    dict
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dict in the order written (`json!` would sort its keys).
    fn dict(pairs: &str) -> Dict {
        serde_json::from_str(pairs).unwrap()
    }

    #[test]
    fn twins_carry_across_with_the_other_dialects_types() {
        let from = dict(
            r#"{"bootstrap.servers": "localhost:9092", "acks": "1", "linger.ms": "5",
                "enable.idempotence": "false", "queue.buffering.max.messages": 10}"#,
        );
        let pairs = carried(Role::Producer, &from, true);
        assert_eq!(
            pairs,
            vec![
                ("bootstrap_servers".to_string(), json!("localhost:9092")),
                ("acks".into(), json!(1)),
                ("linger_ms".into(), json!(5)),
                ("enable_idempotence".into(), json!(false)),
            ]
        );
        let back = dict(
            r#"{"bootstrap_servers": ["a:1", "b:2"], "group_id": "7",
                "value_serializer": {"callable": "lambda v: v.encode()"}}"#,
        );
        assert_eq!(
            carried(Role::Consumer, &back, false),
            vec![
                ("bootstrap.servers".to_string(), json!("a:1,b:2")),
                ("group.id".into(), json!("7")),
            ]
        );
    }

    #[test]
    fn a_kept_dict_comes_back_with_the_twins_changed_meanwhile() {
        let kept = dict(r#"{"bootstrap.servers": "old:1", "queue.buffering.max.messages": 10}"#);
        let from =
            dict(r#"{"bootstrap_servers": "new:2", "value_serializer": {"callable": "v.encode"}}"#);
        let config = switched_config(Role::Producer, &from, Some(&kept), Dict::default(), false);
        assert_eq!(
            config,
            dict(r#"{"bootstrap.servers": "new:2", "queue.buffering.max.messages": 10}"#)
        );
    }

    #[test]
    fn a_file_without_a_profile_is_librdkafka() {
        let mut client: ClientDraft =
            serde_json::from_value(json!({ "config": {}, "program": [] })).unwrap();
        assert_eq!(ClientProfile::of(&client), ClientProfile::Librdkafka);
        set_profile(&mut client, ClientProfile::KafkaPython);
        assert_eq!(client.rest["profile"], "kafka-python");
        set_profile(&mut client, ClientProfile::Librdkafka);
        assert!(!client.rest.contains_key("profile"));
    }
}
