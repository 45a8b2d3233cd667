//! Golden traces: each scenario file in `tests/scenarios/` runs through the library and its
//! output must equal the `.jsonl` beside it, line by line. `BLESS=1 cargo test -p kafka-sim
//! --test run_goldens` rewrites the goldens from the current model.

mod run_common;

use kafka_sim::scenario;
use run_common::{assert_same_lines, scenario_path};

/// Runs `name.json` and compares its output with `name.jsonl`, or rewrites it under `BLESS`.
fn check(name: &str) {
    let text = std::fs::read_to_string(scenario_path(&format!("{name}.json"))).unwrap();
    let parsed = scenario::parse(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    let actual = parsed.run().unwrap().lines();
    let golden = scenario_path(&format!("{name}.jsonl"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, actual.join("\n") + "\n").unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", golden.display()));
    let actual: Vec<&str> = actual.iter().map(String::as_str).collect();
    assert_same_lines(name, &expected, &actual);
}

macro_rules! goldens {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        #[test]
        fn every_scenario_file_has_a_test() {
            let mut files: Vec<String> = std::fs::read_dir(scenario_path(""))
                .unwrap()
                .filter_map(|entry| {
                    let name = entry.unwrap().file_name().into_string().unwrap();
                    name.strip_suffix(".json").map(str::to_owned)
                })
                .collect();
            files.sort();
            let mut tested = vec![$(stringify!($name)),*];
            tested.sort();
            assert_eq!(files, tested);
        }
    };
}

goldens!(
    kafka_python_consumer_demo,
    kafka_python_consumer_manual_commit,
    kafka_python_consumer_lag,
    kafka_python_consumer_assign,
    producer_keyed,
    kafka_python_producer,
    kafka_python_producer_errors,
    producer_acks_one_loss,
    producer_dropped_response_plain,
    producer_dropped_response_idempotent,
    producer_broker_down,
    consumer_group_join_leave,
    consumer_auto_commit_crash,
    producer_explicit_partition,
    consumer_skip_error,
    consumer_while_running_stop,
    consumer_start_after_close,
    consumer_coordinator_failover,
);
