//! A fork of a playground run (issue 16, item 2): at the cursor the student changes the
//! scenario (anything the editor edits) and runs it again from the start; the original run and
//! the fork then play side by side on one clock, with what differs between them: the change
//! itself, the summaries' figures and each console's first differing line. Pure: the page's
//! components draw it.

use super::draft::Draft;
use super::link;
use crate::deep_link::Ignored;
use crate::exercise_run::{ProcessInfo, Run};
use crate::state::playback::{Millis, Playback, Stop};
use kafka_sim::collect::sort;
use kafka_sim::engine::{Scenario, TraceEntry};
use serde_json::Value;
use std::rc::Rc;

/// A fork: the scenario it was taken from, and the virtual time it was taken at (where the
/// two runs open).
#[derive(Clone, Debug, PartialEq)]
pub struct Fork {
    pub base: Rc<Draft>,
    pub at: Millis,
}

impl Fork {
    /// The link's parameters after `s=` (which holds the fork's own scenario):
    /// `&base=<the original scenario, packed as s= is>&at=<virtual ms>`.
    pub fn params(&self) -> String {
        format!(
            "&base={}&at={}",
            link::encode(&self.base.to_json()),
            self.at
        )
    }

    /// The fork a link's query holds (`base=...&at=...`): none without `base=`, or why its
    /// original scenario cannot be read. A missing `at=` opens at the start, and so does an
    /// unreadable one, which is returned beside the fork for the page to say so.
    pub fn open(query: &str) -> Result<Option<(Fork, Option<Ignored>)>, String> {
        let Some(value) = link::param(query, "base") else {
            return Ok(None);
        };
        let json = link::decode(value).map_err(|e| format!("base=: {e}"))?;
        let base = Draft::import(&json).map_err(|e| format!("base=: {e}"))?;
        let (at, unreadable) = match link::param(query, "at").map(|at| (at, at.parse())) {
            None => (0, None),
            Some((_, Ok(at))) => (at, None),
            Some((at, Err(_))) => (0, Some(Ignored::Malformed("at", at.to_owned()))),
        };
        let fork = Fork {
            base: Rc::new(base),
            at,
        };
        Ok(Some((fork, unreadable)))
    }
}

/// One value the fork changed: where in the scenario file, and what it was and is (`None`:
/// not there).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every value that differs between the two scenario files, in the file's order, with the
/// path `kafka-sim run`'s errors use (`producers[0].config.acks`).
pub fn changes(base: &Draft, fork: &Draft) -> Vec<Change> {
    let (base, fork) = (as_value(base), as_value(fork));
    let mut found = Vec::new();
    compare_values(String::new(), Some(&base), Some(&fork), &mut found);
    found
}

fn as_value(draft: &Draft) -> Value {
    serde_json::to_value(draft).expect("a draft serializes")
}

fn compare_values(path: String, a: Option<&Value>, b: Option<&Value>, found: &mut Vec<Change>) {
    let child = |key: &str| match path.as_str() {
        "" => key.to_owned(),
        _ => format!("{path}.{key}"),
    };
    match (a, b) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let added = b.keys().filter(|key| !a.contains_key(*key));
            for key in a.keys().chain(added) {
                compare_values(child(key), a.get(key), b.get(key), found);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                compare_values(format!("{path}[{i}]"), a.get(i), b.get(i), found);
            }
        }
        _ if a == b => {}
        _ => found.push(Change {
            path,
            before: a.cloned(),
            after: b.cloned(),
        }),
    }
}

/// A figure of `kafka-sim run`'s summary, as the fork compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figure {
    Time,
    Finished,
    /// A producer tally field (`queued`, `acknowledged`, ...).
    Producer(String),
    /// The consumers' records processed more than once.
    Duplicates,
    /// A consumer group's `committed`, `lag` or `losses`.
    Group {
        id: String,
        what: &'static str,
    },
}

impl Figure {
    /// The figure's name in the page's markup (`data-figure`): the summary's field name.
    pub fn name(&self) -> String {
        match self {
            Figure::Time => "time".into(),
            Figure::Finished => "finished".into(),
            Figure::Producer(field) => field.clone(),
            Figure::Duplicates => "duplicates".into(),
            Figure::Group { id, what } => format!("{id}.{what}"),
        }
    }
}

/// A figure in both runs (`Value::Null` where a run does not have it).
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    pub figure: Figure,
    pub original: Value,
    pub fork: Value,
}

impl Compared {
    pub fn differs(&self) -> bool {
        self.original != self.fork
    }
}

/// What a consumer group's summary holds, in the order shown.
const GROUP_FIGURES: [&str; 3] = ["committed", "lag", "losses"];

/// The two summaries (`Outcome::summary()`) figure by figure: the end time, whether the
/// programs finished, the producer tally (the fields in `producer_order` first, as the
/// summary shows them), and, when either run has consumers, their duplicates and each group's
/// committed offsets, lag and losses.
pub fn compare(original: &Value, fork: &Value, producer_order: &[&str]) -> Vec<Compared> {
    let both = |at: &dyn Fn(&Value) -> &Value| (at(original).clone(), at(fork).clone());
    let mut figures = vec![Figure::Time, Figure::Finished];
    let mut fields: Vec<String> = keys(original, fork, "producers").collect();
    // Stable: the fields not in `producer_order` keep the summary's order, last.
    sort::sort_by_key(&mut fields, |field| {
        let at = producer_order.iter().position(|f| f == field);
        at.unwrap_or(producer_order.len())
    });
    figures.extend(fields.into_iter().map(Figure::Producer));
    if original["consumers"].is_object() || fork["consumers"].is_object() {
        figures.push(Figure::Duplicates);
        for id in keys(&original["consumers"], &fork["consumers"], "groups") {
            let group = GROUP_FIGURES.map(|what| Figure::Group {
                id: id.clone(),
                what,
            });
            figures.extend(group);
        }
    }
    figures
        .into_iter()
        .map(|figure| {
            let (a, b) = match &figure {
                Figure::Time => both(&|s| &s["time"]),
                Figure::Finished => both(&|s| &s["finished"]),
                Figure::Producer(field) => both(&|s| &s["producers"][field]),
                Figure::Duplicates => both(&|s| &s["consumers"]["duplicates"]),
                Figure::Group { id, what } => both(&|s| &s["consumers"]["groups"][id][*what]),
            };
            Compared {
                figure,
                original: a,
                fork: b,
            }
        })
        .collect()
}

/// The keys of the object `field` in `a`, then those only `b` has.
fn keys<'a>(a: &'a Value, b: &'a Value, field: &str) -> impl Iterator<Item = String> + 'a {
    let (a, b) = (a[field].as_object(), b[field].as_object());
    let first = a.into_iter().flatten().map(|(key, _)| key.clone());
    let added = b
        .into_iter()
        .flatten()
        .filter(move |(key, _)| a.is_none_or(|a| !a.contains_key(*key)))
        .map(|(key, _)| key.clone());
    first.chain(added)
}

/// A line a program printed, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    pub time: Millis,
    pub text: String,
}

/// Everything a process printed in a run (the console view keeps only its last lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullConsole {
    pub label: String,
    pub lines: Vec<Printed>,
}

/// The console of each of `run`'s processes over the whole run, as the console views print it.
pub fn consoles(run: &Run) -> Vec<FullConsole> {
    run.with_sim(run.end, None, |sim| {
        consoles_of(&run.processes, sim.trace())
    })
}

fn consoles_of(processes: &[ProcessInfo], trace: &[TraceEntry]) -> Vec<FullConsole> {
    let mut consoles: Vec<FullConsole> = processes
        .iter()
        .map(|process| FullConsole {
            label: process.label.clone(),
            lines: Vec::new(),
        })
        .collect();
    // The epoch the console views stamp log lines with (`view::programs`).
    let epoch_ms = Scenario::default().epoch_ms;
    for entry in trace {
        let Some((process, lines)) = entry.console(epoch_ms) else {
            continue;
        };
        let Some(i) = processes.iter().position(|p| p.process == process) else {
            continue;
        };
        let printed = lines.into_iter().map(|line| Printed {
            time: entry.time,
            text: line.text,
        });
        consoles[i].lines.extend(printed);
    }
    consoles
}

/// Where a process's consoles first part: its label, the line's number (from 1), and that
/// line in each run (`None`: the run printed fewer lines, or has no such process).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleDifference {
    pub label: String,
    pub line: usize,
    pub original: Option<Printed>,
    pub fork: Option<Printed>,
}

impl ConsoleDifference {
    /// The earlier of the two lines' times: where to look.
    pub fn time(&self) -> Millis {
        let times = [&self.original, &self.fork];
        let times = times.into_iter().flatten().map(|printed| printed.time);
        times.min().unwrap_or(0)
    }
}

/// For each process of either run (matched by label), where its consoles first differ in
/// text; `None` when both print the same lines (at whatever times).
pub fn first_differences(
    original: &[FullConsole],
    fork: &[FullConsole],
) -> Vec<(String, Option<ConsoleDifference>)> {
    let labels = original.iter().chain(fork).map(|console| &console.label);
    let mut seen: Vec<&String> = Vec::new();
    for label in labels {
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    let lines_of = |consoles: &[FullConsole], label: &str| -> Vec<Printed> {
        let console = consoles.iter().find(|console| console.label == label);
        console.map(|c| c.lines.clone()).unwrap_or_default()
    };
    seen.into_iter()
        .map(|label| {
            let (a, b) = (lines_of(original, label), lines_of(fork, label));
            let at = (0..a.len().max(b.len()))
                .find(|&i| a.get(i).map(|p| &p.text) != b.get(i).map(|p| &p.text));
            let difference = at.map(|i| ConsoleDifference {
                label: label.clone(),
                line: i + 1,
                original: a.get(i).cloned(),
                fork: b.get(i).cloned(),
            });
            (label.clone(), difference)
        })
        .collect()
}

/// The playback of the two runs on one clock, opened at `at`: it steps from one virtual time
/// at which either run traces a line to the next (both runs shown in full up to it), plays
/// slowly where either has a message on the wire, and ends when the later run ends.
pub fn playback(original: &Run, fork: &Run, at: Millis, ms_per_second: u64) -> Playback {
    let mut times: Vec<Millis> = original
        .stops
        .iter()
        .chain(&fork.stops)
        .map(|stop| stop.time)
        .collect();
    sort::sort(&mut times);
    times.dedup();
    // A whole millisecond is a stop: its sequence number is past every entry in it.
    let stops = times
        .into_iter()
        .map(|time| Stop {
            time,
            seq: u64::MAX,
        })
        .collect();
    let end = original.end.max(fork.end);
    let playback = Playback::new(stops, end, ms_per_second)
        .with_hops(Rc::new(original.hops.union(&fork.hops)));
    if at > 0 {
        playback.resumed_at(at)
    } else {
        playback
    }
}

#[cfg(test)]
mod tests;
