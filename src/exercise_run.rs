//! A runnable lesson: the lesson's scenario (with the student's what-ifs) run once to find its
//! end and the moments worth stepping to, with snapshots so that any earlier point is reached
//! quickly (the model is deterministic: replaying gives the same state). The view of a moment
//! is a pure function of the simulation at that time and of the trace up to the cursor.

use crate::components::code_view::LineMark;
use crate::components::console::ConsoleLine;
use crate::moment::{process_colour, process_label, shown};
use crate::playback::{Millis, Stop};
use course::lesson::{Changes, Lesson, SetupError, Trigger};
use kafka_sim::consumer::{ClientEvent, Printed, ProgramEvent};
use kafka_sim::engine::{Event, Process, Scenario, Sim, Stream, TraceEntry};
use kafka_sim::projection::Projection;
use std::cell::RefCell;

/// The longest run the step-through simulates, in virtual time.
const RUN_LIMIT: Millis = 10 * 60 * 1_000;

/// A snapshot is kept every this many virtual milliseconds, or further apart in long runs.
const SNAPSHOT_EVERY: Millis = 2_000;

/// At most this many snapshots: each holds the trace up to its time, so a long run's
/// snapshots spread out rather than hold the trace quadratically often.
const MAX_SNAPSHOTS: u64 = 100;

/// A client process of the run as the page shows it: its label and colour (on its code line,
/// its console and the diagram) and the program it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    pub process: Process,
    pub label: String,
    pub colour: usize,
    pub file: &'static str,
    /// The program's source, shown with the process's current line.
    pub source: &'static str,
}

/// A simulation run of a lesson, ready to be shown at any time.
#[derive(Clone, Debug)]
pub struct Run {
    /// Which of the lesson's runs this is.
    pub index: usize,
    pub processes: Vec<ProcessInfo>,
    /// The topic the diagram draws.
    pub topic: String,
    /// The consumers' group, if the run has consumers.
    pub group: Option<String>,
    pub end: Millis,
    /// Every statement a program ran: one step each.
    pub stops: Vec<Stop>,
    /// Where the lesson's key moment is.
    pub key_moment: Option<Stop>,
    /// The lesson's predictions that this run can ask (those made for the first run with
    /// exactly these what-ifs), in the lesson's order.
    pub predictions: Vec<Asking>,
    snapshots: Vec<Sim>,
    /// Virtual milliseconds between two snapshots.
    snapshot_every: Millis,
    /// The simulation last asked for, with its projection folded up to the cursor then:
    /// playing forward continues them instead of starting again from a snapshot.
    latest: RefCell<Option<(Sim, Projection)>>,
}

impl Run {
    /// The lesson's first run with the student's `changes`.
    pub fn of_lesson(lesson: &Lesson, changes: &Changes) -> Result<Run, SetupError> {
        Run::of_lesson_run(lesson, 0, changes)
    }

    /// Run `index` of the lesson (a lesson may compare runs side by side) with `changes`.
    pub fn of_lesson_run(
        lesson: &Lesson,
        index: usize,
        changes: &Changes,
    ) -> Result<Run, SetupError> {
        Run::build(lesson, index, changes, None)
    }

    /// The lesson's first run without what-ifs, played exactly to `end` (a long run for the
    /// frame benchmark: the page's runs end when their programs do).
    pub fn of_lesson_until(lesson: &Lesson, end: Millis) -> Result<Run, SetupError> {
        Run::build(lesson, 0, &Changes::none(), Some(end))
    }

    fn build(
        lesson: &Lesson,
        index: usize,
        changes: &Changes,
        end: Option<Millis>,
    ) -> Result<Run, SetupError> {
        let scenario = lesson
            .scenarios(changes)?
            .into_iter()
            .nth(index)
            .map(|run| run.scenario)
            .unwrap_or_default();
        let processes = processes(&scenario, |process| lesson.source_in_run(index, process));
        let mut full = Sim::new(scenario.clone()).map_err(|detail| SetupError {
            text: course::Text {
                zh_tw: "無法建立這個模擬",
                en: "This run cannot be built",
            },
            detail,
        })?;
        match end {
            Some(end) => full.run_until(end),
            None => {
                full.run_until_done(RUN_LIMIT);
                full.run_until(lesson.run_at_least(changes).max(full.now()));
            }
        }
        let trace = full.trace();
        let stop = |entry: &TraceEntry| Stop {
            time: entry.time,
            seq: entry.seq,
        };
        let stops = trace
            .iter()
            .filter(|entry| matches!(entry.event, Event::LineExecuted { .. }))
            .map(stop)
            .collect();
        let key_moment = lesson
            .key_moment_in_run(index, trace)
            .and_then(|seq| trace.get(seq as usize))
            .map(stop);
        let predictions = if index == 0 {
            asking(lesson, changes, &full)
        } else {
            Vec::new()
        };
        let end = full.now();
        let mut sim = Sim::new(scenario.clone()).expect("the scenario was built once already");
        let mut snapshots = vec![sim.clone()];
        let snapshot_every = SNAPSHOT_EVERY.max(end.div_ceil(MAX_SNAPSHOTS));
        for at in (snapshot_every..end).step_by(snapshot_every as usize) {
            sim.run_until(at);
            snapshots.push(sim.clone());
        }
        Ok(Run {
            index,
            processes,
            topic: scenario
                .topics
                .first()
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            group: scenario
                .consumers
                .first()
                .and_then(|c| c.config.group_id.clone()),
            end,
            stops,
            key_moment,
            predictions,
            snapshots,
            snapshot_every,
            latest: RefCell::new(None),
        })
    }

    /// The simulation as it stands at the end of `time`.
    /// Where `trigger` first happens in this run, as a stop to open the page at.
    pub fn stop_of(&self, lesson: &Lesson, trigger: &Trigger) -> Option<Stop> {
        let end = self.at(self.end);
        let seq = lesson.first_in_run(self.index, trigger, end.trace())?;
        let entry = end.trace().iter().find(|entry| entry.seq == seq)?;
        Some(Stop {
            time: entry.time,
            seq,
        })
    }

    pub fn at(&self, time: Millis) -> Sim {
        self.with_sim(time, None, Sim::clone)
    }

    /// Calls `f` with the simulation as it stands at `time` with the step cursor at trace
    /// entry `cursor` (at the end of `time` when `None`); see [`Run::with_view`].
    pub fn with_sim<R>(&self, time: Millis, cursor: Option<u64>, f: impl FnOnce(&Sim) -> R) -> R {
        self.with_view(time, cursor, |sim, _| f(sim))
    }

    /// Calls `f` with the simulation as it stands at `time` with the step cursor at trace
    /// entry `cursor` (at the end of `time` when `None`), and the model's projection folded up
    /// to the cursor. With a cursor the simulation stops right after the step that traced that
    /// entry (one message arriving, one timer, one program resuming), so the logs, high
    /// watermarks and the group are as they were when it happened, not as they are at the end
    /// of its millisecond; the projection stops at the entry itself. Continues the last
    /// simulation asked for when it has not gone past that point and no snapshot is nearer,
    /// so playing and stepping forward cost only the new events, and a frame that shows the
    /// same point again costs no replay at all.
    pub fn with_view<R>(
        &self,
        time: Millis,
        cursor: Option<u64>,
        f: impl FnOnce(&Sim, &Projection) -> R,
    ) -> R {
        let index = ((time / self.snapshot_every) as usize).min(self.snapshots.len() - 1);
        let snapshot = self.snapshots[..=index]
            .iter()
            .rev()
            .find(|sim| !passed(sim, time, cursor))
            .unwrap_or(&self.snapshots[0]);
        let mut latest = self.latest.borrow_mut();
        let (sim, projection) = match latest.take() {
            Some((sim, projection))
                if snapshot.now() <= sim.now() && !passed(&sim, time, cursor) =>
            {
                (sim, projection)
            }
            _ => (snapshot.clone(), snapshot.projection().clone()),
        };
        let (sim, projection) = latest.insert((sim, projection));
        match cursor {
            None => sim.run_until(time),
            Some(seq) => {
                while sim.trace().len() as u64 <= seq
                    && sim.next_time().is_some_and(|at| at <= time)
                {
                    sim.step();
                }
            }
        }
        let shown = shown(sim.trace(), time, cursor);
        for entry in &shown[projection.folded() as usize..] {
            projection.fold(entry);
        }
        f(sim, projection)
    }
}

/// A prediction as one run asks it: where it pauses, where the answer shows, and which choice
/// the run proves right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asking {
    /// The prediction's index in `Lesson::predictions`.
    pub index: usize,
    pub ask: Stop,
    pub reveal: Stop,
    /// The choice the run proves right (`None` if the run does not single one out: the
    /// native test keeps that from happening).
    pub key: Option<usize>,
}

/// The predictions of `lesson` made for its first run with `changes`, as `full` (that run
/// played to its end) asks and answers them.
fn asking(lesson: &Lesson, changes: &Changes, full: &Sim) -> Vec<Asking> {
    let trace = full.trace();
    let stop = |seq: u64| {
        trace.get(seq as usize).map(|entry| Stop {
            time: entry.time,
            seq: entry.seq,
        })
    };
    lesson
        .predictions
        .iter()
        .enumerate()
        .filter(|(_, prediction)| prediction.changes == *changes)
        .filter_map(|(index, prediction)| {
            let outcome = prediction.outcome_in(lesson, full)?;
            Some(Asking {
                index,
                ask: stop(outcome.ask)?,
                reveal: stop(outcome.reveal)?,
                key: prediction.key(&outcome.observed),
            })
        })
        .collect()
}

/// Whether `sim` is past `time` with the cursor at `cursor`: replaying cannot go back.
fn passed(sim: &Sim, time: Millis, cursor: Option<u64>) -> bool {
    sim.now() > time || cursor.is_some_and(|seq| sim.trace().len() as u64 > seq + 1)
}

/// The scenario's processes: the producers, then the consumers, each with the program `file_of`
/// names (processes without one are not shown).
fn processes(
    scenario: &Scenario,
    source_of: impl Fn(Process) -> Option<&'static course::Source>,
) -> Vec<ProcessInfo> {
    let producers = scenario.producers.len();
    (0..producers)
        .map(Process::Producer)
        .chain((0..scenario.consumers.len()).map(Process::Consumer))
        .filter_map(|process| {
            let source = source_of(process)?;
            Some(ProcessInfo {
                process,
                label: process_label(process, producers),
                colour: process_colour(process),
                file: source.file,
                source: source.text,
            })
        })
        .collect()
}

/// What the programs' side of the page shows at one moment: each process's current line and
/// its console, in the order of `Run::processes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramsView {
    pub marks: Vec<(usize, LineMark)>,
    pub consoles: Vec<Vec<ConsoleLine>>,
}

/// The programs' view of the trace `shown` (up to the cursor).
pub fn programs_view(processes: &[ProcessInfo], shown: &[TraceEntry]) -> ProgramsView {
    let index = |process: Process| processes.iter().position(|p| p.process == process);
    let mut lines: Vec<Option<u32>> = vec![None; processes.len()];
    let mut consoles = vec![Vec::new(); processes.len()];
    for entry in shown {
        let mut print = |i: usize, text: String, stderr: bool| {
            consoles[i].push(ConsoleLine {
                time: entry.time,
                text,
                stderr,
            })
        };
        match &entry.event {
            Event::LineExecuted { process, line } => {
                if let Some(i) = index(*process) {
                    lines[i] = Some(*line);
                }
            }
            Event::ProgramFinished { process } => {
                if let Some(i) = index(*process) {
                    lines[i] = None;
                }
            }
            // `kill -9`: the process stops where it stands and executes nothing more.
            Event::ConsumerProgram {
                consumer,
                event: ProgramEvent::Crashed,
            } => {
                if let Some(i) = index(Process::Consumer(*consumer)) {
                    lines[i] = None;
                }
            }
            Event::Printed {
                process,
                stream,
                text,
            } => {
                if let Some(i) = index(*process) {
                    let text = text.trim_end_matches('\n').to_string();
                    print(i, text, *stream == Stream::Stderr);
                }
            }
            // librdkafka's own log line (MAXPOLL), which its default logger writes to stderr.
            Event::Consumer {
                consumer,
                event: ClientEvent::Logged { text },
            } => {
                if let Some(i) = index(Process::Consumer(*consumer)) {
                    let at = Scenario::default().epoch_ms + entry.time;
                    print(i, course::console::max_poll_log_line(at, text), true);
                }
            }
            Event::ConsumerProgram {
                consumer,
                event: ProgramEvent::Printed { printed, .. },
            } => {
                if let Some(i) = index(Process::Consumer(*consumer)) {
                    // `sys.stderr.write('Aborted by user')`; everything else is `print`.
                    let stderr = matches!(printed, Printed::Aborted);
                    for text in course::console::consumer_lines(printed) {
                        print(i, text, stderr);
                    }
                }
            }
            _ => {}
        }
    }
    let marks = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let process = &processes[i];
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
    ProgramsView { marks, consoles }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str) -> Run {
        let lesson = course::lesson(id).expect("the lesson exists");
        Run::of_lesson(&lesson, &Changes::none()).expect("it runs")
    }

    #[test]
    fn a_producer_run_prints_each_message_and_ends_with_the_program() {
        let run = run("producer-05-cgroup");
        assert_eq!(run.topic, "ak03.fourpartition");
        assert_eq!(run.processes.len(), 1);
        assert_eq!(run.processes[0].label, "P");
        let sim = run.at(run.end);
        let view = programs_view(&run.processes, sim.trace());
        let console = &view.consoles[0];
        assert_eq!(
            console.first().map(|l| l.text.as_str()),
            Some("Start sending messages ...")
        );
        assert!(console.iter().any(|l| l.text == "key=0, value=msg_0"));
        assert_eq!(view.marks, vec![], "the program has finished");
    }

    #[test]
    fn stepping_back_replays_to_the_same_state() {
        let run = run("producer-03-async");
        let middle = run.stops[run.stops.len() / 2];
        let view = |stop: Stop| {
            run.with_sim(stop.time, Some(stop.seq), |sim| {
                programs_view(
                    &run.processes,
                    shown(sim.trace(), stop.time, Some(stop.seq)),
                )
            })
        };
        let direct = view(middle);
        let _ = run.at(run.end);
        assert_eq!(view(middle), direct);
        assert_eq!(direct.marks.len(), 1, "a step shows the line it stopped at");
    }

    /// Consumer_02 kills C1 (`kill -9`): from that entry on C1 executes nothing and has no
    /// current line, while the restarted C2 keeps its own.
    #[test]
    fn a_killed_consumer_has_no_current_line() {
        let run = run("consumer-02-auto-commit");
        let sim = run.at(run.end);
        let killed = sim
            .trace()
            .iter()
            .find(|entry| {
                matches!(
                    entry.event,
                    Event::ConsumerProgram {
                        consumer: 0,
                        event: ProgramEvent::Crashed
                    }
                )
            })
            .expect("C1 is killed");
        let labels = |seq: u64| -> Vec<String> {
            let view = programs_view(&run.processes, shown(sim.trace(), killed.time, Some(seq)));
            view.marks
                .iter()
                .map(|(_, mark)| mark.label.to_string())
                .collect()
        };
        assert_eq!(labels(killed.seq - 1), vec!["C1"]);
        assert_eq!(labels(killed.seq), Vec::<String>::new());
        let end: Vec<String> = programs_view(&run.processes, sim.trace())
            .marks
            .iter()
            .map(|(_, mark)| mark.label.to_string())
            .collect();
        assert_eq!(end, vec!["C2"]);
    }

    /// Ctrl+C in consumer_lag's C1 (the what-if): `close()` returns, the program ends, and C1
    /// has no current line from then on.
    #[test]
    fn a_closed_consumer_has_no_current_line_once_its_program_ends() {
        let lesson = course::lesson("consumer-lag").expect("the lesson exists");
        let plain = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let key = plain.key_moment.expect("a key moment");
        let close = plain.with_sim(key.time, None, |sim| {
            lesson.what_if(course::lesson::Action::CloseConsumer, sim, 0)
        });
        let mut changes = Changes::none();
        changes.push(close.expect("C1 can be closed"));
        let run = Run::of_lesson(&lesson, &changes).expect("it runs");
        let sim = run.at(run.end);
        let finished = sim
            .trace()
            .iter()
            .find(|entry| {
                entry.event
                    == Event::ProgramFinished {
                        process: Process::Consumer(0),
                    }
            })
            .expect("C1's program ends");
        let labels = |seq: u64| -> Vec<String> {
            programs_view(&run.processes, shown(sim.trace(), finished.time, Some(seq)))
                .marks
                .iter()
                .map(|(_, mark)| mark.label.to_string())
                .collect()
        };
        assert_eq!(labels(finished.seq - 1), vec!["P", "C1", "C2"]);
        assert_eq!(labels(finished.seq), vec!["P", "C2"]);
    }

    /// The views read the simulation right after the step that traced the cursor's entry;
    /// that is the state at the entry only if no step changes a log, a high watermark or a
    /// committed offset after a statement it ran. It holds for every lesson's runs.
    #[test]
    fn no_step_changes_a_log_after_a_statement_it_ran() {
        let changes_state = |event: &Event| {
            matches!(
                event,
                Event::RecordAppended { .. }
                    | Event::ReplicaFetched { .. }
                    | Event::HighWatermarkAdvanced { .. }
                    | Event::LogTruncated { .. }
                    | Event::LeaderElected { .. }
                    | Event::PartitionOffline { .. }
                    | Event::IsrShrunk { .. }
                    | Event::IsrExpanded { .. }
                    | Event::Coordinator { .. }
            )
        };
        let mut steps = 0;
        for exercise in course::exercises() {
            let Some(lesson) = course::lesson(exercise.id) else {
                continue;
            };
            let scenarios = lesson.scenarios(&Changes::none()).expect("it builds");
            for (index, scenario) in scenarios.into_iter().enumerate() {
                let end = Run::of_lesson_run(&lesson, index, &Changes::none())
                    .expect("it runs")
                    .end;
                let mut sim = Sim::new(scenario.scenario).expect("it is valid");
                while sim.next_time().is_some_and(|at| at <= end) {
                    let before = sim.trace().len();
                    sim.step();
                    let step = &sim.trace()[before..];
                    let after_a_line = step
                        .iter()
                        .skip_while(|e| !matches!(e.event, Event::LineExecuted { .. }));
                    for entry in after_a_line {
                        assert!(
                            !changes_state(&entry.event),
                            "{} run {index}: {entry:?} in the step of a statement",
                            exercise.id
                        );
                    }
                    steps += 1;
                }
            }
        }
        assert!(steps > 10_000, "every lesson was stepped through: {steps}");
    }
}
