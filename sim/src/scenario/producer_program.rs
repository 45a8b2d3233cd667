//! A producer program as the scenario file writes it: statements named for the Python they
//! stand for (`produce`, `poll`, `flush`, `sleep`, `print`, `for`, `try`), text as templates
//! (`"msg_{i}"`), delivery callbacks by name, and Python line numbers that may be left out
//! (a statement without one is on the line after the previous statement).

use super::ScenarioError;
use crate::collect::VecMap;
use crate::ids::Millis;
use crate::partitioner::PARTITION_UA;
use crate::producer::{Call, Callback, Except, Part, Payload, Program, Stmt, Text};
use crate::trace::Stream;
use serde::de::Deserializer;
use serde::{Deserialize, de::Error as _};

/// A text template: literal text with `{i}` (the loop index), `{len}` (`len(producer)`),
/// `{exception}`, and in callbacks `{topic}`, `{partition}`, `{offset}`, `{key}`, `{value}`,
/// `{error}`; `{{` and `}}` are literal braces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template(pub Text);

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_template(&text)
            .map(Template)
            .map_err(D::Error::custom)
    }
}

fn parse_template(text: &str) -> Result<Text, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{{").or(rest.strip_prefix("}}")) {
            literal.push(c);
            rest = after;
        } else if c == '{' {
            let (name, after) = rest[1..]
                .split_once('}')
                .ok_or_else(|| format!("unclosed '{{' in \"{text}\""))?;
            let part = placeholder(name).ok_or_else(|| {
                format!(
                    "unknown placeholder {{{name}}} in \"{text}\" (expected one of: {PLACEHOLDERS})"
                )
            })?;
            if !literal.is_empty() {
                parts.push(Part::Lit(std::mem::take(&mut literal)));
            }
            parts.push(part);
            rest = after;
        } else if c == '}' {
            return Err(format!("unmatched '}}' in \"{text}\" (write '}}}}')"));
        } else {
            literal.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Lit(literal));
    }
    Ok(parts)
}

const PLACEHOLDERS: &str = "i, len, exception, topic, partition, offset, key, value, error";

fn placeholder(name: &str) -> Option<Part> {
    Some(match name {
        "i" => Part::Index,
        "len" => Part::QueueLen,
        "exception" => Part::Exception,
        "topic" => Part::Topic,
        "partition" => Part::Partition,
        "offset" => Part::Offset,
        "key" => Part::Key,
        "value" => Part::Value,
        "error" => Part::Error,
        _ => return None,
    })
}

/// A `produce()` value: a template, or one of the course's special values.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a text template, {\"employee_json\": {}} or {\"not_json_serializable\": \"TypeName\"}"
)]
pub enum ValueSpec {
    Text(Template),
    Special(SpecialValue),
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SpecialValue {
    /// Producer_04's `json.dumps(employee.__dict__)`.
    EmployeeJson {},
    /// `json.dumps` of an object of this type, which raises `TypeError`.
    NotJsonSerializable(String),
}

/// Python's `sys.stdout` or `sys.stderr`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamSpec {
    #[default]
    Stdout,
    Stderr,
}

impl From<StreamSpec> for Stream {
    fn from(s: StreamSpec) -> Self {
        match s {
            StreamSpec::Stdout => Stream::Stdout,
            StreamSpec::Stderr => Stream::Stderr,
        }
    }
}

/// A delivery callback (`on_delivery=`): what it prints for a delivered and a failed message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackSpec {
    #[serde(default)]
    pub stream: StreamSpec,
    pub delivered: Template,
    pub failed: Template,
    /// Prints only for keys that are multiples of this (`if int(msg.key()) % N == 0`).
    #[serde(default)]
    pub only_every: Option<u64>,
}

/// The exceptions an `except` clause catches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum ExceptSpec {
    BufferError,
    Exception,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlerSpec {
    pub catch: ExceptSpec,
    pub body: Vec<StmtSpec>,
}

/// One statement; `line` is optional in each.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StmtSpec {
    Produce {
        line: Option<u32>,
        topic: String,
        /// `partition=N`; `-1` (Python's default) or absent: the partitioner chooses.
        #[serde(default)]
        partition: Option<i32>,
        #[serde(default)]
        key: Option<Template>,
        value: ValueSpec,
        #[serde(default)]
        callback: Option<String>,
    },
    Poll {
        line: Option<u32>,
        timeout_ms: Millis,
    },
    Flush {
        line: Option<u32>,
        timeout_ms: Millis,
    },
    Sleep {
        line: Option<u32>,
        ms: Millis,
    },
    Print {
        line: Option<u32>,
        #[serde(default)]
        stream: StreamSpec,
        text: Template,
    },
    /// `for i in range(0, count):`
    For {
        line: Option<u32>,
        count: u64,
        body: Vec<StmtSpec>,
    },
    /// `try: body` then `except` clauses in order.
    Try {
        line: Option<u32>,
        body: Vec<StmtSpec>,
        except: Vec<HandlerSpec>,
    },
}

/// Turns the statements into a [`Program`]. `path` is the JSON path of the program, for
/// errors (a callback name that is not defined).
pub fn build(
    body: &[StmtSpec],
    callbacks: &VecMap<String, CallbackSpec>,
    path: &str,
) -> Result<Program, ScenarioError> {
    let names: Vec<&String> = callbacks.keys().collect();
    let mut builder = Builder {
        names: &names,
        last_line: 0,
    };
    let body = builder.statements(body, &format!("{path}.program"))?;
    let callbacks = callbacks
        .values()
        .map(|c| Callback {
            stream: c.stream.into(),
            delivered: c.delivered.0.clone(),
            failed: c.failed.0.clone(),
            only_every: c.only_every,
        })
        .collect();
    Ok(Program {
        body,
        callbacks,
        error_cb: None,
    })
}

struct Builder<'a> {
    /// Callback names in the order of `Program::callbacks`.
    names: &'a [&'a String],
    last_line: u32,
}

impl Builder<'_> {
    fn line(&mut self, line: Option<u32>) -> u32 {
        self.last_line = line.unwrap_or(self.last_line + 1);
        self.last_line
    }

    fn statements(&mut self, body: &[StmtSpec], path: &str) -> Result<Vec<Stmt>, ScenarioError> {
        body.iter()
            .enumerate()
            .map(|(i, stmt)| self.statement(stmt, &format!("{path}[{i}]")))
            .collect()
    }

    fn statement(&mut self, stmt: &StmtSpec, path: &str) -> Result<Stmt, ScenarioError> {
        Ok(match stmt {
            StmtSpec::Produce {
                line,
                topic,
                partition,
                key,
                value,
                callback,
            } => {
                let line = self.line(*line);
                let callback = match callback {
                    None => None,
                    Some(name) => Some(self.callback(name, path)?),
                };
                Stmt::Call(Call::Produce {
                    line,
                    topic: topic.clone(),
                    partition: partition.filter(|&p| p != PARTITION_UA),
                    key: key.as_ref().map(|k| k.0.clone()),
                    value: match value {
                        ValueSpec::Text(text) => Payload::Text(text.0.clone()),
                        ValueSpec::Special(SpecialValue::EmployeeJson {}) => Payload::EmployeeJson,
                        ValueSpec::Special(SpecialValue::NotJsonSerializable(type_name)) => {
                            Payload::NotJsonSerializable {
                                type_name: type_name.clone(),
                            }
                        }
                    },
                    callback,
                })
            }
            StmtSpec::Poll { line, timeout_ms } => Stmt::Call(Call::Poll {
                line: self.line(*line),
                timeout_ms: *timeout_ms,
            }),
            StmtSpec::Flush { line, timeout_ms } => Stmt::Call(Call::Flush {
                line: self.line(*line),
                timeout_ms: *timeout_ms,
            }),
            StmtSpec::Sleep { line, ms } => Stmt::Call(Call::Sleep {
                line: self.line(*line),
                ms: *ms,
            }),
            StmtSpec::Print { line, stream, text } => Stmt::Call(Call::Print {
                line: self.line(*line),
                stream: (*stream).into(),
                text: text.0.clone(),
            }),
            StmtSpec::For { line, count, body } => Stmt::For {
                line: self.line(*line),
                count: *count,
                body: self.statements(body, &format!("{path}.for.body"))?,
            },
            StmtSpec::Try { line, body, except } => {
                let line = self.line(*line);
                let body = self.statements(body, &format!("{path}.try.body"))?;
                let handlers = except
                    .iter()
                    .enumerate()
                    .map(|(i, h)| {
                        let kind = match h.catch {
                            ExceptSpec::BufferError => Except::BufferError,
                            ExceptSpec::Exception => Except::Any,
                        };
                        let path = format!("{path}.try.except[{i}].body");
                        Ok((kind, self.statements(&h.body, &path)?))
                    })
                    .collect::<Result<_, ScenarioError>>()?;
                Stmt::Try {
                    line,
                    body,
                    handlers,
                }
            }
        })
    }

    fn callback(&self, name: &str, path: &str) -> Result<usize, ScenarioError> {
        self.names
            .iter()
            .position(|n| n.as_str() == name)
            .ok_or_else(|| ScenarioError {
                path: format!("{path}.produce.callback"),
                message: format!("no callback named \"{name}\" in this producer's \"callbacks\""),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_parts() {
        assert_eq!(
            parse_template("msg_{i} {{len}}={len}").unwrap(),
            vec![
                Part::Lit("msg_".into()),
                Part::Index,
                Part::Lit(" {len}=".into()),
                Part::QueueLen
            ]
        );
        assert_eq!(parse_template("").unwrap(), vec![]);
    }

    #[test]
    fn bad_templates_are_refused() {
        assert_eq!(
            parse_template("a{j}").unwrap_err(),
            format!("unknown placeholder {{j}} in \"a{{j}}\" (expected one of: {PLACEHOLDERS})")
        );
        assert_eq!(
            parse_template("a{i").unwrap_err(),
            "unclosed '{' in \"a{i\""
        );
        assert_eq!(
            parse_template("a}").unwrap_err(),
            "unmatched '}' in \"a}\" (write '}}')"
        );
    }

    #[test]
    fn lines_follow_the_previous_statement_unless_given() {
        let body: Vec<StmtSpec> = serde_json::from_str(
            r#"[{"print": {"text": "start"}},
                {"for": {"line": 10, "count": 2, "body": [{"sleep": {"ms": 1}}]}},
                {"flush": {"timeout_ms": 5}}]"#,
        )
        .unwrap();
        let program = build(&body, &VecMap::new(), "producers[0]").unwrap();
        let lines: Vec<u32> = program
            .body
            .iter()
            .map(|s| match s {
                Stmt::Call(call) => call.line(),
                Stmt::For { line, body, .. } => {
                    assert!(matches!(&body[0], Stmt::Call(Call::Sleep { line: 11, .. })));
                    *line
                }
                Stmt::Try { line, .. } => *line,
            })
            .collect();
        assert_eq!(lines, [1, 10, 12]);
    }

    #[test]
    fn an_undefined_callback_is_named_with_its_path() {
        let body: Vec<StmtSpec> = serde_json::from_str(
            r#"[{"produce": {"topic": "t", "value": "v", "callback": "cb"}}]"#,
        )
        .unwrap();
        let error = build(&body, &VecMap::new(), "producers[1]").unwrap_err();
        assert_eq!(error.path, "producers[1].program[0].produce.callback");
        assert_eq!(
            error.message,
            "no callback named \"cb\" in this producer's \"callbacks\""
        );
    }
}
