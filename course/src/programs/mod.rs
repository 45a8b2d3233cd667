//! The exercises as programs the simulator runs, built from their Python source.
//!
//! Everything is read from the source itself: the topic (`topicName = ...`), the configuration
//! (the `props = {...}` dict, validated as `Producer(**props)` / `Consumer(props)` validate it),
//! and the line of every statement (the source's anchors, or for text a program repeats, the
//! first line after an anchor holding it). Which statements a program holds follows from the
//! anchors its source declares.

mod consumer;
mod kafka_python;
mod producer;
mod python;

pub use consumer::{ConsumerProgram, consumer_program, consumer_program_with_args};
pub use producer::{ProducerProgram, producer_program};

use crate::exercise::Source;
use kafka_sim::config::{ConfigError, ConfigValue};
use python::Main;

/// The `props = {...}` entries of `source` run without arguments (none if one cannot be
/// evaluated).
pub(crate) fn props(source: &Source) -> Vec<(&'static str, ConfigValue)> {
    let main = Main::new(*source, &[]);
    main.props().unwrap_or_default()
}

/// A Python literal as a configuration value (see [`python::literal`]).
pub(crate) fn python_value(text: &str) -> ConfigValue {
    python::literal(text)
}

/// Why a source is not a runnable program.
#[derive(Clone, Debug, PartialEq)]
pub enum ProgramError {
    /// The source has no `produce()` statement, or lacks a statement every producer has.
    NotAProducer(&'static str),
    /// The source lacks a statement its kind of consumer program has.
    NotAConsumer(&'static str),
    /// Its `props` do not make a client (as `Producer(**props)` or `Consumer(props)` would
    /// raise).
    Config(ConfigError),
}
