//! A runnable exercise: the course program turned into a simulation scenario, run once to find
//! its end and the moments worth stepping to, with snapshots so that any earlier point is
//! reached quickly (the model is deterministic: replaying gives the same state). The view of a
//! moment is a pure function of the simulation at that time.

use crate::components::code_view::LineMark;
use crate::components::console::ConsoleLine;
use crate::live_view::Cell;
use crate::playback::{Millis, Stop};
use course::programs::producer_program;
use kafka_sim::TopicPartition;
use kafka_sim::cluster::{ClusterSpec, TopicSpec};
use kafka_sim::engine::{Event, ProducerSpec, Scenario, Sim, Stream};

/// How many messages a producer exercise sends in the step-through: enough to see batching,
/// offsets and callbacks, few enough to watch.
pub const STEP_MESSAGES: u64 = 12;

/// The longest run the step-through simulates, in virtual time.
const RUN_LIMIT: Millis = 10 * 60 * 1_000;

/// A snapshot is kept every this many virtual milliseconds.
const SNAPSHOT_EVERY: Millis = 2_000;

/// A simulation run of an exercise, ready to be shown at any time.
#[derive(Clone, Debug)]
pub struct Run {
    /// The program's file, for its console's title.
    pub file: &'static str,
    pub topic: String,
    pub end: Millis,
    /// Every statement a program ran: one step each.
    pub stops: Vec<Stop>,
    snapshots: Vec<Sim>,
}

/// The course's topics: `ak03.fourpartition` has four partitions (the slides create it so);
/// the others are the single-partition topics the slides' output shows (`ak03.test-0`).
fn partitions_of(topic: &str) -> i32 {
    if topic == "ak03.fourpartition" { 4 } else { 1 }
}

impl Run {
    /// The step-through of the first producer program of an exercise, or `None` when it has
    /// none.
    pub fn producer(exercise: &course::Exercise) -> Option<Result<Run, String>> {
        let (source, program) = exercise.sources.iter().find_map(|source| {
            let program = producer_program(source, Some(STEP_MESSAGES)).ok()?;
            Some((source, program))
        })?;
        let scenario = Scenario {
            cluster: ClusterSpec {
                brokers: 1,
                ..ClusterSpec::default()
            },
            topics: vec![TopicSpec::new(
                program.topic.clone(),
                partitions_of(&program.topic),
                1,
            )],
            producers: vec![ProducerSpec {
                settings: (&program.config).into(),
                program: program.program,
                start_at: Some(0),
            }],
            ..Scenario::default()
        };
        Some(Run::new(source.file, program.topic, scenario))
    }

    fn new(file: &'static str, topic: String, scenario: Scenario) -> Result<Run, String> {
        let mut full = Sim::new(scenario.clone())?;
        full.run_until_done(RUN_LIMIT);
        let end = full.now();
        let stops = full
            .trace()
            .iter()
            .filter(|entry| matches!(entry.event, Event::LineExecuted { .. }))
            .map(|entry| Stop {
                time: entry.time,
                seq: entry.seq,
            })
            .collect();
        let mut sim = Sim::new(scenario)?;
        let mut snapshots = vec![sim.clone()];
        for at in (SNAPSHOT_EVERY..end).step_by(SNAPSHOT_EVERY as usize) {
            sim.run_until(at);
            snapshots.push(sim.clone());
        }
        Ok(Run {
            file,
            topic,
            end,
            stops,
            snapshots,
        })
    }

    /// The simulation as it stands at `time`.
    pub fn at(&self, time: Millis) -> Sim {
        let index = ((time / SNAPSHOT_EVERY) as usize).min(self.snapshots.len() - 1);
        let mut sim = self.snapshots[index].clone();
        sim.run_until(time);
        sim
    }
}

/// What the producer exercise page draws at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerView {
    pub marks: Vec<LineMark>,
    pub console: Vec<ConsoleLine>,
    pub partitions: Vec<Vec<Cell>>,
    /// `len(producer)`: messages not yet delivered plus delivery reports not yet served.
    pub waiting: usize,
    pub in_flight: usize,
    pub acknowledged: usize,
    pub reports_seen: usize,
}

/// The view of the producer run `sim`, whose program writes to `topic`, with the trace shown
/// up to and including entry `cursor` (all of it when `None`). The cluster is shown as it
/// stands at the end of the millisecond: what happens within one millisecond is told by the
/// program's line and console, entry by entry.
pub fn producer_view(sim: &Sim, topic: &str, cursor: Option<u64>) -> ProducerView {
    let process = sim
        .producer(0)
        .expect("a producer exercise has one producer");
    let shown = sim
        .trace()
        .iter()
        .take_while(|entry| cursor.is_none_or(|c| entry.seq <= c));
    let mut marks = Vec::new();
    let mut console = Vec::new();
    for entry in shown {
        match &entry.event {
            Event::LineExecuted { line, .. } => {
                marks = vec![LineMark {
                    line: *line,
                    label: "P".into(),
                    colour: 0,
                }]
            }
            Event::ProgramFinished { .. } => marks.clear(),
            Event::Printed { stream, text, .. } => console.push(ConsoleLine {
                time: entry.time,
                text: text.trim_end_matches('\n').to_string(),
                stderr: *stream == Stream::Stderr,
            }),
            _ => {}
        }
    }
    let cluster = sim.cluster();
    let partitions = (0..cluster.partition_count(topic).unwrap_or(0))
        .map(|p| {
            let tp = TopicPartition::new(topic, p);
            let partition = cluster.partition(&tp);
            let log = partition.and_then(|part| part.leader.and_then(|l| part.logs.get(&l)));
            log.map(|log| {
                log.records()
                    .iter()
                    .map(|record| Cell {
                        offset: record.offset,
                        key: text_of(record.key.as_deref()),
                        value: text_of(record.value.as_deref()),
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect();
    let tally = sim.tally();
    ProducerView {
        marks,
        console,
        partitions,
        waiting: process.client.len(),
        in_flight: process.client.in_flight(),
        acknowledged: tally.acknowledged,
        reports_seen: tally.reports_seen,
    }
}

/// Bytes shown as the course's `try_decode_utf8` shows them.
fn text_of(bytes: Option<&[u8]>) -> String {
    bytes.map_or_else(
        || "None".into(),
        |b| String::from_utf8_lossy(b).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str) -> Run {
        let exercise = course::exercise(id).expect("the exercise exists");
        Run::producer(exercise)
            .expect("a producer exercise")
            .expect("it runs")
    }

    #[test]
    fn producer_05_prints_each_message_and_fills_the_four_partitions() {
        let run = run("consumer-01-cgroup");
        let view = producer_view(&run.at(run.end), &run.topic, None);
        assert_eq!(view.partitions.len(), 4);
        assert_eq!(
            view.partitions.iter().map(Vec::len).sum::<usize>(),
            STEP_MESSAGES as usize
        );
        assert_eq!(
            view.console.first().map(|l| l.text.as_str()),
            Some("Start sending messages ...")
        );
        assert!(view.console.iter().any(|l| l.text == "key=0, value=msg_0"));
        assert_eq!(view.waiting, 0);
    }

    #[test]
    fn stepping_back_replays_to_the_same_state() {
        let run = run("producer-03-async");
        let middle = run.stops[run.stops.len() / 2];
        let view = |stop: crate::playback::Stop| {
            producer_view(&run.at(stop.time), &run.topic, Some(stop.seq))
        };
        let direct = view(middle);
        let _ = run.at(run.end);
        assert_eq!(view(middle), direct);
        assert_eq!(direct.marks.len(), 1, "a step shows the line it stopped at");
        assert!(direct.acknowledged <= STEP_MESSAGES as usize);
    }
}
