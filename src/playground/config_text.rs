//! A client's configuration dict as the student types it, in Python (`{'bootstrap.servers':
//! 'localhost:9092', 'acks': 'all', 'error_cb': error_cb}`), and back: the literals a
//! `Producer(props)` dict holds (strings, numbers, `True`/`False`/`None`, a function's name
//! for a callback), and kafka-python's keywords' (a list of servers, a serializer's
//! `lambda`), as the scenario file's JSON values (`kafka_sim::scenario`'s `config_dict`).

use serde_json::{Map, Number, Value};

/// The dict's pairs in the order written; a key written twice keeps its first place and its
/// last value, as a Python dict literal does.
pub type Pairs = Vec<(String, Value)>;

/// Reads a Python dict literal; the error names what is wrong and where (1-based column).
pub fn parse(text: &str) -> Result<Pairs, String> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
    };
    let pairs = reader.dict()?;
    reader.space();
    if reader.at < reader.chars.len() {
        return Err(reader.error("text after the closing '}'"));
    }
    Ok(pairs)
}

/// Writes the pairs as a Python dict literal, on one line.
pub fn render(pairs: &[(String, Value)]) -> String {
    let entries: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}: {}", quote(key), python(value)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

fn quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('\'', "\\'")
        .replace('\n', "\\n");
    format!("'{escaped}'")
}

fn python(value: &Value) -> String {
    match value {
        Value::String(text) => quote(text),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) if n.is_f64() => format!("{:?}", n.as_f64().unwrap_or_default()),
        Value::Number(n) => n.to_string(),
        Value::Object(object) => match object.get("callable") {
            Some(Value::String(name)) => name.clone(),
            _ => value.to_string(),
        },
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn error(&self, what: &str) -> String {
        format!("SyntaxError: {what} (column {})", self.at + 1)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.space();
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{c}'")))
        }
    }

    fn dict(&mut self) -> Result<Pairs, String> {
        self.expect('{')?;
        let mut pairs: Pairs = Vec::new();
        loop {
            self.space();
            if self.peek() == Some('}') {
                self.at += 1;
                return Ok(pairs);
            }
            let key = match self.value()? {
                Value::String(key) => key,
                _ => return Err(self.error("a property name must be a string")),
            };
            self.expect(':')?;
            let value = self.value()?;
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
            self.space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => {}
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.space();
        match self.peek() {
            Some(quote @ ('\'' | '"')) => self.string(quote).map(Value::String),
            Some('[') => self.list(),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.at += 1;
                }
                let name: String = self.chars[start..self.at].iter().collect();
                if name == "lambda" {
                    return self.lambda(start);
                }
                Ok(match name.as_str() {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    "None" => Value::Null,
                    _ => Value::Object(Map::from_iter([("callable".into(), Value::String(name))])),
                })
            }
            _ => Err(self.error("expected a value")),
        }
    }

    /// `[value, ...]`.
    fn list(&mut self) -> Result<Value, String> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.space();
            if self.peek() == Some(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {}
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    /// A `lambda` from `start` to the ',' or '}' that ends it (outside brackets and
    /// strings): the callable's source, as a serializer is written.
    fn lambda(&mut self, start: usize) -> Result<Value, String> {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' if depth > 0 => depth -= 1,
                '}' if depth > 0 => depth -= 1,
                ',' | '}' if depth == 0 => break,
                quote @ ('\'' | '"') => {
                    self.string(quote)?;
                    continue;
                }
                _ => {}
            }
            self.at += 1;
        }
        let source: String = self.chars[start..self.at].iter().collect();
        Ok(Value::Object(Map::from_iter([(
            "callable".into(),
            Value::String(source.trim_end().to_owned()),
        )])))
    }

    fn string(&mut self, quote: char) -> Result<String, String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return Err(self.error("unterminated string")),
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(text);
                }
                Some('\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some(c @ ('\\' | '\'' | '"')) => c,
                        _ => return Err(self.error("an escape Python config values do not use")),
                    };
                    text.push(escaped);
                    self.at += 1;
                }
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        if let Ok(int) = text.parse::<i64>() {
            return Ok(Value::Number(int.into()));
        }
        let numeric = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
        text.parse::<f64>()
            .ok()
            .filter(|f| numeric && f.is_finite())
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                self.at = start;
                self.error(&format!("'{text}' is not a number"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_python_dict_reads_as_the_scenario_files_values() {
        let pairs = parse(
            "{'bootstrap.servers': \"localhost:9092\", 'acks': 'all', 'linger.ms': 5,\n \
             'batch.size': 1_000, 'retry.backoff.ms': 2.5, 'enable.idempotence': True,\n \
             'transactional.id': None, 'error_cb': error_cb, }",
        )
        .unwrap();
        assert_eq!(
            pairs,
            vec![
                ("bootstrap.servers".into(), json!("localhost:9092")),
                ("acks".into(), json!("all")),
                ("linger.ms".into(), json!(5)),
                ("batch.size".into(), json!(1000)),
                ("retry.backoff.ms".into(), json!(2.5)),
                ("enable.idempotence".into(), json!(true)),
                ("transactional.id".into(), json!(null)),
                ("error_cb".into(), json!({"callable": "error_cb"})),
            ]
        );
        assert_eq!(parse(&render(&pairs)).unwrap(), pairs);
        assert_eq!(
            render(&pairs[..2]),
            "{'bootstrap.servers': 'localhost:9092', 'acks': 'all'}"
        );
    }

    #[test]
    fn kafka_pythons_lists_and_lambdas_read_and_write_back() {
        let text = "{'bootstrap_servers': ['a:9092', 'b:9092'], 'key_serializer': lambda k: json.dumps(k, indent=2).encode(), 'acks': 1}";
        let pairs = parse(text).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("bootstrap_servers".into(), json!(["a:9092", "b:9092"])),
                (
                    "key_serializer".into(),
                    json!({"callable": "lambda k: json.dumps(k, indent=2).encode()"})
                ),
                ("acks".into(), json!(1)),
            ]
        );
        assert_eq!(render(&pairs), text);
        assert_eq!(
            parse("{'a': [1, 'x'}"),
            Err("SyntaxError: expected ',' or ']' (column 14)".to_string())
        );
    }

    #[test]
    fn a_key_written_twice_keeps_its_place_and_its_last_value() {
        let pairs = parse("{'acks': 1, 'linger.ms': 0, 'acks': -1}").unwrap();
        assert_eq!(
            pairs,
            vec![("acks".into(), json!(-1)), ("linger.ms".into(), json!(0))]
        );
    }

    #[test]
    fn syntax_errors_name_their_column() {
        for (text, error) in [
            ("", "SyntaxError: expected '{' (column 1)"),
            ("{'acks' 1}", "SyntaxError: expected ':' (column 9)"),
            (
                "{'acks': 'all'",
                "SyntaxError: expected ',' or '}' (column 15)",
            ),
            (
                "{'acks': 'all}",
                "SyntaxError: unterminated string (column 15)",
            ),
            (
                "{1: 2}",
                "SyntaxError: a property name must be a string (column 3)",
            ),
            ("{'a': 1x}", "SyntaxError: '1x' is not a number (column 7)"),
            ("{} x", "SyntaxError: text after the closing '}' (column 4)"),
        ] {
            assert_eq!(parse(text), Err(error.to_string()), "{text:?}");
        }
    }
}
