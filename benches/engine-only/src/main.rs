//! Kafka Lab's engine alone: the model crate with its scenario reader and no view, built with
//! the page's Trunk command and release profile, so that the performance report can print what
//! the simulator itself weighs: the floor of any page that runs it (issue 15's page budget).
use wasm_bindgen::prelude::*;

/// Reads a scenario file, runs it and returns what its programs printed, or why it could not:
/// the calls that keep the whole engine in the module, as the playground runs it.
#[wasm_bindgen]
pub fn run(json: &str) -> String {
    let outcome = kafka_sim::scenario::parse(json).and_then(|file| file.run());
    match outcome {
        Ok(outcome) => outcome
            .sim
            .trace()
            .iter()
            .filter_map(|entry| entry.console(0))
            .flat_map(|(_, lines)| lines)
            .map(|line| line.text + "\n")
            .collect(),
        Err(error) => error.to_string(),
    }
}

/// Nothing runs on instantiation: the module is built to be weighed.
fn main() {}
