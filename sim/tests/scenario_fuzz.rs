//! Hostile scenario files (issue 16, item 8): thousands of seeded random mutations of the golden
//! scenario files (values of other types, huge and negative numbers, keys removed, renamed or
//! added, subtrees copied elsewhere, the text truncated or damaged) go to the parser, and every
//! file it accepts runs on the engine for a bounded number of steps. Nothing may panic or hang,
//! and a file that is valid JSON gets an error naming the path of what is wrong.

use kafka_sim::engine::Sim;
use kafka_sim::rng::SimRng;
use kafka_sim::scenario;
use serde_json::{Map, Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

/// How many mutated files are tried.
const CASES: usize = 10_000;
/// Engine steps given to each file the parser accepts.
const STEPS: usize = 400;
/// How long one case may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(20);

/// `sim/tests/scenarios/NAME`.
fn scenario_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
}

/// The golden scenario files, as JSON values.
fn seeds() -> Vec<Value> {
    let mut names: Vec<_> = std::fs::read_dir(scenario_path(""))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
        .collect()
}

/// Values a hand-written or hostile file might hold where another was expected.
fn odd_value(rng: &mut SimRng, keys: &[String]) -> Value {
    match rng.between(0, 17) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MAX),
        3 => json!(u64::MAX),
        4 => json!(i64::MIN),
        5 => json!(1e300),
        6 => json!(2_147_483_648_u64),
        7 => json!(1_000_000_000),
        8 => json!(""),
        9 => Value::Null,
        10 => json!(true),
        11 => json!([]),
        12 => json!({}),
        13 => json!(rng.between(0, 12)),
        14 => json!(1.5),
        15 => json!("all"),
        _ => json!(keys[rng.between(0, keys.len() as u64 - 1) as usize]),
    }
}

/// Every place in `value` (JSON pointers), and every key, to pick from.
fn places(value: &Value, at: String, out: &mut Vec<String>, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                keys.push(key.clone());
                places(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                    keys,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                places(child, format!("{at}/{i}"), out, keys);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn pick<'a, T>(rng: &mut SimRng, items: &'a [T]) -> &'a T {
    &items[rng.between(0, items.len() as u64 - 1) as usize]
}

/// One structural change somewhere in `file`.
fn mutate(rng: &mut SimRng, file: &mut Value) {
    let (mut at, mut keys) = (Vec::new(), Vec::new());
    places(file, String::new(), &mut at, &mut keys);
    keys.extend(["count", "partitions", "brokers", "at_ms", "run_until_ms"].map(String::from));
    let target = pick(rng, &at).clone();
    let donor = file
        .pointer(pick(rng, &at).as_str())
        .cloned()
        .unwrap_or(Value::Null);
    let Some(node) = file.pointer_mut(&target) else {
        return;
    };
    match rng.between(0, 5) {
        0 | 1 => *node = odd_value(rng, &keys),
        2 => *node = donor,
        3 => match node {
            Value::Object(map) if !map.is_empty() => {
                let names: Vec<String> = map.keys().cloned().collect();
                let key = pick(rng, &names).clone();
                let value = map.remove(&key).unwrap();
                if rng.between(0, 1) == 0 {
                    map.insert(pick(rng, &keys).clone(), value);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.between(0, items.len() as u64 - 1) as usize;
                if rng.between(0, 1) == 0 {
                    items.remove(i);
                } else {
                    let copy = items[i].clone();
                    items.insert(i, copy);
                }
            }
            _ => *node = odd_value(rng, &keys),
        },
        4 => {
            if let Value::Object(map) = node {
                let key = pick(rng, &keys).clone();
                map.insert(key, odd_value(rng, &keys));
            }
        }
        _ => {
            let mut map = Map::new();
            map.insert(pick(rng, &keys).clone(), node.take());
            *node = Value::Object(map);
        }
    }
}

/// Damages the text itself: cut short, a byte changed or a character inserted.
fn damage(rng: &mut SimRng, text: &mut String) {
    let cut = |rng: &mut SimRng, text: &String| {
        let mut i = rng.between(0, text.len() as u64) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let i = cut(rng, text);
    match rng.between(0, 2) {
        0 => text.truncate(i),
        1 => text.insert(
            i,
            *pick(rng, &['{', '}', '[', ']', '"', ',', ':', '9', '-', 'é']),
        ),
        _ => {
            text.insert_str(i, "99999999999999999999999");
        }
    }
}

/// The `case`th hostile file.
fn hostile(seeds: &[Value], case: usize) -> String {
    let mut rng = SimRng::stream(case as u64, "scenario_fuzz");
    let mut file = pick(&mut rng, seeds).clone();
    for _ in 0..rng.between(1, 2) {
        mutate(&mut rng, &mut file);
    }
    let mut text = serde_json::to_string(&file).unwrap();
    if rng.between(0, 9) == 0 {
        damage(&mut rng, &mut text);
    }
    text
}

/// Parses the file and, if it is accepted, runs its first steps.
fn try_case(text: &str) -> Result<(), scenario::ScenarioError> {
    let file = scenario::parse(text)?;
    let mut sim = Sim::new(file.scenario).map_err(|e| scenario::ScenarioError {
        path: String::new(),
        message: e,
    })?;
    for _ in 0..STEPS {
        if !sim.step() {
            break;
        }
    }
    Ok(())
}

#[test]
fn hostile_scenario_files_neither_panic_nor_hang() {
    let files = seeds();
    let (progress, watch) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let (mut outcome, mut panicked, mut pathless) = ((0, 0), Vec::new(), Vec::new());
        for case in 0..CASES {
            let text = hostile(&files, case);
            progress.send(case).unwrap();
            let result = catch_unwind(AssertUnwindSafe(|| try_case(&text)));
            match result {
                Err(_) => panicked.push(format!("case {case}: {text}")),
                Ok(Ok(())) => outcome.0 += 1,
                Ok(Err(e)) => {
                    // A file that is a JSON object is wrong somewhere in it: the error says where.
                    let object = serde_json::from_str::<Value>(&text).is_ok_and(|v| v.is_object());
                    if object && e.path.is_empty() {
                        pathless.push(format!("case {case}: {e} on: {text}"));
                    }
                    outcome.1 += 1;
                }
            }
        }
        assert!(
            panicked.is_empty(),
            "{} cases panicked:\n{}",
            panicked.len(),
            panicked.join("\n")
        );
        assert!(
            pathless.is_empty(),
            "{} errors without their path:\n{}",
            pathless.len(),
            pathless.join("\n")
        );
        outcome
    });
    let mut last = None;
    loop {
        match watch.recv_timeout(HANG) {
            Ok(case) => last = Some(case),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "case {last:?} ran over {HANG:?}:\n{}",
                hostile(&seeds(), last.unwrap_or(0))
            ),
        }
    }
    let (ran, refused) = worker
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
    println!("{CASES} hostile scenario files: {ran} ran, {refused} refused with their path");
    assert!(ran > CASES / 20, "too few mutated files run ({ran})");
    assert!(
        refused > CASES / 20,
        "too few mutated files refused ({refused})"
    );
}

/// A file asking for more than the engine can run gets a clear error at its path, not a hang.
#[test]
fn oversized_scenarios_are_refused_with_their_path() {
    let refused = |json: &str| scenario::parse(json).err().unwrap().to_string();
    assert_eq!(
        refused(r#"{"cluster": {"brokers": 1000000000}}"#),
        "cluster.brokers: 1000000000 is more than 100, the most brokers a scenario may have"
    );
    assert!(
        refused(r#"{"topics": [{"name": "t", "partitions": 2147483647}]}"#)
            .starts_with("topics[0].partitions: 2147483647 is more than 1000")
    );
    assert!(
        refused(r#"{"run_until_ms": 18446744073709551615}"#)
            .starts_with("run_until_ms: 18446744073709551615 is more than 2592000000")
    );
    assert!(
        refused(r#"{"network": {"latency_ms": 18446744073709551615}}"#)
            .starts_with("network.latency_ms: ")
    );
}

/// A program that would never stop running statements (a loop of 10^9 rounds that never
/// waits) is ended at the interpreter's limit, and the run is refused at its program's path.
#[test]
fn a_runaway_program_ends_the_run_with_an_error() {
    let json = r#"{"topics": [{"name": "t"}], "producers": [{"program": [
        {"for": {"count": 1000000000, "body": [{"poll": {"timeout_ms": 0}}]}}]}]}"#;
    let error = scenario::parse(json).unwrap().run().err().unwrap();
    assert_eq!(error.path, "producers[0].program");
    assert!(error.message.contains("2000000 instructions"), "{error}");
}

/// `Sim::limit_steps` stops `run_until` and `run_until_done` at the limit.
#[test]
fn a_run_stops_at_its_step_limit() {
    let json = std::fs::read_to_string(scenario_path("consumer_group_join_leave.json")).unwrap();
    let file = scenario::parse(&json).unwrap();
    let mut sim = Sim::new(file.scenario).unwrap();
    sim.limit_steps(50);
    sim.run_until(1_000_000);
    assert!(sim.out_of_steps());
    assert!(!sim.run_until_done(2_000_000));
    assert!(sim.now() < 1_000_000, "the clock stays at the last step");
}
