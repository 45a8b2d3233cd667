//! A producer program as the scenario file writes it: statements named for the Python they
//! stand for (`produce`, `poll`, `flush`, `sleep`, `print`, `for`, `try`; kafka-python's
//! `send` and `get` in place of `produce` and `poll`), text as templates
//! (`"msg_{i}"`), delivery callbacks by name, and Python line numbers that may be left out
//! (a statement without one is on the line after the previous statement).

use super::ScenarioError;
use crate::collect::VecMap;
use crate::config::Profile;
use crate::ids::Millis;
use crate::partitioner::PARTITION_UA;
use crate::producer::{
    Call, Callback, CallbackPrints, Except, Part, Payload, Program, Stmt, Text, Timeout,
};
use crate::trace::Stream;

mod de;

/// A text template: literal text with `{i}` (the loop index), `{len}` (`len(producer)`),
/// `{exception}`, and in callbacks `{topic}`, `{partition}`, `{offset}`, `{key}`, `{value}`,
/// `{error}`; `{{` and `}}` are literal braces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template(pub Text);

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueSpec {
    Text(Template),
    Special(SpecialValue),
}

/// `{"employee_json": {}}` or `{"not_json_serializable": "TypeName"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecialValue {
    /// Producer_04's `json.dumps(employee.__dict__)`.
    EmployeeJson {},
    /// `json.dumps` of an object of this type, which raises `TypeError`.
    NotJsonSerializable(String),
}

/// Python's `sys.stdout` or `sys.stderr`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackSpec {
    /// Absent: stdout.
    pub stream: StreamSpec,
    pub delivered: Template,
    pub failed: Template,
    /// Prints only for keys that are multiples of this (`if int(msg.key()) % N == 0`).
    pub only_every: Option<u64>,
}

/// The exceptions an `except` clause catches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptSpec {
    BufferError,
    Exception,
    /// kafka-python's `kafka.errors.KafkaError`.
    KafkaError,
    /// kafka-python's `kafka.errors.KafkaTimeoutError`.
    KafkaTimeoutError,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlerSpec {
    pub catch: ExceptSpec,
    pub body: Vec<StmtSpec>,
}

/// One statement; `line` is optional in each. A scenario file writes it `{"poll": {"timeout_ms":
/// 100}}` (its reader, and the other types' here, are in [`de`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtSpec {
    Produce {
        line: Option<u32>,
        topic: String,
        /// `partition=N`; `-1` (Python's default) or absent: the partitioner chooses.
        partition: Option<i32>,
        key: Option<Template>,
        value: ValueSpec,
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
        /// Absent: stdout.
        stream: StreamSpec,
        text: Template,
    },
    /// kafka-python: `future = producer.send(topic, key=..., value=..., partition=...)`;
    /// key and value are Python strs for the serializers, absent for `None`.
    Send {
        line: Option<u32>,
        topic: String,
        partition: Option<i32>,
        key: Option<Template>,
        value: Option<Template>,
        /// `.add_callback(...)` / `.add_errback(...)`: a callback's `delivered` and `failed`.
        callback: Option<String>,
    },
    /// kafka-python: `future.get(timeout=...)`, in seconds; absent: no timeout.
    Get {
        line: Option<u32>,
        timeout: Option<serde_json::Number>,
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
    profile: Profile,
    path: &str,
) -> Result<Program, ScenarioError> {
    let names: Vec<&String> = callbacks.keys().collect();
    let mut builder = Builder {
        names: &names,
        last_line: 0,
        kafka_python: profile == Profile::KafkaPython,
    };
    let body = builder.statements(body, &format!("{path}.program"))?;
    let callbacks = callbacks
        .values()
        .map(|c| Callback {
            prints: CallbackPrints::Templates {
                stream: c.stream.into(),
                delivered: c.delivered.0.clone(),
                failed: c.failed.0.clone(),
            },
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
    /// kafka-python's `KafkaProducer`: `send`/`get`, no `produce`/`poll`.
    kafka_python: bool,
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

    /// A statement the profile's producer does not have: Python's `AttributeError`.
    fn check_api(&self, stmt: &StmtSpec, path: &str) -> Result<(), ScenarioError> {
        let (name, kind) = match stmt {
            StmtSpec::Produce { .. } => ("produce", "producer"),
            StmtSpec::Poll { .. } => ("poll", "producer"),
            StmtSpec::Send { .. } => ("send", "send"),
            StmtSpec::Get { .. } => ("get", "send"),
            _ => return Ok(()),
        };
        let (class, missing) = if self.kafka_python {
            ("KafkaProducer", kind == "producer")
        } else {
            ("cimpl.Producer", kind == "send")
        };
        if !missing {
            return Ok(());
        }
        Err(ScenarioError {
            path: format!("{path}.{name}"),
            message: format!(
                "AttributeError: '{class}' object has no attribute '{name}' (this producer's \
                 profile is {})",
                if self.kafka_python {
                    "kafka-python: use send and get"
                } else {
                    "librdkafka: use produce, poll and flush"
                }
            ),
        })
    }

    fn statement(&mut self, stmt: &StmtSpec, path: &str) -> Result<Stmt, ScenarioError> {
        self.check_api(stmt, path)?;
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
                let callback = self.callback_of(callback.as_deref(), &format!("{path}.produce"))?;
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
            StmtSpec::Send {
                line,
                topic,
                partition,
                key,
                value,
                callback,
            } => {
                let line = self.line(*line);
                let callback = self.callback_of(callback.as_deref(), &format!("{path}.send"))?;
                Stmt::Call(Call::Send {
                    line,
                    topic: topic.clone(),
                    partition: *partition,
                    key: key.as_ref().map(|k| k.0.clone()),
                    value: value.as_ref().map(|v| v.0.clone()),
                    callback,
                })
            }
            StmtSpec::Get { line, timeout } => Stmt::Call(Call::Get {
                line: self.line(*line),
                timeout: match timeout {
                    None => None,
                    Some(seconds) => Some(timeout_of(seconds, &format!("{path}.get.timeout"))?),
                },
            }),
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
                            ExceptSpec::KafkaError => Except::KafkaError,
                            ExceptSpec::KafkaTimeoutError => Except::KafkaTimeoutError,
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

    /// The index of the callback `name` (of `produce(on_delivery=)` or kafka-python's
    /// `send().add_callback()`) given in the call at `call_path`, if one is named.
    fn callback_of(
        &self,
        name: Option<&str>,
        call_path: &str,
    ) -> Result<Option<usize>, ScenarioError> {
        let Some(name) = name else {
            return Ok(None);
        };
        let index = self.names.iter().position(|n| n.as_str() == name);
        index.map(Some).ok_or_else(|| ScenarioError {
            path: format!("{call_path}.callback"),
            message: format!("no callback named \"{name}\" in this producer's \"callbacks\""),
        })
    }
}

/// A timeout in seconds, kept as written for the message that prints it (`10`, `0.5`).
fn timeout_of(seconds: &serde_json::Number, path: &str) -> Result<Timeout, ScenarioError> {
    let value = seconds.as_f64().filter(|s| *s >= 0.0 && *s < 1e9);
    let Some(value) = value else {
        return Err(ScenarioError {
            path: path.to_owned(),
            message: format!("a timeout in seconds, 0 or more, not {seconds}"),
        });
    };
    Ok(Timeout {
        ms: (value * 1000.0).round() as Millis,
        literal: seconds.to_string(),
    })
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
        let body: Vec<StmtSpec> = crate::program::de::from_str(
            r#"[{"print": {"text": "start"}},
                {"for": {"line": 10, "count": 2, "body": [{"sleep": {"ms": 1}}]}},
                {"flush": {"timeout_ms": 5}}]"#,
        )
        .unwrap();
        let program = build(&body, &VecMap::new(), Profile::Librdkafka, "producers[0]").unwrap();
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
        let body: Vec<StmtSpec> = crate::program::de::from_str(
            r#"[{"produce": {"topic": "t", "value": "v", "callback": "cb"}}]"#,
        )
        .unwrap();
        let error = build(&body, &VecMap::new(), Profile::Librdkafka, "producers[1]").unwrap_err();
        assert_eq!(error.path, "producers[1].program[0].produce.callback");
        assert_eq!(
            error.message,
            "no callback named \"cb\" in this producer's \"callbacks\""
        );
    }
}
