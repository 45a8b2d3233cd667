//! A producer program's statements, callbacks and values, read from a scenario file with the
//! tables of [`crate::program::de`].

use super::{
    CallbackSpec, ExceptSpec, HandlerSpec, SpecialValue, StmtSpec, StreamSpec, Template, ValueSpec,
    parse_template,
};
use crate::program::de::{self, At, Either, Read, Spec, kinds, read_structs, spec};
use serde::de::{Deserializer, Error as _};

kinds! {
    OptU32: Option<u32>,
    OptI32: Option<i32>,
    U64: u64,
    Str: String,
    OptStr: Option<String>,
    Tmpl: Template,
    OptTmpl: Option<Template>,
    Payload: ValueSpec,
    Stream: StreamSpec,
    OptNumber: Option<serde_json::Number>,
    Body: Vec<StmtSpec>,
    Handlers: Vec<HandlerSpec>,
    OptU64: Option<u64>,
    Catch: ExceptSpec,
}

use Kind::*;

/// Every statement, in [`StmtSpec`]'s order: its name, its fields' names and types, how it is
/// made.
const SPECS: &[Spec<Kind, StmtSpec>] = &[
    spec(
        "produce",
        &["line", "topic", "partition", "key", "value", "callback"],
        &[OptU32, Str, OptI32, OptTmpl, Payload, OptStr],
        |f| {
            Ok(StmtSpec::Produce {
                line: f.opt(),
                topic: f.get()?,
                partition: f.opt(),
                key: f.opt(),
                value: f.get()?,
                callback: f.opt(),
            })
        },
    ),
    spec("poll", &["line", "timeout_ms"], &[OptU32, U64], |f| {
        Ok(StmtSpec::Poll {
            line: f.opt(),
            timeout_ms: f.get()?,
        })
    }),
    spec("flush", &["line", "timeout_ms"], &[OptU32, U64], |f| {
        Ok(StmtSpec::Flush {
            line: f.opt(),
            timeout_ms: f.get()?,
        })
    }),
    spec("sleep", &["line", "ms"], &[OptU32, U64], |f| {
        Ok(StmtSpec::Sleep {
            line: f.opt(),
            ms: f.get()?,
        })
    }),
    spec(
        "print",
        &["line", "stream", "text"],
        &[OptU32, Stream, Tmpl],
        |f| {
            Ok(StmtSpec::Print {
                line: f.opt(),
                stream: f.or_default(),
                text: f.get()?,
            })
        },
    ),
    spec(
        "send",
        &["line", "topic", "partition", "key", "value", "callback"],
        &[OptU32, Str, OptI32, OptTmpl, OptTmpl, OptStr],
        |f| {
            Ok(StmtSpec::Send {
                line: f.opt(),
                topic: f.get()?,
                partition: f.opt(),
                key: f.opt(),
                value: f.opt(),
                callback: f.opt(),
            })
        },
    ),
    spec("get", &["line", "timeout"], &[OptU32, OptNumber], |f| {
        Ok(StmtSpec::Get {
            line: f.opt(),
            timeout: f.opt(),
        })
    }),
    spec(
        "for",
        &["line", "count", "body"],
        &[OptU32, U64, Body],
        |f| {
            Ok(StmtSpec::For {
                line: f.opt(),
                count: f.get()?,
                body: f.get()?,
            })
        },
    ),
    spec(
        "try",
        &["line", "body", "except"],
        &[OptU32, Body, Handlers],
        |f| {
            Ok(StmtSpec::Try {
                line: f.opt(),
                body: f.get()?,
                except: f.get()?,
            })
        },
    ),
];

const NAMES: [&str; SPECS.len()] = de::names(SPECS);

impl Read for StmtSpec {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        de::read_enum(deserializer, at, "StmtSpec", SPECS, &NAMES, false)
    }
}

const CALLBACK: Spec<Kind, CallbackSpec> = spec(
    "CallbackSpec",
    &["stream", "delivered", "failed", "only_every"],
    &[Stream, Tmpl, Tmpl, OptU64],
    |f| {
        Ok(CallbackSpec {
            stream: f.or_default(),
            delivered: f.get()?,
            failed: f.get()?,
            only_every: f.opt(),
        })
    },
);

const HANDLER: Spec<Kind, HandlerSpec> =
    spec("HandlerSpec", &["catch", "body"], &[Catch, Body], |f| {
        Ok(HandlerSpec {
            catch: f.get()?,
            body: f.get()?,
        })
    });

read_structs! {
    CallbackSpec: CALLBACK,
    HandlerSpec: HANDLER,
}

impl Read for StreamSpec {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        let i = de::read_unit(deserializer, at, "StreamSpec", &["stdout", "stderr"])?;
        Ok([StreamSpec::Stdout, StreamSpec::Stderr][i])
    }
}

impl Read for ExceptSpec {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        use ExceptSpec::*;
        const NAMES: &[&str] = &[
            "BufferError",
            "Exception",
            "KafkaError",
            "KafkaTimeoutError",
        ];
        let i = de::read_unit(deserializer, at, "ExceptSpec", NAMES)?;
        Ok([BufferError, Exception, KafkaError, KafkaTimeoutError][i])
    }
}

impl Read for Template {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        let text = String::read(deserializer, at)?;
        parse_template(&text)
            .map(Template)
            .map_err(D::Error::custom)
    }
}

/// serde's untagged enum: the value read whole, then taken as a template or a special value.
impl Read for ValueSpec {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        use serde_json::Value;
        let value = match Either::read(deserializer, at)? {
            Either::Text(text) => parse_template(&text)
                .ok()
                .map(|t| ValueSpec::Text(Template(t))),
            Either::Entry(name, value) => match (name.as_str(), value) {
                ("employee_json", Value::Object(fields)) if fields.is_empty() => {
                    Some(SpecialValue::EmployeeJson {})
                }
                ("employee_json", Value::Array(fields)) if fields.is_empty() => {
                    Some(SpecialValue::EmployeeJson {})
                }
                ("not_json_serializable", Value::String(ty)) => {
                    Some(SpecialValue::NotJsonSerializable(ty))
                }
                _ => None,
            }
            .map(ValueSpec::Special),
            Either::Other => None,
        };
        value.ok_or_else(|| D::Error::custom(EXPECTED_VALUE))
    }
}

const EXPECTED_VALUE: &str = "expected a text template, {\"employee_json\": {}} or {\"not_json_serializable\": \"TypeName\"}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_reads_its_fields() {
        let sample = |kind| match kind {
            OptU32 | OptI32 | U64 | OptNumber => "7",
            Str | OptStr | Tmpl | OptTmpl | Payload => "\"t\"",
            Stream => "\"stderr\"",
            Body => "[{\"flush\": {\"line\": 8, \"timeout_ms\": 9}}]",
            Handlers => "[{\"catch\": \"Exception\", \"body\": []}]",
            OptU64 | Catch => unreachable!("not a statement's field"),
        };
        // A missing stream would be `Stdout`.
        for stmt in de::read_every_statement(SPECS, sample) {
            assert!(!format!("{stmt:?}").contains("Stdout"), "{stmt:?}");
        }
    }
}
