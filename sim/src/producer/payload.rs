//! Keys and values are bytes: what the course's programs pass to `produce()` and how Python
//! turns it into bytes. A value that cannot be serialized fails before anything is queued.

use crate::ids::Millis;
use crate::wire::Bytes;
use serde::{Deserialize, Serialize};

/// A piece of text built from the program's state: `'msg_' + str(i)` is
/// `[Lit("msg_"), Index]`. The delivery-report parts are only meaningful in a callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    Lit(String),
    /// The innermost loop's index, `str(i)`.
    Index,
    /// `len(producer)`.
    QueueLen,
    /// The exception being handled, `print(e)`.
    Exception,
    Topic,
    Partition,
    Offset,
    Key,
    Value,
    /// The delivery error, as `KafkaError` prints.
    Error,
}

pub type Text = Vec<Part>;

/// A `produce()` value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Payload {
    /// A `str`, sent as its UTF-8 bytes (confluent-kafka-python `Producer_produce`, "s#").
    Text(Text),
    /// Producer_04's `json.dumps(employee.__dict__)` for employee number `i`.
    EmployeeJson,
    /// `json.dumps(obj)` of an object json cannot encode: Python raises `TypeError`.
    NotJsonSerializable { type_name: String },
}

/// Producer_04's Employee record, in its constructor's field order (the order of `__dict__`).
#[derive(Clone, Debug, PartialEq)]
pub struct Employee {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub dept_id: String,
    pub hire_date: u64,
    pub wage: f64,
    pub sex: bool,
}

impl Employee {
    /// The fake employee number `i` of Producer_04, hired at `epoch_ms` (its
    /// `epoch_now_mills()`).
    pub fn fake(i: u64, epoch_ms: u64) -> Self {
        Self {
            id: format!("empid_{i}"),
            first_name: format!("fn_{i}"),
            last_name: format!("ln_{i}"),
            dept_id: format!("deptid_{}", i % 10),
            hire_date: epoch_ms,
            wage: i as f64,
            sex: true,
        }
    }

    /// `json.dumps(employee.__dict__)` with Python's default separators `", "` and `": "`,
    /// `repr` of floats (`0.0`) and `true` for `True` (Python `json` module, `JSONEncoder`).
    pub fn to_json(&self) -> String {
        format!(
            "{{\"id\": {}, \"firstName\": {}, \"lastName\": {}, \"deptId\": {}, \"hireDate\": {}, \"wage\": {}, \"sex\": {}}}",
            json_string(&self.id),
            json_string(&self.first_name),
            json_string(&self.last_name),
            json_string(&self.dept_id),
            self.hire_date,
            python_float(self.wage),
            self.sex
        )
    }
}

/// A JSON string as Python's `json.dumps` writes it with `ensure_ascii=True`.
pub(super) fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// `repr(float)` for the whole numbers the course uses: always with a decimal point.
fn python_float(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// Serializes a value for message `i` at virtual time `now` (`epoch_ms` is the wall-clock
/// time the run starts at); `render` turns a text into its UTF-8 bytes. Errors are the Python
/// exception text.
pub fn serialize(
    payload: &Payload,
    render: impl FnOnce(&Text) -> Bytes,
    i: u64,
    epoch_ms: u64,
    now: Millis,
) -> Result<Bytes, String> {
    match payload {
        Payload::Text(text) => Ok(render(text)),
        Payload::EmployeeJson => Ok(Employee::fake(i, epoch_ms + now)
            .to_json()
            .into_bytes()
            .into()),
        Payload::NotJsonSerializable { type_name } => Err(format!(
            "TypeError: Object of type {type_name} is not JSON serializable"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_json_matches_python_json_dumps() {
        let e = Employee::fake(12, 1_700_000_000_123);
        assert_eq!(
            e.to_json(),
            "{\"id\": \"empid_12\", \"firstName\": \"fn_12\", \"lastName\": \"ln_12\", \"deptId\": \"deptid_2\", \"hireDate\": 1700000000123, \"wage\": 12.0, \"sex\": true}"
        );
    }

    #[test]
    fn strings_are_escaped_as_python_does() {
        assert_eq!(json_string("a\"b\\é"), "\"a\\\"b\\\\\\u00e9\"");
    }

    #[test]
    fn unserializable_values_fail_with_pythons_type_error() {
        let payload = Payload::NotJsonSerializable {
            type_name: "Employee".into(),
        };
        assert_eq!(
            serialize(&payload, |_| Bytes::from(&[][..]), 0, 0, 0),
            Err("TypeError: Object of type Employee is not JSON serializable".into())
        );
    }
}
