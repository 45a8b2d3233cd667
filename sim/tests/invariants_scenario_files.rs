//! Every invariant of `kafka_sim::invariants::ALL` holds after every step of every scenario
//! file of the golden traces (the lessons' own runs, with their faults).

use kafka_sim::engine::Sim;
use kafka_sim::invariants::Checker;
use kafka_sim::scenario;
use std::path::Path;

#[test]
fn every_scenario_file_keeps_every_invariant() {
    let mut files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let parsed = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let reference = parsed.run().unwrap().sim;
        let end = reference.now();
        let mut sim = Sim::new(parsed.scenario).unwrap();
        let mut checker = Checker::default();
        loop {
            if let Err(violation) = checker.check(&sim) {
                panic!("{}: {violation}", path.display());
            }
            if sim.next_time().is_none_or(|t| t > end) || !sim.step() {
                break;
            }
        }
        let whole = sim.trace().len() == reference.trace().len();
        assert!(whole, "{}: stepped through part of the run", path.display());
    }
}
