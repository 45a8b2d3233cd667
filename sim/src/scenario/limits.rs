//! The scenario runner's guards against a hostile or mistaken file (a link anyone may send):
//! sizes past these are refused with the path of the value, and a run that would not end
//! stops with an error instead of hanging the page or the command. Each is far beyond what
//! the course's scenarios use. The README's `kafka-sim run` section lists them.

use super::{ScenarioError, error};
use crate::engine::{Process, Sim};
use crate::ids::Millis;
use crate::program::MAX_INSTRUCTIONS;

/// The most brokers a cluster may have.
pub const MAX_BROKERS: i32 = 100;
/// The most partitions a topic may have, when created or grown by `add_partitions`.
pub const MAX_PARTITIONS: i32 = 1_000;
/// The latest virtual time a file may name (`at_ms`, `run_until_ms`, a wait or a delay):
/// 30 days, so that sums of times never overflow.
pub const MAX_TIME_MS: Millis = 30 * 24 * 3_600_000;
/// The most scheduled items (messages delivered, timers fired) a run may process.
pub const MAX_STEPS: u64 = 5_000_000;

/// `value` at `path`, if it is at most `max`.
pub fn at_most<T: PartialOrd + std::fmt::Display>(
    value: T,
    max: T,
    path: impl Into<String>,
    what: &str,
) -> Result<T, ScenarioError> {
    if value <= max {
        Ok(value)
    } else {
        Err(error(
            path,
            format!("{value} is more than {max}, the most {what} a scenario may have"),
        ))
    }
}

/// A time at `path`, at most [`MAX_TIME_MS`].
pub fn time(value: Millis, path: impl Into<String>) -> Result<Millis, ScenarioError> {
    at_most(value, MAX_TIME_MS, path, "ms of virtual time (30 days)")
}

/// Why a finished run cannot be trusted: it stopped at [`MAX_STEPS`], or a program ran
/// [`MAX_INSTRUCTIONS`] instructions.
pub fn check_run(sim: &Sim) -> Result<(), ScenarioError> {
    if let Some(process) = sim.ran_away() {
        let path = match process {
            Process::Producer(i) => format!("producers[{i}].program"),
            Process::Consumer(i) => format!("consumers[{i}].program"),
        };
        return Err(error(
            path,
            format!(
                "the program ran {MAX_INSTRUCTIONS} instructions, the most a scenario's program may run (a loop that never ends, or too many rounds)"
            ),
        ));
    }
    if sim.out_of_steps() {
        return Err(error(
            "",
            format!(
                "the run stopped at virtual time {} ms after {MAX_STEPS} steps, the most a scenario may take (too many messages, or a run_until_ms too far away)",
                sim.now()
            ),
        ));
    }
    Ok(())
}
