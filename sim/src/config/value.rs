//! A configuration value as the course's Python code writes it (`'acks': 0`,
//! `'enable.idempotence': True`, `'error_cb': error_cb`), and the text librdkafka receives.

use std::fmt;

/// One value of a Python configuration dict.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Python `None`.
    None,
    /// A callable, by its Python name (`error_cb`) or its source (`lambda v: v.encode()`).
    Callable(String),
    /// A Python list (kafka-python's `bootstrap_servers=['localhost:9092']`).
    List(Vec<ConfigValue>),
}

impl ConfigValue {
    /// What confluent-kafka-python hands librdkafka: `str(value)`, or NULL for `None`.
    /// Source: confluent-kafka-python `src/confluent_kafka/src/confluent_kafka.c`
    /// `common_conf_setup` (`cfl_PyObject_Unistr` = `PyObject_Str`).
    pub fn python_str(&self) -> Option<String> {
        match self {
            ConfigValue::Str(s) => Some(s.clone()),
            ConfigValue::Int(i) => Some(i.to_string()),
            ConfigValue::Float(x) => Some(python_float_str(*x)),
            ConfigValue::Bool(true) => Some("True".into()),
            ConfigValue::Bool(false) => Some("False".into()),
            ConfigValue::None => None,
            ConfigValue::Callable(name) => Some(format!("<function {name}>")),
            ConfigValue::List(_) => Some(self.python_repr()),
        }
    }

    /// Python's `repr(value)`, as a dict of them prints (`{'linger': 5}`): strings quoted.
    pub fn python_repr(&self) -> String {
        match self {
            ConfigValue::Str(s) => format!("'{s}'"),
            ConfigValue::None => "None".into(),
            ConfigValue::List(items) => {
                let items: Vec<String> = items.iter().map(ConfigValue::python_repr).collect();
                format!("[{}]", items.join(", "))
            }
            other => other.python_str().unwrap_or_default(),
        }
    }

    /// The Python type name, as `type(value).__name__` prints it in `TypeError`s.
    pub fn python_type(&self) -> &'static str {
        match self {
            ConfigValue::Str(_) => "str",
            ConfigValue::Int(_) => "int",
            ConfigValue::Float(_) => "float",
            ConfigValue::Bool(_) => "bool",
            ConfigValue::None => "NoneType",
            ConfigValue::Callable(_) => "function",
            ConfigValue::List(_) => "list",
        }
    }
}

/// Python's `repr(float)`: the shortest round-trip digits, always with a `.0` or an exponent,
/// scientific from 1e16 up and below 1e-4.
fn python_float_str(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let magnitude = x.abs();
    if magnitude == 0.0 || (1e-4..1e16).contains(&magnitude) {
        let text = x.to_string();
        return if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        };
    }
    // Rust writes `1e16` and `1.5e-5`; Python writes `1e+16` and `1.5e-05`.
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').expect("an exponent");
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

impl fmt::Display for ConfigValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.python_str().as_deref().unwrap_or("None"))
    }
}

impl From<&str> for ConfigValue {
    fn from(s: &str) -> Self {
        ConfigValue::Str(s.to_owned())
    }
}

impl From<String> for ConfigValue {
    fn from(s: String) -> Self {
        ConfigValue::Str(s)
    }
}

impl From<i64> for ConfigValue {
    fn from(i: i64) -> Self {
        ConfigValue::Int(i)
    }
}

impl From<i32> for ConfigValue {
    fn from(i: i32) -> Self {
        ConfigValue::Int(i.into())
    }
}

impl From<f64> for ConfigValue {
    fn from(x: f64) -> Self {
        ConfigValue::Float(x)
    }
}

impl From<bool> for ConfigValue {
    fn from(b: bool) -> Self {
        ConfigValue::Bool(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_python_str_does() {
        let cases = [
            (ConfigValue::from(0), "0"),
            (ConfigValue::from(true), "True"),
            (ConfigValue::from(false), "False"),
            (ConfigValue::from(5.0), "5.0"),
            (ConfigValue::from(0.5), "0.5"),
            (ConfigValue::from(1e16), "1e+16"),
            (ConfigValue::from(1.5e-5), "1.5e-05"),
            (ConfigValue::from("earliest"), "earliest"),
        ];
        for (value, text) in cases {
            assert_eq!(value.python_str().as_deref(), Some(text));
        }
        assert_eq!(ConfigValue::None.python_str(), None);
    }

    #[test]
    fn lists_print_as_python_repr_does() {
        let list = ConfigValue::List(vec!["localhost:9092".into(), 1.into()]);
        assert_eq!(list.python_str().as_deref(), Some("['localhost:9092', 1]"));
        assert_eq!(ConfigValue::from("a").python_repr(), "'a'");
    }
}
