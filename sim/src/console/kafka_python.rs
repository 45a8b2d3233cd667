//! The lines seed 004's kafka-python programs print, formatted as Python formats them.

use super::python::PYTHON_NONE;

/// `print("receive, key: {}, value: {}".format(json.loads(message.key.decode()),
/// json.loads(message.value.decode())))`: `key` and `value` are already `str()` of what
/// `json.loads` gave ([`json_str`]).
pub fn receive_line(key: &str, value: &str) -> String {
    format!("receive, key: {key}, value: {value}")
}

/// `print("total offset: {}".format(str(toff)))` and `print("current offset: ...")`: a list
/// of `(partition, offset)` tuples as Python's `str` writes it (`None`: nothing committed).
pub fn offsets_line(label: &str, offsets: &[(i32, Option<i64>)]) -> String {
    let items: Vec<String> = offsets
        .iter()
        .map(|(partition, offset)| match offset {
            Some(offset) => format!("({partition}, {offset})"),
            None => format!("({partition}, {PYTHON_NONE})"),
        })
        .collect();
    format!("{label} offset: [{}]", items.join(", "))
}

/// `print("kafka left: {}".format(left_sum))`.
pub fn left_line(left: i64) -> String {
    format!("kafka left: {left}")
}

/// `str(json.loads(text))` for what the seed's producer writes (`json.dumps` of a str or a
/// number): a JSON string prints its characters, a number its digits, `true`/`false`/`null`
/// Python's `True`/`False`/`None`; an array or object keeps its JSON text (Python would print
/// its repr). `None` when `json.loads` raises `JSONDecodeError`.
pub fn json_str(text: &str) -> Option<String> {
    use serde_json::Value;
    Some(match serde_json::from_str::<Value>(text).ok()? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => PYTHON_NONE.into(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_print_as_python_prints_them() {
        assert_eq!(
            receive_line(
                &json_str("\"count_num\"").unwrap(),
                &json_str("\"0\"").unwrap()
            ),
            "receive, key: count_num, value: 0"
        );
        assert_eq!(
            offsets_line("current", &[(0, Some(3)), (1, None)]),
            "current offset: [(0, 3), (1, None)]"
        );
        assert_eq!(offsets_line("total", &[]), "total offset: []");
        assert_eq!(json_str("count_num"), None);
        assert_eq!(json_str("7"), Some("7".into()));
    }
}
