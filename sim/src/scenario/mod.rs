//! Scenario files: a whole run written by hand as JSON (the cluster, the topics, the client
//! programs with their configuration dicts, and a timeline of commands), parsed into an
//! [`engine::Scenario`](crate::engine::Scenario) and run to a JSON Lines trace. The README's
//! "kafka-sim run" section documents the format; `kafka-sim run FILE` is the command.
//!
//! Every error names the JSON path of what is wrong (`producers[0].config`,
//! `timeline[2].broker`); a client configuration is checked as `Producer(props)` checks it,
//! so a bad property gets librdkafka's own message.

mod build;
mod config_dict;
mod file;
pub mod limits;
mod output;
mod producer_program;

pub use output::Outcome;

use crate::engine::{Scenario, Sim};
use crate::ids::Millis;
use file::File;
use std::fmt;

/// How long a run without `run_until_ms` may go on after its last timeline command while
/// programs are still running.
pub const DONE_DEADLINE_MS: Millis = 600_000;

/// When a run stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunUntil {
    /// At this virtual time.
    Time(Millis),
    /// When every program has finished, after the last timeline command, or at
    /// [`DONE_DEADLINE_MS`] after it.
    Done,
}

/// A parsed scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFile {
    /// The file's `description`, free text for the reader.
    pub description: Option<String>,
    pub scenario: Scenario,
    pub run_until: RunUntil,
}

/// What is wrong with a scenario file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The JSON path (`producers[0].program[2].produce.topic`); empty for the whole file.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

fn error(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: message.into(),
    }
}

/// Parses and checks a scenario file.
pub fn parse(json: &str) -> Result<ScenarioFile, ScenarioError> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    // What follows the file's object is not read (serde_path_to_error's reader did not either).
    let file: File = crate::program::de::read(deserializer, "").map_err(|(path, e)| {
        // A key that could not be read at the top is in the whole file.
        let path = if path == "?" { String::new() } else { path };
        error(path, e.to_string())
    })?;
    let scenario = build::scenario(&file)?;
    let run_until = match file.run_until_ms {
        Some(t) => RunUntil::Time(limits::time(t, "run_until_ms")?),
        None => RunUntil::Done,
    };
    Ok(ScenarioFile {
        description: file.description,
        scenario,
        run_until,
    })
}

impl ScenarioFile {
    /// Builds the simulation and runs it to the file's stop.
    pub fn run(&self) -> Result<Outcome, ScenarioError> {
        let mut sim = Sim::new(self.scenario.clone()).map_err(|e| error("", e))?;
        sim.limit_steps(limits::MAX_STEPS);
        let finished = match self.run_until {
            RunUntil::Time(t) => {
                sim.run_until(t);
                sim.run_until_done(t)
            }
            RunUntil::Done => {
                let last = self
                    .scenario
                    .faults
                    .iter()
                    .map(|(at, _)| *at)
                    .max()
                    .unwrap_or(0);
                sim.run_until(last);
                sim.run_until_done(last + DONE_DEADLINE_MS)
            }
        };
        limits::check_run(&sim)?;
        Ok(Outcome { sim, finished })
    }
}
