//! The programs' side of the step-through: the line each process is executing and the tail of
//! its console, folded entry by entry as the trace grows, so that a frame at the end of a long
//! run costs what a frame at its start does (the run keeps the fold with its simulation and
//! snapshots: `Run::with_view`).

use crate::exercise_run::ProcessInfo;
use kafka_sim::console::Line;
use kafka_sim::consumer::ProgramEvent;
use kafka_sim::engine::{Event, Process, Scenario, Stream, TraceEntry};
use kafka_sim::ids::Millis;
use std::collections::VecDeque;
use std::rc::Rc;

/// How many lines a console draws; older ones are counted, not drawn.
pub const VISIBLE_LINES: usize = 200;

/// A client executing a line: drawn as a label in the gutter and a tinted line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMark {
    pub line: u32,
    pub label: Rc<str>,
    pub colour: usize,
}

/// A line of a program's console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub time: Millis,
    /// Shared, so that a frame's copy of the console's lines costs no string copies.
    pub text: Rc<str>,
    /// Written to `sys.stderr` (the delivery callbacks do) rather than printed.
    pub stderr: bool,
}

/// What the programs' side of the page shows at one moment: each process's current line and
/// its console, in the order of `Run::processes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramsView {
    pub marks: Vec<(usize, LineMark)>,
    pub consoles: Vec<ConsoleTail>,
}

/// The last lines of a console, as many as it draws, and how many came before them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleTail {
    /// Lines printed before `lines`: counted, not kept.
    pub earlier: usize,
    /// The last `VISIBLE_LINES` lines at most, oldest first.
    pub lines: Vec<ConsoleLine>,
}

/// The programs' current lines and console tails, folded up to some trace entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programs {
    /// The processes shown, in the order of `Run::processes`.
    processes: Vec<Process>,
    /// Each process's current line; `None` before its first statement and once it stopped.
    lines: Vec<Option<u32>>,
    /// Each process's console: the last `VISIBLE_LINES` lines and the count of earlier ones.
    consoles: Vec<(usize, VecDeque<ConsoleLine>)>,
    /// The wall clock at the run's start, which the programs' printed times count from: the
    /// default scenario's, read once rather than per entry folded.
    epoch_ms: Millis,
}

impl Programs {
    /// Nothing run and nothing printed yet by `processes`.
    pub fn new(processes: &[ProcessInfo]) -> Programs {
        Programs {
            processes: processes.iter().map(|p| p.process).collect(),
            lines: vec![None; processes.len()],
            consoles: vec![(0, VecDeque::new()); processes.len()],
            epoch_ms: Scenario::default().epoch_ms,
        }
    }

    /// The fold of the trace `shown` (from its start).
    pub fn of(processes: &[ProcessInfo], shown: &[TraceEntry]) -> Programs {
        let mut programs = Programs::new(processes);
        shown.iter().for_each(|entry| programs.fold(entry));
        programs
    }

    /// Folds in the next trace entry.
    pub fn fold(&mut self, entry: &TraceEntry) {
        match &entry.event {
            Event::LineExecuted { process, line } => self.set_line(*process, Some(*line)),
            Event::ProgramFinished { process } => self.set_line(*process, None),
            // `kill -9`: the process stops where it stands and executes nothing more.
            Event::ConsumerProgram {
                consumer,
                event: ProgramEvent::Crashed,
            } => self.set_line(Process::Consumer(*consumer), None),
            // The programs' prints, and librdkafka's MAXPOLL log line on stderr.
            _ => {
                if let Some((process, lines)) = entry.console(self.epoch_ms) {
                    lines
                        .into_iter()
                        .for_each(|line| self.print(process, entry, line));
                }
            }
        }
    }

    /// What the page shows of the fold, with the labels and colours of `processes` (those it
    /// was made for).
    pub fn view(&self, processes: &[ProcessInfo]) -> ProgramsView {
        let marks = self
            .lines
            .iter()
            .zip(processes)
            .enumerate()
            .filter_map(|(i, (line, process))| {
                Some((
                    i,
                    LineMark {
                        line: (*line)?,
                        label: process.label.clone().into(),
                        colour: process.colour,
                    },
                ))
            })
            .collect();
        let consoles = self
            .consoles
            .iter()
            .map(|(earlier, lines)| ConsoleTail {
                earlier: *earlier,
                lines: lines.iter().cloned().collect(),
            })
            .collect();
        ProgramsView { marks, consoles }
    }

    fn index(&self, process: Process) -> Option<usize> {
        self.processes.iter().position(|&p| p == process)
    }

    fn set_line(&mut self, process: Process, line: Option<u32>) {
        if let Some(i) = self.index(process) {
            self.lines[i] = line;
        }
    }

    fn print(&mut self, process: Process, entry: &TraceEntry, line: Line) {
        let Some(i) = self.index(process) else {
            return;
        };
        let (earlier, lines) = &mut self.consoles[i];
        if lines.len() == VISIBLE_LINES {
            lines.pop_front();
            *earlier += 1;
        }
        lines.push_back(ConsoleLine {
            time: entry.time,
            text: line.text.into(),
            stderr: line.stream == Stream::Stderr,
        });
    }
}

/// The programs' view of the trace `shown` (up to the cursor), folded from its start.
pub fn programs_view(processes: &[ProcessInfo], shown: &[TraceEntry]) -> ProgramsView {
    Programs::of(processes, shown).view(processes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_sim::console::ProducerPrint;
    use kafka_sim::engine::Cause;

    /// A console keeps its last `VISIBLE_LINES` lines and counts the earlier ones.
    #[test]
    fn a_long_console_keeps_its_last_lines_and_counts_the_rest() {
        let process = Process::Producer(0);
        let processes = [ProcessInfo {
            process,
            label: "P".into(),
            colour: 5,
            file: "Producer.py".into(),
            source: "".into(),
        }];
        let printed = VISIBLE_LINES + 50;
        let trace: Vec<TraceEntry> = (0..printed)
            .map(|n| TraceEntry {
                time: n as u64,
                seq: n as u64,
                cause: Cause::Start,
                event: Event::Printed {
                    process,
                    printed: Box::new(ProducerPrint::Text {
                        stream: Stream::Stdout,
                        text: format!("line {n}\n"),
                    }),
                },
            })
            .collect();
        let console = &programs_view(&processes, &trace).consoles[0];
        assert_eq!(console.earlier, 50);
        assert_eq!(console.lines.len(), VISIBLE_LINES);
        assert_eq!(&*console.lines[0].text, "line 50");
        let last = format!("line {}", printed - 1);
        assert_eq!(console.lines.last().map(|l| &*l.text), Some(last.as_str()));
    }
}
