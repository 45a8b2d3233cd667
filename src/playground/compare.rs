//! The same scenario run once per client profile, every producer and consumer switched to it
//! (issue 16, item 6), and where the runs differ: which partition each key lands on (the
//! partitioners: librdkafka's consistent_random is CRC32, the Java client's and kafka-python's
//! murmur2), which partitions each member gets (the assignors and their defaults), and the
//! summary's figures.

use super::draft::Draft;
use super::profile::ClientProfile;
use super::templates::{ConsumerTemplate, ProducerTemplate};
use crate::view::process::process_label;
use kafka_sim::collect::sort;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::{Event, Process};
use kafka_sim::scenario::{self, Outcome};
use std::collections::BTreeMap;

/// Rows past this many keys are left out (a run of 10,000 keys is compared on its first).
pub const MAX_KEYS: usize = 40;

/// What one cell of the comparison says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// The key is in no replica's log of this run.
    NotInLog,
    /// The member never received an assignment.
    NoAssignment,
    /// This profile's run did not run (its error is in [`Comparison::failures`]).
    NotRun,
}

/// A row: what it is about, one cell per profile, and whether the cells differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
    pub differs: bool,
}

impl Row {
    fn new(label: String, cells: Vec<Cell>) -> Row {
        let differs = cells.windows(2).any(|pair| pair[0] != pair[1]);
        Row {
            label,
            cells,
            differs,
        }
    }
}

/// Why a profile's run did not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A program no template wrote would have to change dialect (librdkafka's calls and
    /// kafka-python's have no line-for-line twins): it is not run in the other one.
    Untranslatable,
    /// The scenario's check or run refused it (`kafka-sim run`'s message).
    Refused(String),
}

/// The runs compared, in [`ClientProfile::ALL`]'s order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub profiles: Vec<ClientProfile>,
    /// Why a profile's run did not run, by profile.
    pub failures: Vec<(ClientProfile, Failure)>,
    pub keys: Vec<Row>,
    pub members: Vec<Row>,
    pub summary: Vec<Row>,
}

/// The summary's figures compared: the producers' tally's and the consumers' duplicates.
const FIGURES: [&str; 6] = [
    "acknowledged",
    "in_log",
    "lost",
    "duplicated",
    "out_of_order",
    "reports_seen",
];

/// What a run says, before it is compared.
struct Facts {
    /// The partitions each key is in (as `P2`, or `topic-2` when there are several topics).
    keys: BTreeMap<String, Vec<String>>,
    /// Each consumer's last assignment, its partitions named as the keys'.
    members: Vec<Option<Vec<String>>>,
    /// Each of [`FIGURES`], then the consumers' duplicated records.
    figures: Vec<String>,
}

/// Whether every program of `draft` runs under `profile`: it is in the same dialect, or a
/// template wrote it (and writes it again in the other).
fn translatable(draft: &Draft, profile: ClientProfile) -> bool {
    let same = |client| ClientProfile::of(client).kafka_python() == profile.kafka_python();
    let producers = draft.producers.iter();
    let consumers = draft.consumers.iter();
    producers
        .clone()
        .all(|c| same(c) || ProducerTemplate::recognize(c).is_some())
        && consumers
            .clone()
            .all(|c| same(c) || ConsumerTemplate::recognize(c).is_some())
}

/// `draft` with every producer and consumer on `profile`.
pub fn with_profile(draft: &Draft, profile: ClientProfile) -> Draft {
    let mut draft = draft.clone();
    for i in 0..draft.producers.len() {
        draft.switch_producer(i, profile);
    }
    for i in 0..draft.consumers.len() {
        draft.switch_consumer(i, profile);
    }
    draft
}

/// Runs `draft` once per profile and compares the runs.
pub fn compare(draft: &Draft) -> Comparison {
    let profiles = ClientProfile::ALL.to_vec();
    let mut failures = Vec::new();
    let facts: Vec<Option<Facts>> = profiles
        .iter()
        .map(|&profile| {
            if !translatable(draft, profile) {
                failures.push((profile, Failure::Untranslatable));
                return None;
            }
            let json = with_profile(draft, profile).to_json();
            match scenario::parse(&json).and_then(|file| file.run()) {
                Ok(outcome) => Some(facts(&outcome, draft.topics.len() > 1)),
                Err(error) => {
                    failures.push((profile, Failure::Refused(error.to_string())));
                    None
                }
            }
        })
        .collect();
    let mut keys: Vec<&String> = facts.iter().flatten().flat_map(|f| f.keys.keys()).collect();
    sort::sort_by(&mut keys, |a, b| (a.len(), a).cmp(&(b.len(), b)));
    keys.dedup();
    let cell = |f: &Option<Facts>, read: &dyn Fn(&Facts) -> Cell| match f {
        Some(f) => read(f),
        None => Cell::NotRun,
    };
    let key_rows = keys
        .into_iter()
        .take(MAX_KEYS)
        .map(|key| {
            let cells = facts
                .iter()
                .map(|f| {
                    cell(f, &|f| match f.keys.get(key) {
                        Some(partitions) => Cell::Text(partitions.join(", ")),
                        None => Cell::NotInLog,
                    })
                })
                .collect();
            Row::new(key.clone(), cells)
        })
        .collect();
    let member_rows = (0..draft.consumers.len())
        .map(|i| {
            let cells = facts
                .iter()
                .map(|f| {
                    cell(f, &|f| match f.members.get(i).cloned().flatten() {
                        Some(partitions) => Cell::Text(partitions.join(", ")),
                        None => Cell::NoAssignment,
                    })
                })
                .collect();
            let label = process_label(Process::Consumer(i), draft.producers.len());
            Row::new(label, cells)
        })
        .collect();
    let labels = FIGURES.iter().copied().chain(["consumer_duplicates"]);
    let summary_rows = labels
        .enumerate()
        .map(|(n, label)| {
            let cells = facts
                .iter()
                .map(|f| cell(f, &|f| Cell::Text(f.figures[n].clone())))
                .collect();
            Row::new(label.to_owned(), cells)
        })
        .collect();
    Comparison {
        profiles,
        failures,
        keys: key_rows,
        members: member_rows,
        summary: summary_rows,
    }
}

fn facts(outcome: &Outcome, several_topics: bool) -> Facts {
    let sim = &outcome.sim;
    let name = |topic: &str, partition: i32| match several_topics {
        true => format!("{topic}-{partition}"),
        false => format!("P{partition}"),
    };
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (tp, partition) in sim.cluster().partitions().iter() {
        for log in partition.logs.values() {
            for record in log.records() {
                let Some(key) = &record.key else { continue };
                let places = keys
                    .entry(String::from_utf8_lossy(key).into_owned())
                    .or_default();
                let place = name(&tp.topic, tp.partition);
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
    }
    let mut members: Vec<Option<Vec<String>>> = vec![None; sim.consumer_count()];
    for entry in sim.trace() {
        if let Event::Consumer {
            consumer,
            event: ClientEvent::AssignmentReceived { partitions, .. },
        } = &entry.event
            && let Some(member) = members.get_mut(*consumer)
        {
            let names = partitions.iter().map(|tp| name(&tp.topic, tp.partition));
            *member = Some(names.collect());
        }
    }
    let summary = outcome.summary();
    let duplicates = summary["consumers"]["duplicates"]
        .as_array()
        .map_or(0, Vec::len);
    let figures = FIGURES
        .iter()
        .map(|field| summary["producers"][*field].to_string())
        .chain([duplicates.to_string()])
        .collect();
    Facts {
        keys,
        members,
        figures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default scenario's keys `0`..`9` land where each partitioner puts them: the Java
    /// client and kafka-python hash the same bytes with murmur2, librdkafka with CRC32, so
    /// some key lands elsewhere under librdkafka and none differs between the other two.
    #[test]
    fn the_partitioners_place_keys_differently() {
        let mut draft = Draft::default();
        draft.timeline.clear();
        let comparison = compare(&draft);
        assert_eq!(comparison.failures, vec![]);
        assert_eq!(comparison.keys.len(), 10);
        let text = |cell: &Cell| match cell {
            Cell::Text(text) => text.clone(),
            other => panic!("{other:?}"),
        };
        assert!(comparison.keys.iter().any(|row| row.differs));
        for row in &comparison.keys {
            assert_eq!(
                text(&row.cells[1]),
                text(&row.cells[2]),
                "key {}",
                row.label
            );
        }
        assert_eq!(comparison.keys[0].label, "0");
        assert_eq!(comparison.members.len(), 2);
        let acknowledged = &comparison.summary[0];
        assert_eq!(acknowledged.label, "acknowledged");
        assert_eq!(acknowledged.cells, vec![Cell::Text("10".into()); 3]);
        assert!(!acknowledged.differs);
    }

    /// An imported program no template wrote runs with librdkafka and the Java client (the
    /// same calls), and is not rewritten into kafka-python's.
    #[test]
    fn a_program_from_a_file_is_not_translated() {
        let path = format!(
            "{}/sim/tests/scenarios/producer_keyed.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let draft = Draft::import(&std::fs::read_to_string(path).unwrap()).unwrap();
        let comparison = compare(&draft);
        assert_eq!(
            comparison.failures,
            vec![(ClientProfile::KafkaPython, Failure::Untranslatable)]
        );
        assert!(
            comparison
                .keys
                .iter()
                .all(|row| row.cells[2] == Cell::NotRun)
        );
        assert!(comparison.keys.iter().any(|row| row.differs));
    }
}
