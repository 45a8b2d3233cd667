//! A runnable lesson: the lesson's scenario (with the student's what-ifs) run once to find its
//! end and the moments worth stepping to, with snapshots so that any earlier point is reached
//! quickly (the model is deterministic: replaying gives the same state). The view of a moment
//! is a pure function of the simulation at that time and of the trace up to the cursor. What
//! the views fold from the trace (the model's projection, the programs' lines and consoles, the
//! protocol lane) is kept with the simulation and its snapshots, and where the narration's
//! beats start is found once, so that a frame's cost does not grow with the trace.

use crate::diagram::lens::{Hops, Trips};
use crate::state::playback::{Millis, Stop};
use crate::view::lane::Lane;
use crate::view::moment::{Moment, moment, shown};
use crate::view::process::{process_colour, process_label};
use crate::view::programs::Programs;
use course::lesson::{Changes, Lesson, Narration, SetupError, Trigger};
use kafka_sim::engine::{Event, Process, Scenario, Sim, TraceEntry};
use kafka_sim::projection::Projection;
use kafka_sim::scenario::{Outcome, ScenarioFile};
use std::cell::RefCell;
use std::rc::Rc;

/// The longest run the step-through simulates, in virtual time.
const RUN_LIMIT: Millis = 10 * 60 * 1_000;

/// A snapshot is kept every this many virtual milliseconds, however long the run: the
/// snapshots share one trace (`Sim::follow`), so each costs only the model's state, and a
/// step back replays at most this much from the nearest one.
const SNAPSHOT_EVERY: Millis = 2_000;

/// A client process of the run as the page shows it: its label and colour (on its code line,
/// its console and the diagram) and the program it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    pub process: Process,
    pub label: String,
    pub colour: usize,
    pub file: Rc<str>,
    /// The program's source, shown with the process's current line.
    pub source: Rc<str>,
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
    /// Where the narration's beats start in this run.
    pub narration: Narration,
    /// When messages are on the wire, for the time lens.
    pub hops: Rc<Hops>,
    /// One every `SNAPSHOT_EVERY` milliseconds from the start.
    snapshots: Vec<Folded>,
    /// The simulation last asked for, with the views' folds up to the cursor then: playing
    /// forward continues them instead of starting again from a snapshot.
    latest: RefCell<Option<Folded>>,
}

/// The simulation at some point of the run, with what the views fold from its trace up to
/// some entry (the cursor's, or the end of the trace for a snapshot).
#[derive(Clone, Debug)]
struct Folded {
    sim: Sim,
    projection: Projection,
    programs: Programs,
    lane: Lane,
    /// Where the simulation's last step began in its trace, when `Run::with_view` took it:
    /// the simulation is then the state right after the step of any entry from there on.
    last_step: Option<u64>,
}

impl Folded {
    /// `sim` with every entry of its trace folded.
    fn of(sim: Sim, processes: &[ProcessInfo]) -> Folded {
        Folded {
            projection: sim.projection().clone(),
            programs: Programs::of(processes, sim.trace()),
            lane: Lane::of(sim.trace()),
            last_step: None,
            sim,
        }
    }

    /// Whether this is past `time` with the cursor at `cursor`: replaying cannot go back. A
    /// simulation that has traced entries after the cursor's in the cursor's own step is not
    /// past it (stepping forward through the statements of one step replays nothing), as long
    /// as the folds have not gone past the cursor.
    fn passed(&self, time: Millis, cursor: Option<u64>) -> bool {
        self.sim.now() > time
            || cursor.is_some_and(|seq| {
                let traced = self.sim.trace().len() as u64;
                let in_last_step = self.last_step.is_some_and(|start| start <= seq);
                self.projection.folded() > seq + 1 || (traced > seq + 1 && !in_last_step)
            })
    }

    /// Folds in the entries of the trace not folded yet, up to entry `end` (excluded).
    fn fold_to(&mut self, end: usize) {
        for entry in &self.sim.trace()[self.projection.folded() as usize..end] {
            self.projection.fold(entry);
            self.programs.fold(entry);
            self.lane.fold(entry);
        }
    }
}

/// What one frame shows: the simulation right after the step that traced the cursor's entry,
/// the trace up to the cursor, and the views' folds up to it.
pub struct Frame<'a> {
    pub sim: &'a Sim,
    pub shown: &'a [TraceEntry],
    pub projection: &'a Projection,
    pub programs: &'a Programs,
    pub lane: &'a Lane,
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
        let key_moment = lesson
            .key_moment_in_run(index, trace)
            .and_then(|seq| trace.get(seq as usize))
            .map(|entry| Stop {
                time: entry.time,
                seq: entry.seq,
            });
        let predictions = if index == 0 {
            asking(lesson, changes, &full)
        } else {
            Vec::new()
        };
        let narration = lesson.narration_in_run(index, trace);
        Ok(Run {
            key_moment,
            predictions,
            narration,
            ..Run::played(index, processes, &scenario, &full)
        })
    }

    /// A scenario file's run (the playground's), played to where `kafka-sim run` stops it:
    /// `outcome` is that run of `file`, and `processes` the programs to show.
    pub fn of_outcome(file: &ScenarioFile, outcome: &Outcome, processes: Vec<ProcessInfo>) -> Run {
        Run::played(0, processes, &file.scenario, &outcome.sim)
    }

    /// The run of `scenario` that `full` played to its end, with its stops and snapshots, and
    /// no lesson's key moment, predictions or narration.
    fn played(index: usize, processes: Vec<ProcessInfo>, scenario: &Scenario, full: &Sim) -> Run {
        let stops = full
            .trace()
            .iter()
            .filter(|entry| matches!(entry.event, Event::LineExecuted { .. }))
            .map(|entry| Stop {
                time: entry.time,
                seq: entry.seq,
            })
            .collect();
        let end = full.now();
        let mut sim = Sim::new(scenario.clone()).expect("the scenario was built once already");
        // The replay traces what `full` traced: the snapshots share that trace, so a frame
        // that steps back clones none of it.
        sim.follow(full);
        let mut state = Folded::of(sim, &processes);
        let mut snapshots = vec![state.clone()];
        // Stepped, not run, so that every message sent on the way is seen for the time lens.
        let mut trips = Trips::default();
        let mut step_to = |sim: &mut Sim, at: Millis| {
            while sim.next_time().is_some_and(|next| next <= at) {
                sim.step();
                trips.saw(sim);
            }
            sim.run_until(at);
        };
        for at in (SNAPSHOT_EVERY..end).step_by(SNAPSHOT_EVERY as usize) {
            step_to(&mut state.sim, at);
            state.fold_to(state.sim.trace().len());
            snapshots.push(state.clone());
        }
        step_to(&mut state.sim, end);
        let hops = Rc::new(trips.hops(state.sim.trace()));
        Run {
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
            key_moment: None,
            predictions: Vec::new(),
            narration: Narration::default(),
            snapshots,
            latest: RefCell::new(None),
            hops,
        }
    }

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

    /// The simulation as it stands at the end of `time`.
    pub fn at(&self, time: Millis) -> Sim {
        self.with_sim(time, None, Sim::clone)
    }

    /// Calls `f` with the simulation as it stands at `time` with the step cursor at trace
    /// entry `cursor` (at the end of `time` when `None`); see [`Run::with_view`].
    pub fn with_sim<R>(&self, time: Millis, cursor: Option<u64>, f: impl FnOnce(&Sim) -> R) -> R {
        self.with_view(time, cursor, |frame| f(frame.sim))
    }

    /// The cluster diagram of `frame`, a frame of this run.
    pub fn moment(&self, frame: &Frame) -> Moment {
        moment(
            frame.sim,
            frame.projection,
            frame.lane,
            &self.topic,
            self.group.as_deref(),
            frame.shown,
        )
    }

    /// Calls `f` with the frame at `time` with the step cursor at trace entry `cursor` (at the
    /// end of `time` when `None`): the simulation as it stands then, and the model's projection,
    /// the programs' lines and consoles and the protocol lane folded up to the cursor. With a
    /// cursor the
    /// simulation stops right after the step that traced that entry (one message arriving,
    /// one timer, one program resuming), so the logs, high watermarks and the group are as
    /// they were when it happened, not as they are at the end of its millisecond; the folds
    /// stop at the entry itself. Continues the last frame asked for when it has not gone past
    /// that point and no snapshot is nearer, so playing and stepping forward cost only the new
    /// events, and a frame that shows the same point again costs no replay at all.
    pub fn with_view<R>(
        &self,
        time: Millis,
        cursor: Option<u64>,
        f: impl FnOnce(&Frame) -> R,
    ) -> R {
        let index = ((time / SNAPSHOT_EVERY) as usize).min(self.snapshots.len() - 1);
        let snapshot = self.snapshots[..=index]
            .iter()
            .rev()
            .find(|snapshot| !snapshot.passed(time, cursor))
            .unwrap_or(&self.snapshots[0]);
        let mut latest = self.latest.borrow_mut();
        let state = match latest.take() {
            Some(state) if snapshot.sim.now() <= state.sim.now() && !state.passed(time, cursor) => {
                state
            }
            _ => snapshot.clone(),
        };
        let state = latest.insert(state);
        match cursor {
            None => {
                state.sim.run_until(time);
                state.last_step = None;
            }
            Some(seq) => {
                while state.sim.trace().len() as u64 <= seq
                    && state.sim.next_time().is_some_and(|at| at <= time)
                {
                    state.last_step = Some(state.sim.trace().len() as u64);
                    state.sim.step();
                }
            }
        }
        let shown = shown(state.sim.trace(), time, cursor).len();
        state.fold_to(shown);
        f(&Frame {
            sim: &state.sim,
            shown: &state.sim.trace()[..shown],
            projection: &state.projection,
            programs: &state.programs,
            lane: &state.lane,
        })
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
                file: source.file.into(),
                source: source.text.into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::programs::programs_view;
    use kafka_sim::consumer::ProgramEvent;

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
        let console = &view.consoles[0].lines;
        assert_eq!(
            console.first().map(|l| &*l.text),
            Some("Start sending messages ...")
        );
        assert!(console.iter().any(|l| &*l.text == "key=0, value=msg_0"));
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

    /// A frame continued from the last one, or from a snapshot when it steps back, holds the
    /// folds that folding its shown trace from the start gives.
    #[test]
    fn frames_fold_what_a_fold_from_the_start_gives() {
        let run = run("consumer-02-auto-commit");
        let forward = run.stops.iter().step_by(41);
        let back = run.stops.iter().rev().step_by(97);
        for stop in forward.chain(back) {
            run.with_view(stop.time, Some(stop.seq), |frame| {
                assert_eq!(frame.shown.last().map(|e| e.seq), Some(stop.seq));
                assert_eq!(*frame.projection, Projection::of(frame.shown));
                assert_eq!(*frame.programs, Programs::of(&run.processes, frame.shown));
                assert_eq!(*frame.lane, Lane::of(frame.shown));
            });
        }
    }

    /// Stepping forward statement by statement continues the last frame, also when the next
    /// statement ran in the same step of the simulation, and shows what a replay from a
    /// snapshot shows.
    #[test]
    fn stepping_forward_shows_what_a_replay_shows() {
        let lesson = course::lesson("consumer-01-cgroup").expect("the lesson exists");
        let run = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let replay = Run::of_lesson(&lesson, &Changes::none()).expect("it runs");
        let view = |run: &Run, stop: &Stop| {
            run.with_view(stop.time, Some(stop.seq), |frame| {
                let counters = crate::view::moment::counters(&lesson, frame.sim, frame.projection);
                (
                    run.moment(frame),
                    frame.programs.view(&run.processes),
                    counters,
                )
            })
        };
        let middle = run.stops.len() / 2;
        for stop in &run.stops[middle..middle + 300] {
            let stepped = view(&run, stop);
            replay.with_sim(replay.end, None, |_| ());
            assert_eq!(stepped, view(&replay, stop), "at {stop:?}");
        }
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
