//! The playground: a scenario the student builds, held as a scenario file (the format
//! `kafka-sim run` reads, `kafka_sim::scenario`), so that it imports and exports as a file,
//! travels in a link and runs on the engine and the views the lessons use. Pure: the page's
//! component does the browser's part.

pub mod compare;
pub mod config_text;
pub mod deflate;
pub mod draft;
pub mod fork;
pub mod kafka_python;
pub mod link;
pub mod listing;
pub mod profile;
pub mod templates;

use crate::exercise_run::{ProcessInfo, Run};
use crate::view::process::{process_colour, process_label};
use draft::Draft;
use kafka_sim::engine::Process;
use kafka_sim::scenario::{self, Outcome, ScenarioError, ScenarioFile};
use std::rc::Rc;

/// A scenario's run, ready for the step-through, with `kafka-sim run`'s outcome for the
/// summary and the export.
pub struct Played {
    pub run: Rc<Run>,
    pub outcome: Outcome,
}

/// Checks the draft as `kafka-sim run` checks its file, then runs it.
pub fn play(draft: &Draft) -> Result<Played, ScenarioError> {
    let file = scenario::parse(&draft.to_json())?;
    let outcome = file.run()?;
    let run = Run::of_outcome(&file, &outcome, processes(draft, &file));
    Ok(Played {
        run: Rc::new(run),
        outcome,
    })
}

/// What a playground link (`s=...` in `query`) opens: its scenario, or the default one with
/// why the link's cannot be read (damaged, or from a version whose files this one refuses).
pub fn open_link(query: &str) -> (Draft, Option<String>) {
    let Some(value) = link::scenario_param(query) else {
        return (Draft::default(), None);
    };
    let opened = link::decode(value)
        .map_err(|e| e.to_string())
        .and_then(|json| Draft::import(&json).map_err(|e| e.to_string()));
    match opened {
        Ok(draft) => (draft, None),
        Err(why) => (Draft::default(), Some(why)),
    }
}

/// The trace of a run as `kafka-sim run` writes it: JSON Lines, a summary line last.
pub fn trace_lines(outcome: &Outcome) -> String {
    outcome
        .lines()
        .iter()
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Every client process with the Python its program stands for: a template's program, or a
/// listing of the statements of a program the templates do not make.
fn processes(draft: &Draft, file: &ScenarioFile) -> Vec<ProcessInfo> {
    let producers = file.scenario.producers.len();
    let producer = draft.producers.iter().enumerate().map(|(i, client)| {
        let source = templates::ProducerTemplate::recognize(client)
            .map(|template| template.source(client))
            .unwrap_or_else(|| listing::producer(&client.program));
        (Process::Producer(i), "producer", source)
    });
    let consumer = draft.consumers.iter().enumerate().map(|(i, client)| {
        let source = templates::ConsumerTemplate::recognize(client)
            .map(|template| template.source(client))
            .unwrap_or_else(|| listing::consumer(&client.program));
        (Process::Consumer(i), "consumer", source)
    });
    producer
        .chain(consumer)
        .map(|(process, kind, source)| {
            let label = process_label(process, producers);
            ProcessInfo {
                file: format!("{kind}_{}.py", label.to_lowercase()).into(),
                source: source.into(),
                colour: process_colour(process),
                label,
                process,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLDENS: &[&str] = &[
        "consumer_auto_commit_crash",
        "consumer_coordinator_failover",
        "consumer_group_join_leave",
        "consumer_skip_error",
        "consumer_start_after_close",
        "consumer_while_running_stop",
        "kafka_python_consumer_assign",
        "kafka_python_consumer_demo",
        "kafka_python_consumer_lag",
        "kafka_python_consumer_manual_commit",
        "kafka_python_producer",
        "kafka_python_producer_errors",
        "producer_acks_one_loss",
        "producer_broker_down",
        "producer_dropped_response_idempotent",
        "producer_dropped_response_plain",
        "producer_explicit_partition",
        "producer_keyed",
    ];

    fn golden(name: &str, extension: &str) -> String {
        let path = format!(
            "{}/sim/tests/scenarios/{name}.{extension}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every golden scenario file opens in the playground as it is, and its exported trace is
    /// the golden trace byte for byte; its exported scenario and its link open to the same
    /// scenario.
    #[test]
    fn golden_scenarios_export_their_golden_traces() {
        let dir = format!("{}/sim/tests/scenarios", env!("CARGO_MANIFEST_DIR"));
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(files, GOLDENS.len() * 2, "a golden is missing from GOLDENS");
        for name in GOLDENS {
            let draft = Draft::import(&golden(name, "json")).unwrap();
            let played = play(&draft).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                trace_lines(&played.outcome) == golden(name, "jsonl"),
                "{name}: the exported trace differs from the golden"
            );
            assert_eq!(Draft::import(&draft.to_json()).unwrap(), draft, "{name}");
            let linked = link::decode(&link::encode(&draft.to_json())).unwrap();
            assert_eq!(Draft::import(&linked).unwrap(), draft, "{name}");
            assert!(!played.run.stops.is_empty(), "{name}: the run has steps");
        }
    }

    #[test]
    fn the_default_scenario_runs_with_template_programs() {
        let draft = Draft::default();
        let played = play(&draft).unwrap();
        let summary = played.outcome.summary();
        assert_eq!(summary["producers"]["queued"], 10);
        assert_eq!(summary["producers"]["acknowledged"], 10);
        let labels: Vec<&str> = played.run.processes.iter().map(|p| &*p.file).collect();
        assert_eq!(
            labels,
            ["producer_p.py", "consumer_c1.py", "consumer_c2.py"]
        );
        assert!(played.run.processes[0].source.contains("producer.produce("));
    }

    /// The scale preset (10,000 messages, 5 brokers, 10 consumers) runs to its end within
    /// the runner's limits, every message acknowledged; prints how long the run took.
    #[test]
    fn the_scale_preset_runs_every_message() {
        let draft = Draft::scale();
        assert_eq!(Draft::import(&draft.to_json()).unwrap(), draft);
        let started = std::time::Instant::now();
        let played = play(&draft).unwrap();
        let summary = played.outcome.summary();
        println!(
            "scale preset: {} trace entries, simulated in {:?} (a test build)",
            played.outcome.sim.trace().len(),
            started.elapsed()
        );
        assert_eq!(summary["producers"]["acknowledged"], 10_000);
        assert_eq!(summary["producers"]["in_log"], 10_000);
        assert_eq!(played.run.processes.len(), 11);
    }

    /// The README's example link opens the scenario it documents.
    #[test]
    fn the_readme_example_link_opens() {
        let readme = include_str!("../../README.md");
        let value = readme
            .rsplit("#/playground?s=")
            .next()
            .and_then(|rest| rest.split(|c: char| c == '`' || c.is_whitespace()).next())
            .expect("the README has an example link");
        let json = link::decode(value).unwrap();
        let draft = Draft::import(&json).unwrap();
        assert_eq!(draft.cluster_brokers(), 1);
        play(&draft).unwrap();
    }

    #[test]
    fn a_damaged_or_old_link_opens_the_default_scenario_and_says_why() {
        assert_eq!(open_link(""), (Draft::default(), None));
        let (draft, why) = open_link("s=AAAA");
        assert_eq!(draft, Draft::default());
        assert!(
            why.unwrap()
                .starts_with("the link's s= is not raw DEFLATE data")
        );
        let old = link::encode(r#"{"cluster": {"brokers": 2, "racks": 1}}"#);
        let (draft, why) = open_link(&format!("s={old}"));
        assert_eq!(draft, Draft::default());
        assert!(
            why.unwrap()
                .starts_with("cluster.racks: unknown field `racks`")
        );
        let json = Draft::default().to_json();
        let (draft, why) = open_link(&format!("s={}&lang=en", link::encode(&json)));
        assert_eq!((draft, why), (Draft::default(), None));
    }

    #[test]
    fn a_bad_config_gets_librdkafkas_message_at_its_path() {
        let mut draft = Draft::default();
        draft.producers[0]
            .config
            .set("acks", serde_json::json!("most"));
        let error = play(&draft).err().unwrap();
        assert_eq!(error.path, "producers[0].config");
        assert!(error.message.contains("acks"), "{}", error.message);
    }

    /// Hostile links (issue 16, item 8): 10,000 seeded random damages of the goldens' links
    /// (a character changed, the value cut short or grown, the scenario's JSON damaged
    /// before it is packed) open without a panic, as the scenario or the default one with
    /// a reason.
    #[test]
    fn hostile_links_open_or_say_why() {
        use kafka_sim::rng::SimRng;
        const ALPHABET: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=%";
        let jsons: Vec<String> = GOLDENS.iter().map(|name| golden(name, "json")).collect();
        let links: Vec<String> = jsons.iter().map(|json| link::encode(json)).collect();
        let (mut opened, mut refused) = (0, 0);
        for case in 0..10_000u64 {
            let mut rng = SimRng::stream(case, "hostile_links");
            let mut draw = |n: usize| rng.between(0, n as u64 - 1) as usize;
            let which = draw(jsons.len());
            // One in ten packs a damaged scenario (packing is slow in a test build).
            let mut value = if draw(10) == 0 {
                const JSON_BYTES: &[u8] = b"{}[]\":,0-9eE";
                let mut json = jsons[which].clone().into_bytes();
                let at = draw(json.len());
                json[at] = JSON_BYTES[draw(JSON_BYTES.len())];
                json.truncate(json.len() - draw(json.len() / 8 + 1));
                link::encode(&String::from_utf8_lossy(&json))
            } else {
                links[which].clone()
            }
            .into_bytes();
            for _ in 0..draw(4) {
                let at = draw(value.len());
                match draw(3) {
                    0 => value[at] = ALPHABET[draw(ALPHABET.len())],
                    1 => value.truncate(at.max(1)),
                    _ => value.insert(at, ALPHABET[draw(ALPHABET.len())]),
                }
            }
            let value = String::from_utf8(value).unwrap();
            match open_link(&format!("s={value}&lang=en")) {
                (draft, None) => {
                    opened += 1;
                    let _ = scenario::parse(&draft.to_json());
                }
                (draft, Some(why)) => {
                    refused += 1;
                    assert_eq!(draft, Draft::default(), "case {case}");
                    assert!(!why.is_empty(), "case {case}");
                }
            }
        }
        assert!(
            opened > 1_000 && refused > 1_000,
            "{opened} opened, {refused} refused"
        );
    }
}
