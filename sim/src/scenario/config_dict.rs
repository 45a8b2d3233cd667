//! A client's configuration dict as the scenario file writes it: a JSON object of librdkafka
//! property names to values, kept in the order written, because `Producer(props)` applies
//! the pairs in order and raises on the first bad one (confluent-kafka-python
//! `confluent_kafka.c` `common_conf_setup`).

use crate::config::ConfigValue;
use crate::program::de::{self, At, Read};
use serde::de::{Deserializer, Error, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The pairs of a configuration dict, in the file's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigDict(pub Vec<(String, ConfigValue)>);

impl ConfigDict {
    /// The pairs as `ProducerConfig::from_pairs` and `ConsumerConfig::from_pairs` take them.
    pub fn pairs(&self) -> Vec<(&str, ConfigValue)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.clone()))
            .collect()
    }
}

/// The Python value a JSON value stands for: a string, an int, a float, `True`/`False`,
/// `None`, a list of them, or `{"callable": "error_cb"}` for a function such as `error_cb`.
fn python_value(value: Value) -> Result<ConfigValue, String> {
    Ok(match value {
        Value::String(text) => ConfigValue::Str(text),
        Value::Bool(b) => ConfigValue::Bool(b),
        Value::Null => ConfigValue::None,
        Value::Number(n) => match n.as_i64() {
            Some(i) => ConfigValue::Int(i),
            None => ConfigValue::Float(n.as_f64().ok_or("a number out of range")?),
        },
        Value::Object(object) => match object.get("callable") {
            Some(Value::String(name)) if object.len() == 1 => ConfigValue::Callable(name.clone()),
            _ => return Err(EXPECTED.into()),
        },
        Value::Array(items) => ConfigValue::List(
            items
                .into_iter()
                .map(python_value)
                .collect::<Result<_, _>>()?,
        ),
    })
}

const EXPECTED: &str =
    "expected a string, a number, true/false, null, a list or {\"callable\": \"function_name\"}";

/// Read as the file writes it, each value at its property's path (`config.acks`).
impl Read for ConfigDict {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        struct PairsVisitor<'a>(&'a At<'a>);

        impl<'de> Visitor<'de> for PairsVisitor<'_> {
            type Value = ConfigDict;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of configuration properties")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConfigDict, A::Error> {
                let mut pairs = Vec::new();
                while let Some(name) = de::text_key(&mut map, self.0)? {
                    let value = python_value(de::value(&mut map, self.0, &name)?)
                        .map_err(|e| Error::custom(format!("\"{name}\": {e}")))?;
                    pairs.push((name, value));
                }
                Ok(ConfigDict(pairs))
            }
        }

        deserializer.deserialize_map(PairsVisitor(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_keep_the_written_order_and_python_types() {
        let dict: ConfigDict = de::from_str(
            r#"{"linger.ms": 5.0, "acks": 1, "enable.idempotence": true,
                "client.id": "p", "transactional.id": null, "error_cb": {"callable": "error_cb"}}"#,
        )
        .unwrap();
        assert_eq!(
            dict.0,
            vec![
                ("linger.ms".into(), ConfigValue::Float(5.0)),
                ("acks".into(), ConfigValue::Int(1)),
                ("enable.idempotence".into(), ConfigValue::Bool(true)),
                ("client.id".into(), ConfigValue::Str("p".into())),
                ("transactional.id".into(), ConfigValue::None),
                ("error_cb".into(), ConfigValue::Callable("error_cb".into())),
            ]
        );
    }

    #[test]
    fn objects_are_refused_with_the_property_name() {
        let error = de::from_str::<ConfigDict>(r#"{"acks": {"a": 1}}"#).unwrap_err();
        assert!(
            error.starts_with(&format!("\"acks\": {EXPECTED}")),
            "{error}"
        );
    }
}
