//! A producer statement's fields, read from a scenario file with the table of
//! [`crate::program::de`].

use super::{HandlerSpec, StmtSpec, StreamSpec, Template, ValueSpec};
use crate::program::de::{self, Spec, kinds, spec};
use serde::de::{Deserialize, Deserializer};

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

impl<'de> Deserialize<'de> for StmtSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::deserialize(deserializer, "StmtSpec", SPECS, &NAMES)
    }
}

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
        };
        // A missing stream would be `Stdout`.
        for stmt in de::read_every_statement(SPECS, sample) {
            assert!(!format!("{stmt:?}").contains("Stdout"), "{stmt:?}");
        }
    }
}
