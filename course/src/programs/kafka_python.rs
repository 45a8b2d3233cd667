//! Seed 004's kafka-python consumer programs as programs the simulator runs: `consumer =
//! KafkaConsumer(topic, key=value, ...)` (its keywords, or a `**kwargs` dict the program
//! assigns, validated as kafka-python 3.0.12's constructor validates them), then either
//! `for message in consumer:` (`ForMessage`) printing each message (`PrintRecord`), with
//! processing time (`Work`) or a `consumer.commit()` per message (`Commit`), or the lag
//! script (`PartitionsForTopic`, `EndOffsets`, `Committed`, `PrintLeft`). Its producer,
//! `producer_demo`, is read in [`producer`].

mod producer;

pub(super) use producer::{is_kafka_python_producer, producer_program};

use super::consumer::Builder;
use super::python::{Main, arguments};
use super::{ConsumerProgram, ProgramError};
use crate::exercise::{Anchor, Source};
use kafka_sim::config::{ConfigValue, ConsumerConfig, Profile};
use kafka_sim::consumer::{Callbacks, Program, Stmt};

/// Whether `source` is one of seed 004's kafka-python consumers.
pub(super) fn is_kafka_python(source: &Source) -> bool {
    source.text.contains("from kafka import KafkaConsumer")
}

/// The kafka-python consumer program of `source`.
pub(super) fn consumer_program(source: &Source) -> Result<ConsumerProgram, ProgramError> {
    let b = Builder {
        main: Main::new(*source, &[]),
    };
    let (topic, props) = b.constructor()?;
    let config =
        ConsumerConfig::from_pairs(Profile::KafkaPython, &props).map_err(ProgramError::Config)?;
    let subscribe = Stmt::Subscribe {
        line: b.line(Anchor::Subscribe)?,
        topics: vec![topic.clone()],
    };
    let rest = if b.main.has(Anchor::PartitionsForTopic) {
        b.lag_script(&topic)?
    } else {
        vec![b.for_message()?]
    };
    Ok(ConsumerProgram {
        topics: vec![topic],
        props,
        config,
        profile: Profile::KafkaPython,
        program: Program {
            body: std::iter::once(subscribe).chain(rest).collect(),
            callbacks: Callbacks::default(),
            crash_after_records: None,
        },
    })
}

/// Keyword arguments as `KafkaConsumer(**configs)` receives them, in the order written.
type Keywords = Vec<(&'static str, ConfigValue)>;

/// What reading a kafka-python source adds to the consumers' reader.
impl Builder<'_> {
    /// `KafkaConsumer(topic, ...)`: the topic (its first argument) and the keyword arguments
    /// in the order written, a `**name` dict's entries in its place.
    fn constructor(&self) -> Result<(String, Keywords), ProgramError> {
        let not = ProgramError::NotAConsumer("KafkaConsumer");
        let call = self.call_text(self.line(Anchor::Subscribe)?);
        let args = arguments(call, "KafkaConsumer").ok_or(not.clone())?;
        let (topic, keywords) = args.split_first().ok_or(not.clone())?;
        let Some(ConfigValue::Str(topic)) = self.main.value(topic) else {
            return Err(not);
        };
        Ok((topic, self.keywords(keywords).ok_or(not)?))
    }

    /// Keyword arguments (`name=value`, or `**name` for a dict's entries) in the order
    /// written.
    fn keywords(&self, args: &[&'static str]) -> Option<Keywords> {
        let mut props = Vec::new();
        for arg in args {
            match arg.strip_prefix("**") {
                Some(name) => props.extend(self.dict(name)?),
                None => {
                    let (name, value) = arg.split_once('=')?;
                    props.push((name.trim(), self.value(value)?));
                }
            }
        }
        Some(props)
    }

    /// An argument's value: a list literal (`['localhost:9092']`) or what [`Main::value`]
    /// reads.
    fn value(&self, expr: &str) -> Option<ConfigValue> {
        let expr = expr.trim();
        match expr.strip_prefix('[').and_then(|e| e.strip_suffix(']')) {
            Some(items) => items
                .split(',')
                .filter(|item| !item.trim().is_empty())
                .map(|item| self.main.value(item))
                .collect::<Option<_>>()
                .map(ConfigValue::List),
            None => self.main.value(expr),
        }
    }

    /// The call starting on `line`, its lines joined (`KafkaConsumer(` spans several).
    fn call_text(&self, line: u32) -> &'static str {
        let text = self.main.source.text;
        let start = text
            .lines()
            .take(line as usize - 1)
            .map(|l| l.len() + 1)
            .sum();
        let mut depth = 0;
        for (i, c) in text[start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 1 => return &text[start..=start + i],
                ')' => depth -= 1,
                _ => {}
            }
        }
        &text[start..]
    }

    /// The entries of the one-line dict literal the program assigns to `name`.
    fn dict(&self, name: &str) -> Option<Keywords> {
        let literal = self.main.assigned(name)?;
        let inner = literal.strip_prefix('{')?.strip_suffix('}')?;
        inner
            .split(", ")
            .map(|entry| {
                let (key, value) = entry.split_once(':')?;
                Some((key.trim().trim_matches('\''), self.main.value(value)?))
            })
            .collect()
    }

    /// `print("text")` on `line`: a fixed text.
    fn print_text(&self, line: u32) -> Result<Stmt, ProgramError> {
        let text = arguments(self.main.text_of(line), "print")
            .and_then(|args| args.first()?.strip_prefix('"')?.strip_suffix('"'))
            .ok_or(ProgramError::NotAConsumer("print"))?;
        Ok(Stmt::Print {
            line,
            text: text.to_owned(),
        })
    }

    /// `for message in consumer: print("receive, ...")` with the program's processing time
    /// or its `consumer.commit()` after the print.
    fn for_message(&self) -> Result<Stmt, ProgramError> {
        let mut body = vec![Stmt::PrintReceive {
            line: self.line(Anchor::PrintRecord)?,
        }];
        if self.main.has(Anchor::Work) {
            let line = self.line(Anchor::Work)?;
            let ms = super::producer::sleep_ms(&self.main, line)
                .ok_or(ProgramError::NotAConsumer("time.sleep"))?;
            body.push(Stmt::Work { line, ms });
        }
        if self.main.has(Anchor::Commit) {
            // kafka-python's `commit()` blocks until the coordinator answers (3.0.12
            // `KafkaConsumer.commit`: `commit_offsets_sync`).
            body.push(Stmt::Commit {
                line: self.line(Anchor::Commit)?,
                asynchronous: false,
            });
        }
        Ok(Stmt::ForMessage {
            line: self.line(Anchor::ForMessage)?,
            body,
        })
    }

    /// Seed 004's lag script, after the constructor: partitions, the start print, end
    /// offsets, committed offsets and what is left.
    fn lag_script(&self, topic: &str) -> Result<Vec<Stmt>, ProgramError> {
        Ok(vec![
            Stmt::PartitionsForTopic {
                line: self.line(Anchor::PartitionsForTopic)?,
                topic: topic.to_owned(),
            },
            self.print_text(self.line(Anchor::PrintStart)?)?,
            Stmt::EndOffsets {
                line: self.line(Anchor::EndOffsets)?,
            },
            Stmt::PrintEndOffsets {
                line: self.after(Anchor::EndOffsets, "print(\"total offset")?,
            },
            Stmt::CommittedEach {
                line: self.line(Anchor::Committed)?,
            },
            Stmt::PrintCommittedEach {
                line: self.after(Anchor::Committed, "print(\"current offset")?,
            },
            Stmt::PrintLeft {
                line: self.line(Anchor::PrintLeft)?,
            },
        ])
    }
}
